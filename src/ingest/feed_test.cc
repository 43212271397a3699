// RSS and Atom feeds: every item a document with its link, date and author.
#include <gtest/gtest.h>

#include <string>

#include "dyad/extract.h"

namespace dyad {
namespace {

TEST(Feed, Rss2WithEscapedAndCdataContent) {
  std::string rss =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
      "<channel><title>Harbor Gazette</title><link>https://gazette.example.org/</link><language>en-gb</language>"
      "<item><title>Ports reopen</title><link>https://gazette.example.org/ports</link>"
      "<pubDate>Tue, 06 Feb 2024 08:00:00 GMT</pubDate><dc:creator>Lena Okafor</dc:creator>"
      "<description>&lt;p&gt;All three ports reopened on Tuesday after the storm, the harbour authority said in a statement.&lt;/p&gt;</description></item>"
      "<item><title>Budget passes</title><link>https://gazette.example.org/budget</link>"
      "<pubDate>Wed, 07 Feb 2024 18:30:00 +0100</pubDate><description>short</description>"
      "<content:encoded><![CDATA[<p>Parliament approved the budget late on Wednesday by 212 votes to 180.</p><p>The opposition will challenge two tax measures.</p>]]></content:encoded></item>"
      "</channel></rss>";
  auto feed = ParseFeed(rss);
  ASSERT_TRUE(feed.ok()) << feed.status().message();
  EXPECT_EQ(feed->title, "Harbor Gazette");
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].date, "2024-02-06");
  EXPECT_EQ(feed->items[0].author, "Lena Okafor");
  auto d0 = DocumentFromFeedItem(feed->items[0], "f.rss#1", feed->language);
  ASSERT_TRUE(d0.ok()) << d0.status().message();
  EXPECT_EQ(d0->title, "Ports reopen");
  EXPECT_EQ(d0->url, "https://gazette.example.org/ports");
  EXPECT_NE(d0->text.find("All three ports reopened"), std::string::npos);
  EXPECT_EQ(d0->text.find("<p>"), std::string::npos);
  auto d1 = DocumentFromFeedItem(feed->items[1], "f.rss#2", feed->language);
  ASSERT_TRUE(d1.ok());
  EXPECT_EQ(d1->text,
            "Parliament approved the budget late on Wednesday by 212 votes to 180.\n\n"
            "The opposition will challenge two tax measures.");
  EXPECT_EQ(d1->date, "2024-02-07");
}

TEST(Feed, Atom) {
  std::string atom =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\"><title>Metro Daily</title>"
      "<entry><title type=\"html\">Rail strike &amp;amp; talks</title>"
      "<link rel=\"alternate\" href=\"https://metro.example/rail\"/><link rel=\"enclosure\" href=\"https://metro.example/a.mp3\"/>"
      "<id>urn:uuid:1</id><published>2023-11-02T18:04:00+01:00</published>"
      "<author><name>Ana Ruiz</name></author>"
      "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Train drivers ended their strike on Thursday after a pay deal.</p></div></content>"
      "</entry></feed>";
  auto feed = ParseFeed(atom);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->items.size(), 1u);
  const FeedItem& it = feed->items[0];
  EXPECT_EQ(it.link, "https://metro.example/rail");
  EXPECT_EQ(it.author, "Ana Ruiz");
  EXPECT_EQ(it.date, "2023-11-02");
  EXPECT_EQ(it.title, "Rail strike & talks");
  auto d = DocumentFromFeedItem(it, "f.atom#1", feed->language);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->text, "Train drivers ended their strike on Thursday after a pay deal.");
}

TEST(Feed, NotAFeedAndBrokenFeeds) {
  EXPECT_FALSE(ParseFeed("<html><body>x</body></html>").ok());
  EXPECT_FALSE(ParseFeed("").ok());
  EXPECT_TRUE(LooksLikeFeed("<?xml version='1.0'?><!-- c --><rss>"));
  // Unclosed items still yield what they have.
  auto f = ParseFeed("<rss><channel><item><title>A</title><description>Some text of the first item that is long enough.</description><item><title>B");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->items.size(), 2u);
  auto empty = DocumentFromFeedItem(f->items[1], "x#2", "");
  EXPECT_FALSE(empty.ok());
}

}  // namespace
}  // namespace dyad
