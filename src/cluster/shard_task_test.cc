// Shards read exactly what a whole-file read gives for their range (ids,
// origins, bytes), and a task re-run after an interruption stores nothing twice.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "dyad/cluster.h"
#include "dyad/extract.h"
#include "pgstore/pg_testing.h"
#include "pgstore/postgres_store.h"
#include "test_util.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

struct Read {
  std::vector<std::string> lines;  // "origin|id|raw size" or "origin|error"
};

Read Collect(const std::function<void(const DocumentSink&)>& read) {
  Read r;
  read([&](const std::string& origin, Result<Document> d) {
    r.lines.push_back(d.ok() ? origin + "|" + d->origin + "|" + d->id + "|" + std::to_string(d->raw.size()) + "|" +
                                   d->url + "|" + std::to_string(d->text.size())
                             : origin + "|error");
  });
  return r;
}

class ShardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dyad_shard_test_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& bytes) {
    std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  fs::path dir_;
};

TEST_F(ShardTest, JsonlRangesReadWhatTheWholeFileReads) {
  std::string jsonl;
  std::vector<uint64_t> line_starts;
  for (int i = 0; i < 20; ++i) {
    line_starts.push_back(jsonl.size());
    if (i == 4) jsonl += "\n";                      // blank line
    else if (i == 9) jsonl += "{not json\n";        // a bad line
    else jsonl += "{\"id\":\"d" + std::to_string(i) + "\",\"text\":\"Iraq met Iran. Line " + std::to_string(i) + ".\"}\n";
  }
  jsonl += "{\"id\":\"last\",\"text\":\"No newline at the end.\"}";
  line_starts.push_back(jsonl.size() - std::string("{\"id\":\"last\",\"text\":\"No newline at the end.\"}").size());
  std::string path = Write("a.jsonl", jsonl);
  Read whole = Collect([&](const DocumentSink& s) { ReadInputs({path}, ReadOptions{}, s); });
  ASSERT_EQ(whole.lines.size(), 20u);  // 21 lines, one blank

  for (size_t step : {1, 3, 7, 21}) {
    Read parts;
    for (size_t first = 0; first < line_starts.size(); first += step) {
      Shard sh;
      sh.kind = Shard::Kind::kJsonlLines;
      sh.path = path;
      sh.begin = line_starts[first];
      sh.end = first + step < line_starts.size() ? line_starts[first + step] : jsonl.size();
      sh.first = first + 1;
      Read r = Collect([&](const DocumentSink& s) { ReadShard(sh, ReadOptions{}, s); });
      parts.lines.insert(parts.lines.end(), r.lines.begin(), r.lines.end());
    }
    EXPECT_EQ(parts.lines, whole.lines) << "step " << step;
  }
  // A range past the end of the file (it changed since it was listed) is one clear error.
  Shard bad;
  bad.kind = Shard::Kind::kJsonlLines;
  bad.path = path;
  bad.begin = 0;
  bad.end = jsonl.size() + 100;
  Read r = Collect([&](const DocumentSink& s) { ReadShard(bad, ReadOptions{}, s); });
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0], path + "|error");
}

std::string Record(const std::string& type, const std::string& uri, const std::string& block,
                   const std::string& content_type) {
  return "WARC/1.0\r\nWARC-Type: " + type + (uri.empty() ? "" : "\r\nWARC-Target-URI: " + uri) +
         "\r\nWARC-Date: 2024-02-05T10:00:00Z\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
}

std::string Page(int i) {
  return "<html><head><title>Report " + std::to_string(i) + "</title></head><body><article><h1>Report " +
         std::to_string(i) + "</h1><p>Iraq accused the United States of violating its sovereignty on Saturday, "
         "January 27, 2024, officials said in report number " + std::to_string(i) +
         ".</p><p>American officials held talks with the Iraqi government in Baghdad.</p></article></body></html>";
}

