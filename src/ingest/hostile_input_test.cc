// Hostile inputs to the readers (issue 14): each test is named after the
// finding it guards and fails on the code before the fix.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "dyad/extract.h"
#include "dyad/ingest.h"
#include "test_util.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

const std::string& kPage = testing::kTalksPage;

std::string RandomBytes(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

long ResidentMegabytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * ::sysconf(_SC_PAGESIZE) / (1 << 20);
}

struct Outcome {
  std::vector<Document> docs;
  std::vector<std::string> errors;  // "origin: message"
};

Outcome ReadAll(const std::vector<std::string>& inputs, const ReadOptions& options = ReadOptions()) {
  Outcome o;
  ReadInputs(inputs, options, [&](const std::string& origin, Result<Document> d) {
    if (d.ok()) o.docs.push_back(std::move(*d));
    else o.errors.push_back(origin + ": " + d.status().message());
  });
  return o;
}

// Standard input replaced by bytes for the length of one ReadInputs.
Outcome ReadStdinBytes(const std::string& bytes, const ReadOptions& options = ReadOptions()) {
  std::istringstream in(bytes);
  std::streambuf* old = std::cin.rdbuf(in.rdbuf());
  Outcome o = ReadAll({"-"}, options);
  std::cin.rdbuf(old);
  std::cin.clear();
  return o;
}

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("dyad_hostile_" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path operator/(const std::string& name) const { return path_ / name; }
  std::string Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path_ / name, std::ios::binary) << bytes;
    return (path_ / name).string();
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Finding 6: gzip on standard input was detected but not decompressed for
// HTML and JSONL; the compressed bytes came out as article text, exit 0.
TEST(HostileInputTest, Finding6_GzipOnStandardInputIsDecompressedForJsonlAndHtml) {
  Outcome jsonl = ReadStdinBytes(testing::Gzip(
      "{\"id\":\"g1\",\"text\":\"Iran and Iraq signed a border agreement in Baghdad on Sunday.\"}\n"
      "{\"id\":\"g2\",\"text\":\"Greece and Turkey held talks in Athens.\"}\n"));
  EXPECT_TRUE(jsonl.errors.empty()) << ::testing::PrintToString(jsonl.errors);
  ASSERT_EQ(jsonl.docs.size(), 2u);
  EXPECT_EQ(jsonl.docs[0].id, "g1");
  EXPECT_EQ(jsonl.docs[1].raw, "Greece and Turkey held talks in Athens.");

  Outcome html = ReadStdinBytes(testing::Gzip(kPage));
  EXPECT_TRUE(html.errors.empty()) << ::testing::PrintToString(html.errors);
  ASSERT_EQ(html.docs.size(), 1u);
  EXPECT_EQ(html.docs[0].title, "Talks resume");
  EXPECT_NE(html.docs[0].text.find("Negotiators from both countries"), std::string::npos) << html.docs[0].text;

  Outcome text = ReadStdinBytes(testing::Gzip("Greece accused Turkey of violating its airspace."));
  ASSERT_EQ(text.docs.size(), 1u) << ::testing::PrintToString(text.errors);
  EXPECT_EQ(text.docs[0].raw, "Greece accused Turkey of violating its airspace.");

  // A gzip bomb on standard input stops at 4x --max-bytes.
  ReadOptions small;
  small.max_document_bytes = 1000;
  Outcome bomb = ReadStdinBytes(testing::Gzip(std::string(100000, 'a')), small);
  EXPECT_TRUE(bomb.docs.empty());
  ASSERT_EQ(bomb.errors.size(), 1u);
  EXPECT_NE(bomb.errors[0].find("inflates to more than 4000 bytes"), std::string::npos) << bomb.errors[0];
}

// Finding 8: random bytes named .html became a 1.6 MB "article" full of
// NULs, exit 0. Binary content is refused by every reader.
TEST(HostileInputTest, Finding8_BinaryContentIsRefusedForEveryInputKind) {
  TempDir dir;
  const std::string junk = RandomBytes(64 * 1024, 8);
  const std::vector<std::string> files = {
      dir.Write("junk.html", junk),
      dir.Write("junk.txt", junk),
      dir.Write("junk.html.gz", testing::Gzip(junk)),
      // JSONL: a text field holding NULs and control characters.
      dir.Write("junk.jsonl", "{\"id\":\"j\",\"text\":\"Iraq\\u0000\\u0001\\u0002 talks\"}\n"),
      // A feed item and a WARC record whose pages are binary.
      dir.Write("junk.rss", "<rss version=\"2.0\"><channel><item><title>x</title><description><![CDATA[" +
                                std::string("<p>") + std::string(2000, '\x01') + std::string("\0\0\0", 3) +
                                "</p>]]></description></item></channel></rss>"),
      dir.Write("junk.warc",
                [&] {
                  std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + junk;
                  return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/a\r\n"
                         "WARC-Date: 2024-02-05T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
                         "Content-Length: " + std::to_string(http.size()) + "\r\n\r\n" + http + "\r\n\r\n";
                }()),
  };
  for (const std::string& f : files) {
    Outcome o = ReadAll({f});
    EXPECT_TRUE(o.docs.empty()) << f << " gave a document of " << (o.docs.empty() ? 0 : o.docs[0].text.size())
                                << " bytes";
    ASSERT_EQ(o.errors.size(), 1u) << f;
    EXPECT_NE(o.errors[0].find("binary content"), std::string::npos) << o.errors[0];
  }
  Outcome stdin_junk = ReadStdinBytes(junk);
  EXPECT_TRUE(stdin_junk.docs.empty());
  Outcome stdin_html = ReadStdinBytes("<html><body><p>" + junk);
  EXPECT_TRUE(stdin_html.docs.empty());
  // UTF-16 pages are text: the NULs are gone after conversion to UTF-8.
  std::string utf16 = "\xFF\xFE";
  for (char c : kPage) utf16 += std::string{c, '\0'};
  Outcome page16 = ReadAll({dir.Write("utf16.html", utf16)});
  EXPECT_EQ(page16.docs.size(), 1u) << ::testing::PrintToString(page16.errors);
}

