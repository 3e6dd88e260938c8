#include "storage/sqlite/internal/json_column.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "model/validate.h"

namespace ketnoi::storage::sqlite::internal {

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  for (const char c : text) {
    // nlohmann's escapes: the short forms where JSON has them, \u00xx for other control
    // characters (lower-case hex); everything else, DEL and UTF-8 included, as it is.
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out->append(escaped);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

std::string JsonStringArray(const std::vector<std::string>& values) {
  size_t size = 2;
  for (const std::string& value : values) {
    // What replaces invalid UTF-8, and where, is nlohmann's to say: such text (which the
    // service's validation keeps out) goes through it.
    if (!model::IsValidUtf8(value)) {
      return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    size += value.size() + 3;
  }
  std::string out;
  out.reserve(size);
  out.push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendJsonString(values[i], &out);
  }
  out.push_back(']');
  return out;
}

}  // namespace ketnoi::storage::sqlite::internal
