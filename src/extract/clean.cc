// The pre-scraped text cleaner: split a scraped page into blocks, find the
// article (the longest run of prose between chrome markers), recover title,
// site/genre dateline and byline, and label every other block with why it was
// dropped. Everything here is linear in the input size: no regexes, no
// quadratic scans; language detection reads a bounded prefix.
#include "dyad/clean.h"

#include <cstdio>  // compact_lang_det.h uses FILE without including it

#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "dyad/extract.h"
#include "extract/clean_util.h"

namespace dyad {

namespace {

using extract::DecodeUtf8;
using extract::DecodeUtf8Before;
using extract::IsDashCp;
using extract::IsLatinExtLetter;
using extract::IsLetterCp;
using extract::IsLowerCp;
using extract::IsSpaceCp;
using extract::IsUpperCp;
using extract::Normalise;
using extract::Trim;
using extract::TrimRange;

// cld2 reads at most this many bytes of any snippet: plenty for a verdict and
// keeps a 20 MB line from costing anything.
constexpr size_t kMaxDetectBytes = 64 * 1024;

// Raw cld2 verdict on a snippet: the code even when unreliable.
struct LangGuess {
  std::string code;  // "" when cld2 says UNKNOWN
  bool reliable = false;
};

LangGuess GuessLanguage(std::string_view text) {
  LangGuess g;
  std::string clean = extract::SanitizeUtf8(text, kMaxDetectBytes);
  if (Trim(clean).empty()) return g;
  bool reliable = false;
  CLD2::Language lang =
      CLD2::DetectLanguage(clean.data(), static_cast<int>(clean.size()), true, &reliable);
  if (lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) return g;
  const char* code = CLD2::LanguageCode(lang);
  if (code == nullptr || std::string_view(code) == "un") return g;
  g.code = code;
  g.reliable = reliable;
  return g;
}

// ---------------------------------------------------------------------------
// Small string helpers.

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool StartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}

bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// ASCII lower-casing of a short string (callers bound the length).
std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Splits on whitespace code points.
std::vector<std::string_view> SplitWords(std::string_view s, size_t max_words = SIZE_MAX) {
  std::vector<std::string_view> words;
  size_t i = 0, start = std::string_view::npos;
  while (i < s.size()) {
    char32_t c;
    size_t len = DecodeUtf8(s, i, &c);
    if (IsSpaceCp(c)) {
      if (start != std::string_view::npos) {
        words.push_back(s.substr(start, i - start));
        if (words.size() >= max_words) return words;
        start = std::string_view::npos;
      }
    } else if (start == std::string_view::npos) {
      start = i;
    }
    i += len;
  }
  if (start != std::string_view::npos) words.push_back(s.substr(start));
  return words;
}

char32_t FirstCp(std::string_view s) {
  if (s.empty()) return 0;
  char32_t c;
  DecodeUtf8(s, 0, &c);
  return c;
}

// Strips leading and trailing punctuation that decorates labels: "» Related:",
// "Read more…", "| Share |".
std::string_view StripDecoration(std::string_view s) {
  auto deco = [](char32_t c) {
    return IsSpaceCp(c) || c == ':' || c == '.' || c == '|' || c == '>' || c == '<' ||
           c == '*' || c == '#' || c == '/' || c == '-' || c == '+' || c == 0x2026 ||
           c == 0xBB || c == 0xAB || c == 0x203A || c == 0x2039 || c == 0x2022 ||
           c == 0xB7 || c == 0x25BA || c == 0x25B8 || c == 0x2192 || IsDashCp(c);
  };
  size_t b = 0, e = s.size();
  while (b < e) {
    char32_t c;
    size_t len = DecodeUtf8(s, b, &c);
    if (!deco(c)) break;
    b += len;
  }
  while (e > b) {
    char32_t c;
    size_t len = DecodeUtf8Before(s, e, &c);
    if (len == 0 || !deco(c)) break;
    e -= len;
  }
  return s.substr(b, e - b);
}

bool IsCapitalisedWord(std::string_view w) {
  char32_t c = FirstCp(w);
  return IsUpperCp(c) || (c >= 0x80 && IsLetterCp(c) && !IsLowerCp(c));
}

bool IsDigitsOnly(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!IsAsciiDigit(c) && c != ',' && c != '.') return false;
  return true;
}

// ---------------------------------------------------------------------------
// Blocks.

struct Block {
  size_t begin = 0, end = 0;  // trimmed, in raw
  std::string_view text;
  size_t words = 0;
  size_t letters = 0, upper = 0, lower = 0, digits = 0;
  size_t latin_ext = 0;  // non-ASCII Latin letters (é, ñ, ú...)
  bool ends_terminal = false;
  char32_t last = 0;
  bool empty = false;
  bool prose = false;
  int marker = 0;  // Marker enum below
  std::string reason;
  // Sub-spans cut off the block: a dateline prefix and a byline suffix.
  size_t prefix_end = 0;        // raw offset; > begin when a dateline was cut
  size_t suffix_begin = 0;      // raw offset; < end when a byline was cut
};

enum Marker {
  kNoMarker = 0,
  kCommentCounter,   // terminal
  kLoading,          // terminal
  kLabelTerminal,    // "LATEST CONTENT", "Related articles", "Tags: ...", share bars
  kLabelInline,      // "Advertisement", "Read more: <headline>": the article may go on
};

bool IsTerminal(int m) { return m == kCommentCounter || m == kLoading || m == kLabelTerminal; }

const char* MarkerReason(int m) {
  switch (m) {
    case kCommentCounter: return "comment-counter";
    case kLoading: return "loading";
    case kLabelTerminal:
    case kLabelInline: return "ui-label";
    default: return "";
  }
}

