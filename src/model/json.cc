#include "model/json.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "model/enums.h"

namespace ketnoi::model {
namespace {

using base::InvalidArgument;
using base::Status;

// ---------------------------------------------------------------------------------------------
// Writing.

// An Id of 0 means "not stored" or "no reference", which clients read more easily as null.
Json IdOrNull(Id id) { return id == 0 ? Json(nullptr) : Json(id); }

template <typename E>
requires std::is_enum_v<E> Json Encode(E value) { return std::string(ToName(value)); }
Json Encode(const std::string& value) { return value; }
Json Encode(Id value) { return value; }
Json Encode(const LocalizedText& value) { return {{"vi", value.vi}, {"en", value.en}}; }
Json Encode(const Affiliation& value) {
  return {{"organization_id", IdOrNull(value.organization_id)},
          {"title", value.title},
          {"current", value.current}};
}
Json Encode(const AvailabilityWindow& value) {
  return {{"from", value.from},
          {"to", value.to},
          {"hours_per_month", value.hours_per_month},
          {"note", value.note}};
}
Json Encode(const Consent& value) {
  return {{"contact", value.contact}, {"public_profile", value.public_profile}};
}
Json Encode(const WorkAuthor& value) {
  return {{"name", value.name},
          {"expert_id", IdOrNull(value.expert_id)},
          {"corresponding", value.corresponding},
          {"hidden", value.hidden},
          {"key", value.key}};
}
Json Encode(const RequiredSkill& value) {
  return {{"name", value.name}, {"level", Encode(value.level)}};
}
Json Encode(const Budget& value) {
  return {{"amount", value.amount}, {"currency", value.currency}};
}
Json Encode(const std::optional<Trl>& value) {
  if (!value) return nullptr;
  return {{"current", value->current}, {"target", value->target}};
}

// Always an array, so that an empty list is written as [] rather than null.
template <typename T>
Json Encode(const std::vector<T>& items) {
  Json out = Json::array();
  for (const T& item : items) out.push_back(Encode(item));
  return out;
}

void AddTimestamps(const Timestamps& timestamps, Json* out) {
  (*out)["created_at"] = timestamps.created_at;
  (*out)["updated_at"] = timestamps.updated_at;
}

// ---------------------------------------------------------------------------------------------
// Reading.
//
// Each Decode reads one JSON value into one C++ value and returns an error whose field is
// relative to that value ("" for a scalar, "organization_id" inside an object); the caller
// prefixes its own key or index, so paths like "affiliations[1].organization_id" build up on
// the way out. They are declared here, before ObjectReader and the list template, because
// calls from templates only see the overloads declared before them.

Status Decode(const Json& in, std::string* out);
Status Decode(const Json& in, bool* out);
Status Decode(const Json& in, int* out);
Status Decode(const Json& in, int64_t* out);
Status Decode(const Json& in, LocalizedText* out);
Status Decode(const Json& in, Affiliation* out);
Status Decode(const Json& in, AvailabilityWindow* out);
Status Decode(const Json& in, Consent* out);
Status Decode(const Json& in, WorkAuthor* out);
Status Decode(const Json& in, RequiredSkill* out);
Status Decode(const Json& in, Budget* out);
Status Decode(const Json& in, Trl* out);
Status Decode(const Json& in, std::optional<Trl>* out);

template <typename E>
requires std::is_enum_v<E> Status Decode(const Json& in, E* out) {
  std::optional<E> value;
  if (in.is_string()) value = FromName<E>(in.get_ref<const std::string&>());
  if (!value) return InvalidArgument("must be one of " + AcceptedNames<E>());
  *out = *value;
  return Status::Ok();
}

template <typename T>
Status Decode(const Json& in, std::vector<T>* out) {
  if (!in.is_array()) return InvalidArgument("must be an array");
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    T item{};
    Status status = Decode(in[i], &item);
    if (!status.ok()) return status.WithFieldPrefix("[" + std::to_string(i) + "]");
    out->push_back(std::move(item));
  }
  return Status::Ok();
}

// Reads the members of one JSON object, so that each decoder below is a list of its keys:
//
//   return ObjectReader(in).Read("title", &out->title).Read("current", &out->current).Finish();
//
// The first error wins and later calls do nothing. Finish() reports any key that no Read
// named, because a misspelt key silently dropped is worse than a 400.
class ObjectReader {
 public:
  explicit ObjectReader(const Json& in) : in_(in) {
    if (!in_.is_object()) status_ = InvalidArgument("must be a JSON object");
  }

