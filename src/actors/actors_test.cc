#include "dyad/actors.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "dyad/events.h"
#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/text.h"

namespace dyad {
namespace {

class ActorsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto d = ActorDictionary::LoadBuiltin(DYAD_SOURCE_DIR "/data");
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    dict_ = new std::shared_ptr<const ActorDictionary>(*d);
  }
  static void TearDownTestSuite() { delete dict_; }

  // "code:text" for every actor mention of the text.
  std::vector<std::string> Actors(const std::string& text, const std::string& date = "") {
    Document doc;
    doc.text = text;
    doc.date = date;
    TokenizeDocument(doc);
    for (Token& t : doc.tokens) t.lemma = GuessLemma(t.lower);
    ResolveActors(**dict_, doc);
    std::vector<std::string> out;
    for (const Mention& m : doc.mentions) out.push_back(m.code + ":" + std::string(doc.Text(m.span)));
    return out;
  }
  static std::shared_ptr<const ActorDictionary>* dict_;
};
std::shared_ptr<const ActorDictionary>* ActorsTest::dict_ = nullptr;

using V = std::vector<std::string>;

TEST_F(ActorsTest, CountryNamesAdjectivesAndCapitals) {
  EXPECT_EQ(Actors("Iraq and Iran met."), (V{"IRQ:Iraq", "IRN:Iran"}));
  EXPECT_EQ(Actors("Washington rejected the offer."), (V{"USAGOV:Washington"}));
  EXPECT_EQ(Actors("The Americans left."), (V{"USA:Americans"}));
}

TEST_F(ActorsTest, AdjectivePlusAgentGivesSector) {
  EXPECT_EQ(Actors("The Iraqi army advanced."), (V{"IRQMIL:Iraqi army"}));
  EXPECT_EQ(Actors("US troops arrived."), (V{"USAMIL:US troops"}));
  // A compound of agents: "military officials" are military.
  EXPECT_EQ(Actors("Senior Iraqi military officials spoke."), (V{"IRQMIL:Iraqi military officials"}));
  EXPECT_EQ(Actors("Syrian government troops advanced."), (V{"SYRMIL:Syrian government troops"}));
}

// The plural of agent nouns ending in consonant + y was built as "authoritys":
// "Turkish authorities", "the Iraqi ministries" were not actors.
TEST_F(ActorsTest, RegressionPluralOfNounsEndingInConsonantY) {
  EXPECT_EQ(Actors("Turkish authorities imposed a curfew."), (V{"TURGOV:Turkish authorities"}));
  EXPECT_EQ(Actors("The Iraqi ministries agreed."), (V{"IRQGOV:Iraqi ministries"}));
  // A vowel before the y keeps the plain s: "attorneys".
  EXPECT_EQ(Actors("Iraqi attorneys protested."), (V{"IRQJUD:Iraqi attorneys"}));
}

TEST_F(ActorsTest, CoordinatedModifiersGiveTwoActors) {
  EXPECT_EQ(Actors("Talks between the Iraqi and American officials began."),
            (V{"IRQGOV:Iraqi", "USAGOV:American officials"}));
}

TEST_F(ActorsTest, OfPhraseAndPossessive) {
  EXPECT_EQ(Actors("The government of Iraq objected."), (V{"IRQGOV:government of Iraq"}));
  EXPECT_EQ(Actors("Iraq's parliament voted."), (V{"IRQLEG:Iraq's parliament"}));
}

TEST_F(ActorsTest, AcronymsNeedCapitals) {
  EXPECT_EQ(Actors("The US said so."), (V{"USA:US"}));
  EXPECT_TRUE(Actors("Let us talk about it.").empty());
}

TEST_F(ActorsTest, SeatsOfPowerAndCountryPrefix) {
  EXPECT_EQ(Actors("The Pentagon said."), (V{"USAMIL:Pentagon"}));
  EXPECT_EQ(Actors("The US Defense Department issued a statement."),
            (V{"USAMIL:US Defense Department"}));
}

TEST_F(ActorsTest, ReferencesToEarlierCountries) {
  EXPECT_EQ(Actors("Protests spread in Iraq. The people of that country demand change."),
            (V{"IRQ:Iraq", "IRQCVL:people of that country"}));
  auto two = Actors("Iraq and the United States met. The two sides agreed.");
  EXPECT_EQ(two, (V{"IRQ:Iraq", "USA:United States", "IRQ:The two sides", "USA:The two sides"}));
}

TEST_F(ActorsTest, PersonRoleDependsOnDate) {
  EXPECT_EQ(Actors("Jake Sullivan spoke.", "2023-05-04"), (V{"USAGOV:Jake Sullivan"}));
  // After his term he holds no listed role: a US national, not the US government.
  EXPECT_EQ(Actors("Jake Sullivan spoke.", "2026-01-10"), (V{"USA:Jake Sullivan"}));
}

