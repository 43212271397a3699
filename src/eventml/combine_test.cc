// The combined coder (rules first, the model where they coded nothing) and
// the relevance gates of stage eventml.
#include "eventml/combine.h"

#include <gtest/gtest.h>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"

namespace dyad::eventml {
namespace {

Mention Actor(std::string code, std::string country, std::string sector) {
  Mention m;
  m.kind = MentionKind::kActor;
  m.code = std::move(code);
  m.country = std::move(country);
  m.sector = std::move(sector);
  return m;
}

Result<Document> Code(const std::string& spec, const std::string& text) {
  auto pipeline = Pipeline::Build("clean:mode=none;tokenize;tagger;parser;time;actors;" + spec, DYAD_SOURCE_DIR "/data");
  if (!pipeline.ok()) return pipeline.status();
  auto doc = DocumentFromText(text, "t", ReadOptions());
  if (!doc.ok()) return doc.status();
  doc->date = "2024-03-04";
  PipelineScratch scratch = pipeline->NewScratch();
  Status s = pipeline->Run(*doc, scratch);
  if (!s.ok()) return s;
  return doc;
}

TEST(CoderSetupTest, ParsesItsOptionsAndRefusesOthers) {
  auto s = CoderSetup::Parse("mode=combined,overlap=sentence,gate=2,sides=3,margin=4");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->mode, CoderSetup::Mode::kCombined);
  EXPECT_EQ(s->overlap, CoderSetup::Overlap::kSentence);
  EXPECT_EQ(s->gate, 2);
  EXPECT_EQ(s->sides, 3);
  EXPECT_FLOAT_EQ(s->margin, 4.0f);
  EXPECT_EQ(s->ToString(), "mode=combined,overlap=sentence,margin=4,gate=2,sides=3");
  EXPECT_EQ(CoderSetup::Parse("")->mode, CoderSetup::Mode::kLearned);
  for (const char* bad : {"mode=both", "gate=7", "sides=0", "margin=x", "colour=red"})
    EXPECT_FALSE(CoderSetup::Parse(bad).ok()) << bad;
  auto stage = Pipeline::Build("clean;tokenize;tagger;parser;time;actors;eventml:mode=both", DYAD_SOURCE_DIR "/data");
  ASSERT_FALSE(stage.ok());
  EXPECT_NE(stage.status().ToString().find("mode=both"), std::string::npos);
}

TEST(CoderSetupTest, DocumentGateWantsAStateOrganOfAKnownCountry) {
  Document doc;
  doc.mentions = {Actor("---GOV", "", "GOV"), Actor("---MIL", "", "MIL"), Actor("USA", "USA", "")};
  EXPECT_TRUE(DocumentIsPolitical(doc, 0));
  EXPECT_FALSE(DocumentIsPolitical(doc, 1));  // "the government", "the army": no country
  EXPECT_FALSE(DocumentIsPolitical(doc, 2));  // one country only
  doc.mentions.push_back(Actor("FRA", "FRA", ""));
  EXPECT_FALSE(DocumentIsPolitical(doc, 1));
  EXPECT_TRUE(DocumentIsPolitical(doc, 2));  // two countries
  doc.mentions = {Actor("FRAGOV", "FRA", "GOV")};
  EXPECT_TRUE(DocumentIsPolitical(doc, 1));
  doc.mentions = {Actor("IGOUNO", "", "")};
  EXPECT_TRUE(DocumentIsPolitical(doc, 1));
}

// Every rule event stays; what the model adds is its own, at a trigger no
// rule event covers, of a type the rules did not code in that sentence.
TEST(CombinedCoderTest, KeepsTheRulesEventsAndAddsOnlyUncoveredOnes) {
  const std::string text =
      "Russian forces shelled the Ukrainian city of Kharkiv on Monday. "
      "The Turkish foreign minister met his Greek counterpart in Athens and the two sides agreed to resume talks. "
      "Israeli troops detained two Palestinian journalists near Hebron, the army said. "
      "Iran's president urged the United Nations to condemn the strike.";
  auto rules = Code("eventml:mode=rules", text);
  auto combined = Code("eventml:mode=combined", text);
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_TRUE(combined.ok()) << combined.status().ToString();
  ASSERT_FALSE(rules->events.empty());
  auto same = [](const Event& a, const Event& b) {
    return a.sentence == b.sentence && a.trigger.begin == b.trigger.begin && a.cameo == b.cameo &&
           a.source.code == b.source.code && a.target.code == b.target.code;
  };
  for (const Event& r : rules->events) {
    bool found = false;
    for (const Event& c : combined->events) found = found || same(r, c);
    EXPECT_TRUE(found) << "rule event lost: " << r.cameo << " " << combined->Text(r.trigger);
  }
  for (const Event& c : combined->events) {
    bool from_rules = false;
    for (const Event& r : rules->events) from_rules = from_rules || same(r, c);
    if (from_rules) continue;
    EXPECT_NE(c.pattern_text.find("[model]"), std::string::npos) << c.pattern_text;
    for (const Event& r : rules->events) {
      if (r.sentence != c.sentence) continue;
      EXPECT_FALSE(r.trigger.begin < c.trigger.end && c.trigger.begin < r.trigger.end)
          << "model event at a rule trigger: " << combined->Text(c.trigger);
      if (!r.plover.empty()) EXPECT_NE(r.plover, c.plover) << combined->Text(c.trigger);
    }
  }
}

// The default coder's gates: commerce and lifestyle text with "the
// government" or a country in passing codes nothing; news still does.
TEST(CombinedCoderTest, DefaultGatesDropCommerceKeepNews) {
  const std::string spec(Pipeline::kDefaultEventStage);
  for (const char* text : {
           "The government offers grants of up to 5,000 dollars to small businesses that hire apprentices.",
           "Portugal offers a golden visa to investors who buy property worth 500,000 euros.",
           "The app supports Spanish and French, and users praised its design.",
           "The army of reviewers praised the new phone for its camera.",
       }) {
    auto doc = Code(spec, text);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    EXPECT_TRUE(doc->events.empty()) << text << ": " << doc->events.front().cameo << " "
                                     << doc->Text(doc->events.front().trigger);
  }
  auto news = Code(spec, "Russian forces shelled the Ukrainian city of Kharkiv on Monday.");
  ASSERT_TRUE(news.ok());
  ASSERT_FALSE(news->events.empty());
  EXPECT_EQ(news->events.front().plover, "ASSAULT");
}

}  // namespace
}  // namespace dyad::eventml
