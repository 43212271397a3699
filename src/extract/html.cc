// Our own tolerant HTML tokenizer and tree builder (see docs/architecture.md,
// "HTML parsing decision"). One forward pass over the bytes:
//   - tags, attributes (only the ones the extractor reads are kept), comments,
//     doctype / processing instructions, CDATA;
//   - raw-text elements (script, style, textarea, title, ...) read to their
//     end tag; script content is kept only for JSON-LD;
//   - the implied end tags that matter for text structure (p closed by a
//     block, li by li, td by td, tr by tr, option, dt/dd, headings);
//   - end tags close the nearest matching open element within a bounded
//     search; stray end tags are ignored.
// Nesting is capped (max_depth): deeper elements attach to the deepest open
// one, so a page of 100,000 nested tags costs one flat list, and every later
// walk is bounded. Nothing recurses, nothing throws.
#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dyad/extract.h"

namespace dyad {

namespace {

constexpr std::string_view kTagNames[] = {
    "#text", "#unknown", "#root",
#define DYAD_HTML_TAG_NAME(name) #name,
    DYAD_HTML_TAGS(DYAD_HTML_TAG_NAME)
#undef DYAD_HTML_TAG_NAME
};
static_assert(sizeof(kTagNames) / sizeof(kTagNames[0]) == kTagCount);

struct TagTable {
  std::unordered_map<std::string_view, uint8_t> map;
  TagTable() {
    for (uint8_t t = kTagRoot + 1; t < kTagCount; ++t) map.emplace(kTagNames[t], t);
  }
};
const TagTable& Tags() {
  static const TagTable t;
  return t;
}

constexpr std::pair<std::string_view, HtmlAttr> kAttrNames[] = {
    {"class", kAttrClass},       {"id", kAttrId},
    {"role", kAttrRole},         {"itemprop", kAttrItemprop},
    {"itemtype", kAttrItemtype}, {"name", kAttrName},
    {"property", kAttrProperty}, {"content", kAttrContent},
    {"charset", kAttrCharset},   {"http-equiv", kAttrHttpEquiv},
    {"rel", kAttrRel},           {"href", kAttrHref},
    {"datetime", kAttrDatetime}, {"type", kAttrType},
    {"hidden", kAttrHidden},     {"style", kAttrStyle},
    {"aria-hidden", kAttrAriaHidden}, {"lang", kAttrLang},
    {"pubdate", kAttrPubdate},   {"title", kAttrTitle},
};

int AttrId(std::string_view lower_name) {
  for (const auto& [n, id] : kAttrNames)
    if (n == lower_name) return id;
  return -1;
}

inline char LowerC(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline bool IsWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
inline bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsVoid(uint8_t t) {
  switch (t) {
    case kTag_area: case kTag_base: case kTag_br: case kTag_col: case kTag_embed:
    case kTag_hr: case kTag_img: case kTag_input: case kTag_link: case kTag_meta:
    case kTag_param: case kTag_source: case kTag_track: case kTag_wbr: case kTag_frame:
      return true;
    default:
      return false;
  }
}

// Elements whose start tag closes an open <p>.
bool ClosesP(uint8_t t) {
  switch (t) {
    case kTag_address: case kTag_article: case kTag_aside: case kTag_blockquote:
    case kTag_center: case kTag_details: case kTag_dialog: case kTag_dir: case kTag_div:
    case kTag_dl: case kTag_fieldset: case kTag_figcaption: case kTag_figure:
    case kTag_footer: case kTag_form: case kTag_h1: case kTag_h2: case kTag_h3:
    case kTag_h4: case kTag_h5: case kTag_h6: case kTag_header: case kTag_hgroup:
    case kTag_hr: case kTag_main: case kTag_menu: case kTag_nav: case kTag_ol: case kTag_p:
    case kTag_pre: case kTag_section: case kTag_summary: case kTag_table: case kTag_ul:
    case kTag_li: case kTag_dd: case kTag_dt: case kTag_plaintext: case kTag_xmp:
      return true;
    default:
      return false;
  }
}

bool IsScopeBoundary(uint8_t t) {
  switch (t) {
    case kTag_html: case kTag_body: case kTag_table: case kTag_td: case kTag_th:
    case kTag_caption: case kTag_marquee: case kTag_object: case kTag_applet:
    case kTag_template: case kTag_button: case kTagRoot:
      return true;
    default:
      return false;
  }
}

bool IsHeading(uint8_t t) { return t >= kTag_h1 && t <= kTag_h6; }

}  // namespace

std::string_view HtmlTagName(uint8_t tag) {
  return tag < kTagCount ? kTagNames[tag] : std::string_view("#unknown");
}

class HtmlTreeBuilder {
 public:
  HtmlTreeBuilder(HtmlTree& tree, const HtmlParseOptions& o) : t_(tree), o_(o) {}

