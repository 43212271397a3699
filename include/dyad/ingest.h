// Reading inputs into Documents: files, directories (walked), and "-" (stdin).
//
// Formats are detected from the name and the first bytes: .txt (one document
// per file), .jsonl (one document per line: {"id","url"?,"date"?,"title"?,
// "text"} or "html" in place of "text"), HTML pages, WARC archives and
// RSS/Atom feeds (see InputFormat). A bad document (empty, binary, invalid UTF-8, too large, a JSONL
// line that is not JSON) is reported to the sink as an error naming it; the
// reader goes on with the next one.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

struct ReadOptions {
  size_t max_document_bytes = 32u << 20;  // larger documents are refused, not truncated
  bool repair_utf8 = false;               // replace invalid UTF-8 by U+FFFD instead of refusing
};

// kHtml: .html/.htm (optionally .gz) or sniffed markup, one document per page
// with its article extracted; kWarc: .warc/.warc.gz, one document per HTML
// response record; kFeed: RSS/Atom (.xml/.rss/.atom), one document per item.
// JSONL lines may carry "html" instead of "text". (dyad/extract.h)
enum class InputFormat { kText, kJsonl, kHtml, kWarc, kFeed };

// The format of an input from its name and first bytes (gzip is looked into).
InputFormat DetectInputFormat(const std::string& name, std::string_view head);

// Called once per document or per failed document. `origin` names it
// ("dir/a.txt", "feed.jsonl:12", "-").
using DocumentSink = std::function<void(const std::string& origin, Result<Document> doc)>;

// Reads every input; returns an error only for an input that cannot be opened
// at all (after reporting it to the sink too), so callers may just count.
void ReadInputs(const std::vector<std::string>& inputs, const ReadOptions& options,
                const DocumentSink& sink);

// Builds a Document from one text ("origin" names it); checks size, binary
// content and UTF-8. Used by the readers and by tests.
Result<Document> DocumentFromText(std::string text, const std::string& origin,
                                  const ReadOptions& options);
// Parses one JSONL line into a Document.
Result<Document> DocumentFromJsonLine(std::string_view line, const std::string& origin,
                                      const ReadOptions& options);

// Binary content, not text: a NUL byte anywhere, or more than 5 % control
// characters (other than tab, newline, carriage return, form feed) in the
// first 64 KB. Every reader refuses it: text, JSONL, HTML (after conversion
// to UTF-8, so UTF-16 pages pass), WARC records and feed items.
bool LooksBinary(std::string_view bytes);

// A stable id: 16 hex digits of a 64-bit FNV-1a hash.
std::string StableId(std::string_view bytes);

}  // namespace dyad
