// import_bench: bulk import speed of OpenAlex-style JSON lines into an empty SQLite
// database, on one thread: parsing alone (import::ParseOpenAlex), parsing and applying
// (service::Importer: identity resolution of the authors, work deduplication, one expert per
// author, per-record savepoints), and building the search index over the result
// (service::Matching::Build, as the server does at start). With --live, the import runs as
// the server's import route runs it: a Matching built over the empty database listens to
// the catalog and hears of the import's experts at its end (Catalog::Batched), so the apply
// stage includes keeping the index up to date. Prints a Markdown table.
//
// The plain baseline: the rows the import stored, read back and inserted as they are into
// another empty database of the same schema, with prepared INSERTs in one transaction
// (synchronous=FULL at its commit, as the import's end): what SQLite alone costs for the
// data, with no parsing, identity resolution, deduplication or index.
//
//   import_bench [--works N] [--authors N] [--seed S] [--db PATH] [--live]
//
// The lines are generated: fictional authors (Vietnamese, Japanese and English names) at
// fictional-sounding institutions with country codes, works of 2-6 of them with titles,
// keywords and abstracts as inverted indexes from a small topical vocabulary, DOIs on 80 %.
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "base/clock.h"
#include "import/openalex/openalex.h"
#include "model/json.h"
#include "service/catalog.h"
#include "service/importer.h"
#include "service/matching.h"
#include "storage/sqlite/sqlite_store.h"

namespace {

namespace model = ketnoi::model;

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU time of the whole process so far: on a shared machine it moves less than the wall
// clock, and the gap between the two is mostly waiting for the disk (fsync).
double CpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

struct Flags {
  int works = 20000;
  int authors = 4000;
  unsigned seed = 7;
  std::string db;
  bool live = false;
};

const std::vector<std::string> kFamilies = {"Nguyễn", "Trần",  "Lê",    "Phạm",  "Hoàng", "Vũ",
                                            "Đặng",   "Bùi",   "Đỗ",    "Ngô",   "Sato",  "Tanaka",
                                            "Suzuki", "Smith", "Brown", "Müller"};
const std::vector<std::string> kMiddles = {"Văn", "Thị", "Minh", "Quốc", "Thanh", "Hữu", "Đức"};
const std::vector<std::string> kGivens = {
    "An",   "Bình", "Cường",   "Dũng", "Hà",    "Hải",  "Hương",  "Khoa", "Lan",   "Long",
    "Mai",  "Nam",  "Ngọc",    "Phúc", "Quang", "Sơn",  "Tâm",    "Thảo", "Trang", "Tuấn",
    "Việt", "Yến",  "Hiroshi", "Yuki", "Kenji", "Emma", "Oliver", "Lukas"};
const std::vector<std::pair<std::string, std::string>> kInstitutions = {
    {"Hanoi Institute of Microelectronics", "VN"}, {"Saigon Polytechnic University", "VN"},
    {"Da Nang Institute of Materials", "VN"},      {"Kansai Institute of Technology", "JP"},
    {"Tohoku Robotics Laboratory", "JP"},          {"Midlands University of Science", "GB"},
    {"Bavaria Institute of Photonics", "DE"},      {"Pacific Northwest University", "US"},
    {"Seoul Institute of Batteries", "KR"},        {"Moravia Technical University", "CZ"}};
const std::vector<std::string> kWords = {
    "semiconductor", "wafer",      "lithography", "battery",  "cathode",   "electrolyte",
    "rice",          "irrigation", "salinity",    "mekong",   "delta",     "sensor",
    "network",       "learning",   "neural",      "vision",   "robot",     "control",
    "vaccine",       "protein",    "cancer",      "imaging",  "catalyst",  "hydrogen",
    "solar",         "grid",       "forecast",    "flood",    "concrete",  "bridge",
    "fiber",         "optical",    "antenna",     "radar",    "satellite", "5g",
    "cryptography",  "malware",    "blockchain",  "language", "speech",    "translation"};

struct Author {
  std::string id;
  std::string name;
  std::string orcid;
  size_t institution;
};

// A valid ORCID iD for `n` (ISO 7064 MOD 11-2 check digit).
std::string Orcid(uint64_t n) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%015llu", static_cast<unsigned long long>(n));
  int total = 0;
  for (int i = 0; i < 15; ++i) total = (total + (digits[i] - '0')) * 2;
  const int check = (12 - total % 11) % 11;
  std::string id(digits, 15);
  id.push_back(check == 10 ? 'X' : static_cast<char>('0' + check));
  return id.substr(0, 4) + "-" + id.substr(4, 4) + "-" + id.substr(8, 4) + "-" + id.substr(12);
}

