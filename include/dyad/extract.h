// Web ingestion: article extraction from HTML pages, WARC archives and feeds.
//
// The pieces, bottom up:
//   - charset: find a page's encoding (BOM, HTTP header, <meta charset>,
//     content sniffing) and convert it to UTF-8;
//   - entities: the HTML named character references (HTML4 set + common HTML5);
//   - HtmlTree: our own tolerant HTML tokenizer and tree builder (see
//     docs/architecture.md "HTML parsing decision"): one pass, no recursion,
//     nesting capped, every input accepted;
//   - ExtractArticle: main text (paragraphs, headings, lists) and metadata
//     (title, author, date, site, language, canonical URL) of one page;
//   - SiteTemplates: blocks repeated across pages of one site (navigation,
//     teaser lists, footers) learned and removed;
//   - WARC and RSS/Atom readers turning archives and feeds into pages.
// Nothing here throws or aborts on bad input; errors are per document.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

// Charset ---------------------------------------------------------------------

// The encoding of an HTML page, as a lower-case canonical label ("utf-8",
// "windows-1252", "utf-16le", "shift_jis", ...). Order: byte-order mark, the
// charset of `content_type` (an HTTP Content-Type header, may be empty), a
// <meta charset> / <meta http-equiv> in the first 4 KB, then sniffing (valid
// UTF-8 -> "utf-8", else "windows-1252"). A declared Latin-1/1252 page whose
// bytes are valid UTF-8 with multi-byte sequences is taken as UTF-8.
std::string DetectCharset(std::string_view bytes, std::string_view content_type = {});

// Converts bytes in `charset` to UTF-8 (BOM dropped). windows-1252, latin1 and
// UTF-8 are handled here; other labels go through iconv. Never fails: bytes
// that cannot be converted become U+FFFD; an unknown label is read as
// windows-1252. `replaced` (optional) counts replacements.
std::string ConvertToUtf8(std::string_view bytes, std::string_view charset,
                          size_t* replaced = nullptr);

// Entities --------------------------------------------------------------------

// The UTF-8 of a named character reference without '&' and ';' ("amp",
// "hellip", "eacute"); empty when unknown.
std::string_view LookupEntity(std::string_view name);
// Appends `s` to out with character references (&name; &#N; &#xH;) decoded.
// `attribute` applies the attribute rule for legacy references without ';'.
void AppendDecodedEntities(std::string_view s, bool attribute, std::string& out);
std::string DecodeEntities(std::string_view s);

// HTML tree -------------------------------------------------------------------

// Element ids of the tags the extractor cares about; every other tag is
// kUnknown (its name is kept, see HtmlTree::Name).
enum HtmlTag : uint8_t {
  kTagText = 0,  // a text node, not an element
  kTagUnknown,
  kTagRoot,
#define DYAD_HTML_TAGS(X)                                                                    \
  X(a) X(abbr) X(address) X(applet) X(area) X(article) X(aside) X(audio) X(b) X(base)        \
  X(bdi) X(blockquote) X(body) X(br) X(button) X(canvas) X(caption) X(center) X(cite)        \
  X(code) X(col) X(colgroup) X(dd) X(del) X(details) X(dialog) X(dir) X(div) X(dl) X(dt)     \
  X(em) X(embed) X(fieldset) X(figcaption) X(figure) X(font) X(footer) X(form) X(frame)      \
  X(frameset) X(h1) X(h2) X(h3) X(h4) X(h5) X(h6) X(head) X(header) X(hgroup) X(hr) X(html)  \
  X(i) X(iframe) X(img) X(input) X(ins) X(kbd) X(label) X(legend) X(li) X(link) X(main)      \
  X(map) X(mark) X(marquee) X(math) X(menu) X(meta) X(nav) X(noembed) X(noframes)           \
  X(noscript) X(object) X(ol) X(optgroup) X(option) X(p) X(param) X(picture) X(plaintext)    \
  X(pre) X(q) X(s) X(samp) X(script) X(section) X(select) X(small) X(source) X(span)         \
  X(strike) X(strong) X(style) X(sub) X(summary) X(sup) X(svg) X(table) X(tbody) X(td)       \
  X(template) X(textarea) X(tfoot) X(th) X(thead) X(time) X(title) X(tr) X(track) X(tt) X(u) \
  X(ul) X(var) X(video) X(wbr) X(xmp)
#define DYAD_HTML_TAG_ENUM(name) kTag_##name,
  DYAD_HTML_TAGS(DYAD_HTML_TAG_ENUM)
#undef DYAD_HTML_TAG_ENUM
  kTagCount
};
std::string_view HtmlTagName(uint8_t tag);