void ComputeFeatures(Block& b) {
  std::string_view s = b.text;
  bool in_word = false;
  for (size_t i = 0; i < s.size();) {
    char32_t c;
    size_t len = DecodeUtf8(s, i, &c);
    if (IsSpaceCp(c)) {
      in_word = false;
    } else {
      if (!in_word) ++b.words;
      in_word = true;
      if (c < 0x80 && IsAsciiDigit(static_cast<char>(c))) {
        ++b.digits;
      } else if (IsLetterCp(c)) {
        ++b.letters;
        if (IsUpperCp(c)) ++b.upper;
        if (IsLowerCp(c)) ++b.lower;
        if (IsLatinExtLetter(c)) ++b.latin_ext;
      }
    }
    i += len;
  }
  b.empty = b.letters == 0 && b.digits == 0;
  // Last meaningful character, skipping closing quotes and brackets.
  size_t e = s.size();
  while (e > 0) {
    char32_t c;
    size_t len = DecodeUtf8Before(s, e, &c);
    if (len == 0) break;
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 ||
        c == 0xBB) {
      e -= len;
      continue;
    }
    b.last = c;
    break;
  }
  b.ends_terminal = b.last == '.' || b.last == '!' || b.last == '?' || b.last == 0x2026 ||
                    b.last == 0x3002 || b.last == 0xFF01 || b.last == 0xFF1F;
}

// Hard-wrapped prose (several lines, each continuing the previous sentence)
// is one block; otherwise every line of a blank-line paragraph is its own
// block, since scrapers put titles, labels and teasers on single lines.
bool LooksWrapped(std::string_view raw, const std::vector<std::pair<size_t, size_t>>& lines) {
  for (size_t k = 0; k + 1 < lines.size(); ++k) {
    std::string_view line = raw.substr(lines[k].first, lines[k].second - lines[k].first);
    std::string_view next =
        raw.substr(lines[k + 1].first, lines[k + 1].second - lines[k + 1].first);
    if (line.size() < 40) return false;
    char32_t last;
    DecodeUtf8Before(line, line.size(), &last);
    const bool next_lower = IsLowerCp(FirstCp(next));
    if (next_lower) continue;
    if (last == '.' || last == '!' || last == '?' || last == ':' || last == 0x2026) return false;
    // A title-case line (most words capitalised) ending without punctuation is a
    // heading followed by something else, not wrapped prose.
    auto words = SplitWords(line, 64);
    size_t caps = 0;
    for (auto w : words) caps += IsCapitalisedWord(w) ? 1 : 0;
    if (words.empty() || caps * 10 >= words.size() * 6) return false;
  }
  return true;
}

