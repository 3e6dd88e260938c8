// Fuzzes the OpenAlex JSON-lines importer: any bytes must give an ImportBatch, never a crash,
// and what it keeps must hold its promises (valid UTF-8 strings, verified ORCID iDs, one
// record per non-empty line).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "import/ids.h"
#include "import/openalex/openalex.h"
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
  const ketnoi::import::ImportBatch batch = ketnoi::import::ParseOpenAlex(input);
  Check(batch.records_read ==
        static_cast<int64_t>(batch.works.size() + batch.people.size() + batch.rejected.size()));
  for (const auto& work : batch.works) {
    CheckText(work.title);
    CheckText(work.abstract);
    for (const auto& author : work.authors) {
      CheckText(author.name);
      Check(author.orcid.empty() || ketnoi::import::NormalizeOrcid(author.orcid) == author.orcid);
    }
  }
  for (const auto& person : batch.people) {
    CheckText(person.full_name);
    Check(person.orcid.empty() || ketnoi::import::NormalizeOrcid(person.orcid) == person.orcid);
  }
  for (const auto& rejected : batch.rejected) CheckText(rejected.reason);
  for (const auto& warning : batch.warnings) CheckText(warning.reason);
  return 0;
}