  void Run() {
    std::string_view s = t_.source_;
    t_.nodes_.reserve(std::min<size_t>(s.size() / 24 + 16, o_.max_nodes));
    t_.arena_.reserve(s.size() / 8 + 64);
    HtmlNode root;
    root.tag = kTagRoot;
    root.src_end = static_cast<uint32_t>(std::min<size_t>(s.size(), UINT32_MAX));
    t_.nodes_.push_back(root);
    stack_.push_back(0);
    size_t i = 0;
    const size_t n = std::min<size_t>(s.size(), UINT32_MAX - 1);
    while (i < n) {
      if (t_.nodes_.size() >= o_.max_nodes) {
        t_.nodes_capped_ = true;
        break;
      }
      const char* lt = static_cast<const char*>(std::memchr(s.data() + i, '<', n - i));
      size_t p = lt ? static_cast<size_t>(lt - s.data()) : n;
      if (p > i) AddText(i, p, /*decode=*/true);
      if (p >= n) break;
      i = Markup(p);
    }
  }

 private:
  HtmlTree& t_;
  const HtmlParseOptions& o_;
  std::vector<uint32_t> stack_;  // open elements; stack_[0] = root
  std::string name_buf_;
  std::string scratch_;

  uint32_t Top() const { return stack_.back(); }

  uint32_t NewNode(uint8_t tag, size_t b, size_t e) {
    uint32_t id = static_cast<uint32_t>(t_.nodes_.size());
    HtmlNode nd;
    nd.tag = tag;
    nd.src_begin = static_cast<uint32_t>(b);
    nd.src_end = static_cast<uint32_t>(e);
    uint32_t parent = Top();
    nd.parent = parent;
    t_.nodes_.push_back(nd);
    HtmlNode& p = t_.nodes_[parent];
    if (p.last_child == HtmlNode::kNone) {
      p.first_child = id;
    } else {
      t_.nodes_[p.last_child].next = id;
    }
    p.last_child = id;
    return id;
  }

  // Text s[b, e); decoded unless raw; whitespace-only text kept as one space.
  void AddText(size_t b, size_t e, bool decode) {
    std::string_view s = t_.source_.substr(b, e - b);
    bool only_ws = true;
    for (char c : s)
      if (!IsWs(c)) {
        only_ws = false;
        break;
      }
    if (only_ws) {
      // Between block elements it means nothing; between inline ones, a space.
      const HtmlNode& top = t_.nodes_[Top()];
      if (top.last_child == HtmlNode::kNone || t_.nodes_[top.last_child].is_text()) return;
    }
    // Merge with a preceding text node from the source? Keep separate: cheap.
    uint32_t id = NewNode(kTagText, b, e);
    HtmlNode& nd = t_.nodes_[id];
    if (only_ws) {
      nd.text_off = static_cast<uint32_t>(b);
      nd.text_len = 1;
      nd.flags = kNodeFromSource;
      // Point at a real whitespace byte; normalised later by consumers.
      return;
    }
    if (decode && s.find('&') != std::string_view::npos) {
      nd.text_off = static_cast<uint32_t>(t_.arena_.size());
      AppendDecodedEntities(s, false, t_.arena_);
      nd.text_len = static_cast<uint32_t>(t_.arena_.size() - nd.text_off);
    } else {
      nd.text_off = static_cast<uint32_t>(b);
      nd.text_len = static_cast<uint32_t>(e - b);
      nd.flags = kNodeFromSource;
    }
  }

