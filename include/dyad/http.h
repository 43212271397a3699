// HTTP request handling without a transport: a route table of handler
// functions, request struct in, response struct out.
//
// The transport (src/server/transport.cc, Boost.Beast) reads a request's
// header, asks Router::Admit whether to read its body at all (route, method,
// token, content type, declared size, write queue), reads the body with the
// route's limit, and runs the handler on a worker thread. Tests and fuzz
// targets call Router::Handle directly, which runs the same checks in the same
// order. Handlers never see the socket: they see HttpRequest and, for long
// work, its RequestControl (client gone, time budget spent, shutdown).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dyad/status.h"

namespace dyad {

// Shared by the transport and a running handler. The transport stops a request
// (client left, time budget spent, server shutting down); a handler polls
// Stopped() in long work and, before an effect that must not be half-reported
// (a store write), calls Commit(): once it returns true the transport waits for
// the handler's own answer; once Abandon() returned true the handler's answer
// is thrown away and it must not commit.
class RequestControl {
 public:
  enum class Reason { kNone, kClientGone, kTimeBudget, kShutdown };
  using Clock = std::chrono::steady_clock;

  RequestControl() = default;
  explicit RequestControl(Clock::time_point deadline) : deadline_(deadline) {}

  bool Stopped() const { return stop_.load(std::memory_order_acquire) || Clock::now() >= deadline_; }
  Reason reason() const;
  Clock::time_point deadline() const { return deadline_; }

  // Transport side: asks the handler to stop (idempotent; the first reason wins).
  void Stop(Reason why);
  // Handler side: true when the request may still produce its effect.
  bool Commit();
  // Transport side: true when the handler has not committed; it may now answer for it.
  bool Abandon();

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> reason_{0};
  std::atomic<int> state_{0};  // 0 running, 1 committed, 2 abandoned
  Clock::time_point deadline_ = Clock::time_point::max();
};

struct HttpRequest {
  std::string method;  // "GET", "POST", ... ("HEAD" is served by GET routes)
  std::string target;  // as sent: "/api/events?dyad=IRQ-USA"
  std::string path;    // percent-decoded path, for messages and logs
  std::multimap<std::string, std::string> params;  // decoded query parameters
  std::vector<std::string> path_params;            // decoded {name} segments of the route, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;
  // Declared by the header: Content-Length, or nullopt with chunked encoding.
  std::optional<uint64_t> content_length;
  bool chunked = false;
  RequestControl* control = nullptr;  // never null inside a handler

  // First value of a header (name in lower case), or "".
  std::string_view Header(std::string_view lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  static HttpResponse Json(int status, std::string body);
  // {"error": message, "status": status}
  static HttpResponse Error(int status, std::string_view message);
};

// Splits a request target into a decoded path and decoded query parameters
// ('+' is a space in the query). False, with a reason, for targets that are
// not origin-form ("/..."), bad percent escapes, or control bytes.
bool ParseRequestTarget(std::string_view target, std::string* path,
                        std::multimap<std::string, std::string>* params, std::string* error);

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct RouteOptions {
  // Needs "Authorization: Bearer <token>" (Router::SetToken). Checked from the
  // header alone: a request without it is refused before its body is read.
  bool needs_token = false;
  // Largest body accepted, whatever its encoding (chunked included). 0 = the
  // route takes no body; a request that declares one is refused (413).
  size_t max_body_bytes = 0;
  // The body must be JSON: a Content-Type other than application/json (a
  // form, multipart) is refused with 415 before the body is read.
  bool json_body = false;
  // Runs on the single write lane, one request at a time in arrival order,
  // instead of the parallel worker pool (the pipeline and the store writer are
  // one each). The time budget counts the wait in the queue.
  bool serial = false;
};

class Router {
 public:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{...}" = one segment captured into path_params
    HttpHandler handler;
    RouteOptions options;
  };

  // pattern: "/api/events", "/api/documents/{id}". A later route with the same
  // method and pattern replaces the earlier one.
  void Add(std::string method, std::string_view pattern, HttpHandler handler, RouteOptions options = {});
  // The token for routes with needs_token; empty = those routes answer 403.
  void SetToken(std::string token) { token_ = std::move(token); }

  // The header phase. Fills request.path/params/path_params and returns the
  // route, or a refusal to send without reading the body: 400 (bad target),
  // 404, 405, 401/403 (token), 413 (declared body size), 415 (content type).
  struct Admission {
    const Route* route = nullptr;
    std::optional<HttpResponse> refusal;
  };
  Admission Admit(HttpRequest& request) const;

  // The whole request in memory (tests, fuzzing): Admit, the body limit, the
  // handler. Exceptions from a handler become a 500 with a message.
  HttpResponse Handle(HttpRequest& request) const;
  // Runs an admitted route's handler (the transport's worker threads).
  static HttpResponse Run(const Route& route, const HttpRequest& request);

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::optional<HttpResponse> CheckToken(const HttpRequest& request) const;
  std::vector<Route> routes_;
  std::string token_;
};

}  // namespace dyad
