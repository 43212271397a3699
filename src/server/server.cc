// The HTTP JSON API (cpp-httplib). Each request borrows a read-only store
// connection from a pool (WAL: readers never wait for the writer); POSTs go
// through one writer connection and one pipeline scratch, serialised.
#include "dyad/server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/store.h"
#include "server/statement_api.h"

namespace dyad {

using nlohmann::json;

namespace {

json ActorJson(const EventActor& a) {
  if (a.code.empty()) return nullptr;
  return json{{"code", a.code}, {"country", a.country}, {"sector", a.sector}, {"text", a.text},
              {"span", {a.span.begin, a.span.end}}};
}

json EventJson(const StoredEvent& se) {
  const Event& e = se.event;
  return json{{"id", se.id},
              {"doc_id", se.doc_id},
              {"sentence", e.sentence},
              {"sentence_text", se.sentence_text},
              {"date", e.date.empty() ? json(nullptr) : json(e.date)},
              {"source", ActorJson(e.source)},
              {"target", ActorJson(e.target)},
              {"cameo", e.cameo},
              {"plover", e.plover.empty() ? json(nullptr) : json(e.plover)},
              {"plover_mode", e.plover_mode},
              {"quad_class", e.quad_class},
              {"goldstein", e.goldstein},
              {"polarity", std::string(ToString(e.polarity))},
              {"modality", std::string(ToString(e.modality))},
              {"trigger", {{"text", se.trigger_text}, {"span", {e.trigger.begin, e.trigger.end}}}},
              {"pattern", e.pattern_id},
              {"confidence", std::round(e.confidence * 100) / 100},
              {"url", se.url},
              {"site", se.site}};
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void SendJson(httplib::Response& res, int status, const json& j) {
  res.status = status;
  res.set_content(Dump(j), "application/json");
}

void SendError(httplib::Response& res, int status, const std::string& message) {
  SendJson(res, status, json{{"error", message}, {"status", status}});
}

int HttpStatus(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kResourceExhausted: return 413;
    case StatusCode::kIoError: return 503;  // locked or unavailable database
    default: return 500;
  }
}

std::multimap<std::string, std::string> Params(const httplib::Request& req) {
  return std::multimap<std::string, std::string>(req.params.begin(), req.params.end());
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  httplib::Server http;
  int bound_port = 0;

  // Read connections.
  std::mutex pool_mu;
  std::vector<std::unique_ptr<Store>> pool;
  int open_readers = 0;

  // Writes.
  std::mutex write_mu;
  std::unique_ptr<Store> writer;
  std::optional<Pipeline> pipeline;
  std::optional<PipelineScratch> scratch;

  // /api/stats cache.
  std::mutex stats_mu;
  std::string stats_body;
  std::chrono::steady_clock::time_point stats_at;
  bool stats_computing = false;
  std::condition_variable stats_cv;
  std::thread stats_warmer;
  ~Impl() {
    if (stats_warmer.joinable()) stats_warmer.join();
  }
  Result<std::string> ComputeStats();
  Result<std::string> CachedStats();

  // A pooled read connection, returned on destruction.
  class Lease {
   public:
    Lease(Impl* impl, std::unique_ptr<Store> s) : impl_(impl), store_(std::move(s)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (store_) {
        std::lock_guard<std::mutex> lock(impl_->pool_mu);
        impl_->pool.push_back(std::move(store_));
      }
    }
    Store* operator->() { return store_.get(); }

   private:
    Impl* impl_;
    std::unique_ptr<Store> store_;
  };

  Result<Lease> Reader() {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      if (!pool.empty()) {
        auto s = std::move(pool.back());
        pool.pop_back();
        return Lease(this, std::move(s));
      }
    }
    StoreOptions ro;
    ro.read_only = true;
    auto s = Store::Open(options.db, ro);
    if (!s.ok()) return s.status();
    return Lease(this, std::move(*s));
  }

  void InvalidateStats() {
    std::lock_guard<std::mutex> lock(stats_mu);
    stats_at = {};  // stale: the next request recomputes (others get the old copy meanwhile)
  }

