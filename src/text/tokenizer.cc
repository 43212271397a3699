// Tokeniser for news English.
//
// One left-to-right pass over the bytes. ASCII is classified through a
// 256-entry table; non-ASCII code points are decoded in place and classified
// (spaces, quotes, dashes, ellipsis, letters, symbols). Every look-ahead is
// bounded, and the one unbounded probe (e-mail local parts) is memoised, so
// the tokeniser is linear in the input however it is shaped.

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "dyad/text.h"

namespace dyad {

namespace {

enum : uint8_t {
  kSpace = 1,   // ASCII whitespace and control characters: never inside a token
  kUpper = 2,
  kLower = 4,
  kDigit = 8,
  kPunctC = 16,
  kHigh = 32,   // byte >= 0x80: decode
};
constexpr uint8_t kAlnum = kUpper | kLower | kDigit;

constexpr std::array<uint8_t, 256> MakeTable() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    uint8_t k;
    if (c >= 0x80) k = kHigh;
    else if (c <= 0x20 || c == 0x7F) k = kSpace;
    else if (c >= 'A' && c <= 'Z') k = kUpper;
    else if (c >= 'a' && c <= 'z') k = kLower;
    else if (c >= '0' && c <= '9') k = kDigit;
    else k = kPunctC;
    t[c] = k;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kCls = MakeTable();

enum class Kind : uint8_t {
  kSpace,
  kLetter,      // letters, marks, digits of any script; invalid bytes
  kQuote,       // “ ” ‘ « » ...
  kApostrophe,  // ’ (also a closing single quote)
  kHyphen,      // U+2010, U+2011: joins words like '-'
  kDash,        // – — ...
  kEllipsis,    // …
  kSymbol,      // other punctuation and symbols: one token each
};

struct Cp {
  uint32_t len = 1;
  Kind kind = Kind::kLetter;
  bool upper = false;
  bool lower = false;
};

// Classifies the (non-ASCII) code point starting at s[i], i < n.
inline Cp ClassifyHigh(const unsigned char* s, uint32_t i, uint32_t n) {
  Cp r;
  const unsigned char b0 = s[i];
  char32_t cp;
  uint32_t len;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80) return r;  // invalid: letter, 1 byte
    cp = ((b0 & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (i + 2 >= n || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80) return r;
    cp = ((b0 & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return r;
    len = 3;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (i + 3 >= n || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
        (s[i + 3] & 0xC0) != 0x80)
      return r;
    cp = ((b0 & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) |
         (s[i + 3] & 0x3Fu);
    if (cp < 0x10000 || cp > 0x10FFFF) return r;
    len = 4;
  } else {
    return r;
  }
  r.len = len;
  switch (cp) {
    case 0x00A0: case 0x0085: case 0x1680: case 0x2000: case 0x2001: case 0x2002:
    case 0x2003: case 0x2004: case 0x2005: case 0x2006: case 0x2007: case 0x2008:
    case 0x2009: case 0x200A: case 0x200B: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x2060: case 0x3000: case 0xFEFF:
      r.kind = Kind::kSpace;
      return r;
    case 0x2019: case 0x02BC:
      r.kind = Kind::kApostrophe;
      return r;
    case 0x2018: case 0x201A: case 0x201B: case 0x201C: case 0x201D: case 0x201E:
    case 0x201F: case 0x00AB: case 0x00BB: case 0x2039: case 0x203A:
      r.kind = Kind::kQuote;
      return r;
    case 0x2010: case 0x2011:
      r.kind = Kind::kHyphen;
      return r;
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
      r.kind = Kind::kDash;
      return r;
    case 0x2026:
      r.kind = Kind::kEllipsis;
      return r;
    case 0x00AD: case 0x200C: case 0x200D:  // soft hyphen, ZWNJ, ZWJ: part of words
      return r;
    default:
      break;
  }
  if (cp < 0x80 + 0x20) {  // C1 controls
    r.kind = Kind::kSpace;
    return r;
  }
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
      r.upper = true;
      return r;
    case UTF8PROC_CATEGORY_LL:
      r.lower = true;
      return r;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
      r.kind = Kind::kSpace;
      return r;
    case UTF8PROC_CATEGORY_PD:
      r.kind = Kind::kDash;
      return r;
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
      r.kind = Kind::kQuote;
      return r;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
      r.kind = Kind::kSymbol;
      return r;
    default:
      return r;  // other letters, marks, numbers, format, unassigned
  }
}

inline char AsciiLower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
}

// Sorted; matched exactly (case-sensitive) against the word before the period.
constexpr std::string_view kAbbrevs[] = {
    "Adm", "Ala", "Apr", "Ariz", "Ark", "Aug", "Ave", "Blvd", "Brig", "Bros", "Calif", "Capt",
    "Cmdr", "Co", "Col", "Colo", "Conn", "Corp", "Cpl", "Dec", "Dept", "Dr", "Drs", "Ens",
    "Esq", "Feb", "Fla", "Fr", "Ft", "Gen", "Gov", "Hon", "Inc", "Insp", "Jan", "Jr", "Jul",
    "Jun", "Kan", "Ky", "Lt", "Ltd", "Maj", "Mar", "Md", "Messrs", "Mich", "Minn", "Mr", "Mrs",
    "Ms", "Msgr", "Mt", "Nev", "No", "Nos", "Nov", "Oct", "Okla", "Pfc", "Ph", "Pres", "Prof",
    "Pvt", "Rep", "Reps", "Rev", "Sen", "Sens", "Sep", "Sept", "Sgt", "Sr", "St", "Supt",
    "Tenn", "Tex", "Vt", "Wis", "Wyo", "approx", "cf", "e.g", "est", "etc", "i.e", "vs",
};

static_assert(std::is_sorted(std::begin(kAbbrevs), std::end(kAbbrevs)));

// Dotted acronyms the splitter treats like U.S. (handled structurally).
inline bool IsDottedAcronym(std::string_view w) {
  // letter ('.' letter)+ : "U.S", "e.g", "U.N"
  if (w.size() < 3 || (w.size() % 2) == 0) return false;
  for (size_t k = 0; k < w.size(); ++k) {
    const unsigned char c = static_cast<unsigned char>(w[k]);
    if (k % 2 == 0) {
      if (!(kCls[c] & (kUpper | kLower))) return false;
    } else if (c != '.') {
      return false;
    }
  }
  return true;
}

constexpr std::string_view kTlds[] = {"com", "edu", "gov", "info", "int", "io",  "iq",
                                      "ir",  "mil", "net", "org",  "ru",  "uk"};
static_assert(std::is_sorted(std::begin(kTlds), std::end(kTlds)));

class Scanner {
 public:
  Scanner(std::string_view text, uint32_t begin, uint32_t end, std::vector<RawToken>& out)
      : text_(text),
        s_(reinterpret_cast<const unsigned char*>(text.data())),
        full_(static_cast<uint32_t>(text.size())),
        begin_(begin),
        end_(end),
        out_(out) {}

  void Run() {
    uint32_t i = begin_;
    while (i < end_) {
      const unsigned char c = s_[i];
      const uint8_t k = kCls[c];
      if (k & kSpace) {
        ++i;
        continue;
      }
      if (k & kAlnum) {
        i = ScanWord(i);
        continue;
      }
      if (k & kHigh) {
        const Cp cp = ClassifyHigh(s_, i, end_);
        switch (cp.kind) {
          case Kind::kSpace:
            i += cp.len;
            break;
          case Kind::kLetter:
            i = ScanWord(i);
            break;
          case Kind::kApostrophe:
            i = Apostrophe(i, cp.len);
            break;
          case Kind::kQuote:
            if (cp.len == 3 && s_[i + 1] == 0x80 && (s_[i + 2] == 0x98 || s_[i + 2] == 0x9B))
              single_open_ = true;  // ‘ ‛
            QuoteToken(i, i + cp.len);
            i += cp.len;
            break;
          case Kind::kEllipsis:
          case Kind::kDash:
          case Kind::kHyphen:
          case Kind::kSymbol: {
            const uint32_t e = RunEnd(i, cp.len);
            Emit(i, e, kTokPunct);
            i = e;
            break;
          }
        }
        continue;
      }
      i = AsciiPunct(i);
    }
  }

 private:
  bool IsSpaceAt(uint32_t i) const {
    if (i >= full_) return false;
    const uint8_t k = kCls[s_[i]];
    if (k & kSpace) return true;
    if (!(k & kHigh)) return false;
    return ClassifyHigh(s_, i, full_).kind == Kind::kSpace;
  }
  // A letter or digit (any script) starts at i (< end_).
  bool IsWordAt(uint32_t i) const {
    if (i >= end_) return false;
    const uint8_t k = kCls[s_[i]];
    if (k & kAlnum) return true;
    if (!(k & kHigh)) return false;
    return ClassifyHigh(s_, i, end_).kind == Kind::kLetter;
  }
  bool IsAlphaAt(uint32_t i) const {
    return i < end_ && (kCls[s_[i]] & (kUpper | kLower)) != 0;
  }
  bool IsDigitAt(uint32_t i) const { return i < end_ && (kCls[s_[i]] & kDigit) != 0; }
  bool IsLetterBefore(uint32_t i) const {  // the byte before i belongs to a letter
    if (i == 0) return false;
    const uint8_t k = kCls[s_[i - 1]];
    return (k & (kUpper | kLower | kHigh)) != 0;
  }

  void Emit(uint32_t b, uint32_t e, uint16_t flags) {
    if (IsSpaceAt(e)) flags |= kTokSpaceAfter;
    RawToken t;
    t.span = Span{b, e};
    t.flags = flags;
    out_.push_back(t);
  }

  // Flags of a word-like token from its letters.
  uint16_t WordFlags(uint32_t b, uint32_t e) const {
    uint16_t f = 0;
    uint32_t upper = 0, lower = 0;
    bool first = true, first_upper = false;
    for (uint32_t i = b; i < e;) {
      const uint8_t k = kCls[s_[i]];
      bool u = false, l = false;
      uint32_t len = 1;
      if (k & kHigh) {
        const Cp cp = ClassifyHigh(s_, i, e);
        u = cp.upper;
        l = cp.lower;
        len = cp.len;
      } else {
        u = (k & kUpper) != 0;
        l = (k & kLower) != 0;
      }
      if (first && (u || l || (k & kDigit))) {
        first_upper = u;
        first = false;
      }
      upper += u;
      lower += l;
      i += len;
    }
    if (first_upper) f |= kTokCapitalised;
    if (upper >= 2 && lower == 0) f |= kTokAllCaps;
    return f;
  }

  void EmitWord(uint32_t b, uint32_t e, uint16_t extra) {
    uint16_t f = extra | WordFlags(b, e);
    if (kCls[s_[b]] & kDigit) {
      // "1,000", "19th", "1990s" are numbers; "25-year" is a word.
      bool letters = false, ordinal = false;
      uint32_t j = b;
      while (j < e && !(kCls[s_[j]] & (kUpper | kLower | kHigh))) ++j;
      if (j < e) {
        letters = true;
        std::string_view suf = text_.substr(j, e - j);
        if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th" || suf == "s" ||
            suf == "ST" || suf == "ND" || suf == "RD" || suf == "TH") {
          ordinal = j > b && (kCls[s_[j - 1]] & kDigit);
        }
      }
      f |= (!letters || ordinal) ? kTokNumber : kTokWord;
    } else {
      f |= kTokWord;
    }
    Emit(b, e, f);
  }

  // --- URLs and e-mail addresses -------------------------------------------

  bool PrefixCI(uint32_t i, std::string_view p) const {
    if (end_ - i < p.size()) return false;
    for (size_t k = 0; k < p.size(); ++k)
      if (AsciiLower(s_[i + k]) != p[k]) return false;
    return true;
  }

  bool UrlStart(uint32_t i) const {
    const char c = AsciiLower(s_[i]);
    if (c == 'h') return PrefixCI(i, "http://") || PrefixCI(i, "https://");
    if (c == 'f') return PrefixCI(i, "ftp://");
    if (c == 'w') return PrefixCI(i, "www.") && IsWordAt(i + 4);
    return false;
  }

  // Scans a URL from i (its tail when the start was already consumed) to the
  // next space or quote; strips trailing sentence punctuation.
  uint32_t ScanUrlFrom(uint32_t start, uint32_t i) {
    uint32_t j = i;
    int open = 0, close = 0;
    while (j < end_) {
      const unsigned char c = s_[j];
      const uint8_t k = kCls[c];
      if (k & kSpace) break;
      if (k & kHigh) {
        const Cp cp = ClassifyHigh(s_, j, end_);
        if (cp.kind == Kind::kSpace || cp.kind == Kind::kQuote || cp.kind == Kind::kApostrophe ||
            cp.kind == Kind::kEllipsis || cp.kind == Kind::kDash)
          break;
        j += cp.len;
        continue;
      }
      if (c == '"' || c == '<' || c == '>' || c == '`' || c == '|' || c == '\\' || c == '{' ||
          c == '}')
        break;
      if (c == '(') ++open;
      if (c == ')') ++close;
      ++j;
    }
    while (j > i) {
      const unsigned char c = s_[j - 1];
      if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' ||
          c == ']') {
        --j;
      } else if (c == ')' && close > open) {
        --close;
        --j;
      } else {
        break;
      }
    }
    Emit(start, j, kTokUrl);
    return j;
  }