  // Finds "</name" (case-insensitive) from i; returns its position or npos.
  size_t FindEndTag(size_t i, std::string_view lname) const {
    std::string_view s = t_.source_;
    while (true) {
      size_t p = s.find("</", i);
      if (p == std::string_view::npos) return p;
      size_t k = p + 2;
      if (k + lname.size() <= s.size()) {
        bool eq = true;
        for (size_t m = 0; m < lname.size(); ++m)
          if (LowerC(s[k + m]) != lname[m]) {
            eq = false;
            break;
          }
        if (eq) {
          size_t after = k + lname.size();
          if (after >= s.size() || IsWs(s[after]) || s[after] == '>' || s[after] == '/') return p;
        }
      }
      i = p + 2;
    }
  }

  size_t SkipPastGt(size_t i) const {
    size_t p = t_.source_.find('>', i);
    return p == std::string_view::npos ? t_.source_.size() : p + 1;
  }

  // Markup starting at '<' (s[p] == '<'); returns the position after it.
  size_t Markup(size_t p) {
    std::string_view s = t_.source_;
    size_t i = p + 1;
    if (i >= s.size()) {
      AddText(p, s.size(), false);
      return s.size();
    }
    char c = s[i];
    if (c == '!') {
      if (s.compare(i, 3, "!--") == 0) {
        size_t e = s.find("-->", i + 3);
        return e == std::string_view::npos ? s.size() : e + 3;
      }
      if (s.compare(i, 8, "![CDATA[") == 0) {
        size_t e = s.find("]]>", i + 8);
        size_t end = e == std::string_view::npos ? s.size() : e;
        if (o_.xml && end > i + 8) AddText(i + 8, end, /*decode=*/false);
        return e == std::string_view::npos ? s.size() : e + 3;
      }
      return SkipPastGt(i);
    }
    if (c == '?') return SkipPastGt(i);
    if (c == '/') {
      if (i + 1 < s.size() && IsAlpha(s[i + 1])) return EndTag(p, i + 1);
      return SkipPastGt(i);  // "</>" or "</ 3": bogus comment
    }
    if (!IsAlpha(c)) {
      AddText(p, p + 1, false);  // a literal '<'
      return p + 1;
    }
    return StartTag(p, i);
  }

  // Reads a tag name at i into name_buf_ (lower-cased in HTML mode).
  size_t ReadName(size_t i) {
    std::string_view s = t_.source_;
    name_buf_.clear();
    while (i < s.size() && !IsWs(s[i]) && s[i] != '>' && s[i] != '/') {
      if (name_buf_.size() < 64) name_buf_.push_back(o_.xml ? s[i] : LowerC(s[i]));
      ++i;
    }
    return i;
  }

  uint8_t TagOf(std::string_view name) const {
    std::string_view key = name;
    std::string lowered;
    if (o_.xml) {
      // Feeds: the usual lower-case element names still map ("link", "title").
      lowered.assign(name);
      for (char& ch : lowered) ch = LowerC(ch);
      key = lowered;
    }
    const auto& m = Tags().map;
    auto it = m.find(key);
    return it == m.end() ? static_cast<uint8_t>(kTagUnknown) : it->second;
  }

  void Pop(size_t to_size) {
    while (stack_.size() > to_size) {
      t_.nodes_[stack_.back()].src_end = t_.nodes_[stack_.back()].src_end;  // keep
      stack_.pop_back();
    }
  }

