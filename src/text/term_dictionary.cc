#include "text/term_dictionary.h"

#include <atomic>
#include <utility>

namespace ketnoi::text {

namespace {
constexpr size_t kInitialSlots = 1024;
// How many terms ahead InternAll prefetches: enough to cover a memory access.
constexpr size_t kPrefetchDistance = 16;

uint64_t NextSerial() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

TermDictionary::TermDictionary()
    : slots_(kInitialSlots), mask_(kInitialSlots - 1), serial_(NextSerial()) {}

TermDictionary::TermDictionary(const TermDictionary& other)
    : bytes_(other.bytes_),
      ends_(other.ends_),
      slots_(other.slots_),
      mask_(other.mask_),
      serial_(NextSerial()) {}

TermDictionary::TermDictionary(TermDictionary&& other) noexcept
    : bytes_(std::move(other.bytes_)),
      ends_(std::move(other.ends_)),
      slots_(std::move(other.slots_)),
      mask_(other.mask_),
      serial_(other.serial_) {
  other.Clear();
}

TermDictionary& TermDictionary::operator=(const TermDictionary& other) {
  if (this != &other) *this = TermDictionary(other);
  return *this;
}

TermDictionary& TermDictionary::operator=(TermDictionary&& other) noexcept {
  if (this == &other) return *this;
  bytes_ = std::move(other.bytes_);
  ends_ = std::move(other.ends_);
  slots_ = std::move(other.slots_);
  mask_ = other.mask_;
  serial_ = other.serial_;
  other.Clear();
  return *this;
}

void TermDictionary::Clear() {
  bytes_.clear();
  ends_.clear();
  slots_.assign(kInitialSlots, Slot{});
  mask_ = kInitialSlots - 1;
  serial_ = NextSerial();
}

uint32_t TermDictionary::Intern(std::string_view term, uint64_t hash) {
  const Key key = KeyOf(term);
  for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    Slot& slot = slots_[i];
    if (slot.id == kNotFound) {
      const auto id = static_cast<uint32_t>(ends_.size());
      slot = {key.low, key.high, id};
      bytes_.append(term);
      ends_.push_back(static_cast<uint32_t>(bytes_.size()));
      if (ends_.size() * 2 > slots_.size()) Grow();
      return id;
    }
    if (Holds(slot, term, key)) return slot.id;
  }
}

void TermDictionary::InternAll(std::span<const std::string_view> terms, std::span<uint32_t> ids) {
  // A ring of the hashes of the terms ahead, whose slots are being fetched. Growing mid-way
  // only makes some prefetches useless: Intern recomputes the index from the full hash.
  const size_t n = terms.size();
  uint64_t hashes[kPrefetchDistance];
  auto prefetch = [&](size_t i) {
    hashes[i % kPrefetchDistance] = HashTerm(terms[i]);
    __builtin_prefetch(&slots_[hashes[i % kPrefetchDistance] & mask_]);
  };
  for (size_t i = 0; i < n && i < kPrefetchDistance; ++i) prefetch(i);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t hash = hashes[i % kPrefetchDistance];
    if (i + kPrefetchDistance < n) prefetch(i + kPrefetchDistance);
    ids[i] = Intern(terms[i], hash);
  }
}

uint32_t TermDictionary::Find(std::string_view term) const {
  const uint64_t hash = HashTerm(term);
  const Key key = KeyOf(term);
  for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.id == kNotFound) return kNotFound;
    if (Holds(slot, term, key)) return slot.id;
  }
}

void TermDictionary::Grow() {
  Slots slots(slots_.size() * 2);
  const uint64_t mask = slots.size() - 1;
  // In id order, which reads the arena sequentially.
  for (uint32_t id = 0; id < ends_.size(); ++id) {
    const std::string_view text = term(id);
    uint64_t i = HashTerm(text) & mask;
    while (slots[i].id != kNotFound) i = (i + 1) & mask;
    const Key key = KeyOf(text);
    slots[i] = {key.low, key.high, id};
  }
  slots_ = std::move(slots);
  mask_ = mask;
}

}  // namespace ketnoi::text
