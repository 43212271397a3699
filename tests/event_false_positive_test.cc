// Golden tests of the default event coder on sentences written for them: the
// false-positive classes found in non-political pages and the three kinds of
// false assertion found in real articles (issue 11). Each sentence must yield
// no asserted event of the named kind; positive controls beside them keep the
// tests from passing by a coder that codes nothing.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dyad/events.h"
#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "test_util.h"

namespace dyad {
namespace {

// Both coders: the rule coder (stage "events", the default) and the learned
// one (stage "eventml").
class EventFalsePositiveTest : public ::testing::TestWithParam<const char*> {
 protected:
  Result<Document> CodeText(const std::string& text, const std::string& date, bool all = false) {
    // Built once per coder and option: loading the parser dominates.
    static std::map<std::string, std::unique_ptr<Pipeline>> cache;
    const std::string spec =
        std::string("clean:mode=none;tokenize;tagger;parser;time;actors;") + GetParam() + (all ? ":all=yes" : "");
    auto& pipeline = cache[spec];
    if (!pipeline) {
      auto built = Pipeline::Build(spec, testing::DataDir());
      if (!built.ok()) return built.status();
      pipeline = std::make_unique<Pipeline>(std::move(built).value());
    }
    auto doc = DocumentFromText(text, "test", ReadOptions());
    if (!doc.ok()) return doc.status();
    doc->date = date;
    PipelineScratch scratch = pipeline->NewScratch();
    if (Status s = pipeline->Run(*doc, scratch); !s.ok()) return s;
    return std::move(doc).value();
  }
};

std::string Describe(const Document& doc) {
  std::string out;
  for (const Event& e : doc.events)
    out += fmt::format("  {} {} -> {} {} ({}, {}) \"{}\"\n", e.plover, e.source.code, e.target.code, e.cameo,
                       ToString(e.polarity), ToString(e.modality), doc.Text(e.trigger));
  return out;
}

// Asserted events of the default output.
std::vector<const Event*> Asserted(const Document& doc) {
  std::vector<const Event*> out;
  for (const Event& e : doc.events)
    if (e.asserted_actual()) out.push_back(&e);
  return out;
}

struct Case {
  const char* name;
  const char* text;
  const char* fails_with = "";  // a coder known to code it still (listed, not hidden: KnownFailures)
};

bool KnownToFail(const Case& c, const char* coder) { return std::string_view(c.fails_with) == coder; }

// Product, commerce and lifestyle text: nothing at all.
const std::vector<Case>& NonPoliticalCases() {
  static const std::vector<Case> cases = {
      // A country "offers" a residence permit (was AGREE).
      {"offers-permit", "Portugal offers a residence permit to foreign retirees who buy a home in the Algarve.",
       "events"},
      // A programme "provides" grants (was AID).
      {"provides-grants", "The Erasmus programme provides grants to students who spend a semester abroad."},
      // "businesses ask" (was REQUEST).
      {"businesses-ask", "Many small businesses ask their customers to leave a review after each purchase."},
      // "supports 6 languages", "Spanish" taken as Spain (was SUPPORT).
      {"supports-languages", "The new keyboard app supports six languages, including Spanish, French and German."},
      // "recognize" as diplomatic recognition.
      {"recognize-faces", "The camera can recognize faces of family members and Italian number plates."},
      // One-sided events with a generic source (---BUS, ---CVL) and no target.
      {"generic-one-sided", "Shoppers complained about the long queues, and the retailer apologised on Monday."},
      {"recipe", "Chefs in Mexico recommend that you soak the beans overnight before cooking them.", "eventml"},
      {"travel", "Visitors to Japan are advised to buy a rail pass before they arrive.", "eventml"},
  };
  return cases;
}

TEST_P(EventFalsePositiveTest, NonPoliticalTextYieldsNoEvent) {
  for (const Case& c : NonPoliticalCases()) {
    if (KnownToFail(c, GetParam())) continue;  // see DISABLED_KnownFailures
    auto doc = CodeText(c.text, "2024-03-01");
    ASSERT_TRUE(doc.ok()) << c.name << ": " << doc.status().ToString();
    EXPECT_TRUE(Asserted(*doc).empty()) << c.name << " coded:\n" << Describe(*doc);
  }
}

// Language adjectives are not countries.
TEST_P(EventFalsePositiveTest, LanguageAdjectiveIsNotACountry) {
  auto doc = CodeText("The French government thanked volunteers who teach Spanish and English to refugees.",
                      "2024-03-01", /*all=*/true);
  ASSERT_TRUE(doc.ok());
  for (const Event& e : doc->events) {
    EXPECT_NE(e.source.code.substr(0, 3), "ESP") << Describe(*doc);
    EXPECT_NE(e.target.code.substr(0, 3), "ESP") << Describe(*doc);
    EXPECT_NE(e.target.code.substr(0, 3), "GBR") << Describe(*doc);
  }
}

// A withdrawal that is only announced is not a withdrawal.
TEST_P(EventFalsePositiveTest, AnnouncedWithdrawalIsNotAsserted) {
  for (const char* text : {
           "The Pentagon announced on Monday that it plans to withdraw 2,000 troops from Syria next year.",
           "Russia said it would pull its forces out of the region once the talks are over.",
       }) {
    auto doc = CodeText(text, "2024-03-01");
    ASSERT_TRUE(doc.ok());
    for (const Event* e : Asserted(*doc)) EXPECT_NE(e->plover, "RETREAT") << text << "\n" << Describe(*doc);
  }
}

// An open question is not a concession or an agreement.
TEST_P(EventFalsePositiveTest, OpenQuestionIsNotAsserted) {
  for (const char* text : {
           "It remains unclear whether Iran will agree to the new inspections demanded by the IAEA.",
           "Diplomats asked whether the Israeli government would accept a ceasefire with Hamas.",
       }) {
    auto doc = CodeText(text, "2024-03-01");
    ASSERT_TRUE(doc.ok());
    for (const Event* e : Asserted(*doc))
      EXPECT_TRUE(e->plover != "AGREE" && e->plover != "CONCEDE") << text << "\n" << Describe(*doc);
  }
}

// An idiom whose noun is a trigger word is not the event.
TEST_P(EventFalsePositiveTest, IdiomWithTriggerNounIsNotAnEvent) {
  for (const char* text : {
           "The election result was a wake-up call for the ruling party in Germany.",
           "The new budget is a far cry from what the British government promised.",
       }) {
    auto doc = CodeText(text, "2024-03-01");
    ASSERT_TRUE(doc.ok());
    for (const Event* e : Asserted(*doc)) EXPECT_NE(e->plover, "REQUEST") << text << "\n" << Describe(*doc);
  }
}

// Positive controls: the same triggers in political text are coded.
TEST_P(EventFalsePositiveTest, PoliticalUsesOfTheSameTriggersAreCoded) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"Germany provided military aid to Ukraine on Tuesday.", "AID"},
      {"Iran agreed to new inspections by the IAEA on Monday.", "AGREE"},
  };
  for (const auto& [text, type] : cases) {
    auto doc = CodeText(text, "2024-03-01");
    ASSERT_TRUE(doc.ok());
    bool found = false;
    for (const Event* e : Asserted(*doc)) found |= e->plover == type;
    EXPECT_TRUE(found) << text << " should code " << type << "; got:\n" << Describe(*doc);
  }
}