// Finding 7: feeds were silently cut at 100,000 items. The items over the cap
// are now reported, with how many.
TEST(HostileInputTest, Finding7_FeedItemsOverTheCapAreReported) {
  std::string rss = "<rss version=\"2.0\"><channel>";
  for (int i = 0; i < 5; ++i)
    rss += "<item><title>Item " + std::to_string(i) + "</title><description>&lt;p&gt;Greece and Turkey held talks " +
           "in Athens on day " + std::to_string(i) + ".&lt;/p&gt;</description></item>";
  rss += "</channel></rss>";
  auto feed = ParseFeed(rss, 3);
  ASSERT_TRUE(feed.ok());
  EXPECT_EQ(feed->items.size(), 3u);
  EXPECT_EQ(feed->items_cut, 2u);
  std::vector<std::string> docs, errors;
  ReadFeedBytes(rss, "f.rss", [&](const std::string& origin, Result<Document> d) {
    (d.ok() ? docs : errors).push_back(origin + (d.ok() ? "" : ": " + d.status().message()));
  }, 3);
  EXPECT_EQ(docs.size(), 3u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("f.rss: feed has 5 items; the 2 after the first 3 were not read"), std::string::npos)
      << errors[0];
}

// Finding 13: a 600 MB JSONL line was read whole before the size check. The
// line is now measured while it is read and never kept beyond the limit; the
// lines after it are read.
TEST(HostileInputTest, Finding13_JsonlLineOverTheLimitIsMeasuredWhileRead) {
  ReadOptions options;
  options.max_document_bytes = 100000;
  const std::string huge = "{\"id\":\"big\",\"text\":\"" + std::string(3000000, 'a') + "\"}";
  const std::string good = "{\"id\":\"after\",\"text\":\"Greece and Turkey held talks.\"}";
  TempDir dir;
  for (const std::string& end : {std::string("\n"), std::string("")}) {  // also as the last, unterminated line
    const std::string path = dir.Write("big.jsonl", good + "\n" + huge + "\n" + good + "\n" + huge + end);
    Outcome o = ReadAll({path}, options);
    ASSERT_EQ(o.docs.size(), 2u) << ::testing::PrintToString(o.errors);
    ASSERT_EQ(o.errors.size(), 2u);
    EXPECT_NE(o.errors[0].find("big.jsonl:2: line is " + std::to_string(huge.size()) +
                               " bytes, over the limit of 100000"),
              std::string::npos)
        << o.errors[0];
    EXPECT_NE(o.errors[1].find("big.jsonl:4: line is"), std::string::npos) << o.errors[1];
  }
  // The old reader held the whole line (std::getline) before measuring it:
  // 128 MB of resident memory for a 128 MB line. A sparse file costs no disk.
  const std::string sparse = dir.Write("sparse.jsonl", "{\"id\":\"big\",\"text\":\"");
  fs::resize_file(sparse, 128u << 20);
  std::ofstream(sparse, std::ios::app | std::ios::binary) << "\"}\n" << good << "\n";
  const long base = ResidentMegabytes();
  long grown = -1;
  size_t read = 0;
  ReadInputs({sparse}, options, [&](const std::string&, Result<Document> d) {
    if (!d.ok()) grown = ResidentMegabytes() - base;  // the long line's error: is the line in memory?
    read += d.ok();
  });
  EXPECT_EQ(read, 1u);
  EXPECT_GE(grown, 0);
  EXPECT_LT(grown, 32) << "MB of resident memory grew while a 128 MB line was read";
  // A line exactly at the limit is read.
  ReadOptions exact;
  exact.max_document_bytes = good.size();
  Outcome at = ReadAll({dir.Write("exact.jsonl", good + "\n")}, exact);
  EXPECT_EQ(at.docs.size(), 1u) << ::testing::PrintToString(at.errors);
}

