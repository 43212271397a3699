// The PostgreSQL store's own behaviour: schema versions, refusals with clear
// messages, concurrent writers, bytes PostgreSQL text cannot hold, the
// cluster task ledger. (Query results are compared with SQLite's in
// store_differential_test.cc.)
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/store.h"
#include "dyad/text.h"
#include "pgstore/pg_testing.h"
#include "pgstore/postgres_store.h"
#include "test_util.h"

namespace dyad {
namespace {

const Pipeline& StorePipeline() {
  static const Pipeline* p = [] {
    auto built = Pipeline::Build(StorePipelineSpec("", false), DYAD_SOURCE_DIR "/data");
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return new Pipeline(std::move(*built));
  }();
  return *p;
}

Document Coded(const std::string& id, const std::string& text, const std::string& date = "2024-01-27") {
  return testing::CodedWith(StorePipeline(), id, text, date);
}

const char* kIraqUsa =
    "Iraq accused the United States of violating its sovereignty on Saturday, January 27, 2024. "
    "American officials held talks with the Iraqi government in Baghdad.";
const char* kGreece = "Greece accused Turkey of violating its airspace on Monday, March 11, 2024.";

int64_t Count(Store& store) {
  auto n = store.CountEvents(EventQuery{.all = true});
  EXPECT_TRUE(n.ok()) << n.status().ToString();
  return n.ok() ? *n : -1;
}

TEST(PgStoreTest, LocationsAreRecognisedAndPasswordsRedacted) {
  EXPECT_TRUE(IsPostgresLocation("postgresql://dyad@db:5432/events"));
  EXPECT_TRUE(IsPostgresLocation("postgres://db/events"));
  EXPECT_TRUE(IsPostgresLocation("host=/run/postgresql dbname=dyad"));
  EXPECT_TRUE(IsPostgresLocation("dbname = dyad"));
  EXPECT_FALSE(IsPostgresLocation("dyad.db"));
  EXPECT_FALSE(IsPostgresLocation("/data/hosts=1.db"));
  EXPECT_FALSE(IsPostgresLocation(""));
  EXPECT_EQ(RedactConninfo("postgresql://u:s3cret@db/x"), "postgresql://u:***@db/x");
  EXPECT_EQ(RedactConninfo("host=db password=s3cret dbname=x"), "host=db password=*** dbname=x");
  EXPECT_EQ(RedactConninfo("host=db password='a b' dbname=x"), "host=db password=*** dbname=x");
  EXPECT_EQ(RedactConninfo("postgresql://db/x?password=s3cret&sslmode=off"), "postgresql://db/x?password=***&sslmode=off");
}

TEST(PgStoreTest, Fts5QueriesBecomeTsqueries) {
  auto t = [](const char* q) {
    auto r = Fts5ToTsquery(q);
    return r.ok() ? *r : "error: " + r.status().message();
  };
  EXPECT_EQ(t("airspace"), "'airspace'");
  EXPECT_EQ(t("ceasefire border"), "'ceasefire' & 'border'");
  EXPECT_EQ(t("ceasefire AND border"), "'ceasefire' & 'border'");
  EXPECT_EQ(t("\"prime minister\" OR premier"), "'prime minister' | 'premier'");
  EXPECT_EQ(t("accused NOT Iraq"), "'accused' & !'Iraq'");
  EXPECT_EQ(t("negotiat* (Greece OR Turkey)"), "'negotiat':* & ('Greece' | 'Turkey')");
  EXPECT_EQ(t("\"say \"\"no\"\"\" \"it's\""), "'say \"no\"' & 'it''s'");
  EXPECT_EQ(t("\"a\\b\""), "'a\\\\b'");
  EXPECT_EQ(t("Ελληνικά_1"), "'Ελληνικά_1'");
  for (const char* bad : {"", "  ", "\"open", "(a", "a)", "OR a", "a AND", "a NOT", "*", "a**", "') OR 1=1 --", "it's", "a\\b", "title:x", "a-b", "^a", "a + b"}) {
    auto r = Fts5ToTsquery(bad);
    EXPECT_FALSE(r.ok()) << bad << " -> " << (r.ok() ? *r : "");
    if (!r.ok()) EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(PgStoreTest, UnreachableServerIsAClearErrorWithoutThePassword) {
  auto s = Store::Open("postgresql://dyad:s3cret@/nodb?host=/nonexistent/dir&connect_timeout=2");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kIoError);
  EXPECT_NE(s.status().message().find("cannot connect to PostgreSQL"), std::string::npos) << s.status().ToString();
  EXPECT_EQ(s.status().message().find("s3cret"), std::string::npos) << s.status().ToString();
}

TEST(PgStoreTest, VersionedSchemaMigratesOnceAndRefusesNewerOrForeign) {
  DYAD_REQUIRE_POSTGRES(pg);
  std::string db = pg->NewDatabase();
  {
    StoreOptions ro;
    ro.read_only = true;
    auto empty = Store::Open(db, ro);  // read-only never creates tables
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.status().code(), StatusCode::kFailedPrecondition);
  }
  {
    auto store = Store::Open(db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_EQ((*store)->SchemaVersion(), 3);
    Document a = Coded("a", kIraqUsa);
    ASSERT_TRUE((*store)->PutDocuments({&a}).ok());
  }
  {
    auto again = Store::Open(db);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ((*again)->SchemaVersion(), 3);
    EXPECT_GT(Count(**again), 0);  // reopening kept the rows
  }
  ASSERT_TRUE(pg->Exec("INSERT INTO schema_version VALUES (99, 'from the future', 'now')", db));
  auto newer = Store::Open(db);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("newer than this dyad knows"), std::string::npos) << newer.status().ToString();

  std::string foreign = pg->NewDatabase();
  ASSERT_TRUE(pg->Exec("CREATE TABLE documents (x integer)", foreign));
  auto other = Store::Open(foreign);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("not a dyad store"), std::string::npos);
}

TEST(PgStoreTest, MigrationFromVersionOneAddsTheTaskLedger) {
  DYAD_REQUIRE_POSTGRES(pg);
  std::string db = pg->NewDatabase();
  {
    auto store = Store::Open(db);
    ASSERT_TRUE(store.ok());
  }
  // Make it a version-1 store, as an older dyad left it.
  ASSERT_TRUE(pg->Exec("DROP TABLE statements; DROP TABLE ingest_tasks; DELETE FROM schema_version WHERE version >= 2",
                       db));
  auto store = PostgresStore::Open(db);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->SchemaVersion(), 3);
  auto done = (*store)->TaskDone("k");
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_FALSE(*done);
}