TEST_F(ShardTest, WarcRecordRangesReadWhatTheWholeArchiveReads) {
  // Records: a warcinfo, responses with URIs, an image, and resource records
  // without a URI (their origin is "path#N", N counted over the whole file).
  std::vector<std::string> records = {Record("warcinfo", "", "software: test\r\n", "application/warc-fields")};
  for (int i = 0; i < 12; ++i) {
    std::string body = Page(i);
    if (i % 4 == 3) {
      records.push_back(Record("resource", "", body, "text/html"));
    } else {
      std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + std::to_string(body.size()) +
                         "\r\n\r\n" + body;
      records.push_back(Record("response", "https://news.example/" + std::to_string(i), http,
                               "application/http; msgtype=response"));
    }
    if (i == 5) records.push_back(Record("response", "https://news.example/logo.png",
                                         "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG",
                                         "application/http; msgtype=response"));
  }
  for (bool gz : {false, true}) {
    std::string bytes;
    std::vector<uint64_t> starts;
    for (const std::string& r : records) {
      starts.push_back(bytes.size());
      bytes += gz ? testing::Gzip(r) : r;
    }
    std::string path = Write(gz ? "c.warc.gz" : "c.warc", bytes);
    Read whole = Collect([&](const DocumentSink& s) { ReadInputs({path}, ReadOptions{}, s); });
    ASSERT_EQ(whole.lines.size(), 12u);
    EXPECT_NE(whole.lines[3].find(path + "#5|"), std::string::npos) << whole.lines[3];  // numbered, no URI
    for (size_t step : {1, 2, 5}) {
      Read parts;
      for (size_t first = 0; first < starts.size(); first += step) {
        Shard sh;
        sh.kind = Shard::Kind::kWarcRecords;
        sh.path = path;
        sh.begin = starts[first];
        sh.end = first + step < starts.size() ? starts[first + step] : bytes.size();
        sh.first = first + 1;
        Read r = Collect([&](const DocumentSink& s) { ReadShard(sh, ReadOptions{}, s); });
        parts.lines.insert(parts.lines.end(), r.lines.begin(), r.lines.end());
      }
      EXPECT_EQ(parts.lines, whole.lines) << "gz " << gz << " step " << step;
    }
  }
}

const Pipeline& StorePipeline() {
  static const Pipeline* p = [] {
    auto built = Pipeline::Build(StorePipelineSpec("", false), DYAD_SOURCE_DIR "/data");
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return new Pipeline(std::move(*built));
  }();
  return *p;
}

TEST(PgShardTaskTest, ReRunAfterAnInterruptionStoresNothingTwice) {
  DYAD_REQUIRE_POSTGRES(pg);
  fs::path dir = fs::temp_directory_path() / ("dyad_pgshard_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string path = (dir / "in.jsonl").string();
  {
    std::ofstream out(path);
    for (int i = 0; i < 30; ++i)
      out << "{\"id\":\"n" << i << "\",\"date\":\"2024-03-1" << i % 10 << "\",\"text\":\"Greece accused Turkey of "
          << "violating its airspace, report " << i << ". Iran held talks with Iraq.\"}\n";
    out << "{\"id\":\"copy\",\"text\":\"Greece accused Turkey of violating its airspace, report 0. Iran held talks "
           "with Iraq.\"}\n";  // n0's content under another id
    out << "not json\n";
  }
  std::string db = pg->NewDatabase();
  auto writer = PostgresStore::Open(db);
  auto reader = PostgresStore::Open(db);
  ASSERT_TRUE(writer.ok() && reader.ok());
  Shard all;
  all.kind = Shard::Kind::kJsonlLines;
  all.path = path;
  all.end = fs::file_size(path);
  ShardTaskOptions options;
  options.batch_documents = 4;
  options.lookup_documents = 7;

  // An earlier attempt committed the first 12 documents and was killed.
  std::vector<Document> first;
  ReadShard(all, ReadOptions{}, [&](const std::string&, Result<Document> d) {
    if (d.ok() && first.size() < 12) first.push_back(std::move(*d));
  });
  PipelineScratch scratch = StorePipeline().NewScratch();
  std::vector<const Document*> ptrs;
  for (Document& d : first) {
    ASSERT_TRUE(StorePipeline().Run(d, scratch).ok());
    ptrs.push_back(&d);
  }
  ASSERT_TRUE((*writer)->PutDocuments(ptrs).ok());

  auto r = RunShardTask(StorePipeline(), **writer, **reader, "task-1", all, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->skipped);
  EXPECT_EQ(r->progress.read, 32);
  EXPECT_EQ(r->progress.unchanged, 12);  // not coded again
  EXPECT_EQ(r->progress.written, 18);
  EXPECT_EQ(r->progress.duplicates, 1);
  EXPECT_EQ(r->progress.errors, 1);
  ASSERT_EQ(r->error_messages.size(), 1u);
  EXPECT_NE(r->error_messages[0].find(path + ":32: "), std::string::npos) << r->error_messages[0];
  auto events = (*reader)->CountEvents(EventQuery{.all = true});
  ASSERT_TRUE(events.ok());

  // Done: the ledger skips it; under another key everything is unchanged.
  auto again = RunShardTask(StorePipeline(), **writer, **reader, "task-1", all, options);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->skipped);
  auto other = RunShardTask(StorePipeline(), **writer, **reader, "task-2", all, options);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->progress.written, 0);
  EXPECT_EQ(other->progress.unchanged, 30);
  EXPECT_EQ(*(*reader)->CountEvents(EventQuery{.all = true}), *events);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dyad