TEST_P(EventFalsePositiveTest, WithdrawalIsCodedAsRetreat) {
  if (std::string_view(GetParam()) == "eventml") GTEST_SKIP() << "known failure, see DISABLED_KnownFailures";
  auto doc = CodeText("The United States withdrew 2,000 troops from Syria on Monday.", "2024-03-01");
  ASSERT_TRUE(doc.ok());
  bool found = false;
  for (const Event* e : Asserted(*doc)) found |= e->plover == "RETREAT";
  EXPECT_TRUE(found) << Describe(*doc);
}

// What each coder still gets wrong (issue 11, not yet fixed): run with
// --gtest_also_run_disabled_tests. The learned coder codes "withdrew" as
// CONCEDE because the PLV training labels name the old YIELD type, which
// training maps to CONCEDE; it takes a place in a locative phrase ("Chefs in
// Mexico", "Visitors to Japan") as an actor. The rule coder codes a country
// that "offers" a permit as AGREE.
TEST_P(EventFalsePositiveTest, DISABLED_KnownFailures) {
  for (const Case& c : NonPoliticalCases()) {
    if (!KnownToFail(c, GetParam())) continue;
    auto doc = CodeText(c.text, "2024-03-01");
    ASSERT_TRUE(doc.ok());
    EXPECT_TRUE(Asserted(*doc).empty()) << c.name << " coded:\n" << Describe(*doc);
  }
  if (std::string_view(GetParam()) == "eventml") {
    auto doc = CodeText("The United States withdrew 2,000 troops from Syria on Monday.", "2024-03-01");
    ASSERT_TRUE(doc.ok());
    bool found = false;
    for (const Event* e : Asserted(*doc)) found |= e->plover == "RETREAT";
    EXPECT_TRUE(found) << Describe(*doc);
  }
}

INSTANTIATE_TEST_SUITE_P(Coders, EventFalsePositiveTest, ::testing::Values("events", "eventml"));

}  // namespace
}  // namespace dyad
