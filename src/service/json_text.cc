#include "service/json_text.h"

#include <string>

#include "text/fold.h"

namespace ketnoi::service {

using base::Status;

namespace {

// Drops nlohmann's "[json.exception.parse_error.101] " prefix; people need the rest.
std::string WithoutPrefix(std::string what) {
  if (size_t end = what.find("] "); end != std::string::npos) what = what.substr(end + 2);
  return what;
}

}  // namespace

base::Result<model::Json> ParseJson(std::string_view text) {
  // nlohmann's parser accepts strings that are not UTF-8 and fails only when writing them
  // out again, so the bytes are checked first.
  if (size_t bad = text::FindInvalidUtf8(text); bad != std::string_view::npos) {
    return base::InvalidArgument("malformed JSON at byte " + std::to_string(bad) +
                                 ": invalid UTF-8");
  }
  // nlohmann reports the byte position only through its exception; it is caught here and
  // goes no further.
  try {
    return model::Json::parse(text);
  } catch (const model::Json::parse_error& error) {
    return base::InvalidArgument("malformed JSON at byte " + std::to_string(error.byte) + ": " +
                                 WithoutPrefix(error.what()));
  } catch (const model::Json::out_of_range& error) {
    // A number too large for a double ("1e999") is reported this way, without a position.
    return base::InvalidArgument("malformed JSON: " + WithoutPrefix(error.what()));
  }
}

Status NormalizeText(model::Json* value) {
  if (value->is_string()) {
    auto nfc = text::ToNfc(value->get_ref<const std::string&>());
    if (!nfc.ok()) return nfc.status();
    *value = std::move(nfc).value();
    return Status::Ok();
  }
  if (value->is_array()) {
    for (size_t i = 0; i < value->size(); ++i) {
      RETURN_IF_ERROR(NormalizeText(&(*value)[i]).WithFieldPrefix("[" + std::to_string(i) + "]"));
    }
  } else if (value->is_object()) {
    for (auto& [key, item] : value->items()) {
      RETURN_IF_ERROR(NormalizeText(&item).WithFieldPrefix(key));
    }
  }
  return Status::Ok();
}

}  // namespace ketnoi::service