  // Accepts "id", "created_at" and "updated_at" without reading them: clients echo back what
  // they were sent, but these values are KetNoi's to assign.
  ObjectReader& IgnoreReadOnlyKeys() {
    known_.insert(known_.end(), {"id", "created_at", "updated_at"});
    return *this;
  }

  template <typename T>
  ObjectReader& Read(std::string_view key, T* out) {
    known_.push_back(key);
    if (!status_.ok()) return *this;
    auto it = in_.find(key);
    if (it != in_.end()) status_ = Decode(*it, out).WithFieldPrefix(key);
    return *this;
  }

  Status Finish() const {
    if (!status_.ok()) return status_;
    for (auto it = in_.begin(); it != in_.end(); ++it) {
      bool known = false;
      for (std::string_view key : known_) known = known || key == it.key();
      if (!known) return InvalidArgument("unknown field", it.key());
    }
    return Status::Ok();
  }

 private:
  const Json& in_;
  Status status_;
  std::vector<std::string_view> known_;
};

// Strings, numbers, bilingual text and trl may be null, meaning "not given": clients that
// build bodies from forms or database rows write null for blanks. Booleans, enums, lists and
// nested objects must be given in their own type.
Status Decode(const Json& in, std::string* out) {
  if (in.is_null()) {
    out->clear();
  } else if (in.is_string()) {
    *out = in.get<std::string>();
  } else {
    return InvalidArgument("must be a string");
  }
  return Status::Ok();
}

Status Decode(const Json& in, bool* out) {
  if (!in.is_boolean()) return InvalidArgument("must be a boolean");
  *out = in.get<bool>();
  return Status::Ok();
}

// Reads a whole number in [min, max]. A float is accepted when it has no fractional part,
// since JavaScript clients cannot tell 20 from 20.0. Unsigned and float values are
// range-checked before any conversion, which would otherwise be undefined or wrap.
Status DecodeInteger(const Json& in, int64_t min, int64_t max, int64_t* out) {
  auto out_of_range = [min, max] {
    return InvalidArgument("must be an integer from " + std::to_string(min) + " to " +
                           std::to_string(max));
  };
  if (in.is_null()) {
    *out = 0;
  } else if (in.is_number_unsigned()) {
    uint64_t value = in.get<uint64_t>();
    if (value > static_cast<uint64_t>(max)) return out_of_range();
    *out = static_cast<int64_t>(value);
  } else if (in.is_number_integer()) {
    *out = in.get<int64_t>();
  } else if (in.is_number_float()) {
    double value = in.get<double>();
    if (!std::isfinite(value) || std::trunc(value) != value) {
      return InvalidArgument("must be an integer");
    }
    // 2^63 is exactly representable; every double below it converts without overflow.
    constexpr double kTwoTo63 = 9223372036854775808.0;
    if (value < -kTwoTo63 || value >= kTwoTo63) return out_of_range();
    *out = static_cast<int64_t>(value);
  } else {
    return InvalidArgument("must be an integer");
  }
  if (*out < min || *out > max) return out_of_range();
  return Status::Ok();
}

Status Decode(const Json& in, int64_t* out) {
  return DecodeInteger(in, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                       out);
}

Status Decode(const Json& in, int* out) {
  int64_t value = 0;
  Status status =
      DecodeInteger(in, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), &value);
  if (status.ok()) *out = static_cast<int>(value);
  return status;
}

Status Decode(const Json& in, LocalizedText* out) {
  if (in.is_null()) {
    *out = {};
    return Status::Ok();
  }
  return ObjectReader(in).Read("vi", &out->vi).Read("en", &out->en).Finish();
}

Status Decode(const Json& in, Affiliation* out) {
  return ObjectReader(in)
      .Read("organization_id", &out->organization_id)
      .Read("title", &out->title)
      .Read("current", &out->current)
      .Finish();
}

Status Decode(const Json& in, AvailabilityWindow* out) {
  return ObjectReader(in)
      .Read("from", &out->from)
      .Read("to", &out->to)
      .Read("hours_per_month", &out->hours_per_month)
      .Read("note", &out->note)
      .Finish();
}

Status Decode(const Json& in, Consent* out) {
  return ObjectReader(in)
      .Read("contact", &out->contact)
      .Read("public_profile", &out->public_profile)
      .Finish();
}

Status Decode(const Json& in, WorkAuthor* out) {
  return ObjectReader(in)
      .Read("name", &out->name)
      .Read("expert_id", &out->expert_id)
      .Read("corresponding", &out->corresponding)
      .Read("hidden", &out->hidden)
      .Read("key", &out->key)
      .Finish();
}

Status Decode(const Json& in, RequiredSkill* out) {
  return ObjectReader(in).Read("name", &out->name).Read("level", &out->level).Finish();
}

