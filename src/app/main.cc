// ketnoi: the program. Parses the command line, wires the store, the catalog and the HTTP
// server together, and runs the chosen subcommand. Configuration and wiring only: every
// behaviour lives in the modules.
#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "base/clock.h"
#include "base/logging.h"
#include "http/server.h"
#include "service/batch_scoring.h"
#include "service/catalog.h"
#include "service/dataset.h"
#include "service/export.h"
#include "service/import_formats.h"
#include "service/importer.h"
#include "service/matching.h"
#include "storage/sqlite/sqlite_store.h"
#include "text/glossary.h"

namespace ketnoi::app {
namespace {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

std::string EnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : std::move(fallback);
}

struct Options {
  std::string db = EnvOr("KETNOI_DB", "ketnoi.db");
  std::string demo_db = EnvOr("KETNOI_DEMO_DB", "ketnoi-demo.db");
  std::string listen = EnvOr("KETNOI_LISTEN", "127.0.0.1:8080");
  std::string log_level = EnvOr("KETNOI_LOG_LEVEL", "info");
  std::string web_root = EnvOr("KETNOI_WEB_ROOT", KETNOI_DEFAULT_WEB_ROOT);
  std::string demo_dir = EnvOr("KETNOI_DEMO_DIR", KETNOI_DEFAULT_DEMO_DIR);
  std::string glossary = EnvOr("KETNOI_GLOSSARY", KETNOI_DEFAULT_GLOSSARY);
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::Unavailable("cannot open " + path);
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return base::Unavailable("cannot read " + path);
  return contents.str();
}

// The glossary for query translation; none when `path` is empty.
Result<std::unique_ptr<text::Glossary>> LoadGlossary(const std::string& path) {
  if (path.empty()) return std::unique_ptr<text::Glossary>();
  ASSIGN_OR_RETURN(std::string tsv, ReadFile(path));
  auto glossary = text::Glossary::Parse(tsv);
  if (!glossary.ok()) return glossary.status().WithContext(path);
  return std::make_unique<text::Glossary>(std::move(glossary).value());
}

rank::EngineOptions EngineOptionsFor(const text::Glossary* glossary, const base::Clock& clock,
                                     int threads) {
  rank::EngineOptions options;
  options.glossary = glossary;
  options.current_year = std::stoi(base::FormatTimestamp(clock.NowSeconds()).substr(0, 4));
  options.threads = threads;
  return options;
}

Result<std::vector<service::DatasetFile>> ReadDataset(const std::string& dir) {
  std::error_code error;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".json") paths.push_back(entry.path());
  }
  if (error)
    return base::Unavailable("cannot read the dataset folder " + dir + ": " + error.message());
  std::sort(paths.begin(), paths.end());
  std::vector<service::DatasetFile> files;
  for (const fs::path& path : paths) {
    ASSIGN_OR_RETURN(std::string contents, ReadFile(path.string()));
    files.push_back({path.filename().string(), std::move(contents)});
  }
  if (files.empty()) return base::InvalidArgument("no .json files in " + dir, "data");
  return files;
}

// SIGINT and SIGTERM stop the server; SIGUSR1 wakes the signal thread when the server
// stopped for another reason.
sigset_t ShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);
  return signals;
}

