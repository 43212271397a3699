// Charset detection and conversion to UTF-8 for web pages.
//
// Order of evidence, as browsers use it: byte-order mark, the HTTP
// Content-Type header, <meta charset> or <meta http-equiv=Content-Type> in the
// first 4 KB; then sniffing. Pages that declare Latin-1/windows-1252 but are
// valid UTF-8 with multi-byte sequences are read as UTF-8 (a common
// misdeclaration). windows-1252 / Latin-1 / UTF-8 are converted here; other
// charsets go through glibc's iconv.
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <string_view>

#include "dyad/extract.h"
#include "dyad/text.h"

namespace dyad {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Canonical label of an encoding name (WHATWG labels, the common ones).
std::string CanonicalCharset(std::string_view name) {
  std::string l = Lower(name);
  while (!l.empty() && (IsSpace(l.back()) || l.back() == '"' || l.back() == '\'' || l.back() == ';'))
    l.pop_back();
  size_t b = 0;
  while (b < l.size() && (IsSpace(l[b]) || l[b] == '"' || l[b] == '\'')) ++b;
  l = l.substr(b);
  if (l.empty()) return "";
  if (l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8" || l == "x-unicode20utf8")
    return "utf-8";
  if (l == "iso-8859-1" || l == "iso8859-1" || l == "latin1" || l == "l1" || l == "us-ascii" ||
      l == "ascii" || l == "windows-1252" || l == "cp1252" || l == "x-cp1252" ||
      l == "iso_8859-1" || l == "iso-ir-100" || l == "cp819" || l == "ibm819" || l == "8859-1")
    return "windows-1252";  // WHATWG: all of these are windows-1252
  if (l == "utf-16" || l == "utf-16le" || l == "unicode") return "utf-16le";
  if (l == "utf-16be") return "utf-16be";
  if (l == "shift_jis" || l == "sjis" || l == "x-sjis" || l == "ms_kanji" || l == "windows-31j")
    return "shift_jis";
  if (l == "gb2312" || l == "gbk" || l == "x-gbk" || l == "cp936") return "gbk";
  if (l == "big5" || l == "big5-hkscs") return "big5";
  if (l == "euc-kr" || l == "ks_c_5601-1987" || l == "windows-949") return "euc-kr";
  if (l == "koi8-r" || l == "koi8r") return "koi8-r";
  if (l == "iso-8859-15" || l == "latin9" || l == "l9") return "iso-8859-15";
  if (l.size() > 7 && l.compare(0, 8, "windows-") == 0) return l;
  if (l.size() > 8 && l.compare(0, 9, "iso-8859-") == 0) return l;
  return l;
}

// "text/html; charset=ISO-8859-1" -> "ISO-8859-1".
std::string CharsetParam(std::string_view content_type) {
  std::string l = Lower(content_type.substr(0, 1024));
  size_t p = l.find("charset");
  if (p == std::string::npos) return "";
  p += 7;
  while (p < l.size() && IsSpace(l[p])) ++p;
  if (p >= l.size() || l[p] != '=') return "";
  ++p;
  while (p < l.size() && (IsSpace(l[p]) || l[p] == '"' || l[p] == '\'')) ++p;
  size_t e = p;
  while (e < l.size() && !IsSpace(l[e]) && l[e] != ';' && l[e] != '"' && l[e] != '\'' &&
         l[e] != '>' && l[e] != '/')
    ++e;
  return l.substr(p, e - p);
}

// <meta charset="..."> or <meta http-equiv="Content-Type" content="...charset=...">
// in the prefix (a simple scan, not the tree: the tree is built after decoding).
std::string MetaCharset(std::string_view bytes) {
  std::string head = Lower(bytes.substr(0, 4096));
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    size_t end = head.find('>', pos);
    if (end == std::string::npos) end = head.size();
    std::string_view tag(head.data() + pos, end - pos);
    size_t c = tag.find("charset");
    if (c != std::string_view::npos) {
      size_t p = c + 7;
      while (p < tag.size() && IsSpace(tag[p])) ++p;
      if (p < tag.size() && tag[p] == '=') {
        // Either <meta charset=X> or content="text/html; charset=X".
        std::string v = CharsetParam(tag.substr(c));
        if (!v.empty()) return v;
      }
    }
    pos = end;
  }
  return "";
}

bool HasMultibyte(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

constexpr char32_t k1252[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

std::string From1252(std::string_view s, size_t* replaced) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else if (c < 0xA0) {
      char32_t cp = k1252[c - 0x80];
      if (cp == 0xFFFD && replaced) ++*replaced;
      AppendUtf8(out, cp);
    } else {
      AppendUtf8(out, c);
    }
  }
  return out;
}

std::string ViaIconv(std::string_view s, const std::string& charset, size_t* replaced, bool* ok) {
  *ok = false;
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return "";
  std::string out;
  out.resize(s.size() * 2 + 16);
  char* in = const_cast<char*>(s.data());
  size_t in_left = s.size();
  size_t used = 0;
  while (in_left > 0) {
    if (out.size() - used < 16) out.resize(out.size() * 2);
    char* op = out.data() + used;
    size_t out_left = out.size() - used;
    size_t r = iconv(cd, &in, &in_left, &op, &out_left);
    used = out.size() - out_left;
    if (r == static_cast<size_t>(-1)) {
      if (errno == E2BIG) {
        out.resize(out.size() * 2);
      } else {  // EILSEQ / EINVAL: one bad byte becomes U+FFFD
        out.resize(used);
        AppendUtf8(out, 0xFFFD);
        used = out.size();
        out.resize(used + in_left * 2 + 16);
        if (replaced) ++*replaced;
        ++in;
        --in_left;
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
      }
    }
  }
  out.resize(used);
  iconv_close(cd);
  *ok = true;
  return out;
}

}  // namespace