Status Decode(const Json& in, Budget* out) {
  return ObjectReader(in).Read("amount", &out->amount).Read("currency", &out->currency).Finish();
}

Status Decode(const Json& in, Trl* out) {
  return ObjectReader(in).Read("current", &out->current).Read("target", &out->target).Finish();
}

Status Decode(const Json& in, std::optional<Trl>* out) {
  if (in.is_null()) {
    out->reset();
    return Status::Ok();
  }
  Trl trl;
  RETURN_IF_ERROR(Decode(in, &trl));
  *out = trl;
  return Status::Ok();
}

}  // namespace

Json ToJson(const Organization& value) {
  Json out = {{"id", IdOrNull(value.id)},
              {"name", value.name},
              {"name_en", value.name_en},
              {"short_name", value.short_name},
              {"kind", Encode(value.kind)},
              {"country", value.country},
              {"city", value.city},
              {"website", value.website},
              {"description", Encode(value.description)}};
  AddTimestamps(value.timestamps, &out);
  return out;
}

Json ToJson(const TaxonomyVersion& value) {
  Json out = {{"id", IdOrNull(value.id)},
              {"code", value.code},
              {"name", Encode(value.name)},
              {"issued_on", value.issued_on},
              {"effective_from", value.effective_from},
              {"status", Encode(value.status)},
              {"note", Encode(value.note)}};
  AddTimestamps(value.timestamps, &out);
  return out;
}

Json ToJson(const TaxonomyGroup& value) {
  Json out = {{"id", IdOrNull(value.id)},
              {"version_id", IdOrNull(value.version_id)},
              {"number", value.number},
              {"name", Encode(value.name)},
              {"description", Encode(value.description)},
              {"provisional", value.provisional},
              {"products", Encode(value.products)}};
  AddTimestamps(value.timestamps, &out);
  return out;
}

Json ToJson(const Chapter& value) {
  Json out = {{"id", IdOrNull(value.id)},
              {"code", value.code},
              {"name", Encode(value.name)},
              {"countries", Encode(value.countries)},
              {"status", Encode(value.status)},
              {"founded_on", value.founded_on},
              {"host_organization_id", IdOrNull(value.host_organization_id)},
              {"description", Encode(value.description)}};
  AddTimestamps(value.timestamps, &out);
  return out;
}

Json ToJson(const Membership& value) {
  return {{"chapter_id", IdOrNull(value.chapter_id)},
          {"expert_id", IdOrNull(value.expert_id)},
          {"role", Encode(value.role)},
          {"joined_on", value.joined_on}};
}

Json ToJson(const Expert& value) {
  Json out = {{"id", IdOrNull(value.id)},
              {"full_name", value.full_name},
              {"name_ascii", value.name_ascii},
              {"orcid", value.orcid},
              {"email", value.email},
              {"country", value.country},
              {"city", value.city},
              {"background", Encode(value.background)},
              {"affiliations", Encode(value.affiliations)},
              {"career_stage", Encode(value.career_stage)},
              {"languages", Encode(value.languages)},
              {"engagement_modes", Encode(value.engagement_modes)},
              {"availability", Encode(value.availability)},
              {"consent", Encode(value.consent)},
              {"bio", Encode(value.bio)},
              {"group_ids", Encode(value.group_ids)},
              {"skills", Encode(value.skills)}};
  AddTimestamps(value.timestamps, &out);
  return out;
}

Json ToJson(const Work& value) {
  Json out = {{"id", IdOrNull(value.id)},
              {"kind", Encode(value.kind)},
              {"title", value.title},
              {"abstract", value.abstract},
              {"year", value.year},
              {"venue", value.venue},
              {"language", value.language},
              {"doi", value.doi},
              {"url", value.url},
              {"keywords", Encode(value.keywords)},
              {"authors", Encode(value.authors)}};
  AddTimestamps(value.timestamps, &out);
  return out;
}

Json ToJson(const Problem& value) {
  Json out = {{"id", IdOrNull(value.id)},
              {"title", Encode(value.title)},
              {"summary", Encode(value.summary)},
              {"description", Encode(value.description)},
              {"organization_id", IdOrNull(value.organization_id)},
              {"group_ids", Encode(value.group_ids)},
              {"skills", Encode(value.skills)},
              {"deliverables", Encode(value.deliverables)},
              {"budget", Encode(value.budget)},
              {"deadline", value.deadline},
              {"engagement_mode", Encode(value.engagement_mode)},
              {"confidentiality", Encode(value.confidentiality)},
              {"ip_terms", Encode(value.ip_terms)},
              {"trl", Encode(value.trl)},
              {"status", Encode(value.status)}};
  AddTimestamps(value.timestamps, &out);
  return out;
}