TEST_F(ActorsTest, AppositionsAndTitlesAreOneActor) {
  EXPECT_EQ(Actors("Iraq's Prime Minister Mohammed Shia al-Sudani met American National Security "
                   "Adviser Jake Sullivan in Baghdad.", "2024-01-27"),
            (V{"IRQGOV:Iraq's Prime Minister Mohammed Shia al-Sudani",
               "USAGOV:American National Security Adviser Jake Sullivan", "IRQGOV:Baghdad"}));
  // A title picks the person's role with that code, whatever the date.
  EXPECT_EQ(Actors("NATO Secretary General Jens Stoltenberg praised Greece."),
            (V{"IGOWSTNAT:NATO Secretary General Jens Stoltenberg", "GRC:Greece"}));
}

TEST_F(ActorsTest, HyphenatedCompounds) {
  EXPECT_EQ(Actors("The Baghdad-Washington talks resumed."), (V{"IRQGOV:Baghdad", "USAGOV:Washington"}));
  EXPECT_TRUE(Actors("Anti-American sentiment grew.").empty());
}

TEST(ActorDictionaryTest, ErrorsNameFileAndLine) {
  ActorDictionary d;
  Status s = d.AddActorsText("@dyad-actors 1\n[IRQ]\nname: Iraq\ncolour: green\n", "mine.txt");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("mine.txt:4"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("colour"), std::string::npos);

  ActorDictionary d2;
  Status bad_code = d2.AddActorsText("@dyad-actors 1\n[iraq]\nname: Iraq\n", "x.txt");
  EXPECT_NE(bad_code.message().find("x.txt:2"), std::string::npos) << bad_code.message();

  ActorDictionary d3;
  Status bad_role = d3.AddActorsText("@dyad-actors 1\n[person]\nperson: A B\nrole: USAGOV 2025-01-01 2020-01-01\n", "p.txt");
  EXPECT_NE(bad_role.message().find("ends before it starts"), std::string::npos) << bad_role.message();
}

TEST(ActorDictionaryTest, ConflictsAreReportedNotMerged) {
  ActorDictionary d;
  ASSERT_TRUE(d.AddActorsText("@dyad-actors 1\n[IRQ]\nname: Mesopotamia\n[SYR]\nname: Mesopotamia\n", "c.txt").ok());
  ASSERT_EQ(d.warnings().size(), 1u);
  EXPECT_NE(d.warnings()[0].find("already IRQ"), std::string::npos) << d.warnings()[0];
}

TEST(ActorDictionaryTest, ImportsPetrarchActorsWithDatedRoles) {
  ActorDictionary d;
  ASSERT_TRUE(d.AddPetrarchActors(
      "# comment\nFREEDONIA_ [FRD]\n+FREEDONIAN_\nRUFUS_T._FIREFLY\n+FIREFLY_\n\t[FRDGOV 330101-331231]\n\t[FRDELI >340101]\n"
      "BAD_ENTRY [FRDGOV 2004017-20061201]\nNO_CODE\n",
      "test.actors.txt").ok());
  ASSERT_EQ(d.entries().size(), 2u);
  EXPECT_EQ(d.entries()[0].code, "FRD");
  EXPECT_EQ(d.entries()[1].roles.size(), 2u);
  EXPECT_EQ(d.CodeOn(d.entries()[1], Date{1933, 6, 1}), "FRDGOV");
  EXPECT_EQ(d.CodeOn(d.entries()[1], Date{1950, 6, 1}), "FRDELI");
  // The malformed date and the entry without a code are reported with their lines, not loaded.
  // (the bad date, then the entry left without a code, then the entry without one).
  ASSERT_EQ(d.warnings().size(), 3u) << ::testing::PrintToString(d.warnings());
  EXPECT_NE(d.warnings()[0].find("test.actors.txt:8: bad date range"), std::string::npos) << d.warnings()[0];
  EXPECT_NE(d.warnings()[1].find("test.actors.txt:8: 'BAD ENTRY' has no code"), std::string::npos) << d.warnings()[1];
  EXPECT_NE(d.warnings()[2].find("test.actors.txt:9"), std::string::npos) << d.warnings()[2];
}

TEST(ActorDictionaryTest, ImportsPetrarchAgentsWithMacros) {
  ActorDictionary d;
  ASSERT_TRUE(d.AddPetrarchAgents("!PERSON! = MAN, WOMAN\nCATTLE!PERSON! [~AGR]\nGENDARMERY {GENDARMERIE} [~COP]\n", "ag.txt").ok());
  std::vector<std::string> surfaces;
  for (const Phrase& p : d.phrases()) surfaces.push_back(p.surface);
  for (const char* s : {"CATTLEMAN", "CATTLEWOMAN", "GENDARMERY", "GENDARMERIE"})
    EXPECT_NE(std::find(surfaces.begin(), surfaces.end(), s), surfaces.end()) << s;
}

