// The dashboard's endpoints and static files (include/dyad/dashboard.h).
#include "dyad/dashboard.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "dashboard/web_files.h"
#include "server/event_json.h"
#include "dyad/ingest.h"
#include "dyad/pipeline.h"

namespace dyad {

using nlohmann::json;

namespace {

double Round2(double v) { return std::round(v * 100) / 100; }

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

DashboardReply Json(int status, const json& j) {
  DashboardReply r;
  r.status = status;
  r.body = Dump(j);
  return r;
}

DashboardReply Error(int status, const std::string& message) {
  return Json(status, json{{"error", message}, {"status", status}});
}

int HttpStatus(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kResourceExhausted: return 413;
    case StatusCode::kIoError: return 503;
    default: return 500;
  }
}

DashboardReply Error(const Status& s) { return Error(HttpStatus(s), s.message()); }

json ActorJson(const EventActor& a) {
  if (a.code.empty()) return nullptr;
  return json{{"code", a.code}, {"country", a.country}, {"sector", a.sector}, {"text", a.text},
              {"span", {a.span.begin, a.span.end}}, {"entry", a.entry}};
}

// Every field of a stored event, for the event detail (the list endpoints
// send fewer).
json FullEventJson(const StoredEvent& se, int64_t sentence_begin) {
  const Event& e = se.event;
  return json{{"id", se.id},
              {"doc_id", se.doc_id},
              {"sentence", e.sentence},
              {"sentence_text", se.sentence_text},
              {"sentence_begin", sentence_begin},
              {"date", e.date.empty() ? json(nullptr) : json(e.date)},
              {"date_rule", e.date_rule},
              {"source", ActorJson(e.source)},
              {"target", ActorJson(e.target)},
              {"cameo", e.cameo},
              {"plover", e.plover.empty() ? json(nullptr) : json(e.plover)},
              {"plover_mode", e.plover_mode},
              {"quad_class", e.quad_class},
              {"goldstein", e.goldstein},
              {"polarity", std::string(ToString(e.polarity))},
              {"modality", std::string(ToString(e.modality))},
              {"modality_cue", e.modality_cue},
              {"trigger", {{"text", se.trigger_text}, {"span", {e.trigger.begin, e.trigger.end}}}},
              {"pattern", {{"id", e.pattern_id}, {"text", e.pattern_text}}},
              {"confidence", Round2(e.confidence)},
              {"url", se.url},
              {"site", se.site}};
}

// The article with its annotations, as GET /api/documents/{id} sends it, plus
// the removed blocks.
json DocumentJson(const Document& d, const std::vector<std::pair<std::string, Span>>& unknown) {
  json sentences = SentencesJson(d), mentions = MentionsJson(d), events = json::array(), names = json::array(),
       removed = json::array();
  for (const Event& e : d.events) {
    StoredEvent se;
    se.doc_id = d.id;
    se.event = e;
    se.trigger_text = std::string(d.Text(e.trigger));
    int64_t begin = -1;
    if (e.sentence < d.sentences.size()) {
      se.sentence_text = std::string(d.Text(d.sentences[e.sentence].span));
      begin = d.sentences[e.sentence].span.begin;
    }
    json j = FullEventJson(se, begin);
    for (const char* key : {"id", "url", "site", "doc_id"}) j.erase(key);
    events.push_back(std::move(j));
  }
  for (const auto& [name, span] : unknown) names.push_back({{"name", name}, {"span", {span.begin, span.end}}});
  for (const RemovedBlock& b : RemovedBlocks(d))
    removed.push_back({{"at", b.at}, {"reason", b.reason}, {"text", b.text}});
  return json{{"id", d.id}, {"url", d.url}, {"site", d.site}, {"title", d.title}, {"author", d.author},
              {"date", d.date.empty() ? json(nullptr) : json(d.date)}, {"language", d.language},
              {"text", d.text}, {"sentences", sentences}, {"mentions", mentions}, {"events", events},
              {"unknown_names", names}, {"removed", removed}};
}

using Params = std::multimap<std::string, std::string>;

// Takes the endpoint's own single-valued parameters out of `params`.
Status TakeParams(Params& params, std::initializer_list<const char*> keys, std::map<std::string, std::string>& out) {
  for (const char* key : keys) {
    auto range = params.equal_range(key);
    if (range.first == range.second) continue;
    if (std::next(range.first) != range.second)
      return Status::InvalidArgument(fmt::format("parameter '{}' is given more than once", key));
    out[key] = range.first->second;
    params.erase(range.first);
  }
  return Status::Ok();
}

// The event filters of an aggregation (paging and order do not apply).
Result<EventQuery> AggregateQuery(const Params& params, std::string_view endpoint) {
  for (const char* key : {"limit", "offset", "order"})
    if (params.count(key))
      return Status::InvalidArgument(fmt::format("'{}' does not apply to {}", key, endpoint));
  return ParseEventQuery(params);
}

DashboardReply Timeline(Store& store, Params params) {
  std::map<std::string, std::string> own;
  if (Status s = TakeParams(params, {"interval"}, own); !s.ok()) return Error(s);
  std::string interval_name = own.count("interval") ? own["interval"] : "month";
  Interval interval;
  if (!ParseInterval(interval_name, interval)) return Error(400, "'interval' must be day, week or month");
  auto q = AggregateQuery(params, "/api/timeline");
  if (!q.ok()) return Error(q.status());
  auto rows = store.CountByPeriod(*q, interval);
  if (!rows.ok()) return Error(rows.status());
  json periods = json::array();
  int64_t total = 0, undated = 0, quads[5] = {};
  double sum = 0;
  for (const PeriodCount& p : *rows) {
    total += p.count;
    sum += p.goldstein_sum;
    for (int i = 0; i < 5; ++i) quads[i] += p.by_quad[i];
    if (p.period.empty()) {
      undated += p.count;
      continue;
    }
    periods.push_back({{"period", p.period}, {"count", p.count}, {"q1", p.by_quad[1]}, {"q2", p.by_quad[2]},
                       {"q3", p.by_quad[3]}, {"q4", p.by_quad[4]},
                       {"mean_goldstein", p.count ? Round2(p.goldstein_sum / double(p.count)) : 0.0}});
  }
  return Json(200, json{{"interval", interval_name},
                        {"events", total},
                        {"undated", undated},
                        {"by_quad", {{"1", quads[1]}, {"2", quads[2]}, {"3", quads[3]}, {"4", quads[4]}}},
                        {"mean_goldstein", total ? Round2(sum / double(total)) : 0.0},
                        {"periods", periods}});
}

Result<int64_t> PositiveInt(const std::map<std::string, std::string>& own, const char* key, int64_t fallback,
                            int64_t max) {
  auto it = own.find(key);
  if (it == own.end()) return fallback;
  const std::string& v = it->second;
  if (v.empty() || v.size() > 9 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      std::stoll(v) < 1 || std::stoll(v) > max)
    return Status::InvalidArgument(fmt::format("'{}' must be an integer from 1 to {}", key, max));
  return std::stoll(v);
}

DashboardReply Network(Store& store, Params params) {
  std::map<std::string, std::string> own;
  if (Status s = TakeParams(params, {"edges"}, own); !s.ok()) return Error(s);
  auto max_edges = PositiveInt(own, "edges", 100, 5000);
  if (!max_edges.ok()) return Error(max_edges.status());
  auto q = AggregateQuery(params, "/api/network");
  if (!q.ok()) return Error(q.status());
  auto rows = store.CountByDyad(*q);
  if (!rows.ok()) return Error(rows.status());
  std::vector<DyadCount> edges;
  int64_t total = 0;
  for (const DyadCount& d : *rows) {
    total += d.count;
    if (!d.target.empty() && d.source != d.target) edges.push_back(d);
  }
  size_t all_edges = edges.size();
  std::sort(edges.begin(), edges.end(), [](const DyadCount& a, const DyadCount& b) {
    return a.count != b.count ? a.count > b.count : std::tie(a.source, a.target) < std::tie(b.source, b.target);
  });
  if (edges.size() > static_cast<size_t>(*max_edges)) edges.resize(*max_edges);
  // A node's events: every matching event it is source or target of.
  std::map<std::string, int64_t> node_events;
  std::set<std::string> shown;
  for (const DyadCount& d : edges) shown.insert(d.source), shown.insert(d.target);
  for (const DyadCount& d : *rows) {
    if (shown.count(d.source)) node_events[d.source] += d.count;
    if (d.target != d.source && shown.count(d.target)) node_events[d.target] += d.count;
  }
  json nodes = json::array(), links = json::array();
  for (const auto& [id, n] : node_events) nodes.push_back({{"id", id}, {"events", n}});
  for (const DyadCount& d : edges)
    links.push_back({{"source", d.source}, {"target", d.target}, {"count", d.count},
                     {"mean_goldstein", Round2(d.goldstein_sum / double(d.count))}});
  return Json(200, json{{"events", total}, {"edges_total", all_edges}, {"nodes", nodes}, {"edges", links}});
}

DashboardReply Map(Store& store, Params params) {
  auto q = AggregateQuery(params, "/api/map");
  if (!q.ok()) return Error(q.status());
  auto rows = store.CountByDyad(*q);
  if (!rows.ok()) return Error(rows.status());
  struct Totals {
    int64_t events = 0, as_source = 0, as_target = 0;
    double sum = 0;
  };
  std::map<std::string, Totals> by_code;
  int64_t total = 0;
  for (const DyadCount& d : *rows) {
    total += d.count;
    Totals& s = by_code[d.source];
    s.as_source += d.count;
    s.events += d.count;
    s.sum += d.goldstein_sum;
    if (d.target.empty()) continue;
    Totals& t = by_code[d.target];
    t.as_target += d.count;
    if (d.target != d.source) {
      t.events += d.count;
      t.sum += d.goldstein_sum;
    }
  }
  json countries = json::array();
  for (const auto& [code, t] : by_code)
    countries.push_back({{"code", code}, {"events", t.events}, {"as_source", t.as_source},
                         {"as_target", t.as_target}, {"mean_goldstein", Round2(t.sum / double(t.events))}});
  return Json(200, json{{"events", total}, {"countries", countries}});
}

DashboardReply Counts(Store& store, Params params) {
  std::map<std::string, std::string> own;
  if (Status s = TakeParams(params, {"by"}, own); !s.ok()) return Error(s);
  std::string by = own.count("by") ? own["by"] : "";
  Facet facet;
  if (by == "cameo_root") facet = Facet::kCameoRoot;
  else if (by == "plover") facet = Facet::kPlover;
  else if (by == "quad") facet = Facet::kQuadClass;
  else return Error(400, "'by' must be cameo_root, plover or quad");
  auto q = AggregateQuery(params, "/api/counts");
  if (!q.ok()) return Error(q.status());
  auto rows = store.CountByFacet(*q, facet);
  if (!rows.ok()) return Error(rows.status());
  json out = json::array();
  int64_t total = 0;
  for (const CountRow& r : *rows) {
    total += r.count;
    out.push_back({{"key", r.key}, {"events", r.count}, {"mean_goldstein", Round2(r.mean_goldstein)}});
  }
  return Json(200, json{{"by", by}, {"events", total}, {"rows", out}});
}

DashboardReply Sites(Store& store, const Params& params) {
  if (!params.empty()) return Error(400, "GET /api/sites takes no query parameters");
  auto rows = store.Sites();
  if (!rows.ok()) return Error(rows.status());
  json out = json::array();
  for (const CountRow& r : *rows) out.push_back({{"site", r.key}, {"documents", r.count}});
  return Json(200, json{{"sites", out}});
}

DashboardReply EventDetail(Store& store, const std::string& id_text, const Params& params) {
  if (!params.empty()) return Error(400, "GET /api/events/{id} takes no query parameters");
  if (id_text.empty() || id_text.size() > 18 ||
      !std::all_of(id_text.begin(), id_text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return Error(400, "an event id is a number");
  int64_t id = std::stoll(id_text);
  auto found = store.GetEvent(id);
  if (!found.ok()) return Error(found.status());
  if (!*found) return Error(404, fmt::format("no event with id {}", id));
  const StoredEvent& se = **found;
  auto doc = store.GetDocument(se.doc_id, /*annotations=*/false);
  if (!doc.ok()) return Error(doc.status());
  int64_t sentence_begin = -1;
  json document = nullptr;
  if (*doc) {
    const Document& d = (*doc)->doc;
    if (se.event.sentence < d.sentences.size()) sentence_begin = d.sentences[se.event.sentence].span.begin;
    document = {{"id", d.id}, {"title", d.title}, {"url", d.url}, {"site", d.site},
                {"date", d.date.empty() ? json(nullptr) : json(d.date)}};
  }
  json mentions = json::array();
  std::set<std::string> sources;
  Status s = store.QueryEventGroup(id, [&](const StoredEvent& m) {
    sources.insert(m.doc_id);
    if (mentions.size() < 200)
      mentions.push_back({{"id", m.id}, {"doc_id", m.doc_id}, {"sentence", m.event.sentence},
                          {"sentence_text", m.sentence_text}, {"url", m.url}, {"site", m.site},
                          {"trigger", m.trigger_text}});
    return true;
  });
  if (!s.ok()) return Error(s);
  int64_t num_mentions = static_cast<int64_t>(mentions.size());
  return Json(200, json{{"event", FullEventJson(se, sentence_begin)},
                        {"document", document},
                        {"num_mentions", num_mentions},
                        {"num_sources", sources.size()},
                        {"mentions", mentions}});
}

DashboardReply Removed(Store& store, const std::string& id, const Params& params) {
  if (!params.empty()) return Error(400, "GET /api/documents/{id}/removed takes no query parameters");
  if (id.empty() || id.size() > 300) return Error(400, "bad document id");
  auto found = store.GetDocument(id, /*annotations=*/false);
  if (!found.ok()) return Error(found.status());
  if (!*found) return Error(404, "no document with id '" + id.substr(0, 100) + "'");
  json removed = json::array();
  for (const RemovedBlock& b : RemovedBlocks((*found)->doc))
    removed.push_back({{"at", b.at}, {"reason", b.reason}, {"text", b.text}});
  return Json(200, json{{"id", id}, {"removed", removed}});
}

}  // namespace

struct Dashboard::Impl {
  DashboardOptions options;
  // POST /api/code: the store's pipeline, built on first use, one call at a time.
  std::mutex code_mu;
  std::optional<Pipeline> pipeline;
  std::optional<PipelineScratch> scratch;
  Status pipeline_status;

  DashboardReply Code(const DashboardRequest& req);
};

DashboardReply Dashboard::Impl::Code(const DashboardRequest& req) {
  if (!req.params.empty()) return Error(400, "POST /api/code takes no query parameters");
  if (req.body.size() > options.max_code_bytes)
    return Error(413, fmt::format("the text is over {} bytes; ingest it with dyad ingest", options.max_code_bytes));
  json parsed = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object())
    return Error(400, "the body must be a JSON object {\"text\" or \"html\": ..., \"title\"?, \"date\"?, \"url\"?}");
  static const std::set<std::string> kFields = {"text", "html", "title", "date", "url"};
  for (const auto& [key, value] : parsed.items()) {
    if (!kFields.count(key))
      return Error(400, fmt::format("unknown field '{}' (known: text, html, title, date, url)", key.substr(0, 60)));
    if (!value.is_string()) return Error(400, fmt::format("field '{}' must be a string", key));
  }
  bool has_text = parsed.contains("text") && !parsed["text"].get<std::string>().empty();
  bool has_html = parsed.contains("html") && !parsed["html"].get<std::string>().empty();
  if (has_text == has_html) return Error(400, "give one of 'text' or 'html' (a non-empty string)");
  if (options.data_dir.empty())
    return Error(503, "coding is unavailable: the server found no dictionaries (start it with --data DIR)");
  ReadOptions read;
  read.max_document_bytes = options.max_code_bytes;
  auto doc = DocumentFromJsonLine(req.body, "POST /api/code", read);
  if (!doc.ok()) return Error(doc.status());
  std::lock_guard<std::mutex> lock(code_mu);
  if (!pipeline && pipeline_status.ok()) {
    auto built = Pipeline::Build(StorePipelineSpec("", false), options.data_dir);
    if (built.ok()) {
      pipeline.emplace(std::move(*built));
      scratch.emplace(pipeline->NewScratch());
    } else {
      pipeline_status = built.status();
    }
  }
  if (!pipeline) return Error(503, "coding is unavailable: " + pipeline_status.message());
  Status s = pipeline->Run(*doc, *scratch);
  if (!s.ok()) return Error(422, "cannot code the text: " + s.message());
  return Json(200, DocumentJson(*doc, FindUnknownActorNames(*doc)));
}

Dashboard::Dashboard(DashboardOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}
Dashboard::~Dashboard() = default;

namespace {

bool IsApiPath(std::string_view path, std::string_view& rest, std::string_view prefix) {
  if (path.substr(0, prefix.size()) != prefix) return false;
  rest = path.substr(prefix.size());
  return true;
}

bool IsEventId(std::string_view path) {
  std::string_view rest;
  return IsApiPath(path, rest, "/api/events/") && !rest.empty() && rest.find('/') == std::string_view::npos;
}

bool IsRemovedPath(std::string_view path, std::string_view& id) {
  std::string_view rest;
  constexpr std::string_view kSuffix = "/removed";
  if (!IsApiPath(path, rest, "/api/documents/") || rest.size() <= kSuffix.size() ||
      rest.substr(rest.size() - kSuffix.size()) != kSuffix)
    return false;
  id = rest.substr(0, rest.size() - kSuffix.size());
  return id.find('/') == std::string_view::npos;
}

}  // namespace

bool Dashboard::Owns(std::string_view method, std::string_view path) {
  if (method == "POST") return path == "/api/code";
  if (method != "GET" && method != "HEAD") return false;
  std::string_view id;
  if (path == "/api/timeline" || path == "/api/network" || path == "/api/map" || path == "/api/counts" ||
      path == "/api/sites" || path == "/api/statements" || IsEventId(path) || IsRemovedPath(path, id))
    return true;
  return path.substr(0, 5) != "/api/" && path != "/api";  // static files
}

std::vector<DashboardRoute> Dashboard::Routes() const {
  std::vector<DashboardRoute> out;
  const auto* assets = impl_->options.assets;
  if (assets && !assets->empty()) {
    for (const WebAsset& a : *assets) out.push_back({"GET", a.path});
    out.push_back({"GET", "/index.html"});
  } else {
    out.push_back({"GET", "/"});  // explains how to build the dashboard
  }
  for (const char* p : {"/api/timeline", "/api/network", "/api/map", "/api/counts", "/api/sites", "/api/events/{id}",
                        "/api/documents/{id}/removed"})
    out.push_back({"GET", p});
  out.push_back({"GET", "/api/statements", 0, /*fallback=*/true});
  out.push_back({"POST", "/api/code", impl_->options.max_code_bytes});
  return out;
}

DashboardReply Dashboard::Handle(const DashboardRequest& req, const std::function<Result<Store*>()>& open) {
  if (req.method == "POST") {
    if (req.path == "/api/code") return impl_->Code(req);
    return Error(404, "no such endpoint: POST " + req.path.substr(0, 200));
  }
  if (req.path.substr(0, 5) != "/api/") return ServeWebFile(impl_->options.assets, req);
  // Reached only while the server has no statements endpoint of its own (it is
  // registered before the dashboard's routes): the page then hides the panel.
  if (req.path == "/api/statements") return Json(200, json{{"available", false}, {"statements", json::array()}});
  auto store = open();
  if (!store.ok()) return Error(store.status());
  Store& st = **store;
  std::string_view id;
  if (req.path == "/api/timeline") return Timeline(st, req.params);
  if (req.path == "/api/network") return Network(st, req.params);
  if (req.path == "/api/map") return Map(st, req.params);
  if (req.path == "/api/counts") return Counts(st, req.params);
  if (req.path == "/api/sites") return Sites(st, req.params);
  if (IsEventId(req.path)) return EventDetail(st, req.path.substr(std::string_view("/api/events/").size()), req.params);
  if (IsRemovedPath(req.path, id)) return Removed(st, std::string(id), req.params);
  return Error(404, "no such endpoint: GET " + req.path.substr(0, 200));
}

}  // namespace dyad
