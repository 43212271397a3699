// One test per construction the coder must handle, on real-looking sentences.
#include <gtest/gtest.h>

#include <algorithm>

#include "dyad/events.h"
#include "test_util.h"

namespace dyad {
namespace {

using testing::CodeText;
using testing::EventLines;
using V = std::vector<std::string>;

V Code(const std::string& text, const std::string& date = "2024-03-15", bool all = false) {
  auto doc = CodeText(text, date, all, /*clean=*/false, "events");
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? EventLines(*doc, !all) : V{};
}

TEST(CoderTest, VerbalTriggerWithSubjectAndObject) {
  EXPECT_EQ(Code("Iran accused Israel of attacking its embassy."),
            (V{"2024-03-15 IRN ISR 112 asserted actual x1 \"accused\""}));
}

TEST(CoderTest, NegationDropsTheEventByDefaultAndLabelsItWithAll) {
  EXPECT_TRUE(Code("Russia did not attack Ukraine on Monday.").empty());
  EXPECT_EQ(Code("Russia did not attack Ukraine on Monday.", "2024-03-15", true),
            (V{"2024-03-11 RUS UKR 190 negated actual x1 \"attack\""}));
  EXPECT_EQ(Code("The Americans have no intention of leaving Iraq.", "2024-03-15", true),
            (V{"2024-03-15 USA IRQ 0874 negated hypothetical x1 \"leaving\""}));
}

TEST(CoderTest, FutureHypotheticalAndQuestionAreNotAsserted) {
  // A plain prediction is not an event...
  EXPECT_TRUE(Code("France is expected to withdraw its troops from Mali.").empty());
  EXPECT_EQ(Code("France is expected to withdraw its troops from Mali.", "2024-03-15", true),
            (V{"2024-03-15 FRA MLI 0874 asserted future x1 \"withdraw\""}));
  EXPECT_TRUE(Code("Even if US forces leave Iraq, the threat remains.").empty());
  EXPECT_TRUE(Code("It is unclear whether Turkey attacked Syria.").empty());
  EXPECT_EQ(Code("Did Turkey attack Syria?", "2024-03-15", true),
            (V{"2024-03-15 TUR SYR 190 asserted question x1 \"attack\""}));
}

TEST(CoderTest, IntentsThreatsAndRefusalsAreCodedAsSuch) {
  // ...but an announced action is a statement of intent (CAMEO 03), a
  // threatened one a threat (13), a refused one a rejection (12).
  EXPECT_EQ(Code("France will withdraw its troops from Mali."),
            (V{"2024-03-15 FRA MLI 0356 asserted actual x1 \"withdraw\""}));
  EXPECT_EQ(Code("Finland will give Tanzania a grant."),
            (V{"2024-03-15 FIN TZA 033 asserted actual x1 \"give Tanzania a grant\""}));
  EXPECT_EQ(Code("Iran threatened to attack Israel."),
            (V{"2024-03-15 IRN ISR 138 asserted actual x1 \"threatened to attack\""}));
  EXPECT_EQ(Code("Pakistan refused to negotiate with India."),
            (V{"2024-03-15 PAK IND 125 asserted actual x1 \"refused to negotiate\""}));
  EXPECT_EQ(Code("Pakistan refused to deploy peacekeepers in Iraq."),
            (V{"2024-03-15 PAK IRQ 122 asserted actual x1 \"deploy peacekeepers\""}));
  // "did not" is a plain negation, not a refusal.
  EXPECT_TRUE(Code("Pakistan did not negotiate with India.").empty());
}

TEST(CoderTest, MaterialEventsWithoutActorTargetTakeThePlace) {
  EXPECT_EQ(Code("Palestinian prisoners rioted on Monday at a jail in northern Israel."),
            (V{"2024-03-11 PSE ISR 145 asserted actual x1 \"rioted\""}));
  EXPECT_EQ(Code("Red Cross officials suspended aid deliveries in Baghdad on Wednesday."),
            (V{"2024-03-13 NGOHLHIRC IRQ 162 asserted actual x1 \"suspended aid\""}));
  // A promise is not symmetric; the recipient may follow modifiers ("war-torn").
  EXPECT_EQ(Code("France promised to continue military aid to war-torn Mali."),
            (V{"2024-03-15 FRA MLI 030 asserted actual x1 \"promised\""}));
}

TEST(CoderTest, PlacesStandForTheirCountry) {
  // Cities and regions from places.txt, not only capitals.
  EXPECT_EQ(Code("Israeli tanks fired rockets at targets in Jericho on Monday."),
            (V{"2024-03-11 ISR PSE 194 asserted actual x1 \"fired rockets\""}));
  EXPECT_EQ(Code("Turkish tanks shelled a village near Kirkuk on Tuesday."),
            (V{"2024-03-12 TUR IRQ 194 asserted actual x1 \"shelled\""}));
}

TEST(CoderTest, ObjectOwnedByTheTargetActor) {
  // The object is a thing of the actor's: its owner is the target.
  EXPECT_EQ(Code("Israeli helicopters shelled positions of the Palestinian security forces."),
            (V{"2024-03-15 ISR PSEMIL 194 asserted actual x1 \"shelled\""}));
}

TEST(CoderTest, AnAttemptIsCodedAsTheAct) {
  EXPECT_EQ(Code("Syria tried to attack Israel on Monday."),
            (V{"2024-03-11 SYR ISR 190 asserted actual x1 \"attack\""}));
  // Seeking to act is still an intention.
  EXPECT_TRUE(Code("Syria sought to attack Israel on Monday.").empty());
}

TEST(CoderTest, ThreatTargetsWhoeverItsConditionNames) {
  EXPECT_EQ(Code("Russia threatened to stop negotiations to reduce nuclear weapons if the United States "
                 "deploys new missiles in Europe."),
            (V{"2024-03-15 RUS USA 134 asserted actual x1 \"stop negotiations\""}));
  // The condition's subject is only taken for threats.
  EXPECT_EQ(Code("Russia criticized the talks because the United States deployed missiles."),
            (V{"2024-03-15 RUS - 111 asserted actual x1 \"criticized\"",
               "2024-03-15 USA - 150 asserted actual x1 \"deployed\""}));
}

TEST(CoderTest, ReportedObligationIsADemand) {
  EXPECT_EQ(Code("Russia said on Tuesday that Sudan must return the helicopter."),
            (V{"2024-03-12 RUS - 010 asserted actual x1 \"said\"",
               "2024-03-12 RUS SDN 100 asserted actual x1 \"must\""}));
}

TEST(CoderTest, PassiveVoiceSwapsAgentAndPatient) {
  EXPECT_EQ(Code("Syria was attacked by Israel on Tuesday."),
            (V{"2024-03-12 ISR SYR 190 asserted actual x1 \"attacked\""}));
  // No agent, no source: an agentless passive is not coded.
  EXPECT_TRUE(Code("Syria was attacked on Tuesday.").empty());
}

TEST(CoderTest, NominalTriggers) {
  // "talks between X and Y": both parties, both directions.
  EXPECT_EQ(Code("Talks between Egypt and Qatar began in Cairo on Sunday."),
            (V{"2024-03-10 EGY QAT 046 asserted actual x1 \"Talks\"",
               "2024-03-10 QAT EGY 046 asserted actual x1 \"Talks\""}));
  // A noun without a verb of occurrence is no event: "a road map for the withdrawal".
  EXPECT_TRUE(Code("The committee will prepare a road map for the withdrawal of US forces from Iraq.").empty());
}

TEST(CoderTest, CoordinatedActorsGiveOneEventPerPair) {
  EXPECT_EQ(Code("Mali and Burkina Faso criticized France."),
            (V{"2024-03-15 MLI FRA 111 asserted actual x1 \"criticized\"",
               "2024-03-15 BFA FRA 111 asserted actual x1 \"criticized\""}));
}

TEST(CoderTest, SymmetricEventsAreCodedBothWays) {
  // "X and Y agreed": each is source and target; the agreement is asserted
  // (only the talks themselves lie in the future).
  EXPECT_EQ(Code("India and Pakistan agreed to hold talks."),
            (V{"2024-03-15 IND PAK 036 asserted actual x1 \"agreed to hold talks\"",
               "2024-03-15 PAK IND 036 asserted actual x1 \"agreed to hold talks\""}));
  EXPECT_EQ(Code("Greece negotiated with Turkey."),
            (V{"2024-03-15 GRC TUR 046 asserted actual x1 \"negotiated\"",
               "2024-03-15 TUR GRC 046 asserted actual x1 \"negotiated\""}));
}

TEST(CoderTest, ReportedSpeechCodesTheReportedEvent) {
  // The statement and the agreement it reports, the latter marked as reported.
  EXPECT_EQ(Code("The Pentagon said Iraq had agreed to host the talks."),
            (V{"2024-03-15 USAMIL - 010 asserted actual x1 \"said\"",
               "2024-03-15 IRQ - 036 asserted reported x1 \"agreed to host the talks\""}));
}

TEST(CoderTest, DatesFromTheSentenceOrTheDocument) {
  EXPECT_EQ(Code("Japan protested to China on Monday."),
            (V{"2024-03-11 JPN CHN 114 asserted actual x1 \"protested to\""}));
  EXPECT_EQ(Code("Japan protested to China on May 4, 2023."),
            (V{"2023-05-04 JPN CHN 114 asserted actual x1 \"protested to\""}));
  EXPECT_EQ(Code("Japan protested to China."),
            (V{"2024-03-15 JPN CHN 114 asserted actual x1 \"protested to\""}));
  // Without a document date, a weekday pins the year of a month-day.
  EXPECT_EQ(Code("Iraq and Iran held talks on Saturday, January 27. Iran praised Iraq on May 4, 2023.", ""),
            (V{"2024-01-27 IRQ IRN 046 asserted actual x1 \"held talks\"",
               "2024-01-27 IRN IRQ 046 asserted actual x1 \"held talks\"",
               "2023-05-04 IRN IRQ 051 asserted actual x1 \"praised\""}));
}

TEST(CoderTest, DuplicateMentionsMergeWithCounts) {
  V got = Code("Iran condemned Israel on Monday. Iran condemned Israel again on Monday.");
  EXPECT_EQ(got, (V{"2024-03-11 IRN ISR 111 asserted actual x2 \"condemned\""}));
}

TEST(CoderTest, EveryEventExplainsItself) {
  auto doc = CodeText("Iran accused Israel of attacking its embassy.", "2024-03-15", false, false, "events");
  ASSERT_TRUE(doc.ok());
  ASSERT_FALSE(doc->events.empty());
  const Event& e = doc->events[0];
  EXPECT_EQ(doc->Text(e.trigger), "accused");
  EXPECT_FALSE(e.pattern_id.empty());
  EXPECT_NE(e.pattern_text.find("112"), std::string::npos);
  EXPECT_FALSE(e.source.entry.empty());
  EXPECT_EQ(e.date_rule, "document date");
  EXPECT_EQ(e.plover, "ACCUSE");
  EXPECT_EQ(e.quad_class, 3);
  EXPECT_DOUBLE_EQ(e.goldstein, -2.0);
}

TEST(CameoTableTest, FallsBackToParentCodeAndValidates) {
  CameoTable t;
  ASSERT_TRUE(t.AddText("@dyad-cameo 1\n@quad 01-05 1\n04 1.0 CONSULT Consult\n046 7.0 CONSULT//diplomatic Engage in negotiation\n", "c").ok());
  ASSERT_NE(t.Find("0461"), nullptr);
  EXPECT_EQ(t.Find("0461")->code, "046");
  EXPECT_EQ(t.Find("046")->plover_context, "diplomatic");
  EXPECT_EQ(t.Find("99"), nullptr);
  CameoTable bad;
  Status s = bad.AddText("@dyad-cameo 1\n@quad 01-05 1\n04 eleven CONSULT Consult\n", "c.txt");
  EXPECT_NE(s.message().find("c.txt:3"), std::string::npos) << s.message();
}

TEST(PatternDictionaryTest, ParsesEntriesAndRejectsBadOnes) {
  PatternDictionary d;
  ASSERT_TRUE(d.AddText("@dyad-patterns 1\n[046 Negotiate]\nverb: hold * talk\nnoun: talk\ntarget: prep with\nsymmetric: yes\n", "p").ok());
  ASSERT_EQ(d.patterns().size(), 2u);
  EXPECT_TRUE(d.patterns()[0].symmetric);
  EXPECT_EQ(d.patterns()[1].target, TargetRule::kPrep);
  ASSERT_NE(d.ByFirstLemma("hold"), nullptr);
  PatternDictionary bad;
  EXPECT_NE(bad.AddText("@dyad-patterns 1\n[046 X]\nverb: * talk\n", "p.txt").message().find("p.txt:3"), std::string::npos);
  PatternDictionary bad2;
  EXPECT_NE(bad2.AddText("@dyad-patterns 1\nverb: talk\n", "q.txt").message().find("q.txt:2"), std::string::npos);
}

TEST(PatternDictionaryTest, ImportsPetrarchVerbPatterns) {
  const char* vp =
      "&STRONGHOLD_\n+STRONGHOLD\n+BASTION\n\n"
      "--- ABANDON [080] ---\nABANDON\nDESERT {DESERTS DESERTED}\n"
      "- * HEADQUARTERS [0874] # comment\n"
      "- * &STRONGHOLD [0874]\n"
      "- SAID + MUST * POLICY [100]\n"
      "- CREW * SHIP [---]\n"
      "- * &NO_SUCH_SET [0874]\n";
  PatternDictionary d;
  PetrarchImportStats st;
  ASSERT_TRUE(d.AddPetrarchVerbPatterns(vp, "vp.txt", &st).ok());
  // 4 verb forms x (class default + 2 usable patterns); the SAID...MUST,
  // [---] and unknown-set patterns are skipped, the last with a warning.
  EXPECT_EQ(st.patterns, 4 + 4 * 2);
  EXPECT_EQ(st.skipped, 3);
  ASSERT_EQ(st.warnings.size(), 1u);
  EXPECT_NE(st.warnings[0].find("vp.txt:12: unknown synonym set"), std::string::npos) << st.warnings[0];
  ASSERT_NE(d.ByFirstLemma("deserted"), nullptr);
  bool bastion = false;
  for (const EventPattern& p : d.patterns())
    for (const auto& alts : p.words)
      bastion = bastion || std::find(alts.begin(), alts.end(), "bastion") != alts.end();
  EXPECT_TRUE(bastion);
  // And they code: "abandoned their bastion" is a military retreat.
  CameoTable t;
  ASSERT_TRUE(t.AddText("@dyad-cameo 1\n@quad 01-20 1\n08 5.0 CONCEDE Yield\n0874 10.0 RETREAT Retreat\n", "c").ok());
  auto doc = testing::CodeText("Rebels in Syria abandoned their bastion on Monday.", "2024-03-15", false, false, "events");
  ASSERT_TRUE(doc.ok());
  doc->events.clear();
  CodeEvents(d, t, *doc);
  ASSERT_EQ(doc->events.size(), 1u);
  EXPECT_EQ(doc->events[0].cameo, "0874");
  EXPECT_EQ(doc->events[0].source.code, "SYRREB");
}

// Found by dictionary_fuzz: a verb line that is only "*" left a pattern
// without words, which was then indexed (heap-use-after-free).
TEST(PatternDictionaryTest, RegressionVerbThatIsOnlyAGapMarker) {
  PatternDictionary d;
  PetrarchImportStats st;
  Status s = d.AddPetrarchVerbPatterns("--- X [172] ---\n*{{\nSEIZE\n", "fuzz.txt", &st);
  ASSERT_TRUE(s.ok()) << s.ToString();
  for (const EventPattern& p : d.patterns()) {
    ASSERT_FALSE(p.words.empty());
    EXPECT_NE(p.words.front()[0], "*");
  }
  EXPECT_NE(d.ByFirstLemma("seize"), nullptr);
  ASSERT_FALSE(st.warnings.empty());
  EXPECT_NE(st.warnings[0].find("fuzz.txt:2"), std::string::npos) << st.warnings[0];
}

}  // namespace
}  // namespace dyad