// A store written before statements (schema version 2, the task ledger)
// gains the statements table on its first writable open.
TEST(PgStoreTest, MigrationFromVersionTwoAddsStatements) {
  DYAD_REQUIRE_POSTGRES(pg);
  std::string db = pg->NewDatabase();
  {
    auto store = Store::Open(db);
    ASSERT_TRUE(store.ok());
  }
  ASSERT_TRUE(pg->Exec("DROP TABLE statements; DELETE FROM schema_version WHERE version = 3", db));
  {
    StoreOptions ro;
    ro.read_only = true;
    auto reader = Store::Open(db, ro);
    ASSERT_FALSE(reader.ok());  // a reader cannot migrate
    EXPECT_NE(reader.status().message().find("needs migrating"), std::string::npos) << reader.status().ToString();
  }
  auto store = Store::Open(db);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->SchemaVersion(), 3);
  int n = 0;
  Status s = (*store)->QueryStatements(StatementQuery{}, [&](const StatementRecord&) { return ++n > 0; });
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(n, 0);
}

TEST(PgStoreTest, ConcurrentWritersStoreEachDocumentAndContentOnce) {
  DYAD_REQUIRE_POSTGRES(pg);
  std::string db = pg->NewDatabase();
  // The same documents (and one content under two ids) from four writers at
  // once, each opening (and so migrating) a fresh database concurrently.
  std::vector<Document> docs;
  for (int i = 0; i < 12; ++i)
    docs.push_back(Coded("d" + std::to_string(i), std::string(i % 2 ? kIraqUsa : kGreece) + " Item " + std::to_string(i) + "."));
  docs.push_back(Coded("copy-a", "Iran held talks with Iraq in Baghdad."));
  docs.push_back(Coded("copy-b", "Iran held talks with Iraq in Baghdad."));
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      auto store = Store::Open(db);
      if (!store.ok()) {
        ADD_FAILURE() << store.status().ToString();
        ++failures;
        return;
      }
      for (int round = 0; round < 3; ++round) {
        std::vector<const Document*> batch;
        for (size_t i = 0; i < docs.size(); ++i) batch.push_back(&docs[(i + w * 5 + round) % docs.size()]);
        auto r = (*store)->PutDocuments(batch);
        if (!r.ok()) {
          ADD_FAILURE() << r.status().ToString();
          ++failures;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures, 0);
  auto store = Store::Open(db);
  ASSERT_TRUE(store.ok());
  int64_t expected = 0;
  std::set<std::string> ids;
  ASSERT_TRUE((*store)->ForEachDocumentKey([&](const std::string& id, const std::string&) { ids.insert(id); }).ok());
  EXPECT_EQ(ids.size(), 13u);  // 12 + one of the two copies
  EXPECT_TRUE(ids.count("copy-a") + ids.count("copy-b") == 1);
  for (const Document& d : docs)
    if (ids.count(d.id)) expected += static_cast<int64_t>(d.events.size());
  EXPECT_EQ(Count(**store), expected);
}

TEST(PgStoreTest, NulBytesAndBadUtf8DoNotFailABatchAndKeepOffsets) {
  DYAD_REQUIRE_POSTGRES(pg);
  auto store = Store::Open(pg->NewDatabase());
  ASSERT_TRUE(store.ok());
  Document d = Coded("nul", kGreece, "2024-03-11");
  ASSERT_FALSE(d.events.empty());
  d.text[5] = '\0';  // "Greece" -> "Greec\0"
  d.raw += std::string("\0tail", 5);
  d.title = "bad \xC3\x28 byte";  // invalid UTF-8
  Document ok = Coded("ok", kIraqUsa);
  auto put = (*store)->PutDocuments({&d, &ok});
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  auto got = (*store)->GetDocument("nul");
  ASSERT_TRUE(got.ok() && *got);
  const Document& back = (**got).doc;
  EXPECT_EQ(back.text.size(), d.text.size());  // a space for the NUL: offsets unchanged
  EXPECT_EQ(back.text[5], ' ');
  EXPECT_EQ(back.raw.size(), d.raw.size());
  EXPECT_TRUE(IsValidUtf8(back.title));
  EXPECT_EQ((**got).content_hash, ContentHash(d.raw));  // hashed from the bytes as read
  ASSERT_EQ(back.events.size(), d.events.size());
  // The same document again is unchanged, not a new version.
  auto again = (*store)->PutDocuments({&d});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[0].outcome, PutOutcome::kUnchanged);
}

