#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/store.h"
#include "test_util.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("dyad_store_test_" + std::to_string(getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

const Pipeline& TestPipeline() {
  static const Pipeline* p = [] {
    auto built = Pipeline::Build(StorePipelineSpec("", false), DYAD_SOURCE_DIR "/data");
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return new Pipeline(std::move(*built));
  }();
  return *p;
}

Document Coded(const std::string& id, const std::string& text, const std::string& date = "2024-01-27",
               const std::string& site = "") {
  return testing::CodedWith(TestPipeline(), id, text, date, site);
}

const char* kIraqUsa =
    "Iraq accused the United States of violating its sovereignty on Saturday, January 27, 2024. "
    "American officials held talks with the Iraqi government in Baghdad.";
const char* kGreece = "Greece accused Turkey of violating its airspace on Monday, March 11, 2024.";
const char* kUnknown = "Members of the Harbour Workers Union gathered outside the building.";

std::unique_ptr<Store> OpenStore(const std::string& path) {
  auto s = Store::Open(path);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(*s) : nullptr;
}

int64_t Count(Store& store, EventQuery q = {}) {
  auto n = store.CountEvents(q);
  EXPECT_TRUE(n.ok()) << n.status().ToString();
  return n.ok() ? *n : -1;
}

TEST(StoreTest, CreatesVersionedSchemaAndReopens) {
  TempDir dir;
  {
    auto store = OpenStore(dir.File("a.db"));
    ASSERT_TRUE(store);
    EXPECT_EQ(store->SchemaVersion(), 3);
  }
  auto again = OpenStore(dir.File("a.db"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->SchemaVersion(), 3);
}

TEST(StoreTest, PutIsIdempotentAndDetectsDuplicatesAndUpdates) {
  TempDir dir;
  auto store = OpenStore(dir.File("a.db"));
  Document a = Coded("a", kIraqUsa);
  ASSERT_FALSE(a.events.empty());
  auto r1 = store->PutDocuments({&a});
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_EQ((*r1)[0].outcome, PutOutcome::kInserted);
  int64_t events = Count(*store, EventQuery{.all = true});
  EXPECT_EQ(events, static_cast<int64_t>(a.events.size()));

  auto r2 = store->PutDocuments({&a});
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ((*r2)[0].outcome, PutOutcome::kUnchanged);
  EXPECT_EQ(Count(*store, EventQuery{.all = true}), events);

  Document copy = Coded("b", kIraqUsa);  // same content, another id
  auto r3 = store->PutDocuments({&copy});
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ((*r3)[0].outcome, PutOutcome::kDuplicate);
  EXPECT_EQ((*r3)[0].duplicate_of, "a");
  EXPECT_EQ(Count(*store, EventQuery{.all = true}), events);

  Document updated = Coded("a", kGreece);  // same id, new content
  auto r4 = store->PutDocuments({&updated});
  ASSERT_TRUE(r4.ok());
  EXPECT_EQ((*r4)[0].outcome, PutOutcome::kReplaced);
  EXPECT_EQ(Count(*store, EventQuery{.all = true}), static_cast<int64_t>(updated.events.size()));
  EventQuery iraq;
  iraq.source = "IRQ";
  EXPECT_EQ(Count(*store, iraq), 0);
}

TEST(StoreTest, FiltersDyadCodeDatesTextSite) {
  TempDir dir;
  auto store = OpenStore(dir.File("a.db"));
  Document a = Coded("a", kIraqUsa, "2024-01-27", "Gulf News");
  Document g = Coded("g", kGreece, "2024-03-11", "Aegean Monitor");
  ASSERT_TRUE(store->PutDocuments({&a, &g}).ok());

  EventQuery dyad;
  dyad.dyad_a = "USA";
  dyad.dyad_b = "IRQ";
  int64_t both = Count(*store, dyad);
  EXPECT_GE(both, 2);  // accuse IRQ->USA, talks USA->IRQ
  EventQuery src;
  src.source = "IRQ";
  src.target = "USA";
  EventQuery rev;
  rev.source = "USA";
  rev.target = "IRQ";
  EXPECT_EQ(Count(*store, src) + Count(*store, rev), both);
  EXPECT_GE(Count(*store, src), 1);

  EventQuery longer;
  longer.source = "IRQGOV";
  EventQuery root;
  root.source = "IRQ";
  EXPECT_LE(Count(*store, longer), Count(*store, root));

  EventQuery accuse;
  accuse.code = "11";  // root: disapprove / accuse
  EXPECT_GE(Count(*store, accuse), 2);
  EventQuery accuse_exact;
  accuse_exact.code = "112";
  EXPECT_GE(Count(*store, accuse_exact), 1);

  EventQuery march;
  march.from = "2024-03-01";
  march.to = "2024-03-31";
  int64_t in_march = Count(*store, march);
  EXPECT_GE(in_march, 1);
  std::vector<StoredEvent> rows;
  ASSERT_TRUE(store->QueryEvents(march, [&](const StoredEvent& e) {
    rows.push_back(e);
    return true;
  }).ok());
  for (const auto& e : rows) {
    EXPECT_EQ(e.doc_id, "g");
    EXPECT_FALSE(e.sentence_text.empty());
    EXPECT_FALSE(e.trigger_text.empty());
  }

  EventQuery text;
  text.text = "airspace";
  EXPECT_EQ(Count(*store, text), in_march);
  EventQuery site;
  site.site = "Gulf News";
  EXPECT_EQ(Count(*store, site), Count(*store, EventQuery{.doc_id = "a"}));

  // Paging.
  EventQuery page;
  page.limit = 1;
  int64_t n = 0;
  ASSERT_TRUE(store->QueryEvents(page, [&](const StoredEvent&) { return ++n, true; }).ok());
  EXPECT_EQ(n, 1);

  auto plan = store->ExplainEventsQuery(dyad);
  ASSERT_TRUE(plan.ok());
  std::string all;
  for (const auto& l : *plan) all += l + "\n";
  EXPECT_NE(all.find("events_dyad"), std::string::npos) << all;
}

TEST(StoreTest, GroupedEventsCountMentionsAndSources) {
  TempDir dir;
  auto store = OpenStore(dir.File("a.db"));
  const char* text = "Greece accused Turkey of violating its airspace on Monday, March 11, 2024.";
  Document a = Coded("a", text, "2024-03-12");
  Document b = Coded("b", std::string(text) + " Officials said so.", "2024-03-12");
  ASSERT_TRUE(store->PutDocuments({&a, &b}).ok());
  EventQuery q;
  q.code = "112";
  std::vector<GroupedEvent> groups;
  ASSERT_TRUE(store->QueryGroupedEvents(q, true, [&](const GroupedEvent& g) {
    groups.push_back(g);
    return true;
  }).ok());
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].num_mentions, 2);
  EXPECT_EQ(groups[0].num_sources, 2);
  EXPECT_EQ(groups[0].mentions.size(), 2u);
}

