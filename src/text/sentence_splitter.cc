// Sentence splitting over tokens, and paragraph splitting over text.

#include <algorithm>
#include <iterator>
#include <string_view>
#include <vector>

#include "dyad/text.h"

namespace dyad {

namespace {

// Abbreviations that precede a name, a number or a date: a sentence never
// ends after them ("Gen. Smith", "Jan. 27", "No. 3").
constexpr std::string_view kTitleLike[] = {
    "Adm", "Apr", "Aug", "Ave", "Blvd", "Brig", "Capt", "Cmdr", "Col", "Cpl", "Dec", "Dr",
    "Drs", "Ens", "Feb", "Fr", "Ft", "Gen", "Gov", "Hon", "Insp", "Jan", "Jul", "Jun", "Lt",
    "Maj", "Mar", "Messrs", "Mr", "Mrs", "Ms", "Msgr", "Mt", "No", "Nos", "Nov", "Oct", "Pfc",
    "Ph", "Pres", "Prof", "Pvt", "Rep", "Reps", "Rev", "Sen", "Sens", "Sep", "Sept", "Sgt",
    "St", "Supt", "cf", "e.g", "i.e", "vs",
};
static_assert(std::is_sorted(std::begin(kTitleLike), std::end(kTitleLike)));

// Capitalised words that typically begin a sentence. After "U.S.", "Inc.",
// an initial or a dotted acronym, a sentence ends only before one of these.
constexpr std::string_view kStarters[] = {
    "A", "According", "After", "Again", "Also", "Although", "Among", "An", "And", "Another",
    "Any", "As", "At", "Because", "Before", "Both", "But", "By", "Despite", "During", "Each",
    "Earlier", "Even", "Every", "Finally", "For", "From", "Further", "Furthermore", "He",
    "Her", "Here", "His", "How", "However", "I", "If", "In", "Indeed", "It", "Its", "Last",
    "Later", "Many", "Meanwhile", "More", "Moreover", "Most", "My", "Neither", "Nevertheless",
    "No", "Nor", "Not", "Now", "On", "One", "Only", "Or", "Other", "Our", "Over", "Since",
    "So", "Some", "Still", "Such", "That", "The", "Their", "Then", "There", "These", "They",
    "This", "Those", "Thus", "To", "Two", "Under", "We", "What", "When", "Where", "Whether",
    "While", "Who", "Why", "With", "Yet", "You",
};
static_assert(std::is_sorted(std::begin(kStarters), std::end(kStarters)));

bool InList(const std::string_view* b, const std::string_view* e, std::string_view w) {
  return std::binary_search(b, e, w);
}

bool IsTerminal(std::string_view s) {
  if (s == "." || s == "...") return true;
  if (s.empty()) return false;
  for (char c : s)
    if (c != '!' && c != '?') return false;
  return true;
}
bool IsEllipsis(std::string_view s) { return s == "\xE2\x80\xA6" || s == "..."; }

// Whitespace, including the Unicode spaces the tokeniser skips.
bool SpaceAt(std::string_view text, size_t i, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *len = 1;
    return c <= 0x20 || c == 0x7F;
  }
  size_t j = i;
  const char32_t cp = DecodeUtf8(text, j);
  *len = j - i;
  switch (cp) {
    case 0x00A0: case 0x0085: case 0x1680: case 0x2000: case 0x2001: case 0x2002:
    case 0x2003: case 0x2004: case 0x2005: case 0x2006: case 0x2007: case 0x2008:
    case 0x2009: case 0x200A: case 0x200B: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x2060: case 0x3000: case 0xFEFF:
      return true;
    default:
      return false;
  }
}

// Trims whitespace from both ends of [b, e).
Span Trim(std::string_view text, size_t b, size_t e) {
  size_t len;
  while (b < e && SpaceAt(text, b, &len)) b += len;
  while (e > b) {
    // Step back to the start of the last code point (at most 3 continuation bytes).
    size_t s = e - 1;
    int back = 0;
    while (s > b && back < 3 && (static_cast<unsigned char>(text[s]) & 0xC0) == 0x80) {
      --s;
      ++back;
    }
    if (SpaceAt(text, s, &len) && s + len == e) {
      e = s;
    } else if (static_cast<unsigned char>(text[e - 1]) <= 0x20 ||
               static_cast<unsigned char>(text[e - 1]) == 0x7F) {
      --e;
    } else {
      break;
    }
  }
  return Span{static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
}

bool BlankLine(std::string_view text, size_t b, size_t e) {
  size_t len;
  while (b < e) {
    if (!SpaceAt(text, b, &len)) return false;
    b += len;
  }
  return true;
}

}  // namespace

void SentenceSplitter::Split(std::string_view text, const std::vector<RawToken>& tokens,
                             uint32_t first, uint32_t last,
                             std::vector<SentenceBounds>& out) const {
  if (last > tokens.size()) last = static_cast<uint32_t>(tokens.size());
  if (first >= last) return;
  auto surface = [&](uint32_t i) { return Slice(text, tokens[i].span); };
  auto starts_lower = [&](uint32_t i) {
    const std::string_view s = surface(i);
    return !s.empty() && s[0] >= 'a' && s[0] <= 'z';
  };
  auto continues = [&](uint32_t i) {  // punctuation that cannot start a sentence
    const std::string_view s = surface(i);
    return s == "," || s == ";" || s == ":" || s == ")" || s == "]" || s == "%";
  };
  auto opening_quote = [&](uint32_t i) {
    const std::string_view s = surface(i);
    return s == "\xE2\x80\x9C" || s == "\xE2\x80\x98" || s == "\"" || s == "'" || s == "``" ||
           s == "\xC2\xAB";
  };
  // Closing punctuation after a terminal at i: returns the index after it.
  auto absorb_closers = [&](uint32_t i) {
    uint32_t j = i + 1;
    while (j < last) {
      const std::string_view s = surface(j);
      const bool glued = !(tokens[j - 1].flags & kTokSpaceAfter);
      if (s == "\xE2\x80\x9D" || s == "\xC2\xBB" || s == ")" || s == "]" || s == "}" ||
          s == "''" || s == "\xE2\x80\xBA") {
        ++j;
      } else if ((s == "\"" || s == "'" || s == "\xE2\x80\x99") && glued) {
        ++j;
      } else {
        break;
      }
    }
    return j;
  };
  // Is token i (after an abbreviation or an ellipsis) a sentence start?
  auto starter = [&](uint32_t i, bool any_capital) {
    uint32_t k = i;
    if (opening_quote(k) && k + 1 < last) {
      ++k;
      any_capital = true;  // `U.S. "We will ...`
    }
    if (!(tokens[k].flags & kTokCapitalised)) return false;
    if (any_capital) return true;
    return InList(std::begin(kStarters), std::end(kStarters), surface(k));
  };

  uint32_t start = first;
  uint32_t i = first;
  while (i < last) {
    const RawToken& t = tokens[i];
    const std::string_view s = surface(i);
    bool boundary = false;
    uint32_t next = i + 1;
    if ((t.flags & kTokPunct) && !(t.flags & kTokQuote) &&
        (IsTerminal(s) || s == "\xE2\x80\xA6")) {
      next = absorb_closers(i);
      if (next < last) {
        if (IsEllipsis(s)) {
          boundary = starter(next, /*any_capital=*/true);
        } else {
          boundary = !starts_lower(next) && !continues(next);
        }
      }
    } else if ((t.flags & kTokAbbrev) && s.size() >= 2 && s.back() == '.') {
      next = absorb_closers(i);
      if (next < last) {
        const std::string_view body = s.substr(0, s.size() - 1);
        if (InList(std::begin(kTitleLike), std::end(kTitleLike), body)) {
          boundary = false;
        } else {
          boundary = starter(next, /*any_capital=*/body == "etc");
        }
      }
    }
    if (boundary) {
      out.push_back(SentenceBounds{start, next});
      start = next;
    }
    i = next;
  }
  if (start < last) out.push_back(SentenceBounds{start, last});
}

std::vector<Span> SplitParagraphs(std::string_view text) {
  std::vector<Span> out;
  const size_t n = text.size();
  if (n == 0) return out;
  // Pass 1: is there a blank line between two non-blank lines?
  bool blank_mode = false, has_newline = false;
  {
    bool seen_text = false, pending_blank = false;
    size_t b = 0;
    while (b <= n) {
      size_t e = text.find('\n', b);
      if (e == std::string_view::npos) e = n;
      else has_newline = true;
      if (BlankLine(text, b, e)) {
        if (seen_text) pending_blank = true;
      } else {
        if (pending_blank) {
          blank_mode = true;
          break;
        }
        seen_text = true;
      }
      b = e + 1;
    }
  }
  auto add = [&](size_t b, size_t e) {
    const Span s = Trim(text, b, e);
    if (!s.empty()) out.push_back(s);
  };
  if (!has_newline) {
    add(0, n);
    return out;
  }
  // Pass 2: group lines.
  size_t para_begin = 0;
  bool in_para = false;
  size_t b = 0;
  while (b <= n) {
    size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = n;
    const bool blank = BlankLine(text, b, e);
    if (!blank_mode) {
      if (!blank) add(b, e);
    } else if (blank) {
      if (in_para) add(para_begin, b);
      in_para = false;
    } else if (!in_para) {
      para_begin = b;
      in_para = true;
    }
    b = e + 1;
  }
  if (blank_mode && in_para) add(para_begin, n);
  return out;
}

}  // namespace dyad
