#include "dyad/clean.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace dyad {
namespace {

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string BlockText(std::string_view raw, const TextBlock& b) {
  return std::string(Slice(raw, b.raw_span));
}

// Reason of the first block whose text starts with `prefix` ("<none>" if none).
std::string ReasonOf(std::string_view raw, const CleanResult& r, std::string_view prefix) {
  for (const auto& b : r.blocks) {
    std::string t = BlockText(raw, b);
    if (t.compare(0, prefix.size(), prefix) == 0) return b.reason.empty() ? "kept" : b.reason;
  }
  return "<none>";
}

std::vector<std::string> ReasonsOf(std::string_view raw, const CleanResult& r,
                                   std::string_view prefix) {
  std::vector<std::string> out;
  for (const auto& b : r.blocks) {
    std::string t = BlockText(raw, b);
    if (t.compare(0, prefix.size(), prefix) == 0) out.push_back(b.reason.empty() ? "kept" : b.reason);
  }
  return out;
}

// Invariants every result must satisfy: spans inside raw, in order, not
// overlapping, and the kept blocks joined by blank lines are exactly the text.
void CheckInvariants(std::string_view raw, const CleanResult& r) {
  uint32_t prev_end = 0;
  std::string joined;
  for (const auto& b : r.blocks) {
    ASSERT_LE(b.raw_span.begin, b.raw_span.end);
    ASSERT_LE(b.raw_span.end, raw.size());
    ASSERT_GE(b.raw_span.begin, prev_end) << "blocks out of order or overlapping";
    prev_end = b.raw_span.end;
    if (b.reason.empty()) {
      if (!joined.empty()) joined += "\n\n";
      joined += BlockText(raw, b);
    }
  }
  EXPECT_EQ(joined, r.text);
}

// ---------------------------------------------------------------------------
// The reference page from the shared corpus.

TEST(CleanPrescrapedText, ReferenceOpinionPage) {
  const std::string path = std::string(DYAD_SHARED_DIR) + "/corpus/000_545dd019dd7be0f3.txt";
  const std::string raw = ReadFileOrEmpty(path);
  if (raw.empty()) GTEST_SKIP() << "reference corpus file not found: " << path;

  CleanResult r = CleanPrescrapedText(raw);
  CheckInvariants(raw, r);
  EXPECT_EQ(r.title, "US\xE2\x80\x99s Real Approach to Termination of Military Presence in Iraq?");
  EXPECT_EQ(r.site, "Strategic Council Online");
  EXPECT_EQ(r.genre, "Opinion");
  EXPECT_EQ(r.author, "Barsam Mohammadi");
  EXPECT_EQ(r.language, "en");

  EXPECT_EQ(r.text.rfind("Talks between the Iraqi and American officials", 0), 0u) << r.text.substr(0, 80);
  const std::string tail = "covered with a velvet glove.";
  ASSERT_GE(r.text.size(), tail.size());
  EXPECT_EQ(r.text.substr(r.text.size() - tail.size()), tail);
  for (const char* bad : {"LATEST CONTENT", "Erdogan", "Loading", "Comments", "Barsam",
                          "Strategic Council Online", "\xC3\x9Altimas"}) {
    EXPECT_EQ(r.text.find(bad), std::string::npos) << bad;
  }
  // 14 article paragraphs.
  size_t kept = 0;
  for (const auto& b : r.blocks) kept += b.reason.empty() ? 1 : 0;
  EXPECT_EQ(kept, 14u);

  EXPECT_EQ(ReasonOf(raw, r, "US\xE2\x80\x99s Real Approach"), "title");
  EXPECT_EQ(ReasonOf(raw, r, "Strategic Council Online - Opinion:"), "dateline");
  EXPECT_EQ(ReasonOf(raw, r, "Barsam Mohammadi"), "byline");
  EXPECT_EQ(ReasonOf(raw, r, "0 Comments"), "comment-counter");
  EXPECT_EQ(ReasonOf(raw, r, "LATEST CONTENT"), "ui-label");
  EXPECT_EQ(ReasonOf(raw, r, "Loading"), "loading");
  EXPECT_EQ(ReasonOf(raw, r, "\xC3\x9Altimas publicaciones"), "other-language");
  auto erdogan = ReasonsOf(raw, r, "Erdogan");
  ASSERT_EQ(erdogan.size(), 2u);
  EXPECT_EQ(erdogan[0], "teaser");
  EXPECT_TRUE(erdogan[1] == "repeated" || erdogan[1] == "teaser") << erdogan[1];
  for (const auto& reason : ReasonsOf(raw, r, "Strategic Council Online \xE2\x80\x93 Interview")) {
    EXPECT_TRUE(reason == "repeated" || reason == "teaser") << reason;
  }
  // The dateline prefix and the byline are exact sub-spans of paragraph 1.
  for (const auto& b : r.blocks) {
    if (b.reason == "dateline") {
      EXPECT_EQ(BlockText(raw, b), "Strategic Council Online - Opinion:");
    }
    if (b.reason == "byline") {
      EXPECT_EQ(BlockText(raw, b), "Barsam Mohammadi \xE2\x80\x93 Expert on regional affairs");
    }
  }
}

TEST(CleanPrescrapedText, ReferenceWithKnownTitle) {
  const std::string path = std::string(DYAD_SHARED_DIR) + "/corpus/000_545dd019dd7be0f3.txt";
  const std::string raw = ReadFileOrEmpty(path);
  if (raw.empty()) GTEST_SKIP() << "reference corpus file not found: " << path;
  CleanResult r = CleanPrescrapedText(
      raw, "US's Real Approach to Termination of Military Presence in Iraq?");
  EXPECT_EQ(r.title, "US\xE2\x80\x99s Real Approach to Termination of Military Presence in Iraq?");
  EXPECT_EQ(r.text.rfind("Talks between", 0), 0u);
}

// ---------------------------------------------------------------------------
// Synthetic pages from other kinds of outlets.

const char kWirePage[] =
    "Iraq asks coalition to agree timetable for troop exit\n"
    "\n"
    "By Jane Doe\n"
    "\n"
    "January 27, 2024\n"
    "\n"
    "Share\n"
    "\n"
    "BAGHDAD (Reuters) - Iraq's prime minister said on Saturday that talks with the United "
    "States on ending the mission of the US-led coalition had begun, and that a timetable "
    "for the withdrawal of foreign troops would be agreed.\n"
    "\n"
    "The talks follow a series of attacks on US forces in Iraq and Syria by armed groups, "
    "which Washington has answered with air strikes on their bases.\n"
    "\n"
    "Advertisement\n"
    "\n"
    "A spokesman for the Pentagon said the working groups would meet again next month to "
    "review the security situation and the threat posed by Islamic State.\n"
    "\n"
    "Reporting by Jane Doe; Editing by John Roe\n"
    "\n"
    "Share this article\n"
    "\n"
    "Facebook Twitter Email\n"
    "\n"
    "Related articles\n"
    "\n"
    "Syria says Israeli strike hits Damascus suburb\n"
    "\n"
    "Turkey and Iraq agree on new water deal after months of talks on the Tigris.\n";

TEST(CleanPrescrapedText, WireStoryWithAgencyDatelineAndShareBar) {
  const std::string raw = kWirePage;
  CleanResult r = CleanPrescrapedText(raw);
  CheckInvariants(raw, r);
  EXPECT_EQ(r.title, "Iraq asks coalition to agree timetable for troop exit");
  EXPECT_EQ(r.author, "Jane Doe");
  EXPECT_EQ(r.site, "Reuters");
  EXPECT_EQ(r.language, "en");
  EXPECT_EQ(ReasonOf(raw, r, "By Jane Doe"), "byline");
  EXPECT_EQ(ReasonOf(raw, r, "January 27, 2024"), "dateline");
  EXPECT_EQ(ReasonOf(raw, r, "Share"), "ui-label");
  EXPECT_EQ(ReasonOf(raw, r, "BAGHDAD (Reuters) -"), "dateline");
  EXPECT_EQ(ReasonOf(raw, r, "Advertisement"), "ui-label");
  EXPECT_EQ(ReasonOf(raw, r, "Reporting by"), "byline");
  EXPECT_EQ(ReasonOf(raw, r, "Share this article"), "ui-label");
  EXPECT_EQ(ReasonOf(raw, r, "Facebook Twitter"), "ui-label");
  EXPECT_EQ(ReasonOf(raw, r, "Related articles"), "ui-label");
  EXPECT_EQ(ReasonOf(raw, r, "Syria says"), "teaser");
  EXPECT_EQ(ReasonOf(raw, r, "Turkey and Iraq"), "teaser");
  // The article goes on after the ad slot.
  EXPECT_EQ(r.text.rfind("Iraq's prime minister said on Saturday", 0), 0u) << r.text;
  EXPECT_NE(r.text.find("A spokesman for the Pentagon"), std::string::npos);
  EXPECT_EQ(r.text.find("Advertisement"), std::string::npos);
  EXPECT_EQ(r.text.find("Reuters"), std::string::npos);
  EXPECT_EQ(r.text.find("Syria says"), std::string::npos);
}

const char kNewspaperPage[] =
    "Home\n"
    "World\n"
    "\n"
    "Kurdish leaders reject Baghdad budget plan\n"
    "\n"
    "12 comments\n"
    "\n"
    "ERBIL \xE2\x80\x94 Leaders of the Kurdistan Region rejected on Monday the federal budget "
    "plan proposed by Baghdad, saying it would cut salaries for public employees.\n"
    "\n"
    "Read more: Kurdish salaries row deepens as talks stall\n"
    "\n"
    "The regional government said it had not been consulted and called on the federal court "
    "to suspend the measure until a compromise could be found.\n"
    "\n"
    "Officials in Baghdad said the plan was fair and would be implemented as written.\n"
    "\n"
    "Tags: Iraq, Kurdistan, budget\n"
    "\n"
    "Most popular\n"
    "\n"
    "Iran and Iraq sign border security pact\n"
    "\n"
    "The agreement commits both sides to disarm Kurdish opposition groups near the border.\n"
    "\n"
    "Comments (12)\n";

TEST(CleanPrescrapedText, NewspaperWithInlineReadMoreAndTags) {
  const std::string raw = kNewspaperPage;
  CleanResult r = CleanPrescrapedText(raw);
  CheckInvariants(raw, r);
  EXPECT_EQ(r.title, "Kurdish leaders reject Baghdad budget plan");
  EXPECT_EQ(ReasonOf(raw, r, "Home"), "ui-label");
  EXPECT_EQ(ReasonOf(raw, r, "World"), "ui-label");
  EXPECT_EQ(ReasonOf(raw, r, "12 comments"), "comment-counter");
  EXPECT_EQ(ReasonOf(raw, r, "ERBIL"), "dateline");
  EXPECT_EQ(ReasonOf(raw, r, "Read more:"), "ui-label");
  EXPECT_EQ(ReasonOf(raw, r, "The regional government"), "kept");
  EXPECT_EQ(ReasonOf(raw, r, "Officials in Baghdad"), "kept");
  EXPECT_EQ(ReasonOf(raw, r, "Tags:"), "ui-label");
  EXPECT_EQ(ReasonOf(raw, r, "Most popular"), "ui-label");
  EXPECT_EQ(ReasonOf(raw, r, "Iran and Iraq sign"), "teaser");
  EXPECT_EQ(ReasonOf(raw, r, "The agreement commits"), "teaser");
  EXPECT_EQ(ReasonOf(raw, r, "Comments (12)"), "comment-counter");
  EXPECT_EQ(r.text.rfind("Leaders of the Kurdistan Region", 0), 0u) << r.text;
  EXPECT_EQ(r.text.find("Read more"), std::string::npos);
  EXPECT_EQ(r.text.find("Tags"), std::string::npos);
  EXPECT_TRUE(r.site.empty()) << r.site;  // a city dateline names no outlet
}

const char kThinkTankPage[] =
    "What Next for the Gulf Security Dialogue?\n"
    "\n"
    "Author: Maria Lopez Garcia\n"
    "\n"
    "Policy Watch\xE2\x80\x94" "Analysis: Gulf states have quietly resumed talks on a regional "
    "security framework, and the latest round in Muscat suggests both sides want to lower "
    "tensions before the summer.\n"
    "\n"
    "The new format brings defence officials to the table for the first time, which "
    "diplomats say reflects a shared fear of escalation at sea.\n"
    "\n"
    "Still, the gap between the two camps on missile programmes remains wide, and neither "
    "side has offered concessions in public. Maria Lopez Garcia, Senior Fellow at the "
    "Institute for Regional Studies\n"
    "\n"
    "Comments (3)\n"
    "\n"
    "MORE ANALYSIS\n"
    "\n"
    "Oman\xE2\x80\x99s Quiet Diplomacy\n"
    "\n"
    "Policy Watch\xE2\x80\x94Interview: A former envoy said that Muscat has become the "
    "channel of choice for messages between rivals.\n";

TEST(CleanPrescrapedText, ThinkTankWithEmDashGenreAndRoleByline) {
  const std::string raw = kThinkTankPage;
  CleanResult r = CleanPrescrapedText(raw);
  CheckInvariants(raw, r);
  EXPECT_EQ(r.title, "What Next for the Gulf Security Dialogue?");
  EXPECT_EQ(r.site, "Policy Watch");
  EXPECT_EQ(r.genre, "Analysis");
  EXPECT_EQ(r.author, "Maria Lopez Garcia");
  EXPECT_EQ(ReasonOf(raw, r, "Author:"), "byline");
  EXPECT_EQ(ReasonOf(raw, r, "Policy Watch\xE2\x80\x94" "Analysis:"), "dateline");
  EXPECT_EQ(ReasonOf(raw, r, "Maria Lopez Garcia, Senior Fellow"), "byline");
  EXPECT_EQ(ReasonOf(raw, r, "Comments (3)"), "comment-counter");
  EXPECT_EQ(ReasonOf(raw, r, "MORE ANALYSIS"), "ui-label");
  EXPECT_EQ(ReasonOf(raw, r, "Oman"), "teaser");
  EXPECT_EQ(ReasonOf(raw, r, "Policy Watch\xE2\x80\x94Interview"), "teaser");
  EXPECT_EQ(r.text.rfind("Gulf states have quietly resumed talks", 0), 0u) << r.text;
  const std::string tail = "offered concessions in public.";
  ASSERT_GE(r.text.size(), tail.size());
  EXPECT_EQ(r.text.substr(r.text.size() - tail.size()), tail);
}

TEST(CleanPrescrapedText, SiteDashPrefixWithoutGenre) {
  const std::string raw =
      "Tehran Times - Iran's foreign minister said on Sunday that his country was ready to "
      "resume talks with European states on its nuclear programme.\n\n"
      "He spoke after meeting his Omani counterpart in Muscat, where the two discussed "
      "shipping in the Strait of Hormuz.\n";
  CleanResult r = CleanPrescrapedText(raw);
  CheckInvariants(raw, r);
  EXPECT_EQ(r.site, "Tehran Times");
  EXPECT_TRUE(r.genre.empty());
  EXPECT_EQ(r.text.rfind("Iran's foreign minister said", 0), 0u) << r.text;
}

TEST(CleanPrescrapedText, PlainArticleComesOutUnchanged) {
  const std::string raw =
      "The foreign ministers of Egypt and Jordan met in Amman on Tuesday to discuss the "
      "humanitarian situation in Gaza and the reopening of border crossings.\n"
      "\n"
      "According to a joint statement, both sides called for an immediate ceasefire and for "
      "aid convoys to be allowed through without delay.\n"
      "\n"
      "The ministers also agreed to coordinate their positions ahead of an Arab League summit "
      "scheduled for next month in Bahrain.\n"
      "\n"
      "Jordan has hosted several rounds of regional talks since October, and officials said "
      "more meetings were planned.";
  CleanResult r = CleanPrescrapedText(raw);
  CheckInvariants(raw, r);
  EXPECT_EQ(r.text, raw);
  ASSERT_EQ(r.blocks.size(), 4u);
  for (const auto& b : r.blocks) EXPECT_TRUE(b.reason.empty()) << b.reason;
  EXPECT_TRUE(r.title.empty());
  EXPECT_TRUE(r.site.empty());
  EXPECT_TRUE(r.author.empty());
  EXPECT_EQ(r.language, "en");
}

TEST(CleanPrescrapedText, HardWrappedParagraphsStayWhole) {
  const std::string raw =
      "Lebanon's caretaker government said on Thursday that it had received\n"
      "a French proposal to end the border clashes and that it would study\n"
      "the text carefully before giving an answer.\n"
      "\n"
      "The proposal includes a withdrawal of fighters several kilometres from\n"
      "the frontier and the deployment of more army troops in the south.\n";
  CleanResult r = CleanPrescrapedText(raw);
  CheckInvariants(raw, r);
  ASSERT_EQ(r.blocks.size(), 2u);
  EXPECT_TRUE(r.blocks[0].reason.empty());
  EXPECT_TRUE(r.blocks[1].reason.empty());
  EXPECT_EQ(r.text + "\n", raw);
}

TEST(CleanPrescrapedText, KnownTitleIsFound) {
  const std::string raw =
      "Breaking\n\n"
      "Ceasefire talks resume in Cairo\n\n"
      "Negotiators from both sides arrived in Cairo on Monday for a new round of talks aimed at "
      "a ceasefire and the release of hostages, officials said.\n\n"
      "The talks are expected to last several days.\n";
  CleanResult r = CleanPrescrapedText(raw, "Ceasefire talks resume in Cairo");
  CheckInvariants(raw, r);
  EXPECT_EQ(r.title, "Ceasefire talks resume in Cairo");
  EXPECT_EQ(ReasonOf(raw, r, "Ceasefire talks"), "title");
  EXPECT_EQ(ReasonOf(raw, r, "Breaking"), "ui-label");
  EXPECT_EQ(r.text.rfind("Negotiators from both sides", 0), 0u);
}

TEST(CleanPrescrapedText, RepeatedArticleParagraphIsDropped) {
  const std::string para =
      "The central bank raised its main interest rate by half a point on Wednesday, citing "
      "persistent inflation in food and energy prices.";
  const std::string raw = para + "\n\nAnalysts had expected a smaller increase after weeks of "
                                 "signals from the governor, who spoke of caution.\n\n" +
                          para + "\n";
  CleanResult r = CleanPrescrapedText(raw);
  CheckInvariants(raw, r);
  ASSERT_EQ(r.blocks.size(), 3u);
  EXPECT_TRUE(r.blocks[0].reason.empty());
  EXPECT_EQ(r.blocks[2].reason, "repeated");
}

// ---------------------------------------------------------------------------
// Language detection.

TEST(DetectLanguage, SpanishUiLabelAndEnglish) {
  bool reliable = false;
  EXPECT_EQ(DetectLanguage("\xC3\x9Altimas publicaciones", &reliable), "es");
  EXPECT_TRUE(reliable);
  EXPECT_EQ(DetectLanguage("The foreign ministers of Egypt and Jordan met in Amman on Tuesday "
                           "to discuss the humanitarian situation in Gaza."),
            "en");
  EXPECT_EQ(DetectLanguage(""), "");
  EXPECT_EQ(DetectLanguage("\xFF\xFE\x00\x01garbage\xC3"), "");  // never crashes
}

TEST(CleanPrescrapedText, OtherLanguageOnlyForForeignUiText) {
  const std::string raw =
      "Syria and Turkey Hold First Talks in a Decade\n\n"
      "Officials from Syria and Turkey met in Moscow on Wednesday for the first high-level talks "
      "between the two governments in more than a decade, according to state media.\n\n"
      "The meeting focused on border security and the return of refugees.\n\n"
      "0 Comments\n\n"
      "Syria and Turkey Hold First Talks in a Decade\n\n"
      "\xC3\x9Altimas publicaciones\n\n"
      "Art\xC3\xAD" "culos relacionados\n\n"
      "Neueste Beitr\xC3\xA4ge\n";
  CleanResult r = CleanPrescrapedText(raw);
  CheckInvariants(raw, r);
  EXPECT_EQ(r.language, "en");
  EXPECT_EQ(ReasonOf(raw, r, "0 Comments"), "comment-counter");
  auto title = ReasonsOf(raw, r, "Syria and Turkey Hold");
  ASSERT_EQ(title.size(), 2u);
  EXPECT_EQ(title[0], "title");
  EXPECT_NE(title[1], "other-language");
  EXPECT_EQ(ReasonOf(raw, r, "\xC3\x9Altimas"), "other-language");
  EXPECT_EQ(ReasonOf(raw, r, "Art\xC3\xAD"), "other-language");
  EXPECT_EQ(ReasonOf(raw, r, "Neueste"), "other-language");
  for (const auto& b : r.blocks) {
    if (b.reason == "other-language") {
      EXPECT_EQ(BlockText(raw, b).find("Comments"), std::string::npos);
    }
  }
}

// ---------------------------------------------------------------------------
// Bad input.

TEST(CleanPrescrapedText, EmptyAndWhitespace) {
  CleanResult r = CleanPrescrapedText("");
  EXPECT_TRUE(r.text.empty());
  EXPECT_TRUE(r.blocks.empty());
  EXPECT_TRUE(r.language.empty());

  const std::string ws = "   \n\n\t\r\n \xC2\xA0 \n\xE2\x80\x8B\n";
  r = CleanPrescrapedText(ws);
  CheckInvariants(ws, r);
  EXPECT_TRUE(r.text.empty());

  const std::string punct = "***\n\n---\n\n|\n";
  r = CleanPrescrapedText(punct);
  CheckInvariants(punct, r);
  EXPECT_TRUE(r.text.empty());
  for (const auto& b : r.blocks) EXPECT_EQ(b.reason, "empty");
}

TEST(CleanPrescrapedText, BinaryJunkAndInvalidUtf8) {
  std::mt19937 rng(42);
  std::string junk(64 * 1024, '\0');
  for (char& c : junk) c = static_cast<char>(rng() & 0xFF);
  CleanResult r = CleanPrescrapedText(junk);
  CheckInvariants(junk, r);

  std::string bad =
      "Title \xC3\x28 with bad bytes\n\n"
      "The minister \xE2\x82 said on Monday \xF0\x90\x80 that talks \xFF\xFE would continue "
      "next week in the capital, officials said.\n\n"
      "\xC0\xAF\xED\xA0\x80 overlong and surrogate \xF5\x80\x80\x80\n\n"
      "Truncated at the end \xE2\x80";
  r = CleanPrescrapedText(bad);
  CheckInvariants(bad, r);
  EXPECT_NE(r.text.find("talks"), std::string::npos);

  // Embedded NULs and control characters.
  std::string nul("The army said\0 it had\x01 repelled an attack on the base near the city "
                  "overnight, killing several militants.\n\n0 Comments\n",
                  110);
  r = CleanPrescrapedText(nul);
  CheckInvariants(nul, r);

  // Every prefix of the reference-like page: no crash, invariants hold.
  const std::string page = kWirePage;
  for (size_t cut = 0; cut < page.size(); cut += 7) {
    std::string part = page.substr(0, cut);
    CleanResult p = CleanPrescrapedText(part);
    CheckInvariants(part, p);
  }
}

TEST(CleanPrescrapedText, HugeSingleLineIsLinear) {
  std::string line;
  line.reserve(20u << 20);
  const std::string sentence = "The delegation met officials in the capital on Monday. ";
  while (line.size() + sentence.size() <= (20u << 20)) line += sentence;
  auto start = std::chrono::steady_clock::now();
  CleanResult r = CleanPrescrapedText(line);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(secs, 30.0);  // generous: sanitizer builds are slow; linear is ~1 s
  ASSERT_EQ(r.blocks.size(), 1u);
  EXPECT_TRUE(r.blocks[0].reason.empty());
  EXPECT_EQ(r.language, "en");

  // 20 MB without a single space or newline.
  std::string blob(20u << 20, 'x');
  start = std::chrono::steady_clock::now();
  r = CleanPrescrapedText(blob);
  secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(secs, 30.0);
  ASSERT_EQ(r.blocks.size(), 1u);

  // Many tiny lines.
  std::string lines;
  for (int i = 0; i < 200000; ++i) lines += "Loading\n\n";
  r = CleanPrescrapedText(lines);
  EXPECT_EQ(r.blocks.size(), 200000u);
  EXPECT_TRUE(r.text.empty());
}

}  // namespace
}  // namespace dyad
