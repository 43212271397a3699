// Article extraction: golden pages (tests/data/html, written for this project),
// metadata, site templates, bad input, and the two benchmarks' dev parts when
// ../shared is present (a smoke check, not the scored evaluation).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "dyad/extract.h"
#include "dyad/pipeline.h"

namespace dyad {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path DataDir() { return fs::path(DYAD_SOURCE_DIR) / "tests" / "data" / "html"; }

TEST(ExtractGolden, EveryHandMadePageMatchesItsExpectedExtraction) {
  size_t checked = 0;
  for (const auto& e : fs::directory_iterator(DataDir())) {
    if (e.path().extension() != ".html") continue;
    fs::path expected = e.path();
    expected.replace_extension(".expected.json");
    ASSERT_TRUE(fs::exists(expected)) << expected;
    auto want = nlohmann::json::parse(ReadAll(expected));
    auto got = ExtractArticle(ReadAll(e.path()));
    ASSERT_TRUE(got.ok()) << e.path() << ": " << got.status().message();
    SCOPED_TRACE(e.path().filename().string());
    EXPECT_EQ(got->title, want["title"].get<std::string>());
    EXPECT_EQ(got->author, want["author"].get<std::string>());
    EXPECT_EQ(got->date, want["date"].get<std::string>());
    EXPECT_EQ(got->site, want["site"].get<std::string>());
    EXPECT_EQ(got->language, want["language"].get<std::string>());
    EXPECT_EQ(got->text, want["text"].get<std::string>());
    ++checked;
  }
  EXPECT_GE(checked, 12u);
}

TEST(Extract, DropsChromeKeepsHeadingsAndLists) {
  auto ex = ExtractArticle(ReadAll(DataDir() / "basic_news.html"));
  ASSERT_TRUE(ex.ok());
  EXPECT_NE(ex->text.find("What changes for farmers"), std::string::npos);
  EXPECT_NE(ex->text.find("Monthly public measurements."), std::string::npos);
  EXPECT_EQ(ex->text.find("cookies"), std::string::npos);
  EXPECT_EQ(ex->text.find("Comments"), std::string::npos);
  EXPECT_EQ(ex->text.find("Drought hits river valley"), std::string::npos);
  EXPECT_EQ(ex->text.find("Facebook"), std::string::npos);
  EXPECT_EQ(ex->url, "https://gazette.example.org/2024/03/14/river-treaty");
  // Every dropped block says why.
  bool comments = false, cookie = false;
  for (const auto& b : ex->blocks) {
    comments |= b.reason == "comments";
    cookie |= b.reason == "cookie";
  }
  EXPECT_TRUE(comments);
  EXPECT_TRUE(cookie);
}

TEST(Extract, DocumentArrivesWithTextReadyAndCleanStageLeavesIt) {
  auto ex = ExtractArticle(ReadAll(DataDir() / "basic_news.html"));
  ASSERT_TRUE(ex.ok());
  std::string text = ex->text;
  Document doc = DocumentFromExtraction(std::move(*ex), "basic_news.html");
  EXPECT_TRUE(doc.text_ready);
  EXPECT_EQ(doc.title, "Ministers agree on river treaty");
  EXPECT_FALSE(doc.diagnostics.empty());
  EXPECT_EQ(doc.diagnostics[0].stage, "extract");
  auto pipeline = Pipeline::Build("clean;tokenize", std::string(DYAD_SOURCE_DIR) + "/data");
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  PipelineScratch scratch = pipeline->NewScratch();
  ASSERT_TRUE(pipeline->Run(doc, scratch).ok());
  EXPECT_EQ(doc.text, text);
  EXPECT_FALSE(doc.tokens.empty());
}

TEST(Extract, Dates) {
  EXPECT_EQ(NormaliseDate("2024-01-27T10:00:00Z"), "2024-01-27");
  EXPECT_EQ(NormaliseDate("Sat, 27 Jan 2024 10:00:00 GMT"), "2024-01-27");
  EXPECT_EQ(NormaliseDate("January 27, 2024"), "2024-01-27");
  EXPECT_EQ(NormaliseDate("Published 27th January 2024"), "2024-01-27");
  EXPECT_EQ(NormaliseDate("2024/01/27"), "2024-01-27");
  EXPECT_EQ(NormaliseDate("20240127"), "2024-01-27");
  EXPECT_EQ(NormaliseDate("27.01.2024"), "2024-01-27");
  EXPECT_EQ(NormaliseDate("2024-02-30"), "");
  EXPECT_EQ(NormaliseDate("no date here"), "");
  auto ex = ExtractArticle(ReadAll(DataDir() / "teaser_list.html"),
                           ExtractOptions{.url = "https://x.example/news/2021/06/09/court"});
  ASSERT_TRUE(ex.ok());
  EXPECT_EQ(ex->date, "2021-06-09");  // from the URL
  EXPECT_EQ(UrlHost("https://www.Example.com:8080/a?b"), "example.com");
}

TEST(Extract, BadInputIsAClearErrorNotACrash) {
  EXPECT_FALSE(ExtractArticle("").ok());
  EXPECT_FALSE(ExtractArticle("   \n ").ok());
  ExtractOptions small;
  small.max_bytes = 1000;
  auto big = ExtractArticle(std::string(5000, 'a'), small);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), StatusCode::kResourceExhausted);
  // Invalid UTF-8 declared as UTF-8: repaired, not refused.
  auto bad = ExtractArticle("<meta charset=utf-8><p>Caf\xC3 \xFF\xFE talks in the capital went on for many hours and ended late at night today.</p>");
  ASSERT_TRUE(bad.ok());
  EXPECT_NE(bad->text.find("talks in the capital"), std::string::npos);
  // Unclosed everything, stray end tags, attributes without quotes or ends.
  auto messy = ExtractArticle("</div></p><div class=x id='y><p>Ministers met <b>twice <i>in one week to finish the draft of the new border agreement</div></span><p>Second paragraph of the messy page follows here with more words");
  EXPECT_TRUE(messy.ok() || messy.status().code() == StatusCode::kInvalidArgument);
}

