// The JSON form of every domain entity, as the API and the demo dataset write it.
//
// ToJson writes every field, with enums by their wire names (model/enums.h), dates as
// "YYYY-MM-DD", timestamps as "created_at" / "updated_at", and 0 ids as null.
//
// FromJson reads an object written by a client. It is strict so that typos do not pass
// silently: an unknown key, a value of the wrong type or an unknown enum name is an
// InvalidArgument error whose field() is the path of the offending value, e.g.
// "affiliations[1].organization_id". Keys that are absent keep their default values
// (required fields are checked by Validate in model/validate.h, not here); null for a
// string, an integer, an id, bilingual text or "trl" means its default (empty, 0, none),
// while booleans, enums, lists and nested objects must have their own type. A float is
// accepted as an integer only without a fractional part. The read-only keys "id",
// "created_at" and "updated_at" are accepted and ignored at the top level of an entity.
//
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "model/chapter.h"
#include "model/expert.h"
#include "model/organization.h"
#include "model/problem.h"
#include "model/review.h"
#include "model/taxonomy.h"
#include "model/work.h"

namespace ketnoi::model {

using Json = nlohmann::json;

Json ToJson(const Organization& value);
Json ToJson(const TaxonomyVersion& value);
Json ToJson(const TaxonomyGroup& value);
Json ToJson(const Chapter& value);
Json ToJson(const Membership& value);
Json ToJson(const Expert& value);
Json ToJson(const Work& value);
Json ToJson(const Problem& value);
// {"id", "expert_id", "candidate_id", "name_match", "reasons", "status", "created_at",
//  "decided_at"}; decided_at is null while the review is open. Reviews are created by
// imports and decided through service::Importer, so there is no FromJson for them.
Json ToJson(const IdentityReview& value);

// REQUIRES: out != nullptr. On error, *out may be partly filled.
base::Status FromJson(const Json& in, Organization* out);
base::Status FromJson(const Json& in, TaxonomyVersion* out);
base::Status FromJson(const Json& in, TaxonomyGroup* out);
base::Status FromJson(const Json& in, Chapter* out);
base::Status FromJson(const Json& in, Membership* out);
base::Status FromJson(const Json& in, Expert* out);
base::Status FromJson(const Json& in, Work* out);
base::Status FromJson(const Json& in, Problem* out);

}  // namespace ketnoi::model
