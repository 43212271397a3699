// WARC reading: response records become documents with their URI and date;
// non-HTML and non-response records are skipped; gzip (multi-member),
// truncated gzip and broken headers give per-record errors, never a crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "dyad/extract.h"
#include "dyad/ingest.h"
#include "test_util.h"

namespace dyad {
namespace {

std::string Record(const std::string& type, const std::string& uri, const std::string& block,
                   const std::string& content_type = "application/http; msgtype=response") {
  return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri +
         "\r\nWARC-Date: 2024-02-05T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Type: " +
         content_type + "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block +
         "\r\n\r\n";
}

std::string Http(const std::string& ct, const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: " + ct + "\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

const std::string& kPage = testing::kTalksPage;

std::string SampleWarc() {
  return Record("warcinfo", "", "software: test\r\n", "application/warc-fields") +
         Record("request", "https://news.example/a", "GET /a HTTP/1.1\r\n\r\n",
                "application/http; msgtype=request") +
         Record("response", "https://news.example/a", Http("text/html; charset=utf-8", kPage)) +
         Record("response", "https://news.example/logo.png", Http("image/png", "\x89PNG....")) +
         Record("response", "https://news.example/b", Http("text/html", kPage));
}

struct Collected {
  std::vector<std::string> origins;
  std::vector<Document> docs;
  std::vector<Status> errors;
};

Collected Read(const std::string& bytes) {
  Collected c;
  ReadWarcSource(ByteSource::FromMemory(bytes), "t.warc", 1u << 20,
                 [&](const std::string& origin, Result<Document> d) {
                   c.origins.push_back(origin);
                   if (d.ok()) c.docs.push_back(std::move(*d));
                   else c.errors.push_back(d.status());
                 });
  return c;
}

TEST(Warc, ResponseRecordsBecomeDocuments) {
  std::string warc = SampleWarc();
  Collected c = Read(warc);
  ASSERT_EQ(c.docs.size(), 2u);
  EXPECT_TRUE(c.errors.empty());
  EXPECT_EQ(c.docs[0].url, "https://news.example/a");
  EXPECT_EQ(c.docs[0].date, "2024-02-05");  // WARC-Date when the page has none
  EXPECT_EQ(c.docs[0].title, "Talks resume");
  EXPECT_TRUE(c.docs[0].text_ready);
  EXPECT_NE(c.docs[0].text.find("Geneva"), std::string::npos);
  EXPECT_EQ(c.origins[0], "t.warc#https://news.example/a");
}

TEST(Warc, GzipPerRecordMembers) {
  std::string gz;
  gz += testing::Gzip(Record("warcinfo", "", "x\r\n", "application/warc-fields"));
  gz += testing::Gzip(Record("response", "https://news.example/a", Http("text/html", kPage)));
  gz += testing::Gzip(Record("response", "https://news.example/b", Http("text/html", kPage)));
  Collected c = Read(gz);
  EXPECT_EQ(c.docs.size(), 2u);
  EXPECT_TRUE(c.errors.empty());
}

TEST(Warc, TruncatedGzipIsAnErrorAfterTheGoodRecords) {
  std::string gz = testing::Gzip(Record("response", "https://news.example/a", Http("text/html", kPage)));
  std::string second = testing::Gzip(Record("response", "https://news.example/b", Http("text/html", kPage)));
  gz += second.substr(0, second.size() / 2);
  Collected c = Read(gz);
  EXPECT_EQ(c.docs.size(), 1u);
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_NE(c.errors[0].message().find("truncated"), std::string::npos) << c.errors[0].message();
}

TEST(Warc, BrokenHeadersAreReportedAndTheReaderResynchronises) {
  std::string bad = "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: abc\r\n\r\ngarbage garbage\r\n\r\n";
  std::string junk = "this is not a warc file\nat all\n";
  std::string warc = junk + bad + Record("response", "https://news.example/a", Http("text/html", kPage));
  Collected c = Read(warc);
  EXPECT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.errors.size(), 2u);  // the junk run once, the bad Content-Length once
  // A record claiming more bytes than there are.
  std::string cut = Record("response", "https://news.example/a", Http("text/html", kPage));
  cut.resize(cut.size() - 100);
  Collected c2 = Read(cut);
  EXPECT_TRUE(c2.docs.empty());
  ASSERT_EQ(c2.errors.size(), 1u);
  EXPECT_NE(c2.errors[0].message().find("truncated"), std::string::npos);
  EXPECT_TRUE(Read("").docs.empty());
}

TEST(Warc, ChunkedAndGzipHttpBodies) {
  std::string body = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
  std::string http = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n" + body;
  int status = 0;
  std::string ct, out;
  ASSERT_TRUE(ParseHttpResponse(http, &status, &ct, &out));
  EXPECT_EQ(status, 200);
  EXPECT_EQ(out, "hello world");
  std::string gz = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + testing::Gzip("<p>zipped</p>");
  ASSERT_TRUE(ParseHttpResponse(gz, &status, &ct, &out));
  EXPECT_EQ(out, "<p>zipped</p>");
  EXPECT_FALSE(ParseHttpResponse("not http", &status, &ct, &out));
}

TEST(Warc, ReadInputsDetectsWarcHtmlAndJsonlHtml) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("dyad_warc_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "a.warc.gz", std::ios::binary) << testing::Gzip(SampleWarc());
  std::ofstream(dir / "page.html.gz", std::ios::binary) << testing::Gzip(kPage);
  std::ofstream(dir / "noext", std::ios::binary) << kPage;
  std::ofstream(dir / "b.jsonl") << "{\"id\":\"j1\",\"url\":\"https://news.example/j\",\"html\":\"" +
                                        std::string("<p>Negotiators from both countries met again in Geneva on Monday after a pause of three months.</p>") +
                                        "\"}\n";
  std::ofstream(dir / "trunc.html.gz", std::ios::binary) << testing::Gzip(kPage).substr(0, 40);
  std::vector<std::string> ok, bad;
  ReadInputs({dir.string()}, ReadOptions{}, [&](const std::string& origin, Result<Document> d) {
    (d.ok() ? ok : bad).push_back(origin + (d.ok() ? "" : ": " + d.status().message()));
  });
  fs::remove_all(dir);
  EXPECT_EQ(ok.size(), 5u);  // 2 WARC records, page.html.gz, noext, the JSONL line
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_NE(bad[0].find("trunc.html.gz: truncated gzip"), std::string::npos) << bad[0];
}

}  // namespace
}  // namespace dyad
