// The dashboard's endpoints (through Dashboard::Handle and through the real
// server), its static files, and the removed-boilerplate view.
#include "dyad/dashboard.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "dashboard/web_files.h"
#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/server.h"
#include "test_util.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* kIraqUsa =
    "Iraq accused the United States of violating its sovereignty on Saturday, January 27, 2024. "
    "American officials held talks with the Iraqi government in Baghdad.";
const char* kGreece = "Greece accused Turkey of violating its airspace on Monday, March 11, 2024.";
// Page chrome after the article, as scrapers leave it.
const char* kWithChrome =
    "Talks in Baghdad\n\nStrategic Council Online - Opinion: Talks between the Iraqi and American officials "
    "started on Saturday, January 27, 2024. The parties agreed to form three working groups.\n\n"
    "Iraq demanded the withdrawal of the American forces from its territory.\n\n0 Comments\n\n"
    "LATEST CONTENT\n\nErdogan's Motives and Opportunities for Reconciliation with the Syrian Government\n\n"
    "Strategic Council Online—An expert on Caucasus issues said that the Turkish Foreign Minister recently stated "
    "in a joint press conference with his Saudi counterpart that dialogue comes first.\n";

const Pipeline& TestPipeline() {
  static const Pipeline* p = [] {
    auto built = Pipeline::Build(StorePipelineSpec("", false), DYAD_SOURCE_DIR "/data");
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return new Pipeline(std::move(*built));
  }();
  return *p;
}

Document Coded(const std::string& id, const std::string& text, const std::string& date, const std::string& site) {
  return testing::CodedWith(TestPipeline(), id, text, date, site);
}

class DashboardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dyad_dashboard_test_" + std::to_string(getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "d.db").string();
    auto s = Store::Open(db_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    std::vector<Document> docs = {Coded("iq", kIraqUsa, "2024-01-27", "Site A"),
                                  Coded("gr", kGreece, "2024-03-11", "Site B"),
                                  Coded("chrome", kWithChrome, "2024-01-28", "Site A")};
    ASSERT_TRUE(store_->PutDocuments({&docs[0], &docs[1], &docs[2]}).ok());
    assets_ = {{"/", "text/html; charset=utf-8", "", "\"h1\""}, {"/app.js", "text/javascript; charset=utf-8", "", "\"j1\""}};
    html_gz_ = testing::Gzip("<!doctype html><title>dyad</title>");
    js_gz_ = testing::Gzip("console.log(1);");
    assets_[0].gzip = html_gz_;
    assets_[1].gzip = js_gz_;
    DashboardOptions options;
    options.assets = &assets_;
    options.data_dir = DYAD_SOURCE_DIR "/data";
    dashboard_ = std::make_unique<Dashboard>(options);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  DashboardReply Call(const std::string& method, const std::string& path,
                      std::multimap<std::string, std::string> params = {}, const std::string& body = "",
                      const std::string& accept = "gzip") {
    EXPECT_TRUE(Dashboard::Owns(method, path)) << path;
    DashboardRequest req{method, path, std::move(params), body, accept, ""};
    return dashboard_->Handle(req, [this]() -> Result<Store*> { return store_.get(); });
  }
  json CallJson(const std::string& path, std::multimap<std::string, std::string> params = {}, int status = 200) {
    DashboardReply r = Call("GET", path, std::move(params));
    EXPECT_EQ(r.status, status) << path << ": " << r.body;
    EXPECT_EQ(r.content_type, "application/json");
    json j = json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
  }
  int64_t Count(EventQuery q) {
    auto n = store_->CountEvents(q);
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }

  static inline int counter_ = 0;
  fs::path dir_;
  std::string db_;
  std::unique_ptr<Store> store_;
  std::vector<WebAsset> assets_;
  std::string html_gz_, js_gz_;
  std::unique_ptr<Dashboard> dashboard_;
};

TEST_F(DashboardTest, TimelineCountsEqualTheEvents) {
  json t = CallJson("/api/timeline", {{"interval", "month"}});
  EXPECT_EQ(t["events"], Count({}));
  int64_t sum = 0, quads = 0;
  for (const json& p : t["periods"]) {
    sum += p["count"].get<int64_t>();
    EXPECT_EQ(p["count"], p["q1"].get<int>() + p["q2"].get<int>() + p["q3"].get<int>() + p["q4"].get<int>());
  }
  for (auto& [k, v] : t["by_quad"].items()) quads += v.get<int64_t>();
  EXPECT_EQ(sum + t["undated"].get<int64_t>(), t["events"].get<int64_t>());
  EXPECT_EQ(quads, t["events"].get<int64_t>());
  EventQuery iraq;
  iraq.actor = "IRQ";
  EXPECT_EQ(CallJson("/api/timeline", {{"actor", "IRQ"}, {"interval", "day"}})["events"], Count(iraq));
  EXPECT_EQ(CallJson("/api/timeline", {{"interval", "year"}}, 400)["error"], "'interval' must be day, week or month");
  EXPECT_NE(CallJson("/api/timeline", {{"limit", "5"}}, 400)["error"].get<std::string>().find("limit"), std::string::npos);
  EXPECT_NE(CallJson("/api/timeline", {{"bogus", "1"}}, 400)["error"].get<std::string>().find("bogus"), std::string::npos);
}

