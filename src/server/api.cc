// The JSON API's routes (docs/api.md) as handler functions on a Router. Each
// read borrows a read-only store connection from a pool (WAL: readers never
// wait for the writer); POSTs run on the transport's single write lane with
// one writer connection and one pipeline scratch.
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

#include "dyad/dashboard.h"
#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/server.h"
#include "dyad/store.h"
#include "server/statement_api.h"
#include "dyad/text.h"
#include "server/event_json.h"

namespace dyad {

using nlohmann::json;

namespace {

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

HttpResponse SendJson(int status, const json& j) { return HttpResponse::Json(status, Dump(j)); }
HttpResponse SendError(int status, std::string_view message) { return HttpResponse::Error(status, message); }

int HttpStatus(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kResourceExhausted: return 413;
    case StatusCode::kIoError: return 503;  // locked or unavailable database
    case StatusCode::kCancelled: return 503;
    default: return 500;
  }
}

HttpResponse SendStatus(const Status& s) { return SendError(HttpStatus(s), s.message()); }

// One rule for document ids, on write and on read: an id must fit one path
// segment of GET /api/documents/{id} even behind proxies that decode %2F.
Status CheckDocumentId(std::string_view id) {
  if (id.empty() || id.size() > 300)
    return Status::InvalidArgument(fmt::format("bad document id: it must be 1 to 300 bytes (this one has {})", id.size()));
  if (!IsValidUtf8(id)) return Status::InvalidArgument("bad document id: it is not valid UTF-8");
  for (char c : id) {
    if (c == '/') return Status::InvalidArgument("bad document id: it must not contain '/'");
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return Status::InvalidArgument("bad document id: it must not contain control characters");
  }
  return Status::Ok();
}

// The POST body's shape, checked by a SAX pass before anything is built: one
// object of known fields, each a string (or null) and given once. A repeated
// key would otherwise be validated on one value and stored with another.
class DocumentShape : public json::json_sax_t {
 public:
  static Status Check(const std::string& body) {
    DocumentShape shape;
    bool ok = json::sax_parse(body, &shape, json::input_format_t::json, /*strict=*/true);
    if (!shape.error_.empty()) return Status::InvalidArgument(shape.error_);
    if (!ok) return Status::InvalidArgument("the body is not valid JSON");
    if (!shape.has_text_)
      return Status::InvalidArgument("field 'text' (a non-empty string) is required");
    return Status::Ok();
  }

  bool null() override { return Value(false); }
  bool boolean(bool) override { return Value(true); }
  bool number_integer(number_integer_t) override { return Value(true); }
  bool number_unsigned(number_unsigned_t) override { return Value(true); }
  bool number_float(number_float_t, const string_t&) override { return Value(true); }
  bool binary(binary_t&) override { return Value(true); }
  bool string(string_t& s) override {
    if (!Value(false)) return false;
    if (key_ == "text") {
      if (s.empty()) return Fail("field 'text' (a non-empty string) is required");
      has_text_ = true;
    }
    if (key_ == "id") {
      Status id = CheckDocumentId(s);
      if (!id.ok()) return Fail(id.message());
    }
    return true;
  }
  bool start_object(std::size_t) override {
    if (depth_ > 0) return Value(true);
    ++depth_;
    return true;
  }
  bool key(string_t& k) override {
    static const std::set<std::string> kFields = {"id", "url", "date", "title", "text"};
    if (!kFields.count(k))
      return Fail(fmt::format("unknown field '{}' (known: id, url, date, title, text)", k.substr(0, 60)));
    if (!seen_.insert(k).second) return Fail(fmt::format("field '{}' is given more than once", k));
    key_ = k;
    return true;
  }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return Value(true); }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    if (error_.empty()) error_ = "the body is not valid JSON";
    return false;
  }

 private:
  bool Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }
  // A value at the top level or inside the object; `bad` = not a string/null.
  bool Value(bool bad) {
    if (depth_ == 0)
      return Fail("the body must be a JSON object {\"text\": ..., \"id\"?, \"url\"?, \"date\"?, \"title\"?}");
    if (bad) return Fail(fmt::format("field '{}' must be a string", key_));
    return true;
  }

  int depth_ = 0;
  std::set<std::string> seen_;
  std::string key_;
  std::string error_;
  bool has_text_ = false;
};

}  // namespace

