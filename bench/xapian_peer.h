// Xapian 1.4 as a peer engine: glass databases in temporary folders (chunks of consecutive
// works built on each writer thread, merged into one by compaction), English stemming
// (TermGenerator, STEM_ALL), no positions, BM25Weight with Xapian's default parameters,
// and an OR query of the query's terms.
//
// Thread safety: as PeerEngine; each searcher opens its own read-only Database.
#pragma once

#include <memory>

#include "base/result.h"
#include "bench/corpus.h"
#include "bench/peer.h"

namespace ketnoi::bench {

// A new, empty Xapian peer for works of `corpus` (which must outlive it).
// Errors: Unavailable if the temporary folder or the database cannot be created.
base::Result<std::unique_ptr<PeerEngine>> NewXapianPeer(const CorpusGenerator& corpus);

}  // namespace ketnoi::bench