TEST_F(DashboardTest, NetworkMapAndCounts) {
  json net = CallJson("/api/network");
  EXPECT_EQ(net["events"], Count({}));
  ASSERT_FALSE(net["edges"].empty());
  for (const json& e : net["edges"]) {
    EventQuery q;
    q.source = e["source"];
    q.target = e["target"];
    EXPECT_EQ(e["count"], Count(q)) << e.dump();
  }
  EXPECT_EQ(CallJson("/api/network", {{"edges", "1"}})["edges"].size(), 1u);
  CallJson("/api/network", {{"edges", "0"}}, 400);

  json map = CallJson("/api/map");
  bool saw_iraq = false;
  for (const json& c : map["countries"]) {
    EventQuery q;
    q.actor = c["code"];
    EXPECT_EQ(c["events"], Count(q)) << c.dump();
    saw_iraq |= c["code"] == "IRQ";
  }
  EXPECT_TRUE(saw_iraq);

  json counts = CallJson("/api/counts", {{"by", "cameo_root"}});
  int64_t total = 0;
  for (const json& r : counts["rows"]) {
    EventQuery q;
    q.code = r["key"];
    EXPECT_EQ(r["events"], Count(q));
    total += r["events"].get<int64_t>();
  }
  EXPECT_EQ(total, Count({}));
  CallJson("/api/counts", {{"by", "site"}}, 400);
  json sites = CallJson("/api/sites");
  ASSERT_EQ(sites["sites"].size(), 2u);
  EXPECT_EQ(sites["sites"][0]["site"], "Site A");
  EXPECT_EQ(sites["sites"][0]["documents"], 2);
}

TEST_F(DashboardTest, EventDetailHasEvidenceAndMentions) {
  std::vector<StoredEvent> rows;
  ASSERT_TRUE(store_->QueryEvents(EventQuery{}, [&](const StoredEvent& e) {
    rows.push_back(e);
    return true;
  }).ok());
  ASSERT_FALSE(rows.empty());
  const StoredEvent& first = rows.front();
  json d = CallJson("/api/events/" + std::to_string(first.id));
  const json& e = d["event"];
  EXPECT_EQ(e["id"], first.id);
  EXPECT_EQ(e["cameo"], first.event.cameo);
  EXPECT_FALSE(e["date_rule"].get<std::string>().empty());
  EXPECT_FALSE(e["pattern"]["id"].get<std::string>().empty());
  // The sentence offset turns the trigger's span into a place in the sentence text.
  int64_t begin = e["sentence_begin"];
  ASSERT_GE(begin, 0);
  std::string sentence = e["sentence_text"];
  int64_t tb = e["trigger"]["span"][0], te = e["trigger"]["span"][1];
  EXPECT_EQ(sentence.substr(tb - begin, te - tb), e["trigger"]["text"].get<std::string>());
  EXPECT_EQ(d["document"]["id"], first.doc_id);
  EXPECT_GE(d["num_mentions"].get<int>(), 1);
  CallJson("/api/events/99999999", {}, 404);
  CallJson("/api/events/abc", {}, 400);
}

TEST_F(DashboardTest, RemovedBoilerplateIsPlacedAfterTheArticle) {
  json r = CallJson("/api/documents/chrome/removed");
  ASSERT_FALSE(r["removed"].empty()) << r.dump();
  auto doc = store_->GetDocument("chrome", false);
  ASSERT_TRUE(doc.ok() && *doc);
  const std::string& text = (*doc)->doc.text;
  bool teaser = false;
  for (const json& b : r["removed"]) {
    EXPECT_FALSE(b["reason"].get<std::string>().empty());
    EXPECT_LE(b["at"].get<size_t>(), text.size());
    // Nothing removed is in the article text.
    EXPECT_EQ(text.find(b["text"].get<std::string>()), std::string::npos) << b.dump();
    teaser |= b["text"].get<std::string>().find("Erdogan") != std::string::npos;
  }
  EXPECT_TRUE(teaser) << r.dump();
  EXPECT_EQ(text.find("Erdogan"), std::string::npos);
  // A plain text with no chrome has nothing removed.
  EXPECT_TRUE(CallJson("/api/documents/gr/removed")["removed"].empty());
  CallJson("/api/documents/none/removed", {}, 404);
}