struct ApiService::Impl {
  ServerOptions options;
  Router router;

  // Read connections.
  std::mutex pool_mu;
  std::vector<std::unique_ptr<Store>> pool;

  // Writes.
  std::timed_mutex write_mu;
  std::unique_ptr<Store> writer;
  std::optional<Pipeline> pipeline;
  std::optional<PipelineScratch> scratch;
  std::atomic<uint64_t> codings_started{0}, codings_stopped{0};

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

  HttpResponse Stopped(const RequestControl& control) const;

  std::unique_ptr<Dashboard> dashboard;

  void Routes();
  void DashboardRoutes();
  HttpResponse ServeDashboard(const HttpRequest& req);
  HttpResponse GetHealth(const HttpRequest& req);
  HttpResponse GetEvents(const HttpRequest& req);
  HttpResponse GetDyad(const HttpRequest& req);
  HttpResponse GetDocument(const HttpRequest& req);
  HttpResponse GetStats(const HttpRequest& req);
  HttpResponse PostDocument(const HttpRequest& req);
};

HttpResponse ApiService::Impl::GetHealth(const HttpRequest& req) {
  if (!req.params.empty()) return SendError(400, "GET /api/health takes no query parameters");
  return SendJson(200, json{{"status", "ok"}, {"writes", !options.token.empty()}});
}

HttpResponse ApiService::Impl::GetEvents(const HttpRequest& req) {
  auto params = req.params;
  bool grouped = false;
  if (auto it = params.find("grouped"); it != params.end()) {
    if (it->second == "true" || it->second == "1") grouped = true;
    else if (it->second != "false" && it->second != "0") return SendError(400, "'grouped' must be true or false");
    params.erase(it);
  }
  auto q = ParseEventQuery(params, options.default_limit, options.max_limit);
  if (!q.ok()) return SendError(400, q.status().message());
  auto store = Reader();
  if (!store.ok()) return SendStatus(store.status());
  // Written straight into the answer (server/event_json.h): a json tree per
  // event was half the CPU of this, the API's busiest request.
  std::string body = "{\"count\":";
  size_t count_at = body.size();  // the count is known at the end
  body += ",\"events\":[";
  int64_t count = 0;
  Status s;
  auto add = [&](const StoredEvent& e, const GroupedEvent* group) {
    if (count++ > 0) body += ',';
    EventJsonFields fields;
    fields.group = group;
    AppendEventJson(e, fields, &body);
    return true;
  };
  if (grouped) {
    s = (*store)->QueryGroupedEvents(*q, false, [&](const GroupedEvent& g) { return add(g.first, &g); });
  } else {
    s = (*store)->QueryEvents(*q, [&](const StoredEvent& e) { return add(e, nullptr); });
  }
  if (!s.ok()) return SendStatus(s);
  body.insert(count_at, fmt::format_int(count).str());
  body += fmt::format("],\"limit\":{},\"next_offset\":", q->limit);
  body += count == q->limit ? fmt::format_int(q->offset + q->limit).str() : std::string("null");
  body += fmt::format(",\"offset\":{}}}", q->offset);
  return HttpResponse::Json(200, std::move(body));
}

