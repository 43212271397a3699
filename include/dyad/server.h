// The HTTP JSON API over a store (docs/api.md).
//
// Reads are open: GET /api/health, /api/events, /api/dyad, /api/documents/{id},
// /api/stats, and the dashboard's files and endpoints (dyad/dashboard.h). Writes (POST /api/documents) need a token: with an empty
// `token` every POST is refused with 403; otherwise the request must carry
// "Authorization: Bearer <token>" (401 if missing or wrong), checked from the
// header before any byte of the body is read.
//
// ApiService is the routes and their state without a transport (tests and
// fuzz targets call its Router directly; new endpoints are new routes on it).
// Server puts it behind the network: a bounded number of connections, each
// with header, idle, body and write timeouts, handlers on a worker pool, a
// time budget per request and a bounded graceful shutdown (docs/architecture.md).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dyad/http.h"
#include "dyad/status.h"

namespace dyad {

class StageRegistry;
struct WebAsset;  // dyad/dashboard.h

struct ServerOptions {
  std::string db = "dyad.db";
  std::string host = "127.0.0.1";
  int port = 8080;                     // 0 = any free port (see Server::port())
  std::string token;                   // DYAD_TOKEN; empty = writes refused
  std::string data_dir;                // dictionaries for POST /api/documents
  size_t max_body_bytes = 8u << 20;    // larger request bodies get 413, whatever their encoding
  int64_t default_limit = 100;         // GET /api/events page size
  int64_t max_limit = 1000;            // largest page a client may ask for
  int threads = 8;                     // worker threads for read handlers (POSTs have one lane of their own)
  int stats_ttl_ms = 60000;            // /api/stats is cached this long (stale after every POST)
  bool log_requests = false;           // one line per request on stderr
  int busy_timeout_ms = 5000;          // a POST waits this long for another writer's lock, then 503
  const std::vector<WebAsset>* web_assets = nullptr;  // the dashboard's files, served at / (dyad/dashboard.h)

  // Transport limits (Server only).
  int max_connections = 512;           // more are answered 503 and closed at once
  int backlog = 1024;                  // listen(2) backlog (the kernel caps it at net.core.somaxconn)
  int header_timeout_ms = 10000;       // a request's header must arrive whole within this
  int idle_timeout_ms = 30000;         // a kept-alive connection with no new request is closed after this
  int body_timeout_ms = 60000;         // the whole body must arrive within this
  int write_timeout_ms = 30000;        // a response must be taken by the client within this
  int time_budget_ms = 30000;          // from the end of the body to the answer, queueing and coding included: then 503
  int shutdown_timeout_ms = 5000;      // Stop(): requests still running after this are cut off
  int max_queued_writes = 16;          // POSTs waiting for the write lane; more get 503 before their body is read
  int io_threads = 1;                  // threads doing socket work (handlers never run on them)

  // The pipeline for POST: empty = the store's default pipeline.
  std::string pipeline_spec;
  const StageRegistry* registry = nullptr;  // nullptr = the built-in stages
};

// What the server has done, for tests and monitoring.
struct ServerCounters {
  uint64_t connections_accepted = 0;
  uint64_t connections_refused = 0;  // over max_connections
  uint64_t connections_open = 0;
  uint64_t requests = 0;             // headers admitted or refused
  uint64_t bytes_received = 0;       // read from sockets, headers and bodies
  uint64_t timeouts = 0;             // connections closed by a header, idle, body or write timeout
  uint64_t stopped = 0;              // requests answered for the handler: client gone, time budget, shutdown
  uint64_t handlers_running = 0;     // handlers still on a worker thread
  uint64_t codings_started = 0;      // POSTs that started the pipeline
  uint64_t codings_stopped = 0;      // ... and stopped before storing (client gone, budget, shutdown)
};

class ApiService {
 public:
  // Opens the store (creating/migrating it) and, when a token is set, builds
  // the pipeline for POST.
  static Result<std::unique_ptr<ApiService>> Create(const ServerOptions& options);
  ~ApiService();

  Router& router();
  const Router& router() const;
  // codings_* counters.
  void AddCounters(ServerCounters& c) const;
  // Waits for the background statistics fill started by Create (tests).
  void WaitForStats();

 private:
  ApiService();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Server {
 public:
  static Result<std::unique_ptr<Server>> Create(const ServerOptions& options);
  // Waits for handlers still running (a stage in the middle of a long document
  // cannot be interrupted); see Busy().
  ~Server();

  // Binds the listening socket; afterwards port() is the actual port.
  Status Bind();
  int port() const;
  // Serves until Stop() (from another thread or a signal handler's thread),
  // then returns within shutdown_timeout_ms: new connections are refused,
  // idle ones closed, running requests stopped (503), the rest cut off.
  Status Listen();
  void Stop();
  // Blocks until the server accepts connections (after Bind, in another thread than Listen).
  void WaitUntilReady() const;

  ServerCounters Counters() const;
  // After Listen returned: true when a handler is still running (a stage that
  // does not poll the stop flag). The CLI then exits without waiting for it.
  bool Busy() const;
  ApiService& api();

 private:
  Server();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dyad