  bool SameElement(uint32_t node, uint8_t tag, std::string_view name) const {
    const HtmlNode& nd = t_.nodes_[node];
    if (nd.tag != tag) return false;
    if (tag != kTagUnknown) return true;
    return t_.Name(node) == name;
  }

  // Closes the nearest open element `tag` if found before a scope boundary
  // (searching at most `limit` entries). Returns true when closed.
  bool CloseIfOpen(uint8_t tag, size_t limit, uint8_t stop1 = 0, uint8_t stop2 = 0) {
    size_t searched = 0;
    for (size_t k = stack_.size(); k-- > 1 && searched < limit; ++searched) {
      uint8_t t = t_.nodes_[stack_[k]].tag;
      if (t == tag) {
        Pop(k);
        return true;
      }
      if (IsScopeBoundary(t) || (stop1 && t == stop1) || (stop2 && t == stop2)) return false;
    }
    return false;
  }

  void ImpliedEnds(uint8_t tag) {
    if (o_.xml) return;
    if (ClosesP(tag)) CloseIfOpen(kTag_p, 16);
    switch (tag) {
      case kTag_li:
        CloseIfOpen(kTag_li, 16, kTag_ul, kTag_ol);
        break;
      case kTag_dt:
      case kTag_dd:
        if (!CloseIfOpen(kTag_dt, 8, kTag_dl)) CloseIfOpen(kTag_dd, 8, kTag_dl);
        break;
      case kTag_tr:
        for (size_t k = stack_.size(); k-- > 1 && stack_.size() - k < 12;) {
          uint8_t t = t_.nodes_[stack_[k]].tag;
          if (t == kTag_tr) { Pop(k); break; }
          if (t == kTag_table) break;
        }
        break;
      case kTag_td:
      case kTag_th:
        for (size_t k = stack_.size(); k-- > 1 && stack_.size() - k < 12;) {
          uint8_t t = t_.nodes_[stack_[k]].tag;
          if (t == kTag_td || t == kTag_th) { Pop(k); break; }
          if (t == kTag_tr || t == kTag_table) break;
        }
        break;
      case kTag_option:
        CloseIfOpen(kTag_option, 4, kTag_select);
        break;
      case kTag_a:
        CloseIfOpen(kTag_a, 12);
        break;
      default:
        break;
    }
    if (IsHeading(tag) && IsHeading(t_.nodes_[Top()].tag)) Pop(stack_.size() - 1);
  }

