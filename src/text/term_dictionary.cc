#include "text/term_dictionary.h"

namespace ketnoi::text {

namespace {
constexpr size_t kInitialSlots = 1024;
}

TermDictionary::TermDictionary() : slots_(kInitialSlots), mask_(kInitialSlots - 1) {}

uint32_t TermDictionary::Intern(std::string_view term, uint64_t hash) {
  const auto tag = static_cast<uint32_t>(hash >> 32);
  for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    Slot& slot = slots_[i];
    if (slot.id == kNotFound) {
      const auto id = static_cast<uint32_t>(ends_.size());
      slot = {tag, id};
      bytes_.append(term);
      ends_.push_back(static_cast<uint32_t>(bytes_.size()));
      if (ends_.size() * 2 > slots_.size()) Grow();
      return id;
    }
    if (slot.tag == tag && this->term(slot.id) == term) return slot.id;
  }
}

uint32_t TermDictionary::Find(std::string_view term) const {
  const uint64_t hash = HashTerm(term);
  const auto tag = static_cast<uint32_t>(hash >> 32);
  for (uint64_t i = hash & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.id == kNotFound) return kNotFound;
    if (slot.tag == tag && this->term(slot.id) == term) return slot.id;
  }
}

void TermDictionary::Grow() {
  std::vector<Slot> slots(slots_.size() * 2);
  const uint64_t mask = slots.size() - 1;
  for (uint32_t id = 0; id < ends_.size(); ++id) {
    const uint64_t hash = HashTerm(term(id));
    uint64_t i = hash & mask;
    while (slots[i].id != kNotFound) i = (i + 1) & mask;
    slots[i] = {static_cast<uint32_t>(hash >> 32), id};
  }
  slots_ = std::move(slots);
  mask_ = mask;
}

}  // namespace ketnoi::text