TEST(PgStoreTest, ReadOnlyRefusesWritesAndLockedTablesTimeOutClearly) {
  DYAD_REQUIRE_POSTGRES(pg);
  std::string db = pg->NewDatabase();
  StoreOptions quick;
  quick.busy_timeout_ms = 200;
  auto store = Store::Open(db, quick);
  ASSERT_TRUE(store.ok());
  Document a = Coded("a", kIraqUsa);
  ASSERT_TRUE((*store)->PutDocuments({&a}).ok());
  StoreOptions ro;
  ro.read_only = true;
  auto reader = Store::Open(db, ro);
  ASSERT_TRUE(reader.ok());
  Document g = Coded("g", kGreece);
  auto refused = (*reader)->PutDocuments({&g});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);

  // Another session holds the events table: the write waits lock_timeout, fails
  // with a clear message, and writes nothing; later it succeeds.
  PGconn* other = PQconnectdb(db.c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK);
  PQclear(PQexec(other, "BEGIN; LOCK TABLE events IN ACCESS EXCLUSIVE MODE"));
  auto put = (*store)->PutDocuments({&g});
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().code(), StatusCode::kIoError);
  EXPECT_NE(put.status().message().find("locked"), std::string::npos) << put.status().ToString();
  PQclear(PQexec(other, "ROLLBACK"));
  PQfinish(other);
  EXPECT_EQ(Count(**store), static_cast<int64_t>(a.events.size()));
  ASSERT_TRUE((*store)->PutDocuments({&g}).ok());
  EXPECT_EQ(Count(**store), static_cast<int64_t>(a.events.size() + g.events.size()));
}

TEST(PgStoreTest, LookupKeysAndTaskLedger) {
  DYAD_REQUIRE_POSTGRES(pg);
  auto store = PostgresStore::Open(pg->NewDatabase());
  ASSERT_TRUE(store.ok());
  Document a = Coded("a", kIraqUsa);
  ASSERT_TRUE((*store)->PutDocuments({&a}).ok());
  std::string h = ContentHash(a.raw);
  auto states = (*store)->LookupKeys({"a", "a", "b", "c"}, {h, ContentHash("other"), h, ContentHash("new")});
  ASSERT_TRUE(states.ok()) << states.status().ToString();
  EXPECT_EQ(*states, (std::vector<KeyState>{KeyState::kUnchanged, KeyState::kChanged, KeyState::kDuplicate,
                                            KeyState::kNew}));
  auto done = (*store)->TaskDone("file.jsonl@0-100");
  ASSERT_TRUE(done.ok());
  EXPECT_FALSE(*done);
  ASSERT_TRUE((*store)->RecordTask("file.jsonl@0-100", TaskRecord{10, 9, 0, 1, 0, 120}).ok());
  ASSERT_TRUE((*store)->RecordTask("file.jsonl@0-100", TaskRecord{99, 99, 0, 0, 0, 0}).ok());  // first record wins
  TaskRecord rec;
  done = (*store)->TaskDone("file.jsonl@0-100", &rec);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(*done);
  EXPECT_EQ(rec.documents, 10);
  EXPECT_EQ(rec.events, 120);
}

}  // namespace
}  // namespace dyad
