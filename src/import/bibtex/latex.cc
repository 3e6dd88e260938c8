#include "import/bibtex/latex.h"

#include <cstddef>

#include "import/internal/scan.h"

namespace ketnoi::import::bibtex {
namespace {

struct Accent {
  std::string_view command;
  std::string_view mark;     // The combining character, UTF-8.
  std::string_view spacing;  // What an accent on nothing ("\~{}") prints.
};

constexpr Accent kAccents[] = {
    {"'", "\u0301", "\u00B4"},  {"`", "\u0300", "`"},      {"^", "\u0302", "^"},
    {"\"", "\u0308", "\u00A8"}, {"~", "\u0303", "~"},      {"=", "\u0304", "\u00AF"},
    {".", "\u0307", "\u02D9"},  {"u", "\u0306", "\u02D8"}, {"v", "\u030C", "\u02C7"},
    {"H", "\u030B", "\u02DD"},  {"c", "\u0327", "\u00B8"}, {"d", "\u0323", ""},
    {"r", "\u030A", "\u02DA"},  {"k", "\u0328", "\u02DB"}, {"b", "\u0331", ""},
    {"t", "\u0361", ""},        {"h", "\u0309", ""},       {"horn", "\u031B", ""},
};

struct Symbol {
  std::string_view command;
  std::string_view text;
};

constexpr Symbol kSymbols[] = {
    // Letters.
    {"o", "ø"},
    {"O", "Ø"},
    {"aa", "å"},
    {"AA", "Å"},
    {"ae", "æ"},
    {"AE", "Æ"},
    {"oe", "œ"},
    {"OE", "Œ"},
    {"ss", "ß"},
    {"SS", "SS"},
    {"l", "ł"},
    {"L", "Ł"},
    {"i", "ı"},
    {"j", "ȷ"},
    {"DJ", "Đ"},
    {"Dj", "Đ"},
    {"dj", "đ"},
    {"DH", "Ð"},
    {"dh", "ð"},
    {"TH", "Þ"},
    {"th", "þ"},
    {"NG", "Ŋ"},
    {"ng", "ŋ"},
    {"ohorn", "ơ"},
    {"OHORN", "Ơ"},
    {"uhorn", "ư"},
    {"UHORN", "Ư"},
    // Punctuation and symbols.
    {"textendash", "–"},
    {"textemdash", "—"},
    {"ldots", "…"},
    {"dots", "…"},
    {"textellipsis", "…"},
    {"textquoteleft", "‘"},
    {"textquoteright", "’"},
    {"textquotedblleft", "“"},
    {"textquotedblright", "”"},
    {"guillemotleft", "«"},
    {"guillemotright", "»"},
    {"S", "§"},
    {"P", "¶"},
    {"copyright", "©"},
    {"textcopyright", "©"},
    {"textregistered", "®"},
    {"texttrademark", "™"},
    {"pounds", "£"},
    {"euro", "€"},
    {"texteuro", "€"},
    {"textdegree", "°"},
    {"textbackslash", "\\"},
    {"textasciitilde", "~"},
    {"textunderscore", "_"},
    {"textbar", "|"},
    {"textless", "<"},
    {"textgreater", ">"},
    {"TeX", "TeX"},
    {"LaTeX", "LaTeX"},
    {"BibTeX", "BibTeX"},
    // Spacing.
    {"quad", " "},
    {"qquad", " "},
    {"space", " "},
    {"enspace", " "},
    {"thinspace", " "},
    {"par", " "},
    {"newline", " "},
    {"linebreak", " "},
    // Math.
    {"alpha", "α"},
    {"beta", "β"},
    {"gamma", "γ"},
    {"delta", "δ"},
    {"epsilon", "ε"},
    {"varepsilon", "ε"},
    {"zeta", "ζ"},
    {"eta", "η"},
    {"theta", "θ"},
    {"kappa", "κ"},
    {"lambda", "λ"},
    {"mu", "μ"},
    {"nu", "ν"},
    {"xi", "ξ"},
    {"pi", "π"},
    {"rho", "ρ"},
    {"sigma", "σ"},
    {"tau", "τ"},
    {"phi", "φ"},
    {"varphi", "φ"},
    {"chi", "χ"},
    {"psi", "ψ"},
    {"omega", "ω"},
    {"Gamma", "Γ"},
    {"Delta", "Δ"},
    {"Theta", "Θ"},
    {"Lambda", "Λ"},
    {"Xi", "Ξ"},
    {"Pi", "Π"},
    {"Sigma", "Σ"},
    {"Phi", "Φ"},
    {"Psi", "Ψ"},
    {"Omega", "Ω"},
    {"infty", "∞"},
    {"times", "×"},
    {"pm", "±"},
    {"cdot", "·"},
    {"leq", "≤"},
    {"le", "≤"},
    {"geq", "≥"},
    {"ge", "≥"},
    {"neq", "≠"},
    {"approx", "≈"},
    {"to", "→"},
    {"rightarrow", "→"},
};

const Accent* FindAccent(std::string_view command) {
  for (const Accent& accent : kAccents) {
    if (accent.command == command) return &accent;
  }
  return nullptr;
}

const Symbol* FindSymbol(std::string_view command) {
  for (const Symbol& symbol : kSymbols) {
    if (symbol.command == command) return &symbol;
  }
  return nullptr;
}

// True if `text` at `at` starts a combining diacritical mark (U+0300..U+036F).
bool IsCombiningMarkAt(std::string_view text, size_t at) {
  if (at + 1 >= text.size()) return false;
  const auto lead = static_cast<unsigned char>(text[at]);
  const auto next = static_cast<unsigned char>(text[at + 1]);
  return (lead == 0xCC && next >= 0x80) || (lead == 0xCD && next <= 0xAF);
}

// Appends `base` with `accent`'s mark after its first letter and the marks already on it,
// so that stacked accents keep their order: "e" + U+0302, then U+0303 after both.
void AppendAccented(std::string_view base, const Accent& accent, std::string* out) {
  if (base.empty()) {
    out->append(accent.spacing);
    return;
  }
  size_t first = internal::Utf8SequenceLength(static_cast<unsigned char>(base[0]));
  if (first > base.size()) first = base.size();
  // An accent on a dotless i or j means an accent on i or j: NFC has no composition of
  // U+0131 with U+0301, and "\'{\i}" is how "í" was written before UTF-8.
  if (base.substr(0, first) == "ı") {
    out->push_back('i');
  } else if (base.substr(0, first) == "ȷ") {
    out->push_back('j');
  } else {
    out->append(base.substr(0, first));
  }
  size_t at = first;
  while (IsCombiningMarkAt(base, at)) at += 2;
  out->append(base.substr(first, at - first));
  out->append(accent.mark);
  out->append(base.substr(at));
}

class Decoder {
 public:
  explicit Decoder(std::string_view input) : input_(input) {}

