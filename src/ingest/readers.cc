#include <fmt/format.h>
#include <simdjson.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "dyad/extract.h"
#include "dyad/ingest.h"
#include "dyad/text.h"
#include "dyad/time.h"

namespace dyad {

namespace fs = std::filesystem;

std::string StableId(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

namespace {

// Binary junk: NUL bytes, or many control characters other than whitespace.
bool LooksBinary(std::string_view s) {
  size_t n = std::min<size_t>(s.size(), 64 * 1024), control = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  return n > 0 && control * 100 > n * 5;  // more than 5 %
}

size_t FirstInvalidUtf8(std::string_view s) {
  // IsValidUtf8 tells yes/no; find the offset for the message by bisecting
  // line by line would be slow, so scan code points.
  size_t i = 0;
  while (i < s.size()) {
    size_t before = i;
    char32_t cp = DecodeUtf8(s, i);
    if (cp == 0xFFFD) {
      // U+FFFD itself is valid when encoded as EF BF BD.
      if (!(i - before == 3 && static_cast<unsigned char>(s[before]) == 0xEF)) return before;
    }
    if (i == before) ++i;
  }
  return s.size();
}

Status CheckText(std::string& text, const ReadOptions& options) {
  if (text.size() > options.max_document_bytes)
    return Status::ResourceExhausted(fmt::format("document is {} bytes, over the limit of {} (--max-bytes)",
                                                 text.size(), options.max_document_bytes));
  bool blank = std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f';
  });
  if (blank) return Status::InvalidArgument("empty document (no text)");
  if (LooksBinary(text)) return Status::InvalidArgument("binary content, not text");
  if (!IsValidUtf8(text)) {
    if (!options.repair_utf8) {
      return Status::InvalidArgument(fmt::format(
          "invalid UTF-8 at byte {} (convert the file to UTF-8, or pass --repair-utf8 to replace bad bytes)",
          FirstInvalidUtf8(text)));
    }
    RepairUtf8(text);
  }
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // BOM
  return Status::Ok();
}

bool EndsWithAny(const std::string& lower, std::initializer_list<const char*> suffixes) {
  for (const char* suf : suffixes)
    if (lower.ends_with(suf)) return true;
  return false;
}

InputFormat DetectFormat(const std::string& name, std::string_view head) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower.ends_with(".jsonl") || lower.ends_with(".ndjson")) return InputFormat::kJsonl;
  if (lower.ends_with(".txt")) return InputFormat::kText;
  if (EndsWithAny(lower, {".warc", ".warc.gz", ".arc.gz"})) return InputFormat::kWarc;
  if (EndsWithAny(lower, {".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".shtml"}))
    return InputFormat::kHtml;
  if (EndsWithAny(lower, {".rss", ".atom", ".rss.gz", ".atom.gz"})) return InputFormat::kFeed;
  // Content sniffing.
  size_t i = head.find_first_not_of(" \t\r\n");
  if (i != std::string_view::npos && head[i] == '{') return InputFormat::kJsonl;
  if (head.substr(0, 5) == "WARC/") return InputFormat::kWarc;
  if (LooksLikeFeed(head)) return InputFormat::kFeed;
  if (LooksLikeHtml(head)) return InputFormat::kHtml;
  if (EndsWithAny(lower, {".xml", ".xml.gz"})) return InputFormat::kFeed;
  return InputFormat::kText;
}

// The first bytes of a file, decompressed when it is gzip.
std::string HeadOf(const fs::path& path, std::string_view raw_head) {
  if (raw_head.size() >= 2 && static_cast<unsigned char>(raw_head[0]) == 0x1f &&
      static_cast<unsigned char>(raw_head[1]) == 0x8b) {
    auto src = ByteSource::FromFile(path.string());
    std::string head(1024, '\0');
    size_t n = src->Read(head.data(), head.size());
    head.resize(n);
    return head;
  }
  return std::string(raw_head);
}

void ReadJsonlStream(std::istream& in, const std::string& origin, const ReadOptions& options,
                     const DocumentSink& sink) {
  std::string line;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string where = fmt::format("{}:{}", origin, line_no);
    sink(where, DocumentFromJsonLine(line, where, options));
  }
}

void ReadFile(const fs::path& path, const ReadOptions& options, const DocumentSink& sink) {
  const std::string origin = path.string();
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    sink(origin, Status::IoError("cannot read: " + ec.message()));
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    sink(origin, Status::IoError("cannot open"));
    return;
  }
  char head[512];
  in.read(head, sizeof head);
  std::string_view head_view(head, static_cast<size_t>(in.gcount()));
  InputFormat format = DetectFormat(origin, HeadOf(path, head_view));
  in.clear();
  in.seekg(0);
  switch (format) {
    case InputFormat::kHtml:
      ReadHtmlFile(origin, options.max_document_bytes, sink);
      return;
    case InputFormat::kWarc:
      ReadWarcFile(origin, options.max_document_bytes, sink);
      return;
    case InputFormat::kFeed:
      ReadFeedFile(origin, options.max_document_bytes, sink);
      return;
    default:
      break;
  }
  if (format == InputFormat::kJsonl) {
    ReadJsonlStream(in, origin, options, sink);
    return;
  }
  // A text file is one document: refuse oversized files before reading them.
  if (size > options.max_document_bytes) {
    sink(origin, Status::ResourceExhausted(fmt::format(
                     "file is {} bytes, over the limit of {} (--max-bytes)", size, options.max_document_bytes)));
    return;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  sink(origin, DocumentFromText(buf.str(), origin, options));
}

}  // namespace