std::string WarcRecord(const std::string& uri, const std::string& block, const std::string& length = "") {
  return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri +
         "\r\nWARC-Date: 2024-02-05T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
         "Content-Length: " + (length.empty() ? std::to_string(block.size()) : length) + "\r\n\r\n" + block +
         "\r\n\r\n";
}

std::string Http(const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

std::vector<std::string> WarcUris(const std::string& bytes, size_t max_record, std::vector<std::string>* errors) {
  std::vector<std::string> uris;
  ReadWarcSource(ByteSource::FromMemory(bytes), "t.warc", max_record,
                 [&](const std::string&, Result<Document> d) {
                   if (d.ok()) uris.push_back(d->url);
                   else errors->push_back(d.status().message());
                 });
  return uris;
}

// Finding 13: a WARC Content-Length over the limit swallowed the records
// after it (they were skipped as its block). They are now read, and the
// error says what was skipped.
TEST(HostileInputTest, Finding13_WarcLengthOverTheLimitDoesNotSwallowLaterRecords) {
  const std::string a = WarcRecord("https://x.example/a", Http(kPage));
  const std::string b = WarcRecord("https://x.example/b", Http(kPage));
  const std::string c = WarcRecord("https://x.example/c", Http(kPage));
  // A lying length over the limit, running past the end of the input.
  std::vector<std::string> errors;
  auto uris = WarcUris(WarcRecord("https://x.example/liar", "tiny", "999999999") + a + b, 1u << 20, &errors);
  EXPECT_EQ(uris, (std::vector<std::string>{"https://x.example/a", "https://x.example/b"}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("over the limit"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("runs past the end of the input, so the records in its last " +
                          std::to_string(a.size() + b.size()) + " bytes are read"),
            std::string::npos)
      << errors[0];

  // Over the limit, but ending inside a later record (not on a boundary).
  errors.clear();
  // (Up to the limit of its bytes are kept to be read again: here all.)
  const std::string liar = WarcRecord("https://x.example/liar", "tiny", std::to_string(4 + 4 + a.size() + 5));
  uris = WarcUris(liar + a + b + c, a.size() + 5, &errors);
  EXPECT_EQ(uris, (std::vector<std::string>{"https://x.example/a", "https://x.example/b", "https://x.example/c"}))
      << ::testing::PrintToString(errors);

  // A true record over the limit is skipped whole, and the next one is read.
  errors.clear();
  const std::string big = WarcRecord("https://x.example/big", Http(kPage + std::string(5000, ' ')));
  uris = WarcUris(big + a, 4000, &errors);
  EXPECT_EQ(uris, (std::vector<std::string>{"https://x.example/a"}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].find("are read"), std::string::npos) << errors[0];

  // A lying length under the limit, which runs into the next record.
  errors.clear();
  uris = WarcUris(WarcRecord("https://x.example/liar", "tiny", std::to_string(4 + 4 + 200)) + a + b, 1u << 20,
                  &errors);
  EXPECT_EQ(uris, (std::vector<std::string>{"https://x.example/a", "https://x.example/b"}))
      << ::testing::PrintToString(errors);
}

// Finding 13: a symbolic link loop was reported as "no such file".
TEST(HostileInputTest, Finding13_SymlinkLoopIsReportedAsSuch) {
  TempDir dir;
  fs::create_directories(dir / "in");
  fs::create_symlink(dir / "in" / "loop2.txt", dir / "in" / "loop1.txt");
  fs::create_symlink(dir / "in" / "loop1.txt", dir / "in" / "loop2.txt");
  fs::create_symlink(dir / "in" / "gone.txt", dir / "in" / "broken.txt");
  dir.Write("in/good.txt", "Greece and Turkey held talks.");
  Outcome direct = ReadAll({(dir / "in" / "loop1.txt").string(), (dir / "in" / "broken.txt").string(),
                            (dir / "missing.txt").string()});
  ASSERT_EQ(direct.errors.size(), 3u);
  EXPECT_NE(direct.errors[0].find("loop1.txt: symbolic link loop"), std::string::npos) << direct.errors[0];
  EXPECT_NE(direct.errors[1].find("broken.txt: broken symbolic link"), std::string::npos) << direct.errors[1];
  EXPECT_NE(direct.errors[2].find("missing.txt: no such file"), std::string::npos) << direct.errors[2];
  // Inside a directory, the loop is reported in its place, not skipped in silence.
  Outcome walked = ReadAll({(dir / "in").string()});
  EXPECT_EQ(walked.docs.size(), 1u);
  ASSERT_EQ(walked.errors.size(), 3u) << ::testing::PrintToString(walked.errors);
  EXPECT_NE(walked.errors[0].find("broken.txt: broken symbolic link"), std::string::npos) << walked.errors[0];
  EXPECT_NE(walked.errors[1].find("loop1.txt: symbolic link loop"), std::string::npos) << walked.errors[1];
  EXPECT_NE(walked.errors[2].find("loop2.txt: symbolic link loop"), std::string::npos) << walked.errors[2];
}

}  // namespace
}  // namespace dyad