TEST(StoreTest, TimelineSeparatesDirectionsAndBuckets) {
  TempDir dir;
  auto store = OpenStore(dir.File("a.db"));
  Document a = Coded("a", kIraqUsa);
  ASSERT_TRUE(store->PutDocuments({&a}).ok());
  auto month = store->Timeline("IRQ", "USA", Interval::kMonth, {});
  ASSERT_TRUE(month.ok()) << month.status().ToString();
  bool ab = false, ba = false;
  for (const auto& p : *month) {
    EXPECT_EQ(p.period, "2024-01");
    if (p.direction == "IRQ->USA") ab = true;
    if (p.direction == "USA->IRQ") ba = true;
  }
  EXPECT_TRUE(ab);
  EXPECT_TRUE(ba);
  auto week = store->Timeline("IRQ", "USA", Interval::kWeek, {});
  ASSERT_TRUE(week.ok());
  ASSERT_FALSE(week->empty());
  EXPECT_EQ((*week)[0].period, "2024-W04");  // 2024-01-27 is in ISO week 4
}

TEST(StoreTest, GetDocumentReturnsSpans) {
  TempDir dir;
  auto store = OpenStore(dir.File("a.db"));
  Document a = Coded("a", kIraqUsa);
  ASSERT_TRUE(store->PutDocuments({&a}).ok());
  auto got = store->GetDocument("a");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  const Document& d = (*got)->doc;
  EXPECT_EQ(d.text, a.text);
  EXPECT_EQ(d.sentences.size(), a.sentences.size());
  EXPECT_EQ(d.mentions.size(), a.mentions.size());
  ASSERT_EQ(d.events.size(), a.events.size());
  for (size_t i = 0; i < d.events.size(); ++i) {
    EXPECT_EQ(d.events[i].cameo, a.events[i].cameo);
    EXPECT_EQ(d.events[i].trigger, a.events[i].trigger);
    EXPECT_EQ(d.events[i].source.code, a.events[i].source.code);
  }
  auto missing = store->GetDocument("nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST(StoreTest, UnknownActorsHeuristic) {
  Document d = Coded("u", kUnknown);
  auto names = FindUnknownActorNames(d);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].first, "Harbour Workers Union");
  // A sentence with a coded actor contributes nothing.
  Document coded = Coded("c", "Iraq met the Harbour Workers Union in Baghdad.");
  EXPECT_TRUE(FindUnknownActorNames(coded).empty());

  TempDir dir;
  auto store = OpenStore(dir.File("a.db"));
  Document d2 = Coded("u2", std::string(kUnknown) + " The Harbour Workers Union said nothing.");
  ASSERT_TRUE(store->PutDocuments({&d, &d2}).ok());
  auto unknown = store->UnknownActors(10);
  ASSERT_TRUE(unknown.ok());
  ASSERT_FALSE(unknown->empty());
  EXPECT_EQ((*unknown)[0].name, "Harbour Workers Union");
  EXPECT_EQ((*unknown)[0].count, 3);
  EXPECT_EQ((*unknown)[0].documents, 2);
}

