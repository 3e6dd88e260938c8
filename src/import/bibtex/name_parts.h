// BibTeX name lists: splitting an author or editor field into people, each person into
// BibTeX's four parts (First, von, Last, Jr), and printing the name the way its bearer
// writes it.
//
// The rules are BibTeX's own, as Oren Patashnik's "BibTeXing" (1988, section 4) describes
// them and Nicolas Markey's "Tame the BeaST" (2009, section 11) details them:
//   - names are separated by "and" (any case) between white space at brace depth 0;
//     "{Barnes and Noble}" is one name;
//   - a name is written "First von Last", "von Last, First" or "von Last, Jr, First";
//     words are separated by white space or "~" at brace depth 0;
//   - "von" words are those starting with a lower-case letter; the case of a word is that
//     of its first letter at brace depth 0, where a special character ("{\'e}", "{\OE}")
//     counts as a letter and a plain group ("{van}", "{Viettel Group}") has no case, so a
//     braced word is never "von"; without commas the last word is always Last, and with
//     commas Last always has at least one word.
//
// Display order (the name KetNoi prints): "First von Last Jr", except for Vietnamese
// names, which are written family name first ("Nguyễn Văn An"). A name is taken as
// Vietnamese when its Last is a common Vietnamese family name (import::IsVietnameseFamilyName in
// import/names.h) and its First has no initials ("A. V. Nguyen" is how that person chose to be
// printed); in the comma-less form, a First that itself starts with such a family name ("Nguyễn Văn
// Lê") means the name was already written family first and is kept in written order.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ketnoi::import::bibtex {

// Splits an author or editor field (raw LaTeX, as read from the .bib file) into the raw text
// of each name, trimmed, in order. Empty names (as in "A and and B") are kept as empty
// strings so callers can warn; "others" is returned as written.
std::vector<std::string_view> SplitNameList(std::string_view field);

// One name split into BibTeX's parts, each decoded from LaTeX and cleaned (NFC, single
// spaces; see CleanText in import/ids.h).
struct NameParts {
  std::string first;
  std::string von;
  std::string last;
  std::string jr;
  int commas = 0;  // Commas at brace depth 0 in the name as written (more than 2: see below).

  bool operator==(const NameParts&) const = default;
};

// Splits the raw name `name` into its parts. A name with more than two commas is read as if
// the text after the second comma were First (BibTeX reports "too many commas"); `commas`
// tells the caller so it can warn. A name with invalid UTF-8 gives parts whose invalid
// bytes were dropped by cleaning (the parser rejects such entries before this point).
NameParts ParseName(std::string_view name);

// The name as its bearer writes it (see the header comment): "Hiroshi Sato",
// "Nguyễn Văn An", "Viettel Group", "Ludwig van Beethoven", "Martin Luther King Jr.".
std::string DisplayName(const NameParts& parts);

}  // namespace ketnoi::import::bibtex