TEST_F(DashboardTest, CodeWithoutStoring) {
  DashboardReply r = Call("POST", "/api/code", {}, json{{"text", kGreece}, {"date", "2024-03-11"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json d = json::parse(r.body);
  ASSERT_FALSE(d["events"].empty());
  EXPECT_EQ(d["events"][0]["cameo"].get<std::string>().substr(0, 2), "11");
  EXPECT_FALSE(d["mentions"].empty());
  EXPECT_EQ(Count({}), Count({}));  // nothing stored: the store is untouched
  auto stored = store_->GetDocument(d["id"].get<std::string>(), false);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(*stored);
  EXPECT_EQ(Call("POST", "/api/code", {}, "not json").status, 400);
  EXPECT_EQ(Call("POST", "/api/code", {}, json{{"text", "a"}, {"html", "<p>b</p>"}}.dump()).status, 400);
  EXPECT_EQ(Call("POST", "/api/code", {}, json{{"text", "a"}, {"id", "x"}}.dump()).status, 400);
  EXPECT_EQ(Call("POST", "/api/code", {}, json{{"text", 3}}.dump()).status, 400);
  // HTML: the article is extracted first.
  DashboardReply page = Call("POST", "/api/code", {},
                             json{{"html", std::string("<html><body><article><p>") + kGreece + "</p></article></body></html>"}}.dump());
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_FALSE(json::parse(page.body)["events"].empty());
  Dashboard no_data(DashboardOptions{});
  DashboardRequest req{"POST", "/api/code", {}, json{{"text", kGreece}}.dump(), "", ""};
  EXPECT_EQ(no_data.Handle(req, [] { return Result<Store*>(Status::Internal("unused")); }).status, 503);
}

TEST_F(DashboardTest, StaticFilesGzipEtagAndNotBuilt) {
  DashboardReply page = Call("GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, html_gz_);
  bool csp = false, gzip = false;
  std::string etag;
  for (auto& [k, v] : page.headers) {
    csp |= k == "Content-Security-Policy" && v.find("default-src 'self'") != std::string::npos;
    gzip |= k == "Content-Encoding" && v == "gzip";
    if (k == "ETag") etag = v;
  }
  EXPECT_TRUE(csp && gzip);
  EXPECT_EQ(etag, "\"h1\"");
  // A client without gzip gets the plain bytes.
  EXPECT_EQ(Call("GET", "/app.js", {}, "", "identity").body, "console.log(1);");
  EXPECT_EQ(Call("GET", "/app.js", {}, "", "gzip;q=0").body, "console.log(1);");
  DashboardRequest again{"GET", "/", {}, "", "gzip", "\"h1\""};
  EXPECT_EQ(dashboard_->Handle(again, [] { return Result<Store*>(Status::Internal("unused")); }).status, 304);
  EXPECT_EQ(Call("GET", "/../etc/passwd").status, 404);
  EXPECT_EQ(Call("GET", "/nothing.js").status, 404);
  Dashboard bare(DashboardOptions{});
  DashboardRequest root{"GET", "/", {}, "", "", ""};
  DashboardReply none = bare.Handle(root, [] { return Result<Store*>(Status::Internal("unused")); });
  EXPECT_EQ(none.status, 503);
  EXPECT_NE(none.body.find("scripts/setup.sh"), std::string::npos);
  EXPECT_FALSE(Dashboard::Owns("GET", "/api/events"));
  EXPECT_FALSE(Dashboard::Owns("GET", "/api/documents/x"));
  EXPECT_TRUE(Dashboard::Owns("GET", "/api/documents/x/removed"));
  EXPECT_FALSE(Dashboard::Owns("DELETE", "/"));
  std::string plain;
  EXPECT_FALSE(Gunzip("not gzip", plain));
}

// Routes() is what a route table registers: each route is owned and answered
// (not 404) once its {id} is a stored id; nothing else under /api/ is owned.
TEST_F(DashboardTest, RoutesListEverythingHandleAnswers) {
  std::vector<StoredEvent> rows;
  ASSERT_TRUE(store_->QueryEvents(EventQuery{}, [&](const StoredEvent& e) {
    rows.push_back(e);
    return false;
  }).ok());
  ASSERT_FALSE(rows.empty());
  std::set<std::string> seen;
  for (const DashboardRoute& r : dashboard_->Routes()) {
    EXPECT_TRUE(seen.insert(r.method + " " + r.pattern).second) << "twice: " << r.pattern;
    std::string path = r.pattern;
    if (auto at = path.find("{id}"); at != std::string::npos)
      path.replace(at, 4, path.rfind("/api/events/", 0) == 0 ? std::to_string(rows[0].id) : rows[0].doc_id);
    std::string body = r.method == "POST" ? json{{"text", kGreece}}.dump() : "";
    std::multimap<std::string, std::string> params;
    if (r.pattern == "/api/counts") params = {{"by", "quad"}};  // required
    DashboardReply reply = Call(r.method, path, params, body);
    EXPECT_EQ(reply.status, 200) << r.method << " " << path << ": " << reply.body;
    EXPECT_EQ(r.max_body_bytes > 0, r.method == "POST") << r.pattern;
    EXPECT_EQ(r.fallback, r.pattern == "/api/statements");
  }
  EXPECT_TRUE(seen.count("GET /") && seen.count("GET /app.js") && seen.count("POST /api/code"));
  Dashboard bare(DashboardOptions{});
  auto none = bare.Routes();
  EXPECT_TRUE(std::any_of(none.begin(), none.end(), [](const DashboardRoute& r) { return r.pattern == "/"; }));
}

// Through the real server: the dashboard's routes sit beside the JSON API.
TEST_F(DashboardTest, ServedByTheServer) {
  store_.reset();
  ServerOptions options;
  options.db = db_;
  options.port = 0;
  options.threads = 4;
  options.data_dir = DYAD_SOURCE_DIR "/data";
  options.web_assets = &assets_;
  auto server = Server::Create(options);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  ASSERT_TRUE((*server)->Bind().ok());
  std::thread listen([&] { (void)(*server)->Listen(); });
  (*server)->WaitUntilReady();
  httplib::Client client("127.0.0.1", (*server)->port());
  client.set_read_timeout(10, 0);
  auto page = client.Get("/", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body, "<!doctype html><title>dyad</title>");
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  // Browsers offer br; the server never answers it (brotli at its slowest
  // setting cost more than the query on the old server): the embedded files go
  // out gzipped once, as stored, and the Beast transport compresses nothing.
  client.set_decompress(false);
  httplib::Headers browser = {{"Accept-Encoding", "gzip, deflate, br, zstd"}};
  auto js = client.Get("/app.js", browser);
  ASSERT_TRUE(js);
  EXPECT_EQ(js->body, js_gz_);
  EXPECT_EQ(js->get_header_value_count("Content-Encoding"), 1u);
  EXPECT_EQ(js->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(js->get_header_value("Cache-Control"), "no-cache");
  auto listed = client.Get("/api/events?limit=50", browser);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 200);
  EXPECT_FALSE(listed->has_header("Content-Encoding"));
  EXPECT_TRUE(json::parse(listed->body).is_object() || json::parse(listed->body).is_array());
  auto revalidated = client.Get("/app.js", {{"Accept-Encoding", "gzip"}, {"If-None-Match", js->get_header_value("ETag")}});
  ASSERT_TRUE(revalidated);
  EXPECT_EQ(revalidated->status, 304);
  client.set_decompress(true);
  auto timeline = client.Get("/api/timeline?interval=month");
  ASSERT_TRUE(timeline);
  EXPECT_EQ(timeline->status, 200);
  EXPECT_FALSE(json::parse(timeline->body)["periods"].empty());
  auto events = client.Get("/api/events?actor=IRQ&order=desc");
  ASSERT_TRUE(events);
  EXPECT_EQ(events->status, 200) << events->body;
  auto missing = client.Get("/api/nothing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(missing->body.find("no such endpoint"), std::string::npos);
  auto statements = client.Get("/api/statements?dyad=IRQ-USA");
  ASSERT_TRUE(statements);
  EXPECT_EQ(statements->status, 200);
  // The server's own endpoint (issue 12) answers, not the dashboard's fallback.
  json listed_statements = json::parse(statements->body);
  EXPECT_FALSE(listed_statements.contains("available")) << statements->body;
  EXPECT_TRUE(listed_statements["statements"].is_array()) << statements->body;
  auto coded = client.Post("/api/code", json{{"text", kGreece}}.dump(), "application/json");
  ASSERT_TRUE(coded);
  EXPECT_EQ(coded->status, 200);
  (*server)->Stop();
  listen.join();
}

}  // namespace
}  // namespace dyad