TEST(StoreTest, ParseEventQueryValidates) {
  auto ok = ParseEventQuery({{"dyad", "irq-usa"}, {"from", "2023-01-01"}, {"limit", "10"}}, 100, 1000);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->dyad_a, "IRQ");
  EXPECT_EQ(ok->dyad_b, "USA");
  EXPECT_EQ(ok->limit, 10);
  EXPECT_EQ(ParseEventQuery({}, 100, 1000)->limit, 100);
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"source", "IRQ' OR 1=1 --"},
           {"target", "USA;DROP TABLE events"},
           {"dyad", "IRQ"},
           {"code", "04' OR '1'='1"},
           {"quad", "5"},
           {"from", "2023-13-01"},
           {"to", "yesterday"},
           {"limit", "5000"},
           {"limit", "-1"},
           {"offset", "1e9"},
           {"all", "maybe"},
           {"bogus", "1"}}) {
    auto r = ParseEventQuery({{k, v}}, 100, 1000);
    EXPECT_FALSE(r.ok()) << k << "=" << v;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
      EXPECT_NE(r.status().message().find(k == "bogus" ? "unknown parameter" : k), std::string::npos)
          << r.status().message();
    }
  }
  EXPECT_FALSE(ParseEventQuery({{"source", "IRQ"}, {"source", "USA"}}).ok());
}

