#include "storage/sqlite/migrations.h"

#include <array>
#include <string>

namespace ketnoi::storage::sqlite {
namespace {

using base::Result;
using base::Status;

// Version 1: the entities of docs/DATA.md.
//
// Why the schema looks the way it does:
// - Every column a Store filter uses (country, kind, status, language, group, chapter,
//   organization, author) is a real column or link table with an index; short lists nobody
//   filters on (languages, skills, keywords, products, ...) are JSON text.
// - Enums are stored by their wire names (model/enums.h), so the file reads like the API.
// - Absent optional references and ORCIDs are NULL, never 0 or '': NULL satisfies both the
//   FOREIGN KEY and the UNIQUE constraint.
// - ON DELETE CASCADE only where the Store contract says a delete also removes (an entity's
//   own child rows, memberships); author links are SET NULL so a work keeps its author list
//   when an expert leaves; every other reference is RESTRICT, and the store reports it as
//   FailedPrecondition after counting the referencing rows.
// - STRICT tables make SQLite reject a value of the wrong type instead of storing it.
// - Link tables keep a `position` so lists come back in the order they were written.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE organizations (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  name_en        TEXT NOT NULL,
  short_name     TEXT NOT NULL,
  kind           TEXT NOT NULL,
  country        TEXT NOT NULL,
  city           TEXT NOT NULL,
  website        TEXT NOT NULL,
  description_vi TEXT NOT NULL,
  description_en TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX organizations_country ON organizations (country);
CREATE INDEX organizations_kind ON organizations (kind);
CREATE INDEX organizations_name ON organizations (name);

CREATE TABLE taxonomy_versions (
  id             INTEGER PRIMARY KEY,
  code           TEXT NOT NULL UNIQUE,
  name_vi        TEXT NOT NULL,
  name_en        TEXT NOT NULL,
  issued_on      TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  status         TEXT NOT NULL,
  note_vi        TEXT NOT NULL,
  note_en        TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;

CREATE TABLE taxonomy_groups (
  id             INTEGER PRIMARY KEY,
  version_id     INTEGER NOT NULL REFERENCES taxonomy_versions (id) ON DELETE RESTRICT,
  number         INTEGER NOT NULL,
  name_vi        TEXT NOT NULL,
  name_en        TEXT NOT NULL,
  description_vi TEXT NOT NULL,
  description_en TEXT NOT NULL,
  provisional    INTEGER NOT NULL,
  products       TEXT NOT NULL,  -- JSON [{"vi": ..., "en": ...}]
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  UNIQUE (version_id, number)
) STRICT;

CREATE TABLE chapters (
  id                   INTEGER PRIMARY KEY,
  code                 TEXT NOT NULL UNIQUE,
  name_vi              TEXT NOT NULL,
  name_en              TEXT NOT NULL,
  status               TEXT NOT NULL,
  founded_on           TEXT NOT NULL,
  host_organization_id INTEGER REFERENCES organizations (id) ON DELETE RESTRICT,
  description_vi       TEXT NOT NULL,
  description_en       TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
) STRICT;
CREATE INDEX chapters_host_organization ON chapters (host_organization_id);

CREATE TABLE chapter_countries (
  chapter_id INTEGER NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  country    TEXT NOT NULL,
  PRIMARY KEY (chapter_id, position)
) STRICT;
CREATE INDEX chapter_countries_country ON chapter_countries (country, chapter_id);

CREATE TABLE experts (
  id                     INTEGER PRIMARY KEY,
  full_name              TEXT NOT NULL,
  name_ascii             TEXT NOT NULL COLLATE NOCASE,
  orcid                  TEXT UNIQUE,
  email                  TEXT NOT NULL,
  country                TEXT NOT NULL,
  city                   TEXT NOT NULL,
  background             TEXT NOT NULL,
  career_stage           TEXT NOT NULL,
  languages              TEXT NOT NULL,  -- JSON ["vi", "ja"]
  engagement_modes       TEXT NOT NULL,  -- JSON ["consulting"]
  availability           TEXT NOT NULL,  -- JSON [{"from", "to", "hours_per_month", "note"}]
  consent_contact        INTEGER NOT NULL,
  consent_public_profile INTEGER NOT NULL,
  bio_vi                 TEXT NOT NULL,
  bio_en                 TEXT NOT NULL,
  skills                 TEXT NOT NULL,  -- JSON ["analog IC design"]
  created_at             TEXT NOT NULL,
  updated_at             TEXT NOT NULL
) STRICT;
CREATE INDEX experts_country ON experts (country);
CREATE INDEX experts_name_ascii ON experts (name_ascii);
CREATE INDEX experts_full_name ON experts (full_name);
CREATE INDEX experts_updated_at ON experts (updated_at);

CREATE TABLE expert_affiliations (
  expert_id       INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
  title           TEXT NOT NULL,
  current         INTEGER NOT NULL,
  PRIMARY KEY (expert_id, position)
) STRICT;
CREATE INDEX expert_affiliations_organization ON expert_affiliations (organization_id, expert_id);

CREATE TABLE expert_groups (
  expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
  group_id  INTEGER NOT NULL REFERENCES taxonomy_groups (id) ON DELETE RESTRICT,
  position  INTEGER NOT NULL,
  PRIMARY KEY (expert_id, group_id)
) STRICT;
CREATE INDEX expert_groups_group ON expert_groups (group_id, expert_id);

CREATE TABLE memberships (
  chapter_id INTEGER NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,
  expert_id  INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
  role       TEXT NOT NULL,
  joined_on  TEXT NOT NULL,
  PRIMARY KEY (chapter_id, expert_id)
) STRICT;
CREATE INDEX memberships_expert ON memberships (expert_id, chapter_id);

CREATE TABLE works (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL,
  title      TEXT NOT NULL,
  abstract   TEXT NOT NULL,
  year       INTEGER NOT NULL,
  venue      TEXT NOT NULL,
  language   TEXT NOT NULL,
  doi        TEXT NOT NULL,
  url        TEXT NOT NULL,
  keywords   TEXT NOT NULL,  -- JSON ["SAR ADC"]
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX works_kind ON works (kind);
CREATE INDEX works_language ON works (language);
CREATE INDEX works_year ON works (year);
CREATE INDEX works_title ON works (title);

CREATE TABLE work_authors (
  work_id       INTEGER NOT NULL REFERENCES works (id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  name          TEXT NOT NULL,
  expert_id     INTEGER REFERENCES experts (id) ON DELETE SET NULL,
  corresponding INTEGER NOT NULL,
  PRIMARY KEY (work_id, position)
) STRICT;
CREATE INDEX work_authors_expert ON work_authors (expert_id, work_id);

CREATE TABLE problems (
  id              INTEGER PRIMARY KEY,
  title_vi        TEXT NOT NULL,
  title_en        TEXT NOT NULL,
  summary_vi      TEXT NOT NULL,
  summary_en      TEXT NOT NULL,
  description_vi  TEXT NOT NULL,
  description_en  TEXT NOT NULL,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
  skills          TEXT NOT NULL,  -- JSON [{"name", "level"}]
  deliverables    TEXT NOT NULL,  -- JSON ["..."]
  budget_amount   INTEGER NOT NULL,
  budget_currency TEXT NOT NULL,
  deadline        TEXT NOT NULL,
  engagement_mode TEXT NOT NULL,
  confidentiality TEXT NOT NULL,
  ip_terms        TEXT NOT NULL,
  trl_current     INTEGER,  -- Both NULL when the TRL is not stated.
  trl_target      INTEGER,
  status          TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX problems_organization ON problems (organization_id);
CREATE INDEX problems_status ON problems (status);
CREATE INDEX problems_deadline ON problems (deadline);
CREATE INDEX problems_updated_at ON problems (updated_at);

CREATE TABLE problem_groups (
  problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
  group_id   INTEGER NOT NULL REFERENCES taxonomy_groups (id) ON DELETE RESTRICT,
  position   INTEGER NOT NULL,
  PRIMARY KEY (problem_id, group_id)
) STRICT;
CREATE INDEX problem_groups_group ON problem_groups (group_id, problem_id);
)sql";

// Imports: curation of works per author, where imported experts came from, the other
// names they are known by, the keys that identify works, and the identity review queue.
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE work_authors ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE work_authors ADD COLUMN key_work INTEGER NOT NULL DEFAULT 0;

CREATE TABLE expert_sources (
  source    TEXT NOT NULL,  -- orcid, openalex, csv, bibtex
  source_id TEXT NOT NULL,  -- The record's key in that source.
  expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
  PRIMARY KEY (source, source_id)
) STRICT;
CREATE INDEX expert_sources_expert ON expert_sources (expert_id);

CREATE TABLE expert_names (
  expert_id  INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  name_ascii TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (expert_id, name)
) STRICT;

CREATE TABLE work_keys (
  key     TEXT PRIMARY KEY,  -- doi:<doi> or the normalised title and year.
  work_id INTEGER NOT NULL REFERENCES works (id) ON DELETE CASCADE
) STRICT;
CREATE INDEX work_keys_work ON work_keys (work_id);

CREATE TABLE identity_reviews (
  id           INTEGER PRIMARY KEY,
  expert_id    INTEGER REFERENCES experts (id) ON DELETE SET NULL,  -- Null once deleted.
  candidate_id INTEGER REFERENCES experts (id) ON DELETE SET NULL,
  name_match   TEXT NOT NULL,
  reasons      TEXT NOT NULL,  -- JSON ["same e-mail address"]
  status       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  decided_at   TEXT NOT NULL,
  UNIQUE (expert_id, candidate_id)
) STRICT;
CREATE INDEX identity_reviews_status ON identity_reviews (status, id);
)sql";

// Identity resolution looks experts up by the words of their names (FindExpertsByNameWords):
// each word of the lower-cased ASCII name and of every other name, split on spaces, with
// the expert it belongs to. The store rewrites an expert's words whenever their names
// change (sqlite_store.cc, IndexNameWords, with the same split as below); this fills the
// table for the experts already stored.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE expert_name_words (
  word      TEXT NOT NULL,
  expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
  PRIMARY KEY (word, expert_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX expert_name_words_expert ON expert_name_words (expert_id);

WITH RECURSIVE
  names (expert_id, rest) AS (
    SELECT id, lower(name_ascii) || ' ' FROM experts
    UNION ALL SELECT expert_id, lower(name_ascii) || ' ' FROM expert_names),
  split (expert_id, word, rest) AS (
    SELECT expert_id, '', rest FROM names
    UNION ALL SELECT expert_id, substr(rest, 1, instr(rest, ' ') - 1),
                     substr(rest, instr(rest, ' ') + 1)
    FROM split WHERE rest <> '')
INSERT OR IGNORE INTO expert_name_words (word, expert_id)
  SELECT word, expert_id FROM split WHERE word <> '';
)sql";

constexpr std::array<Migration, 3> kMigrations{{
    {1, "entities of docs/DATA.md", kSchemaV1},
    {2, "imports: curation, sources, other names, work keys, identity reviews", kSchemaV2},
    {3, "the words of experts' names, for identity resolution", kSchemaV3},
}};

Result<bool> TableExists(internal::Connection& db, std::string_view name) {
  ASSIGN_OR_RETURN(
      internal::Statement statement,
      db.Prepare("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1"));
  statement.BindText(1, name);
  ASSIGN_OR_RETURN(bool row, statement.Step());
  return row && statement.Int(0) > 0;
}

// Runs one migration and records it, all or nothing.
Status Apply(internal::Connection& db, const base::Clock& clock, const Migration& migration) {
  // IMMEDIATE takes the write lock up front, so two processes opening the same new file do
  // not both decide to apply the migration.
  RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  Status status = [&]() -> Status {
    ASSIGN_OR_RETURN(int64_t applied,
                     db.QueryInt("SELECT COUNT(*) FROM schema_migrations WHERE version = ?1",
                                 migration.version));
    if (applied > 0) return Status();  // Another process got there first.
    RETURN_IF_ERROR(db.Exec(std::string(migration.sql)));
    ASSIGN_OR_RETURN(internal::Statement record,
                     db.Prepare("INSERT INTO schema_migrations (version, applied_at) "
                                "VALUES (?1, ?2)"));
    record.BindInt(1, migration.version);
    record.BindText(2, base::FormatTimestamp(clock.NowSeconds()));
    RETURN_IF_ERROR(record.Run());
    return db.Exec("COMMIT");
  }();
  if (!status.ok() && db.InTransaction()) db.Exec("ROLLBACK").IgnoreError();
  return status;
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations.back().version; }

Result<int> AppliedSchemaVersion(internal::Connection& db) {
  ASSIGN_OR_RETURN(bool has_migrations, TableExists(db, "schema_migrations"));
  if (!has_migrations) {
    ASSIGN_OR_RETURN(int64_t tables,
                     db.QueryInt("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' "
                                 "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"));
    if (tables > 0) {
      return base::DataLoss(
          "the file is a SQLite database of another program: it has tables but no "
          "schema_migrations table");
    }
    return 0;
  }
  ASSIGN_OR_RETURN(int64_t version,
                   db.QueryInt("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return static_cast<int>(version);
}

Result<int> Migrate(internal::Connection& db, const base::Clock& clock,
                    std::span<const Migration> migrations) {
  ASSIGN_OR_RETURN(int version, AppliedSchemaVersion(db));
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (version > latest) {
    return base::FailedPrecondition("the database is at schema version " + std::to_string(version) +
                                    " but this program knows only " + std::to_string(latest) +
                                    "; upgrade KetNoi");
  }
  RETURN_IF_ERROR(
      db.Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
              "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT"));
  for (const Migration& migration : migrations) {
    if (migration.version <= version) continue;
    RETURN_IF_ERROR(Apply(db, clock, migration)
                        .WithContext("schema migration " + std::to_string(migration.version) +
                                     " (" + std::string(migration.description) + ")"));
    version = migration.version;
  }
  return version;
}

}  // namespace ketnoi::storage::sqlite
