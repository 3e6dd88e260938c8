// Fuzzes text analysis of problem statements and works: any bytes must give terms or an
// InvalidArgument, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "text/analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ketnoi::text::Analyzer analyzer;
  (void)analyzer.Analyze(text);
  (void)analyzer.AnalyzeQuery(text);
  (void)ketnoi::text::DetectLanguage(text);
  return 0;
}
