// The analyst's dashboard on the server side: its static files (web/, built by
// esbuild) and the endpoints it reads beyond the event API — timelines by quad
// class, actor networks, counts by country, counts by type, sites, one event
// with its mentions, the boilerplate removed from an article, and coding a
// text without storing it (docs/api.md).
//
// Transport-independent: Dashboard::Handle takes a request (method, path,
// query parameters, body, two headers) and returns the status, headers and
// body, so the HTTP server wires it in with a few lines whatever library it
// uses. Handle is thread-safe; each call needs its own store connection.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/status.h"
#include "dyad/store.h"

namespace dyad {

// One static file of the dashboard, stored gzip-compressed.
struct WebAsset {
  std::string path;          // URL path: "/", "/app.js", "/countries-50m.json"
  std::string content_type;  // "text/html; charset=utf-8"
  std::string_view gzip;     // the file's bytes, gzip-compressed
  std::string etag;          // quoted hash of the bytes
};

// The files esbuild built when dyad was compiled (empty when web/node_modules
// was missing then). Defined in the dyad binary by a generated source file.
const std::vector<WebAsset>& EmbeddedWebAssets();

struct DashboardRequest {
  std::string method;  // "GET", "POST"
  std::string path;    // without the query string
  std::multimap<std::string, std::string> params;
  std::string body;
  std::string accept_encoding;  // the request's Accept-Encoding header
  std::string if_none_match;    // the request's If-None-Match header
};

struct DashboardReply {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// A piece of page chrome the cleaner or extractor removed, placed where it
// stood: before byte `at` of the article text.
struct RemovedBlock {
  uint32_t at = 0;
  std::string reason;  // "teaser", "comment-counter", "nav", "template", ...
  std::string text;
};

// The removed blocks of a stored document, recomputed from its raw bytes
// (cleaning and extraction are deterministic); blocks missing from the text
// that the recomputation keeps were removed at ingest as repeated across the
// site's pages ("template"). Empty when nothing was removed.
std::vector<RemovedBlock> RemovedBlocks(const Document& doc);

struct DashboardOptions {
  const std::vector<WebAsset>* assets = nullptr;  // nullptr or empty: "/" explains how to build them
  std::string data_dir;       // dictionaries for POST /api/code; "" = that endpoint answers 503
  size_t max_code_bytes = 1u << 20;  // larger texts to /api/code get 413
};

// One route of the dashboard in a route table's terms, so any transport can
// register them one by one: `pattern` has "{id}" for one path segment.
struct DashboardRoute {
  std::string method;          // "GET" (HEAD too) or "POST"
  std::string pattern;         // "/", "/app.js", "/api/timeline", "/api/events/{id}", ...
  size_t max_body_bytes = 0;   // 0 = no body; POST /api/code takes JSON up to this
  bool fallback = false;       // register only when the server has no route of its own there
};

class Dashboard {
 public:
  explicit Dashboard(DashboardOptions options);
  ~Dashboard();

  // True when `path` belongs to the dashboard (static files and its endpoints).
  static bool Owns(std::string_view method, std::string_view path);

  // Every route Handle answers: the static files, then the endpoints. Owns()
  // accepts each of them; Handle answers anything else 404.
  std::vector<DashboardRoute> Routes() const;

  // Answers a request Owns() accepted. `store` opens a read connection on first
  // use (static files need none); its errors become 503/500 replies.
  DashboardReply Handle(const DashboardRequest& request, const std::function<Result<Store*>()>& store);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dyad
