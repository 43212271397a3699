#include "dyad/compare.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace dyad {
namespace {

StatementRecord Said(const std::string& code, const std::string& date, const std::string& content,
                     std::vector<std::string> terms, StatementKind kind = StatementKind::kIndirect,
                     const std::string& cue = "say") {
  StatementRecord r;
  r.doc_id = "d1";
  r.speaker_code = code;
  r.speaker_country = code.substr(0, 3);
  r.speaker_text = code;
  r.cue_text = cue;
  r.cue_lemma = cue;
  r.kind = kind;
  r.content = content;
  r.date = date;
  r.terms = std::move(terms);
  if (kind == StatementKind::kDenial) r.polarity = Polarity::kNegated;
  return r;
}

CompareOptions Parties(const std::string& a, const std::string& b) {
  CompareOptions o;
  o.party_a = a;
  o.party_b = b;
  return o;
}

TEST(CompareTest, SpeakerIsPartyByPrefixOrCountry) {
  StatementRecord r = Said("USAMIL", "", "x", {});
  EXPECT_TRUE(SpeakerIsParty(r, "USA"));
  EXPECT_TRUE(SpeakerIsParty(r, "USAMIL"));
  EXPECT_FALSE(SpeakerIsParty(r, "USAGOV"));
  EXPECT_FALSE(SpeakerIsParty(r, "IRQ"));
  r.speaker_code = "";
  EXPECT_TRUE(SpeakerIsParty(r, "USA"));  // the country alone
  EXPECT_FALSE(SpeakerIsParty(r, ""));
}

TEST(CompareTest, FramingContrastOnASharedIssue) {
  std::vector<StatementRecord> all = {
      Said("IRQGOV", "2024-01-25", "the end of the mission of the coalition",
           {"end of mission", "coalition mission", "coalition", "end", "mission", "adviser"}),
      Said("USAMIL", "2024-01-25", "a stable bilateral security partnership with the coalition mission",
           {"stable bilateral security partnership", "coalition mission", "partnership", "security"}),
      Said("FRA", "2024-01-25", "the coalition mission is over", {"coalition mission"}),  // neither party
  };
  std::vector<Issue> issues = CompareStatements(all, Parties("USA", "IRQ"));
  ASSERT_EQ(issues.size(), 1u);
  const Issue& is = issues[0];
  ASSERT_EQ(is.a.size(), 1u);
  ASSERT_EQ(is.b.size(), 1u);
  EXPECT_EQ(is.a[0].speaker_code, "USAMIL");
  EXPECT_EQ(is.contrast.kind, ContrastKind::kFraming);
  EXPECT_NE(is.contrast.reason.find("stable bilateral security partnership"), std::string::npos) << is.contrast.reason;
  EXPECT_NE(is.contrast.reason.find("end of mission"), std::string::npos) << is.contrast.reason;
  EXPECT_EQ(is.terms.front(), "coalition mission");
}

TEST(CompareTest, ClaimAndDenial) {
  std::vector<StatementRecord> all = {
      Said("REB", "2024-03-02", "they shot down the aircraft", {"aircraft", "shoot"}, StatementKind::kClaim, "claim"),
      Said("SYRMIL", "2024-03-03", "rebels shot down the aircraft", {"aircraft", "shoot", "rebel"},
           StatementKind::kDenial, "deny"),
  };
  auto issues = CompareStatements(all, Parties("SYR", "REB"));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].contrast.kind, ContrastKind::kClaimDenial);
  EXPECT_NE(issues[0].contrast.reason.find("REB claims"), std::string::npos) << issues[0].contrast.reason;
}

TEST(CompareTest, AccusationAndRejection) {
  std::vector<StatementRecord> all = {
      Said("RUS", "2024-03-02", "Ukraine of shelling the nuclear plant", {"nuclear plant", "shell"},
           StatementKind::kIndirect, "accuse"),
      Said("UKR", "2024-03-02", "the accusations about the nuclear plant", {"nuclear plant", "accusation"},
           StatementKind::kIndirect, "reject"),
  };
  auto issues = CompareStatements(all, Parties("RUS", "UKR"));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].contrast.kind, ContrastKind::kAccusationRejection);
}

TEST(CompareTest, OppositePolarityOnTheSameProposition) {
  StatementRecord yes = Said("USA", "2024-05-01", "troops will stay in the country", {"troop", "stay", "country"});
  StatementRecord no = Said("IRQ", "2024-05-02", "troops will not stay", {"troop", "stay"});
  no.polarity = Polarity::kNegated;
  auto issues = CompareStatements({yes, no}, Parties("USA", "IRQ"));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].contrast.kind, ContrastKind::kOppositePolarity);
}

