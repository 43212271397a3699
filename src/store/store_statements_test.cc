// Statements in the store: written with their documents, queried with the
// event-like filters, migrated into version-1 stores, served as API bodies.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/store.h"
#include "server/statement_api.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

class StatementStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dyad_stmt_store_" + std::to_string(getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "s.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  static const Pipeline& Pipe() {
    static const Pipeline* p = [] {
      auto built = Pipeline::Build(StorePipelineSpec("", false), DYAD_SOURCE_DIR "/data");
      EXPECT_TRUE(built.ok()) << built.status().ToString();
      return new Pipeline(std::move(*built));
    }();
    return *p;
  }
  static Document Coded(const std::string& id, const std::string& text, const std::string& date) {
    auto doc = DocumentFromText(text, id, ReadOptions{});
    EXPECT_TRUE(doc.ok());
    doc->id = id;
    doc->date = date;
    PipelineScratch scratch = Pipe().NewScratch();
    EXPECT_TRUE(Pipe().Run(*doc, scratch).ok());
    return std::move(*doc);
  }
  std::vector<StatementRecord> Query(Store& store, std::multimap<std::string, std::string> params) {
    auto q = ParseStatementQuery(params);
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    std::vector<StatementRecord> out;
    if (!q.ok()) return out;
    Status s = store.QueryStatements(*q, [&](const StatementRecord& r) {
      out.push_back(r);
      return true;
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }
  void Fill(Store& store) {
    Document a = Coded("a",
                       "The Pentagon said on Thursday, January 25, 2024 that the talks would build a stable "
                       "bilateral security partnership. In a statement, the Iraqi government emphasized that the "
                       "coalition's mission would end.",
                       "2024-01-26");
    Document b = Coded("b", "Greece's foreign ministry said on Monday, March 11, 2024 that Turkish jets violated its airspace.",
                       "2024-03-12");
    ASSERT_EQ(a.statements.size(), 2u);
    ASSERT_EQ(b.statements.size(), 1u);
    auto put = store.PutDocuments({&a, &b});
    ASSERT_TRUE(put.ok()) << put.status().ToString();
  }
  fs::path dir_;
  std::string path_;
};

TEST_F(StatementStoreTest, WrittenWithTheDocumentAndFiltered) {
  auto store = Store::Open(path_);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Fill(**store);
  auto all = Query(**store, {});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].date, "2024-01-25");  // date order
  EXPECT_EQ(all[2].doc_id, "b");
  EXPECT_EQ(Query(**store, {{"speaker", "usa"}}).size(), 1u);
  EXPECT_EQ(Query(**store, {{"speaker", "IRQGOV"}}).size(), 1u);
  EXPECT_EQ(Query(**store, {{"actor", "GRC"}}).size(), 1u);
  EXPECT_EQ(Query(**store, {{"dyad", "USA-IRQ"}}).size(), 2u);
  EXPECT_EQ(Query(**store, {{"from", "2024-03-01"}}).size(), 1u);
  EXPECT_EQ(Query(**store, {{"text", "airspace"}}).size(), 1u);
  EXPECT_EQ(Query(**store, {{"doc", "a"}, {"limit", "1"}, {"offset", "1"}}).size(), 1u);
  // The record comes back as it was written.
  EXPECT_NE(all[0].content.find("stable bilateral security partnership"), std::string::npos);
  EXPECT_EQ(all[0].speaker_country, "USA");
  EXPECT_FALSE(all[0].terms.empty());
  // Replacing the document replaces its statements.
  Document a2 = Coded("a", "The weather was fine.", "2024-01-26");
  ASSERT_TRUE((*store)->PutDocuments({&a2}).ok());
  EXPECT_EQ(Query(**store, {}).size(), 1u);
  EXPECT_EQ(Query(**store, {{"text", "partnership"}}).size(), 0u);
}

TEST_F(StatementStoreTest, BadFiltersAreClearErrors) {
  EXPECT_FALSE(ParseStatementQuery({{"speaker", "U"}}).ok());
  EXPECT_FALSE(ParseStatementQuery({{"dyad", "USA"}}).ok());
  EXPECT_FALSE(ParseStatementQuery({{"from", "2024-13-01"}}).ok());
  EXPECT_FALSE(ParseStatementQuery({{"code", "04"}}).ok());
  EXPECT_FALSE(ParseStatementQuery({{"speaker", "USA"}, {"actor", "IRQ"}}).ok());
}

// A store written before statements (schema version 2: the dashboard's summary
// tables) gains the statements tables on its first writable open.
TEST_F(StatementStoreTest, VersionTwoStoreIsMigrated) {
  {
    auto store = Store::Open(path_);
    ASSERT_TRUE(store.ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TABLE statements_fts; DROP TABLE statements; DELETE FROM schema_version WHERE version = 3;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  {
    StoreOptions ro;
    ro.read_only = true;
    auto reader = Store::Open(path_, ro);
    ASSERT_FALSE(reader.ok());  // a reader cannot migrate
    EXPECT_NE(reader.status().message().find("needs migrating"), std::string::npos) << reader.status().message();
  }
  auto store = Store::Open(path_);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->SchemaVersion(), 3);
  Fill(**store);
  EXPECT_EQ(Query(**store, {}).size(), 3u);
}

TEST_F(StatementStoreTest, ApiBodies) {
  auto store = Store::Open(path_);
  ASSERT_TRUE(store.ok());
  Fill(**store);
  auto body = StatementsApiBody(**store, {{"speaker", "IRQ"}}, 100, 1000);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  auto j = nlohmann::json::parse(*body);
  EXPECT_EQ(j["count"], 1);
  EXPECT_EQ(j["statements"][0]["speaker"]["code"], "IRQGOV");
  EXPECT_TRUE(j["next_offset"].is_null());
  auto cmp = CompareApiBody(**store, {{"parties", "USA,IRQ"}}, 100, 1000);
  ASSERT_TRUE(cmp.ok()) << cmp.status().ToString();
  j = nlohmann::json::parse(*cmp);
  EXPECT_EQ(j["parties"], nlohmann::json::array({"USA", "IRQ"}));
  ASSERT_FALSE(j["issues"].empty());
  size_t sides = 0;
  for (const auto& is : j["issues"]) sides += is["a"].size() + is["b"].size();
  EXPECT_EQ(sides, 2u);
  EXPECT_EQ(CompareApiBody(**store, {}, 100, 1000).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CompareApiBody(**store, {{"parties", "USA"}}, 100, 1000).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CompareApiBody(**store, {{"parties", "USA,IRQ"}, {"x", "1"}}, 100, 1000).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(StatementsApiBody(**store, {{"limit", "5000"}}, 100, 1000).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dyad