// Attributes kept by the parser (all others are skipped).
enum HtmlAttr : uint8_t {
  kAttrClass, kAttrId, kAttrRole, kAttrItemprop, kAttrItemtype, kAttrName, kAttrProperty,
  kAttrContent, kAttrCharset, kAttrHttpEquiv, kAttrRel, kAttrHref, kAttrDatetime, kAttrType,
  kAttrHidden, kAttrStyle, kAttrAriaHidden, kAttrLang, kAttrPubdate, kAttrTitle,
  kAttrCount
};

struct HtmlNode {
  static constexpr uint32_t kNone = UINT32_MAX;
  uint32_t parent = kNone;
  uint32_t first_child = kNone;
  uint32_t last_child = kNone;
  uint32_t next = kNone;
  uint32_t text_off = 0;  // text node: decoded text; unknown element: its name
  uint32_t text_len = 0;
  uint32_t attr_off = 0;  // first attribute in HtmlTree::attrs
  uint16_t attr_count = 0;
  uint8_t tag = kTagText;
  uint8_t flags = 0;       // kNodeFromSource: text_off indexes the source, not the arena
  uint32_t src_begin = 0;  // byte range in the parsed source (for diagnostics)
  uint32_t src_end = 0;
  bool is_text() const { return tag == kTagText; }
};
inline constexpr uint8_t kNodeFromSource = 1;

struct HtmlParseOptions {
  bool xml = false;            // feeds: no void elements, no implied end tags, CDATA is text
  uint32_t max_depth = 256;    // deeper elements are attached to the deepest open one
  uint32_t max_nodes = 4u << 20;  // beyond this, the rest of the input is ignored
};

class HtmlTree {
 public:
  struct AttrSlot {
    uint8_t id;
    uint32_t off, len;  // value in the arena
  };
  // Parses `source` (UTF-8). The tree keeps a view of `source`: it must
  // outlive the tree. Never fails.
  static HtmlTree Parse(std::string_view source, const HtmlParseOptions& options = {});

  const std::vector<HtmlNode>& nodes() const { return nodes_; }
  const HtmlNode& node(uint32_t i) const { return nodes_[i]; }
  static constexpr uint32_t root() { return 0; }
  std::string_view Text(uint32_t i) const;        // text node content
  std::string_view Name(uint32_t i) const;        // element name (lower-case in HTML mode)
  std::string_view Attr(uint32_t i, HtmlAttr a) const;  // "" when absent
  bool HasAttr(uint32_t i, HtmlAttr a) const;
  // All text below node i, whitespace collapsed (script/style excluded).
  std::string InnerText(uint32_t i, size_t max_bytes = SIZE_MAX) const;
  std::string_view source() const { return source_; }
  bool depth_capped() const { return depth_capped_; }
  bool nodes_capped() const { return nodes_capped_; }

 private:
  friend class HtmlTreeBuilder;
  std::string_view source_;
  std::string arena_;
  std::vector<HtmlNode> nodes_;
  std::vector<AttrSlot> attrs_;
  bool depth_capped_ = false;
  bool nodes_capped_ = false;
};

// Block classifier shared with the pre-scraped text cleaner (defined in
// src/extract/clean.cc): what one line/paragraph of page text is.
struct BlockVerdict {
  std::string marker;     // "comment-counter", "loading", "ui-label", "" = none
  bool terminal = false;  // a marker after which only chrome follows ("Related articles")
  bool byline = false;
  std::string author;     // when byline
  bool dateline = false;  // a line that is only a date
  bool prose = false;
  bool title_like = false;
  bool all_caps_label = false;
};
BlockVerdict ClassifyTextBlock(std::string_view text);