std::string Lines(const Flags& flags, int* author_lines) {
  std::mt19937 rng(flags.seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  std::vector<Author> authors;
  for (int i = 0; i < flags.authors; ++i) {
    const std::string& family = kFamilies[pick(kFamilies.size())];
    const bool east = pick(10) < 7;
    std::string name =
        east ? family + " " + kMiddles[pick(kMiddles.size())] + " " + kGivens[pick(kGivens.size())]
             : kGivens[pick(kGivens.size())] + " " + family;
    authors.push_back({"A" + std::to_string(5000000000 + i), name,
                       pick(2) == 0 ? Orcid(1000000 + static_cast<uint64_t>(i)) : "",
                       pick(kInstitutions.size())});
  }
  std::string out;
  *author_lines = 0;
  for (const Author& a : authors) {
    const auto& [institution, country] = kInstitutions[a.institution];
    model::Json line = {
        {"id", "https://openalex.org/" + a.id},
        {"display_name", a.name},
        {"orcid", a.orcid.empty() ? model::Json() : model::Json("https://orcid.org/" + a.orcid)},
        {"last_known_institutions", {{{"display_name", institution}, {"country_code", country}}}}};
    out += line.dump() + "\n";
    ++*author_lines;
  }
  for (int w = 0; w < flags.works; ++w) {
    model::Json work;
    work["id"] = "https://openalex.org/W" + std::to_string(3000000000LL + w);
    std::string title;
    for (size_t i = 0, n = 6 + pick(8); i < n; ++i) {
      title += (i ? " " : "") + kWords[pick(kWords.size())];
    }
    work["title"] = title + " " + std::to_string(w);
    work["publication_year"] = 1995 + static_cast<int>(pick(31));
    if (pick(10) < 8) work["doi"] = "https://doi.org/10.5555/bench." + std::to_string(w);
    work["language"] = "en";
    work["type"] = "article";
    model::Json index = model::Json::object();
    for (int position = 0, n = 120 + static_cast<int>(pick(120)); position < n; ++position) {
      index[kWords[pick(kWords.size())]].push_back(position);
    }
    work["abstract_inverted_index"] = index;
    model::Json authorships = model::Json::array();
    for (size_t i = 0, n = 2 + pick(5); i < n; ++i) {
      const Author& a = authors[pick(authors.size())];
      authorships.push_back(
          {{"author", {{"id", "https://openalex.org/" + a.id}, {"display_name", a.name}}},
           {"institutions",
            {{{"display_name", kInstitutions[a.institution].first},
              {"country_code", kInstitutions[a.institution].second}}}},
           {"is_corresponding", i == 0}});
    }
    work["authorships"] = authorships;
    out += work.dump() + "\n";
  }
  return out;
}

// The tables an import writes, parents first.
constexpr const char* kImportTables[] = {
    "organizations",     "experts", "expert_affiliations", "expert_sources", "expert_names",
    "expert_name_words", "works",   "work_authors",        "work_keys",      "identity_reviews"};

using Cell = std::variant<std::monostate, int64_t, double, std::string>;
using Row = std::vector<Cell>;

bool Check(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return true;
  std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
  return false;
}

// Every row of `table` in `db`.
bool ReadRows(sqlite3* db, const std::string& table, std::vector<Row>* rows) {
  sqlite3_stmt* select = nullptr;
  if (!Check(sqlite3_prepare_v2(db, ("SELECT * FROM " + table).c_str(), -1, &select, nullptr), db,
             "reading the import")) {
    return false;
  }
  int rc = 0;
  while ((rc = sqlite3_step(select)) == SQLITE_ROW) {
    Row row;
    for (int i = 0, n = sqlite3_column_count(select); i < n; ++i) {
      switch (sqlite3_column_type(select, i)) {
        case SQLITE_INTEGER:
          row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(select, i)));
          break;
        case SQLITE_FLOAT:
          row.emplace_back(sqlite3_column_double(select, i));
          break;
        case SQLITE_NULL:
          row.emplace_back(std::monostate());
          break;
        default:
          row.emplace_back(
              std::string(reinterpret_cast<const char*>(sqlite3_column_text(select, i)),
                          static_cast<size_t>(sqlite3_column_bytes(select, i))));
      }
    }
    rows->push_back(std::move(row));
  }
  sqlite3_finalize(select);
  return Check(rc, db, "reading the import");
}

