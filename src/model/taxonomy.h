// The national strategic technology taxonomy, kept as versioned data: each government
// decision is a TaxonomyVersion with its groups; experts and problems are tagged with
// group ids, so tags stay meaningful after the list changes.
#pragma once

#include <string>
#include <vector>

#include "model/common.h"

namespace ketnoi::model {

enum class TaxonomyStatus { kDraft, kCurrent, kSuperseded };

struct TaxonomyVersion {
  Id id = 0;
  std::string code;  // Unique, e.g. "1131/QD-TTg".
  LocalizedText name;
  std::string issued_on;       // YYYY-MM-DD.
  std::string effective_from;  // YYYY-MM-DD.
  TaxonomyStatus status = TaxonomyStatus::kDraft;
  LocalizedText note;
  Timestamps timestamps;

  bool operator==(const TaxonomyVersion&) const = default;
};

struct TaxonomyGroup {
  Id id = 0;
  Id version_id = 0;
  int number = 0;  // Position in the official list, unique within a version.
  LocalizedText name;
  LocalizedText description;
  // True while the group's wording is reported but not yet loaded from the official text.
  bool provisional = false;
  std::vector<LocalizedText> products;  // Strategic products listed under the group.
  Timestamps timestamps;

  bool operator==(const TaxonomyGroup&) const = default;
};

}  // namespace ketnoi::model
