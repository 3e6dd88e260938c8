// Postings: compressed lists of (document, impact) pairs, one per term, and cursors that
// walk them with block skipping.
//
// A "document" here is any dense ordinal (rank/ uses expert ordinals); an impact is a
// quantised score contribution in 0..255. Lists are cut into blocks of kBlockSize postings.
// Each block stores its document gaps and its impacts frame-of-reference bit-packed (width =
// bits of the largest value in the block). Per block, the index keeps the last document, the
// largest impact and the data offset apart from the data, so a cursor can skip whole blocks
// (NextGEQ) and a top-k algorithm can bound a block's contribution without decoding it
// (block-max indexes, Ding & Suel, "Faster top-k document retrieval using block-max
// indexes", SIGIR 2011).
//
// Layout of one block's data: [doc_bits:u8][impact_bits:u8][gaps packed][impacts packed],
// where gap_i = doc_i - doc_{i-1} - 1 (doc_{-1} = last doc of the previous block, or -1).
// The tail block uses the same coding with fewer values.
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
// Returned by PostingCursor::doc() once the list is exhausted.
inline constexpr uint32_t kEndDoc = 0xffffffffu;

class PostingIndex;

class PostingIndexBuilder {
 public:
  // Sets the list of `term`. REQUIRES: `docs` strictly increasing, each < kEndDoc;
  // impacts.size() == docs.size(); each term set at most once.
  void Add(uint32_t term, std::span<const uint32_t> docs, std::span<const uint8_t> impacts);

  // Finishes the index; terms never added have empty lists. The builder is left empty.
  PostingIndex Build();

 private:
  struct List {
    uint64_t data_offset = 0;
    uint32_t first_block = 0;
    uint32_t num_blocks = 0;
    uint32_t size = 0;
    uint8_t max_impact = 0;
  };
  friend class PostingIndex;
  std::vector<List> lists_;
  std::vector<uint8_t> data_;
  std::vector<uint32_t> block_last_;
  std::vector<uint32_t> block_offset_;  // Relative to the list's data_offset.
  std::vector<uint8_t> block_max_;
};

class PostingIndex {
 public:
  PostingIndex() = default;

  size_t num_terms() const { return lists_.size(); }
  // Number of postings of `term` (0 for terms beyond num_terms()).
  uint32_t size(uint32_t term) const { return term < lists_.size() ? lists_[term].size : 0; }
  uint8_t max_impact(uint32_t term) const {
    return term < lists_.size() ? lists_[term].max_impact : 0;
  }
  uint64_t num_postings() const { return num_postings_; }
  // Bytes of compressed data plus block metadata (the skip data counts as postings cost).
  uint64_t bytes() const;

 private:
  friend class PostingIndexBuilder;
  friend class PostingCursor;
  using List = PostingIndexBuilder::List;
  std::vector<List> lists_;
  std::vector<uint8_t> data_;  // Padded with kUnpackPadding bytes.
  std::vector<uint32_t> block_last_;
  std::vector<uint32_t> block_offset_;
  std::vector<uint8_t> block_max_;
  uint64_t num_postings_ = 0;
};

// Walks one list in increasing document order. Blocks are decoded lazily: documents when the
// cursor enters a block, impacts on the first impact() call in it.
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
  uint32_t block_last_doc(uint32_t block) const { return block_last_[block]; }
  uint8_t block_max_impact(uint32_t block) const { return block_max_[block]; }

 private:
  void EnterBlock(uint32_t block);
  void DecodeImpacts();

  const uint8_t* data_ = nullptr;  // Start of this list's data.
  const uint32_t* block_last_ = nullptr;
  const uint32_t* block_offset_ = nullptr;
  const uint8_t* block_max_ = nullptr;
  uint32_t num_blocks_ = 0;
  uint32_t size_ = 0;
  uint32_t max_impact_ = 0;

  uint32_t block_ = 0;
  uint32_t block_count_ = 0;  // Postings in the current block.
  uint32_t pos_ = 0;
  uint32_t doc_ = kEndDoc;
  bool impacts_decoded_ = false;
  const uint8_t* impact_data_ = nullptr;
  int impact_bits_ = 0;
  uint32_t docs_[kBlockSize];
  uint32_t impacts_[kBlockSize];
};

}  // namespace ketnoi::index
