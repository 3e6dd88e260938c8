#include "index/postings.h"

#include <algorithm>
#include <cassert>

#include "index/bitpack.h"

namespace ketnoi::index {
namespace {

// Record kinds, the low two bits of a record's first varint (see postings.h).
enum RecordKind : uint32_t { kTiny = 0, kPacked = 1, kBlocks = 2 };
// Set in a block's first byte when its impacts are stored minus a base byte.
constexpr uint8_t kImpactBase = 0x80;
constexpr uint8_t kDocBitsMask = 0x3f;

void PutVarint(uint64_t value, std::vector<uint8_t>* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<uint8_t>(value | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<uint8_t>(value));
}

size_t VarintBytes(uint64_t value) {
  size_t bytes = 1;
  for (; value >= 0x80; value >>= 7) ++bytes;
  return bytes;
}

uint64_t ReadVarint(const uint8_t*& p) {
  uint64_t value = *p & 0x7f;
  for (int shift = 7; *p++ & 0x80; shift += 7) value |= static_cast<uint64_t>(*p & 0x7f) << shift;
  return value;
}

// Appends one block's data for postings following document `previous` (-1 for none);
// returns the block's largest impact.
uint8_t AppendBlock(std::span<const uint32_t> docs, std::span<const uint8_t> impacts,
                    int64_t previous, std::vector<uint8_t>* out) {
  const size_t count = docs.size();
  uint32_t gaps[kBlockSize];
  uint32_t values[kBlockSize];
  uint32_t max_gap = 0;
  uint32_t max_impact = 0;
  uint32_t min_impact = 255;
  for (size_t i = 0; i < count; ++i) {
    assert(static_cast<int64_t>(docs[i]) > previous);
    gaps[i] = static_cast<uint32_t>(docs[i] - previous - 1);
    previous = docs[i];
    max_gap = std::max(max_gap, gaps[i]);
    max_impact = std::max<uint32_t>(max_impact, impacts[i]);
    min_impact = std::min<uint32_t>(min_impact, impacts[i]);
  }
  const int doc_bits = BitsNeeded(max_gap);
  int impact_bits = BitsNeeded(max_impact);
  uint32_t base = 0;
  // A base costs a byte; worth it only when it saves more.
  if (PackedBytes(count, impact_bits) >
      PackedBytes(count, BitsNeeded(max_impact - min_impact)) + 1) {
    base = min_impact;
    impact_bits = BitsNeeded(max_impact - min_impact);
  }
  for (size_t i = 0; i < count; ++i) values[i] = impacts[i] - base;
  const size_t start = out->size();
  const size_t header = base != 0 ? 3 : 2;
  out->resize(start + header + PackedBytes(count, doc_bits) + PackedBytes(count, impact_bits), 0);
  uint8_t* p = out->data() + start;
  p[0] = static_cast<uint8_t>(doc_bits | (base != 0 ? kImpactBase : 0));
  p[1] = static_cast<uint8_t>(impact_bits);
  if (base != 0) p[2] = static_cast<uint8_t>(base);
  p += header;
  p += PackBits(gaps, count, doc_bits, p);
  PackBits(values, count, impact_bits, p);
  return static_cast<uint8_t>(max_impact);
}

// Bytes of the block at `p` holding `count` postings.
size_t BlockBytes(const uint8_t* p, size_t count) {
  const size_t header = (p[0] & kImpactBase) != 0 ? 3 : 2;
  return header + PackedBytes(count, p[0] & kDocBitsMask) + PackedBytes(count, p[1]);
}

// The record after the one at `p`.
const uint8_t* SkipRecord(const uint8_t* p) {
  const uint64_t head = ReadVarint(p);
  const auto size = static_cast<size_t>(head >> 2);
  switch (head & 3) {
    case kTiny:
      for (size_t i = 0; i < size; ++i) {
        while (*p++ & 0x80) {
        }
      }
      return p + size;
    case kPacked:
      return p + BlockBytes(p, size);
    default: {
      ReadVarint(p);  // First block.
      const uint64_t bytes = ReadVarint(p);
      return p + 1 + bytes;
    }
  }
}

}  // namespace

void PostingIndexBuilder::AddEmpty() {
  if (num_terms_ % kDirectorySample == 0) directory_.push_back(data_.size());
  ++num_terms_;
  data_.push_back(0);  // A kTiny record of size 0.
}

void PostingIndexBuilder::Add(uint32_t term, std::span<const uint32_t> docs,
                              std::span<const uint8_t> impacts) {
  assert(docs.size() == impacts.size());
  assert(term >= num_terms_);
  while (num_terms_ < term) AddEmpty();
  if (docs.empty()) {
    AddEmpty();
    return;
  }
  if (num_terms_ % kDirectorySample == 0) directory_.push_back(data_.size());
  ++num_terms_;
  const size_t size = docs.size();
  num_postings_ += size;
  if (size <= kBlockSize) {
    // One block: varint-coded or bit-packed, whichever is smaller, with no skip data.
    std::vector<uint8_t> packed;
    AppendBlock(docs, impacts, -1, &packed);
    size_t tiny_bytes = size;
    int64_t previous = -1;
    for (uint32_t doc : docs) {
      tiny_bytes += VarintBytes(static_cast<uint64_t>(doc - previous - 1));
      previous = doc;
    }
    if (tiny_bytes <= packed.size()) {
      PutVarint(uint64_t{size} << 2 | kTiny, &data_);
      previous = -1;
      for (uint32_t doc : docs) {
        PutVarint(static_cast<uint64_t>(doc - previous - 1), &data_);
        previous = doc;
      }
      data_.insert(data_.end(), impacts.begin(), impacts.end());
    } else {
      PutVarint(uint64_t{size} << 2 | kPacked, &data_);
      data_.insert(data_.end(), packed.begin(), packed.end());
    }
    return;
  }
  std::vector<uint8_t> blocks;
  const auto first_block = static_cast<uint32_t>(block_last_.size());
  uint8_t max_impact = 0;
  int64_t previous = -1;
  for (size_t begin = 0; begin < size; begin += kBlockSize) {
    const size_t count = std::min(kBlockSize, size - begin);
    block_offset_.push_back(static_cast<uint32_t>(blocks.size()));
    const uint8_t block_max =
        AppendBlock(docs.subspan(begin, count), impacts.subspan(begin, count), previous, &blocks);
    previous = docs[begin + count - 1];
    block_last_.push_back(docs[begin + count - 1]);
    block_max_.push_back(block_max);
    max_impact = std::max(max_impact, block_max);
  }
  PutVarint(uint64_t{size} << 2 | kBlocks, &data_);
  PutVarint(first_block, &data_);
  PutVarint(blocks.size(), &data_);
  data_.push_back(max_impact);
  data_.insert(data_.end(), blocks.begin(), blocks.end());
}

PostingIndex PostingIndexBuilder::Build() {
  PostingIndex index;
  data_.resize(data_.size() + kUnpackPadding, 0);
  index.num_terms_ = num_terms_;
  index.num_postings_ = num_postings_;
  index.data_ = std::move(data_);
  index.directory_ = std::move(directory_);
  index.block_last_ = std::move(block_last_);
  index.block_offset_ = std::move(block_offset_);
  index.block_max_ = std::move(block_max_);
  *this = PostingIndexBuilder();
  return index;
}

const uint8_t* PostingIndex::Record(uint32_t term) const {
  if (term >= num_terms_) return nullptr;
  const uint8_t* p = data_.data() + directory_[term / kDirectorySample];
  for (uint32_t i = term % kDirectorySample; i > 0; --i) p = SkipRecord(p);
  return p;
}

uint32_t PostingIndex::size(uint32_t term) const {
  const uint8_t* p = Record(term);
  return p == nullptr ? 0 : static_cast<uint32_t>(ReadVarint(p) >> 2);
}

uint64_t PostingIndex::bytes() const {
  return data_.size() + directory_.size() * sizeof(uint64_t) +
         block_last_.size() * (sizeof(uint32_t) * 2 + 1);
}

PostingCursor::PostingCursor(const PostingIndex& index, uint32_t term) {
  const uint8_t* p = index.Record(term);
  if (p == nullptr) return;
  const uint64_t head = ReadVarint(p);
  const auto size = static_cast<uint32_t>(head >> 2);
  if (size == 0) return;
  size_ = size;
  if ((head & 3) == kBlocks) {
    const auto first_block = static_cast<uint32_t>(ReadVarint(p));
    ReadVarint(p);  // Data bytes.
    max_impact_ = *p++;
    data_ = p;
    block_last_ = index.block_last_.data() + first_block;
    block_offset_ = index.block_offset_.data() + first_block;
    block_max_ = index.block_max_.data() + first_block;
    num_blocks_ = static_cast<uint32_t>((size + kBlockSize - 1) / kBlockSize);
    EnterBlock(0);
    return;
  }
  // One block, decoded whole now: its bounds come from its values.
  num_blocks_ = 1;
  block_ = 0;
  block_count_ = size;
  if ((head & 3) == kTiny) {
    uint32_t previous = kEndDoc;  // kEndDoc + 1 == 0.
    for (uint32_t i = 0; i < size; ++i) {
      previous += 1 + static_cast<uint32_t>(ReadVarint(p));
      docs_[i] = previous;
    }
    for (uint32_t i = 0; i < size; ++i) impacts_[i] = p[i];
    pos_ = 0;
    doc_ = docs_[0];
    impacts_decoded_ = true;
  } else {
    DecodeBlock(p, kEndDoc);
    DecodeImpacts();
  }
  last_doc_ = docs_[size - 1];
  max_impact_ = *std::max_element(impacts_, impacts_ + size);
}

void PostingCursor::EnterBlock(uint32_t block) {
  block_ = block;
  if (block >= num_blocks_) {
    block_ = num_blocks_;
    block_count_ = 0;
    pos_ = 0;
    doc_ = kEndDoc;
    return;
  }
  block_count_ = block + 1 < num_blocks_ ? static_cast<uint32_t>(kBlockSize)
                                         : size_ - static_cast<uint32_t>(kBlockSize) * block;
  DecodeBlock(data_ + block_offset_[block], block == 0 ? kEndDoc : block_last_[block - 1]);
}

void PostingCursor::DecodeBlock(const uint8_t* p, uint32_t previous) {
  pos_ = 0;
  impacts_decoded_ = false;
  const int doc_bits = p[0] & kDocBitsMask;
  impact_bits_ = p[1];
  impact_base_ = 0;
  size_t header = 2;
  if ((p[0] & kImpactBase) != 0) {
    impact_base_ = p[2];
    header = 3;
  }
  UnpackBits(p + header, block_count_, doc_bits, docs_);
  impact_data_ = p + header + PackedBytes(block_count_, doc_bits);
  // Gaps to documents: prefix sum starting after the previous block's last document.
  for (uint32_t i = 0; i < block_count_; ++i) {
    previous = previous + 1 + docs_[i];
    docs_[i] = previous;
  }
  doc_ = docs_[0];
}

void PostingCursor::DecodeImpacts() {
  UnpackBits(impact_data_, block_count_, impact_bits_, impacts_);
  if (impact_base_ != 0) {
    for (uint32_t i = 0; i < block_count_; ++i) impacts_[i] += impact_base_;
  }
  impacts_decoded_ = true;
}

void PostingCursor::NextGEQ(uint32_t target) {
  if (doc_ >= target) return;
  if (block_last_doc(block_) < target) {
    uint32_t block = block_ + 1;
    while (block < num_blocks_ && block_last_doc(block) < target) ++block;
    EnterBlock(block);
    if (doc_ >= target) return;
  }
  // The target is inside the current block: its last document is >= target.
  while (docs_[pos_] < target) ++pos_;
  doc_ = docs_[pos_];
}

}  // namespace ketnoi::index