HttpResponse ApiService::Impl::GetDyad(const HttpRequest& req) {
  auto params = req.params;
  std::string a, b, interval_name = "month";
  for (const char* key : {"a", "b", "interval"}) {
    auto range = params.equal_range(key);
    if (range.first == range.second) continue;
    if (std::next(range.first) != range.second)
      return SendError(400, fmt::format("parameter '{}' is given more than once", key));
    std::string v = range.first->second;
    params.erase(range.first);
    if (std::string(key) == "a") a = v;
    else if (std::string(key) == "b") b = v;
    else interval_name = v;
  }
  if (a.empty() || b.empty()) return SendError(400, "'a' and 'b' (actor codes) are required, e.g. ?a=IRQ&b=USA");
  Interval interval;
  if (!ParseInterval(interval_name, interval)) return SendError(400, "'interval' must be day, week or month");
  // Validate a and b as actor codes, and the remaining filters.
  static const std::set<std::string> kAllowed = {"code", "plover", "quad", "from", "to", "text", "site", "all"};
  for (const auto& [k, v] : params)
    if (!kAllowed.count(k))
      return SendError(400, fmt::format("unknown parameter '{}' (known: a, b, interval, code, plover, quad, from, to, "
                                        "text, site, all)",
                                        k.substr(0, 60)));
  params.emplace("dyad", a + "-" + b);
  auto q = ParseEventQuery(params);
  if (!q.ok()) return SendError(400, q.status().message());
  auto store = Reader();
  if (!store.ok()) return SendStatus(store.status());
  auto points = (*store)->Timeline(q->dyad_a, q->dyad_b, interval, *q);
  if (!points.ok()) return SendStatus(points.status());
  json ab = json::array(), ba = json::array();
  std::string ab_name = q->dyad_a + "->" + q->dyad_b;
  for (const TimelinePoint& p : *points) {
    json j = {{"period", p.period}, {"count", p.count}, {"mean_goldstein", std::round(p.mean_goldstein * 100) / 100}};
    (p.direction == ab_name ? ab : ba).push_back(std::move(j));
  }
  return SendJson(200, json{{"a", q->dyad_a}, {"b", q->dyad_b}, {"interval", interval_name},
                            {"directions", {{q->dyad_a + "->" + q->dyad_b, ab}, {q->dyad_b + "->" + q->dyad_a, ba}}}});
}

HttpResponse ApiService::Impl::GetDocument(const HttpRequest& req) {
  if (!req.params.empty()) return SendError(400, "GET /api/documents/{id} takes no query parameters");
  const std::string& id = req.path_params.at(0);
  if (Status s = CheckDocumentId(id); !s.ok()) return SendStatus(s);
  auto store = Reader();
  if (!store.ok()) return SendStatus(store.status());
  auto found = (*store)->GetDocument(id);
  if (!found.ok()) return SendStatus(found.status());
  if (!*found) return SendError(404, "no document with id '" + id.substr(0, 100) + "'");
  const StoredDocument& sd = **found;
  const Document& d = sd.doc;
  json sentences = SentencesJson(d), mentions = MentionsJson(d), events = json::array(), unknown = json::array();
  for (const Event& e : d.events) {
    StoredEvent se;
    se.doc_id = d.id;
    se.event = e;
    se.trigger_text = std::string(d.Text(e.trigger));
    if (e.sentence < d.sentences.size()) se.sentence_text = std::string(d.Text(d.sentences[e.sentence].span));
    std::string j;
    EventJsonFields fields;
    fields.ids = false;
    AppendEventJson(se, fields, &j);
    events.push_back(json::parse(j));
  }
  for (const auto& [name, span] : sd.unknown_names) unknown.push_back({{"name", name}, {"span", {span.begin, span.end}}});
  return SendJson(200, json{{"id", d.id}, {"url", d.url}, {"site", d.site}, {"title", d.title}, {"author", d.author},
                            {"date", d.date.empty() ? json(nullptr) : json(d.date)}, {"language", d.language},
                            {"content_hash", sd.content_hash}, {"ingested_at", sd.ingested_at}, {"text", d.text},
                            {"sentences", sentences}, {"mentions", mentions}, {"events", events},
                            {"unknown_names", unknown}});
}

