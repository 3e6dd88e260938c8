// Value types shared by every entity of the domain model: ids, dates, bilingual text.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <string>

namespace ketnoi::model {

// Database identity of an entity. 0 means "not yet stored".
using Id = int64_t;

// Text written in Vietnamese and/or English; either may be empty.
struct LocalizedText {
  std::string vi;
  std::string en;

  bool empty() const { return vi.empty() && en.empty(); }
  bool operator==(const LocalizedText&) const = default;
};

// Creation and last-update times, RFC 3339 UTC, set by the store.
struct Timestamps {
  std::string created_at;
  std::string updated_at;

  bool operator==(const Timestamps&) const = default;
};

}  // namespace ketnoi::model