  size_t StartTag(size_t p, size_t name_at) {
    std::string_view s = t_.source_;
    size_t i = ReadName(name_at);
    uint8_t tag = TagOf(name_buf_);
    std::string name = tag == kTagUnknown ? name_buf_ : std::string();
    // Attributes.
    struct PendingAttr {
      uint8_t id;
      size_t b, e;
      bool quoted_amp;
    };
    std::array<PendingAttr, 24> pend;
    size_t npend = 0;
    bool self_closing = false;
    char lname[24];
    while (i < s.size()) {
      while (i < s.size() && (IsWs(s[i]) || (s[i] == '/' && i + 1 < s.size() && s[i + 1] != '>'))) ++i;
      if (i >= s.size()) break;
      if (s[i] == '>') { ++i; break; }
      if (s[i] == '/' ) { self_closing = true; ++i; continue; }
      size_t nb = i;
      while (i < s.size() && !IsWs(s[i]) && s[i] != '=' && s[i] != '>' && (s[i] != '/' || i == nb)) ++i;
      if (i == nb) { ++i; continue; }
      size_t nlen = i - nb;
      int id = -1;
      if (nlen < sizeof lname) {
        for (size_t k = 0; k < nlen; ++k) lname[k] = LowerC(s[nb + k]);
        id = AttrId(std::string_view(lname, nlen));
      }
      while (i < s.size() && IsWs(s[i])) ++i;
      size_t vb = i, ve = i;
      if (i < s.size() && s[i] == '=') {
        ++i;
        while (i < s.size() && IsWs(s[i])) ++i;
        if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
          char q = s[i];
          size_t close = s.find(q, i + 1);
          if (close == std::string_view::npos) {  // unterminated: up to '>'
            close = s.find('>', i + 1);
            if (close == std::string_view::npos) close = s.size();
            vb = i + 1;
            ve = close;
            i = close;
          } else {
            vb = i + 1;
            ve = close;
            i = close + 1;
          }
        } else {
          vb = i;
          while (i < s.size() && !IsWs(s[i]) && s[i] != '>') ++i;
          ve = i;
        }
      } else if (id >= 0) {
        vb = ve = nb;  // present, empty value
      }
      if (id >= 0 && npend < pend.size()) pend[npend++] = {static_cast<uint8_t>(id), vb, ve, false};
    }
    size_t end = i;
    ImpliedEnds(tag);
    if (tag == kTag_html || tag == kTag_body || tag == kTag_head) {
      // Repeated/misplaced html/body/head start tags: no new node once open.
      for (uint32_t k : stack_)
        if (t_.nodes_[k].tag == tag) return end;
    }
    uint32_t id = NewNode(tag, p, end);
    if (tag == kTagUnknown) {
      t_.nodes_[id].text_off = static_cast<uint32_t>(t_.arena_.size());
      t_.arena_.append(name);
      t_.nodes_[id].text_len = static_cast<uint32_t>(name.size());
    }
    if (npend) {
      t_.nodes_[id].attr_off = static_cast<uint32_t>(t_.attrs_.size());
      t_.nodes_[id].attr_count = static_cast<uint16_t>(npend);
      for (size_t k = 0; k < npend; ++k) {
        const PendingAttr& a = pend[k];
        uint32_t off = static_cast<uint32_t>(t_.arena_.size());
        std::string_view v = s.substr(a.b, a.e - a.b);
        if (v.find('&') != std::string_view::npos) AppendDecodedEntities(v, true, t_.arena_);
        else t_.arena_.append(v);
        t_.attrs_.push_back({a.id, off, static_cast<uint32_t>(t_.arena_.size() - off)});
      }
    }
    if (o_.xml) {
      if (!self_closing) Push(id);
      return end;
    }
    if (IsVoid(tag)) return end;
    // Raw text elements: read to the end tag.
    switch (tag) {
      case kTag_script: case kTag_style: case kTag_xmp: case kTag_iframe: case kTag_noembed:
      case kTag_noframes: case kTag_noscript: case kTag_textarea: case kTag_title:
      case kTag_svg: case kTag_math: case kTag_template: {
        std::string_view lname_v = HtmlTagName(tag);
        size_t close = FindEndTag(end, lname_v);
        size_t content_end = close == std::string_view::npos ? s.size() : close;
        bool keep = tag == kTag_title || tag == kTag_textarea;
        if (tag == kTag_script) {
          std::string_view type = t_.Attr(id, kAttrType);
          keep = type.find("ld+json") != std::string_view::npos;
        }
        if (keep && content_end > end) {
          Push(id);
          AddText(end, content_end, /*decode=*/tag != kTag_script);
          Pop(stack_.size() - 1);
        }
        t_.nodes_[id].src_end = static_cast<uint32_t>(close == std::string_view::npos ? s.size() : SkipPastGt(close));
        return close == std::string_view::npos ? s.size() : SkipPastGt(close);
      }
      case kTag_plaintext:
        Push(id);
        AddText(end, s.size(), false);
        return s.size();
      default:
        break;
    }
    Push(id);
    return end;
  }

  void Push(uint32_t id) {
    if (stack_.size() >= o_.max_depth) {
      t_.depth_capped_ = true;
      return;  // stays a childless element; its content goes to the current top
    }
    stack_.push_back(id);
  }

