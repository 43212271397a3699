// Integration tests: the real server on a free loopback port, queried with httplib::Client.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/server.h"
#include "dyad/store.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* kIraqUsa =
    "Iraq accused the United States of violating its sovereignty on Saturday, January 27, 2024. "
    "American officials held talks with the Iraqi government in Baghdad.";
const char* kGreece = "Greece accused Turkey of violating its airspace on Monday, March 11, 2024.";

class ServerTest : public ::testing::Test {
 protected:
  void Start(const std::string& token, int busy_timeout_ms = 5000) {
    dir_ = fs::temp_directory_path() / ("dyad_server_test_" + std::to_string(getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "s.db").string();
    {
      auto store = Store::Open(db_);
      ASSERT_TRUE(store.ok()) << store.status().ToString();
      auto pipeline = Pipeline::Build(StorePipelineSpec("", false), DYAD_SOURCE_DIR "/data");
      ASSERT_TRUE(pipeline.ok());
      PipelineScratch scratch = pipeline->NewScratch();
      std::vector<Document> docs;
      for (auto [id, text, date] : {std::tuple{"iq", kIraqUsa, "2024-01-27"}, std::tuple{"gr", kGreece, "2024-03-11"}}) {
        auto d = DocumentFromText(text, id, ReadOptions{});
        ASSERT_TRUE(d.ok());
        d->id = id;
        d->date = date;
        d->site = "Test Site";
        ASSERT_TRUE(pipeline->Run(*d, scratch).ok());
        docs.push_back(std::move(*d));
      }
      ASSERT_TRUE((*store)->PutDocuments({&docs[0], &docs[1]}).ok());
    }
    ServerOptions options;
    options.db = db_;
    options.port = 0;
    options.token = token;
    options.data_dir = DYAD_SOURCE_DIR "/data";
    options.max_body_bytes = 1 << 20;
    options.max_limit = 50;
    options.threads = 4;
    options.busy_timeout_ms = busy_timeout_ms;
    auto server = Server::Create(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    ASSERT_TRUE(server_->Bind().ok());
    thread_ = std::thread([this] { (void)server_->Listen(); });
    server_->WaitUntilReady();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(10, 0);
  }
  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    client_.reset();
    server_.reset();
    fs::remove_all(dir_);
  }

  // GET path; returns (status, parsed body).
  std::pair<int, json> Get(const std::string& path) {
    auto res = client_->Get(path.c_str());
    EXPECT_TRUE(res) << path;
    if (!res) return {0, json()};
    json body = json::parse(res->body, nullptr, false);
    EXPECT_FALSE(body.is_discarded()) << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
    return {res->status, body};
  }

  static inline int counter_ = 0;
  fs::path dir_;
  std::string db_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServerTest, HealthEventsFiltersAndPaging) {
  Start("");
  auto [hs, health] = Get("/api/health");
  EXPECT_EQ(hs, 200);
  EXPECT_EQ(health["status"], "ok");

  auto [s1, all] = Get("/api/events");
  ASSERT_EQ(s1, 200);
  size_t total = all["events"].size();
  ASSERT_GE(total, 3u);

  auto [s2, dyad] = Get("/api/events?dyad=usa-irq");
  ASSERT_EQ(s2, 200);
  ASSERT_GE(dyad["events"].size(), 2u);
  for (const auto& e : dyad["events"]) {
    std::string src = e["source"]["code"], tgt = e["target"]["code"];
    EXPECT_TRUE((src.rfind("IRQ", 0) == 0 && tgt.rfind("USA", 0) == 0) ||
                (src.rfind("USA", 0) == 0 && tgt.rfind("IRQ", 0) == 0))
        << src << " " << tgt;
    EXPECT_FALSE(e["sentence_text"].get<std::string>().empty());
  }

  auto [s3, ranged] = Get("/api/events?from=2024-03-01&to=2024-03-31&code=11&site=Test%20Site");
  ASSERT_EQ(s3, 200);
  ASSERT_EQ(ranged["events"].size(), 1u);
  EXPECT_EQ(ranged["events"][0]["doc_id"], "gr");

  auto [s4, text] = Get("/api/events?text=airspace");
  ASSERT_EQ(s4, 200);
  EXPECT_EQ(text["events"].size(), 1u);

  auto [s5, page1] = Get("/api/events?limit=1");
  ASSERT_EQ(s5, 200);
  ASSERT_EQ(page1["events"].size(), 1u);
  EXPECT_EQ(page1["next_offset"], 1);
  auto [s6, page2] = Get("/api/events?limit=1&offset=1");
  ASSERT_EQ(page2["events"].size(), 1u);
  EXPECT_NE(page1["events"][0]["id"], page2["events"][0]["id"]);

  auto [s7, grouped] = Get("/api/events?grouped=true");
  ASSERT_EQ(s7, 200);
  EXPECT_TRUE(grouped["events"][0].contains("num_sources"));

  auto [s8, stats] = Get("/api/stats");
  ASSERT_EQ(s8, 200);
  EXPECT_EQ(stats["documents"], 2);
}

TEST_F(ServerTest, BadParametersAreRejectedWithClearMessages) {
  Start("");
  for (const std::string& path :
       {"/api/events?bogus=1", "/api/events?limit=51", "/api/events?limit=0", "/api/events?quad=9",
        "/api/events?from=2024-02-30x", "/api/events?source=IRQ%27%20OR%201%3D1%20--",
        "/api/events?code=04%27%3BDROP%20TABLE%20events", "/api/events?dyad=IRQ", "/api/events?grouped=maybe",
        "/api/dyad?a=IRQ", "/api/dyad?a=IRQ&b=USA&interval=year", "/api/dyad?a=IRQ&b=USA&limit=3",
        "/api/stats?x=1", "/api/health?x=1", "/api/documents/iq?x=1"}) {
    auto [status, body] = Get(path);
    EXPECT_EQ(status, 400) << path;
    EXPECT_TRUE(body.contains("error")) << path;
  }
  auto [s, body] = Get("/api/events?bogus=1");
  EXPECT_NE(body["error"].get<std::string>().find("unknown parameter 'bogus'"), std::string::npos);
}

TEST_F(ServerTest, InjectionAttemptsChangeNothing) {
  Start("");
  auto [s0, before] = Get("/api/stats");
  // Values that pass validation are bound parameters; FTS syntax errors are 400s.
  for (const std::string& path :
       {"/api/events?site=x%27%20OR%20%271%27%3D%271%27%3B%20DROP%20TABLE%20events%3B--",
        "/api/events?doc=iq%27%20OR%201%3D1--", "/api/events?text=%22%27%3B%20DROP%20TABLE%20documents%3B%20--%22",
        "/api/events?text=%27)%20OR%201%3D1%20--", "/api/documents/iq%27%20OR%20%271%27%3D%271"}) {
    auto [status, body] = Get(path);
    EXPECT_TRUE(status == 200 || status == 400 || status == 404) << path << " " << status;
    if (status == 200 && body.contains("events")) {
      EXPECT_TRUE(body["events"].empty()) << path;
    }
  }
  // The stats cache is dropped only on POST; ask the store directly.
  auto store = Store::Open(db_);
  ASSERT_TRUE(store.ok());
  auto st = (*store)->Stats();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->documents, before["documents"]);
  EXPECT_EQ(st->events, before["events"]);
}

