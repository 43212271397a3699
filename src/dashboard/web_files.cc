// Static files of the dashboard. Nothing here touches the file system: every
// file was embedded in the binary at build time, so no request path can reach
// a file outside them.
#include "dashboard/web_files.h"

#include <zlib.h>

namespace dyad {

namespace {

// The page's own files only: no inline script, no remote origin.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

constexpr const char* kNotBuilt =
    "<!doctype html><meta charset=utf-8><title>dyad</title>"
    "<p>The dashboard was not built into this dyad binary (web/node_modules was missing when it was compiled).</p>"
    "<p>Run <code>scripts/setup.sh</code> (it installs Node and npm from Debian, runs <code>npm ci</code> in "
    "<code>web/</code> and rebuilds dyad), then restart <code>dyad serve</code>. The JSON API is at "
    "<a href=\"/api/health\">/api/health</a>.</p>\n";

bool AcceptsGzip(const std::string& accept_encoding) {
  // "gzip", "gzip;q=1", "deflate, gzip" — but not "gzip;q=0".
  size_t at = accept_encoding.find("gzip");
  if (at == std::string::npos) return false;
  size_t end = accept_encoding.find(',', at);
  std::string item = accept_encoding.substr(at, end == std::string::npos ? std::string::npos : end - at);
  return item.find("q=0") == std::string::npos || item.find("q=0.") != std::string::npos;
}

}  // namespace

bool Gunzip(std::string_view gz, std::string& out) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return false;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  char buf[65536];
  int rc = Z_OK;
  out.clear();
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  return rc == Z_STREAM_END;
}

DashboardReply ServeWebFile(const std::vector<WebAsset>* assets, const DashboardRequest& req) {
  DashboardReply r;
  std::string path = req.path == "/index.html" ? "/" : req.path;
  if (!assets || assets->empty()) {
    r.status = path == "/" ? 503 : 404;
    r.content_type = "text/html; charset=utf-8";
    r.body = kNotBuilt;
    return r;
  }
  const WebAsset* found = nullptr;
  for (const WebAsset& a : *assets)
    if (a.path == path) found = &a;
  if (!found) {
    r.status = 404;
    r.body = R"({"error":"no such file","status":404})";
    return r;
  }
  r.content_type = found->content_type;
  // Revalidate on every load (the files change with the binary); 304 when unchanged.
  r.headers = {{"Cache-Control", "no-cache"}, {"ETag", found->etag}, {"Vary", "Accept-Encoding"}};
  if (found->content_type.rfind("text/html", 0) == 0) {
    r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
  }
  if (!req.if_none_match.empty() && req.if_none_match == found->etag) {
    r.status = 304;
    return r;
  }
  if (AcceptsGzip(req.accept_encoding)) {
    r.headers.emplace_back("Content-Encoding", "gzip");
    r.body.assign(found->gzip.data(), found->gzip.size());
  } else if (!Gunzip(found->gzip, r.body)) {
    r.status = 500;
    r.content_type = "application/json";
    r.body = R"({"error":"a dashboard file is damaged in this binary","status":500})";
  }
  return r;
}

}  // namespace dyad