  void Routes();
  void GetEvents(const httplib::Request& req, httplib::Response& res);
  void GetDyad(const httplib::Request& req, httplib::Response& res);
  void GetDocument(const httplib::Request& req, httplib::Response& res);
  void GetStats(const httplib::Request& req, httplib::Response& res);
  void PostDocument(const httplib::Request& req, httplib::Response& res);
};

void Server::Impl::GetEvents(const httplib::Request& req, httplib::Response& res) {
  auto params = Params(req);
  bool grouped = false;
  if (auto it = params.find("grouped"); it != params.end()) {
    if (it->second == "true" || it->second == "1") grouped = true;
    else if (it->second != "false" && it->second != "0") return SendError(res, 400, "'grouped' must be true or false");
    params.erase(it);
  }
  auto q = ParseEventQuery(params, options.default_limit, options.max_limit);
  if (!q.ok()) return SendError(res, 400, q.status().message());
  auto store = Reader();
  if (!store.ok()) return SendError(res, HttpStatus(store.status()), store.status().message());
  json events = json::array();
  Status s;
  if (grouped) {
    s = (*store)->QueryGroupedEvents(*q, false, [&](const GroupedEvent& g) {
      json j = EventJson(g.first);
      j["num_mentions"] = g.num_mentions;
      j["num_sources"] = g.num_sources;
      events.push_back(std::move(j));
      return true;
    });
  } else {
    s = (*store)->QueryEvents(*q, [&](const StoredEvent& e) {
      events.push_back(EventJson(e));
      return true;
    });
  }
  if (!s.ok()) return SendError(res, HttpStatus(s), s.message());
  json out = {{"limit", q->limit}, {"offset", q->offset}, {"count", events.size()}};
  out["next_offset"] = static_cast<int64_t>(events.size()) == q->limit ? json(q->offset + q->limit) : json(nullptr);
  out["events"] = std::move(events);
  SendJson(res, 200, out);
}

void Server::Impl::GetDyad(const httplib::Request& req, httplib::Response& res) {
  auto params = Params(req);
  std::string a, b, interval_name = "month";
  for (const char* key : {"a", "b", "interval"}) {
    auto range = params.equal_range(key);
    if (range.first == range.second) continue;
    if (std::next(range.first) != range.second)
      return SendError(res, 400, fmt::format("parameter '{}' is given more than once", key));
    std::string v = range.first->second;
    params.erase(range.first);
    if (std::string(key) == "a") a = v;
    else if (std::string(key) == "b") b = v;
    else interval_name = v;
  }
  if (a.empty() || b.empty()) return SendError(res, 400, "'a' and 'b' (actor codes) are required, e.g. ?a=IRQ&b=USA");
  Interval interval;
  if (!ParseInterval(interval_name, interval)) return SendError(res, 400, "'interval' must be day, week or month");
  // Validate a and b as actor codes, and the remaining filters.
  static const std::set<std::string> kAllowed = {"code", "plover", "quad", "from", "to", "text", "site", "all"};
  for (const auto& [k, v] : params)
    if (!kAllowed.count(k))
      return SendError(res, 400,
                       fmt::format("unknown parameter '{}' (known: a, b, interval, code, plover, quad, from, to, "
                                   "text, site, all)",
                                   k.substr(0, 60)));
  params.emplace("dyad", a + "-" + b);
  auto q = ParseEventQuery(params);
  if (!q.ok()) return SendError(res, 400, q.status().message());
  auto store = Reader();
  if (!store.ok()) return SendError(res, HttpStatus(store.status()), store.status().message());
  auto points = (*store)->Timeline(q->dyad_a, q->dyad_b, interval, *q);
  if (!points.ok()) return SendError(res, HttpStatus(points.status()), points.status().message());
  json ab = json::array(), ba = json::array();
  std::string ab_name = q->dyad_a + "->" + q->dyad_b;
  for (const TimelinePoint& p : *points) {
    json j = {{"period", p.period}, {"count", p.count}, {"mean_goldstein", std::round(p.mean_goldstein * 100) / 100}};
    (p.direction == ab_name ? ab : ba).push_back(std::move(j));
  }
  SendJson(res, 200,
           json{{"a", q->dyad_a}, {"b", q->dyad_b}, {"interval", interval_name},
                {"directions", {{q->dyad_a + "->" + q->dyad_b, ab}, {q->dyad_b + "->" + q->dyad_a, ba}}}});
}

void Server::Impl::GetDocument(const httplib::Request& req, httplib::Response& res) {
  if (!req.params.empty()) return SendError(res, 400, "GET /api/documents/{id} takes no query parameters");
  std::string id = req.matches[1];
  if (id.empty() || id.size() > 300) return SendError(res, 400, "bad document id");
  auto store = Reader();
  if (!store.ok()) return SendError(res, HttpStatus(store.status()), store.status().message());
  auto found = (*store)->GetDocument(id);
  if (!found.ok()) return SendError(res, HttpStatus(found.status()), found.status().message());
  if (!*found) return SendError(res, 404, "no document with id '" + id.substr(0, 100) + "'");
  const StoredDocument& sd = **found;
  const Document& d = sd.doc;
  json sentences = json::array(), mentions = json::array(), events = json::array(), unknown = json::array();
  for (const Sentence& s : d.sentences) sentences.push_back({s.span.begin, s.span.end});
  for (const Mention& m : d.mentions)
    mentions.push_back({{"kind", std::string(ToString(m.kind))}, {"sentence", m.sentence},
                        {"span", {m.span.begin, m.span.end}}, {"text", std::string(d.Text(m.span))},
                        {"code", m.code}, {"country", m.country}, {"sector", m.sector}, {"entry", m.entry}});
  for (const Event& e : d.events) {
    StoredEvent se;
    se.doc_id = d.id;
    se.event = e;
    se.trigger_text = std::string(d.Text(e.trigger));
    if (e.sentence < d.sentences.size()) se.sentence_text = std::string(d.Text(d.sentences[e.sentence].span));
    json j = EventJson(se);
    j.erase("id");
    j.erase("url");
    j.erase("site");
    j.erase("doc_id");
    events.push_back(std::move(j));
  }
  for (const auto& [name, span] : sd.unknown_names) unknown.push_back({{"name", name}, {"span", {span.begin, span.end}}});
  SendJson(res, 200,
           json{{"id", d.id}, {"url", d.url}, {"site", d.site}, {"title", d.title}, {"author", d.author},
                {"date", d.date.empty() ? json(nullptr) : json(d.date)}, {"language", d.language},
                {"content_hash", sd.content_hash}, {"ingested_at", sd.ingested_at}, {"text", d.text},
                {"sentences", sentences}, {"mentions", mentions}, {"events", events}, {"unknown_names", unknown}});
}

// Statistics scan the whole store, so they are cached: a fresh copy is served
// as is; a stale one is served while ONE request recomputes it; with no copy
// yet, requests wait for the one computation under way (no herd). The cache is
// filled in the background when the server starts.
Result<std::string> Server::Impl::ComputeStats() {
  auto store = Reader();
  if (!store.ok()) return store.status();
  auto st = (*store)->Stats(20);
  if (!st.ok()) return st.status();
  auto rows = [](const std::vector<CountRow>& v, const char* key) {
    json a = json::array();
    for (const CountRow& r : v)
      a.push_back({{key, r.key}, {"events", r.count}, {"mean_goldstein", std::round(r.mean_goldstein * 100) / 100}});
    return a;
  };
  json j = {{"documents", st->documents},
            {"events", st->events},
            {"asserted_events", st->asserted_events},
            {"grouped_events", st->grouped_events},
            {"mentions", st->mentions},
            {"unknown_names", st->unknown_names},
            {"first_date", st->first_date},
            {"last_date", st->last_date},
            {"by_month", rows(st->by_month, "month")},
            {"by_dyad", rows(st->by_dyad, "dyad")},
            {"by_type", rows(st->by_type, "type")}};
  return Dump(j);
}

Result<std::string> Server::Impl::CachedStats() {
  {
    std::unique_lock<std::mutex> lock(stats_mu);
    stats_cv.wait(lock, [&] { return !stats_computing || !stats_body.empty(); });
    bool fresh = std::chrono::steady_clock::now() - stats_at < std::chrono::milliseconds(options.stats_ttl_ms);
    if (!stats_body.empty() && (fresh || stats_computing)) return stats_body;
    stats_computing = true;
  }
  auto body = ComputeStats();
  {
    std::lock_guard<std::mutex> lock(stats_mu);
    stats_computing = false;
    if (body.ok()) {
      stats_body = *body;
      stats_at = std::chrono::steady_clock::now();
    }
  }
  stats_cv.notify_all();
  return body;
}

void Server::Impl::GetStats(const httplib::Request& req, httplib::Response& res) {
  if (!req.params.empty()) return SendError(res, 400, "GET /api/stats takes no query parameters");
  auto body = CachedStats();
  if (!body.ok()) return SendError(res, HttpStatus(body.status()), body.status().message());
  res.set_content(*body, "application/json");
}

void Server::Impl::PostDocument(const httplib::Request& req, httplib::Response& res) {
  if (options.token.empty())
    return SendError(res, 403, "writes are disabled: start the server with DYAD_TOKEN set to accept POST");
  std::string auth = req.get_header_value("Authorization");
  const std::string expected = "Bearer " + options.token;
  // Compare without an early exit, so timing does not reveal the token.
  bool ok = auth.size() == expected.size();
  unsigned char diff = 0;
  for (size_t i = 0; i < expected.size(); ++i) diff |= static_cast<unsigned char>((i < auth.size() ? auth[i] : 0) ^ expected[i]);
  if (!ok || diff != 0)
    return SendError(res, 401, "missing or wrong token: send 'Authorization: Bearer <DYAD_TOKEN>'");
  if (!req.params.empty()) return SendError(res, 400, "POST /api/documents takes no query parameters");
  if (req.body.size() > options.max_body_bytes) return SendError(res, 413, "request body too large");
  ReadOptions read;
  read.max_document_bytes = options.max_body_bytes;
  // The body is one JSON object: {"id"?, "url"?, "date"?, "title"?, "text"}.
  size_t first = req.body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || req.body[first] != '{')
    return SendError(res, 400, "the body must be a JSON object {\"text\": ..., \"id\"?, \"url\"?, \"date\"?, \"title\"?}");
  // Strict shape check first: an object with a string "text" and only known string fields.
  json parsed = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return SendError(res, 400, "the body is not valid JSON");
  if (!parsed.is_object()) return SendError(res, 400, "the body must be a JSON object");
  static const std::set<std::string> kFields = {"id", "url", "date", "title", "text"};
  for (const auto& [key, value] : parsed.items()) {
    if (!kFields.count(key))
      return SendError(res, 400, fmt::format("unknown field '{}' (known: id, url, date, title, text)", key.substr(0, 60)));
    if (!value.is_string() && !value.is_null())
      return SendError(res, 400, fmt::format("field '{}' must be a string", key));
  }
  if (!parsed.contains("text") || !parsed["text"].is_string() || parsed["text"].get<std::string>().empty())
    return SendError(res, 400, "field 'text' (a non-empty string) is required");
  auto doc = DocumentFromJsonLine(req.body, "POST /api/documents", read);
  if (!doc.ok()) return SendError(res, HttpStatus(doc.status()), doc.status().message());
  std::lock_guard<std::mutex> lock(write_mu);
  Status s = pipeline->Run(*doc, *scratch);
  if (!s.ok()) return SendError(res, 422, "cannot code the document: " + s.message());
  auto put = writer->PutDocuments({&*doc});
  if (!put.ok()) return SendError(res, HttpStatus(put.status()), put.status().message());
  const PutResult& r = put->front();
  InvalidateStats();
  json j = {{"id", doc->id}, {"outcome", std::string(ToString(r.outcome))}, {"events", r.events}};
  if (!r.duplicate_of.empty()) j["duplicate_of"] = r.duplicate_of;
  SendJson(res, r.outcome == PutOutcome::kInserted ? 201 : 200, j);
}

