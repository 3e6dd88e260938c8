#include "index/postings.h"

#include <algorithm>
#include <cassert>

#include "index/bitpack.h"

namespace ketnoi::index {

void PostingIndexBuilder::Add(uint32_t term, std::span<const uint32_t> docs,
                              std::span<const uint8_t> impacts) {
  assert(docs.size() == impacts.size());
  if (term >= lists_.size()) lists_.resize(term + 1);
  List& list = lists_[term];
  list.data_offset = data_.size();
  list.first_block = static_cast<uint32_t>(block_last_.size());
  list.size = static_cast<uint32_t>(docs.size());
  uint32_t gaps[kBlockSize];
  uint32_t values[kBlockSize];
  int64_t previous = -1;
  for (size_t begin = 0; begin < docs.size(); begin += kBlockSize) {
    const size_t count = std::min(kBlockSize, docs.size() - begin);
    uint32_t max_gap = 0;
    uint32_t max_impact = 0;
    for (size_t i = 0; i < count; ++i) {
      assert(static_cast<int64_t>(docs[begin + i]) > previous);
      gaps[i] = static_cast<uint32_t>(docs[begin + i] - previous - 1);
      previous = docs[begin + i];
      values[i] = impacts[begin + i];
      max_gap = std::max(max_gap, gaps[i]);
      max_impact = std::max(max_impact, values[i]);
    }
    const int doc_bits = BitsNeeded(max_gap);
    const int impact_bits = BitsNeeded(max_impact);
    block_last_.push_back(docs[begin + count - 1]);
    block_offset_.push_back(static_cast<uint32_t>(data_.size() - list.data_offset));
    block_max_.push_back(static_cast<uint8_t>(max_impact));
    list.max_impact = std::max<uint8_t>(list.max_impact, static_cast<uint8_t>(max_impact));
    const size_t start = data_.size();
    data_.resize(start + 2 + PackedBytes(count, doc_bits) + PackedBytes(count, impact_bits), 0);
    data_[start] = static_cast<uint8_t>(doc_bits);
    data_[start + 1] = static_cast<uint8_t>(impact_bits);
    size_t at = start + 2;
    at += PackBits(gaps, count, doc_bits, data_.data() + at);
    PackBits(values, count, impact_bits, data_.data() + at);
    ++list.num_blocks;
  }
}

PostingIndex PostingIndexBuilder::Build() {
  PostingIndex index;
  data_.resize(data_.size() + kUnpackPadding, 0);
  for (const List& list : lists_) index.num_postings_ += list.size;
  index.lists_ = std::move(lists_);
  index.data_ = std::move(data_);
  index.block_last_ = std::move(block_last_);
  index.block_offset_ = std::move(block_offset_);
  index.block_max_ = std::move(block_max_);
  *this = PostingIndexBuilder();
  return index;
}

uint64_t PostingIndex::bytes() const {
  return data_.size() + block_last_.size() * (sizeof(uint32_t) * 2 + 1) +
         lists_.size() * sizeof(List);
}

PostingCursor::PostingCursor(const PostingIndex& index, uint32_t term) {
  if (term >= index.lists_.size() || index.lists_[term].size == 0) return;
  const PostingIndex::List& list = index.lists_[term];
  data_ = index.data_.data() + list.data_offset;
  block_last_ = index.block_last_.data() + list.first_block;
  block_offset_ = index.block_offset_.data() + list.first_block;
  block_max_ = index.block_max_.data() + list.first_block;
  num_blocks_ = list.num_blocks;
  size_ = list.size;
  max_impact_ = list.max_impact;
  EnterBlock(0);
}

void PostingCursor::EnterBlock(uint32_t block) {
  block_ = block;
  pos_ = 0;
  impacts_decoded_ = false;
  if (block >= num_blocks_) {
    block_ = num_blocks_;
    block_count_ = 0;
    doc_ = kEndDoc;
    return;
  }
  block_count_ = block + 1 < num_blocks_ ? static_cast<uint32_t>(kBlockSize)
                                         : size_ - static_cast<uint32_t>(kBlockSize) * block;
  const uint8_t* p = data_ + block_offset_[block];
  const int doc_bits = p[0];
  impact_bits_ = p[1];
  UnpackBits(p + 2, block_count_, doc_bits, docs_);
  impact_data_ = p + 2 + PackedBytes(block_count_, doc_bits);
  // Gaps to documents: prefix sum starting after the previous block's last document.
  uint32_t previous = block == 0 ? kEndDoc : block_last_[block - 1];  // kEndDoc + 1 == 0.
  for (uint32_t i = 0; i < block_count_; ++i) {
    previous = previous + 1 + docs_[i];
    docs_[i] = previous;
  }
  doc_ = docs_[0];
}

void PostingCursor::DecodeImpacts() {
  UnpackBits(impact_data_, block_count_, impact_bits_, impacts_);
  impacts_decoded_ = true;
}

void PostingCursor::NextGEQ(uint32_t target) {
  if (doc_ >= target) return;
  if (block_last_[block_] < target) {
    uint32_t block = block_ + 1;
    while (block < num_blocks_ && block_last_[block] < target) ++block;
    EnterBlock(block);
    if (doc_ >= target) return;
  }
  // The target is inside the current block: its last document is >= target.
  while (docs_[pos_] < target) ++pos_;
  doc_ = docs_[pos_];
}

}  // namespace ketnoi::index