TEST(Extract, DeeplyNestedTagsAreBoundedAndKeepTheText) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "<p>The deepest paragraph of this page tells the story of the negotiations that lasted all week.</p>";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  html += "</body></html>";
  HtmlTree t = HtmlTree::Parse(html);
  EXPECT_TRUE(t.depth_capped());
  auto ex = ExtractArticle(html);
  ASSERT_TRUE(ex.ok());
  EXPECT_NE(ex->text.find("deepest paragraph"), std::string::npos);
}

TEST(Extract, LargePageWithinLimitIsFastEnough) {
  std::string html = "<html><body><article>";
  for (int i = 0; html.size() < (20u << 20); ++i)
    html += "<p>The committee heard evidence from witness " + std::to_string(i) +
            " about the budget and the delays in the programme.</p>\n";
  html += "</article></body></html>";
  auto ex = ExtractArticle(html);
  ASSERT_TRUE(ex.ok());
  EXPECT_GT(ex->text.size(), 10u << 20);
}

TEST(SiteTemplatesTest, RepeatedBlocksAcrossPagesOfOneSiteAreRemoved) {
  auto page = [](const std::string& story, const std::string& promo) {
    return "<html><body><div class='content'><h1>" + story + "</h1><p>" + story +
           " was reported on Monday by the agency, which said the talks would continue next week in the capital.</p>"
           "<p>" + promo + "</p><p>Officials from both sides declined to comment on the details of " + story +
           " before the next round of talks.</p></div></body></html>";
  };
  const std::string promo =
      "Support independent journalism today: become a member of the Harbor Gazette for less than a coffee a week and read without limits.";
  SiteTemplates templates(3);
  std::vector<Extraction> pages;
  for (std::string s : {"Border talks resume", "Grain deal extended", "Ceasefire holds in north", "Ports reopen after strike"}) {
    auto ex = ExtractArticle(page(s, promo), ExtractOptions{.url = "https://gazette.example.org/" + s});
    ASSERT_TRUE(ex.ok());
    EXPECT_NE(ex->text.find("Support independent journalism"), std::string::npos);  // single-page heuristics keep it
    templates.Observe("gazette.example.org", *ex);
    pages.push_back(std::move(*ex));
  }
  for (Extraction& ex : pages) {
    EXPECT_EQ(templates.Apply("gazette.example.org", ex), 1u);
    EXPECT_EQ(ex.text.find("Support independent journalism"), std::string::npos);
    EXPECT_NE(ex.text.find("declined to comment"), std::string::npos);
  }
  // Too few pages of a site: nothing learned.
  SiteTemplates few(3);
  few.Observe("other.example", pages[0]);
  EXPECT_EQ(few.Apply("other.example", pages[1]), 0u);
}