TEST_F(ServerTest, DocumentsDyadTimelineAndTraversal) {
  Start("");
  auto [s1, doc] = Get("/api/documents/iq");
  ASSERT_EQ(s1, 200);
  std::string text = doc["text"];
  ASSERT_FALSE(doc["sentences"].empty());
  ASSERT_FALSE(doc["events"].empty());
  for (const auto& m : doc["mentions"]) {
    uint32_t b = m["span"][0], e = m["span"][1];
    EXPECT_EQ(text.substr(b, e - b), m["text"].get<std::string>());
  }
  for (const auto& ev : doc["events"]) {
    uint32_t b = ev["trigger"]["span"][0], e = ev["trigger"]["span"][1];
    EXPECT_EQ(text.substr(b, e - b), ev["trigger"]["text"].get<std::string>());
  }
  auto [s2, missing] = Get("/api/documents/nope");
  EXPECT_EQ(s2, 404);
  for (const std::string& path : {"/api/documents/..%2F..%2Fetc%2Fpasswd", "/../../etc/passwd",
                                  "/api/../../../etc/passwd", "/static/..%2f..%2fetc/passwd", "/api/nothing"}) {
    auto res = client_->Get(path.c_str());
    ASSERT_TRUE(res) << path;
    EXPECT_TRUE(res->status == 404 || res->status == 400) << path << " " << res->status;
    EXPECT_EQ(res->body.find("root:"), std::string::npos);
  }

  auto [s3, timeline] = Get("/api/dyad?a=IRQ&b=USA&interval=month");
  ASSERT_EQ(s3, 200);
  ASSERT_TRUE(timeline["directions"].contains("IRQ->USA"));
  ASSERT_TRUE(timeline["directions"].contains("USA->IRQ"));
  EXPECT_EQ(timeline["directions"]["IRQ->USA"][0]["period"], "2024-01");
  EXPECT_GE(timeline["directions"]["IRQ->USA"][0]["count"].get<int>(), 1);
  EXPECT_GE(timeline["directions"]["USA->IRQ"][0]["count"].get<int>(), 1);
  auto [s4, weekly] = Get("/api/dyad?a=IRQ&b=USA&interval=week&from=2024-01-01");
  ASSERT_EQ(s4, 200);
  EXPECT_EQ(weekly["directions"]["IRQ->USA"][0]["period"], "2024-W04");
}

