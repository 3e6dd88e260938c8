// Organization: a company, university, institute, agency or other body that commissions
// problems, employs experts or signs agreements.
#pragma once

#include <string>

#include "model/common.h"

namespace ketnoi::model {

enum class OrganizationKind {
  kEnterprise,
  kUniversity,
  kInstitute,
  kAgency,
  kAssociation,
  kIncubator,
  kFund,
  kEmbassyStOffice,  // A science and technology office of an embassy.
};

struct Organization {
  Id id = 0;
  std::string name;        // Official name, in its own language.
  std::string name_en;     // English name, if different.
  std::string short_name;  // "NIC", "VIS", ...
  OrganizationKind kind = OrganizationKind::kEnterprise;
  std::string country;  // ISO 3166-1 alpha-2, e.g. "VN".
  std::string city;
  std::string website;
  LocalizedText description;
  Timestamps timestamps;

  bool operator==(const Organization&) const = default;
};

}  // namespace ketnoi::model