// Statistics scan the whole store, so they are cached: a fresh copy is served
// as is; a stale one is served while ONE request recomputes it; with no copy
// yet, requests wait for the one computation under way (no herd). The cache is
// filled in the background when the server starts.
Result<std::string> ApiService::Impl::ComputeStats() {
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

Result<std::string> ApiService::Impl::CachedStats() {
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

HttpResponse ApiService::Impl::GetStats(const HttpRequest& req) {
  if (!req.params.empty()) return SendError(400, "GET /api/stats takes no query parameters");
  auto body = CachedStats();
  if (!body.ok()) return SendStatus(body.status());
  return HttpResponse::Json(200, *body);
}

HttpResponse ApiService::Impl::Stopped(const RequestControl& control) const {
  switch (control.reason()) {
    case RequestControl::Reason::kShutdown:
      return SendError(503, "the server is shutting down; the document was not stored, send it again later");
    case RequestControl::Reason::kClientGone:
      return SendError(503, "the client left; the document was not stored");
    default:
      return SendError(503, fmt::format("the document was not coded within the time budget of {} s (queueing "
                                        "included); it was not stored: split it into smaller documents or start the "
                                        "server with a larger --time-budget",
                                        options.time_budget_ms / 1000.0));
  }
}

HttpResponse ApiService::Impl::PostDocument(const HttpRequest& req) {
  // The token, the content type and the body size were checked from the header (RouteOptions).
  if (!req.params.empty()) return SendError(400, "POST /api/documents takes no query parameters");
  if (Status shape = DocumentShape::Check(req.body); !shape.ok()) return SendStatus(shape);
  ReadOptions read;
  read.max_document_bytes = options.max_body_bytes;
  auto doc = DocumentFromJsonLine(req.body, "POST /api/documents", read);
  if (!doc.ok()) return SendStatus(doc.status());
  if (Status id = CheckDocumentId(doc->id); !id.ok()) return SendStatus(id);

  RequestControl& control = *req.control;
  std::unique_lock<std::timed_mutex> lock(write_mu, std::defer_lock);
  while (!lock.try_lock_for(std::chrono::milliseconds(20)))
    if (control.Stopped()) return Stopped(control);
  if (control.Stopped()) return Stopped(control);
  ++codings_started;
  Status s = pipeline->Run(*doc, *scratch, [&control] { return control.Stopped(); });
  // From here on the answer must say what happened: either it commits (and
  // the transport waits for this answer) or it stores nothing.
  if (s.code() == StatusCode::kCancelled || !control.Commit()) {
    ++codings_stopped;
    return Stopped(control);
  }
  if (!s.ok()) return SendError(422, "cannot code the document: " + s.message());
  auto put = writer->PutDocuments({&*doc});
  if (!put.ok()) return SendStatus(put.status());
  const PutResult& r = put->front();
  InvalidateStats();
  json j = {{"id", doc->id}, {"outcome", std::string(ToString(r.outcome))}, {"events", r.events}};
  if (!r.duplicate_of.empty()) j["duplicate_of"] = r.duplicate_of;
  return SendJson(r.outcome == PutOutcome::kInserted ? 201 : 200, j);
}

void ApiService::Impl::Routes() {
  router.SetToken(options.token);
  router.Add("GET", "/api/health", [this](const HttpRequest& r) { return GetHealth(r); });
  router.Add("GET", "/api/events", [this](const HttpRequest& r) { return GetEvents(r); });
  router.Add("GET", "/api/dyad", [this](const HttpRequest& r) { return GetDyad(r); });
  router.Add("GET", "/api/documents/{id}", [this](const HttpRequest& r) { return GetDocument(r); });
  router.Add("GET", "/api/stats", [this](const HttpRequest& r) { return GetStats(r); });
  // Statements and the comparison (src/server/statement_api.h).
  router.Add("GET", "/api/statements", [this](const HttpRequest& r) {
    auto store = Reader();
    if (!store.ok()) return SendStatus(store.status());
    auto body = StatementsApiBody(*(*store).operator->(), r.params, options.default_limit, options.max_limit);
    if (!body.ok()) return SendStatus(body.status());
    return HttpResponse::Json(200, *body);
  });
  router.Add("GET", "/api/compare", [this](const HttpRequest& r) {
    auto store = Reader();
    if (!store.ok()) return SendStatus(store.status());
    auto body = CompareApiBody(*(*store).operator->(), r.params, options.default_limit, options.max_limit);
    if (!body.ok()) return SendStatus(body.status());
    return HttpResponse::Json(200, *body);
  });
  RouteOptions post;
  post.needs_token = true;
  post.max_body_bytes = options.max_body_bytes;
  post.json_body = true;
  post.serial = true;
  router.Add("POST", "/api/documents", [this](const HttpRequest& r) { return PostDocument(r); }, post);
  DashboardRoutes();
}

// The dashboard's files and endpoints (src/dashboard), after the API's own
// routes: a `fallback` route is skipped where the API already answers.
void ApiService::Impl::DashboardRoutes() {
  DashboardOptions dashboard_options;
  dashboard_options.assets = options.web_assets;
  dashboard_options.data_dir = options.data_dir;
  dashboard = std::make_unique<Dashboard>(dashboard_options);
  for (const DashboardRoute& route : dashboard->Routes()) {
    if (route.fallback) {
      HttpRequest probe;
      probe.method = route.method;
      probe.target = route.pattern;
      if (router.Admit(probe).route != nullptr) continue;
    }
    RouteOptions o;
    o.max_body_bytes = route.max_body_bytes;
    o.json_body = route.method == "POST";  // POST /api/code takes JSON
    router.Add(route.method, route.pattern, [this](const HttpRequest& r) { return ServeDashboard(r); }, o);
  }
}

HttpResponse ApiService::Impl::ServeDashboard(const HttpRequest& req) {
  DashboardRequest request{req.method,
                           req.path,
                           req.params,
                           req.body,
                           std::string(req.Header("accept-encoding")),
                           std::string(req.Header("if-none-match"))};
  std::optional<Lease> lease;
  auto open = [&]() -> Result<Store*> {
    auto r = Reader();
    if (!r.ok()) return r.status();
    lease.emplace(std::move(*r));
    return lease->operator->();
  };
  DashboardReply reply = dashboard->Handle(request, open);
  // The embedded files arrive gzip-compressed with their Content-Encoding
  // (only when the client accepts gzip); the transport sends bodies as they
  // are and compresses nothing itself, so nothing is compressed twice and
  // nothing is compressed with brotli.
  HttpResponse res;
  res.status = reply.status;
  res.content_type = std::move(reply.content_type);
  res.headers = std::move(reply.headers);
  res.body = std::move(reply.body);
  return res;
}

ApiService::ApiService() : impl_(std::make_unique<Impl>()) {}
ApiService::~ApiService() = default;

Result<std::unique_ptr<ApiService>> ApiService::Create(const ServerOptions& options) {
  std::unique_ptr<ApiService> api(new ApiService());
  Impl& impl = *api->impl_;
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
    std::string spec = options.pipeline_spec.empty() ? StorePipelineSpec("", false) : options.pipeline_spec;
    auto pipeline = options.registry ? Pipeline::Build(spec, options.data_dir, *options.registry)
                                     : Pipeline::Build(spec, options.data_dir);
    if (!pipeline.ok()) return pipeline.status();
    impl.pipeline.emplace(std::move(*pipeline));
    impl.scratch.emplace(impl.pipeline->NewScratch());
  }
  impl.Routes();
  impl.stats_warmer = std::thread([&impl] { (void)impl.CachedStats(); });
  return api;
}

Router& ApiService::router() { return impl_->router; }
const Router& ApiService::router() const { return impl_->router; }

void ApiService::AddCounters(ServerCounters& c) const {
  c.codings_started = impl_->codings_started.load();
  c.codings_stopped = impl_->codings_stopped.load();
}

void ApiService::WaitForStats() {
  if (impl_->stats_warmer.joinable()) impl_->stats_warmer.join();
}

}  // namespace dyad