  std::string Run() {
    std::string out;
    out.reserve(input_.size());
    DecodeSequence(0, /*in_group=*/false, &out);
    return out;
  }

 private:
  bool AtEnd() const { return pos_ >= input_.size(); }
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < input_.size() ? input_[pos_ + ahead] : '\0';
  }
  void SkipSpaces() {
    while (!AtEnd() && internal::IsAsciiSpace(input_[pos_])) ++pos_;
  }

  // Decodes until the end of input or, when `in_group`, past the '}' closing the group.
  void DecodeSequence(int depth, bool in_group, std::string* out) {
    while (!AtEnd()) {
      const char c = input_[pos_];
      switch (c) {
        case '{':
          ++pos_;
          // Past the depth limit braces are dropped rather than followed.
          if (depth < kMaxLatexDepth) DecodeSequence(depth + 1, /*in_group=*/true, out);
          break;
        case '}':
          ++pos_;
          if (in_group) return;
          break;
        case '\\':
          DecodeCommand(depth, out);
          break;
        case '$':
          ++pos_;
          break;
        case '~':
          ++pos_;
          out->push_back(' ');
          break;
        case '-':
          if (Peek(1) == '-' && Peek(2) == '-') {
            pos_ += 3;
            out->append("—");
          } else if (Peek(1) == '-') {
            pos_ += 2;
            out->append("–");
          } else {
            ++pos_;
            out->push_back('-');
          }
          break;
        case '`':
          if (Peek(1) == '`') {
            pos_ += 2;
            out->append("“");
          } else {
            ++pos_;
            out->append("‘");
          }
          break;
        case '\'':
          if (Peek(1) == '\'') {
            pos_ += 2;
            out->append("”");
          } else {
            ++pos_;
            out->push_back('\'');
          }
          break;
        default:
          ++pos_;
          out->push_back(c);
      }
    }
  }

