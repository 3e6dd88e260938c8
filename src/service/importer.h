// Importer: turns what an import parser read (import::ImportBatch) into registry experts and
// works, one person per expert however many sources mention them.
//
// For each imported person, in order of certainty:
//   1. the record was imported before (same source and key): that expert;
//   2. an expert has the same ORCID iD: that expert;
//   3. identity resolution (import/identity.h) against the experts whose names share a
//      family-name word: a confident match (kSame) is that expert; doubtful ones
//      (kReview) create a new expert and put each pair in the review queue, where a
//      coordinator merges them or keeps them apart (Merge, KeepApart);
//   4. otherwise a new expert.
// An existing expert is completed, never overwritten: empty fields are filled, new skills,
// names and affiliations added. Works are found by DOI or by normalised title and year
// (work_keys), completed the same way, and linked to the person; the expert's curation of a
// work (hidden, key) is never touched, so re-importing a file changes nothing.
//
// Each person with their works, and each work on its own, is written in one transaction (a
// commit of up to 8192 records or a quarter of a second, the records of a commit applied
// again one savepoint each when one fails): a record is stored whole or not at all, and a
// bad record does not stop the others (it is reported with its location and the reason).
// Apply returns once everything it reports is committed and on the disk. A dry run reads
// and decides everything and writes nothing.
//
// Thread safety: one import at a time per Importer (it is cheap to create one per request);
// the Catalog and Store are shared safely.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "import/records.h"
#include "model/review.h"
#include "service/catalog.h"
#include "storage/store.h"

namespace ketnoi::service {

struct ImportOptions {
  std::string source;  // "orcid", "bibtex", "csv", "openalex": the sources' key space.
  bool dry_run = false;
  // Works not attached to a person (a BibTeX file, a works CSV) are this expert's: the
  // author whose name agrees with theirs is linked to them. 0: link authors only by
  // their ORCID iD or source id.
  Id expert_id = 0;
};

struct ImportReport {
  // The counters below, as one value (to undo what a failed record added).
  struct Counts {
    int64_t created, updated, unchanged, merged, queued, works_created, works_updated,
        works_unchanged;
  };
  Counts counts() const {
    return {created, updated,       unchanged,     merged,
            queued,  works_created, works_updated, works_unchanged};
  }
  void set_counts(const Counts& c) {
    created = c.created;
    updated = c.updated;
    unchanged = c.unchanged;
    merged = c.merged;
    queued = c.queued;
    works_created = c.works_created;
    works_updated = c.works_updated;
    works_unchanged = c.works_unchanged;
  }

  int64_t records_read = 0;
  int64_t created = 0;    // New experts.
  int64_t updated = 0;    // Existing experts completed.
  int64_t unchanged = 0;  // Existing experts that the import had nothing new for.
  int64_t merged = 0;     // Matched to an existing expert by identity resolution.
  int64_t queued = 0;     // Pairs put in the review queue.
  int64_t works_created = 0;
  int64_t works_updated = 0;
  int64_t works_unchanged = 0;
  std::vector<import::Rejected> rejected;  // Parser rejections and records not stored.
  std::vector<import::Rejected> warnings;
  bool dry_run = false;
};

class Importer {
 public:
  // REQUIRES: both outlive the Importer; `catalog` wraps `store`.
  Importer(Catalog* catalog, storage::Store* store) : catalog_(catalog), store_(store) {}

  // Applies `batch`. Errors: only those that stop the whole import (the store failing);
  // a record's own problems are in the report.
  Result<ImportReport> Apply(const import::ImportBatch& batch, const ImportOptions& options);

  // The review queue. Merge makes the candidate part of the expert (Store::MergeExperts)
  // and closes the review; KeepApart closes it. Errors: NotFound; FailedPrecondition for a
  // decided review.
  Result<ListResult<model::IdentityReview>> ListReviews(std::optional<model::ReviewStatus> status,
                                                        const Page& page);
  Result<model::IdentityReview> Merge(Id review_id);
  Result<model::IdentityReview> KeepApart(Id review_id);

 private:
  struct Run;

  Catalog* catalog_;
  storage::Store* store_;
};

}  // namespace ketnoi::service