std::string DetectCharset(std::string_view bytes, std::string_view content_type) {
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) return "utf-8";
  if (bytes.size() >= 2 && bytes.compare(0, 2, "\xFF\xFE") == 0) return "utf-16le";
  if (bytes.size() >= 2 && bytes.compare(0, 2, "\xFE\xFF") == 0) return "utf-16be";
  std::string declared = CanonicalCharset(CharsetParam(content_type));
  if (declared.empty()) declared = CanonicalCharset(MetaCharset(bytes));
  // A page served as UTF-16 but with an ASCII-compatible <meta> is UTF-8 in practice.
  if (declared == "utf-16le" || declared == "utf-16be") declared = "utf-8";
  if (declared == "windows-1252" || declared.empty()) {
    if (IsValidUtf8(bytes)) return HasMultibyte(bytes) || declared.empty() ? "utf-8" : declared;
    return "windows-1252";
  }
  return declared;
}

std::string ConvertToUtf8(std::string_view bytes, std::string_view charset, size_t* replaced) {
  std::string cs = CanonicalCharset(charset);
  if (cs == "utf-8" || cs.empty()) {
    if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) bytes.remove_prefix(3);
    std::string out(bytes);
    if (!IsValidUtf8(out)) {
      size_t n = RepairUtf8(out);
      if (replaced) *replaced += n;
    }
    return out;
  }
  if (cs == "windows-1252") return From1252(bytes, replaced);
  if (cs == "utf-16le" || cs == "utf-16be") {
    if (bytes.size() >= 2 && (bytes.compare(0, 2, "\xFF\xFE") == 0 || bytes.compare(0, 2, "\xFE\xFF") == 0))
      bytes.remove_prefix(2);
  }
  bool ok = false;
  std::string out = ViaIconv(bytes, cs == "utf-16le" ? "UTF-16LE" : cs == "utf-16be" ? "UTF-16BE" : cs,
                             replaced, &ok);
  if (!ok) return From1252(bytes, replaced);  // unknown label
  if (!IsValidUtf8(out)) RepairUtf8(out);
  return out;
}

}  // namespace dyad