TEST_F(ServerTest, PostIsRefusedWithoutConfiguredToken) {
  Start("");
  auto res = client_->Post("/api/documents", R"({"text":"Iraq met Iran."})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
}

TEST_F(ServerTest, PostNeedsTokenValidatesAndIngests) {
  Start("s3cret");
  std::string body = R"({"id":"new-1","date":"2024-05-03","title":"Talks","text":"China criticised Japan over the islands on Friday, May 3, 2024."})";
  auto none = client_->Post("/api/documents", body, "application/json");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  httplib::Headers wrong = {{"Authorization", "Bearer nope"}};
  auto bad = client_->Post("/api/documents", wrong, body, "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 401);

  httplib::Headers auth = {{"Authorization", "Bearer s3cret"}};
  for (const std::string& junk : {std::string("{\"text\": \"unterminated"), std::string("[1,2,3]"),
                                  std::string("{\"title\":\"no text\"}"), std::string("{\"text\": 42}"),
                                  std::string("not json at all"), std::string("{\"text\":\"x\",\"date\":\"soon\"}")}) {
    auto r = client_->Post("/api/documents", auth, junk, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << junk << " -> " << r->body;
    EXPECT_NE(r->body.find("error"), std::string::npos);
  }
  std::string huge = "{\"text\":\"" + std::string((1 << 20) + 10, 'a') + "\"}";
  auto big = client_->Post("/api/documents", auth, huge, "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);

  auto ok = client_->Post("/api/documents", auth, body, "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201) << ok->body;
  json j = json::parse(ok->body);
  EXPECT_EQ(j["id"], "new-1");
  EXPECT_EQ(j["outcome"], "inserted");
  EXPECT_GE(j["events"].get<int>(), 1);
  auto again = client_->Post("/api/documents", auth, body, "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(json::parse(again->body)["outcome"], "unchanged");

  auto [s, events] = Get("/api/events?dyad=CHN-JPN");
  ASSERT_EQ(s, 200);
  ASSERT_FALSE(events["events"].empty());
  EXPECT_EQ(events["events"][0]["doc_id"], "new-1");
  auto [s2, stats] = Get("/api/stats");
  EXPECT_EQ(stats["documents"], 3);
}

// Another process (here: a raw connection) holds the write lock: POST answers
// 503 with a message that names the lock, reads still work, nothing stored is
// lost, and the same POST succeeds once the lock is gone.
TEST_F(ServerTest, PostToALockedDatabaseIs503AndLosesNothing) {
  Start("s3cret", /*busy_timeout_ms=*/100);
  httplib::Headers auth = {{"Authorization", "Bearer s3cret"}};
  std::string body = R"({"id":"locked-1","date":"2024-05-03","text":"China criticised Japan over the islands on Friday, May 3, 2024."})";
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto refused = client_->Post("/api/documents", auth, body, "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503) << refused->body;
  EXPECT_NE(refused->body.find("locked"), std::string::npos) << refused->body;
  auto [s, stats] = Get("/api/stats");  // WAL: readers are not blocked by the writer's lock
  EXPECT_EQ(s, 200);
  EXPECT_EQ(stats["documents"], 2);
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  auto accepted = client_->Post("/api/documents", auth, body, "application/json");
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 201) << accepted->body;
  auto [s2, iq] = Get("/api/events?dyad=IRQ-USA");
  EXPECT_EQ(s2, 200);
  EXPECT_FALSE(iq["events"].empty());
  auto [s3, cn] = Get("/api/events?dyad=CHN-JPN");
  EXPECT_EQ(s3, 200);
  EXPECT_FALSE(cn["events"].empty());
}

TEST(ServerOpenTest, CorruptDatabaseIsAClearError) {
  fs::path p = fs::temp_directory_path() / ("dyad_server_junk_" + std::to_string(getpid()) + ".db");
  {
    std::ofstream out(p);
    for (int i = 0; i < 500; ++i) out << "garbage garbage garbage\n";
  }
  ServerOptions options;
  options.db = p.string();
  options.port = 0;
  auto server = Server::Create(options);
  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.status().message().find("corrupt or not a SQLite database"), std::string::npos);
  fs::remove(p);
}

}  // namespace
}  // namespace dyad