// Finding 13 (issue 14): header-less garbage passed `dict check`, imported as
// a few stray PETRARCH names. Without a dyad header, a file must read as a
// PETRARCH dictionary, and a refused file adds nothing.
TEST(ActorDictionaryTest, Finding13_HeaderlessGarbageIsRefused) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("dyad_dict_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return (dir / name).string();
  };
  std::string junk(4096, '\0');
  for (size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>((i * 2654435761u) >> 13);
  const std::string prose = write("notes.txt",
                                  "Minutes of the meeting\nThe committee met on Monday [USA] and agreed\n"
                                  "to review the budget next week.\nAny other business\nNone.\n");
  struct Case {
    std::string path, what;
  } cases[] = {
      {write("junk.bin", junk), "junk.bin: not a dictionary"},
      {prose, "notes.txt: not a dictionary: no '@dyad-actors 1' or '@dyad-agents 1' header, and most of it"},
      {write("empty.txt", "# only a comment\n\n"), "empty.txt: "},
  };
  for (const Case& c : cases) {
    ActorDictionary d;
    Status s = d.AddFile(c.path);
    ASSERT_FALSE(s.ok()) << c.path;
    EXPECT_NE(s.message().find(c.what), std::string::npos) << s.message();
    EXPECT_TRUE(d.entries().empty() && d.phrase_count() == 0 && d.warnings().empty()) << c.path;
  }
  // A PETRARCH dictionary without a header still loads, even where its names
  // conflict with entries loaded before.
  ActorDictionary d;
  ASSERT_TRUE(d.AddActorsText("@dyad-actors 1\n[FRD]\nname: Freedonia\n[SYL]\nname: Sylvania\n", "base.txt").ok());
  Status s = d.AddFile(write("petrarch.actors.txt", "FREEDONIA_ [SYL]\nSYLVANIA_ [FRD]\nRUFUS_T._FIREFLY [FRDGOV]\n"));
  EXPECT_TRUE(s.ok()) << s.message();
  fs::remove_all(dir);
}

// Finding 13: NUL was accepted inside dictionary entries.
TEST(ActorDictionaryTest, Finding13_NulInAnEntryIsRefused) {
  const std::string nul(1, '\0');
  ActorDictionary a;
  Status s = a.AddActorsText("@dyad-actors 1\n[IRQ]\nname: Ira" + nul + "q\n", "mine.txt");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("mine.txt:3: NUL byte"), std::string::npos) << s.message();
  ActorDictionary b;
  s = b.AddPetrarchActors("FREEDONIA_ [FRD]\nSYL" + nul + "VANIA_ [SYL]\n", "p.txt");
  EXPECT_NE(s.message().find("p.txt:2: NUL byte"), std::string::npos) << s.message();
  ActorDictionary c;
  s = c.AddPetrarchAgents("GENDAR" + nul + "MERY [~COP]\n", "ag.txt");
  EXPECT_NE(s.message().find("ag.txt:1: NUL byte"), std::string::npos) << s.message();
  PatternDictionary p;
  s = p.AddText("@dyad-patterns 1\n" + nul + "\n", "pat.txt");
  EXPECT_NE(s.message().find("pat.txt:2: NUL byte"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace dyad

namespace dyad {
namespace {

// With the tagger and parser in the pipeline, the resolver reads the tree:
// modifiers attach to their agent noun through amod / nmod:poss / nmod, and
// coordinated modifiers through conj.
std::vector<std::string> ParsedActors(const std::string& text) {
  auto pipeline = Pipeline::Build("clean:mode=none;tokenize;tagger;parser;actors", DYAD_SOURCE_DIR "/data");
  EXPECT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  if (!pipeline.ok()) return {};
  auto doc = DocumentFromText(text, "t", ReadOptions());
  PipelineScratch scratch = pipeline->NewScratch();
  EXPECT_TRUE(pipeline->Run(*doc, scratch).ok());
  std::vector<std::string> out;
  for (const Mention& m : doc->mentions) out.push_back(m.code + ":" + std::string(doc->Text(m.span)));
  return out;
}

TEST(ParsedActorsTest, TreeAttachesCountriesToAgents) {
  EXPECT_EQ(ParsedActors("Talks between the Iraqi and American officials began."),
            (std::vector<std::string>{"IRQGOV:Iraqi", "USAGOV:American officials"}));
  EXPECT_EQ(ParsedActors("Iraq's parliament voted on Monday."),
            (std::vector<std::string>{"IRQLEG:Iraq's parliament"}));
  EXPECT_EQ(ParsedActors("The government of Iraq objected."),
            (std::vector<std::string>{"IRQGOV:government of Iraq"}));
}

// A title the tagger does not attach to a country ("---GOV") stayed apart from
// the name after it: "President" and "Obama" were two actors.
TEST(ParsedActorsTest, RegressionTitleOfUnknownCountryBeforeAName) {
  EXPECT_EQ(ParsedActors("A group of Moroccan diplomats held their first meeting with President Obama at a lunch."),
            (std::vector<std::string>{"MARGOV:Moroccan diplomats", "USAGOV:President Obama"}));
}

// The parser read "mobilized" as an adjective and "Britain" as a compound of
// "reservists", which made one actor of the whole clause.
TEST(ParsedActorsTest, RegressionCountryBeforeAVerbIsNotAModifier) {
  EXPECT_EQ(ParsedActors("Britain mobilized army reservists on Tuesday."),
            (std::vector<std::string>{"GBR:Britain", "---MIL:army reservists"}));
}

}  // namespace
}  // namespace dyad
