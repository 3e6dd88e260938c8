// The OpenAPI 3 document that describes the HTTP API (src/http/openapi.json, embedded).
#pragma once

#include <string_view>

namespace ketnoi::http {

// Returns the document as JSON text.
std::string_view OpenApiDocument();

}  // namespace ketnoi::http
