// WARC reading (ISO 28500, versions 0.17-1.1), gzip byte sources and HTTP
// response parsing, plus the file readers that turn HTML pages and WARC
// response records into Documents.
//
// Memory stays bounded: a WARC file is read record by record through a
// streaming inflater; an over-size record is skipped, not buffered. A
// truncated gzip member or a broken header is a per-record error; the reader
// resynchronises on the next "WARC/" line when it can.
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>

#include "dyad/extract.h"
#include "dyad/ingest.h"
#include "core/ascii.h"
#include "dyad/text.h"

namespace dyad {

namespace {

// Inflates gzip (multi-member) or passes plain bytes through, reading its
// compressed input from a raw reader function.
class InflatingSource : public ByteSource {
 public:
  using RawRead = std::function<size_t(char*, size_t)>;
  explicit InflatingSource(RawRead raw) : raw_(std::move(raw)) {
    in_.resize(1 << 16);
    std::memset(&zs_, 0, sizeof zs_);
  }
  ~InflatingSource() override {
    if (z_init_) inflateEnd(&zs_);
  }

  size_t Read(char* buf, size_t n) override {
    if (!status_.ok() || n == 0) return 0;
    if (!probed_) Probe();
    if (!gzip_) {
      size_t got = 0;
      if (in_pos_ < in_len_) {
        got = std::min(n, in_len_ - in_pos_);
        std::memcpy(buf, in_.data() + in_pos_, got);
        in_pos_ += got;
        return got;
      }
      return raw_(buf, n);
    }
    size_t produced = 0;
    while (produced == 0) {
      if (in_pos_ >= in_len_) {
        if (!Refill()) {
          if (member_open_) status_ = Status::DataLoss("truncated gzip data (unexpected end of file)");
          return 0;
        }
      }
      if (!member_open_) {
        // Between members: skip padding zeros; a new member must start with 1f 8b.
        while (in_pos_ < in_len_ && in_[in_pos_] == 0) ++in_pos_;
        if (in_pos_ >= in_len_) continue;
        if (static_cast<unsigned char>(in_[in_pos_]) != 0x1f) {
          status_ = Status::DataLoss("garbage after gzip member");
          return 0;
        }
        inflateReset(&zs_);
        member_open_ = true;
      }
      zs_.next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
      zs_.avail_in = static_cast<uInt>(in_len_ - in_pos_);
      zs_.next_out = reinterpret_cast<Bytef*>(buf);
      zs_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
      int r = inflate(&zs_, Z_NO_FLUSH);
      in_pos_ = in_len_ - zs_.avail_in;
      produced = n - zs_.avail_out;
      if (r == Z_STREAM_END) {
        member_open_ = false;
      } else if (r == Z_BUF_ERROR) {
        if (zs_.avail_in == 0) continue;  // needs more input
      } else if (r != Z_OK) {
        status_ = Status::DataLoss(std::string("corrupt gzip data: ") + (zs_.msg ? zs_.msg : "inflate error"));
        return produced;
      }
    }
    return produced;
  }
  Status status() const override { return status_; }

