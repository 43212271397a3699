// RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom feeds: each item becomes a document.
// The feed is parsed with the same tolerant tokenizer as HTML, in XML mode
// (case kept, no void elements or implied end tags, CDATA as text), so a
// malformed feed still yields the items it has.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <string_view>

#include "dyad/extract.h"
#include "dyad/ingest.h"
#include "core/ascii.h"

namespace dyad {

namespace {

std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

// Skips the XML declaration, comments, doctype and whitespace; returns the
// first element's name (lower-case, prefix kept) or "".
std::string RootName(std::string_view s) {
  size_t i = 0;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  for (int guard = 0; guard < 64 && i < s.size(); ++guard) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
    if (i >= s.size() || s[i] != '<') return "";
    if (s.compare(i, 4, "<!--") == 0) {
      size_t e = s.find("-->", i);
      if (e == std::string_view::npos) return "";
      i = e + 3;
      continue;
    }
    if (s.compare(i, 2, "<?") == 0 || s.compare(i, 2, "<!") == 0) {
      size_t e = s.find('>', i);
      if (e == std::string_view::npos) return "";
      i = e + 1;
      continue;
    }
    size_t b = i + 1, e = b;
    while (e < s.size() && s[e] != ' ' && s[e] != '>' && s[e] != '/' && s[e] != '\n' &&
           s[e] != '\t' && s[e] != '\r')
      ++e;
    return AsciiLower(s.substr(b, e - b));
  }
  return "";
}

// The content of an element as the feed gave it: its text (entity-decoded or
// CDATA) when it only has text, else its markup (Atom type="xhtml").
std::string RawContent(const HtmlTree& t, uint32_t i) {
  const auto& nodes = t.nodes();
  const HtmlNode& n = nodes[i];
  bool only_text = true;
  for (uint32_t c = n.first_child; c != HtmlNode::kNone; c = nodes[c].next)
    if (!nodes[c].is_text()) only_text = false;
  std::string out;
  if (only_text) {
    for (uint32_t c = n.first_child; c != HtmlNode::kNone; c = nodes[c].next) out.append(t.Text(c));
    return out;
  }
  if (n.first_child == HtmlNode::kNone) return out;
  uint32_t b = nodes[n.first_child].src_begin;
  uint32_t e = std::max(nodes[n.last_child].src_end, b);
  // The last child's own subtree may extend further.
  for (uint32_t c = n.last_child; c != HtmlNode::kNone; c = nodes[c].last_child) e = std::max(e, nodes[c].src_end);
  return std::string(t.source().substr(b, e - b));
}

}  // namespace

bool LooksLikeFeed(std::string_view head) {
  std::string r = RootName(head);
  return r == "rss" || r == "feed" || r == "rdf:rdf" || r == "rdf";
}

bool LooksLikeHtml(std::string_view head) {
  std::string l = AsciiLower(head.substr(0, 1024));
  return l.find("<!doctype html") != std::string::npos || l.find("<html") != std::string::npos ||
         l.find("<head") != std::string::npos || l.find("<body") != std::string::npos ||
         (l.find("<p>") != std::string::npos && l.find("<div") != std::string::npos);
}