// Serves `catalog` until SIGINT or SIGTERM. The signals are blocked in every thread and
// taken by sigwait on one thread, so stopping the server never runs in a signal handler.
Status Serve(service::Catalog& catalog, storage::Store& store, base::Logger& logger,
             const base::Clock& clock, const Options& options) {
  ASSIGN_OR_RETURN(auto address, http::ParseListenAddress(options.listen));
  ASSIGN_OR_RETURN(auto glossary, LoadGlossary(options.glossary));
  service::Matching matching(&catalog, EngineOptionsFor(glossary.get(), clock, 0));
  auto started = std::chrono::steady_clock::now();
  RETURN_IF_ERROR(matching.Build());
  rank::EngineStats stats = matching.Stats();
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  logger.Info("indexed " + std::to_string(stats.experts) + " experts and " +
              std::to_string(stats.works) + " works in " + std::to_string(elapsed.count()) + " ms");
  // From here on, every change through the catalog re-indexes the experts it affects.
  catalog.SetListener(&matching);
  // Imports through the API write through the catalog, so the engine sees them at once.
  service::Importer importer(&catalog, &store);
  http::HttpServer server(&catalog, &matching, &importer, &logger,
                          {.web_root = options.web_root,
                           .max_body_bytes = size_t{1} << 20,
                           .max_upload_bytes = size_t{64} << 20,
                           .version = KETNOI_VERSION});
  ASSIGN_OR_RETURN(int port, server.Bind(address.first, address.second));
  std::string shown_host = address.first == "0.0.0.0" ? "localhost" : address.first;
  std::printf("KetNoi is serving at http://%s:%d/ (Ctrl+C to stop)\n", shown_host.c_str(), port);
  std::fflush(stdout);

  sigset_t signals = ShutdownSignals();
  std::thread waiter([&] {
    int received = 0;
    sigwait(&signals, &received);
    if (received == SIGUSR1) return;  // Serve ended by itself; nothing to stop.
    logger.Info(std::string("received ") + (received == SIGINT ? "SIGINT" : "SIGTERM") +
                ", shutting down");
    server.Stop();
  });
  Status status = server.Serve();
  // If Serve ended by itself, wake the waiter so it can be joined.
  pthread_kill(waiter.native_handle(), SIGUSR1);
  waiter.join();
  catalog.SetListener(nullptr);
  logger.Info("stopped");
  return status;
}

Result<std::unique_ptr<storage::Store>> Open(const std::string& path, const base::Clock* clock,
                                             base::Logger& logger) {
  ASSIGN_OR_RETURN(auto store, storage::OpenSqliteStore(path, clock));
  ASSIGN_OR_RETURN(int version, store->SchemaVersion());
  logger.Info("opened " + path + " (schema version " + std::to_string(version) + ")");
  return store;
}

Status RunServe(const Options& options, base::Logger& logger, const base::Clock* clock) {
  ASSIGN_OR_RETURN(auto store, Open(options.db, clock, logger));
  service::Catalog catalog(store.get());
  return Serve(catalog, *store, logger, *clock, options);
}

Status RunDemo(const Options& options, base::Logger& logger, const base::Clock* clock) {
  ASSIGN_OR_RETURN(auto files, ReadDataset(options.demo_dir));
  // The demo database is rebuilt from scratch each time; it never holds anyone's work.
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ignored;
    fs::remove(options.demo_db + suffix, ignored);
  }
  ASSIGN_OR_RETURN(auto store, Open(options.demo_db, clock, logger));
  service::Catalog catalog(store.get());
  ASSIGN_OR_RETURN(service::DatasetReport report, service::LoadDataset(catalog, files));
  std::string summary = "loaded the demo dataset from " + options.demo_dir + ":";
  for (const auto& [collection, count] : report) {
    summary += " " + std::to_string(count) + " " + collection + ",";
  }
  summary.pop_back();
  logger.Info(summary);
  return Serve(catalog, *store, logger, *clock, options);
}

Status RunInit(const Options& options, base::Logger& logger, const base::Clock* clock) {
  bool existed = fs::exists(options.db);
  ASSIGN_OR_RETURN(auto store, Open(options.db, clock, logger));
  ASSIGN_OR_RETURN(int version, store->SchemaVersion());
  std::printf("%s %s (schema version %d)\n",
              existed ? "up to date:" : "created:", options.db.c_str(), version);
  return Status::Ok();
}

struct ImportCliOptions {
  std::string format;
  std::vector<std::string> files;
  bool dry_run = false;
  int64_t expert_id = 0;
  std::string kind = "experts";
  std::string mapping;
  bool json = false;
};

// Exit status of an import that completed but rejected records (0: none rejected).
constexpr int kExitSomeRejected = 3;

