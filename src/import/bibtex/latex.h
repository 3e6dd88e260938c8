// LaTeX-to-Unicode decoding of BibTeX field values: the accents, special letters and
// punctuation that .bib files use for text outside ASCII, Vietnamese in particular
// ("Nguy{\~{\^e}}n" is "Nguyễn").
//
// What DecodeLatex understands:
//   - accents \' \` \^ \" \~ \= \. (ASCII commands) and \u \v \H \c \d \r \k \b \t, plus
//     vntex's \h (hook above, "\h{a}" is "ả") and \horn, written "\'e", "\'{e}", "{\'e}",
//     "\' e" or "{\'{e}}", and stacked for Vietnamese ("\~{\^e}" is "ễ", "\`{\u{a}}" is
//     "ằ"); an accent on \i or \j puts the accent on i or j ("\'{\i}" is "í");
//   - letters \o \O \aa \AA \ae \AE \oe \OE \ss \l \L \i \j, \DJ and \Dj (Đ), \dj (đ),
//     \DH \dh \TH \th \NG \ng, vntex's \ohorn \OHORN \uhorn \UHORN, a few symbols (\S,
//     \copyright, \textendash, \ldots, ...) and the Greek letters of math mode;
//   - escapes \& \% \$ \# \_ \{ \} and the spacing commands (\, \; \  \\ \quad);
//   - "~" as a space, "--" and "---" as en and em dashes, "``" and "''" as curly quotes;
//   - math "$...$": the dollars are dropped and the content kept as text;
//   - any other command: its name is dropped and its braced arguments are read as text
//     ("\textbf{Deep}" is "Deep");
//   - grouping braces are removed; braces nested deeper than kMaxLatexDepth are removed
//     without being read as groups (the parser rejects such values before they get here).
// Accents become combining marks after their base letter; the result is NOT normalised:
// callers pass it through CleanText (import/ids.h), which gives NFC ("e" U+0302 U+0303 ->
// "ễ") and collapses white space. Bytes that are not ASCII pass through unchanged, so text
// typed directly in UTF-8 is kept.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace ketnoi::import::bibtex {

// Deepest brace and accent nesting the decoder follows.
inline constexpr int kMaxLatexDepth = 64;

// Returns the text that `latex` (the content of a BibTeX value, without its delimiters)
// stands for, in UTF-8 but not normalised (see above). Never fails: what it does not
// understand is kept as text or dropped. REQUIRES nothing; valid UTF-8 in gives valid
// UTF-8 out.
std::string DecodeLatex(std::string_view latex);

// Returns `latex` read verbatim, as BibTeX styles print url and doi fields: braces are
// removed, an escaped character ("\_", "\%", "\~", "\&", "\#") is kept without its
// backslash, a command name ("\url") is dropped, and nothing else changes ("~" and "--"
// stay as they are).
std::string DecodeLatexVerbatim(std::string_view latex);

}  // namespace ketnoi::import::bibtex