TEST(CompareTest, AgreementAndOneSidedIssuesHaveNoContrast) {
  std::vector<StatementRecord> all = {
      Said("USA", "2024-05-01", "the talks on the water dispute were useful", {"water dispute", "talk", "useful"}),
      Said("IRQ", "2024-05-01", "the talks on the water dispute were useful", {"water dispute", "talk", "useful"}),
      Said("USA", "2024-05-03", "the embassy reopens", {"embassy", "reopen"}),
  };
  auto issues = CompareStatements(all, Parties("USA", "IRQ"));
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].a.size() + issues[0].b.size(), 2u);  // two-sided first
  EXPECT_EQ(issues[0].contrast.kind, ContrastKind::kNone);
  EXPECT_TRUE(issues[1].b.empty());
  EXPECT_EQ(issues[1].contrast.kind, ContrastKind::kNone);
}

TEST(CompareTest, OneSharedWordDoesNotMakeAnIssue) {
  std::vector<StatementRecord> all = {
      Said("USA", "2024-05-01", "sanctions on oil", {"sanction", "oil"}),
      Said("IRQ", "2024-05-01", "oil exports grew", {"oil", "export", "grow"}),
  };
  EXPECT_EQ(CompareStatements(all, Parties("USA", "IRQ")).size(), 2u);
}

TEST(CompareTest, DatesOrderSidesAndFilter) {
  std::vector<StatementRecord> all = {
      Said("USA", "2024-05-03", "later on the pipeline deal", {"pipeline deal"}),
      Said("USA", "2024-05-01", "first on the pipeline deal", {"pipeline deal"}),
      Said("USA", "", "undated on the pipeline deal", {"pipeline deal"}),
  };
  auto issues = CompareStatements(all, Parties("USA", "IRQ"));
  ASSERT_EQ(issues.size(), 1u);
  ASSERT_EQ(issues[0].a.size(), 3u);
  EXPECT_EQ(issues[0].a[0].date, "2024-05-01");
  EXPECT_EQ(issues[0].a[2].date, "");
  CompareOptions o = Parties("USA", "IRQ");
  o.from = "2024-05-02";
  issues = CompareStatements(all, o);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].a.size(), 1u);  // undated never matches a range
  o = Parties("USA", "IRQ");
  o.about = {"PIPELINE"};
  EXPECT_EQ(CompareStatements(all, o).size(), 1u);
  o.about = {"tariff"};
  EXPECT_TRUE(CompareStatements(all, o).empty());
}

TEST(CompareTest, JsonlLineHasTheDocumentedFields) {
  std::vector<StatementRecord> all = {
      Said("USA", "2024-05-01", "the \"deal\" is done", {"pipeline deal", "done"}),
      Said("IRQ", "2024-05-02", "no deal exists", {"pipeline deal", "exist"}, StatementKind::kDenial, "deny"),
  };
  CompareOptions o = Parties("USA", "IRQ");
  auto issues = CompareStatements(all, o);
  ASSERT_EQ(issues.size(), 1u);
  auto j = nlohmann::json::parse(IssueJson(issues[0], o));
  EXPECT_EQ(j["parties"], nlohmann::json::array({"USA", "IRQ"}));
  EXPECT_EQ(j["terms"][0], "pipeline deal");
  ASSERT_EQ(j["a"].size(), 1u);
  EXPECT_EQ(j["a"][0]["content"]["text"], "the \"deal\" is done");
  EXPECT_EQ(j["b"][0]["kind"], "denial");
  EXPECT_TRUE(j["contrast"].is_object());
  EXPECT_TRUE(j["contrast"].contains("kind"));
  EXPECT_TRUE(j["contrast"].contains("reason"));
  std::string md = CompareMarkdown(issues, o);
  EXPECT_NE(md.find("# USA and IRQ"), std::string::npos);
  EXPECT_NE(md.find("**IRQ**"), std::string::npos);
}

TEST(CompareTest, StatementRecordJsonRoundTrips) {
  StatementRecord r = Said("USAMIL", "2024-01-25", "a \"stable\"\n partnership", {"partnership"});
  r.speaker_span = {3, 9};
  r.content_span = {20, 40};
  r.person = "Jake Sullivan";
  r.events.push_back({"010", "", "USA", "IRQ", "said", {12, 16}, Polarity::kAsserted, Modality::kReported});
  auto back = ParseStatementRecordJson(StatementRecordJson(r));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(StatementRecordJson(*back), StatementRecordJson(r));
  EXPECT_FALSE(ParseStatementRecordJson("[1,2]").ok());
  EXPECT_FALSE(ParseStatementRecordJson("{\"doc_id\":\"x\"}").ok());
  EXPECT_FALSE(ParseStatementRecordJson("{\"doc_id\":\"x\",\"speaker\":{},\"content\":{},\"kind\":\"shout\"}").ok());
}

}  // namespace
}  // namespace dyad