void PrintRecords(const char* what, const std::vector<import::Rejected>& records) {
  if (records.empty()) return;
  std::printf("%s (%zu):\n", what, records.size());
  for (const import::Rejected& r : records) {
    std::printf("  %s:%lld (byte %lld): %s\n", r.location.file.c_str(),
                static_cast<long long>(r.location.line), static_cast<long long>(r.location.offset),
                r.reason.c_str());
  }
}

void PrintReport(const service::ImportReport& r) {
  std::printf("records read: %lld\n", static_cast<long long>(r.records_read));
  std::printf(
      "experts: %lld created, %lld updated, %lld unchanged, %lld merged by identity "
      "resolution, %lld queued for review\n",
      static_cast<long long>(r.created), static_cast<long long>(r.updated),
      static_cast<long long>(r.unchanged), static_cast<long long>(r.merged),
      static_cast<long long>(r.queued));
  std::printf("works: %lld created, %lld updated, %lld unchanged\n",
              static_cast<long long>(r.works_created), static_cast<long long>(r.works_updated),
              static_cast<long long>(r.works_unchanged));
  PrintRecords("rejected", r.rejected);
  PrintRecords("warnings", r.warnings);
  if (r.dry_run) std::printf("dry run: nothing was written\n");
}

// `ketnoi import`: reads each file with the format's parser and applies it to the database.
// A file that cannot be read at all is reported and the others are still imported.
Result<int> RunImport(const ImportCliOptions& cli, const Options& options, base::Logger& logger,
                      const base::Clock* clock) {
  ASSIGN_OR_RETURN(auto store, Open(options.db, clock, logger));
  service::Catalog catalog(store.get());
  service::Importer importer(&catalog, store.get());
  std::string mapping = cli.mapping;
  if (!mapping.empty() && fs::is_regular_file(mapping)) {
    ASSIGN_OR_RETURN(mapping, ReadFile(mapping));
  }
  service::ImportReport total;
  total.dry_run = cli.dry_run;
  for (const std::string& path : cli.files) {
    ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
    auto batch = service::ParseImportFile({.format = cli.format,
                                           .name = path,
                                           .bytes = bytes,
                                           .csv_kind = cli.kind,
                                           .csv_mapping = mapping});
    if (!batch.ok()) {
      if (batch.status().field() == "format" || batch.status().field() == "kind" ||
          batch.status().field() == "mapping") {
        return std::move(batch).status();  // The command is wrong, not the file.
      }
      total.rejected.push_back({{.file = path}, batch.status().message()});
      continue;
    }
    ASSIGN_OR_RETURN(
        service::ImportReport report,
        importer.Apply(*batch,
                       {.source = cli.format, .dry_run = cli.dry_run, .expert_id = cli.expert_id}));
    service::AddReport(report, &total);
  }
  if (cli.json) {
    std::printf("%s\n", service::ImportReportJson(total).dump(2).c_str());
  } else {
    PrintReport(total);
  }
  return total.rejected.empty() ? 0 : kExitSomeRejected;
}

struct ExportCliOptions {
  std::string what;
  std::string format = "csv";
  std::string output;
};

// `ketnoi export`: the registry's experts or works as CSV or JSON, to a file or stdout.
Status RunExport(const ExportCliOptions& cli, const Options& options, base::Logger& logger,
                 const base::Clock* clock) {
  ASSIGN_OR_RETURN(auto store, Open(options.db, clock, logger));
  service::Catalog catalog(store.get());
  const service::ExportFormat format =
      cli.format == "json" ? service::ExportFormat::kJson : service::ExportFormat::kCsv;
  ASSIGN_OR_RETURN(std::string data, cli.what == "experts" ? service::ExportExperts(catalog, format)
                                                           : service::ExportWorks(catalog, format));
  if (cli.output.empty()) {
    std::fwrite(data.data(), 1, data.size(), stdout);
    return Status::Ok();
  }
  std::ofstream out(cli.output, std::ios::binary);
  out << data;
  out.close();
  if (!out) return base::Unavailable("cannot write " + cli.output);
  return Status::Ok();
}