TEST(ClassifierShared, SameVerdictsAsTheCleaner) {
  EXPECT_EQ(ClassifyTextBlock("12 Comments").marker, "comment-counter");
  EXPECT_TRUE(ClassifyTextBlock("Related articles").terminal);
  BlockVerdict by = ClassifyTextBlock("By Jane Doe");
  EXPECT_TRUE(by.byline);
  EXPECT_EQ(by.author, "Jane Doe");
  EXPECT_TRUE(ClassifyTextBlock("January 27, 2024").dateline);
  EXPECT_TRUE(ClassifyTextBlock("The ministers met in Baghdad on Saturday to discuss the withdrawal of foreign troops.").prose);
}

// A page with one article and a grid of cards (linked headline + summary)
// repeated from one template: the cards' summaries are teasers. When the
// cards hold most of the prose (a listicle of linked sections), they stay.
std::string CardPage(int article_paragraphs, int cards) {
  std::string h = "<html><head><title>Port strike ends</title></head><body><div class=\"page\">";
  h += "<div class=\"story\"><h1>Port strike ends</h1>";
  for (int i = 0; i < article_paragraphs; ++i)
    h += "<p>Dock workers returned to work on Monday after a two-week strike over pay and "
         "safety that had left hundreds of ships waiting outside the harbour, paragraph " +
         std::to_string(i) + ".</p>";
  h += "</div>";
  for (int i = 0; i < cards; ++i)
    h += "<div class=\"card\"><h3><a href=\"/story" + std::to_string(i) +
         "\">Another story headline number " + std::to_string(i) +
         "</a></h3><div class=\"summary\">A summary of another story that the site shows "
         "below every article to keep readers on its pages, number " +
         std::to_string(i) + ".</div></div>";
  return h + "</div></body></html>";
}

TEST(Extract, RepeatedTeaserCardsAreDroppedUnlessTheyAreTheContent) {
  auto ex = ExtractArticle(CardPage(6, 4));
  ASSERT_TRUE(ex.ok());
  EXPECT_NE(ex->text.find("Dock workers returned"), std::string::npos);
  EXPECT_EQ(ex->text.find("A summary of another story"), std::string::npos) << ex->text;
  auto list = ExtractArticle(CardPage(1, 6));
  ASSERT_TRUE(list.ok());
  EXPECT_NE(list->text.find("A summary of another story"), std::string::npos) << list->text;
}

TEST(Extract, DataTableRowsAreKeptAsLines) {
  auto ex = ExtractArticle(ReadAll(DataDir() / "data_table.html"));
  ASSERT_TRUE(ex.ok());
  EXPECT_NE(ex->text.find("\n1 Kyle Busch 5040 5\n2 Martin Truex Jr. 5035 7\n"), std::string::npos)
      << ex->text;
}

TEST(ExtractBenchmarks, DevPagesExtractWithoutErrors) {
  fs::path dir = fs::path(DYAD_SHARED_DIR) / "data" / "extract" / "scrapinghub" / "html";
  if (!fs::exists(dir)) GTEST_SKIP() << "../shared/data/extract not present; skipping";
  size_t pages = 0, with_text = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto bytes = ReadMaybeGzipFile(e.path().string(), 64u << 20);
    ASSERT_TRUE(bytes.ok());
    auto ex = ExtractArticle(*bytes);
    ++pages;
    with_text += ex.ok() && !ex->text.empty();
  }
  EXPECT_GE(with_text * 100, pages * 97);
}

}  // namespace
}  // namespace dyad