TEST(StoreTest, SqlInjectionInFiltersIsInert) {
  TempDir dir;
  auto store = OpenStore(dir.File("a.db"));
  Document a = Coded("a", kIraqUsa, "2024-01-27", "Gulf News");
  ASSERT_TRUE(store->PutDocuments({&a}).ok());
  int64_t before = Count(*store, EventQuery{.all = true});
  // Values that pass validation reach SQL only as bound parameters.
  EventQuery q;
  q.site = "x' OR '1'='1'; DROP TABLE events; --";
  EXPECT_EQ(Count(*store, q), 0);
  q = {};
  q.doc_id = "a' OR 1=1 --";
  EXPECT_EQ(Count(*store, q), 0);
  q = {};
  q.text = "\"'; DROP TABLE documents; --\"";
  auto n = store->CountEvents(q);
  EXPECT_TRUE(n.ok() ? *n == 0 : n.status().code() == StatusCode::kInvalidArgument);
  q.text = "') OR 1=1 --";  // not FTS5 syntax: a clear error, not SQL
  auto bad = store->CountEvents(q);
  if (!bad.ok()) EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument) << bad.status().ToString();
  EXPECT_EQ(Count(*store, EventQuery{.all = true}), before);
  auto got = store->GetDocument("a' OR '1'='1");
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(StoreTest, CorruptOrForeignFileIsAClearErrorAndUntouched) {
  TempDir dir;
  std::string junk = dir.File("junk.db");
  {
    std::ofstream out(junk, std::ios::binary);
    for (int i = 0; i < 1000; ++i) out << "this is not a database " << i << '\n';
  }
  std::string before = Slurp(junk);
  auto s = Store::Open(junk);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kDataLoss) << s.status().ToString();
  EXPECT_NE(s.status().message().find("corrupt or not a SQLite database"), std::string::npos);
  EXPECT_EQ(Slurp(junk), before);

  // A valid store whose pages were damaged.
  std::string db = dir.File("damaged.db");
  {
    auto store = OpenStore(db);
    Document a = Coded("a", kIraqUsa);
    ASSERT_TRUE(store->PutDocuments({&a}).ok());
  }
  {
    auto store = OpenStore(db);  // checkpoints the WAL on close
  }
  std::string bytes = Slurp(db);
  ASSERT_GT(bytes.size(), 8192u);
  for (size_t i = 4096 + 100; i < bytes.size(); i += 512) bytes[i] = static_cast<char>(0xA5);
  {
    std::ofstream out(db, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  fs::remove(db + "-wal");
  fs::remove(db + "-shm");
  auto damaged = Store::Open(db);
  Status err = damaged.ok() ? damaged.value()->CountEvents({}).status() : damaged.status();
  if (damaged.ok() && err.ok()) {
    Document b = Coded("b", kGreece);
    auto put = damaged.value()->PutDocuments({&b});
    err = put.status();
  }
  EXPECT_FALSE(err.ok());
  EXPECT_TRUE(err.code() == StatusCode::kDataLoss || err.code() == StatusCode::kFailedPrecondition ||
              err.code() == StatusCode::kInternal)
      << err.ToString();

  // A SQLite database of something else.
  std::string other = dir.File("other.db");
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto foreign = Store::Open(other);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("not a dyad store"), std::string::npos);
}

TEST(StoreTest, LockedDatabaseIsAClearErrorAndLosesNothing) {
  TempDir dir;
  std::string db = dir.File("a.db");
  StoreOptions quick;
  quick.busy_timeout_ms = 100;
  auto store = Store::Open(db, quick);
  ASSERT_TRUE(store.ok());
  Document a = Coded("a", kIraqUsa);
  ASSERT_TRUE((*store)->PutDocuments({&a}).ok());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  Document g = Coded("g", kGreece);
  auto put = (*store)->PutDocuments({&g});
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().code(), StatusCode::kIoError);
  EXPECT_NE(put.status().message().find("locked"), std::string::npos) << put.status().ToString();
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  // Nothing lost; the retry succeeds.
  EXPECT_EQ(Count(**store, EventQuery{.all = true}), static_cast<int64_t>(a.events.size()));
  ASSERT_TRUE((*store)->PutDocuments({&g}).ok());
}