struct ScoreOptions {
  std::string profiles;
  std::string queries;
  std::string pairs;
  int top = 10;
  int threads = 0;
};

void ReportLineErrors(const std::string& file, const std::vector<service::LineError>& errors) {
  for (const service::LineError& error : errors) {
    std::fprintf(stderr, "%s:%d: %s (line skipped)\n", file.c_str(), error.line,
                 error.message.c_str());
  }
}

// `ketnoi score`: scores without a database, for evaluation and batch work.
Status RunScore(const ScoreOptions& score, const Options& options, const base::Clock& clock) {
  ASSIGN_OR_RETURN(std::string profiles_text, ReadFile(score.profiles));
  ASSIGN_OR_RETURN(std::string queries_text, ReadFile(score.queries));
  service::Profiles profiles = service::ParseProfiles(profiles_text);
  ReportLineErrors(score.profiles, profiles.errors);
  service::Queries queries = service::ParseQueries(queries_text);
  ReportLineErrors(score.queries, queries.errors);
  service::Pairs pairs;
  service::BatchOptions batch{.top_k = score.top, .pairs = nullptr};
  if (!score.pairs.empty()) {
    ASSIGN_OR_RETURN(std::string pairs_text, ReadFile(score.pairs));
    pairs = service::ParsePairs(pairs_text);
    ReportLineErrors(score.pairs, pairs.errors);
    batch.pairs = &pairs;
  }
  ASSIGN_OR_RETURN(auto glossary, LoadGlossary(options.glossary));
  std::vector<service::LineError> pair_errors;
  RETURN_IF_ERROR(service::RunBatchScoring(profiles, queries, batch,
                                           EngineOptionsFor(glossary.get(), clock, score.threads),
                                           std::cout, &pair_errors));
  ReportLineErrors(score.pairs, pair_errors);
  std::cout.flush();
  return Status::Ok();
}