  size_t EndTag(size_t p, size_t name_at) {
    size_t i = ReadName(name_at);
    size_t end = SkipPastGt(i);
    uint8_t tag = TagOf(name_buf_);
    if (!o_.xml) {
      if (tag == kTag_br) {  // "</br>" is a <br>
        NewNode(kTag_br, p, end);
        return end;
      }
      if (tag == kTag_html || tag == kTag_body) return end;  // keep later content in body
    }
    // The nearest open match within a bounded search.
    size_t limit = 512;
    for (size_t k = stack_.size(); k-- > 1 && limit-- > 0;) {
      uint32_t nd = stack_[k];
      if (SameElement(nd, tag, name_buf_)) {
        t_.nodes_[nd].src_end = static_cast<uint32_t>(end);
        Pop(k);
        return end;
      }
      // Do not let an end tag escape a table cell or similar in HTML.
      if (!o_.xml && tag != kTagUnknown && IsScopeBoundary(t_.nodes_[nd].tag) &&
          t_.nodes_[nd].tag != kTag_body && t_.nodes_[nd].tag != kTag_html)
        break;
    }
    return end;
  }
};

HtmlTree HtmlTree::Parse(std::string_view source, const HtmlParseOptions& options) {
  HtmlTree t;
  t.source_ = source;
  HtmlTreeBuilder b(t, options);
  b.Run();
  return t;
}

std::string_view HtmlTree::Text(uint32_t i) const {
  const HtmlNode& n = nodes_[i];
  if (n.flags & kNodeFromSource) return source_.substr(n.text_off, n.text_len);
  return std::string_view(arena_).substr(n.text_off, n.text_len);
}

std::string_view HtmlTree::Name(uint32_t i) const {
  const HtmlNode& n = nodes_[i];
  if (n.tag == kTagUnknown) return std::string_view(arena_).substr(n.text_off, n.text_len);
  return HtmlTagName(n.tag);
}

std::string_view HtmlTree::Attr(uint32_t i, HtmlAttr a) const {
  const HtmlNode& n = nodes_[i];
  for (uint32_t k = 0; k < n.attr_count; ++k) {
    const auto& at = attrs_[n.attr_off + k];
    if (at.id == a) return std::string_view(arena_).substr(at.off, at.len);
  }
  return {};
}

bool HtmlTree::HasAttr(uint32_t i, HtmlAttr a) const {
  const HtmlNode& n = nodes_[i];
  for (uint32_t k = 0; k < n.attr_count; ++k)
    if (attrs_[n.attr_off + k].id == a) return true;
  return false;
}

std::string HtmlTree::InnerText(uint32_t i, size_t max_bytes) const {
  std::string out;
  if (i >= nodes_.size()) return out;
  // Iterative pre-order walk of the subtree.
  uint32_t cur = nodes_[i].first_child;
  bool space = false;
  while (cur != HtmlNode::kNone && out.size() < max_bytes) {
    const HtmlNode& n = nodes_[cur];
    if (n.is_text()) {
      for (char c : Text(cur)) {
        if (IsWs(c)) {
          space = !out.empty();
        } else {
          if (space) out.push_back(' ');
          space = false;
          out.push_back(c);
        }
      }
    } else if (n.tag == kTag_br || n.tag == kTag_p || n.tag == kTag_div || n.tag == kTag_li) {
      space = !out.empty();
    }
    // Next in pre-order, not leaving the subtree.
    if (n.first_child != HtmlNode::kNone && n.tag != kTag_script && n.tag != kTag_style) {
      cur = n.first_child;
      continue;
    }
    while (cur != HtmlNode::kNone && cur != i && nodes_[cur].next == HtmlNode::kNone)
      cur = nodes_[cur].parent;
    if (cur == HtmlNode::kNone || cur == i) break;
    cur = nodes_[cur].next;
  }
  if (out.size() > max_bytes) out.resize(max_bytes);
  return out;
}

}  // namespace dyad
