#include <fmt/format.h>
#include <simdjson.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
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

bool LooksBinary(std::string_view s) {
  if (s.find('\0') != std::string_view::npos) return true;
  size_t n = std::min<size_t>(s.size(), 64 * 1024), control = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  return n > 0 && control * 100 > n * 5;  // more than 5 %
}

std::string StableId(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

namespace {

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

// Reads one line into *line, keeping at most max bytes of it: a longer line
// is consumed to its end without being stored (*length says how long it was),
// so a 600 MB line costs no more memory than a short one.
bool ReadBoundedLine(std::istream& in, size_t max, std::string* line, size_t* length) {
  line->clear();
  *length = 0;
  bool any = false;
  char buf[1 << 16];
  while (true) {
    in.getline(buf, sizeof buf);
    const size_t n = static_cast<size_t>(in.gcount());
    if (n == 0 && !in) return any;  // the end, or nothing left after a full buffer
    any = true;
    const bool delimiter = in.good();  // the newline was read (and counted in n)
    const size_t stored = delimiter ? n - 1 : n;
    if (*length + stored <= max) line->append(buf, stored);
    else if (*length < max) line->append(buf, max - *length);
    *length += stored;
    if (delimiter || in.eof()) return true;
    in.clear();  // the buffer filled up: the line goes on
  }
}

void ReadJsonlStream(std::istream& in, const std::string& origin, const ReadOptions& options,
                     const DocumentSink& sink) {
  std::string line;
  size_t line_no = 0, length = 0;
  while (ReadBoundedLine(in, options.max_document_bytes, &line, &length)) {
    ++line_no;
    std::string where = fmt::format("{}:{}", origin, line_no);
    if (length > options.max_document_bytes) {
      sink(where, Status::ResourceExhausted(fmt::format("line is {} bytes, over the limit of {} (--max-bytes)",
                                                        length, options.max_document_bytes)));
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
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

// Why a path cannot be read, telling a symbolic link loop and a broken link
// from a missing file (all three looked like "no such file" before).
Status UnreadablePath(const fs::path& path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    if (ec == std::errc::too_many_symbolic_link_levels)
      return Status::IoError("symbolic link loop (too many levels of symbolic links)");
    return Status::IoError("cannot read: " + ec.message());
  }
  if (st.type() == fs::file_type::not_found) {
    std::error_code lec;
    if (fs::is_symlink(fs::symlink_status(path, lec)))
      return Status::NotFound("broken symbolic link (its target does not exist)");
    return Status::NotFound("no such file or directory");
  }
  return Status::Ok();
}

bool IsGzip(std::string_view s) {
  return s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0x1f && static_cast<unsigned char>(s[1]) == 0x8b;
}

// Standard input is read whole (up to 4x --max-bytes: it may hold many JSONL
// documents), decompressed when it is gzip, whatever its format, as files are.
void ReadStdin(const ReadOptions& options, const DocumentSink& sink) {
  const size_t limit = options.max_document_bytes * 4;
  std::string all;
  std::string chunk(1 << 16, '\0');
  while (std::cin.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || std::cin.gcount() > 0) {
    all.append(chunk.data(), static_cast<size_t>(std::cin.gcount()));
    if (all.size() > limit) {
      sink("-", Status::ResourceExhausted(fmt::format("standard input is over the limit of {} bytes (4x --max-bytes)", limit)));
      return;
    }
  }
  if (IsGzip(all)) {
    std::string head(1024, '\0');
    head.resize(ByteSource::FromMemory(all)->Read(head.data(), head.size()));
    if (DetectFormat("-", head) == InputFormat::kWarc) {  // WARC inflates record by record
      ReadWarcSource(ByteSource::FromMemory(all), "-", options.max_document_bytes, sink);
      return;
    }
    auto src = ByteSource::FromMemory(all);
    std::string plain;
    while (true) {
      const size_t n = src->Read(chunk.data(), chunk.size());
      if (n == 0) break;
      plain.append(chunk.data(), n);
      if (plain.size() > limit) {
        sink("-", Status::ResourceExhausted(fmt::format(
                      "standard input inflates to more than {} bytes (4x --max-bytes)", limit)));
        return;
      }
    }
    if (!src->status().ok()) {
      sink("-", src->status());
      return;
    }
    all = std::move(plain);
  }
  switch (DetectFormat("-", std::string_view(all).substr(0, 512))) {
    case InputFormat::kJsonl: {
      std::istringstream in(std::move(all));
      ReadJsonlStream(in, "-", options, sink);
      return;
    }
    case InputFormat::kWarc:
      ReadWarcSource(ByteSource::FromMemory(all), "-", options.max_document_bytes, sink);
      return;
    case InputFormat::kHtml: {
      ExtractOptions eo;
      eo.max_bytes = options.max_document_bytes;
      auto ex = ExtractArticle(all, eo);
      if (!ex.ok()) sink("-", ex.status());
      else if (ex->text.empty()) sink("-", Status::InvalidArgument("no article text found in the HTML page"));
      else sink("-", DocumentFromExtraction(std::move(*ex), "-"));
      return;
    }
    case InputFormat::kFeed:
      ReadFeedBytes(all, "-", sink);
      return;
    case InputFormat::kText:
      sink("-", DocumentFromText(std::move(all), "-", options));
      return;
  }
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
      ReadStdin(options, sink);
      continue;
    }
    std::error_code ec;
    fs::path path(input);
    if (fs::is_directory(path, ec)) {
      // Regular files, and links that lead nowhere (a loop, a missing target),
      // which are reported in their place rather than skipped in silence.
      std::vector<std::pair<fs::path, Status>> files;
      for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') continue;
        std::error_code entry_ec;
        if (it->is_regular_file(entry_ec)) {
          files.emplace_back(it->path(), Status::Ok());
        } else if (it->is_symlink(entry_ec)) {
          if (Status why = UnreadablePath(it->path()); !why.ok()) files.emplace_back(it->path(), why);
        }
      }
      std::sort(files.begin(), files.end(),  // the same order on every machine
                [](const auto& a, const auto& b) { return a.first < b.first; });
      for (const auto& [f, why] : files) {
        if (why.ok()) ReadFile(f, options, sink);
        else sink(f.string(), why);
      }
      if (ec) sink(input, Status::IoError("cannot walk directory: " + ec.message()));
      continue;
    }
    if (Status why = UnreadablePath(path); !why.ok()) {
      sink(input, why);
      continue;
    }
    ReadFile(path, options, sink);
  }
}

}  // namespace dyad
