#include "index/postings.h"

#include <algorithm>
#include <array>
#include <cassert>

#include "index/rice.h"

namespace ketnoi::index {
namespace {

// Record kinds, the low two bits of a record's first varint (see postings.h).
enum RecordKind : uint32_t { kTiny = 0, kPacked = 1, kBlocks = 2, kSingle = 3 };
// A block's header: gap Rice parameter | impact Rice parameter << 5, median impact.
constexpr size_t kBlockHeader = 2;

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

// Signed differences as unsigned values, small magnitudes first: 0, -1, 1, -2, 2, ...
uint32_t ZigZag(int32_t value) {
  return (static_cast<uint32_t>(value) << 1) ^ static_cast<uint32_t>(value >> 31);
}
int32_t UnZigZag(uint32_t value) {
  return static_cast<int32_t>(value >> 1) ^ -static_cast<int32_t>(value & 1);
}

// Appends one block's data for postings following document `previous` (-1 for none);
// returns the block's largest impact.
uint8_t AppendBlock(std::span<const uint32_t> docs, std::span<const uint8_t> impacts,
                    int64_t previous, std::vector<uint8_t>* out) {
  const size_t count = docs.size();
  uint32_t gaps[kBlockSize];  // The first `count` are used.
  uint32_t values[kBlockSize];
  for (size_t i = 0; i < count; ++i) {
    assert(static_cast<int64_t>(docs[i]) > previous);
    gaps[i] = static_cast<uint32_t>(docs[i] - previous - 1);
    previous = docs[i];
  }
  // Impacts are stored as their zigzag-coded differences from the block's median, which
  // minimises the sum of their magnitudes (impacts cluster around a typical value).
  // The median is the value of rank count / 2, read from the impacts' histogram.
  static_assert(kBlockSize < 256, "a block's counts fit in bytes");
  std::array<uint8_t, 256> histogram{};
  uint8_t max_impact = 0;
  for (uint8_t impact : impacts) {
    ++histogram[impact];
    max_impact = std::max(max_impact, impact);
  }
  uint8_t median = 0;
  for (size_t below = 0;; ++median) {
    below += histogram[median];
    if (below > count / 2) break;
  }
  for (size_t i = 0; i < count; ++i) values[i] = ZigZag(impacts[i] - median);
  const int gap_k = BestRiceParameter(gaps, count);
  // The impacts' k takes the header byte's high 3 bits; k = 7 leaves zigzag-coded values
  // (below 2^9) at most 3 bits of unary.
  const int impact_k = BestRiceParameter(values, count, 7);
  const size_t start = out->size();
  out->push_back(static_cast<uint8_t>(gap_k | impact_k << 5));
  out->push_back(median);
  // The codes, from bit 0 of the byte after the header.
  const size_t bit = RiceEncode(gaps, count, gap_k, (start + kBlockHeader) * 8, out);
  RiceEncode(values, count, impact_k, bit, out);
  return max_impact;
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
    case kPacked: {
      const uint64_t bytes = ReadVarint(p);
      return p + bytes;
    }
    case kSingle:
      ReadVarint(p);  // The document.
      return p;
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
  if (size == 1) {
    PutVarint(uint64_t{impacts[0]} << 2 | kSingle, &data_);
    PutVarint(docs[0], &data_);
    return;
  }
  if (size <= kBlockSize) {
    // One block: varint-coded or Rice-coded, whichever is smaller, with no skip data.
    std::vector<uint8_t>& packed = scratch_;
    packed.clear();
    AppendBlock(docs, impacts, -1, &packed);
    size_t tiny_bytes = size;
    int64_t previous = -1;
    for (uint32_t doc : docs) {
      tiny_bytes += VarintBytes(static_cast<uint64_t>(doc - previous - 1));
      previous = doc;
    }
    if (tiny_bytes <= packed.size() + VarintBytes(packed.size())) {
      PutVarint(uint64_t{size} << 2 | kTiny, &data_);
      previous = -1;
      for (uint32_t doc : docs) {
        PutVarint(static_cast<uint64_t>(doc - previous - 1), &data_);
        previous = doc;
      }
      data_.insert(data_.end(), impacts.begin(), impacts.end());
    } else {
      PutVarint(uint64_t{size} << 2 | kPacked, &data_);
      PutVarint(packed.size(), &data_);
      data_.insert(data_.end(), packed.begin(), packed.end());
    }
    return;
  }
  std::vector<uint8_t>& blocks = scratch_;
  blocks.clear();
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

void PostingIndexBuilder::Reserve(uint64_t postings, uint64_t terms) {
  // Compressed postings take 1.5 bytes or less each; a list's record a few bytes more.
  data_.reserve(postings * 2 + terms * 4 + kUnpackPadding);
  directory_.reserve(terms / kDirectorySample + 1);
  const uint64_t blocks = postings / kBlockSize + 1;
  block_last_.reserve(blocks);
  block_offset_.reserve(blocks);
  block_max_.reserve(blocks);
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
  if (p == nullptr) return 0;
  const uint64_t head = ReadVarint(p);
  return (head & 3) == kSingle ? 1 : static_cast<uint32_t>(head >> 2);
}

uint64_t PostingIndex::bytes() const {
  return data_.size() + directory_.size() * sizeof(uint64_t) +
         block_last_.size() * (sizeof(uint32_t) * 2 + 1);
}

PostingCursor::PostingCursor(const PostingIndex& index, uint32_t term) {
  const uint8_t* p = index.Record(term);
  if (p == nullptr) return;
  const uint64_t head = ReadVarint(p);
  if ((head & 3) == kSingle) {
    size_ = 1;
    num_blocks_ = 1;
    block_count_ = 1;
    docs_[0] = static_cast<uint32_t>(ReadVarint(p));
    impacts_[0] = static_cast<uint32_t>(head >> 2);
    doc_ = last_doc_ = docs_[0];
    max_impact_ = impacts_[0];
    impacts_decoded_ = true;
    return;
  }
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
    ReadVarint(p);  // Data bytes.
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
  impact_k_ = p[0] >> 5;
  impact_base_ = p[1];
  impact_data_ = p + kBlockHeader;
  impact_bit_ = RiceDecode(impact_data_, 0, block_count_, p[0] & 31, docs_);
  // Gaps to documents: prefix sum starting after the previous block's last document.
  for (uint32_t i = 0; i < block_count_; ++i) {
    previous = previous + 1 + docs_[i];
    docs_[i] = previous;
  }
  doc_ = docs_[0];
}

void PostingCursor::DecodeImpacts() {
  RiceDecode(impact_data_, impact_bit_, block_count_, impact_k_, impacts_);
  for (uint32_t i = 0; i < block_count_; ++i) {
    impacts_[i] = static_cast<uint32_t>(static_cast<int32_t>(impact_base_) + UnZigZag(impacts_[i]));
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