Json ToJson(const IdentityReview& value) {
  return {{"id", IdOrNull(value.id)},
          {"expert_id", IdOrNull(value.expert_id)},
          {"candidate_id", IdOrNull(value.candidate_id)},
          {"name_match", value.name_match},
          {"reasons", Encode(value.reasons)},
          {"status", Encode(value.status)},
          {"created_at", value.created_at},
          {"decided_at", value.decided_at.empty() ? Json(nullptr) : Json(value.decided_at)}};
}

Status FromJson(const Json& in, Organization* out) {
  return ObjectReader(in)
      .IgnoreReadOnlyKeys()
      .Read("name", &out->name)
      .Read("name_en", &out->name_en)
      .Read("short_name", &out->short_name)
      .Read("kind", &out->kind)
      .Read("country", &out->country)
      .Read("city", &out->city)
      .Read("website", &out->website)
      .Read("description", &out->description)
      .Finish();
}

Status FromJson(const Json& in, TaxonomyVersion* out) {
  return ObjectReader(in)
      .IgnoreReadOnlyKeys()
      .Read("code", &out->code)
      .Read("name", &out->name)
      .Read("issued_on", &out->issued_on)
      .Read("effective_from", &out->effective_from)
      .Read("status", &out->status)
      .Read("note", &out->note)
      .Finish();
}

Status FromJson(const Json& in, TaxonomyGroup* out) {
  return ObjectReader(in)
      .IgnoreReadOnlyKeys()
      .Read("version_id", &out->version_id)
      .Read("number", &out->number)
      .Read("name", &out->name)
      .Read("description", &out->description)
      .Read("provisional", &out->provisional)
      .Read("products", &out->products)
      .Finish();
}

Status FromJson(const Json& in, Chapter* out) {
  return ObjectReader(in)
      .IgnoreReadOnlyKeys()
      .Read("code", &out->code)
      .Read("name", &out->name)
      .Read("countries", &out->countries)
      .Read("status", &out->status)
      .Read("founded_on", &out->founded_on)
      .Read("host_organization_id", &out->host_organization_id)
      .Read("description", &out->description)
      .Finish();
}

Status FromJson(const Json& in, Membership* out) {
  return ObjectReader(in)
      .IgnoreReadOnlyKeys()
      .Read("chapter_id", &out->chapter_id)
      .Read("expert_id", &out->expert_id)
      .Read("role", &out->role)
      .Read("joined_on", &out->joined_on)
      .Finish();
}

Status FromJson(const Json& in, Expert* out) {
  return ObjectReader(in)
      .IgnoreReadOnlyKeys()
      .Read("full_name", &out->full_name)
      .Read("name_ascii", &out->name_ascii)
      .Read("orcid", &out->orcid)
      .Read("email", &out->email)
      .Read("country", &out->country)
      .Read("city", &out->city)
      .Read("background", &out->background)
      .Read("affiliations", &out->affiliations)
      .Read("career_stage", &out->career_stage)
      .Read("languages", &out->languages)
      .Read("engagement_modes", &out->engagement_modes)
      .Read("availability", &out->availability)
      .Read("consent", &out->consent)
      .Read("bio", &out->bio)
      .Read("group_ids", &out->group_ids)
      .Read("skills", &out->skills)
      .Finish();
}

Status FromJson(const Json& in, Work* out) {
  return ObjectReader(in)
      .IgnoreReadOnlyKeys()
      .Read("kind", &out->kind)
      .Read("title", &out->title)
      .Read("abstract", &out->abstract)
      .Read("year", &out->year)
      .Read("venue", &out->venue)
      .Read("language", &out->language)
      .Read("doi", &out->doi)
      .Read("url", &out->url)
      .Read("keywords", &out->keywords)
      .Read("authors", &out->authors)
      .Finish();
}

Status FromJson(const Json& in, Problem* out) {
  return ObjectReader(in)
      .IgnoreReadOnlyKeys()
      .Read("title", &out->title)
      .Read("summary", &out->summary)
      .Read("description", &out->description)
      .Read("organization_id", &out->organization_id)
      .Read("group_ids", &out->group_ids)
      .Read("skills", &out->skills)
      .Read("deliverables", &out->deliverables)
      .Read("budget", &out->budget)
      .Read("deadline", &out->deadline)
      .Read("engagement_mode", &out->engagement_mode)
      .Read("confidentiality", &out->confidentiality)
      .Read("ip_terms", &out->ip_terms)
      .Read("trl", &out->trl)
      .Read("status", &out->status)
      .Finish();
}

}  // namespace ketnoi::model