// The plain baseline (see the top of this file): seconds and CPU seconds to insert the rows
// of `from` into the empty database `to` (created with the store's schema); negative when
// something failed.
std::pair<double, double> PlainSqliteSeconds(const std::string& from, const std::string& to,
                                             const ketnoi::base::Clock* clock, size_t* rows_out) {
  if (!ketnoi::storage::OpenSqliteStore(to, clock).ok()) return {-1, -1};
  sqlite3* source = nullptr;
  sqlite3* target = nullptr;
  std::vector<std::pair<std::string, std::vector<Row>>> tables;
  bool ok = Check(sqlite3_open(from.c_str(), &source), source, "opening the import");
  for (const char* table : kImportTables) {
    if (!ok) break;
    tables.emplace_back(table, std::vector<Row>());
    ok = ReadRows(source, table, &tables.back().second);
    *rows_out += tables.back().second.size();
  }
  sqlite3_close(source);
  ok = ok && Check(sqlite3_open(to.c_str(), &target), target, "opening the baseline") &&
       Check(sqlite3_exec(target,
                          "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
                          "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; "
                          "PRAGMA cache_size = -32768;",
                          nullptr, nullptr, nullptr),
             target, "configuring the baseline");
  const Clock::time_point started = Clock::now();
  const double cpu_started = CpuSeconds();
  ok = ok && Check(sqlite3_exec(target, "BEGIN", nullptr, nullptr, nullptr), target, "BEGIN");
  for (const auto& [table, rows] : tables) {
    if (!ok || rows.empty()) continue;
    std::string sql = "INSERT INTO " + table + " VALUES (?";
    for (size_t i = 1; i < rows.front().size(); ++i) sql += ", ?";
    sql += ")";
    sqlite3_stmt* insert = nullptr;
    ok = Check(sqlite3_prepare_v2(target, sql.c_str(), -1, &insert, nullptr), target, "INSERT");
    for (size_t r = 0; ok && r < rows.size(); ++r) {
      for (size_t i = 0; i < rows[r].size(); ++i) {
        const int at = static_cast<int>(i) + 1;
        const Cell& cell = rows[r][i];
        if (const auto* n = std::get_if<int64_t>(&cell)) {
          sqlite3_bind_int64(insert, at, *n);
        } else if (const auto* d = std::get_if<double>(&cell)) {
          sqlite3_bind_double(insert, at, *d);
        } else if (const auto* text = std::get_if<std::string>(&cell)) {
          sqlite3_bind_text(insert, at, text->data(), static_cast<int>(text->size()),
                            SQLITE_STATIC);
        } else {
          sqlite3_bind_null(insert, at);
        }
      }
      ok = Check(sqlite3_step(insert), target, table.c_str());
      sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
  }
  ok = ok && Check(sqlite3_exec(target, "COMMIT", nullptr, nullptr, nullptr), target, "COMMIT");
  const std::pair<double, double> seconds = {Seconds(started), CpuSeconds() - cpu_started};
  sqlite3_close(target);
  return ok ? seconds : std::pair<double, double>{-1, -1};
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (std::strcmp(argv[i], "--works") == 0) {
      flags.works = std::stoi(next());
    } else if (std::strcmp(argv[i], "--authors") == 0) {
      flags.authors = std::stoi(next());
    } else if (std::strcmp(argv[i], "--seed") == 0) {
      flags.seed = static_cast<unsigned>(std::stoul(next()));
    } else if (std::strcmp(argv[i], "--db") == 0) {
      flags.db = next();
    } else if (std::strcmp(argv[i], "--live") == 0) {
      flags.live = true;
    } else {
      std::fprintf(stderr,
                   "usage: import_bench [--works N] [--authors N] [--seed S] [--db PATH] "
                   "[--live]\n");
      return 2;
    }
  }
  namespace fs = std::filesystem;
  const fs::path folder =
      fs::temp_directory_path() / ("ketnoi_import_bench_" + std::to_string(::getpid()));
  fs::create_directories(folder);
  const std::string db = flags.db.empty() ? (folder / "import.db").string() : flags.db;

  int author_lines = 0;
  const std::string lines = Lines(flags, &author_lines);
  std::fprintf(stderr, "generated %d author and %d work lines, %.1f MB\n", author_lines,
               flags.works, lines.size() / 1e6);

  auto started = Clock::now();
  double cpu_started = CpuSeconds();
  const ketnoi::import::ImportBatch batch = ketnoi::import::ParseOpenAlex(lines);
  const double parse_s = Seconds(started);
  const double parse_cpu_s = CpuSeconds() - cpu_started;

  ketnoi::base::SystemClock clock;
  auto store = ketnoi::storage::OpenSqliteStore(db, &clock);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  ketnoi::service::Catalog catalog(store->get());
  ketnoi::service::Importer importer(&catalog, store->get());
  ketnoi::rank::EngineOptions live_options;
  live_options.threads = 1;
  ketnoi::service::Matching live(&catalog, live_options);
  if (flags.live) {
    if (!live.Build().ok()) return 1;
    catalog.SetListener(&live);
  }
  started = Clock::now();
  cpu_started = CpuSeconds();
  // With --live, as the server imports: the index hears of the import's experts at its end.
  ketnoi::base::Result<ketnoi::service::ImportReport> report =
      ketnoi::base::Internal("import not run");
  catalog
      .Batched([&] {
        report = importer.Apply(batch, {.source = "openalex"});
        return report.status();
      })
      .IgnoreError();
  const double apply_s = Seconds(started);
  const double apply_cpu_s = CpuSeconds() - cpu_started;
  if (!report.ok()) {
    std::fprintf(stderr, "%s\n", report.status().ToString().c_str());
    return 1;
  }
  // Without --live, the index is built from the database afterwards, on its own.
  double index_s = 0;
  double index_cpu_s = 0;
  ketnoi::rank::BuildSeconds engine_s;
  if (!flags.live) {
    ketnoi::rank::EngineOptions engine_options;
    engine_options.threads = 1;
    ketnoi::service::Matching matching(&catalog, engine_options);
    started = Clock::now();
    cpu_started = CpuSeconds();
    const ketnoi::base::Status built = matching.Build();
    index_s = Seconds(started);
    index_cpu_s = CpuSeconds() - cpu_started;
    engine_s = matching.Stats().last_build;
    if (!built.ok()) {
      std::fprintf(stderr, "%s\n", built.ToString().c_str());
      return 1;
    }
  }

  // The baseline reads what the import committed; the store stays open, as a server's would.
  size_t baseline_rows = 0;
  const auto [plain_s, plain_cpu_s] =
      PlainSqliteSeconds(db, (folder / "plain.db").string(), &clock, &baseline_rows);
  if (plain_s < 0) return 1;

  const double works = flags.works;
  std::printf("## import_bench: %d OpenAlex work lines and %d author lines, one thread\n\n",
              flags.works, author_lines);
  std::printf("| stage | seconds | CPU seconds | works/s |\n|---|---:|---:|---:|\n");
  std::printf("| parse (ParseOpenAlex) | %.2f | %.2f | %.0f |\n", parse_s, parse_cpu_s,
              works / parse_s);
  if (flags.live) {
    std::printf(
        "| apply into empty SQLite, the index kept up to date as the server keeps it (Importer, "
        "Matching listening, 1 thread) | %.2f | %.2f | %.0f |\n",
        apply_s, apply_cpu_s, works / apply_s);
  } else {
    std::printf("| apply into empty SQLite (Importer) | %.2f | %.2f | %.0f |\n", apply_s,
                apply_cpu_s, works / apply_s);
    std::printf("| build the search index (Matching::Build, 1 thread) | %.2f | %.2f | %.0f |\n",
                index_s, index_cpu_s, works / index_s);
  }
  std::printf("| **total** | %.2f | %.2f | **%.0f** |\n", parse_s + apply_s + index_s,
              parse_cpu_s + apply_cpu_s + index_cpu_s, works / (parse_s + apply_s + index_s));
  std::printf(
      "| plain SQLite baseline: the %zu rows the import stored, inserted into an empty database "
      "(prepared INSERTs, one transaction) | %.2f | %.2f | %.0f |\n\n",
      baseline_rows, plain_s, plain_cpu_s, works / plain_s);
  if (!flags.live) {
    const double engine_total =
        engine_s.analysis + engine_s.latent + engine_s.records + engine_s.base;
    std::printf(
        "The index stage: %.2f s reading the store and making the engine's inputs, then the "
        "engine's build: analysis %.2f s, latent space %.2f s, fold-in and impacts %.2f s, "
        "postings %.2f s.\n",
        index_s - engine_total, engine_s.analysis, engine_s.latent, engine_s.records,
        engine_s.base);
  }
  std::printf("Apply takes %.1f× the plain baseline's time; the whole import %.1f×.\n",
              apply_s / plain_s, (parse_s + apply_s + index_s) / plain_s);
  std::printf(
      "Experts created %lld, merged %lld, queued for review %lld; works created %lld, "
      "rejected records %zu; database %.1f MB.\n",
      static_cast<long long>(report->created), static_cast<long long>(report->merged),
      static_cast<long long>(report->queued), static_cast<long long>(report->works_created),
      report->rejected.size(), fs::file_size(db) / 1e6);
  std::error_code ignored;
  fs::remove_all(folder, ignored);
  return 0;
}