// Article extraction -----------------------------------------------------------

struct ExtractOptions {
  std::string url;           // the page's URL when known (WARC-Target-URI, feed link)
  std::string content_type;  // HTTP Content-Type header when known (for the charset)
  size_t max_bytes = 32u << 20;  // larger pages are refused
  bool keep_blocks = true;       // fill Extraction::blocks (dropped ones too)
  bool fragment = false;         // a feed item's content: no page chrome to find, keep it all
};

struct ExtractedBlock {
  std::string text;
  std::string kind;    // "p", "h", "li", "pre", "quote", "td", "tr" (a row of short cells), "caption"
  std::string reason;  // empty = kept; else why dropped ("nav", "link-dense", "template", ...)
  Span raw_span;       // in Extraction::html
  uint64_t hash = 0;   // of the normalised text (template learning)
};

struct Extraction {
  std::string html;  // the page converted to UTF-8 (raw spans point here)
  std::string charset;
  std::string text;  // kept blocks, "\n\n" between paragraphs
  std::string title, author, date, site, language, url;
  std::vector<ExtractedBlock> blocks;  // every block in page order
  // Rebuilds text from the kept blocks (after template removal).
  void RebuildText();
};

// Extracts the article of one page. Errors: empty or over-size input, no
// article text found.
Result<Extraction> ExtractArticle(std::string_view bytes, const ExtractOptions& options = {});

// The Document the pipeline runs on: raw = the UTF-8 page, text = the article
// (text_ready, so the clean stage leaves it alone), metadata set, every
// dropped block a diagnostic of stage "extract".
Document DocumentFromExtraction(Extraction&& e, const std::string& origin);

// ISO 8601 day ("2024-01-27") from a date string in the usual web forms
// (ISO, RFC 822, "January 27, 2024", "27 Jan 2024", "2024/01/27"); "" if none.
std::string NormaliseDate(std::string_view s);
// The host of a URL, lower-case, without "www." ("example.com"); "" if none.
std::string UrlHost(std::string_view url);

// Site templates ---------------------------------------------------------------

// Learns which blocks repeat across pages of one host and removes them.
// Observe every page of a batch first, then Apply to each: a kept block whose
// normalised text appears on at least `min_pages` pages of its host (and on
// at least half of them) is dropped with reason "template".
class SiteTemplates {
 public:
  explicit SiteTemplates(size_t min_pages = 3) : min_pages_(min_pages) {}
  void Observe(const std::string& host, const Extraction& page);
  // Returns how many blocks it dropped.
  size_t Apply(const std::string& host, Extraction& page) const;
  size_t pages(const std::string& host) const;

 private:
  struct Site {
    size_t pages = 0;
    std::unordered_map<uint64_t, uint32_t> counts;  // block hash -> pages holding it
  };
  size_t min_pages_;
  std::unordered_map<std::string, Site> sites_;
};

// WARC -------------------------------------------------------------------------

struct WarcRecord {
  std::string type;        // WARC-Type ("response", "request", "warcinfo", ...)
  std::string target_uri;  // WARC-Target-URI
  std::string date;        // WARC-Date
  std::string record_id;
  std::string content_type;       // of the WARC block ("application/http; msgtype=response")
  std::string http_content_type;  // responses: the HTTP Content-Type header
  int http_status = 0;
  std::string payload;            // responses: the HTTP body (de-chunked, de-gzipped); else the block
};

// A byte source that may be gzip-compressed (single or multi-member, as
// .warc.gz files are); reads plain bytes when the input is not gzip.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes; 0 at the end or on error (then status() says why).
  virtual size_t Read(char* buf, size_t n) = 0;
  virtual Status status() const = 0;
  static std::unique_ptr<ByteSource> FromFile(const std::string& path);
  static std::unique_ptr<ByteSource> FromMemory(std::string_view bytes);  // view must outlive it
};

