// Postings: compressed lists of (document, impact) pairs, one per term, and cursors that
// walk them with block skipping.
//
// A "document" here is any dense ordinal (rank/ uses expert ordinals); an impact is a
// quantised score contribution in 0..255. Most terms are rare (Vietnamese compounds with one
// to three postings), so the fixed cost per term matters as much as the cost per posting:
//
// All lists live in one byte stream, one record per term in term order; the directory keeps
// the stream offset of every kDirectorySample-th term and a lookup skips forward over at
// most kDirectorySample - 1 records. A record starts with a varint h, kind = h & 3 and
// size = h >> 2 (impact = h >> 2 for kSingle), then:
//   - kSingle (one posting, the commonest list): varint document. 2-4 bytes in all.
//   - kTiny (size <= kBlockSize, size 0 for empty lists): size varint gaps, then size impact
//     bytes. Chosen when smaller than kPacked.
//   - kPacked (size <= kBlockSize): varint data bytes, then one block's data (below); no
//     skip data: the cursor decodes the whole list when it is opened.
//   - kBlocks (size > kBlockSize): varint first block, varint data bytes, max impact byte,
//     then the data of each block of kBlockSize postings (the last may be shorter). Per
//     block, the index keeps the last document, the largest impact and the data offset apart
//     from the data, so a cursor can skip whole blocks (NextGEQ) and a top-k algorithm can
//     bound a block's contribution without decoding it (block-max indexes, Ding & Suel,
//     "Faster top-k document retrieval using block-max indexes", SIGIR 2011).
// A block's data: [gap k | impact k << 5][median impact] then, from the next byte on, the
// Rice codes (rice.h) of its gaps and then of its impacts' differences from the median
// (zigzag-coded: 0, -1, 1, -2, ... as 0, 1, 2, 3, ...), each with its k, chosen per block
// for the fewest bits; gap_i = doc_i - doc_{i-1} - 1 (doc_{-1} = last doc of the previous
// block, or -1). Rice codes pay for each gap's own size where bit packing pays for the
// block's widest one.
//
// Thread safety: a PostingIndex is immutable after PostingIndexBuilder::Build and may be
// shared between threads; a PostingCursor is a single-thread view.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ketnoi::index {

inline constexpr size_t kBlockSize = 128;
// The directory keeps the record offset of every kDirectorySample-th term.
inline constexpr uint32_t kDirectorySample = 32;
// Returned by PostingCursor::doc() once the list is exhausted.
inline constexpr uint32_t kEndDoc = 0xffffffffu;

class PostingIndex;

class PostingIndexBuilder {
 public:
  // Sets the list of `term`. REQUIRES: terms added in strictly increasing order (terms
  // skipped get empty lists); `docs` strictly increasing, each < kEndDoc;
  // impacts.size() == docs.size().
  void Add(uint32_t term, std::span<const uint32_t> docs, std::span<const uint8_t> impacts);

  // Makes room for about `postings` postings in `terms` lists, so that the index is not
  // copied as it grows (a capacity never used costs address space, not memory).
  void Reserve(uint64_t postings, uint64_t terms);

  // Finishes the index; terms never added have empty lists. The builder is left empty.
  PostingIndex Build();

 private:
  friend class PostingIndex;
  // Appends the record of an empty list for the next term.
  void AddEmpty();

  uint32_t num_terms_ = 0;
  uint64_t num_postings_ = 0;
  std::vector<uint8_t> data_;
  std::vector<uint64_t> directory_;  // Offset of term i * kDirectorySample's record.
  std::vector<uint32_t> block_last_;
  std::vector<uint32_t> block_offset_;  // Relative to the list's first block.
  std::vector<uint8_t> block_max_;
  std::vector<uint8_t> scratch_;  // One list's block data, reused from list to list.
};

class PostingIndex {
 public:
  PostingIndex() = default;

  size_t num_terms() const { return num_terms_; }
  // Number of postings of `term` (0 for terms beyond num_terms()).
  uint32_t size(uint32_t term) const;
  uint64_t num_postings() const { return num_postings_; }
  // Bytes of compressed data plus directory and block metadata (the skip data counts as
  // postings cost).
  uint64_t bytes() const;

 private:
  friend class PostingIndexBuilder;
  friend class PostingCursor;
  // The start of `term`'s record, or nullptr beyond num_terms().
  const uint8_t* Record(uint32_t term) const;

  uint32_t num_terms_ = 0;
  uint64_t num_postings_ = 0;
  std::vector<uint8_t> data_;  // Padded with kUnpackPadding bytes.
  std::vector<uint64_t> directory_;
  std::vector<uint32_t> block_last_;
  std::vector<uint32_t> block_offset_;
  std::vector<uint8_t> block_max_;
};

// Walks one list in increasing document order. Blocks are decoded lazily: documents when the
// cursor enters a block, impacts on the first impact() call in it. Lists of one block are
// decoded whole when the cursor is opened.
class PostingCursor {
 public:
  // An exhausted cursor (for unknown terms).
  PostingCursor() = default;
  // REQUIRES: `index` outlives the cursor.
  PostingCursor(const PostingIndex& index, uint32_t term);

  uint32_t doc() const { return doc_; }
  // Impact of the current posting. REQUIRES: doc() != kEndDoc.
  uint32_t impact() {
    if (!impacts_decoded_) DecodeImpacts();
    return impacts_[pos_];
  }
  uint32_t size() const { return size_; }
  uint32_t max_impact() const { return max_impact_; }

  void Next() {
    if (++pos_ < block_count_) {
      doc_ = docs_[pos_];
    } else {
      EnterBlock(block_ + 1);
    }
  }
  // Moves to the first posting with doc >= target (never backwards).
  void NextGEQ(uint32_t target);

  // Block metadata for block-max bounds. Blocks are numbered 0..num_blocks()-1 within the
  // list; current_block() is num_blocks() once exhausted.
  uint32_t num_blocks() const { return num_blocks_; }
  uint32_t current_block() const { return block_; }
  uint32_t block_last_doc(uint32_t block) const {
    return block_last_ != nullptr ? block_last_[block] : last_doc_;
  }
  uint8_t block_max_impact(uint32_t block) const {
    return block_max_ != nullptr ? block_max_[block] : static_cast<uint8_t>(max_impact_);
  }

 private:
  void EnterBlock(uint32_t block);
  // Decodes the block at `p` holding the postings after `previous` (kEndDoc for none).
  void DecodeBlock(const uint8_t* p, uint32_t previous);
  void DecodeImpacts();

  const uint8_t* data_ = nullptr;  // Start of this list's block data.
  // Null for lists of one block, whose metadata are last_doc_ and max_impact_.
  const uint32_t* block_last_ = nullptr;
  const uint32_t* block_offset_ = nullptr;
  const uint8_t* block_max_ = nullptr;
  uint32_t num_blocks_ = 0;
  uint32_t size_ = 0;
  uint32_t max_impact_ = 0;
  uint32_t last_doc_ = kEndDoc;

  uint32_t block_ = 0;
  uint32_t block_count_ = 0;  // Postings in the current block.
  uint32_t pos_ = 0;
  uint32_t doc_ = kEndDoc;
  bool impacts_decoded_ = false;
  const uint8_t* impact_data_ = nullptr;  // The block's codes; impacts from impact_bit_.
  size_t impact_bit_ = 0;
  int impact_k_ = 0;
  uint32_t impact_base_ = 0;  // The block's median impact.
  uint32_t docs_[kBlockSize];
  uint32_t impacts_[kBlockSize];
};

}  // namespace ketnoi::index
