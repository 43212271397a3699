// HTML named character references: the full HTML 4.01 set (252 names) plus the
// HTML5 additions that appear in news pages, and the decoder for text and
// attribute values (named, decimal and hexadecimal references; the legacy
// references without ';' that browsers accept; C1 numeric references read as
// windows-1252 as the HTML standard says).
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

#include "dyad/extract.h"
#include "dyad/text.h"

namespace dyad {

namespace {

struct Entity {
  const char* name;
  char32_t cp;
  char32_t cp2;  // second code point for the few two-code-point references
};

// HTML 4.01: Latin-1 (ISO 8859-1) set.
constexpr Entity kLatin1[] = {
    {"nbsp", 0xA0, 0}, {"iexcl", 0xA1, 0}, {"cent", 0xA2, 0}, {"pound", 0xA3, 0},
    {"curren", 0xA4, 0}, {"yen", 0xA5, 0}, {"brvbar", 0xA6, 0}, {"sect", 0xA7, 0},
    {"uml", 0xA8, 0}, {"copy", 0xA9, 0}, {"ordf", 0xAA, 0}, {"laquo", 0xAB, 0},
    {"not", 0xAC, 0}, {"shy", 0xAD, 0}, {"reg", 0xAE, 0}, {"macr", 0xAF, 0},
    {"deg", 0xB0, 0}, {"plusmn", 0xB1, 0}, {"sup2", 0xB2, 0}, {"sup3", 0xB3, 0},
    {"acute", 0xB4, 0}, {"micro", 0xB5, 0}, {"para", 0xB6, 0}, {"middot", 0xB7, 0},
    {"cedil", 0xB8, 0}, {"sup1", 0xB9, 0}, {"ordm", 0xBA, 0}, {"raquo", 0xBB, 0},
    {"frac14", 0xBC, 0}, {"frac12", 0xBD, 0}, {"frac34", 0xBE, 0}, {"iquest", 0xBF, 0},
    {"Agrave", 0xC0, 0}, {"Aacute", 0xC1, 0}, {"Acirc", 0xC2, 0}, {"Atilde", 0xC3, 0},
    {"Auml", 0xC4, 0}, {"Aring", 0xC5, 0}, {"AElig", 0xC6, 0}, {"Ccedil", 0xC7, 0},
    {"Egrave", 0xC8, 0}, {"Eacute", 0xC9, 0}, {"Ecirc", 0xCA, 0}, {"Euml", 0xCB, 0},
    {"Igrave", 0xCC, 0}, {"Iacute", 0xCD, 0}, {"Icirc", 0xCE, 0}, {"Iuml", 0xCF, 0},
    {"ETH", 0xD0, 0}, {"Ntilde", 0xD1, 0}, {"Ograve", 0xD2, 0}, {"Oacute", 0xD3, 0},
    {"Ocirc", 0xD4, 0}, {"Otilde", 0xD5, 0}, {"Ouml", 0xD6, 0}, {"times", 0xD7, 0},
    {"Oslash", 0xD8, 0}, {"Ugrave", 0xD9, 0}, {"Uacute", 0xDA, 0}, {"Ucirc", 0xDB, 0},
    {"Uuml", 0xDC, 0}, {"Yacute", 0xDD, 0}, {"THORN", 0xDE, 0}, {"szlig", 0xDF, 0},
    {"agrave", 0xE0, 0}, {"aacute", 0xE1, 0}, {"acirc", 0xE2, 0}, {"atilde", 0xE3, 0},
    {"auml", 0xE4, 0}, {"aring", 0xE5, 0}, {"aelig", 0xE6, 0}, {"ccedil", 0xE7, 0},
    {"egrave", 0xE8, 0}, {"eacute", 0xE9, 0}, {"ecirc", 0xEA, 0}, {"euml", 0xEB, 0},
    {"igrave", 0xEC, 0}, {"iacute", 0xED, 0}, {"icirc", 0xEE, 0}, {"iuml", 0xEF, 0},
    {"eth", 0xF0, 0}, {"ntilde", 0xF1, 0}, {"ograve", 0xF2, 0}, {"oacute", 0xF3, 0},
    {"ocirc", 0xF4, 0}, {"otilde", 0xF5, 0}, {"ouml", 0xF6, 0}, {"divide", 0xF7, 0},
    {"oslash", 0xF8, 0}, {"ugrave", 0xF9, 0}, {"uacute", 0xFA, 0}, {"ucirc", 0xFB, 0},
    {"uuml", 0xFC, 0}, {"yacute", 0xFD, 0}, {"thorn", 0xFE, 0}, {"yuml", 0xFF, 0},
    // The four markup-significant ones (legacy: accepted without ';' too).
    {"quot", 0x22, 0}, {"amp", 0x26, 0}, {"lt", 0x3C, 0}, {"gt", 0x3E, 0},
};

// HTML 4.01: symbols, Greek letters, mathematical symbols; and special characters.
constexpr Entity kHtml4[] = {
    {"fnof", 0x192, 0}, {"Alpha", 0x391, 0}, {"Beta", 0x392, 0}, {"Gamma", 0x393, 0},
    {"Delta", 0x394, 0}, {"Epsilon", 0x395, 0}, {"Zeta", 0x396, 0}, {"Eta", 0x397, 0},
    {"Theta", 0x398, 0}, {"Iota", 0x399, 0}, {"Kappa", 0x39A, 0}, {"Lambda", 0x39B, 0},
    {"Mu", 0x39C, 0}, {"Nu", 0x39D, 0}, {"Xi", 0x39E, 0}, {"Omicron", 0x39F, 0},
    {"Pi", 0x3A0, 0}, {"Rho", 0x3A1, 0}, {"Sigma", 0x3A3, 0}, {"Tau", 0x3A4, 0},
    {"Upsilon", 0x3A5, 0}, {"Phi", 0x3A6, 0}, {"Chi", 0x3A7, 0}, {"Psi", 0x3A8, 0},
    {"Omega", 0x3A9, 0}, {"alpha", 0x3B1, 0}, {"beta", 0x3B2, 0}, {"gamma", 0x3B3, 0},
    {"delta", 0x3B4, 0}, {"epsilon", 0x3B5, 0}, {"zeta", 0x3B6, 0}, {"eta", 0x3B7, 0},
    {"theta", 0x3B8, 0}, {"iota", 0x3B9, 0}, {"kappa", 0x3BA, 0}, {"lambda", 0x3BB, 0},
    {"mu", 0x3BC, 0}, {"nu", 0x3BD, 0}, {"xi", 0x3BE, 0}, {"omicron", 0x3BF, 0},
    {"pi", 0x3C0, 0}, {"rho", 0x3C1, 0}, {"sigmaf", 0x3C2, 0}, {"sigma", 0x3C3, 0},
    {"tau", 0x3C4, 0}, {"upsilon", 0x3C5, 0}, {"phi", 0x3C6, 0}, {"chi", 0x3C7, 0},
    {"psi", 0x3C8, 0}, {"omega", 0x3C9, 0}, {"thetasym", 0x3D1, 0}, {"upsih", 0x3D2, 0},
    {"piv", 0x3D6, 0}, {"bull", 0x2022, 0}, {"hellip", 0x2026, 0}, {"prime", 0x2032, 0},
    {"Prime", 0x2033, 0}, {"oline", 0x203E, 0}, {"frasl", 0x2044, 0}, {"weierp", 0x2118, 0},
    {"image", 0x2111, 0}, {"real", 0x211C, 0}, {"trade", 0x2122, 0}, {"alefsym", 0x2135, 0},
    {"larr", 0x2190, 0}, {"uarr", 0x2191, 0}, {"rarr", 0x2192, 0}, {"darr", 0x2193, 0},
    {"harr", 0x2194, 0}, {"crarr", 0x21B5, 0}, {"lArr", 0x21D0, 0}, {"uArr", 0x21D1, 0},
    {"rArr", 0x21D2, 0}, {"dArr", 0x21D3, 0}, {"hArr", 0x21D4, 0}, {"forall", 0x2200, 0},
    {"part", 0x2202, 0}, {"exist", 0x2203, 0}, {"empty", 0x2205, 0}, {"nabla", 0x2207, 0},
    {"isin", 0x2208, 0}, {"notin", 0x2209, 0}, {"ni", 0x220B, 0}, {"prod", 0x220F, 0},
    {"sum", 0x2211, 0}, {"minus", 0x2212, 0}, {"lowast", 0x2217, 0}, {"radic", 0x221A, 0},
    {"prop", 0x221D, 0}, {"infin", 0x221E, 0}, {"ang", 0x2220, 0}, {"and", 0x2227, 0},
    {"or", 0x2228, 0}, {"cap", 0x2229, 0}, {"cup", 0x222A, 0}, {"int", 0x222B, 0},
    {"there4", 0x2234, 0}, {"sim", 0x223C, 0}, {"cong", 0x2245, 0}, {"asymp", 0x2248, 0},
    {"ne", 0x2260, 0}, {"equiv", 0x2261, 0}, {"le", 0x2264, 0}, {"ge", 0x2265, 0},
    {"sub", 0x2282, 0}, {"sup", 0x2283, 0}, {"nsub", 0x2284, 0}, {"sube", 0x2286, 0},
    {"supe", 0x2287, 0}, {"oplus", 0x2295, 0}, {"otimes", 0x2297, 0}, {"perp", 0x22A5, 0},
    {"sdot", 0x22C5, 0}, {"lceil", 0x2308, 0}, {"rceil", 0x2309, 0}, {"lfloor", 0x230A, 0},
    {"rfloor", 0x230B, 0}, {"lang", 0x2329, 0}, {"rang", 0x232A, 0}, {"loz", 0x25CA, 0},
    {"spades", 0x2660, 0}, {"clubs", 0x2663, 0}, {"hearts", 0x2665, 0}, {"diams", 0x2666, 0},
    // Special characters.
    {"OElig", 0x152, 0}, {"oelig", 0x153, 0}, {"Scaron", 0x160, 0}, {"scaron", 0x161, 0},
    {"Yuml", 0x178, 0}, {"circ", 0x2C6, 0}, {"tilde", 0x2DC, 0}, {"ensp", 0x2002, 0},
    {"emsp", 0x2003, 0}, {"thinsp", 0x2009, 0}, {"zwnj", 0x200C, 0}, {"zwj", 0x200D, 0},
    {"lrm", 0x200E, 0}, {"rlm", 0x200F, 0}, {"ndash", 0x2013, 0}, {"mdash", 0x2014, 0},
    {"lsquo", 0x2018, 0}, {"rsquo", 0x2019, 0}, {"sbquo", 0x201A, 0}, {"ldquo", 0x201C, 0},
    {"rdquo", 0x201D, 0}, {"bdquo", 0x201E, 0}, {"dagger", 0x2020, 0}, {"Dagger", 0x2021, 0},
    {"permil", 0x2030, 0}, {"lsaquo", 0x2039, 0}, {"rsaquo", 0x203A, 0}, {"euro", 0x20AC, 0},
};

// HTML5 additions common in news markup.
constexpr Entity kHtml5[] = {
    {"apos", 0x27, 0}, {"Tab", 0x09, 0}, {"NewLine", 0x0A, 0}, {"excl", 0x21, 0},
    {"num", 0x23, 0}, {"dollar", 0x24, 0}, {"percnt", 0x25, 0}, {"lpar", 0x28, 0},
    {"rpar", 0x29, 0}, {"ast", 0x2A, 0}, {"midast", 0x2A, 0}, {"plus", 0x2B, 0},
    {"comma", 0x2C, 0}, {"period", 0x2E, 0}, {"sol", 0x2F, 0}, {"colon", 0x3A, 0},
    {"semi", 0x3B, 0}, {"equals", 0x3D, 0}, {"quest", 0x3F, 0}, {"commat", 0x40, 0},
    {"lsqb", 0x5B, 0}, {"lbrack", 0x5B, 0}, {"bsol", 0x5C, 0}, {"rsqb", 0x5D, 0},
    {"rbrack", 0x5D, 0}, {"Hat", 0x5E, 0}, {"lowbar", 0x5F, 0}, {"UnderBar", 0x5F, 0},
    {"grave", 0x60, 0}, {"DiacriticalGrave", 0x60, 0}, {"lcub", 0x7B, 0}, {"lbrace", 0x7B, 0},
    {"verbar", 0x7C, 0}, {"vert", 0x7C, 0}, {"VerticalLine", 0x7C, 0}, {"rcub", 0x7D, 0},
    {"rbrace", 0x7D, 0}, {"NonBreakingSpace", 0xA0, 0}, {"COPY", 0xA9, 0}, {"REG", 0xAE, 0},
    {"AMP", 0x26, 0}, {"LT", 0x3C, 0}, {"GT", 0x3E, 0}, {"QUOT", 0x22, 0},
    {"centerdot", 0xB7, 0}, {"CenterDot", 0xB7, 0}, {"half", 0xBD, 0}, {"div", 0xF7, 0},
    {"Amacr", 0x100, 0}, {"amacr", 0x101, 0}, {"Abreve", 0x102, 0}, {"abreve", 0x103, 0},
    {"Aogon", 0x104, 0}, {"aogon", 0x105, 0}, {"Cacute", 0x106, 0}, {"cacute", 0x107, 0},
    {"Ccaron", 0x10C, 0}, {"ccaron", 0x10D, 0}, {"Dcaron", 0x10E, 0}, {"dcaron", 0x10F, 0},
    {"Dstrok", 0x110, 0}, {"dstrok", 0x111, 0}, {"Emacr", 0x112, 0}, {"emacr", 0x113, 0},
    {"Eogon", 0x118, 0}, {"eogon", 0x119, 0}, {"Ecaron", 0x11A, 0}, {"ecaron", 0x11B, 0},
    {"Gbreve", 0x11E, 0}, {"gbreve", 0x11F, 0}, {"Idot", 0x130, 0}, {"imath", 0x131, 0},
    {"inodot", 0x131, 0}, {"Lstrok", 0x141, 0}, {"lstrok", 0x142, 0}, {"Nacute", 0x143, 0},
    {"nacute", 0x144, 0}, {"Ncaron", 0x147, 0}, {"ncaron", 0x148, 0}, {"Omacr", 0x14C, 0},
    {"omacr", 0x14D, 0}, {"Odblac", 0x150, 0}, {"odblac", 0x151, 0}, {"Rcaron", 0x158, 0},
    {"rcaron", 0x159, 0}, {"Sacute", 0x15A, 0}, {"sacute", 0x15B, 0}, {"Scedil", 0x15E, 0},
    {"scedil", 0x15F, 0}, {"Tcaron", 0x164, 0}, {"tcaron", 0x165, 0}, {"Umacr", 0x16A, 0},
    {"umacr", 0x16B, 0}, {"Uring", 0x16E, 0}, {"uring", 0x16F, 0}, {"Udblac", 0x170, 0},
    {"udblac", 0x171, 0}, {"Zacute", 0x179, 0}, {"zacute", 0x17A, 0}, {"Zdot", 0x17B, 0},
    {"zdot", 0x17C, 0}, {"Zcaron", 0x17D, 0}, {"zcaron", 0x17E, 0}, {"epsi", 0x3B5, 0},
    {"straightepsilon", 0x3F5, 0}, {"ohm", 0x3A9, 0}, {"mho", 0x2127, 0},
    {"ThinSpace", 0x2009, 0}, {"hairsp", 0x200A, 0}, {"VeryThinSpace", 0x200A, 0},
    {"emsp13", 0x2004, 0}, {"emsp14", 0x2005, 0}, {"numsp", 0x2007, 0}, {"puncsp", 0x2008, 0},
    {"ZeroWidthSpace", 0x200B, 0}, {"NoBreak", 0x2060, 0}, {"MediumSpace", 0x205F, 0},
    {"hyphen", 0x2010, 0}, {"dash", 0x2010, 0}, {"horbar", 0x2015, 0}, {"Verbar", 0x2016, 0},
    {"lsquor", 0x201A, 0}, {"rsquor", 0x2019, 0}, {"ldquor", 0x201E, 0}, {"rdquor", 0x201D, 0},
    {"OpenCurlyQuote", 0x2018, 0}, {"CloseCurlyQuote", 0x2019, 0},
    {"OpenCurlyDoubleQuote", 0x201C, 0}, {"CloseCurlyDoubleQuote", 0x201D, 0},
    {"bullet", 0x2022, 0}, {"nldr", 0x2025, 0}, {"mldr", 0x2026, 0}, {"pertenk", 0x2031, 0},
    {"tprime", 0x2034, 0}, {"bprime", 0x2035, 0}, {"backprime", 0x2035, 0},
    {"caret", 0x2041, 0}, {"hybull", 0x2043, 0}, {"TRADE", 0x2122, 0}, {"incare", 0x2105, 0},
    {"numero", 0x2116, 0}, {"copysr", 0x2117, 0}, {"frac13", 0x2153, 0}, {"frac23", 0x2154, 0},
    {"frac15", 0x2155, 0}, {"frac25", 0x2156, 0}, {"frac35", 0x2157, 0}, {"frac45", 0x2158, 0},
    {"frac16", 0x2159, 0}, {"frac56", 0x215A, 0}, {"frac18", 0x215B, 0}, {"frac38", 0x215C, 0},
    {"frac58", 0x215D, 0}, {"frac78", 0x215E, 0}, {"leftarrow", 0x2190, 0},
    {"rightarrow", 0x2192, 0}, {"uparrow", 0x2191, 0}, {"downarrow", 0x2193, 0},
    {"LeftArrow", 0x2190, 0}, {"RightArrow", 0x2192, 0}, {"Rightarrow", 0x21D2, 0},
    {"Leftarrow", 0x21D0, 0}, {"check", 0x2713, 0}, {"checkmark", 0x2713, 0},
    {"cross", 0x2717, 0}, {"star", 0x2606, 0}, {"starf", 0x2605, 0}, {"bigstar", 0x2605, 0},
    {"phone", 0x260E, 0}, {"female", 0x2640, 0}, {"male", 0x2642, 0}, {"sung", 0x266A, 0},
    {"flat", 0x266D, 0}, {"natural", 0x266E, 0}, {"sharp", 0x266F, 0}, {"squ", 0x25A1, 0},
    {"square", 0x25A1, 0}, {"squf", 0x25AA, 0}, {"blacksquare", 0x25AA, 0},
    {"rect", 0x25AD, 0}, {"marker", 0x25AE, 0}, {"utri", 0x25B5, 0}, {"utrif", 0x25B4, 0},
    {"rtri", 0x25B9, 0}, {"rtrif", 0x25B8, 0}, {"dtri", 0x25BF, 0}, {"dtrif", 0x25BE, 0},
    {"ltri", 0x25C3, 0}, {"ltrif", 0x25C2, 0}, {"cir", 0x25CB, 0}, {"xcirc", 0x25EF, 0},
    {"nbump", 0x224E, 0x338}, {"nvlt", 0x3C, 0x20D2}, {"nvgt", 0x3E, 0x20D2},
    {"pm", 0xB1, 0}, {"PlusMinus", 0xB1, 0}, {"setminus", 0x2216, 0}, {"ap", 0x2248, 0},
    {"approx", 0x2248, 0}, {"leq", 0x2264, 0}, {"geq", 0x2265, 0}, {"NotEqual", 0x2260, 0},
    {"infintie", 0x29DD, 0}, {"deg", 0xB0, 0}, {"angle", 0x2220, 0}, {"because", 0x2235, 0},
    {"therefore", 0x2234, 0}, {"Therefore", 0x2234, 0}, {"compfn", 0x2218, 0},
    {"fjlig", 'f', 'j'}, {"fflig", 0xFB00, 0}, {"filig", 0xFB01, 0}, {"fllig", 0xFB02, 0},
    {"ffilig", 0xFB03, 0}, {"ffllig", 0xFB04, 0}, {"dot", 0x2D9, 0}, {"die", 0xA8, 0},
    {"Dot", 0xA8, 0}, {"breve", 0x2D8, 0}, {"ring", 0x2DA, 0}, {"ogon", 0x2DB, 0},
    {"dblac", 0x2DD, 0}, {"caron", 0x2C7, 0}, {"strns", 0xAF, 0}, {"yen", 0xA5, 0},
    {"iinfin", 0x29DC, 0}, {"lozenge", 0x25CA, 0}, {"spadesuit", 0x2660, 0},
    {"clubsuit", 0x2663, 0}, {"heartsuit", 0x2665, 0}, {"diamondsuit", 0x2666, 0},
    {"Euro", 0x20AC, 0}, {"inr", 0x20B9, 0}, {"rupee", 0x20B9, 0},
};

struct Table {
  std::unordered_map<std::string_view, std::string> map;
  Table() {
    auto add = [&](const Entity* b, const Entity* e) {
      for (; b != e; ++b) {
        std::string utf8;
        AppendUtf8(utf8, b->cp);
        if (b->cp2) AppendUtf8(utf8, b->cp2);
        map.emplace(b->name, std::move(utf8));
      }
    };
    add(std::begin(kLatin1), std::end(kLatin1));
    add(std::begin(kHtml4), std::end(kHtml4));
    add(std::begin(kHtml5), std::end(kHtml5));
  }
};

const Table& Entities() {
  static const Table t;
  return t;
}

// References accepted without ';' (the HTML4 Latin-1 names and the four
// markup characters), as browsers do for legacy content.
bool IsLegacyName(std::string_view name) {
  for (const Entity& e : kLatin1)
    if (name == e.name) return true;
  return false;
}

// windows-1252 meaning of numeric references 0x80-0x9F.
constexpr char32_t kC1[32] = {0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                              0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
                              0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                              0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::string_view LookupEntity(std::string_view name) {
  const auto& m = Entities().map;
  auto it = m.find(name);
  return it == m.end() ? std::string_view() : std::string_view(it->second);
}

void AppendDecodedEntities(std::string_view s, bool attribute, std::string& out) {
  size_t i = 0;
  while (i < s.size()) {
    size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(s.substr(i));
      return;
    }
    out.append(s.substr(i, amp - i));
    size_t j = amp + 1;
    if (j < s.size() && s[j] == '#') {
      // Numeric reference.
      size_t k = j + 1;
      bool hex = k < s.size() && (s[k] == 'x' || s[k] == 'X');
      if (hex) ++k;
      size_t digits_begin = k;
      uint64_t v = 0;
      while (k < s.size() && k - digits_begin < 10) {
        char c = s[k];
        int d = -1;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        if (d < 0) break;
        v = v * (hex ? 16 : 10) + static_cast<uint64_t>(d);
        ++k;
      }
      if (k == digits_begin) {  // "&#" without digits: literal
        out.push_back('&');
        i = j;
        continue;
      }
      while (k < s.size() && ((s[k] >= '0' && s[k] <= '9') ||
                              (hex && IsAlnum(s[k]) && std::strchr("abcdefABCDEF", s[k]))))
        ++k;  // overlong digit runs
      if (k < s.size() && s[k] == ';') ++k;
      char32_t cp;
      if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) cp = 0xFFFD;
      else if (v >= 0x80 && v <= 0x9F) cp = kC1[v - 0x80];
      else cp = static_cast<char32_t>(v);
      AppendUtf8(out, cp);
      i = k;
      continue;
    }
    // Named reference: letters and digits, then ';' (or legacy without).
    size_t k = j;
    while (k < s.size() && k - j < 32 && IsAlnum(s[k])) ++k;
    std::string_view name = s.substr(j, k - j);
    if (!name.empty() && k < s.size() && s[k] == ';') {
      std::string_view v = LookupEntity(name);
      if (!v.empty()) {
        out.append(v);
        i = k + 1;
        continue;
      }
    } else if (!name.empty()) {
      // Legacy: the longest Latin-1 name that prefixes the run ("&copy2024" -> ©2024),
      // but in attributes not when followed by an alphanumeric or '=' (URLs: "&copy=1").
      for (size_t len = std::min<size_t>(name.size(), 6); len >= 2; --len) {
        std::string_view cand = name.substr(0, len);
        if (!IsLegacyName(cand)) continue;
        size_t after = j + len;
        if (attribute && after < s.size() && (IsAlnum(s[after]) || s[after] == '=')) break;
        out.append(LookupEntity(cand));
        i = after;
        goto next;
      }
    }
    out.push_back('&');
    i = j;
  next:;
  }
}

std::string DecodeEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendDecodedEntities(s, false, out);
  return out;
}

}  // namespace dyad
