// Reading JSON text that comes from outside (request bodies, dataset files): parsing with
// the position of the first error, and NFC normalisation of every string in it.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "base/result.h"
#include "model/json.h"

namespace ketnoi::service {

// Parses `text`. Errors: InvalidArgument "malformed JSON at byte N: ..." (this includes
// strings that are not valid UTF-8).
base::Result<model::Json> ParseJson(std::string_view text);

// Rewrites every string in `value` (keys excepted) in Unicode NFC, so text typed on any
// keyboard is stored one way. Errors: InvalidArgument naming the path of a string that is
// not valid UTF-8.
base::Status NormalizeText(model::Json* value);

}  // namespace ketnoi::service