std::vector<Block> SplitBlocks(std::string_view raw) {
  std::vector<Block> blocks;
  std::vector<std::pair<size_t, size_t>> para;  // trimmed line ranges of one paragraph
  auto flush = [&]() {
    if (para.empty()) return;
    if (para.size() == 1 || LooksWrapped(raw, para)) {
      Block b;
      b.begin = para.front().first;
      b.end = para.back().second;
      blocks.push_back(b);
    } else {
      for (auto [lb, le] : para) {
        Block b;
        b.begin = lb;
        b.end = le;
        blocks.push_back(b);
      }
    }
    para.clear();
  };
  size_t pos = 0;
  while (pos <= raw.size()) {
    size_t nl = raw.find('\n', pos);
    size_t line_end = nl == std::string_view::npos ? raw.size() : nl;
    size_t b = pos, e = line_end;
    TrimRange(raw, &b, &e);
    if (b == e) {
      flush();
    } else {
      para.emplace_back(b, e);
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  flush();
  for (Block& b : blocks) {
    b.text = raw.substr(b.begin, b.end - b.begin);
    b.prefix_end = b.begin;
    b.suffix_begin = b.end;
    ComputeFeatures(b);
  }
  return blocks;
}

// ---------------------------------------------------------------------------
// Chrome markers.

constexpr std::array<std::string_view, 12> kCommentWords = {
    "comment", "comments", "reply", "replies", "response", "responses",
    "kommentare", "comentarios", "commentaires", "comentários", "opinions", "reactions"};

bool IsCommentWord(std::string_view w) {
  return std::find(kCommentWords.begin(), kCommentWords.end(), w) != kCommentWords.end();
}

bool IsCommentCounter(std::string_view s) {  // s: lower-cased, decoration stripped
  static const std::unordered_set<std::string_view> kExact = {
      "comments", "comment", "no comments", "no comments yet", "view comments",
      "show comments", "hide comments", "comments are closed", "be the first to comment",
      "leave a comment", "add a comment", "post a comment", "join the conversation",
      "join the discussion", "see all comments", "read comments", "load comments"};
  if (kExact.count(s)) return true;
  auto words = SplitWords(s, 8);
  if (words.size() == 2) {
    // "0 Comments", "12 comments"
    if (IsDigitsOnly(words[0]) && IsCommentWord(words[1])) return true;
    // "Comments 3", "Comments (3)", "Comments: 3"
    std::string_view w0 = words[0];
    if (EndsWith(w0, ":")) w0.remove_suffix(1);
    std::string_view w1 = words[1];
    if (StartsWith(w1, "(") && EndsWith(w1, ")") && w1.size() > 2) w1 = w1.substr(1, w1.size() - 2);
    if (IsCommentWord(w0) && IsDigitsOnly(w1)) return true;
  }
  if (words.size() == 1) {
    // "Comments(3)", "3comments"
    std::string_view w = words[0];
    size_t p = w.find('(');
    if (p != std::string_view::npos && EndsWith(w, ")") &&
        IsCommentWord(w.substr(0, p)) && IsDigitsOnly(w.substr(p + 1, w.size() - p - 2)))
      return true;
    size_t d = 0;
    while (d < w.size() && IsAsciiDigit(w[d])) ++d;
    if (d > 0 && IsCommentWord(w.substr(d))) return true;
  }
  return false;
}

bool IsLoading(std::string_view s) {
  static const std::unordered_set<std::string_view> kExact = {
      "loading", "please wait", "loading more", "loading comments", "load more",
      "loading content", "cargando", "chargement", "wird geladen", "carregando"};
  return kExact.count(s) > 0;
}

// Labels that end the article: whatever follows is page chrome.
bool IsTerminalLabel(std::string_view s) {
  static const std::unordered_set<std::string_view> kExact = {
      "related", "related articles", "related stories", "related news", "related content",
      "related posts", "related coverage", "related topics", "read more", "read also",
      "see also", "also read", "more", "more news", "more stories", "more articles",
      "share", "share this", "share this article", "share this story", "share this post",
      "share this page", "share article", "share on facebook", "share on twitter",
      "subscribe", "subscribe now", "sign up", "newsletter", "sign up for our newsletter",
      "most popular", "most read", "most viewed", "most shared", "popular", "trending",
      "trending now", "latest", "latest news", "latest content", "latest articles",
      "latest stories", "latest posts", "recent posts", "recent articles", "recommended",
      "recommended for you", "you may also like", "you might also like",
      "you may be interested in", "editor's picks", "editors' picks", "top stories",
      "follow us", "tags", "topics", "keywords", "categories", "print", "email",
      "back to top", "next article", "previous article", "next", "previous",
      "what to read next", "more on this story", "in other news", "don't miss",
      "skip to content", "menu", "home", "search", "about us", "contact us",
      "privacy policy", "terms of use", "all rights reserved"};
  if (kExact.count(s)) return true;
  static constexpr std::string_view kPrefixes[] = {
      "tags:", "tags :", "topics:", "keywords:", "filed under:", "categories:", "category:",
      "share this", "share on ", "follow us", "copyright", "\xC2\xA9", "more from ",
      "more in ", "more on ", "related articles", "related stories", "related:"};
  for (auto p : kPrefixes)
    if (StartsWith(s, p)) return true;
  if (s.find("all rights reserved") != std::string_view::npos) return true;
  return false;
}

// Labels inside the article: an ad slot or an inline link to another story.
bool IsInlineLabel(std::string_view s) {
  static const std::unordered_set<std::string_view> kExact = {
      "advertisement", "advertising", "ad", "ads", "sponsored", "sponsored content",
      "story continues below", "article continues below", "story continues below advertisement",
      "continue reading below", "scroll to continue with content", "continue reading",
      "scroll to continue", "paid content", "promoted"};
  if (kExact.count(s)) return true;
  static constexpr std::string_view kPrefixes[] = {"read more:", "read also:", "see also:",
                                                   "also read:", "read:", "watch:",
                                                   "related:", "more:"};
  for (auto p : kPrefixes)
    if (StartsWith(s, p) && s.size() > p.size() + 3) return true;
  return false;
}

bool IsShareBar(std::string_view s) {  // "Facebook Twitter WhatsApp Email"
  static const std::unordered_set<std::string_view> kSocial = {
      "facebook", "twitter", "x", "whatsapp", "email", "e-mail", "linkedin", "telegram",
      "print", "share", "reddit", "pinterest", "copy", "link", "tweet", "messenger",
      "flipboard", "pocket", "mail", "|", "on", "via", "threads", "bluesky"};
  auto words = SplitWords(s, 16);
  if (words.size() < 2 || words.size() >= 16) return false;
  for (auto w : words)
    if (!kSocial.count(w)) return false;
  return true;
}

int ClassifyMarker(const Block& b) {
  if (b.empty || b.text.size() > 300 || b.words > 40) return kNoMarker;
  std::string lower = LowerAscii(b.text);
  // Inline links keep their colon: test before stripping decoration.
  std::string_view raw_lower = Trim(lower);
  std::string norm = Normalise(StripDecoration(lower));
  std::string_view s = norm;
  if (b.words <= 8) {
    if (IsCommentCounter(s)) return kCommentCounter;
    if (IsLoading(s)) return kLoading;
  }
  std::string raw_norm = Normalise(raw_lower);
  // "Tags: Iraq, US", "Read more: Iraq asks US to leave" (can be long-ish).
  if (IsInlineLabel(raw_norm)) return kLabelInline;
  if (b.words <= 12 && IsTerminalLabel(s)) return kLabelTerminal;
  if (StartsWith(raw_norm, "tags:") || StartsWith(raw_norm, "topics:") ||
      StartsWith(raw_norm, "keywords:"))
    return kLabelTerminal;
  if (b.words <= 12 && IsShareBar(s)) return kLabelTerminal;
  if (b.words <= 8 && IsInlineLabel(s)) return kLabelInline;
  return kNoMarker;
}

// Short all-caps line ("MOST READ", "WORLD"): a section label. Not terminal on
// its own (could be a subheading), but chrome.
bool IsAllCapsLabel(const Block& b) {
  return !b.empty && b.words <= 4 && b.text.size() <= 60 && b.upper >= 3 && b.lower == 0 &&
         !b.ends_terminal;
}

// ---------------------------------------------------------------------------
// Prose, titles.

bool IsProse(const Block& b) {
  if (b.empty || b.marker != kNoMarker) return false;
  if (b.upper + b.lower >= 20 && b.lower * 10 < (b.upper + b.lower) * 4) return false;
  if (b.words >= 8 && (b.ends_terminal || b.words >= 20)) return true;
  // Scripts without spaces (CJK): judge by length.
  if (b.words < 8 && b.letters >= 40 && b.ends_terminal && b.upper + b.lower < b.letters / 2)
    return true;
  return false;
}

bool IsTitleLike(const Block& b) {
  if (b.empty || b.marker != kNoMarker) return false;
  if (b.text.size() > 400 || b.letters < 2 || b.words > 30) return false;
  size_t chars = 0;
  for (size_t i = 0; i < b.text.size(); ++i)
    if ((static_cast<unsigned char>(b.text[i]) & 0xC0) != 0x80) ++chars;
  if (chars >= 200) return false;
  if (b.last == '?' || b.last == '!') return true;
  if (b.last == '.' || b.last == ':' || b.last == ';' || b.last == ',') return false;
  return true;
}

// ---------------------------------------------------------------------------
// Names, bylines, datelines.

bool IsNameParticle(std::string_view w) {
  static const std::unordered_set<std::string_view> kParticles = {
      "de", "da", "del", "della", "der", "van", "von", "bin", "bint", "ibn", "al", "al-",
      "el", "le", "la", "du", "dos", "das", "di", "ben", "abu"};
  return kParticles.count(w) > 0;
}

bool IsNameWord(std::string_view w) {
  if (w.empty() || w.size() > 40) return false;
  if (!IsCapitalisedWord(w)) return false;
  size_t letters = 0;
  for (size_t i = 0; i < w.size();) {
    char32_t c;
    size_t len = DecodeUtf8(w, i, &c);
    if (IsLetterCp(c)) {
      ++letters;
    } else if (!(c == '.' || c == '-' || c == '\'' || c == 0x2019 || IsDashCp(c))) {
      return false;
    }
    i += len;
  }
  return letters >= 1;
}

// Reads a person name (2-4 capitalised words, particles allowed inside) from
// the start of `s`. Returns its byte length (0 if none) and the name.
size_t ReadName(std::string_view s, std::string* name) {
  auto words = SplitWords(s.substr(0, std::min<size_t>(s.size(), 200)), 8);
  size_t count = 0, caps = 0;
  size_t end = 0;
  for (size_t k = 0; k < words.size() && count < 6; ++k) {
    std::string_view w = words[k];
    // A trailing comma/semicolon ends the name after this word.
    bool stop = false;
    if (!w.empty() && (w.back() == ',' || w.back() == ';')) {
      w.remove_suffix(1);
      stop = true;
    }
    if (IsNameWord(w) && caps < 4) {
      ++caps;
    } else if (caps >= 1 && IsNameParticle(w) && !stop) {
      // allowed inside, must be followed by a capitalised word
    } else {
      break;
    }
    ++count;
    end = static_cast<size_t>(w.data() + w.size() - s.data());
    if (stop) break;
  }
  // The name must not end in a particle.
  while (count > 0) {
    std::string_view tail = Trim(s.substr(0, end));
    size_t sp = tail.rfind(' ');
    std::string_view last = sp == std::string_view::npos ? tail : tail.substr(sp + 1);
    if (!IsNameParticle(last)) break;
    --count;
    end = sp == std::string_view::npos ? 0 : sp;
  }
  if (caps < 2 || caps > 4 || end == 0) return 0;
  *name = std::string(Trim(s.substr(0, end)));
  return end;
}

bool IsRoleWord(std::string_view w) {
  static const std::unordered_set<std::string_view> kRoles = {
      "expert", "senior", "fellow", "professor", "analyst", "researcher", "director",
      "correspondent", "editor", "journalist", "writer", "reporter", "contributor",
      "columnist", "lecturer", "former", "head", "chief", "associate", "assistant",
      "member", "staff", "scholar", "author", "specialist", "founder", "president",
      "chairman", "executive", "visiting", "research", "political", "international",
      "contributing", "freelance", "guest", "doctoral", "phd", "ambassador", "adviser",
      "advisor", "economist", "historian", "commentator"};
  std::string l = LowerAscii(w);
  while (!l.empty() && (l.back() == ',' || l.back() == '.')) l.pop_back();
  return kRoles.count(l) > 0;
}

// "Jane Doe – Expert on regional affairs", "Jane Doe, Senior Fellow at X",
// "Jane Doe - a researcher". `s` is a whole candidate (trimmed).
bool MatchNameRole(std::string_view s, std::string* author) {
  if (s.size() > 200) return false;
  std::string name;
  size_t n = ReadName(s, &name);
  if (n == 0) return false;
  std::string_view rest = s.substr(n);
  // Separator: a dash (with spaces or not) or a comma.
  size_t i = 0;
  while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
  char32_t c = 0;
  size_t len = i < rest.size() ? DecodeUtf8(rest, i, &c) : 0;
  bool dash = len > 0 && IsDashCp(c);
  bool comma = len > 0 && c == ',';
  if (!dash && !comma) return false;
  std::string_view role = Trim(rest.substr(i + len));
  if (role.empty()) return false;
  auto words = SplitWords(role, 24);
  if (words.empty() || words.size() > 16) return false;
  char32_t last;
  DecodeUtf8Before(role, role.size(), &last);
  if (last == '?' || last == '!') return false;
  if (dash) {
    // Role after a dash: a noun phrase, capitalised or a role word.
    if (!(IsCapitalisedWord(words[0]) || IsRoleWord(words[0]) ||
          ((words[0] == "a" || words[0] == "an") && words.size() > 1 && IsRoleWord(words[1]))))
      return false;
    if (words.size() > 12) return false;
  } else {
    bool ok = false;
    for (size_t k = 0; k < words.size() && k < 3; ++k) ok = ok || IsRoleWord(words[k]);
    if (!ok) return false;
  }
  // A role is not a sentence.
  if (last == '.' && words.size() > 6) return false;
  *author = name;
  return true;
}

// A whole block that is a byline: "By Jane Doe", "Author: Jane Doe",
// "Reporting by Jane Doe; Editing by John Roe", "Jane Doe – Expert on X".
bool MatchBylineBlock(const Block& b, std::string* author) {
  if (b.empty || b.text.size() > 250 || b.words > 24) return false;
  std::string_view s = b.text;
  static constexpr std::string_view kLeads[] = {
      "By ", "BY ", "by ", "Author: ", "Author : ", "Authors: ", "Written by ", "Words by ",
      "Reporting by ", "Story by ", "Text by ", "Posted by ", "Reported by "};
  for (auto lead : kLeads) {
    if (!StartsWith(s, lead)) continue;
    std::string_view rest = Trim(s.substr(lead.size()));
    std::string name;
    size_t n = ReadName(rest, &name);
    if (n == 0) return false;
    // After the name: nothing, or credits/date/agency, not a sentence.
    std::string_view after = Trim(rest.substr(n));
    if (!after.empty()) {
      char32_t c = FirstCp(after);
      bool sep = c == ',' || c == ';' || c == '|' || c == '/' || c == '(' || c == 0xB7 ||
                 c == 0x2022 || IsDashCp(c) || StartsWith(after, "and ") ||
                 StartsWith(after, "& ");
      if (!sep) return false;
      if (SplitWords(after, 20).size() > 14) return false;
    }
    *author = name;
    return true;
  }
  return MatchNameRole(s, author);
}

// The byline trailing a paragraph: "... at expert level. Jane Doe – Expert on
// regional affairs". Returns the raw offset where it begins (or npos).
size_t FindTrailingByline(const Block& b, std::string* author) {
  std::string_view s = b.text;
  if (b.ends_terminal || s.size() < 20) return std::string_view::npos;
  // Look for the last sentence end within the last 250 bytes.
  size_t lo = s.size() > 250 ? s.size() - 250 : 0;
  for (size_t i = s.size() - 1; i > lo; --i) {
    char ch = s[i - 1];
    if (s[i] != ' ') continue;
    bool end = ch == '.' || ch == '!' || ch == '?' || ch == '"';
    if (!end && i >= 3) {
      // closing curly quote ” (E2 80 9D) or ’ after a period
      std::string_view tail = s.substr(i - 3, 3);
      end = tail == "\xE2\x80\x9D" || tail == "\xE2\x80\x99";
    }
    if (!end) continue;
    std::string_view cand = Trim(s.substr(i));
    if (cand.empty()) continue;
    std::string name;
    if (MatchNameRole(cand, &name) ||
        ((StartsWith(cand, "By ") || StartsWith(cand, "BY ")) && cand.size() < 80 &&
         ReadName(Trim(cand.substr(3)), &name) > 0 &&
         Trim(Trim(cand.substr(3)).substr(ReadName(Trim(cand.substr(3)), &name))).empty())) {
      *author = name;
      return b.begin + static_cast<size_t>(cand.data() - s.data());
    }
    return std::string_view::npos;  // only the last sentence boundary counts
  }
  return std::string_view::npos;
}

bool IsGenreWord(std::string_view w, std::string* genre) {
  static constexpr std::string_view kGenres[] = {
      "Opinion", "Interview", "Analysis", "News", "Editorial", "Commentary", "Feature",
      "Report", "Note", "Column", "Op-Ed", "Review", "Exclusive", "Explainer", "Viewpoint",
      "Special Report", "Breaking News", "Letter"};
  std::string lw = LowerAscii(w);
  for (auto g : kGenres) {
    if (lw == LowerAscii(g)) {
      *genre = std::string(g);
      return true;
    }
  }
  return false;
}

struct Dateline {
  size_t length = 0;  // bytes of the prefix (0 = none)
  std::string site, genre;
};

// Finds the first dash separator in s[0, limit): " - ", " – ", " — ", "—", "–",
// " -- ". Returns the position of the separator start and its length.
bool FindSeparator(std::string_view s, size_t limit, size_t* pos, size_t* len) {
  limit = std::min(limit, s.size());
  for (size_t i = 0; i < limit;) {
    char32_t c;
    size_t l = DecodeUtf8(s, i, &c);
    if (IsDashCp(c)) {
      bool space_before = i > 0 && s[i - 1] == ' ';
      size_t j = i + l;
      if (c == '-' && j < s.size() && s[j] == '-') ++j;  // "--"
      bool space_after = j < s.size() && s[j] == ' ';
      bool hyphen = c == '-' || c == 0x2010 || c == 0x2011;
      if ((space_before && space_after) || (!hyphen && !space_before)) {
        size_t start = space_before ? i - 1 : i;
        size_t end = space_after ? j + 1 : j;
        *pos = start;
        *len = end - start;
        return true;
      }
    }
    i += l;
  }
  return false;
}

bool AllCapitalised(const std::vector<std::string_view>& words, size_t max) {
  if (words.empty() || words.size() > max) return false;
  static const std::unordered_set<std::string_view> kInner = {"of", "the", "and", "for", "&",
                                                              "on", "de", "al"};
  for (size_t k = 0; k < words.size(); ++k) {
    if (IsCapitalisedWord(words[k])) continue;
    if (k > 0 && k + 1 < words.size() && kInner.count(words[k])) continue;
    return false;
  }
  return true;
}

bool IsAllCapsText(std::string_view s) {
  size_t upper = 0;
  for (size_t i = 0; i < s.size();) {
    char32_t c;
    size_t len = DecodeUtf8(s, i, &c);
    if (IsLowerCp(c)) return false;
    if (IsUpperCp(c)) ++upper;
    i += len;
  }
  return upper >= 2;
}

// "<Site> - <Genre>:", "<Site>—<Genre>:", "CITY (Agency) -", "CITY, Jan 27 (Agency) -",
// "WASHINGTON —", "<Site> -" at the start of the first article paragraph.
Dateline ParseDateline(std::string_view s) {
  Dateline d;
  size_t pos, len;
  if (!FindSeparator(s, 120, &pos, &len)) return d;
  std::string_view pre = Trim(s.substr(0, pos));
  std::string_view post = s.substr(pos + len);
  if (pre.empty() || Trim(post).empty()) return d;
  auto pre_words = SplitWords(pre, 12);
  // Site - Genre:
  size_t colon = post.find(':');
  if (colon != std::string_view::npos && colon <= 30) {
    std::string genre;
    if (IsGenreWord(Trim(post.substr(0, colon)), &genre) && AllCapitalised(pre_words, 6)) {
      d.length = pos + len + colon + 1;
      d.site = std::string(pre);
      d.genre = genre;
      return d;
    }
  }
  auto post_words = SplitWords(post, 8);
  if (post_words.size() < 3) return d;
  // CITY (Agency) -   /   City, Jan 27 (Agency) -
  if (EndsWith(pre, ")")) {
    size_t open = pre.rfind('(');
    if (open != std::string_view::npos && open > 0) {
      std::string_view agency = Trim(pre.substr(open + 1, pre.size() - open - 2));
      std::string_view place = Trim(pre.substr(0, open));
      auto agency_words = SplitWords(agency, 6);
      auto place_words = SplitWords(place, 10);
      if (!agency_words.empty() && agency_words.size() <= 4 && place_words.size() <= 8 &&
          IsCapitalisedWord(place_words.empty() ? agency : place_words[0]) &&
          IsCapitalisedWord(agency_words[0])) {
        d.length = pos + len;
        d.site = std::string(agency);
        return d;
      }
    }
  }
  // WASHINGTON —   /   BAGHDAD, Iraq —
  {
    std::string_view head = pre.substr(0, std::min(pre.find(','), pre.size()));
    auto head_words = SplitWords(head, 6);
    if (!head_words.empty() && head_words.size() <= 4 && IsAllCapsText(head) &&
        pre_words.size() <= 6) {
      d.length = pos + len;
      return d;
    }
  }
  // Site - (no genre): 1-5 capitalised words, then a capitalised sentence.
  if (AllCapitalised(pre_words, 5)) {
    char32_t c = FirstCp(post);
    bool starts_sentence = IsUpperCp(c) || c == '"' || c == 0x201C || (c < 0x80 && IsAsciiDigit(static_cast<char>(c)));
    static const std::unordered_set<std::string_view> kNotSite = {
        "The", "A", "An", "In", "On", "At", "But", "And", "This", "That", "It", "He", "She",
        "They", "We", "I", "If", "As", "For", "So", "Yet"};
    if (starts_sentence && !(pre_words.size() == 1 && kNotSite.count(pre_words[0]))) {
      d.length = pos + len;
      d.site = std::string(pre);
      return d;
    }
  }
  return d;
}

// A line that is only a date: "January 27, 2024", "Published: 27 Jan 2024 10:32 GMT".
bool IsDateLine(const Block& b) {
  if (b.empty || b.text.size() > 80 || b.words > 10 || b.digits == 0) return false;
  std::string s = LowerAscii(b.text);
  static constexpr std::string_view kMonths[] = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  static constexpr std::string_view kLeads[] = {"published", "updated", "posted", "date",
                                                "last updated", "first published"};
  bool lead = false;
  for (auto l : kLeads) lead = lead || StartsWith(s, l);
  bool month = false;
  for (auto m : kMonths) month = month || s.find(m) != std::string::npos;
  // ISO date 2024-01-27 or 27/01/2024
  bool numeric = false;
  for (size_t i = 0; i + 10 <= s.size(); ++i) {
    auto d = [&](size_t k) { return IsAsciiDigit(s[i + k]); };
    if (d(0) && d(1) && d(2) && d(3) && (s[i + 4] == '-' || s[i + 4] == '/') && d(5) && d(6))
      numeric = true;
    if (d(0) && d(1) && (s[i + 2] == '/' || s[i + 2] == '.') && d(3) && d(4) &&
        (s[i + 5] == '/' || s[i + 5] == '.') && d(6) && d(7))
      numeric = true;
  }
  if (!(month || numeric)) return false;
  // Mostly date-ish tokens: few long lowercase words.
  auto words = SplitWords(s, 12);
  size_t wordy = 0;
  for (auto w : words) {
    bool has_digit = std::any_of(w.begin(), w.end(), IsAsciiDigit);
    if (!has_digit && w.size() > 9) ++wordy;
  }
  return (lead || month || numeric) && wordy <= 1 && (b.ends_terminal == false || lead);
}

bool StartsWithSite(std::string_view text, std::string_view site) {
  if (site.empty() || text.size() <= site.size() || !StartsWith(text, site)) return false;
  char32_t c;
  DecodeUtf8(text, site.size(), &c);
  return IsSpaceCp(c) || IsDashCp(c) || c == ':' || c == ',' || c == '|';
}

// ---------------------------------------------------------------------------

struct Cleaner {
  std::string_view raw;
  std::vector<Block> blocks;
  CleanResult result;
  std::string article_lang;

  void SetAuthor(const std::string& a) {
    if (result.author.empty()) result.author = a;
  }

  bool OtherLanguage(const Block& b, bool strict) {
    if (article_lang.empty() || b.empty) return false;
    if (b.words < 2) return false;
    if (strict && b.words < 8) return false;
    LangGuess g = GuessLanguage(b.text);
    if (g.code.empty() || g.code == article_lang) return false;
    if (g.reliable) return true;
    // Short UI text with clear non-English markers.
    return !strict && b.latin_ext > 0 && b.words <= 8 && g.code != "en";
  }

  void Run(std::string_view known_title);
};

void Cleaner::Run(std::string_view known_title) {
  const size_t n = blocks.size();
  if (n == 0) {
    result.title = std::string(Trim(known_title));
    return;
  }
  for (Block& b : blocks) {
    b.marker = ClassifyMarker(b);
    b.prose = IsProse(b);
  }

  // Segments between terminal markers; the article lives in the one with the
  // most prose.
  size_t best_begin = 0, best_end = 0, best_score = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    size_t score = 0;
    while (j < n && !IsTerminal(blocks[j].marker)) {
      if (blocks[j].prose) score += blocks[j].text.size();
      ++j;
    }
    if (score > best_score) best_score = score, best_begin = i, best_end = j;
    i = j + 1;
  }
  bool have_article = best_score > 0;
  size_t a_start = n, a_end = n;
  if (have_article) {
    a_start = best_begin;
    while (a_start < best_end && !blocks[a_start].prose) ++a_start;
    a_end = best_end;
  }

  // Title.
  long title_idx = -1;
  const size_t title_scan_end = have_article ? a_start : n;
  std::string kt = Normalise(Trim(known_title));
  if (!kt.empty()) {
    for (size_t i = 0; i < title_scan_end + (have_article ? 1 : 0) && i < n; ++i) {
      if (blocks[i].text.size() > 1000) continue;
      std::string norm = Normalise(blocks[i].text);
      if (norm == kt || (StartsWith(norm, kt) && norm.size() < kt.size() + 80 &&
                         !blocks[i].prose)) {
        title_idx = static_cast<long>(i);
        break;
      }
    }
    if (title_idx >= 0 && have_article && static_cast<size_t>(title_idx) == a_start) {
      // The "article start" was the title: move on to the next prose block.
      a_start = a_start + 1;
      while (a_start < a_end && !blocks[a_start].prose) ++a_start;
      if (a_start >= a_end) have_article = false;
    }
  }
  if (title_idx < 0 && have_article) {
    // The first title-like line shortly before the article; navigation words
    // ("World", "Home") lose to a real headline of 3+ words.
    std::string dummy;
    auto candidate = [&](size_t i) {
      const Block& b = blocks[i];
      return !b.empty && b.marker == kNoMarker && IsTitleLike(b) && !IsAllCapsLabel(b) &&
             !MatchBylineBlock(b, &dummy) && !IsDateLine(b);
    };
    size_t t = 0;
    while (t < a_start && (blocks[t].empty || blocks[t].marker != kNoMarker)) ++t;
    long first_any = -1, first_long = -1;
    for (size_t i = a_start > 6 ? a_start - 6 : 0; i < a_start; ++i) {
      if (!candidate(i)) continue;
      if (first_any < 0) first_any = static_cast<long>(i);
      if (first_long < 0 && blocks[i].words >= 3) first_long = static_cast<long>(i);
    }
    if (first_long >= 0 || first_any >= 0) {
      title_idx = first_long >= 0 ? first_long : first_any;
    } else if (t == a_start && IsTitleLike(blocks[t]) && blocks[t].words <= 25) {
      // A question/exclamation title counts as prose; it is the title when
      // the article follows.
      size_t next = t + 1;
      while (next < a_end && !blocks[next].prose) ++next;
      if (next < a_end && next - t <= 6) {
        title_idx = static_cast<long>(t);
        a_start = next;
      }
    }
  }
  if (title_idx >= 0) {
    blocks[title_idx].reason = "title";
    result.title = std::string(blocks[title_idx].text);
  } else {
    result.title = std::string(Trim(known_title));
  }

  if (!have_article) {
    // Nothing looks like an article: keep everything but obvious chrome.
    std::unordered_set<std::string> seen;
    for (size_t i = 0; i < n; ++i) {
      Block& b = blocks[i];
      if (!b.reason.empty()) continue;
      if (b.empty) b.reason = "empty";
      else if (b.marker != kNoMarker) b.reason = MarkerReason(b.marker);
      else if (!seen.insert(Normalise(b.text)).second) b.reason = "repeated";
    }
  } else {
    // Dateline prefix and trailing byline of the first article paragraph.
    Block& first = blocks[a_start];
    Dateline d = ParseDateline(first.text);
    if (d.length > 0) {
      first.prefix_end = first.begin + d.length;
      result.site = d.site;
      result.genre = d.genre;
    }
    std::string author;
    // Pre-article blocks.
    for (size_t i = 0; i < a_start; ++i) {
      Block& b = blocks[i];
      if (!b.reason.empty()) continue;
      if (b.empty) {
        b.reason = "empty";
      } else if (b.marker != kNoMarker) {
        b.reason = MarkerReason(b.marker);
      } else if (MatchBylineBlock(b, &author)) {
        b.reason = "byline";
        SetAuthor(author);
      } else if (IsDateLine(b)) {
        b.reason = "dateline";
      } else if (IsAllCapsLabel(b)) {
        b.reason = "ui-label";
      } else if (i < best_begin || (title_idx >= 0 && i < static_cast<size_t>(title_idx))) {
        // Before the title or in chrome before the article's segment.
        b.reason = b.prose ? "teaser" : "ui-label";
      }
      // else: a deck/standfirst between title and article: keep.
    }
    size_t tb = FindTrailingByline(first, &author);
    if (tb != std::string_view::npos && tb > first.prefix_end) {
      first.suffix_begin = tb;
      SetAuthor(author);
    }
    // Language of the article: its prose.
    {
      std::string sample;
      for (size_t i = a_start; i < a_end && sample.size() < kMaxDetectBytes; ++i) {
        if (!blocks[i].prose) continue;
        sample.append(blocks[i].text.substr(0, kMaxDetectBytes));
        sample.push_back('\n');
      }
      LangGuess g = GuessLanguage(sample);
      if (!g.code.empty() && (g.reliable || sample.size() >= 200)) article_lang = g.code;
    }
    std::unordered_set<std::string> seen;
    for (size_t i = 0; i < a_start; ++i) seen.insert(Normalise(blocks[i].text));
    // The article region.
    long last_prose = -1;
    for (size_t i = a_start; i < a_end; ++i) {
      Block& b = blocks[i];
      std::string norm = Normalise(b.text);
      const bool repeated = !seen.insert(norm).second;
      if (!b.reason.empty()) continue;
      if (b.empty) {
        b.reason = "empty";
      } else if (b.marker != kNoMarker) {
        b.reason = MarkerReason(b.marker);
      } else if (i == a_start) {
        // kept (its dateline/byline parts are cut separately)
      } else if (IsAllCapsLabel(b)) {
        b.reason = "ui-label";
      } else if (!b.prose && MatchBylineBlock(b, &author)) {
        b.reason = "byline";
        SetAuthor(author);
      } else if (repeated) {
        b.reason = "repeated";
      } else if ((!result.site.empty() && StartsWithSite(b.text, result.site)) ||
                 !ParseDateline(b.text).genre.empty()) {
        // Another article's summary: "<Site> – Interview: ...". Its title
        // (a short title-like line just before) goes with it.
        b.reason = "teaser";
        if (i > a_start + 1 && blocks[i - 1].reason.empty() && !blocks[i - 1].prose &&
            IsTitleLike(blocks[i - 1]))
          blocks[i - 1].reason = "teaser";
      } else if (OtherLanguage(b, /*strict=*/true)) {
        b.reason = "other-language";
      }
      if (b.reason.empty() && b.prose) last_prose = static_cast<long>(i);
    }
    // A byline trailing the last paragraph.
    if (last_prose > static_cast<long>(a_start)) {
      Block& last = blocks[last_prose];
      size_t lb = FindTrailingByline(last, &author);
      if (lb != std::string_view::npos) {
        last.suffix_begin = lb;
        SetAuthor(author);
      }
    }
    // The tail after the first terminal marker: chrome.
    for (size_t i = a_end; i < n; ++i) {
      Block& b = blocks[i];
      std::string norm = Normalise(b.text);
      const bool repeated = !seen.insert(norm).second;
      if (!b.reason.empty()) continue;
      if (b.empty) b.reason = "empty";
      else if (b.marker != kNoMarker) b.reason = MarkerReason(b.marker);
      else if (repeated) b.reason = "repeated";
      else if (IsAllCapsLabel(b)) b.reason = "ui-label";
      else if (OtherLanguage(b, /*strict=*/false)) b.reason = "other-language";
      else if (!b.prose && MatchBylineBlock(b, &author)) b.reason = "byline";
      else b.reason = "teaser";
    }
  }

  // Emit blocks (cutting dateline prefixes and byline suffixes) and the text.
  for (const Block& b : blocks) {
    if (!b.reason.empty()) {
      result.blocks.push_back({Span{static_cast<uint32_t>(b.begin), static_cast<uint32_t>(b.end)},
                               b.reason});
      continue;
    }
    size_t body_b = b.prefix_end, body_e = b.suffix_begin;
    if (b.prefix_end > b.begin) {
      size_t pb = b.begin, pe = b.prefix_end;
      TrimRange(raw, &pb, &pe);
      result.blocks.push_back({Span{static_cast<uint32_t>(pb), static_cast<uint32_t>(pe)},
                               "dateline"});
    }
    TrimRange(raw, &body_b, &body_e);
    if (body_e > body_b) {
      result.blocks.push_back(
          {Span{static_cast<uint32_t>(body_b), static_cast<uint32_t>(body_e)}, ""});
      if (!result.text.empty()) result.text.append("\n\n");
      result.text.append(raw.substr(body_b, body_e - body_b));
    }
    if (b.suffix_begin < b.end) {
      size_t sb = b.suffix_begin, se = b.end;
      TrimRange(raw, &sb, &se);
      result.blocks.push_back({Span{static_cast<uint32_t>(sb), static_cast<uint32_t>(se)},
                               "byline"});
    }
  }

  // The language of what was kept.
  LangGuess g = GuessLanguage(result.text);
  if (!g.code.empty() && (g.reliable || result.text.size() >= 200)) {
    result.language = g.code;
  } else {
    result.language = article_lang;
  }
}

}  // namespace

