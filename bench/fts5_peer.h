// SQLite FTS5 as a peer engine: a contentless FTS5 table (title, abstract) in a temporary
// database file, tokenised by 'porter unicode61 remove_diacritics 0' (English stemming,
// Vietnamese diacritics kept as Xapian keeps them), ranked by bm25(), OR query of the
// query's words. FTS5 keeps positions (detail=full): its bm25() needs term frequencies,
// which the other detail modes do not store.
//
// Thread safety: as PeerEngine; each searcher opens its own read-only connection.
#pragma once

#include <memory>

#include "base/result.h"
#include "bench/corpus.h"
#include "bench/peer.h"

namespace ketnoi::bench {

// A new, empty FTS5 peer for works of `corpus` (which must outlive it).
// Errors: Unavailable if the temporary folder or the database cannot be created.
base::Result<std::unique_ptr<PeerEngine>> NewFts5Peer(const CorpusGenerator& corpus);

}  // namespace ketnoi::bench
