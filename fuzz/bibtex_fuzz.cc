// Fuzzes the BibTeX importer: any bytes must give a batch, never a crash, a hang or
// unbounded recursion; every entry counted is either kept or rejected, and every string
// kept is valid UTF-8. The LaTeX decoder is also fed the raw bytes on its own.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "import/bibtex/bibtex.h"
#include "import/bibtex/latex.h"
#include "text/fold.h"

namespace {

void CheckUtf8(std::string_view text) {
  if (ketnoi::text::FindInvalidUtf8(text) != std::string_view::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const ketnoi::import::ImportBatch batch = ketnoi::import::ParseBibtex(input);
  if (batch.records_read != static_cast<int64_t>(batch.works.size() + batch.rejected.size())) {
    std::abort();
  }
  for (const ketnoi::import::ImportedWork& work : batch.works) {
    if (work.title.empty()) std::abort();
    CheckUtf8(work.title);
    CheckUtf8(work.abstract);
    CheckUtf8(work.venue);
    for (const auto& author : work.authors) CheckUtf8(author.name);
    for (const auto& keyword : work.keywords) CheckUtf8(keyword);
  }
  (void)ketnoi::import::bibtex::DecodeLatex(input);
  (void)ketnoi::import::bibtex::DecodeLatexVerbatim(input);
  return 0;
}
