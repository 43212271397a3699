#include "extract/clean_util.h"

namespace dyad::extract {

size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp) {
  const size_t n = s.size();
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t len = 0;
  char32_t c = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, c = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, c = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, c = b0 & 0x07, min = 0x10000;
  } else {
    *cp = kBadCodepoint;
    return 1;
  }
  if (i + len > n) {
    *cp = kBadCodepoint;
    return 1;
  }
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      *cp = kBadCodepoint;
      return 1;
    }
    c = (c << 6) | (b & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    *cp = kBadCodepoint;
    return 1;
  }
  *cp = c;
  return len;
}

size_t DecodeUtf8Before(std::string_view s, size_t end, char32_t* cp) {
  if (end == 0) {
    *cp = 0;
    return 0;
  }
  // Walk back over at most 3 continuation bytes to a lead byte.
  size_t start = end - 1;
  for (int k = 0; k < 3 && start > 0 &&
                  (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80;
       ++k) {
    --start;
  }
  size_t len = DecodeUtf8(s, start, cp);
  if (start + len != end) {  // not a well-formed sequence ending at `end`
    *cp = kBadCodepoint;
    return 1;
  }
  return len;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    char32_t c;
    size_t len = DecodeUtf8(s, i, &c);
    if (c == kBadCodepoint && len == 1 && static_cast<unsigned char>(s[i]) >= 0x80) return false;
    i += len;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view s, size_t max_bytes) {
  std::string out;
  out.reserve(s.size() < max_bytes ? s.size() : max_bytes);
  for (size_t i = 0; i < s.size();) {
    char32_t c;
    size_t len = DecodeUtf8(s, i, &c);
    if (out.size() + len > max_bytes) break;
    if (c == kBadCodepoint && len == 1 && static_cast<unsigned char>(s[i]) >= 0x80) {
      out.push_back(' ');
    } else if (c < 0x20 && c != '\n' && c != '\t') {
      out.push_back(' ');  // NUL and other controls: cld2 wants text
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

bool IsSpaceCp(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0xA0 || (c >= 0x2000 && c <= 0x200D) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool IsDashCp(char32_t c) { return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212; }

bool IsLatinExtLetter(char32_t c) {
  return c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7;
}

bool IsLetterCp(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c == kBadCodepoint) return false;
  if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA;
  if (c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // punctuation, symbols, arrows...
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
  if (c >= 0xFE30 && c <= 0xFE4F) return false;
  if (c >= 0xFF00 && c <= 0xFF20) return false;  // fullwidth punctuation/digits
  if (IsSpaceCp(c)) return false;
  if (c >= 0xE000 && c <= 0xF8FF) return false;  // private use
  if (c >= 0x1F000) return false;                // emoji and friends
  return true;
}

bool IsUpperCp(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0x100 && c <= 0x17F) return (c % 2) == 0;  // Latin Extended-A, roughly
  if (c >= 0x391 && c <= 0x3A9) return true;          // Greek capitals
  if (c >= 0x410 && c <= 0x42F) return true;          // Cyrillic capitals
  return false;
}

bool IsLowerCp(char32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  if (c >= 0xDF && c <= 0xFF) return c != 0xF7;
  if (c >= 0x100 && c <= 0x17F) return (c % 2) == 1;
  if (c >= 0x3B1 && c <= 0x3C9) return true;
  if (c >= 0x430 && c <= 0x44F) return true;
  return false;
}

void TrimRange(std::string_view s, size_t* begin, size_t* end) {
  size_t b = *begin, e = *end;
  while (b < e) {
    char32_t c;
    size_t len = DecodeUtf8(s, b, &c);
    if (!IsSpaceCp(c) || b + len > e) break;
    b += len;
  }
  while (e > b) {
    char32_t c;
    size_t len = DecodeUtf8Before(s, e, &c);
    if (len == 0 || !IsSpaceCp(c) || e - len < b) break;
    e -= len;
  }
  *begin = b;
  *end = e;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  TrimRange(s, &b, &e);
  return s.substr(b, e - b);
}

std::string Normalise(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (size_t i = 0; i < s.size();) {
    char32_t c;
    size_t len = DecodeUtf8(s, i, &c);
    if (IsSpaceCp(c)) {
      pending_space = !out.empty();
      i += len;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    if (c < 0x80) {
      char ch = static_cast<char>(c);
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      out.push_back(ch);
    } else if (c == 0x2018 || c == 0x2019 || c == 0x201B || c == 0x2032) {
      out.push_back('\'');
    } else if (c == 0x201C || c == 0x201D || c == 0x201E || c == 0x00AB || c == 0x00BB) {
      out.push_back('"');
    } else if (IsDashCp(c)) {
      out.push_back('-');
    } else if (c == 0x2026) {
      out.append("...");
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

}  // namespace dyad::extract
