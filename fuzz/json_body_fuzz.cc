// Fuzzes the path of every JSON request body: parse, NFC-normalise, decode strictly into
// each entity, validate. Any input must give OK or an error Status, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/json.h"
#include "model/validate.h"
#include "service/json_text.h"

namespace {

template <typename T>
void Decode(const ketnoi::model::Json& json) {
  T value;
  if (ketnoi::model::FromJson(json, &value).ok()) {
    ketnoi::model::Validate(value).IgnoreError();
    (void)ketnoi::model::ToJson(value).dump();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto json = ketnoi::service::ParseJson(text);
  if (!json.ok()) return 0;
  if (!ketnoi::service::NormalizeText(&*json).ok()) return 0;
  using namespace ketnoi::model;  // NOLINT(google-build-using-namespace): fuzz driver only.
  Decode<Organization>(*json);
  Decode<TaxonomyVersion>(*json);
  Decode<TaxonomyGroup>(*json);
  Decode<Chapter>(*json);
  Decode<Membership>(*json);
  Decode<Expert>(*json);
  Decode<Work>(*json);
  Decode<Problem>(*json);
  return 0;
}