Result<Feed> ParseFeed(std::string_view bytes, size_t max_items) {
  std::string root = RootName(bytes.substr(0, 4096));
  if (!(root == "rss" || root == "feed" || root == "rdf:rdf" || root == "rdf"))
    return Status::InvalidArgument("not an RSS or Atom feed (root element '" + root.substr(0, 40) + "')");
  std::string charset = DetectCharset(bytes);
  // XML declares its encoding in <?xml encoding="..."?>.
  {
    std::string head = AsciiLower(bytes.substr(0, 200));
    size_t p = head.find("encoding=");
    if (p != std::string::npos && p + 10 < head.size()) {
      char q = head[p + 9];
      size_t e = head.find(q, p + 10);
      if ((q == '"' || q == '\'') && e != std::string::npos)
        charset = DetectCharset(bytes, "text/xml; charset=" + head.substr(p + 10, e - p - 10));
    }
  }
  std::string utf8 = ConvertToUtf8(bytes, charset);
  HtmlParseOptions po;
  po.xml = true;
  HtmlTree t = HtmlTree::Parse(utf8, po);
  const auto& nodes = t.nodes();
  Feed feed;
  auto lname = [&](uint32_t i) { return AsciiLower(t.Name(i)); };
  for (uint32_t i = 1; i < nodes.size(); ++i) {
    if (nodes[i].is_text()) continue;
    std::string name = lname(i);
    if (name == "channel" || name == "feed") {
      for (uint32_t c = nodes[i].first_child; c != HtmlNode::kNone; c = nodes[c].next) {
        if (nodes[c].is_text()) continue;
        std::string cn = lname(c);
        if (cn == "title" && feed.title.empty()) feed.title = Collapse(RawContent(t, c));
        else if (cn == "language") feed.language = Collapse(RawContent(t, c));
        else if (cn == "link" && feed.link.empty()) {
          std::string href(t.Attr(c, kAttrHref));
          feed.link = href.empty() ? Collapse(RawContent(t, c)) : href;
        }
      }
      if (name == "feed" && feed.language.empty()) feed.language = std::string(t.Attr(i, kAttrLang));
    }
    if (name != "item" && name != "entry") continue;
    if (feed.items.size() >= max_items) {
      ++feed.items_cut;
      continue;
    }
    FeedItem item;
    std::string content, description;
    for (uint32_t c = nodes[i].first_child; c != HtmlNode::kNone; c = nodes[c].next) {
      if (nodes[c].is_text()) continue;
      std::string cn = lname(c);
      if (cn == "title") item.title = Collapse(DecodeEntities(RawContent(t, c)));
      else if (cn == "link") {
        std::string rel(t.Attr(c, kAttrRel));
        std::string href(t.Attr(c, kAttrHref));
        if (!href.empty()) {
          if (item.link.empty() || rel == "alternate") item.link = href;
        } else if (item.link.empty()) {
          item.link = Collapse(RawContent(t, c));
        }
      } else if (cn == "guid" || cn == "id") {
        item.id = Collapse(RawContent(t, c));
      } else if (cn == "pubdate" || cn == "published" || cn == "dc:date" || cn == "issued") {
        if (item.date.empty()) item.date = NormaliseDate(RawContent(t, c));
      } else if (cn == "updated" || cn == "modified") {
        if (item.date.empty()) item.date = NormaliseDate(RawContent(t, c));
      } else if (cn == "author" || cn == "dc:creator" || cn == "creator") {
        std::string a;
        // Atom: <author><name>..</name></author>
        for (uint32_t g = nodes[c].first_child; g != HtmlNode::kNone; g = nodes[g].next)
          if (!nodes[g].is_text() && lname(g) == "name") a = Collapse(RawContent(t, g));
        if (a.empty()) a = Collapse(t.InnerText(c, 300));
        // RSS <author> is "email (Name)".
        size_t open = a.find('('), close = a.rfind(')');
        if (a.find('@') != std::string::npos && open != std::string::npos && close > open)
          a = a.substr(open + 1, close - open - 1);
        if (item.author.empty()) item.author = a;
        else if (!a.empty()) item.author += "; " + a;
      } else if (cn == "content:encoded" || cn == "content") {
        if (content.empty()) content = RawContent(t, c);
      } else if (cn == "description" || cn == "summary") {
        if (description.empty()) description = RawContent(t, c);
      }
    }
    item.html = !content.empty() ? content : description;
    feed.items.push_back(std::move(item));
  }
  return feed;
}

Result<Document> DocumentFromFeedItem(const FeedItem& item, const std::string& origin,
                                      const std::string& feed_language) {
  if (item.html.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::InvalidArgument("feed item has no content or description");
  ExtractOptions o;
  o.url = item.link;
  o.fragment = true;
  o.content_type = "text/html; charset=utf-8";
  auto ex = ExtractArticle(item.html, o);
  if (!ex.ok()) return ex.status();
  if (ex->text.empty()) return Status::InvalidArgument("feed item has no text");
  if (!item.title.empty()) ex->title = item.title;
  if (!item.link.empty()) ex->url = item.link;
  if (!item.date.empty()) ex->date = item.date;
  if (!item.author.empty()) ex->author = item.author;
  if (ex->language.empty()) ex->language = AsciiLower(feed_language.substr(0, 2));
  Document doc = DocumentFromExtraction(std::move(*ex), origin);
  if (!item.id.empty() && item.link.empty()) doc.id = StableId(item.id);
  return doc;
}

void ReadFeedBytes(std::string_view bytes, const std::string& origin, const WebDocumentSink& sink,
                   size_t max_items) {
  auto feed = ParseFeed(bytes, max_items);
  if (!feed.ok()) {
    sink(origin, feed.status());
    return;
  }
  if (feed->items.empty() && feed->items_cut == 0) {
    sink(origin, Status::InvalidArgument("feed has no items"));
    return;
  }
  for (size_t k = 0; k < feed->items.size(); ++k) {
    std::string where = origin + "#" + std::to_string(k + 1);
    sink(where, DocumentFromFeedItem(feed->items[k], where, feed->language));
  }
  if (feed->items_cut > 0)  // said, not silent: the run ends with exit status 1
    sink(origin, Status::ResourceExhausted(fmt::format(
                     "feed has {} items; the {} after the first {} were not read (split the feed)",
                     feed->items.size() + feed->items_cut, feed->items_cut, max_items)));
}

void ReadFeedFile(const std::string& path, size_t max_bytes, const WebDocumentSink& sink) {
  auto bytes = ReadMaybeGzipFile(path, max_bytes);
  if (!bytes.ok()) {
    sink(path, bytes.status());
    return;
  }
  ReadFeedBytes(*bytes, path, sink);
}

}  // namespace dyad