Result<Document> DocumentFromText(std::string text, const std::string& origin,
                                  const ReadOptions& options) {
  Status s = CheckText(text, options);
  if (!s.ok()) return s;
  Document doc;
  doc.origin = origin;
  doc.id = StableId(text);
  doc.raw = std::move(text);
  return doc;
}

Result<Document> DocumentFromJsonLine(std::string_view line, const std::string& origin,
                                      const ReadOptions& options) {
  if (line.size() > options.max_document_bytes)
    return Status::ResourceExhausted(fmt::format("line is {} bytes, over the limit of {}", line.size(),
                                                 options.max_document_bytes));
  simdjson::dom::parser parser;
  simdjson::padded_string padded(line);
  simdjson::dom::element root;
  auto error = parser.parse(padded).get(root);
  if (error) return Status::InvalidArgument(std::string("not JSON: ") + simdjson::error_message(error));
  simdjson::dom::object obj;
  if (root.get_object().get(obj)) return Status::InvalidArgument("JSON line is not an object");
  auto get = [&](const char* key, std::string& out) -> Status {
    simdjson::dom::element v;
    if (obj.at_key(key).get(v)) return Status::Ok();  // absent
    if (v.is_null()) return Status::Ok();
    std::string_view sv;
    if (v.get_string().get(sv)) {
      int64_t num;
      if (!v.get_int64().get(num)) {
        out = std::to_string(num);
        return Status::Ok();
      }
      return Status::InvalidArgument(fmt::format("field '{}' must be a string", key));
    }
    out = std::string(sv);
    return Status::Ok();
  };
  std::string text, id, url, date, title;
  DYAD_RETURN_IF_ERROR(get("text", text));
  DYAD_RETURN_IF_ERROR(get("id", id));
  DYAD_RETURN_IF_ERROR(get("url", url));
  DYAD_RETURN_IF_ERROR(get("date", date));
  DYAD_RETURN_IF_ERROR(get("title", title));
  Result<Document> doc = Status::InvalidArgument("no 'text' field");
  if (text.empty()) {
    std::string html;
    DYAD_RETURN_IF_ERROR(get("html", html));
    if (html.empty()) return Status::InvalidArgument("no 'text' field");
    // A page: extract its article (the line's own fields win over the page's).
    ExtractOptions eo;
    eo.url = url;
    eo.max_bytes = options.max_document_bytes;
    eo.content_type = "text/html; charset=utf-8";
    auto ex = ExtractArticle(html, eo);
    if (!ex.ok()) return ex.status();
    if (ex->text.empty()) return Status::InvalidArgument("no article text found in the 'html' field");
    doc = DocumentFromExtraction(std::move(*ex), origin);
    if (title.empty()) title = doc->title;
    if (url.empty()) url = doc->url;
    if (date.empty()) date = doc->date;
  } else {
    doc = DocumentFromText(std::move(text), origin, options);
  }
  if (!doc.ok()) return doc;
  doc->url = url;
  doc->title = title;
  if (!date.empty()) {
    auto d = Date::FromIso(date.substr(0, std::min<size_t>(date.size(), 10)));
    if (!d || d->day == 0) return Status::InvalidArgument(fmt::format("'date' must start with YYYY-MM-DD, found '{}'", date));
    doc->date = d->ToIso();
  }
  if (!id.empty()) doc->id = id;
  else if (!url.empty()) doc->id = StableId(url);
  return doc;
}

