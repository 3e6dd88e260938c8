#include "text/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace ketnoi::text {
namespace {

base::Status InvalidUtf8(size_t offset) {
  return base::InvalidArgument("invalid UTF-8 at byte " + std::to_string(offset));
}

// Decodes `utf8` into ICU's UTF-16 form after checking it, so ICU never sees bad input
// (fromUTF8 would silently substitute U+FFFD).
base::Result<icu::UnicodeString> Decode(std::string_view utf8) {
  if (size_t bad = FindInvalidUtf8(utf8); bad != std::string_view::npos) return InvalidUtf8(bad);
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

base::Result<icu::UnicodeString> Normalize(const icu::UnicodeString& in,
                                           const icu::Normalizer2* (*instance)(UErrorCode&)) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = instance(error);
  if (U_FAILURE(error)) return base::Internal(std::string("ICU normalizer: ") + u_errorName(error));
  icu::UnicodeString out = normalizer->normalize(in, error);
  if (U_FAILURE(error)) return base::Internal(std::string("ICU normalize: ") + u_errorName(error));
  return out;
}

}  // namespace

size_t FindInvalidUtf8(std::string_view utf8) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  int32_t length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return static_cast<size_t>(start);
  }
  return std::string_view::npos;
}

base::Result<std::string> ToNfc(std::string_view utf8) {
  ASSIGN_OR_RETURN(icu::UnicodeString decoded, Decode(utf8));
  ASSIGN_OR_RETURN(icu::UnicodeString normalized,
                   Normalize(decoded, &icu::Normalizer2::getNFCInstance));
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

base::Result<std::string> FoldCase(std::string_view utf8) {
  ASSIGN_OR_RETURN(icu::UnicodeString decoded, Decode(utf8));
  decoded.foldCase();
  ASSIGN_OR_RETURN(icu::UnicodeString normalized,
                   Normalize(decoded, &icu::Normalizer2::getNFCInstance));
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

base::Result<std::string> FoldDiacritics(std::string_view utf8) {
  ASSIGN_OR_RETURN(icu::UnicodeString decoded, Decode(utf8));
  ASSIGN_OR_RETURN(icu::UnicodeString decomposed,
                   Normalize(decoded, &icu::Normalizer2::getNFDInstance));
  icu::UnicodeString folded;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    // Only marks that sit on a Latin letter are diacritics to drop; Japanese voicing marks
    // (dakuten) decompose too and must be kept, so they are recomposed below.
    if (u_charType(c) == U_NON_SPACING_MARK && !folded.isEmpty() &&
        u_getIntPropertyValue(folded.char32At(folded.length() - 1), UCHAR_SCRIPT) ==
            USCRIPT_LATIN) {
      continue;
    }
    if (c == 0x0111) c = 'd';  // đ has no decomposition.
    if (c == 0x0110) c = 'D';  // Đ
    folded.append(c);
  }
  ASSIGN_OR_RETURN(icu::UnicodeString recomposed,
                   Normalize(folded, &icu::Normalizer2::getNFCInstance));
  std::string out;
  recomposed.toUTF8String(out);
  return out;
}

}  // namespace ketnoi::text