  static bool EmailLocalChar(unsigned char c) {
    return (kCls[c] & kAlnum) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  // Returns the end of an e-mail address starting at i, or 0.
  uint32_t TryEmail(uint32_t i) {
    if (i < email_fail_until_) return 0;
    uint32_t j = i;
    while (j < end_ && EmailLocalChar(s_[j])) ++j;
    if (j >= end_ || s_[j] != '@') {
      email_fail_until_ = j;
      return 0;
    }
    uint32_t k = j + 1;
    bool dot = false;
    uint32_t last_ok = 0;
    while (k < end_) {
      const unsigned char c = s_[k];
      if (kCls[c] & kAlnum) {
        if (dot) last_ok = k + 1;
        ++k;
      } else if (c == '.' || c == '-') {
        if (c == '.' && k > j + 1 && (kCls[s_[k - 1]] & kAlnum)) dot = true;
        ++k;
      } else {
        break;
      }
    }
    if (last_ok == 0 || j == i) {
      email_fail_until_ = j + 1;
      return 0;
    }
    return last_ok;
  }

  // --- Words and numbers ---------------------------------------------------

  // Decides whether the apostrophe at p (len bytes) starts a clitic of the
  // word [b, p); if so emits the word and the clitic and returns the end.
  uint32_t TryClitic(uint32_t b, uint32_t p, uint32_t alen) {
    const uint32_t q = p + alen;
    if (q >= end_) return 0;
    const char c1 = AsciiLower(s_[q]);
    const char c2 = q + 1 < end_ ? AsciiLower(s_[q + 1]) : '\0';
    uint32_t cl = 0;
    if (c1 == 's' || c1 == 'm' || c1 == 'd') {
      cl = 1;
    } else if ((c1 == 'l' && c2 == 'l') || (c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e')) {
      cl = 2;
    } else if (c1 == 't' && p - b >= 2 && AsciiLower(s_[p - 1]) == 'n') {
      if (IsWordAt(q + 1)) return 0;
      EmitWord(b, p - 1, 0);
      Emit(p - 1, q + 1, kTokWord);
      return q + 1;
    }
    if (cl == 0 || IsWordAt(q + cl)) return 0;
    EmitWord(b, p, 0);
    Emit(p, q + cl, kTokWord);
    return q + cl;
  }

  uint32_t ScanWord(uint32_t b) {
    const uint8_t k0 = kCls[s_[b]];
    if (k0 & (kUpper | kLower)) {
      if (UrlStart(b)) return ScanUrlFrom(b, b);
    }
    if (k0 & kAlnum) {
      if (const uint32_t e = TryEmail(b)) {
        Emit(b, e, kTokEmail);
        return e;
      }
    }
    uint32_t p = b;
    bool dotted = false;
    // Dotted acronyms and initials: "U.S.", "e.g.", "U.N.", "J.".
    if ((k0 & (kUpper | kLower)) && b + 1 < end_ && s_[b + 1] == '.') {
      uint32_t q = b;
      while (q + 1 < end_ && IsAlphaAt(q) && s_[q + 1] == '.') q += 2;
      const uint32_t n = (q - b) / 2;
      if (n >= 2) {
        if (IsWordAt(q)) {  // "U.S" + letter: glued next word, keep the acronym
          if ((kCls[s_[q]] & kUpper) && !IsWordAt(q + 1) && (k0 & kUpper)) q += 1;  // "U.S"
        }
        p = q;
        dotted = true;
      } else if ((k0 & kUpper) && !IsWordAt(b + 2)) {
        Emit(b, b + 2, kTokWord | kTokAbbrev | kTokCapitalised);  // initial "J."
        return b + 2;
      } else if ((k0 & kUpper) && IsAlphaAt(b + 2) && (kCls[s_[b + 2]] & kUpper) &&
                 !IsWordAt(b + 3)) {
        p = b + 3;  // "U.S" without its final period
        dotted = true;
      }
      if (dotted) {
        if (!(p + 1 < end_ && s_[p] == '-' && IsWordAt(p + 1))) {
          const bool final_dot = s_[p - 1] == '.';
          EmitWord(b, p, final_dot ? kTokAbbrev : 0);
          return p;
        }
        // "U.S.-led": continue as a hyphenated word below.
      }
    }
    uint32_t connectors = dotted ? 1 : 0;
    bool url_tail = false;
    for (;;) {
      // A run of letters and digits.
      while (p < end_) {
        const uint8_t k = kCls[s_[p]];
        if (k & kAlnum) {
          ++p;
          continue;
        }
        if (k & kHigh) {
          const Cp cp = ClassifyHigh(s_, p, end_);
          if (cp.kind == Kind::kLetter) {
            p += cp.len;
            continue;
          }
        }
        break;
      }
      if (p >= end_) break;
      const unsigned char c = s_[p];
      const uint8_t prev = kCls[s_[p - 1]];
      const bool prev_digit = (prev & kDigit) != 0;
      if (c == '-' || c == '_') {
        if (IsWordAt(p + 1)) {
          p += 1;
          ++connectors;
          continue;
        }
        break;
      }
      if (c == '.') {
        if (prev_digit && IsDigitAt(p + 1)) {
          p += 1;
          ++connectors;
          continue;
        }
        if ((prev & (kUpper | kLower)) && p + 1 < end_ && (kCls[s_[p + 1]] & kLower) &&
            p >= domain_fail_until_) {
          // "example.com", "bbc.co.uk": a domain when the chain of lower-case
          // segments ends in a known TLD. A failed chain is remembered so no
          // byte is probed twice.
          uint32_t q = p;
          bool ok = false;
          while (q + 1 < end_ && s_[q] == '.' && (kCls[s_[q + 1]] & kLower)) {
            uint32_t r = q + 1;
            while (r < end_ && (kCls[s_[r]] & kLower)) ++r;
            if (IsWordAt(r)) break;
            const std::string_view seg = text_.substr(q + 1, r - q - 1);
            q = r;
            if (!(q + 1 < end_ && s_[q] == '.' && (kCls[s_[q + 1]] & kLower))) {
              ok = std::binary_search(std::begin(kTlds), std::end(kTlds), seg);
              break;
            }
          }
          if (ok) {
            p = q;
            url_tail = true;
            break;
          }
          domain_fail_until_ = q + 1;
        }
        break;
      }
      if (c == ',') {
        if (prev_digit && IsDigitAt(p + 1) && IsDigitAt(p + 2) && IsDigitAt(p + 3) &&
            !IsDigitAt(p + 4)) {
          p += 4;
          ++connectors;
          continue;
        }
        break;
      }
      if (c == ':' || c == '/') {
        if (prev_digit && IsDigitAt(p + 1)) {
          p += 1;
          ++connectors;
          continue;
        }
        break;
      }
      if (c == '&') {
        if ((prev & kUpper) && p + 1 < end_ && (kCls[s_[p + 1]] & kUpper)) {
          p += 1;
          ++connectors;
          continue;
        }
        break;
      }
      uint32_t alen = 0;
      if (c == '\'') {
        alen = 1;
      } else if (kCls[c] & kHigh) {
        const Cp cp = ClassifyHigh(s_, p, end_);
        if (cp.kind == Kind::kApostrophe) {
          alen = cp.len;
        } else if (cp.kind == Kind::kHyphen) {
          if (IsWordAt(p + cp.len)) {
            p += cp.len;
            ++connectors;
            continue;
          }
          break;
        }
      }
      if (alen) {
        if (const uint32_t e = TryClitic(b, p, alen)) return e;
        if (IsLetterBefore(p) && IsWordAt(p + alen) && !(kCls[s_[p + alen]] & kDigit)) {
          p += alen;  // "O'Brien"
          ++connectors;
          continue;
        }
      }
      break;
    }
    if (url_tail) {
      if (p < end_ && s_[p] == '/') return ScanUrlFrom(b, p);
      Emit(b, p, kTokUrl);
      return p;
    }
    // Known abbreviations keep their period: "Jan.", "Gen.", "Mr.", "etc.".
    if (p < end_ && s_[p] == '.' && connectors == 0 && p - b <= 6 && !IsWordAt(p + 1) &&
        IsKnownAbbreviation(text_.substr(b, p - b))) {
      EmitWord(b, p + 1, kTokAbbrev);
      return p + 1;
    }
    // "cannot" -> "can" + "not" (as in UD English).
    if (p - b == 6 && AsciiLower(s_[b]) == 'c' && AsciiLower(s_[b + 1]) == 'a' &&
        AsciiLower(s_[b + 2]) == 'n' && AsciiLower(s_[b + 3]) == 'n' &&
        AsciiLower(s_[b + 4]) == 'o' && AsciiLower(s_[b + 5]) == 't') {
      EmitWord(b, b + 3, 0);
      EmitWord(b + 3, b + 6, 0);
      return p;
    }
    EmitWord(b, p, 0);
    return p;
  }

  // --- Punctuation ---------------------------------------------------------

  void QuoteToken(uint32_t b, uint32_t e) {
    Emit(b, e, kTokPunct | kTokQuote);
  }

  // An apostrophe that did not join a word: possessive "officials'" or a quote.
  uint32_t Apostrophe(uint32_t i, uint32_t len) {
    const bool after_word = i > begin_ && !out_.empty() && out_.back().span.end == i;
    const bool before_word = IsWordAt(i + len);
    if (after_word && before_word) {  // "U.S.'s": a clitic after a token
      const char c1 = AsciiLower(s_[i + len]);
      const char c2 = i + len + 1 < end_ ? AsciiLower(s_[i + len + 1]) : '\0';
      uint32_t cl = 0;
      if (c1 == 's' || c1 == 'm' || c1 == 'd') cl = 1;
      else if ((c1 == 'l' && c2 == 'l') || (c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e'))
        cl = 2;
      if (cl && !IsWordAt(i + len + cl)) {
        Emit(i, i + len + cl, kTokWord);
        return i + len + cl;
      }
    }
    if (after_word && !before_word && (out_.back().flags & kTokWord) &&
        (s_[i - 1] == 's' || s_[i - 1] == 'S') && !single_open_) {
      Emit(i, i + len, kTokPunct);  // possessive plural
      return i + len;
    }
    if (!after_word && before_word) {
      single_open_ = true;
    } else if (after_word) {
      single_open_ = false;
    }
    QuoteToken(i, i + len);
    return i + len;
  }

  uint32_t AsciiPunct(uint32_t i) {
    const unsigned char c = s_[i];
    switch (c) {
      case '.': {
        uint32_t j = i;
        while (j < end_ && s_[j] == '.') ++j;
        Emit(i, j - i >= 3 ? j : i + 1, kTokPunct);
        return j - i >= 3 ? j : i + 1;
      }
      case '-': {
        uint32_t j = i;
        while (j < end_ && s_[j] == '-') ++j;
        Emit(i, j, kTokPunct);
        return j;
      }
      case '!':
      case '?': {
        uint32_t j = i;
        while (j < end_ && (s_[j] == '!' || s_[j] == '?')) ++j;
        Emit(i, j, kTokPunct);
        return j;
      }
      case '`': {
        const uint32_t j = (i + 1 < end_ && s_[i + 1] == '`') ? i + 2 : i + 1;
        QuoteToken(i, j);
        return j;
      }
      case '"':
        QuoteToken(i, i + 1);
        return i + 1;
      case '\'': {
        if (i + 1 < end_ && s_[i + 1] == '\'') {
          QuoteToken(i, i + 2);
          return i + 2;
        }
        return Apostrophe(i, 1);
      }
      default: {
        const uint32_t e = RunEnd(i, 1);
        Emit(i, e, kTokPunct);
        return e;
      }
    }
  }

  // A run of one punctuation character or symbol repeated kMinRun times or
  // more ("((((((", "******", "★★★★") is one token, as "----" and "!!!" are:
  // a run carries no more meaning than one of it, and a token costs far more
  // memory than a byte (an attack of 8 MB of "(" would be 8 million tokens).
  // Returns the end of the run, or i + len when the run is shorter.
  uint32_t RunEnd(uint32_t i, uint32_t len) const {
    constexpr uint32_t kMinRun = 4;
    uint32_t j = i + len, n = 1;
    while (j + len <= end_ && std::equal(s_ + i, s_ + i + len, s_ + j)) {
      j += len;
      ++n;
    }
    return n >= kMinRun ? j : i + len;
  }

  std::string_view text_;
  const unsigned char* s_;
  uint32_t full_;
  uint32_t begin_;
  uint32_t end_;
  std::vector<RawToken>& out_;
  uint32_t email_fail_until_ = 0;
  uint32_t domain_fail_until_ = 0;
  bool single_open_ = false;
};

}  // namespace

bool IsKnownAbbreviation(std::string_view w) {
  if (w.empty()) return false;
  if (std::binary_search(std::begin(kAbbrevs), std::end(kAbbrevs), w)) return true;
  if (IsDottedAcronym(w)) return true;
  if (w.size() == 1 && (kCls[static_cast<unsigned char>(w[0])] & kUpper)) return true;  // "J"
  return false;
}

void Tokenizer::Tokenize(std::string_view text, uint32_t begin, uint32_t end,
                         std::vector<RawToken>& out) const {
  if (text.size() > UINT32_MAX) text = text.substr(0, UINT32_MAX);
  if (end > text.size()) end = static_cast<uint32_t>(text.size());
  if (begin >= end) return;
  Scanner(text, begin, end, out).Run();
}

}  // namespace dyad