void Server::Impl::Routes() {
  http.set_payload_max_length(options.max_body_bytes);
  // Small JSON answers on kept-alive connections: without TCP_NODELAY, Nagle and
  // delayed ACKs add ~40 ms to every second response.
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(10000);
  http.set_keep_alive_timeout(5);
  http.set_read_timeout(10);
  http.set_write_timeout(10);
  int threads = std::max(2, options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  http.set_default_headers({{"X-Content-Type-Options", "nosniff"}, {"Cache-Control", "no-store"}});

  http.Get("/api/health", [this](const httplib::Request& req, httplib::Response& res) {
    if (!req.params.empty()) return SendError(res, 400, "GET /api/health takes no query parameters");
    SendJson(res, 200, json{{"status", "ok"}, {"writes", !options.token.empty()}});
  });
  http.Get("/api/events", [this](const auto& req, auto& res) { GetEvents(req, res); });
  http.Get("/api/dyad", [this](const auto& req, auto& res) { GetDyad(req, res); });
  http.Get(R"(/api/documents/([^/]+))", [this](const auto& req, auto& res) { GetDocument(req, res); });
  http.Get("/api/stats", [this](const auto& req, auto& res) { GetStats(req, res); });
  // Statements and the comparison (src/server/statement_api.h).
  http.Get("/api/statements", [this](const auto& req, auto& res) {
    auto store = Reader();
    if (!store.ok()) return SendError(res, HttpStatus(store.status()), store.status().message());
    auto body = StatementsApiBody(*(*store).operator->(), Params(req), options.default_limit, options.max_limit);
    if (!body.ok()) return SendError(res, HttpStatus(body.status()), body.status().message());
    res.status = 200;
    res.set_content(*body, "application/json");
  });
  http.Get("/api/compare", [this](const auto& req, auto& res) {
    auto store = Reader();
    if (!store.ok()) return SendError(res, HttpStatus(store.status()), store.status().message());
    auto body = CompareApiBody(*(*store).operator->(), Params(req), options.default_limit, options.max_limit);
    if (!body.ok()) return SendError(res, HttpStatus(body.status()), body.status().message());
    res.status = 200;
    res.set_content(*body, "application/json");
  });
  http.Post("/api/documents", [this](const auto& req, auto& res) { PostDocument(req, res); });

  // Errors without a body (no route, 413 from the payload limit, ...) get a JSON one.
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string msg = res.status == 404   ? "no such endpoint: " + req.method + " " + req.path.substr(0, 200)
                      : res.status == 413 ? "request body too large"
                                          : "request failed";
    res.set_content(Dump(json{{"error", msg}, {"status", res.status}}), "application/json");
  });
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = std::string("internal error: ") + e.what();
    } catch (...) {
    }
    SendError(res, 500, what);
  });
  if (options.log_requests) {
    http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::cerr << req.method << ' ' << req.path << ' ' << res.status << '\n';
    });
  }
}