// Reads WARC records one at a time with bounded memory: records whose block is
// larger than max_record_bytes are skipped (reported as an error record).
// A Content-Length that lies (runs past the end of the file, or does not end
// on a record boundary) must not swallow the records after it: the reader
// goes back to the first "WARC/" line inside the bytes it skipped (keeping at
// most max_record_bytes of them) and reports what it did.
class WarcReader {
 public:
  explicit WarcReader(std::unique_ptr<ByteSource> source, size_t max_record_bytes = 64u << 20);
  // false at the end. A broken record gives true with *status set; the reader
  // then resynchronises on the next "WARC/" line. After a fatal error
  // (truncated gzip) the next call returns false.
  bool Next(WarcRecord* record, Status* status);
  size_t records_read() const { return index_; }

 private:
  bool FillLine(std::string* line);
  bool ReadExact(size_t n, std::string* out);
  bool Skip(size_t n, std::string* resume);
  bool Peek(size_t n);
  bool AtRecordBoundary();
  void PushBack(std::string bytes);
  std::unique_ptr<ByteSource> src_;
  size_t max_record_bytes_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool dead_ = false;
  bool resync_ = false;  // skipping junk after a broken record (reported once)
  size_t index_ = 0;
};

// Splits an HTTP response into headers and body; de-chunks and un-gzips the
// body. Returns false when `bytes` is not an HTTP response.
bool ParseHttpResponse(std::string_view bytes, int* status, std::string* content_type,
                       std::string* body, size_t max_body = 64u << 20);

// Feeds ------------------------------------------------------------------------

struct FeedItem {
  std::string title, link, date, author, id;
  std::string html;  // content:encoded / Atom content, else description / summary (as HTML)
};
struct Feed {
  std::string title, link, language;
  std::vector<FeedItem> items;
  size_t items_cut = 0;  // items after the first max_items, counted but not read
};
// Parses RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom. Error when it is not a feed.
Result<Feed> ParseFeed(std::string_view bytes, size_t max_items = 100000);
// True when the first bytes look like an RSS/Atom document.
bool LooksLikeFeed(std::string_view head);
// True when the first bytes look like HTML.
bool LooksLikeHtml(std::string_view head);

// One document per feed item: the item's HTML extracted (title, link, date,
// author from the item when the page gives none).
Result<Document> DocumentFromFeedItem(const FeedItem& item, const std::string& origin,
                                      const std::string& feed_language);

// Reading whole web inputs (used by ReadInputs) ---------------------------------

using WebDocumentSink = std::function<void(const std::string& origin, Result<Document> doc)>;
// path is .html/.htm(.gz), .warc(.gz), or a feed; reports each document.
void ReadHtmlFile(const std::string& path, size_t max_bytes, const WebDocumentSink& sink);
void ReadWarcFile(const std::string& path, size_t max_bytes, const WebDocumentSink& sink);
void ReadFeedFile(const std::string& path, size_t max_bytes, const WebDocumentSink& sink);
// One document per item of a feed in memory; items over max_items are
// reported as one error naming how many were cut.
void ReadFeedBytes(std::string_view bytes, const std::string& origin, const WebDocumentSink& sink,
                   size_t max_items = 100000);
// The HTML pages of a WARC (response or resource records with an HTML type,
// no redirects or errors), each extracted, with the record's URI and date
// filled in where the page gives none; `where` is origin#URI (or #N).
using WarcArticleSink = std::function<void(const std::string& where, Result<Extraction> article)>;
void ForEachWarcArticle(std::unique_ptr<ByteSource> source, const std::string& origin, size_t max_bytes,
                        const WarcArticleSink& sink);
// WARC records from any source (the fuzz target and tests use memory).
void ReadWarcSource(std::unique_ptr<ByteSource> source, const std::string& origin,
                    size_t max_bytes, const WebDocumentSink& sink);
// Reads a whole file, gunzipping when it is gzip; refuses more than max_bytes.
Result<std::string> ReadMaybeGzipFile(const std::string& path, size_t max_bytes);

}  // namespace dyad
