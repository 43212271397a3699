// Article extraction from one HTML page: metadata (title, author, date, site,
// language, canonical URL) and the main text.
//
// The text: the page is cut into blocks (paragraphs, headings, list items,
// pre, quotes, cells) while walking the tree once; each block carries its
// text, how much of it is link text, and why it is boilerplate when an
// ancestor says so (nav/aside/footer/header, hidden, a class or id such as
// "comments", "share", "related", "sidebar"). Every block gets a weight
// (prose counts for, link lists and short chrome lines against), subtree sums
// are accumulated bottom-up, and the element with the largest sum is the
// article container. Inside it, blocks are kept unless boilerplate, link
// lists, chrome lines (the classifier shared with the pre-scraped text
// cleaner: comment counters, share bars, "Related articles" labels, bylines,
// date lines) or repeats. Rows of short table cells are one block each;
// repeated teaser cards (linked headline + summary from one template) outside
// the declared article body count against their container. All walks are
// iterative; the tree's depth is capped.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "dyad/clean.h"
#include "dyad/extract.h"
#include "core/ascii.h"
#include "dyad/ingest.h"
#include "dyad/text.h"

namespace dyad {

namespace {

inline bool IsWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
inline char LowerC(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline bool IsAlnumC(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Collapses whitespace (ASCII, NBSP) to single spaces and trims.
std::string Collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ws = IsWs(c);
    if (!ws && c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      ws = true;
      ++i;
    }
    if (ws) {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

std::string NormKey(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (IsAlnumC(c) || static_cast<unsigned char>(c) >= 0x80) out.push_back(LowerC(c));
  }
  return out;
}

uint64_t Hash64(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

size_t CountWords(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    if (IsWs(c)) {
      in = false;
    } else if (!in) {
      in = true;
      ++n;
    }
  }
  return n;
}

// ---------------------------------------------------------------------------
// Boilerplate by class / id / role.

// Splits a class/id string into lower-case alphanumeric tokens.
void Tokens(std::string_view s, std::vector<std::string>& out) {
  std::string cur;
  for (char c : s) {
    if (IsAlnumC(c)) {
      cur.push_back(LowerC(c));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
}

// The reason a class/id marks boilerplate, or nullptr. Matches whole tokens
// (and a few prefixes), so "commentary" or "shareholder" do not match.
const char* ClassReason(std::string_view cls, std::string_view id) {
  // Whole class names that hide an element (as a token, "hidden" is too common:
  // Drupal's "field-label-hidden" wraps article bodies).
  for (size_t b = 0; b < cls.size();) {
    while (b < cls.size() && IsWs(cls[b])) ++b;
    size_t e = b;
    while (e < cls.size() && !IsWs(cls[e])) ++e;
    std::string name = AsciiLower(cls.substr(b, e - b));
    if (name == "hidden" || name == "sr-only" || name == "visually-hidden" ||
        name == "screen-reader-text" || name == "visuallyhidden" || name == "d-none" ||
        name == "hide" || name == "is-hidden")
      return "hidden";
    b = e;
  }
  static const std::unordered_map<std::string_view, const char*> kTokens = {
      {"comment", "comments"}, {"comments", "comments"}, {"commentlist", "comments"},
      {"disqus", "comments"}, {"replies", "comments"}, {"respond", "comments"},
      {"share", "share"}, {"sharing", "share"}, {"sharebar", "share"}, {"social", "share"},
      {"socials", "share"}, {"sharethis", "share"}, {"addthis", "share"}, {"shares", "share"},
      {"related", "related"}, {"recommended", "related"}, {"recommendations", "related"},
      {"recirc", "related"}, {"outbrain", "related"}, {"taboola", "related"},
      {"popular", "related"}, {"trending", "related"}, {"mostread", "related"},
      {"teaser", "related"}, {"teasers", "related"},
      {"newsletter", "newsletter"}, {"subscribe", "newsletter"}, {"subscription", "newsletter"},
      {"signup", "newsletter"}, {"optin", "newsletter"},
      {"cookie", "cookie"}, {"cookies", "cookie"}, {"consent", "cookie"}, {"gdpr", "cookie"},
      {"ad", "ad"}, {"ads", "ad"}, {"advert", "ad"}, {"advertisement", "ad"},
      {"advertising", "ad"}, {"adslot", "ad"}, {"sponsor", "ad"}, {"sponsored", "ad"},
      {"promo", "ad"}, {"promotion", "ad"}, {"dfp", "ad"},
      {"breadcrumb", "nav"}, {"breadcrumbs", "nav"}, {"nav", "nav"}, {"navbar", "nav"},
      {"navigation", "nav"}, {"menu", "nav"}, {"pagination", "nav"}, {"pager", "nav"},
      {"skip", "nav"}, {"toolbar", "nav"}, {"masthead", "nav"},
      {"sidebar", "sidebar"}, {"rail", "sidebar"}, {"aside", "sidebar"},
      {"footer", "footer"}, {"copyright", "footer"},
      {"tags", "tags"}, {"taglist", "tags"}, {"keywords", "tags"},
      {"modal", "popup"}, {"popup", "popup"}, {"overlay", "popup"},
      {"byline", "byline"}, {"dateline", "byline"}, {"timestamp", "byline"},
      {"author", "byline"}, {"authors", "byline"},
      {"caption", "caption"}, {"credit", "caption"}, {"credits", "caption"},
  };
  std::vector<std::string> t;
  Tokens(cls, t);
  Tokens(id, t);
  for (size_t k = 0; k < t.size(); ++k) {
    const std::string& w = t[k];
    auto it = kTokens.find(w);
    if (it != kTokens.end()) {
      if (w == "ad" && k + 1 < t.size() && (t[k + 1] == "free")) continue;
      if (w == "author" && k + 1 < t.size() && (t[k + 1] == "content" || t[k + 1] == "text"))
        continue;
      return it->second;
    }
    if (StartsWith(w, "comment") && w != "commentary" && !StartsWith(w, "commentar")) return "comments";
    if (StartsWith(w, "related")) return "related";
    if (StartsWith(w, "newsletter")) return "newsletter";
    if (StartsWith(w, "social")) return "share";
    if (StartsWith(w, "breadcrumb")) return "nav";
    if (StartsWith(w, "sidebar")) return "sidebar";
    if (StartsWith(w, "footer")) return "footer";
    if (StartsWith(w, "advert")) return "ad";
  }
  return nullptr;
}

bool IsHiddenStyle(std::string_view style) {
  if (style.empty()) return false;
  std::string s;
  for (char c : style)
    if (!IsWs(c)) s.push_back(LowerC(c));
  return s.find("display:none") != std::string::npos ||
         s.find("visibility:hidden") != std::string::npos;
}

// ---------------------------------------------------------------------------
// Blocks.

struct RawBlock {
  uint32_t owner = 0;      // innermost block element
  uint8_t tag = 0;         // its tag
  std::string text;
  size_t chars = 0;        // non-space bytes
  size_t link_chars = 0;   // of them inside <a>
  uint32_t src_begin = UINT32_MAX, src_end = 0;
  const char* reason = nullptr;  // boilerplate ancestor
  uint32_t reason_node = 0;      // the element that gave the reason
  bool starts_in_link = false;   // its first characters are link text (a teaser's headline)
  bool teaser_card = false;      // follows a linked headline in a small repeated card
  double weight = 0;
};

bool IsBlockTag(uint8_t t) {
  switch (t) {
    case kTag_p: case kTag_div: case kTag_section: case kTag_article: case kTag_main:
    case kTag_li: case kTag_ul: case kTag_ol: case kTag_dl: case kTag_dt: case kTag_dd:
    case kTag_h1: case kTag_h2: case kTag_h3: case kTag_h4: case kTag_h5: case kTag_h6:
    case kTag_blockquote: case kTag_pre: case kTag_table: case kTag_tr: case kTag_td:
    case kTag_th: case kTag_caption: case kTag_figure: case kTag_figcaption:
    case kTag_address: case kTag_header: case kTag_footer: case kTag_nav: case kTag_aside:
    case kTag_hr: case kTag_center: case kTag_details: case kTag_summary: case kTag_form:
    case kTag_fieldset: case kTag_body: case kTag_html: case kTag_tbody: case kTag_thead:
    case kTag_tfoot: case kTag_hgroup: case kTag_menu: case kTag_dir: case kTag_dialog:
    case kTag_legend: case kTag_frameset: case kTagRoot:
      return true;
    default:
      return false;
  }
}

// Elements whose content is never article text.
bool IsSkipTag(uint8_t t) {
  switch (t) {
    case kTag_head: case kTag_script: case kTag_style: case kTag_noscript: case kTag_template:
    case kTag_svg: case kTag_math: case kTag_iframe: case kTag_object: case kTag_embed:
    case kTag_canvas: case kTag_video: case kTag_audio: case kTag_map: case kTag_select:
    case kTag_option: case kTag_optgroup: case kTag_button: case kTag_input:
    case kTag_textarea: case kTag_title: case kTag_dialog: case kTag_applet:
    case kTag_noembed: case kTag_noframes: case kTag_xmp: case kTag_label:
    case kTag_picture: case kTag_meta: case kTag_link: case kTag_base:
      return true;
    default:
      return false;
  }
}

const char* TagReason(uint8_t t) {
  switch (t) {
    case kTag_nav: return "nav";
    case kTag_aside: return "aside";
    case kTag_footer: return "footer";
    case kTag_header: return "header";
    case kTag_menu: return "nav";
    case kTag_form: return nullptr;
    default: return nullptr;
  }
}

const char* KindOf(uint8_t t) {
  switch (t) {
    case kTag_h1: case kTag_h2: case kTag_h3: case kTag_h4: case kTag_h5: case kTag_h6:
      return "h";
    case kTag_li: case kTag_dt: case kTag_dd: return "li";
    case kTag_pre: return "pre";
    case kTag_blockquote: return "quote";
    case kTag_td: case kTag_th: return "td";
    case kTag_tr: return "tr";
    case kTag_figcaption: case kTag_caption: return "caption";
    default: return "p";
  }
}

// Table cells with at most this many characters are read as part of their row.
constexpr uint32_t kShortCell = 200;

class BlockBuilder {
 public:
  BlockBuilder(const HtmlTree& t, const std::vector<uint32_t>& subtree_chars, size_t body_chars)
      : t_(t), sub_(subtree_chars), body_chars_(body_chars) {}

  // The boilerplate reason of every element (nullptr for most).
  std::vector<const char*> TakeNodeReasons() { return std::move(node_reasons_); }

  std::vector<RawBlock> Run() {
    node_reasons_.assign(t_.nodes().size(), nullptr);
    const auto& nodes = t_.nodes();
    owners_.push_back(HtmlTree::root());
    uint32_t cur = nodes[0].first_child;
    while (cur != HtmlNode::kNone) {
      bool descended = Enter(cur);
      if (descended && nodes[cur].first_child != HtmlNode::kNone) {
        cur = nodes[cur].first_child;
        continue;
      }
      if (descended) Exit(cur);
      while (cur != HtmlNode::kNone && nodes[cur].next == HtmlNode::kNone) {
        cur = nodes[cur].parent;
        if (cur == HtmlTree::root() || cur == HtmlNode::kNone) {
          cur = HtmlNode::kNone;
          break;
        }
        Exit(cur);
      }
      if (cur != HtmlNode::kNone) cur = nodes[cur].next;
    }
    Flush();
    return std::move(blocks_);
  }

 private:
  struct Frame {
    bool block = false, reason = false, link = false, pre = false;
  };
  const HtmlTree& t_;
  const std::vector<uint32_t>& sub_;
  size_t body_chars_;
  std::vector<RawBlock> blocks_;
  std::vector<Frame> frames_;
  std::vector<uint32_t> owners_;
  std::vector<const char*> reasons_;
  std::vector<const char*> node_reasons_;
  std::vector<uint32_t> reason_nodes_;
  int link_depth_ = 0;
  int pre_depth_ = 0;
  RawBlock cur_;
  bool space_ = false;

  void Flush() {
    // Trim trailing spaces/newlines.
    while (!cur_.text.empty() && (cur_.text.back() == ' ' || cur_.text.back() == '\n'))
      cur_.text.pop_back();
    if (cur_.chars > 0) {
      cur_.owner = owners_.back();
      cur_.tag = t_.node(cur_.owner).tag;
      cur_.reason = reasons_.empty() ? nullptr : reasons_[0];
      cur_.reason_node = reason_nodes_.empty() ? 0 : reason_nodes_[0];

      blocks_.push_back(std::move(cur_));
    }
    cur_ = RawBlock();
    space_ = false;
  }

  void AppendText(uint32_t id) {
    std::string_view s = t_.Text(id);
    const HtmlNode& n = t_.node(id);
    if (cur_.src_begin == UINT32_MAX) cur_.src_begin = n.src_begin;
    cur_.src_end = n.src_end;
    if (pre_depth_ > 0) {
      for (char c : s) {
        if (c == '\r') continue;
        cur_.text.push_back(c);
        if (!IsWs(c)) {
          ++cur_.chars;
          if (link_depth_) ++cur_.link_chars;
        }
      }
      return;
    }
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      bool ws = IsWs(c);
      if (!ws && c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
        ws = true;
        ++i;
      }
      if (ws) {
        if (!cur_.text.empty() && cur_.text.back() != '\n') space_ = true;
        continue;
      }
      if (space_) cur_.text.push_back(' ');
      space_ = false;
      if (cur_.chars == 0) cur_.starts_in_link = link_depth_ > 0;
      cur_.text.push_back(c);
      // Count characters (not UTF-8 continuation bytes).
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++cur_.chars;
        if (link_depth_) ++cur_.link_chars;
      }
    }
  }

  const char* ReasonOf(uint32_t id) {
    const char* r = RawReasonOf(id);
    // Never drop most of the page on one attribute: a "has-sidebar" wrapper, a
    // Next.js <div hidden> holding the streamed article, an <article>'s header.
    if (r != nullptr && sub_[id] * 10 > body_chars_ * 5) return nullptr;
    return r;
  }

  const char* RawReasonOf(uint32_t id) {
    const HtmlNode& n = t_.node(id);
    if (n.attr_count == 0) return TagReason(n.tag);
    if (t_.HasAttr(id, kAttrHidden)) return "hidden";
    if (t_.Attr(id, kAttrAriaHidden) == "true" && n.tag != kTag_span && n.tag != kTag_a &&
        n.tag != kTag_i)
      return "hidden";
    if (IsHiddenStyle(t_.Attr(id, kAttrStyle))) return "hidden";
    std::string_view role = t_.Attr(id, kAttrRole);
    if (role == "navigation" || role == "menu" || role == "menubar") return "nav";
    if (role == "complementary") return "aside";
    if (role == "contentinfo") return "footer";
    if (role == "banner") return "header";
    if (role == "dialog" || role == "alertdialog") return "popup";
    const char* r = TagReason(n.tag);
    if (r) return r;
    if (n.tag == kTag_body || n.tag == kTag_html || n.tag == kTag_main ||
        n.tag == kTag_article)
      return nullptr;
    std::string_view ip = t_.Attr(id, kAttrItemprop);
    if (ip == "articleBody" || ip == "articlebody" || ip == "text") return nullptr;
    return ClassReason(t_.Attr(id, kAttrClass), t_.Attr(id, kAttrId));
  }

  bool Enter(uint32_t id) {
    const HtmlNode& n = t_.node(id);
    if (n.is_text()) {
      AppendText(id);
      return false;
    }
    if (IsSkipTag(n.tag)) return false;
    if (n.tag == kTag_br) {
      if (pre_depth_ == 0) {
        if (!cur_.text.empty() && cur_.text.back() == '\n') {
          Flush();  // <br><br>: a paragraph break
        } else if (!cur_.text.empty()) {
          cur_.text.push_back('\n');
          space_ = false;
        }
      } else {
        cur_.text.push_back('\n');
      }
      return false;
    }
    if (n.tag == kTag_img || n.tag == kTag_hr || n.tag == kTag_wbr) {
      if (n.tag == kTag_hr) Flush();
      return false;
    }
    Frame f;
    const char* reason = ReasonOf(id);
    if (reason != nullptr) node_reasons_[id] = reason;
    f.block = IsBlockTag(n.tag) || reason != nullptr;
    if ((n.tag == kTag_td || n.tag == kTag_th) && reason == nullptr && sub_[id] <= kShortCell &&
        n.parent != HtmlNode::kNone && t_.node(n.parent).tag == kTag_tr) {
      // A short cell of a row: the row is one block, its cells separated by
      // spaces ("1 Kyle Busch 5040"), as it reads; a long cell (a layout
      // table's column) stays a block of its own.
      f.block = false;
      if (!cur_.text.empty()) space_ = true;
    }
    if (f.block) {
      Flush();
      owners_.push_back(id);
    }
    if (reason != nullptr) {  // outermost first (the reason a block has), then the inner ones
      reasons_.push_back(reason);
      reason_nodes_.push_back(id);
      f.reason = true;
    } else if (f.block && !reasons_.empty()) {
      // keep the outer reason (inherited)
    }
    if (n.tag == kTag_a) {
      ++link_depth_;
      f.link = true;
    }
    if (n.tag == kTag_pre) {
      ++pre_depth_;
      f.pre = true;
    }
    frames_.push_back(f);
    return true;
  }

  void Exit(uint32_t id) {
    if (frames_.empty()) return;
    Frame f = frames_.back();
    frames_.pop_back();
    if (f.block) Flush();
    if (f.block) owners_.pop_back();
    if (f.reason) {
      reasons_.pop_back();
      reason_nodes_.pop_back();
    }
    if (f.link) --link_depth_;
    if (f.pre) --pre_depth_;
    // Inline elements end with a space when the source had one; table cells etc. flush.
    (void)id;
  }
};

// ---------------------------------------------------------------------------
// Metadata.

struct Meta {
  std::unordered_map<std::string, std::string> tags;  // lower-case name/property -> content
  std::string title_tag, h1, canonical, html_lang;
  std::string ld_headline, ld_author, ld_date, ld_site, ld_url, ld_modified;
  std::string item_author, item_date, time_date, rel_author, byline_author;
  std::string Get(std::initializer_list<const char*> keys) const {
    for (const char* k : keys) {
      auto it = tags.find(k);
      if (it != tags.end() && !it->second.empty()) return it->second;
    }
    return "";
  }
};

void JsonNames(const nlohmann::json& j, std::vector<std::string>& out, int depth = 0) {
  if (depth > 4) return;
  if (j.is_string()) {
    out.push_back(Collapse(j.get<std::string>()));
  } else if (j.is_array()) {
    for (const auto& e : j) JsonNames(e, out, depth + 1);
  } else if (j.is_object()) {
    auto it = j.find("name");
    if (it != j.end() && it->is_string()) {
      out.push_back(Collapse(it->get<std::string>()));
    } else if (it != j.end()) {
      JsonNames(*it, out, depth + 1);
    }
  }
}

bool IsArticleType(const nlohmann::json& t) {
  auto ok = [](const std::string& s) {
    return s.find("Article") != std::string::npos || s == "BlogPosting" ||
           s == "Report" || s == "WebPage" || s == "Posting" || s == "LiveBlogPosting" ||
           s == "Review" || s == "Recipe" || s == "HowTo" || s == "Blog" ||
           s == "SocialMediaPosting" || s == "ItemPage" || s == "AboutPage" || s == "MedicalWebPage";
  };
  if (t.is_string()) return ok(t.get<std::string>());
  if (t.is_array())
    for (const auto& e : t)
      if (e.is_string() && ok(e.get<std::string>())) return true;
  return false;
}

bool IsWebPageOnly(const nlohmann::json& t) {
  if (t.is_string()) {
    std::string s = t.get<std::string>();
    return s == "WebPage" || s == "ItemPage" || s == "AboutPage" || s == "MedicalWebPage";
  }
  return false;
}

std::string JStr(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return "";
  if (it->is_string()) return Collapse(it->get<std::string>());
  if (it->is_object()) {
    auto n = it->find("@id");
    if (n != it->end() && n->is_string()) return n->get<std::string>();
  }
  return "";
}

void WalkJsonLd(const nlohmann::json& j, Meta& m, int depth, int* rank) {
  if (depth > 8) return;
  if (j.is_array()) {
    for (const auto& e : j) WalkJsonLd(e, m, depth + 1, rank);
    return;
  }
  if (!j.is_object()) return;
  auto g = j.find("@graph");
  if (g != j.end()) WalkJsonLd(*g, m, depth + 1, rank);
  auto t = j.find("@type");
  if (t == j.end() || !IsArticleType(*t)) return;
  // Prefer a real article over a WebPage.
  int r = IsWebPageOnly(*t) ? 1 : 2;
  if (r < *rank) return;
  bool replace = r > *rank;
  *rank = r;
  auto set = [&](std::string& dst, std::string v) {
    if (!v.empty() && (replace || dst.empty())) dst = std::move(v);
  };
  set(m.ld_headline, JStr(j, "headline").empty() ? (r == 2 ? JStr(j, "name") : "") : JStr(j, "headline"));
  set(m.ld_date, JStr(j, "datePublished").empty() ? JStr(j, "dateCreated") : JStr(j, "datePublished"));
  set(m.ld_modified, JStr(j, "dateModified"));
  auto a = j.find("author");
  if (a == j.end()) a = j.find("creator");
  if (a != j.end()) {
    std::vector<std::string> names;
    JsonNames(*a, names);
    std::string joined;
    for (auto& n : names) {
      if (n.empty() || StartsWith(n, "http")) continue;
      if (!joined.empty()) joined += "; ";
      joined += n;
    }
    set(m.ld_author, joined);
  }
  auto p = j.find("publisher");
  if (p != j.end()) {
    std::vector<std::string> names;
    JsonNames(*p, names);
    if (!names.empty()) set(m.ld_site, names[0]);
  }
  set(m.ld_url, JStr(j, "url"));
}

bool LooksLikeUrl(std::string_view s) {
  return StartsWith(s, "http://") || StartsWith(s, "https://") || StartsWith(s, "//") ||
         StartsWith(s, "/");
}

// A clean person name from a byline text: strips "By", dates, roles after '|'.
std::string CleanAuthor(std::string s) {
  s = Collapse(s);
  for (std::string_view lead : {"By ", "by ", "BY ", "Written by ", "Author: ", "Posted by ",
                                "Words by ", "Story by ", "Reporting by ", "Por ", "Von "}) {
    if (StartsWith(s, lead)) {
      s = s.substr(lead.size());
      break;
    }
  }
  if (StartsWith(s, "By") && s.size() > 2 && s[2] == '\n') s = s.substr(3);
  for (const char* stop : {" | ", "|", "\n", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " on ",
                           " Published", " Updated", " posted", " Posted"}) {
    size_t p = s.find(stop);
    if (p != std::string::npos && p > 0) s = s.substr(0, p);
  }
  while (!s.empty() && (s.back() == ',' || s.back() == ' ' || s.back() == '.' || s.back() == ':'))
    s.pop_back();
  if (s.size() > 80 || CountWords(s) > 8) return "";
  return s;
}

void CollectMeta(const HtmlTree& t, Meta& m) {
  const auto& nodes = t.nodes();
  int ld_rank = 0;
  bool in_head = true;
  for (uint32_t i = 1; i < nodes.size(); ++i) {
    const HtmlNode& n = nodes[i];
    switch (n.tag) {
      case kTag_body:
        in_head = false;
        break;
      case kTag_html:
        m.html_lang = AsciiLower(t.Attr(i, kAttrLang));
        break;
      case kTag_meta: {
        std::string_view key = t.Attr(i, kAttrProperty);
        if (key.empty()) key = t.Attr(i, kAttrName);
        if (key.empty()) key = t.Attr(i, kAttrItemprop);
        if (key.empty()) break;
        std::string k = AsciiLower(key);
        std::string v = Collapse(t.Attr(i, kAttrContent));
        if (v.empty()) break;
        if (k == "article:author" || k == "author") {
          // Several author metas: join.
          auto it = m.tags.find(k);
          if (it != m.tags.end() && !it->second.empty() && it->second != v &&
              it->second.find(v) == std::string::npos) {
            it->second += "; " + v;
            break;
          }
        }
        m.tags.emplace(std::move(k), std::move(v));
        break;
      }
      case kTag_title:
        if (m.title_tag.empty() && (in_head || true)) {
          if (n.parent != HtmlNode::kNone && nodes[n.parent].tag == kTag_svg) break;
          m.title_tag = Collapse(t.InnerText(i, 2000));
        }
        break;
      case kTag_link: {
        std::string rel = AsciiLower(t.Attr(i, kAttrRel));
        if (rel == "canonical" && m.canonical.empty()) m.canonical = std::string(t.Attr(i, kAttrHref));
        break;
      }
      case kTag_h1:
        if (m.h1.empty()) m.h1 = Collapse(t.InnerText(i, 2000));
        break;
      case kTag_script:
        if (n.first_child != HtmlNode::kNone) {
          std::string_view js = t.Text(n.first_child);
          if (js.size() < (2u << 20)) {
            nlohmann::json j = nlohmann::json::parse(js.begin(), js.end(), nullptr, false);
            if (!j.is_discarded()) WalkJsonLd(j, m, 0, &ld_rank);
          }
        }
        break;
      case kTag_time:
        if (m.time_date.empty()) {
          std::string_view dt = t.Attr(i, kAttrDatetime);
          std::string d = NormaliseDate(dt);
          if (d.empty()) d = NormaliseDate(t.InnerText(i, 200));
          if (!d.empty()) m.time_date = d;
        }
        break;
      default:
        break;
    }
    if (n.attr_count == 0 || n.tag == kTag_meta) continue;
    std::string_view ip = t.Attr(i, kAttrItemprop);
    if (!ip.empty()) {
      if ((ip == "author" || ip == "creator") && m.item_author.empty()) {
        std::string_view c = t.Attr(i, kAttrContent);
        m.item_author = CleanAuthor(c.empty() ? t.InnerText(i, 300) : std::string(c));
      } else if (ip == "datePublished" && m.item_date.empty()) {
        std::string_view c = t.Attr(i, kAttrDatetime);
        if (c.empty()) c = t.Attr(i, kAttrContent);
        m.item_date = NormaliseDate(c.empty() ? std::string_view(t.InnerText(i, 200)) : c);
      }
    }
    if (n.tag == kTag_a && m.rel_author.empty()) {
      std::string rel = AsciiLower(t.Attr(i, kAttrRel));
      if (rel == "author") m.rel_author = CleanAuthor(t.InnerText(i, 200));
    }
    if (m.byline_author.empty() && n.tag != kTag_body && n.tag != kTag_html) {
      std::string cls = AsciiLower(t.Attr(i, kAttrClass));
      if (!cls.empty() && (cls.find("byline") != std::string::npos ||
                           cls.find("author-name") != std::string::npos ||
                           cls.find("authorname") != std::string::npos ||
                           cls == "author" || cls.find(" author") != std::string::npos ||
                           StartsWith(cls, "author "))) {
        std::string txt = t.InnerText(i, 300);
        if (!txt.empty() && txt.size() < 200) m.byline_author = CleanAuthor(txt);
      }
    }
  }
}

// "Title | Site", "Title - Site": the part that is not the site name.
std::string StripSiteSuffix(const std::string& title, const std::string& site) {
  for (std::string_view sep : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xBB ", " / "}) {
    size_t p = title.rfind(sep);
    if (p == std::string::npos || p == 0) continue;
    std::string head = title.substr(0, p), tail = title.substr(p + sep.size());
    // The suffix is short (a site name) compared with the head.
    if (CountWords(tail) <= 6 && CountWords(head) >= 2) return head;
    // Or a site prefix: "Site | Title".
    if (CountWords(head) <= 4 && CountWords(tail) >= 4 && !site.empty() &&
        NormKey(head) == NormKey(site))
      return tail;
  }
  return title;
}

std::string DateFromUrl(std::string_view url) {
  // /2024/01/27/ or /2024-01-27 or /20240127/
  for (size_t i = 0; i + 10 <= url.size(); ++i) {
    if (url[i] != '/') continue;
    auto dig = [&](size_t k, size_t n) {
      if (k + n > url.size()) return false;
      for (size_t m = 0; m < n; ++m)
        if (url[k + m] < '0' || url[k + m] > '9') return false;
      return true;
    };
    if (dig(i + 1, 4) && (url[i + 5] == '/' || url[i + 5] == '-') && dig(i + 6, 2) &&
        i + 8 < url.size() && (url[i + 8] == '/' || url[i + 8] == '-') && dig(i + 9, 2)) {
      std::string d = NormaliseDate(std::string(url.substr(i + 1, 4)) + "-" +
                                    std::string(url.substr(i + 6, 2)) + "-" +
                                    std::string(url.substr(i + 9, 2)));
      if (!d.empty()) return d;
    }
  }
  return "";
}

}  // namespace

// ---------------------------------------------------------------------------

std::string UrlHost(std::string_view url) {
  size_t p = url.find("://");
  if (p == std::string_view::npos) {
    if (StartsWith(url, "//")) p = 0;
    else return "";
  }
  size_t b = p + (p == 0 ? 2 : 3);
  size_t e = b;
  while (e < url.size() && url[e] != '/' && url[e] != ':' && url[e] != '?' && url[e] != '#') ++e;
  std::string host = AsciiLower(url.substr(b, e - b));
  size_t at = host.find('@');
  if (at != std::string::npos) host = host.substr(at + 1);
  if (StartsWith(host, "www.")) host = host.substr(4);
  return host;
}

std::string NormaliseDate(std::string_view in) {
  std::string s(in.substr(0, 200));
  if (s.empty()) return "";
  auto valid = [](int y, int m, int d) {
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1];
  };
  auto fmt = [](int y, int m, int d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return std::string(buf);
  };
  auto num = [&](size_t i, size_t n, int* v) {
    if (i + n > s.size()) return false;
    int x = 0;
    for (size_t k = 0; k < n; ++k) {
      if (s[i + k] < '0' || s[i + k] > '9') return false;
      x = x * 10 + (s[i + k] - '0');
    }
    *v = x;
    return true;
  };
  // ISO / slashed / compact: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD(T...).
  for (size_t i = 0; i + 8 <= s.size(); ++i) {
    if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') continue;
    int y, m, d;
    if (!num(i, 4, &y)) continue;
    if (i + 10 <= s.size() && (s[i + 4] == '-' || s[i + 4] == '/' || s[i + 4] == '.') &&
        s[i + 7] == s[i + 4] && num(i + 5, 2, &m) && num(i + 8, 2, &d) && valid(y, m, d))
      return fmt(y, m, d);
    if (i + 8 <= s.size() && num(i + 4, 2, &m) && num(i + 6, 2, &d) && valid(y, m, d) &&
        (i + 8 == s.size() || s[i + 8] == 'T' || s[i + 8] < '0' || s[i + 8] > '9'))
      return fmt(y, m, d);
  }
  // Month names.
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string l = AsciiLower(s);
  // Tokens: words and numbers.
  std::vector<std::string> tok;
  {
    std::string cur;
    for (char c : l) {
      if (IsAlnumC(c)) {
        cur.push_back(c);
      } else if (!cur.empty()) {
        tok.push_back(cur);
        cur.clear();
      }
    }
    if (!cur.empty()) tok.push_back(cur);
  }
  auto month_of = [&](const std::string& w) -> int {
    if (w.size() < 3) return 0;
    for (int k = 0; k < 12; ++k)
      if (w.compare(0, 3, kMonths[k]) == 0) {
        // "mar" vs "march", "may"; avoid "marine"/"mayor" by length checks.
        static const char* kFull[] = {"january", "february", "march", "april", "may", "june",
                                      "july", "august", "september", "october", "november",
                                      "december"};
        std::string_view full = kFull[k];
        if (w.size() == 3 || (w.size() <= full.size() && full.compare(0, w.size(), w) == 0) ||
            (k == 8 && w == "sept"))
          return k + 1;
      }
    return 0;
  };
  auto to_int = [](const std::string& w, int* v) {
    if (w.empty() || w.size() > 4) return false;
    int x = 0;
    size_t k = 0;
    for (; k < w.size() && w[k] >= '0' && w[k] <= '9'; ++k) x = x * 10 + (w[k] - '0');
    if (k == 0) return false;
    std::string_view suf = std::string_view(w).substr(k);
    if (!(suf.empty() || suf == "st" || suf == "nd" || suf == "rd" || suf == "th")) return false;
    *v = x;
    return true;
  };
  for (size_t k = 0; k < tok.size(); ++k) {
    int m = month_of(tok[k]);
    if (!m) continue;
    int d = 0, y = 0;
    // Month D, YYYY
    if (k + 2 < tok.size() && to_int(tok[k + 1], &d) && d <= 31 && to_int(tok[k + 2], &y) &&
        y >= 1900 && valid(y, m, d))
      return fmt(y, m, d);
    // D Month YYYY
    if (k >= 1 && k + 1 < tok.size() && to_int(tok[k - 1], &d) && d <= 31 &&
        to_int(tok[k + 1], &y) && y >= 1900 && valid(y, m, d))
      return fmt(y, m, d);
  }
  // DD.MM.YYYY / DD/MM/YYYY (European order; US order when the first > 12 fails).
  for (size_t i = 0; i + 10 <= s.size(); ++i) {
    if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') continue;
    int a, b, y;
    if (num(i, 2, &a) && (s[i + 2] == '.' || s[i + 2] == '/') && num(i + 3, 2, &b) &&
        s[i + 5] == s[i + 2] && num(i + 6, 4, &y)) {
      if (s[i + 2] == '/' && valid(y, a, b)) return fmt(y, a, b);  // US MM/DD/YYYY
      if (valid(y, b, a)) return fmt(y, b, a);
    }
  }
  return "";
}

void Extraction::RebuildText() {
  text.clear();
  const char* prev_kind = nullptr;
  for (const ExtractedBlock& b : blocks) {
    if (!b.reason.empty()) continue;
    if (!text.empty()) {
      // List items of one list, and rows of one table, stay on consecutive lines.
      text += (prev_kind && (b.kind == "li" || b.kind == "tr") && b.kind == prev_kind) ? "\n" : "\n\n";
    }
    text += b.text;
    prev_kind = b.kind.c_str();
  }
}

Result<Extraction> ExtractArticle(std::string_view bytes, const ExtractOptions& options) {
  if (bytes.size() > options.max_bytes)
    return Status::ResourceExhausted("page is " + std::to_string(bytes.size()) +
                                     " bytes, over the limit of " + std::to_string(options.max_bytes));
  if (bytes.find_first_not_of(" \t\r\n\f") == std::string_view::npos)
    return Status::InvalidArgument("empty document (no HTML)");
  Extraction ex;
  ex.charset = DetectCharset(bytes, options.content_type);
  ex.html = ConvertToUtf8(bytes, ex.charset);
  // Random bytes named .html became a 1.6 MB "article" of NULs: after
  // conversion a real page (UTF-16 included) has no NUL.
  if (LooksBinary(ex.html)) return Status::InvalidArgument("binary content, not HTML");
  if (ex.html.size() > UINT32_MAX - 1) ex.html.resize(UINT32_MAX - 1);
  HtmlTree tree = HtmlTree::Parse(ex.html);
  const auto& nodes = tree.nodes();

  // Characters below every node (bottom-up: children have larger ids).
  std::vector<uint32_t> sub(nodes.size(), 0);
  for (size_t i = nodes.size(); i-- > 1;) {
    const HtmlNode& n = nodes[i];
    if (n.is_text()) {
      std::string_view s = tree.Text(static_cast<uint32_t>(i));
      uint32_t c = 0;
      for (char ch : s) c += !IsWs(ch);
      sub[i] = c;
    } else if (IsSkipTag(n.tag)) {
      sub[i] = 0;
    }
    if (n.parent != HtmlNode::kNone) sub[n.parent] += sub[i];
  }
  size_t body_chars = std::max<size_t>(1, sub[0]);

  Meta meta;
  CollectMeta(tree, meta);

  // --- Metadata.
  ex.url = meta.canonical;
  if (!LooksLikeUrl(ex.url) || StartsWith(ex.url, "/")) {
    std::string og = meta.Get({"og:url"});
    if (StartsWith(og, "http")) ex.url = og;
    else if (!options.url.empty()) ex.url = options.url;
    else if (!StartsWith(ex.url, "http")) ex.url = meta.ld_url.rfind("http", 0) == 0 ? meta.ld_url : "";
  }
  if (ex.url.empty()) ex.url = options.url;
  ex.site = meta.Get({"og:site_name", "application-name", "twitter:site"});
  if (ex.site.empty()) ex.site = meta.ld_site;
  if (StartsWith(ex.site, "@")) ex.site = meta.ld_site.empty() ? ex.site.substr(1) : meta.ld_site;
  if (ex.site.empty()) ex.site = UrlHost(ex.url.empty() ? options.url : ex.url);

  std::string og_title = meta.Get({"og:title", "twitter:title", "dc.title", "citation_title", "headline"});
  std::string title_tag = StripSiteSuffix(meta.title_tag, ex.site);
  std::string h1 = meta.h1;
  if (!h1.empty() && h1.size() < 400 &&
      (NormKey(h1) == NormKey(og_title) || NormKey(h1) == NormKey(title_tag) ||
       NormKey(meta.title_tag).find(NormKey(h1)) != std::string::npos ||
       NormKey(og_title).find(NormKey(h1)) != std::string::npos))
    ex.title = h1;
  else if (!og_title.empty())
    ex.title = StripSiteSuffix(og_title, ex.site);
  else if (!meta.ld_headline.empty())
    ex.title = meta.ld_headline;
  else if (!title_tag.empty())
    ex.title = title_tag;
  else
    ex.title = h1;

  {
    std::string a = meta.ld_author;
    if (a.empty()) {
      std::string m = meta.Get({"author", "article:author", "parsely-author", "sailthru.author",
                                "dc.creator", "citation_author", "byl", "twitter:creator"});
      if (!LooksLikeUrl(m) && !StartsWith(m, "@")) a = CleanAuthor(m);
    }
    if (a.empty()) a = meta.item_author;
    if (a.empty()) a = meta.rel_author;
    if (a.empty()) a = meta.byline_author;
    ex.author = a;
  }

  {
    std::string d = NormaliseDate(meta.ld_date);
    if (d.empty())
      d = NormaliseDate(meta.Get({"article:published_time", "og:published_time", "published_time",
                                  "datepublished", "pubdate", "publishdate", "publish-date",
                                  "parsely-pub-date", "sailthru.date", "dc.date",
                                  "dc.date.issued", "dcterms.date", "citation_publication_date",
                                  "citation_date", "date", "article.published", "og:pubdate",
                                  "article:published", "datecreated", "release_date"}));
    if (d.empty()) d = meta.item_date;
    if (d.empty()) d = meta.time_date;
    if (d.empty()) d = DateFromUrl(ex.url.empty() ? options.url : ex.url);
    if (d.empty()) d = DateFromUrl(options.url);
    if (d.empty()) d = NormaliseDate(meta.Get({"article:modified_time", "og:updated_time", "lastmod"}));
    if (d.empty()) d = NormaliseDate(meta.ld_modified);
    ex.date = d;
  }

  // --- Blocks.
  BlockBuilder builder(tree, sub, body_chars);
  std::vector<RawBlock> blocks = builder.Run();
  const std::vector<const char*> node_reasons = builder.TakeNodeReasons();
  // Weights and the container. Weak reasons (layout words: sidebar, related,
  // nav, header, footer, aside, hidden) can sit on a wrapper of the article
  // itself; a first pass ignores them, and a weak reason on an ancestor of the
  // container found is discarded. Strong ones (comments, share, ads,
  // newsletter, cookie, popup) always hold.
  auto is_weak = [](const char* r) {
    std::string_view v = r;
    return v == "sidebar" || v == "related" || v == "nav" || v == "header" || v == "footer" ||
           v == "aside" || v == "hidden" || v == "byline" || v == "caption" || v == "tags";
  };
  // A teaser of another article: starts with its linked headline and a good
  // part is link text, or trails off with an ellipsis after a link.
  auto is_teaser = [](const RawBlock& b) {
    if (b.teaser_card) return true;
    if (b.chars == 0 || b.link_chars == 0) return false;
    double ld = static_cast<double>(b.link_chars) / static_cast<double>(b.chars);
    std::string_view t = b.text;
    bool ellipsis = t.ends_with("...") || t.ends_with("\xE2\x80\xA6");
    return (b.starts_in_link && ld >= 0.2 && b.chars < 400) || (ellipsis && b.starts_in_link);
  };
  // Discards a block's reason: the next boilerplate element inside the one
  // that gave it (if any) gives the reason instead.
  auto drop_outer = [&](RawBlock& b) {
    const char* r = nullptr;
    uint32_t rn = 0;
    for (uint32_t k = b.owner; k != HtmlNode::kNone && k != b.reason_node; k = nodes[k].parent) {
      if (node_reasons[k] != nullptr) {
        r = node_reasons[k];
        rn = k;
      }
    }
    b.reason = r;
    b.reason_node = rn;
  };
  {
    // An element holding most of the page's prose is not a popup, ad or share
    // bar whatever its class says ("modal-enabled", "share-wrapper"): its
    // reason gives way to the next one inside it. Comment threads can be
    // long, so "comments" always holds.
    auto prose = [](const RawBlock& b) {
      return CountWords(b.text) >= 10 && b.link_chars * 10 < b.chars * 3 ? b.chars : 0;
    };
    size_t total = 0;
    std::unordered_map<uint32_t, size_t> by_node;
    for (const RawBlock& b : blocks) {
      size_t p = prose(b);
      total += p;
      if (b.reason != nullptr && p) by_node[b.reason_node] += p;
    }
    for (RawBlock& b : blocks) {
      if (b.reason == nullptr || std::string_view(b.reason) == "comments") continue;
      auto it = by_node.find(b.reason_node);
      if (it != by_node.end() && it->second * 2 > total) drop_outer(b);
    }
  }
  {
    // Teaser cards: a block whose small container (a card of a few blocks)
    // opens with a linked headline, repeated over the page (blog indexes,
    // "more from" grids). Inside an article the nearest common container of a
    // link line and the next paragraph is the article body, which is large.
    std::vector<uint32_t> nblocks(nodes.size(), 0);
    for (const RawBlock& b : blocks) ++nblocks[b.owner];
    for (size_t i = nodes.size(); i-- > 1;)
      if (nodes[i].parent != HtmlNode::kNone) nblocks[nodes[i].parent] += nblocks[i];
    // Elements that declare the article body (itemprop=articleBody, or the
    // page's only <article>): linked sections inside them are the article's
    // own (a listicle), never teasers.
    std::vector<char> in_body(nodes.size(), 0);
    {
      uint32_t n_articles = 0;
      for (const HtmlNode& n : nodes) n_articles += n.tag == kTag_article;
      for (uint32_t i = 1; i < nodes.size(); ++i) {
        const HtmlNode& n = nodes[i];
        if (n.is_text()) continue;
        in_body[i] = in_body[n.parent];
        if ((n.tag == kTag_article && n_articles == 1) ||
            (n.attr_count != 0 && (tree.Attr(i, kAttrItemprop) == "articleBody" ||
                                   tree.Attr(i, kAttrItemprop) == "articlebody")))
          in_body[i] = 1;
      }
    }
    std::vector<std::pair<size_t, std::string>> cards;  // block, the card's tag.class
    for (size_t i = 1; i < blocks.size(); ++i) {
      const RawBlock& b = blocks[i];
      if (in_body[b.owner]) continue;
      if (b.link_chars * 10 > b.chars * 3 || CountWords(b.text) < 10) continue;
      for (size_t j = i; j-- > 0 && j + 4 > i;) {
        const RawBlock& h = blocks[j];
        if (h.chars < 15 || h.link_chars * 10 < h.chars * 8) continue;
        // The smallest element holding both.
        uint32_t a = h.owner;
        uint32_t lca = HtmlNode::kNone;
        for (uint32_t k = b.owner, steps = 0; k != HtmlNode::kNone && steps < 8; k = nodes[k].parent, ++steps) {
          bool anc = false;
          for (uint32_t m = a, s2 = 0; m != HtmlNode::kNone && s2 < 12; m = nodes[m].parent, ++s2)
            if (m == k) { anc = true; break; }
          if (anc) { lca = k; break; }
        }
        // A card from a template has a class; its summary is short.
        if (lca != HtmlNode::kNone && nblocks[lca] <= 6 && b.chars < 600 &&
            !tree.Attr(lca, kAttrClass).empty())
          cards.push_back({i, std::string(tree.Name(lca)) + "." + std::string(tree.Attr(lca, kAttrClass))});
        break;
      }
    }
    // Cards come from a template: the same tag and class, three times or more.
    std::unordered_map<std::string, size_t> same;
    for (const auto& c : cards) ++same[c.second];
    // And the page has an article besides them: prose outside the cards of at
    // least 500 characters and 30 % of the cards' own. Otherwise the cards
    // are the content (a list page, a listicle of linked sections).
    size_t card_chars = 0, prose_chars = 0;
    for (const RawBlock& b : blocks)
      if (b.reason == nullptr && b.link_chars * 10 <= b.chars * 3 && CountWords(b.text) >= 10)
        prose_chars += b.chars;
    for (const auto& c : cards)
      if (same[c.second] >= 3 && blocks[c.first].reason == nullptr)
        card_chars += blocks[c.first].chars;
    if (prose_chars >= card_chars + std::max<size_t>(500, card_chars * 3 / 10))
      for (const auto& c : cards)
        if (same[c.second] >= 3) blocks[c.first].teaser_card = true;
  }
  std::vector<double> score(nodes.size(), 0.0);
  auto choose = [&](bool ignore_weak) {
    std::fill(score.begin(), score.end(), 0.0);
    for (RawBlock& b : blocks) {
      double chars = static_cast<double>(b.chars);
      double ld = b.chars ? static_cast<double>(b.link_chars) / chars : 0;
      size_t words = CountWords(b.text);
      bool heading = b.tag >= kTag_h1 && b.tag <= kTag_h6;
      bool flagged = b.reason != nullptr && !(ignore_weak && is_weak(b.reason));
      if (flagged) {
        b.weight = -0.2 * chars;
      } else if (ld > 0.5 || is_teaser(b)) {
        b.weight = -chars;
      } else if ((words >= 10 || b.chars >= 80) && !heading) {
        b.weight = chars - static_cast<double>(b.link_chars) * 2;
      } else if (heading) {
        b.weight = 0;
      } else if ((b.tag == kTag_td || b.tag == kTag_th || b.tag == kTag_tr) && b.link_chars == 0) {
        b.weight = 0;  // a data table's cell: short by nature, not chrome
      } else {
        b.weight = -0.3 * chars;
      }
      score[b.owner] += b.weight;
    }
    for (size_t i = nodes.size(); i-- > 1;) {
      if (nodes[i].parent != HtmlNode::kNone) score[nodes[i].parent] += score[i];
    }
    uint32_t best = 0;
    double best_score = score[0];
    for (uint32_t i = 1; i < nodes.size(); ++i) {
      if (nodes[i].is_text()) continue;
      if (score[i] > best_score) {
        best = i;
        best_score = score[i];
      }
    }
    return best;
  };
  uint32_t first = choose(/*ignore_weak=*/true);
  {
    // Strict ancestors only: a weak reason on the container found itself (a
    // "footer-text" block that won while weak reasons were ignored) holds.
    std::vector<char> is_ancestor(nodes.size(), 0);
    for (uint32_t k = nodes[first].parent; k != HtmlNode::kNone; k = nodes[k].parent) is_ancestor[k] = 1;
    for (RawBlock& b : blocks)
      while (b.reason != nullptr && is_weak(b.reason) && is_ancestor[b.reason_node]) drop_outer(b);
  }
  uint32_t best = choose(/*ignore_weak=*/false);
  if (options.fragment) best = 0;
  auto inside = [&](uint32_t node) {
    for (uint32_t k = node; k != HtmlNode::kNone; k = nodes[k].parent)
      if (k == best) return true;
    return false;
  };

  // --- Keep / drop.
  std::string title_key = NormKey(ex.title);
  std::unordered_set<std::string> seen;
  bool seen_prose = false;
  std::string text_author;
  ex.blocks.reserve(blocks.size());
  for (RawBlock& b : blocks) {
    ExtractedBlock eb;
    eb.kind = KindOf(b.tag);
    eb.raw_span = Span{b.src_begin == UINT32_MAX ? 0 : b.src_begin, b.src_end};
    std::string key = NormKey(b.text);
    eb.hash = Hash64(key);
    const double ld = b.chars ? static_cast<double>(b.link_chars) / static_cast<double>(b.chars) : 0;
    const size_t words = CountWords(b.text);
    const bool heading = eb.kind == "h";
    if (b.reason != nullptr) {
      eb.reason = b.reason;
    } else if (!inside(b.owner)) {
      eb.reason = "outside-article";
    } else if (ld > 0.5 && !(words >= 25 && ld < 0.8)) {
      eb.reason = "link-dense";
    } else if (is_teaser(b) && !heading) {
      eb.reason = "teaser";
    } else if (!title_key.empty() && key == title_key && b.chars < 300) {
      eb.reason = "title";
    } else if (!key.empty() && !seen.insert(key).second) {
      eb.reason = "repeated";
    } else if (key.empty()) {
      eb.reason = "empty";
    } else if (b.chars <= 300) {
      BlockVerdict v = ClassifyTextBlock(b.text);
      if (!v.marker.empty()) {
        eb.reason = v.marker;
      } else if (v.byline && (!seen_prose || words <= 8)) {
        eb.reason = "byline";
        if (text_author.empty()) text_author = v.author;
      } else if (v.dateline && !seen_prose) {
        eb.reason = "dateline";
      }
    }
    if (eb.reason.empty() && !heading && words >= 8) seen_prose = true;
    eb.text = std::move(b.text);
    ex.blocks.push_back(std::move(eb));
  }
  if (ex.author.empty()) ex.author = text_author;
  ex.RebuildText();
  if (ex.text.empty()) {
    // Nothing survived: fall back to every non-boilerplate block of reasonable size.
    for (ExtractedBlock& eb : ex.blocks)
      if (eb.reason == "outside-article" && CountWords(eb.text) >= 8) eb.reason.clear();
    ex.RebuildText();
  }

  // --- Language: the text by cld2, else <html lang>.
  bool reliable = false;
  std::string lang = DetectLanguage(ex.text, &reliable);
  if (lang.empty() && !meta.html_lang.empty()) lang = meta.html_lang.substr(0, 2);
  ex.language = lang;
  if (!options.keep_blocks) ex.blocks.clear();
  return ex;
}

Document DocumentFromExtraction(Extraction&& e, const std::string& origin) {
  Document doc;
  doc.origin = origin;
  doc.url = e.url;
  doc.title = e.title;
  doc.author = e.author;
  doc.date = e.date;
  doc.site = e.site;
  doc.language = e.language;
  doc.text = std::move(e.text);
  doc.text_ready = true;
  doc.id = !doc.url.empty() ? StableId(doc.url) : StableId(doc.text);
  for (const ExtractedBlock& b : e.blocks) {
    if (b.reason.empty()) continue;
    std::string excerpt = b.text.substr(0, 80);
    while (!excerpt.empty() && (static_cast<unsigned char>(excerpt.back()) & 0xC0) == 0x80) excerpt.pop_back();
    if (!excerpt.empty() && static_cast<unsigned char>(excerpt.back()) >= 0xC0) excerpt.pop_back();
    doc.Note(Severity::kInfo, "extract", b.reason, b.raw_span, std::move(excerpt));
  }
  doc.raw = std::move(e.html);
  return doc;
}

}  // namespace dyad