Server::Server() : impl_(std::make_unique<Impl>()) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options) {
  std::unique_ptr<Server> server(new Server());
  Impl& impl = *server->impl_;
  impl.options = options;
  // Open read-write once: creates or migrates the store, checks it is one.
  StoreOptions rw;
  rw.busy_timeout_ms = options.busy_timeout_ms;
  // Without a token nothing is written: a read-only store is served as it is.
  rw.read_only_fallback = options.token.empty();
  auto writer = Store::Open(options.db, rw);
  if (!writer.ok()) return writer.status();
  impl.writer = std::move(*writer);
  if (!options.token.empty()) {
    auto pipeline = Pipeline::Build(StorePipelineSpec("", false), options.data_dir);
    if (!pipeline.ok()) return pipeline.status();
    impl.pipeline.emplace(std::move(*pipeline));
    impl.scratch.emplace(impl.pipeline->NewScratch());
  }
  impl.Routes();
  impl.stats_warmer = std::thread([&impl] { (void)impl.CachedStats(); });
  return server;
}

Status Server::Bind() {
  if (impl_->options.port == 0) {
    int port = impl_->http.bind_to_any_port(impl_->options.host);
    if (port <= 0) return Status::IoError(fmt::format("cannot listen on {} (any port)", impl_->options.host));
    impl_->bound_port = port;
  } else {
    if (!impl_->http.bind_to_port(impl_->options.host, impl_->options.port))
      return Status::IoError(fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                                         impl_->options.host, impl_->options.port));
    impl_->bound_port = impl_->options.port;
  }
  return Status::Ok();
}

int Server::port() const { return impl_->bound_port; }

Status Server::Listen() {
  if (!impl_->http.listen_after_bind()) return Status::IoError("the server stopped with an error");
  return Status::Ok();
}

void Server::Stop() { impl_->http.stop(); }

void Server::WaitUntilReady() const {
  while (!impl_->http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

}  // namespace dyad