std::string DetectLanguage(std::string_view text, bool* reliable) {
  LangGuess g = GuessLanguage(text);
  if (reliable != nullptr) *reliable = g.reliable;
  return g.reliable ? g.code : std::string();
}

// The block classifier, shared with the HTML extractor (dyad/extract.h): the
// same marker, byline, date-line and prose tests the cleaner applies to one
// block of pre-scraped text.
BlockVerdict ClassifyTextBlock(std::string_view text) {
  BlockVerdict v;
  if (text.size() > UINT32_MAX) text = text.substr(0, UINT32_MAX);
  Block b;
  b.begin = 0;
  b.end = text.size();
  b.text = text;
  b.prefix_end = 0;
  b.suffix_begin = text.size();
  ComputeFeatures(b);
  b.marker = ClassifyMarker(b);
  b.prose = IsProse(b);
  v.marker = MarkerReason(b.marker);
  v.terminal = IsTerminal(b.marker);
  v.prose = b.prose;
  v.title_like = IsTitleLike(b);
  v.all_caps_label = IsAllCapsLabel(b);
  if (b.marker == kNoMarker) {
    v.byline = MatchBylineBlock(b, &v.author);
    v.dateline = !v.byline && IsDateLine(b);
  }
  return v;
}

CleanResult CleanPrescrapedText(std::string_view raw, std::string_view known_title) {
  Cleaner c;
  // Spans are uint32_t: a page beyond 4 GiB is cut (never happens in practice).
  if (raw.size() > UINT32_MAX) raw = raw.substr(0, UINT32_MAX);
  c.raw = raw;
  c.blocks = SplitBlocks(raw);
  c.Run(known_title);
  return std::move(c.result);
}

}  // namespace dyad
