// Loading a dataset — JSON files of organizations, taxonomy, chapters, experts, memberships,
// works and problems with dataset-local ids (docs/DATA.md) — into the Catalog. This is how
// `ketnoi demo` builds its database from data/demo/.
//
// Thread safety: LoadDataset uses the Catalog from the calling thread only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/chapter.h"
#include "model/expert.h"
#include "model/problem.h"
#include "model/work.h"
#include "service/catalog.h"

namespace ketnoi::service {

// One file of a dataset: its name (for error messages) and its contents.
struct DatasetFile {
  std::string name;
  std::string contents;
};

// How many entities of each collection were created, by collection name ("experts", ...).
using DatasetReport = std::map<std::string, int>;

// Loads every item of `files` in dependency order, mapping local ids to stored ids, all in
// one transaction: on any error nothing is stored. Returns the counts created.
// Errors: InvalidArgument naming the file, the item ("experts[12]") and the field, for
// malformed JSON, an unknown collection, a duplicate or unknown local id, or an invalid
// entity; AlreadyExists for a duplicate unique key; store errors as they come.
Result<DatasetReport> LoadDataset(Catalog& catalog, const std::vector<DatasetFile>& files);

// A dataset's experts, works, memberships and problems as entities that keep the dataset's
// local ids (in `id` and in every reference), for tools that use the data without storing
// it: the quality benchmark and the golden tests.
struct DatasetEntities {
  std::vector<model::Expert> experts;
  std::vector<model::Work> works;
  std::vector<model::Membership> memberships;
  std::vector<model::Problem> problems;
};

// Reads the entities of `files` (other collections are checked for well-formed JSON only).
// Errors: InvalidArgument naming the file, the item and the field, as LoadDataset.
Result<DatasetEntities> ReadDataset(const std::vector<DatasetFile>& files);

}  // namespace ketnoi::service
