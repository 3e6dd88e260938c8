// A bulk import killed part way: what it committed is whole, record by record, and importing
// the same batch again completes it. The import runs in a child process that is killed
// (SIGKILL) once its first commit is visible to another connection, as a crash would stop it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "import/identity.h"
#include "service/importer.h"
#include "storage/sqlite/sqlite_store.h"

namespace ketnoi::service {
using import::ImportBatch;
using import::ImportedAuthor;
using import::ImportedPerson;
using import::ImportedWork;
namespace {

constexpr int kPeople = 900;
constexpr int kWorks = 9000;  // With the people, more records than one commit takes.

// People P0..P899 and works of 1-4 of them, each with a DOI.
ImportBatch Batch() {
  ImportBatch batch;
  for (int p = 0; p < kPeople; ++p) {
    ImportedPerson person;
    person.source_id = "P" + std::to_string(p);
    person.full_name = "Lê Văn " + std::to_string(p) + " Sơn";
    person.country = "VN";
    batch.people.push_back(person);
  }
  std::mt19937 rng(5);
  for (int w = 0; w < kWorks; ++w) {
    ImportedWork work;
    work.title = "Salinity intrusion in the Mekong delta, site " + std::to_string(w);
    work.year = 2000 + w % 25;
    work.doi = "10.5555/crash." + std::to_string(w);
    work.abstract = "Measurements of salinity along the river, season " + std::to_string(w % 4);
    for (int a = 0, n = 1 + w % 4; a < n; ++a) {
      const int p = static_cast<int>(rng() % kPeople);
      ImportedAuthor author;
      author.name = batch.people[p].full_name;
      author.source_id = batch.people[p].source_id;
      work.authors.push_back(author);
    }
    batch.works.push_back(work);
  }
  batch.records_read = kPeople + kWorks;
  return batch;
}

int64_t CountWorks(const std::string& path) {
  sqlite3* db = nullptr;
  int64_t count = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 1000);
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM works", -1, &statement, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      count = sqlite3_column_int64(statement, 0);
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return count;
}

std::string IntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  std::string result = "cannot open";
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return result;
}

// Every stored work is whole: all its authors, each linked to the one expert of their source
// id, and its keys; no person is stored twice. *stored: the number of works stored.
void ExpectWholeRecords(storage::Store& store, Catalog& catalog, const ImportBatch& batch,
                        size_t* stored) {
  *stored = 0;
  auto works = ListAll<model::Work>(catalog, {});
  auto experts = ListAll<model::Expert>(catalog, {});
  ASSERT_TRUE(works.ok() && experts.ok());
  *stored = works->size();
  std::map<std::string, Id> expert_of_source;
  for (const ImportedPerson& person : batch.people) {
    auto id = store.FindExpertBySource("openalex", person.source_id);
    EXPECT_TRUE(id.ok());
    if (id.ok() && id->has_value()) expert_of_source[person.source_id] = **id;
  }
  EXPECT_EQ(expert_of_source.size(), experts->size()) << "an expert without their source";
  std::map<std::string, const ImportedWork*> by_doi;
  for (const ImportedWork& work : batch.works) by_doi[work.doi] = &work;
  for (const model::Work& work : *works) {
    SCOPED_TRACE(work.title);
    auto imported = by_doi.find(work.doi);
    ASSERT_NE(imported, by_doi.end());
    const ImportedWork& source = *imported->second;
    ASSERT_EQ(work.authors.size(), source.authors.size());
    for (size_t a = 0; a < work.authors.size(); ++a) {
      auto expert = expert_of_source.find(source.authors[a].source_id);
      ASSERT_NE(expert, expert_of_source.end()) << "a work stored before its author";
      EXPECT_EQ(work.authors[a].expert_id, expert->second);
    }
    for (const std::string& key : import::WorkKeys(source.doi, source.title, source.year)) {
      auto found = store.FindWorkByKey(key);
      ASSERT_TRUE(found.ok());
      EXPECT_EQ(found->value_or(0), work.id) << key;
    }
  }
}

TEST(ImporterCrashTest, AKilledImportLeavesWholeRecordsAndImportingAgainCompletesIt) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("ketnoi_crash_test_" + std::to_string(::getpid()) +
                                                "_" + std::to_string(std::random_device()()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "ketnoi.db").string();
  const ImportBatch batch = Batch();
  base::SystemClock clock;
  ASSERT_TRUE(storage::OpenSqliteStore(path, &clock).ok());  // Migrated before the child.

  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto store = storage::OpenSqliteStore(path, &clock);
    if (!store.ok()) ::_exit(1);
    Catalog catalog(store->get());
    Importer importer(&catalog, store->get());
    ::_exit(importer.Apply(batch, {.source = "openalex"}).ok() ? 0 : 1);
  }
  // Killed as soon as a first commit is visible, in the middle of the next one.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int64_t seen = 0;
  while (seen <= 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    seen = CountWorks(path);
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_GT(seen, 0) << "the import committed nothing within a minute";

  EXPECT_EQ(IntegrityCheck(path), "ok");
  {
    auto store = storage::OpenSqliteStore(path, &clock);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Catalog catalog(store->get());
    size_t stored = 0;
    ASSERT_NO_FATAL_FAILURE(ExpectWholeRecords(**store, catalog, batch, &stored));
    EXPECT_GE(stored, static_cast<size_t>(seen));

    Importer importer(&catalog, store->get());
    auto report = importer.Apply(batch, {.source = "openalex"});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(report->works_created, static_cast<int64_t>(kWorks - stored));
    EXPECT_TRUE(report->rejected.empty());
    size_t completed = 0;
    ASSERT_NO_FATAL_FAILURE(ExpectWholeRecords(**store, catalog, batch, &completed));
    EXPECT_EQ(completed, static_cast<size_t>(kWorks));
    EXPECT_EQ(ListAll<model::Expert>(catalog, {})->size(), static_cast<size_t>(kPeople));
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace
}  // namespace ketnoi::service