InputFormat DetectInputFormat(const std::string& name, std::string_view head) {
  return DetectFormat(name, head);
}

void ReadInputs(const std::vector<std::string>& inputs, const ReadOptions& options,
                const DocumentSink& sink) {
  for (const std::string& input : inputs) {
    if (input == "-") {
      std::string all;
      std::string chunk(1 << 16, '\0');
      bool too_big = false;
      while (std::cin.read(chunk.data(), chunk.size()) || std::cin.gcount() > 0) {
        all.append(chunk.data(), static_cast<size_t>(std::cin.gcount()));
        if (all.size() > options.max_document_bytes * 4) { too_big = true; break; }
      }
      if (too_big) {
        sink("-", Status::ResourceExhausted("standard input is over the size limit"));
        continue;
      }
      InputFormat stdin_format = DetectFormat("-", std::string_view(all).substr(0, 512));
      if (all.size() >= 2 && static_cast<unsigned char>(all[0]) == 0x1f &&
          static_cast<unsigned char>(all[1]) == 0x8b) {
        std::string head(1024, '\0');
        head.resize(ByteSource::FromMemory(all)->Read(head.data(), head.size()));
        stdin_format = DetectFormat("-", head);
      }
      if (stdin_format == InputFormat::kJsonl) {
        std::istringstream in(all);
        ReadJsonlStream(in, "-", options, sink);
      } else if (stdin_format == InputFormat::kWarc) {
        ReadWarcSource(ByteSource::FromMemory(all), "-", options.max_document_bytes, sink);
      } else if (stdin_format == InputFormat::kHtml) {
        ExtractOptions eo;
        eo.max_bytes = options.max_document_bytes;
        auto ex = ExtractArticle(all, eo);
        if (!ex.ok()) sink("-", ex.status());
        else if (ex->text.empty()) sink("-", Status::InvalidArgument("no article text found in the HTML page"));
        else sink("-", DocumentFromExtraction(std::move(*ex), "-"));
      } else if (stdin_format == InputFormat::kFeed) {
        auto feed = ParseFeed(all);
        if (!feed.ok()) {
          sink("-", feed.status());
        } else {
          for (size_t k = 0; k < feed->items.size(); ++k) {
            std::string where = "-#" + std::to_string(k + 1);
            sink(where, DocumentFromFeedItem(feed->items[k], where, feed->language));
          }
        }
      } else {
        sink("-", DocumentFromText(std::move(all), "-", options));
      }
      continue;
    }
    std::error_code ec;
    fs::path path(input);
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> files;
      for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) {
          std::string name = it->path().filename().string();
          if (!name.empty() && name[0] == '.') continue;
          files.push_back(it->path());
        }
      }
      std::sort(files.begin(), files.end());  // the same order on every machine
      for (const fs::path& f : files) ReadFile(f, options, sink);
      if (ec) sink(input, Status::IoError("cannot walk directory: " + ec.message()));
      continue;
    }
    if (!fs::exists(path, ec)) {
      sink(input, Status::NotFound("no such file or directory"));
      continue;
    }
    ReadFile(path, options, sink);
  }
}

}  // namespace dyad
