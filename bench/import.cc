// import_bench: bulk import speed of OpenAlex-style JSON lines into an empty SQLite
// database, on one thread: parsing alone (import::ParseOpenAlex), parsing and applying
// (service::Importer: identity resolution of the authors, work deduplication, one expert per
// author, per-record savepoints), and building the search index over the result
// (service::Matching::Build, as the server does at start). With --live, the import runs as
// the server's import route runs it: a Matching built over the empty database listens to
// the catalog and hears of the import's experts at its end (Catalog::Batched), so the apply
// stage includes keeping the index up to date. Prints a Markdown table.
//
//   import_bench [--works N] [--authors N] [--seed S] [--db PATH] [--live]
//
// The lines are generated: fictional authors (Vietnamese, Japanese and English names) at
// fictional-sounding institutions with country codes, works of 2-6 of them with titles,
// keywords and abstracts as inverted indexes from a small topical vocabulary, DOIs on 80 %.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
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
  if (!flags.live) {
    ketnoi::rank::EngineOptions engine_options;
    engine_options.threads = 1;
    ketnoi::service::Matching matching(&catalog, engine_options);
    started = Clock::now();
    cpu_started = CpuSeconds();
    const ketnoi::base::Status built = matching.Build();
    index_s = Seconds(started);
    index_cpu_s = CpuSeconds() - cpu_started;
    if (!built.ok()) {
      std::fprintf(stderr, "%s\n", built.ToString().c_str());
      return 1;
    }
  }

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
  std::printf("| **total** | %.2f | %.2f | **%.0f** |\n\n", parse_s + apply_s + index_s,
              parse_cpu_s + apply_cpu_s + index_cpu_s, works / (parse_s + apply_s + index_s));
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