 private:
  bool Refill() {
    in_len_ = raw_(in_.data(), in_.size());
    in_pos_ = 0;
    return in_len_ > 0;
  }
  void Probe() {
    probed_ = true;
    Refill();
    gzip_ = in_len_ >= 2 && static_cast<unsigned char>(in_[0]) == 0x1f &&
            static_cast<unsigned char>(in_[1]) == 0x8b;
    if (gzip_) {
      if (inflateInit2(&zs_, 15 + 16) != Z_OK) {
        status_ = Status::Internal("zlib init failed");
        return;
      }
      z_init_ = true;
    }
  }
  RawRead raw_;
  std::string in_;
  size_t in_pos_ = 0, in_len_ = 0;
  z_stream zs_;
  bool z_init_ = false, probed_ = false, gzip_ = false, member_open_ = false;
  Status status_;
};

}  // namespace

std::unique_ptr<ByteSource> ByteSource::FromFile(const std::string& path) {
  auto file = std::make_shared<std::ifstream>(path, std::ios::binary);
  if (!*file) {
    auto s = std::make_unique<InflatingSource>([](char*, size_t) -> size_t { return 0; });
    return s;
  }
  return std::make_unique<InflatingSource>([file](char* b, size_t n) -> size_t {
    file->read(b, static_cast<std::streamsize>(n));
    return static_cast<size_t>(file->gcount());
  });
}

std::unique_ptr<ByteSource> ByteSource::FromMemory(std::string_view bytes) {
  auto pos = std::make_shared<size_t>(0);
  return std::make_unique<InflatingSource>([bytes, pos](char* b, size_t n) -> size_t {
    size_t k = std::min(n, bytes.size() - *pos);
    std::memcpy(b, bytes.data() + *pos, k);
    *pos += k;
    return k;
  });
}

Result<std::string> ReadMaybeGzipFile(const std::string& path, size_t max_bytes) {
  std::ifstream probe(path, std::ios::binary);
  if (!probe) return Status::IoError("cannot open");
  auto src = ByteSource::FromFile(path);
  std::string out;
  char buf[1 << 16];
  while (true) {
    size_t n = src->Read(buf, sizeof buf);
    if (n == 0) break;
    out.append(buf, n);
    if (out.size() > max_bytes)
      return Status::ResourceExhausted("page is over the limit of " + std::to_string(max_bytes) +
                                       " bytes (--max-bytes)");
  }
  if (!src->status().ok()) return src->status();
  return out;
}

// ---------------------------------------------------------------------------
// WARC.

WarcReader::WarcReader(std::unique_ptr<ByteSource> source, size_t max_record_bytes)
    : src_(std::move(source)), max_record_bytes_(max_record_bytes) {}

bool WarcReader::FillLine(std::string* line) {
  line->clear();
  while (true) {
    size_t nl = buf_.find('\n', pos_);
    if (nl != std::string::npos) {
      line->append(buf_, pos_, nl + 1 - pos_);
      pos_ = nl + 1;
      return true;
    }
    line->append(buf_, pos_, std::string::npos);
    buf_.clear();
    pos_ = 0;
    if (line->size() > 64 * 1024) return true;  // absurd header line: hand it back
    if (eof_) return !line->empty();
    buf_.resize(1 << 16);
    size_t n = src_->Read(buf_.data(), buf_.size());
    buf_.resize(n);
    if (n == 0) eof_ = true;
  }
}

bool WarcReader::ReadExact(size_t n, std::string* out) {
  out->clear();
  size_t have = std::min(n, buf_.size() - pos_);
  out->append(buf_, pos_, have);
  pos_ += have;
  while (out->size() < n && !eof_) {
    size_t want = n - out->size();
    size_t old = out->size();
    out->resize(old + want);
    size_t got = src_->Read(out->data() + old, want);
    out->resize(old + got);
    if (got == 0) eof_ = true;
  }
  return out->size() == n;
}

namespace {
// The offset in s of the first "WARC/" at the start of a line, from `from`;
// a line start before s (when s continues earlier bytes) counts if
// `line_start` says the byte before s was a newline.
size_t FindVersionLine(std::string_view s, size_t from, bool line_start) {
  for (size_t at = s.find("WARC/", from); at != std::string_view::npos; at = s.find("WARC/", at + 1))
    if (at == 0 ? line_start : s[at - 1] == '\n') return at;
  return std::string_view::npos;
}
}  // namespace

// Skips n bytes. In case the length was a lie, keeps the bytes from the first
// "WARC/" line seen (up to max_record_bytes_) in *resume; when that runs
// over the limit, it starts again at the next such line.
bool WarcReader::Skip(size_t n, std::string* resume) {
  resume->clear();
  bool keeping = false, line_start = pos_ > 0 && buf_[pos_ - 1] == '\n';
  auto scan = [&](std::string_view chunk) {
    if (keeping) {
      if (resume->size() + chunk.size() <= max_record_bytes_) {
        resume->append(chunk);
      } else {
        keeping = false;
        resume->clear();
      }
    }
    if (!keeping) {
      // Look again from the start of this chunk (a version line may start in it).
      size_t at = FindVersionLine(chunk, 0, line_start);
      if (at != std::string_view::npos && chunk.size() - at <= max_record_bytes_) {
        keeping = true;
        resume->assign(chunk.substr(at));
      }
    }
    if (!chunk.empty()) line_start = chunk.back() == '\n';
  };
  size_t have = std::min(n, buf_.size() - pos_);
  scan(std::string_view(buf_).substr(pos_, have));
  pos_ += have;
  n -= have;
  std::string tmp(1 << 16, '\0');
  while (n > 0 && !eof_) {
    size_t got = src_->Read(tmp.data(), std::min(n, tmp.size()));
    if (got == 0) eof_ = true;
    scan(std::string_view(tmp.data(), got));
    n -= got;
  }
  return n == 0;
}

// Makes at least n bytes available at pos_ unless the input ends first.
bool WarcReader::Peek(size_t n) {
  while (buf_.size() - pos_ < n && !eof_) {
    buf_.erase(0, pos_);
    pos_ = 0;
    const size_t old = buf_.size();
    buf_.resize(old + (1 << 16));
    const size_t got = src_->Read(buf_.data() + old, 1 << 16);
    buf_.resize(old + got);
    if (got == 0) eof_ = true;
  }
  return buf_.size() - pos_ >= n;
}

// After a record's block: CR/LF separators, then a version line or the end.
bool WarcReader::AtRecordBoundary() {
  Peek(16);
  size_t i = pos_;
  while (i < buf_.size() && i < pos_ + 8 && (buf_[i] == '\r' || buf_[i] == '\n')) ++i;
  if (i >= buf_.size()) return src_->status().ok();
  return std::string_view(buf_).substr(i, 5) == "WARC/";
}

void WarcReader::PushBack(std::string bytes) {
  bytes.append(buf_, pos_, std::string::npos);
  buf_ = std::move(bytes);
  pos_ = 0;
}

bool WarcReader::Next(WarcRecord* rec, Status* status) {
  *status = Status::Ok();
  if (dead_) return false;
  std::string line;
  // Find the version line, skipping blank lines between records.
  while (true) {
    if (!FillLine(&line)) {
      if (!src_->status().ok()) {
        dead_ = true;
        *status = src_->status();
        ++index_;
        return true;
      }
      return false;
    }
    std::string_view l = TrimAsciiSpace(line);
    if (l.empty()) continue;
    if (l.substr(0, 5) == "WARC/") break;
    if (!resync_) {
      // The first junk line of a run is reported; the rest are skipped up to
      // the next version line.
      resync_ = true;
      ++index_;
      std::string shown(l.substr(0, 40));
      for (char& c : shown)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
      *status = Status::DataLoss("broken WARC record: expected a 'WARC/' version line, found '" +
                                 shown + "'");
      return true;
    }
  }
  resync_ = false;
  ++index_;
  *rec = WarcRecord();
  long long length = -1;
  size_t header_bytes = 0;
  while (true) {
    if (!FillLine(&line)) {
      dead_ = true;
      *status = src_->status().ok() ? Status::DataLoss("truncated WARC header") : src_->status();
      return true;
    }
    header_bytes += line.size();
    if (header_bytes > 1 << 20) {
      *status = Status::DataLoss("WARC header over 1 MB");
      return true;
    }
    std::string_view l = TrimAsciiSpace(line);
    if (l.empty()) break;
    size_t colon = l.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = AsciiLower(TrimAsciiSpace(l.substr(0, colon)));
    std::string_view val = TrimAsciiSpace(l.substr(colon + 1));
    if (key == "warc-type") rec->type = std::string(val);
    else if (key == "warc-target-uri") rec->target_uri = std::string(val);
    else if (key == "warc-date") rec->date = std::string(val);
    else if (key == "warc-record-id") rec->record_id = std::string(val);
    else if (key == "content-type") rec->content_type = std::string(val);
    else if (key == "content-length") {
      length = 0;
      bool ok = !val.empty();
      for (char c : val) {
        if (c < '0' || c > '9' || length > (1ll << 50)) {
          ok = false;
          break;
        }
        length = length * 10 + (c - '0');
      }
      if (!ok) length = -2;
    }
  }
  if (length < 0) {
    resync_ = true;
    *status = Status::DataLoss(length == -1 ? "broken WARC header: no Content-Length"
                                            : "broken WARC header: bad Content-Length");
    return true;  // resynchronise on the next WARC/ line
  }
  if (static_cast<size_t>(length) > max_record_bytes_) {
    std::string resume;
    const bool whole = Skip(static_cast<size_t>(length), &resume);
    std::string what = "WARC record of " + std::to_string(length) + " bytes is over the limit of " +
                       std::to_string(max_record_bytes_) + ", skipped";
    if ((!whole || !AtRecordBoundary()) && !resume.empty()) {
      // The length ran past the records that follow: read them again.
      what += whole ? "; its length does not end on a record boundary" : "; its length runs past the end of the input";
      what += ", so the records in its last " + std::to_string(resume.size()) + " bytes are read";
      PushBack(std::move(resume));
    } else if (!whole) {
      dead_ = !src_->status().ok();
      what += "; its length runs past the end of the input";
    }
    *status = Status::ResourceExhausted(what);
    return true;
  }
  std::string block;
  const bool whole = ReadExact(static_cast<size_t>(length), &block);
  if (!whole || !AtRecordBoundary()) {
    // A length that runs past the next record start: go back to it rather
    // than lose every record after this one.
    const size_t at = FindVersionLine(block, 0, false);
    if (at != std::string::npos) {
      PushBack(block.substr(at));
      *status = Status::DataLoss("WARC record declares " + std::to_string(length) + " bytes but another record "
                                 "starts after " + std::to_string(at) + " of them; read from there");
      return true;
    }
  }
  if (!whole) {
    dead_ = true;
    *status = src_->status().ok() ? Status::DataLoss("truncated WARC record (" + std::to_string(block.size()) +
                                                     " of " + std::to_string(length) + " bytes)")
                                  : src_->status();
    return true;
  }
  std::string ct = AsciiLower(rec->content_type);
  if (rec->type == "response" && ct.find("application/http") != std::string::npos) {
    std::string body;
    if (!ParseHttpResponse(block, &rec->http_status, &rec->http_content_type, &body, max_record_bytes_)) {
      *status = Status::DataLoss("WARC response record without a valid HTTP response");
      return true;
    }
    rec->payload = std::move(body);
  } else {
    rec->payload = std::move(block);
  }
  return true;
}

bool ParseHttpResponse(std::string_view bytes, int* status, std::string* content_type,
                       std::string* body, size_t max_body) {
  if (bytes.substr(0, 5) != "HTTP/") return false;
  size_t end = bytes.find("\r\n\r\n");
  size_t sep = 4;
  if (end == std::string_view::npos) {
    end = bytes.find("\n\n");
    sep = 2;
  }
  if (end == std::string_view::npos) {
    end = bytes.size();
    sep = 0;
  }
  std::string_view head = bytes.substr(0, end);
  std::string_view payload = bytes.substr(std::min(bytes.size(), end + sep));
  size_t sp = head.find(' ');
  *status = 0;
  if (sp != std::string_view::npos) {
    for (size_t i = sp + 1; i < head.size() && i < sp + 4 && head[i] >= '0' && head[i] <= '9'; ++i)
      *status = *status * 10 + (head[i] - '0');
  }
  bool chunked = false, gz = false;
  size_t pos = 0;
  while (pos < head.size()) {
    size_t nl = head.find('\n', pos);
    std::string_view l = head.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? head.size() : nl + 1;
    size_t colon = l.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = AsciiLower(TrimAsciiSpace(l.substr(0, colon)));
    std::string_view val = TrimAsciiSpace(l.substr(colon + 1));
    if (key == "content-type") *content_type = std::string(val);
    else if (key == "transfer-encoding" && AsciiLower(val).find("chunked") != std::string::npos) chunked = true;
    else if (key == "content-encoding" && AsciiLower(val).find("gzip") != std::string::npos) gz = true;
  }
  std::string dechunked;
  if (chunked) {
    size_t p = 0;
    bool ok = true;
    while (p < payload.size()) {
      size_t nl = payload.find('\n', p);
      if (nl == std::string_view::npos) { ok = false; break; }
      size_t len = 0;
      size_t k = p;
      int digits = 0;
      for (; k < nl; ++k) {
        char c = payload[k];
        int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                                 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
        if (d < 0 || digits > 12) break;
        len = len * 16 + static_cast<size_t>(d);
        ++digits;
      }
      if (digits == 0) { ok = false; break; }
      p = nl + 1;
      if (len == 0) break;
      if (len > payload.size() - p) { ok = false; break; }
      dechunked.append(payload.substr(p, len));
      p += len;
      if (p < payload.size() && payload[p] == '\r') ++p;
      if (p < payload.size() && payload[p] == '\n') ++p;
    }
    if (ok || !dechunked.empty()) payload = dechunked;
  }
  if (gz && payload.size() >= 2 && static_cast<unsigned char>(payload[0]) == 0x1f) {
    auto src = ByteSource::FromMemory(payload);
    std::string out;
    char buf[1 << 15];
    while (true) {
      size_t n = src->Read(buf, sizeof buf);
      if (n == 0) break;
      out.append(buf, n);
      if (out.size() > max_body) break;
    }
    *body = std::move(out);
    return true;
  }
  *body = std::string(payload);
  return true;
}

// ---------------------------------------------------------------------------
// File readers.

void ReadHtmlFile(const std::string& path, size_t max_bytes, const WebDocumentSink& sink) {
  auto bytes = ReadMaybeGzipFile(path, max_bytes);
  if (!bytes.ok()) {
    sink(path, bytes.status());
    return;
  }
  ExtractOptions o;
  o.max_bytes = max_bytes;
  auto ex = ExtractArticle(*bytes, o);
  if (!ex.ok()) {
    sink(path, ex.status());
    return;
  }
  if (ex->text.empty()) {
    sink(path, Status::InvalidArgument("no article text found in the HTML page"));
    return;
  }
  sink(path, DocumentFromExtraction(std::move(*ex), path));
}

void ForEachWarcArticle(std::unique_ptr<ByteSource> source, const std::string& origin, size_t max_bytes,
                        const WarcArticleSink& sink) {
  WarcReader reader(std::move(source), max_bytes);
  WarcRecord rec;
  Status st;
  while (reader.Next(&rec, &st)) {
    std::string where = origin + "#" + std::to_string(reader.records_read());
    if (!st.ok()) {
      sink(where, st);
      continue;
    }
    if (rec.type != "response" && rec.type != "resource") continue;
    std::string ct = AsciiLower(rec.type == "response" ? rec.http_content_type : rec.content_type);
    bool html = ct.find("html") != std::string::npos ||
                (ct.empty() && LooksLikeHtml(std::string_view(rec.payload).substr(0, 1024)));
    if (!html) continue;  // images, scripts, robots.txt: not documents
    if (rec.type == "response" && rec.http_status >= 300) continue;  // redirects, errors
    if (!rec.target_uri.empty()) where = origin + "#" + rec.target_uri;
    ExtractOptions o;
    o.url = rec.target_uri;
    o.content_type = rec.http_content_type;
    o.max_bytes = max_bytes;
    auto ex = ExtractArticle(rec.payload, o);
    if (ex.ok()) {
      if (ex->date.empty()) ex->date = NormaliseDate(rec.date);
      if (ex->url.empty()) ex->url = rec.target_uri;
    }
    sink(where, std::move(ex));
  }
}

void ReadWarcSource(std::unique_ptr<ByteSource> source, const std::string& origin,
                    size_t max_bytes, const WebDocumentSink& sink) {
  ForEachWarcArticle(std::move(source), origin, max_bytes, [&](const std::string& where, Result<Extraction> ex) {
    if (!ex.ok()) return sink(where, ex.status());
    if (ex->text.empty()) return sink(where, Status::InvalidArgument("no article text found in the HTML page"));
    sink(where, DocumentFromExtraction(std::move(*ex), where));
  });
}

void ReadWarcFile(const std::string& path, size_t max_bytes, const WebDocumentSink& sink) {
  std::ifstream probe(path, std::ios::binary);
  if (!probe) {
    sink(path, Status::IoError("cannot open"));
    return;
  }
  ReadWarcSource(ByteSource::FromFile(path), path, max_bytes, sink);
}

}  // namespace dyad
