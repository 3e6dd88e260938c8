#include "import/ids.h"

#include <cctype>

#include "text/fold.h"

namespace ketnoi::import {
namespace {

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

std::optional<std::string> NormalizeOrcid(std::string_view text) {
  text = Trim(text);
  for (std::string_view prefix : {"https://orcid.org/", "http://orcid.org/", "orcid.org/"}) {
    if (StartsWithIgnoringCase(text, prefix)) {
      text.remove_prefix(prefix.size());
      break;
    }
  }
  std::string digits;
  for (char c : text) {
    if (c == '-') continue;
    if (digits.size() == 16) return std::nullopt;
    const bool last = digits.size() == 15;
    if (std::isdigit(static_cast<unsigned char>(c)) || (last && (c == 'X' || c == 'x'))) {
      digits.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    } else {
      return std::nullopt;
    }
  }
  if (digits.size() != 16) return std::nullopt;
  // ISO 7064 11,2 over the first 15 digits.
  int total = 0;
  for (size_t i = 0; i < 15; ++i) total = (total + (digits[i] - '0')) * 2;
  const int check = (12 - total % 11) % 11;
  if (digits[15] != (check == 10 ? 'X' : static_cast<char>('0' + check))) return std::nullopt;
  return digits.substr(0, 4) + "-" + digits.substr(4, 4) + "-" + digits.substr(8, 4) + "-" +
         digits.substr(12, 4);
}

std::optional<std::string> NormalizeDoi(std::string_view text) {
  text = Trim(text);
  for (std::string_view prefix : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                                  "http://dx.doi.org/", "doi.org/", "doi:"}) {
    if (StartsWithIgnoringCase(text, prefix)) {
      text = Trim(text.substr(prefix.size()));
      break;
    }
  }
  // "10." registrant "/" suffix.
  const size_t slash = text.find('/');
  if (!StartsWithIgnoringCase(text, "10.") || slash == std::string_view::npos || slash <= 3 ||
      slash + 1 == text.size()) {
    return std::nullopt;
  }
  for (size_t i = 3; i < slash; ++i) {
    const char c = text[i];
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return std::nullopt;
  }
  std::string doi;
  doi.reserve(text.size());
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) return std::nullopt;
    doi.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return doi;
}

base::Result<std::string> CleanText(std::string_view text, bool keep_newlines) {
  const size_t invalid = text::FindInvalidUtf8(text);
  if (invalid != std::string_view::npos) {
    return base::InvalidArgument("invalid UTF-8 at byte " + std::to_string(invalid));
  }
  std::string spaced;
  spaced.reserve(text.size());
  bool pending_space = false;
  bool pending_newline = false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    const bool newline = c == '\n';
    if (u < 0x20 || u == 0x7f) {
      pending_space = true;
      pending_newline = pending_newline || (newline && keep_newlines);
      continue;
    }
    if (c == ' ') {
      pending_space = true;
      continue;
    }
    if (pending_space && !spaced.empty()) spaced.push_back(pending_newline ? '\n' : ' ');
    pending_space = pending_newline = false;
    spaced.push_back(c);
  }
  return text::ToNfc(spaced);
}

}  // namespace ketnoi::import
