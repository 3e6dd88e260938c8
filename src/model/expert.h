// Expert: a scientist or specialist in the registry, with the profile fields the matching,
// commissioning and network features need.
#pragma once

#include <string>
#include <vector>

#include "model/common.h"

namespace ketnoi::model {

enum class CareerStage { kStudent, kEarlyCareer, kMidCareer, kSenior, kEmeritus };

enum class EngagementMode { kConsulting, kJointResearch, kTraining, kAdvisory, kInvestment };

// Where the expert stands with respect to Vietnam.
enum class Background { kOverseasVietnamese, kForeign, kDomestic };

struct Affiliation {
  Id organization_id = 0;
  std::string title;  // "Associate Professor", "Principal Engineer", ...
  bool current = true;

  bool operator==(const Affiliation&) const = default;
};

// A period in which the expert can take on work.
struct AvailabilityWindow {
  std::string from;  // YYYY-MM-DD.
  std::string to;    // YYYY-MM-DD, not before `from`.
  int hours_per_month = 0;
  std::string note;

  bool operator==(const AvailabilityWindow&) const = default;
};

struct Consent {
  bool contact = false;         // May be contacted about problems and events.
  bool public_profile = false;  // Profile may be shown to the public.

  bool operator==(const Consent&) const = default;
};

struct Expert {
  Id id = 0;
  std::string full_name;   // As the expert writes it, with diacritics: "Nguyễn Thị Mai".
  std::string name_ascii;  // Without diacritics: "Nguyen Thi Mai"; derived when empty.
  std::string orcid;       // "0000-0002-1825-0097" or empty; unique.
  std::string email;
  std::string country;  // ISO 3166-1 alpha-2 of residence, or empty when unknown.
  std::string city;
  Background background = Background::kOverseasVietnamese;
  std::vector<Affiliation> affiliations;
  CareerStage career_stage = CareerStage::kMidCareer;
  std::vector<std::string> languages;  // ISO 639-1 codes: "vi", "en", "ja", ...
  std::vector<EngagementMode> engagement_modes;
  std::vector<AvailabilityWindow> availability;
  Consent consent;
  LocalizedText bio;
  std::vector<Id> group_ids;        // Taxonomy groups the expert works in.
  std::vector<std::string> skills;  // Free-text skills and keywords.
  Timestamps timestamps;

  bool operator==(const Expert&) const = default;
};

}  // namespace ketnoi::model
