// Fuzzes the ORCID importer: any bytes must give an ImportBatch, never a crash, and what it
// keeps must hold its promises (valid UTF-8 strings, checksum-verified iDs, work indexes in
// range).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "import/ids.h"
#include "import/orcid/orcid.h"
#include "text/fold.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckText(std::string_view text) {
  Check(ketnoi::text::FindInvalidUtf8(text) == std::string_view::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const ketnoi::import::ImportBatch batch = ketnoi::import::ParseOrcid(input);
  Check(batch.records_read >= static_cast<int64_t>(batch.people.size() + batch.rejected.size()));
  for (const auto& person : batch.people) {
    Check(ketnoi::import::NormalizeOrcid(person.orcid) == person.orcid);
    CheckText(person.full_name);
    CheckText(person.biography);
    for (size_t work : person.works) Check(work < batch.works.size());
    Check(person.location.offset >= 0 && static_cast<size_t>(person.location.offset) < size);
  }
  for (const auto& work : batch.works) CheckText(work.title);
  for (const auto& rejected : batch.rejected) CheckText(rejected.reason);
  for (const auto& warning : batch.warnings) CheckText(warning.reason);
  return 0;
}