  // Decodes the command at the backslash under `pos_`.
  void DecodeCommand(int depth, std::string* out) {
    ++pos_;  // The backslash.
    if (AtEnd()) return;
    const char c = input_[pos_];
    if (internal::IsAsciiLetter(c)) {
      const size_t start = pos_;
      while (!AtEnd() && internal::IsAsciiLetter(input_[pos_])) ++pos_;
      const std::string_view name = input_.substr(start, pos_ - start);
      // TeX ignores the spaces after a control word.
      SkipSpaces();
      if (const Accent* accent = FindAccent(name)) {
        DecodeAccent(*accent, depth, out);
      } else if (const Symbol* symbol = FindSymbol(name)) {
        out->append(symbol->text);
      }
      // Any other command: its name is dropped; its arguments are read as text by the caller.
      return;
    }
    const std::string_view symbol(&input_[pos_], 1);
    if (const Accent* accent = FindAccent(symbol)) {
      ++pos_;
      DecodeAccent(*accent, depth, out);
      return;
    }
    switch (c) {
      case '&':
      case '%':
      case '$':
      case '#':
      case '_':
      case '{':
      case '}':
        ++pos_;
        out->push_back(c);
        return;
      case ' ':
      case '\t':
      case '\n':
      case '\r':
      case '\\':
      case ',':
      case ';':
      case ':':
        ++pos_;
        out->push_back(' ');
        return;
      case '!':
      case '-':
      case '/':
      case '@':
        ++pos_;  // Negative space, hyphenation point, italic correction, end of sentence.
        return;
      default:
        return;  // Only the backslash is dropped; the character is read as text.
    }
  }

  // Reads the argument of `accent` (a group, a command or one character) and appends it
  // accented.
  void DecodeAccent(const Accent& accent, int depth, std::string* out) {
    SkipSpaces();
    std::string argument;
    if (AtEnd() || Peek() == '}') {
      out->append(accent.spacing);
      return;
    }
    if (depth >= kMaxLatexDepth) return;
    if (Peek() == '{') {
      ++pos_;
      DecodeSequence(depth + 1, /*in_group=*/true, &argument);
    } else if (Peek() == '\\') {
      DecodeCommand(depth + 1, &argument);
    } else {
      size_t length = internal::Utf8SequenceLength(static_cast<unsigned char>(Peek()));
      if (pos_ + length > input_.size()) length = input_.size() - pos_;
      argument.assign(input_.substr(pos_, length));
      pos_ += length;
    }
    AppendAccented(argument, accent, out);
  }

  std::string_view input_;
  size_t pos_ = 0;
};

}  // namespace

std::string DecodeLatex(std::string_view latex) { return Decoder(latex).Run(); }

std::string DecodeLatexVerbatim(std::string_view latex) {
  std::string out;
  out.reserve(latex.size());
  for (size_t i = 0; i < latex.size(); ++i) {
    const char c = latex[i];
    if (c == '{' || c == '}') continue;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i + 1 == latex.size()) break;
    if (internal::IsAsciiLetter(latex[i + 1])) {
      while (i + 1 < latex.size() && internal::IsAsciiLetter(latex[i + 1])) ++i;
      continue;
    }
    out.push_back(latex[++i]);
  }
  return out;
}

}  // namespace ketnoi::import::bibtex
