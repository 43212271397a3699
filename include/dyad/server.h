// The HTTP JSON API over a store (docs/api.md).
//
// Reads are open: GET /api/health, /api/events, /api/dyad, /api/documents/{id},
// /api/stats, and the dashboard's files and endpoints (dyad/dashboard.h). Writes (POST /api/documents) need a token: with an empty
// `token` every POST is refused with 403; otherwise the request must carry
// "Authorization: Bearer <token>" (401 if missing or wrong).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dyad/status.h"

namespace dyad {

struct WebAsset;  // dyad/dashboard.h

struct ServerOptions {
  std::string db = "dyad.db";
  std::string host = "127.0.0.1";
  int port = 8080;                     // 0 = any free port (see Server::port())
  std::string token;                   // DYAD_TOKEN; empty = writes refused
  std::string data_dir;                // dictionaries for POST /api/documents
  size_t max_body_bytes = 8u << 20;    // larger request bodies get 413
  int64_t default_limit = 100;         // GET /api/events page size
  int64_t max_limit = 1000;            // largest page a client may ask for
  int threads = 32;                    // connection threads (keep-alive connections hold one each)
  int stats_ttl_ms = 60000;            // /api/stats is cached this long (stale after every POST)
  bool log_requests = false;           // one line per request on stderr
  int busy_timeout_ms = 5000;          // a POST waits this long for another writer's lock, then 503
  const std::vector<WebAsset>* web_assets = nullptr;  // the dashboard's files, served at / (dyad/dashboard.h)
};

class Server {
 public:
  // Opens the store (creating/migrating it) and, when a token is set, builds
  // the pipeline for POST.
  static Result<std::unique_ptr<Server>> Create(const ServerOptions& options);
  ~Server();

  // Binds the listening socket; afterwards port() is the actual port.
  Status Bind();
  int port() const;
  // Serves until Stop() (from another thread or a signal handler's thread).
  Status Listen();
  void Stop();
  // Blocks until the server accepts connections (after Bind, in another thread than Listen).
  void WaitUntilReady() const;

 private:
  Server();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dyad