std::vector<std::string> EventRows(Store& store) {
  std::vector<std::string> rows;
  EventQuery all;
  all.all = true;
  EXPECT_TRUE(store.QueryEvents(all, [&](const StoredEvent& e) {
    rows.push_back(e.doc_id + "|" + std::to_string(e.event.sentence) + "|" + e.event.date + "|" + e.event.source.code +
                   "|" + e.event.target.code + "|" + e.event.cameo + "|" + std::to_string(e.event.trigger.begin));
    return true;
  }).ok());
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(StoreTest, RunIngestWithTwoJobsEqualsOneJobAndRecodeKeepsEvents) {
  TempDir dir;
  std::vector<std::string> texts = {kIraqUsa, kGreece, kUnknown, "Turkey praised Greece for its restraint.",
                                    "", "China criticised Japan over the islands on Friday, May 3, 2024."};
  auto producer = [&](const auto& emit) {
    for (size_t i = 0; i < texts.size(); ++i) {
      for (int rep = 0; rep < 3; ++rep) {
        std::string t = texts[i] + (texts[i].empty() ? "" : " Report " + std::to_string(rep) + ".");
        auto doc = DocumentFromText(t, "doc" + std::to_string(i), ReadOptions{});
        emit("doc" + std::to_string(i) + "/" + std::to_string(rep), std::move(doc));
      }
    }
  };
  std::vector<std::vector<std::string>> results;
  for (int jobs : {1, 2}) {
    auto store = OpenStore(dir.File("j" + std::to_string(jobs) + ".db"));
    IngestOptions options;
    options.jobs = jobs;
    options.batch_documents = 2;
    int errors = 0;
    options.on_error = [&](const std::string&, const Status&) { ++errors; };
    auto r = RunIngest(TestPipeline(), *store, producer, options);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->errors, 3);  // the empty text, three times
    EXPECT_EQ(errors, 3);
    EXPECT_EQ(r->written, 15);
    results.push_back(EventRows(*store));
    // Again: nothing new.
    auto again = RunIngest(TestPipeline(), *store, producer, options);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->written, 0);
    EXPECT_EQ(again->unchanged, 15);
    EXPECT_EQ(EventRows(*store), results.back());
    if (jobs == 2) {
      IngestOptions recode;
      recode.jobs = 2;
      recode.reanalyse = true;
      recode.skip_known = false;
      // Read everything first: the store is used by the writer thread during RunIngest.
      std::vector<Document> stored;
      ASSERT_TRUE(store->ForEachDocumentKey([&](const std::string& id, const std::string&) {
        auto d = store->GetDocument(id, false);
        Document fresh;
        fresh.id = id;
        fresh.raw = (*d)->doc.raw;
        fresh.date = (*d)->doc.date;
        stored.push_back(std::move(fresh));
      }).ok());
      auto rr = RunIngest(TestPipeline(), *store,
                          [&](const auto& emit) {
                            for (Document& d : stored) {
                              std::string id = d.id;
                              emit(id, std::move(d));
                            }
                          },
                          recode);
      ASSERT_TRUE(rr.ok()) << rr.status().ToString();
      EXPECT_EQ(rr->written, 15);
      EXPECT_EQ(EventRows(*store), results.back());
    }
  }
  EXPECT_EQ(results[0], results[1]);
  EXPECT_FALSE(results[0].empty());
}

TEST(StoreTest, ContentHashIsStable) {
  EXPECT_EQ(ContentHash(""), "6c62272e07bb014262b821756295c58d");  // the FNV-1a 128 offset basis
  EXPECT_EQ(ContentHash("a").size(), 32u);
  EXPECT_NE(ContentHash("a"), ContentHash("b"));
}

}  // namespace
}  // namespace dyad
