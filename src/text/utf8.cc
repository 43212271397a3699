// UTF-8 helpers: validation, repair, decoding, typographic folding, lower-casing.

#include <utf8proc.h>

#include <cstring>
#include <string>
#include <string_view>

#include "dyad/text.h"

namespace dyad {

namespace {

// Decodes the well-formed sequence at p[0, avail) following Unicode Table 3-7.
// Returns its length (1..4) and sets *cp, or returns 0 when it is ill-formed;
// then *subpart is the length of the maximal ill-formed subpart (>= 1), which
// is what one U+FFFD replaces under the Unicode "best practice".
inline size_t DecodeSeq(const unsigned char* p, size_t avail, char32_t* cp, size_t* subpart) {
  const unsigned char b0 = p[0];
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  char32_t v;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    v = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    v = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    v = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    *subpart = 1;
    return 0;
  }
  for (size_t k = 1; k <= need; ++k) {
    if (k >= avail) {
      *subpart = k;
      return 0;
    }
    const unsigned char b = p[k];
    const unsigned char l = (k == 1) ? lo : 0x80;
    const unsigned char h = (k == 1) ? hi : 0xBF;
    if (b < l || b > h) {
      *subpart = k;
      return 0;
    }
    v = (v << 6) | (b & 0x3F);
  }
  *cp = v;
  return need + 1;
}

inline bool AllAscii(std::string_view s) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ULL) return false;
  }
  for (; i < n; ++i)
    if (p[i] & 0x80) return false;
  return true;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    char32_t cp;
    size_t sub;
    const size_t len = DecodeSeq(p + i, n - i, &cp, &sub);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

size_t RepairUtf8(std::string& s) {
  if (IsValidUtf8(s)) return 0;
  std::string out;
  out.reserve(s.size() + 16);
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0, replaced = 0;
  while (i < n) {
    char32_t cp;
    size_t sub = 1;
    const size_t len = DecodeSeq(p + i, n - i, &cp, &sub);
    if (len == 0) {
      out.append("\xEF\xBF\xBD");
      ++replaced;
      i += sub;
    } else {
      out.append(s, i, len);
      i += len;
    }
  }
  s.swap(out);
  return replaced;
}

char32_t DecodeUtf8(std::string_view s, size_t& i) {
  if (i >= s.size()) return 0;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
  char32_t cp;
  size_t sub;
  const size_t len = DecodeSeq(p, s.size() - i, &cp, &sub);
  if (len == 0) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return cp;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string FoldTypography(std::string_view s) {
  if (AllAscii(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      out.push_back(static_cast<char>(p[i]));
      ++i;
      continue;
    }
    char32_t cp;
    size_t sub = 1;
    const size_t len = DecodeSeq(p + i, n - i, &cp, &sub);
    if (len == 0) {  // keep invalid bytes as they are
      out.append(s.substr(i, sub));
      i += sub;
      continue;
    }
    switch (cp) {
      case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC:
        out.push_back('\'');
        break;
      case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
      case 0x00AB: case 0x00BB:
        out.push_back('"');
        break;
      case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
      case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
        out.push_back('-');
        break;
      case 0x2026:
        out.append("...");
        break;
      case 0x00A0: case 0x1680: case 0x2000: case 0x2001: case 0x2002: case 0x2003:
      case 0x2004: case 0x2005: case 0x2006: case 0x2007: case 0x2008: case 0x2009:
      case 0x200A: case 0x202F: case 0x205F: case 0x3000:
        out.push_back(' ');
        break;
      case 0x00AD:  // soft hyphen: invisible, dropped
        break;
      default:
        out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string Lowercase(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  if (AllAscii(s)) {
    for (char c : s) out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
    return out;
  }
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      out.push_back((b >= 'A' && b <= 'Z') ? static_cast<char>(b + 32) : static_cast<char>(b));
      ++i;
      continue;
    }
    utf8proc_int32_t cp = -1;
    const utf8proc_ssize_t len =
        utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(n - i), &cp);
    if (len <= 0 || cp < 0) {  // invalid byte: copied unchanged
      out.push_back(static_cast<char>(b));
      ++i;
      continue;
    }
    const utf8proc_int32_t low = utf8proc_tolower(cp);
    if (low == cp) {
      out.append(s.substr(i, static_cast<size_t>(len)));
    } else {
      AppendUtf8(out, static_cast<char32_t>(low));
    }
    i += static_cast<size_t>(len);
  }
  return out;
}

}  // namespace dyad
