// Fuzzes the parsers of `ketnoi score`'s inputs: profiles and queries (JSON lines) and
// pairs (TSV). Bad lines must be reported, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "service/batch_scoring.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ketnoi::service::ParseProfiles(text);
  (void)ketnoi::service::ParseQueries(text);
  (void)ketnoi::service::ParsePairs(text);
  return 0;
}