int Main(int argc, char** argv) {
  // Block the shutdown signals before any thread starts, so all threads inherit the mask.
  sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Options options;
  CLI::App app{
      "KetNoi: connects experts with the technology problems Vietnamese organisations "
      "commission."};
  app.require_subcommand(1);
  app.add_option("--log-level", options.log_level, "debug, info, warning, error or off")
      ->envname("KETNOI_LOG_LEVEL")
      ->capture_default_str();

  auto add_db = [&](CLI::App* command) {
    command->add_option("--db", options.db, "SQLite database file")
        ->envname("KETNOI_DB")
        ->capture_default_str();
  };
  auto add_server = [&](CLI::App* command) {
    command->add_option("--listen", options.listen, "HOST:PORT to serve on (port 0: any free)")
        ->envname("KETNOI_LISTEN")
        ->capture_default_str();
    command->add_option("--web-root", options.web_root, "folder of the web UI's files")
        ->envname("KETNOI_WEB_ROOT")
        ->capture_default_str();
    command
        ->add_option("--glossary", options.glossary,
                     "technical glossary (TSV) for translating queries; empty for none")
        ->envname("KETNOI_GLOSSARY")
        ->capture_default_str();
  };

  CLI::App* serve = app.add_subcommand("serve", "Serve the JSON API and the web UI");
  add_db(serve);
  add_server(serve);

  CLI::App* demo = app.add_subcommand(
      "demo", "Create a fresh database from the demo dataset (replacing the file), then serve it");
  demo->add_option("--db", options.demo_db, "database file to (re)create for the demo")
      ->envname("KETNOI_DEMO_DB")
      ->capture_default_str();
  demo->add_option("--data", options.demo_dir, "folder of the dataset's JSON files")
      ->envname("KETNOI_DEMO_DIR")
      ->capture_default_str();
  add_server(demo);

  CLI::App* init = app.add_subcommand("init", "Create an empty database, or bring one up to date");
  add_db(init);

  ScoreOptions score_options;
  CLI::App* score = app.add_subcommand(
      "score", "Score experts for problems without a database (TSV: query, expert, score)");
  score->add_option("--profiles", score_options.profiles, "experts as JSON lines")
      ->required()
      ->check(CLI::ExistingFile);
  score->add_option("--queries", score_options.queries, "problems as JSON lines")
      ->required()
      ->check(CLI::ExistingFile);
  auto* pairs_option =
      score->add_option("--pairs", score_options.pairs, "score only these query<TAB>expert pairs")
          ->check(CLI::ExistingFile);
  score->add_option("--top", score_options.top, "experts per query when no --pairs")
      ->check(CLI::Range(1, 1000))
      ->excludes(pairs_option)
      ->capture_default_str();
  score->add_option("--threads", score_options.threads, "indexing threads (0: all cores)")
      ->capture_default_str();
  score->add_option("--glossary", options.glossary, "technical glossary (TSV); empty for none")
      ->envname("KETNOI_GLOSSARY")
      ->capture_default_str();

  ImportCliOptions import_options;
  CLI::App* import_command = app.add_subcommand(
      "import", "Import experts and works from ORCID, BibTeX, CSV or OpenAlex files");
  add_db(import_command);
  import_command->add_option("format", import_options.format, "orcid, bibtex, csv or openalex")
      ->required()
      ->check(CLI::IsMember({"orcid", "bibtex", "csv", "openalex"}));
  import_command->add_option("files", import_options.files, "files to import")
      ->required()
      ->check(CLI::ExistingFile);
  import_command->add_flag("--dry-run", import_options.dry_run,
                           "read and decide everything, write nothing");
  import_command->add_option("--expert", import_options.expert_id,
                             "the expert whose works these are (BibTeX lists, works CSV)");
  import_command->add_option("--kind", import_options.kind, "csv: experts or works")
      ->check(CLI::IsMember({"experts", "works"}))
      ->capture_default_str();
  import_command->add_option("--mapping", import_options.mapping,
                             "csv: a mapping file, or \"field=Header,field=Header\"");
  import_command->add_flag("--json", import_options.json, "print the report as JSON");

  ExportCliOptions export_options;
  CLI::App* export_command =
      app.add_subcommand("export", "Export the registry's experts or works as CSV or JSON");
  add_db(export_command);
  export_command->add_option("what", export_options.what, "experts or works")
      ->required()
      ->check(CLI::IsMember({"experts", "works"}));
  export_command->add_option("--format", export_options.format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  export_command->add_option("--output", export_options.output, "file to write (default stdout)");

  CLI::App* version = app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }

  if (version->parsed()) {
    std::printf("ketnoi %s\n", KETNOI_VERSION);
    return 0;
  }
  auto level = base::ParseLogLevel(options.log_level);
  if (!level.ok()) {
    std::fprintf(stderr, "ketnoi: %s\n", level.status().ToString().c_str());
    return 2;
  }
  base::Logger logger(*level);
  base::SystemClock clock;
  Status status;
  if (serve->parsed()) status = RunServe(options, logger, &clock);
  if (demo->parsed()) status = RunDemo(options, logger, &clock);
  if (init->parsed()) status = RunInit(options, logger, &clock);
  if (score->parsed()) status = RunScore(score_options, options, clock);
  if (export_command->parsed()) status = RunExport(export_options, options, logger, &clock);
  int exit_code = 0;
  if (import_command->parsed()) {
    auto result = RunImport(import_options, options, logger, &clock);
    if (result.ok()) exit_code = *result;
    status = result.ok() ? Status::Ok() : std::move(result).status();
  }
  if (!status.ok()) {
    std::fprintf(stderr, "ketnoi: %s\n", status.ToString().c_str());
    return status.code() == base::StatusCode::kInvalidArgument ? 2 : 1;
  }
  return exit_code;
}

}  // namespace
}  // namespace ketnoi::app

int main(int argc, char** argv) { return ketnoi::app::Main(argc, argv); }
