#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "dyad/ingest.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

TEST(ReadersTest, TextDocumentGetsStableContentId) {
  auto a = DocumentFromText("Iraq and Iran held talks.", "a", ReadOptions());
  auto b = DocumentFromText("Iraq and Iran held talks.", "b", ReadOptions());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(a->id.size(), 16u);
}

TEST(ReadersTest, RefusesEmptyBinaryInvalidAndHuge) {
  EXPECT_NE(DocumentFromText("  \n\t ", "e", ReadOptions()).status().message().find("empty"), std::string::npos);
  EXPECT_NE(DocumentFromText(std::string("ab\0cd", 5), "b", ReadOptions()).status().message().find("binary"),
            std::string::npos);
  auto bad = DocumentFromText("Iraq \xC3\x28 talks", "u", ReadOptions());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("invalid UTF-8 at byte 5"), std::string::npos) << bad.status().message();
  ReadOptions repair;
  repair.repair_utf8 = true;
  EXPECT_TRUE(DocumentFromText("Iraq \xC3\x28 talks", "u", repair).ok());
  ReadOptions small;
  small.max_document_bytes = 10;
  EXPECT_EQ(DocumentFromText("this text is longer than ten bytes", "h", small).status().code(),
            StatusCode::kResourceExhausted);
}

TEST(ReadersTest, StripsByteOrderMark) {
  auto d = DocumentFromText("\xEF\xBB\xBFText.", "bom", ReadOptions());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->raw, "Text.");
}

TEST(ReadersTest, JsonLineFields) {
  auto d = DocumentFromJsonLine(R"({"id":"x1","url":"https://e.org/a","date":"2024-02-05T10:00:00Z","title":"T","text":"Body."})",
                                "f.jsonl:1", ReadOptions());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->id, "x1");
  EXPECT_EQ(d->date, "2024-02-05");
  EXPECT_EQ(d->title, "T");
  EXPECT_EQ(d->raw, "Body.");
  auto no_id = DocumentFromJsonLine(R"({"url":"https://e.org/a","text":"Body."})", "f", ReadOptions());
  ASSERT_TRUE(no_id.ok());
  EXPECT_EQ(no_id->id, StableId("https://e.org/a"));
}

TEST(ReadersTest, JsonLineErrors) {
  EXPECT_NE(DocumentFromJsonLine("not json", "f", ReadOptions()).status().message().find("not JSON"), std::string::npos);
  EXPECT_NE(DocumentFromJsonLine("[1,2]", "f", ReadOptions()).status().message().find("not an object"), std::string::npos);
  EXPECT_NE(DocumentFromJsonLine(R"({"id":"a"})", "f", ReadOptions()).status().message().find("no 'text'"), std::string::npos);
  EXPECT_NE(DocumentFromJsonLine(R"({"text":[1]})", "f", ReadOptions()).status().message().find("string"), std::string::npos);
  EXPECT_NE(DocumentFromJsonLine(R"({"text":"a","date":"yesterday"})", "f", ReadOptions()).status().message().find("date"),
            std::string::npos);
}

TEST(ReadersTest, WalksDirectoriesInOrderAndGoesOnAfterErrors) {
  fs::path dir = fs::temp_directory_path() / "dyad_readers_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "b.txt") << "Second document.";
  std::ofstream(dir / "a.txt") << "First document.";
  std::ofstream(dir / "sub" / "c.jsonl") << "{\"id\":\"c1\",\"text\":\"One.\"}\nbroken\n{\"id\":\"c3\",\"text\":\"Three.\"}\n";
  std::ofstream(dir / "empty.txt") << "";
  std::vector<std::string> ok, failed;
  ReadInputs({dir.string(), (dir / "missing.txt").string()}, ReadOptions(),
             [&](const std::string& origin, Result<Document> d) {
               (d.ok() ? ok : failed).push_back(fs::path(origin).filename().string());
             });
  EXPECT_EQ(ok, (std::vector<std::string>{"a.txt", "b.txt", "c.jsonl:1", "c.jsonl:3"}));
  EXPECT_EQ(failed, (std::vector<std::string>{"empty.txt", "c.jsonl:2", "missing.txt"}));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dyad
