#include "dyad/conllu.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "parser/tiny_treebank_test_data.h"
#include "test_util.h"

#ifndef DYAD_SHARED_DIR
#define DYAD_SHARED_DIR "../shared"
#endif

namespace dyad {
namespace {

constexpr const char* kMwt =
    "# newdoc id = d1\n"
    "# newpar\n"
    "# sent_id = a\n"
    "# text = I don't know, Bob.\n"
    "1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n"
    "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
    "4.1\tknows\t_\t_\t_\t_\t_\t_\t0:root\t_\n"
    "5\t,\t,\tPUNCT\t,\t_\t6\tpunct\t_\t_\n"
    "6\tBob\tBob\tPROPN\tNNP\t_\t4\tvocative\t_\tSpaceAfter=No\n"
    "7\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n\n"
    "# sent_id = b\n"
    "1\tGonna\t_\t_\t_\t_\t_\t_\t_\t_\n"  // no heads: allowed unless require_heads
    "\n";

TEST(Conllu, ReadsWordsMultiwordTokensAndEmptyNodes) {
  auto s = ParseConllu(kMwt);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[0].size(), 7u);
  EXPECT_EQ((*s)[0].lines.size(), 9u);
  EXPECT_EQ((*s)[0].Head(0), 3);
  EXPECT_EQ((*s)[0].Head(3), -1);
  EXPECT_EQ((*s)[1].Head(0), -2);
  EXPECT_EQ((*s)[0].line_no, 1u);
}

TEST(Conllu, DocumentTextAndSpansAreExact) {
  auto s = ParseConllu(kMwt);
  ASSERT_TRUE(s.ok());
  Document d = ConlluToDocument(*s, 0, s->size());
  EXPECT_EQ(d.id, "d1");
  EXPECT_EQ(d.text, "I don't know, Bob. Gonna");
  ASSERT_EQ(d.tokens.size(), 8u);
  const char* forms[] = {"I", "do", "n't", "know", ",", "Bob", ".", "Gonna"};
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(d.Text(d.tokens[i].span), forms[i]) << i;
  ASSERT_EQ(d.sentences.size(), 2u);
  EXPECT_EQ(d.Text(d.sentences[0].span), "I don't know, Bob.");
  EXPECT_EQ(d.tokens[1].lemma, "do");
  EXPECT_EQ(d.tokens[0].head, 3);
  EXPECT_EQ(d.tokens[3].head, -1);
  EXPECT_EQ(d.tokens[3].deprel, "root");
  EXPECT_FALSE(d.tokens[3].Has(kTokSpaceAfter));
  EXPECT_TRUE(d.tokens[4].Has(kTokSpaceAfter));
}

TEST(Conllu, MultiwordTokenWhoseWordsDoNotSpellIt) {
  auto s = ParseConllu("1-2\tim\t_\t_\t_\t_\t_\t_\t_\t_\n1\ti\tI\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n"
                       "2\tam\tbe\tAUX\tVBP\t_\t0\troot\t_\t_\n");
  ASSERT_TRUE(s.ok()) << s.status().message();
  Document d = ConlluToDocument(*s, 0, 1);
  EXPECT_EQ(d.text, "im");
  ASSERT_EQ(d.tokens.size(), 2u);
  EXPECT_EQ(d.Text(d.tokens[0].span), "im");
  EXPECT_TRUE(d.tokens[1].span.empty());
  EXPECT_EQ(d.tokens[1].norm, "am");
}

TEST(Conllu, BadLinesNameTheirLineNumber) {
  struct Case {
    const char* text;
    const char* what;
  } cases[] = {
      {"1\ta\ta\tX\tX\t_\t0\troot\t_\n", "line 1: expected 10"},
      {"# c\n1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n3\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n", "line 3: word id 3 out of sequence"},
      {"1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\tX\t_\t7\tdep\t_\t_\n", "line 2: HEAD 7"},
      {"1\ta\ta\tX\tX\t_\tx\troot\t_\t_\n", "line 1: HEAD 'x'"},
      {"1\ta\ta\tX\tX\t_\t1\troot\t_\t_\n", "line 1: a word is its own HEAD"},
      {"\n\nx1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n", "line 3: bad word id"},
      {"1-x\ta\t_\t_\t_\t_\t_\t_\t_\t_\n", "line 1: bad multiword"},
      {"1\t\xff\ta\tX\tX\t_\t0\troot\t_\t_\n", "line 1: invalid UTF-8"},
  };
  for (const Case& c : cases) {
    ConlluReadOptions o;
    o.require_heads = true;
    auto r = ParseConllu(c.text, o);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.status().message().find(c.what), std::string::npos) << r.status().message();
  }
}

TEST(Conllu, EmptySentencesAndCommentOnlyBlocksAreSkipped) {
  auto r = ParseConllu("\n\n\n# only a comment\n\n   \n\t\n");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_TRUE(ConlluToDocuments(*r).empty());
}

TEST(Conllu, HostileInputStaysBounded) {
  std::string big;
  for (int i = 1; i <= 1000; ++i)
    big += std::to_string(i) + "\tw" + std::string(i == 500 ? 10000 : 1, 'x') + "\t_\tX\tX\t_\t" +
           std::to_string(i == 1 ? 0 : 1) + "\tdep\t_\t_\n";
  big += "\n1\t\x01\x02\x1b[31m\t_\tX\tX\t_\t0\troot\t_\t_\n";
  auto t0 = std::chrono::steady_clock::now();
  auto r = ParseConllu(big);
  ASSERT_TRUE(r.ok()) << r.status().message();
  auto docs = ConlluToDocuments(*r, 64);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].tokens.size(), 1001u);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), testing::TimeBudget(5.0));
  ConlluReadOptions small;
  small.max_words_per_sentence = 100;
  EXPECT_FALSE(ParseConllu(big, small).ok());
}

// Finding 4 (issue 14, from the conllu_reader fuzz target): a repeated
// multiword range gave its words twice, so the writer put every annotation
// after it on the wrong word and dyad refused its own output. Repeated and
// overlapping ranges are refused; a sentence built by hand with one keeps one
// token per word.
TEST(Conllu, Finding4_RepeatedOrOverlappingMultiwordRangesAreRefused) {
  const std::string word1 = "1\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n";
  const std::string word2 = "2\tn't\tnot\tPART\tRB\t_\t1\tadvmod\t_\t_\n";
  const std::string word3 = "3\tgo\tgo\tVERB\tVB\t_\t1\txcomp\t_\t_\n";
  const std::string range12 = "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n";
  const std::string range23 = "2-3\tn'tgo\t_\t_\t_\t_\t_\t_\t_\t_\n";
  auto repeated = ParseConllu(range12 + range12 + word1 + word2 + word3);
  ASSERT_FALSE(repeated.ok());
  EXPECT_NE(repeated.status().message().find("line 2: multiword token range '1-2' repeats or overlaps"),
            std::string::npos)
      << repeated.status().message();
  auto overlapping = ParseConllu(range12 + word1 + range23 + word2 + word3);
  ASSERT_FALSE(overlapping.ok());
  EXPECT_NE(overlapping.status().message().find("line 3: multiword token range '2-3' repeats"), std::string::npos)
      << overlapping.status().message();
  // Adjacent ranges and one range per sentence are fine.
  EXPECT_TRUE(ParseConllu(range12 + word1 + word2 + "3-4\tgoto\t_\t_\t_\t_\t_\t_\t_\t_\n" + word3 +
                          "4\tto\tto\tADP\tIN\t_\t3\tcase\t_\t_\n\n" + range12 + word1 + word2)
                  .ok());

  auto s = ParseConllu(range12 + word1 + word2 + word3);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ConlluSentence& sent = (*s)[0];
  sent.lines.insert(sent.lines.begin() + 1, sent.lines[0]);  // the range, twice
  for (uint32_t& w : sent.words) ++w;
  Document d = ConlluToDocument(*s, 0, 1);
  ASSERT_EQ(d.tokens.size(), 3u);  // one per word, not 5
  EXPECT_EQ(d.Text(d.tokens[2].span), "go");
  d.tokens[2].lemma = "GO-LEMMA";
  std::ostringstream out;
  WriteConlluWithAnnotation(*s, {d}, out);
  EXPECT_NE(out.str().find("3\tgo\tGO-LEMMA"), std::string::npos) << out.str();
}

// Finding 13: NUL was accepted inside CoNLL-U words.
TEST(Conllu, Finding13_NulInAWordIsRefused) {
  auto r = ParseConllu("1\tIra" + std::string(1, '\0') + "q\tIraq\tPROPN\tNNP\t_\t0\troot\t_\t_\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 1: NUL byte"), std::string::npos) << r.status().message();
}

TEST(Conllu, WriteWithAnnotationKeepsOtherLines) {
  auto s = ParseConllu(kMwt);
  ASSERT_TRUE(s.ok());
  std::vector<Document> docs = ConlluToDocuments(*s, 1);
  ASSERT_EQ(docs.size(), 2u);
  docs[0].tokens[0].upos = "X";
  std::ostringstream out;
  WriteConlluWithAnnotation(*s, docs, out);
  auto back = ParseConllu(out.str());
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].word(0).cols[kColUpos], "X");
  EXPECT_EQ((*back)[0].lines[1].cols[kColForm], "don't");
  EXPECT_EQ((*back)[0].word(3).cols[kColHead], "0");
  EXPECT_EQ((*back)[0].word(2).cols[kColDeprel], "advmod");
  EXPECT_EQ((*back)[0].comments, (*s)[0].comments);
}

// Hand-computed: 4 words; pred differs in one UPOS, one lemma, one head, one
// subtype-only label (counts for LAS) and one label.
constexpr const char* kGold =
    "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\ttalks\ttalk\tNOUN\tNNS\t_\t3\tnsubj:pass\t_\t_\n"
    "3\tended\tend\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "4\tbadly\tbadly\tADV\tRB\t_\t3\tadvmod\t_\t_\n\n";
constexpr const char* kPred =
    "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\ttalks\ttalks\tNOUN\tNNS\t_\t3\tnsubj\t_\t_\n"
    "3\tended\tend\tADJ\tVBD\t_\t0\troot\t_\t_\n"
    "4\tbadly\tbadly\tADV\tRB\t_\t2\tadvmod\t_\t_\n\n";

TEST(Conllu, ScoresAsConll2018) {
  auto g = ParseConllu(kGold);
  auto p = ParseConllu(kPred);
  ASSERT_TRUE(g.ok() && p.ok());
  auto sc = ScoreConllu(*g, *p);
  ASSERT_TRUE(sc.ok());
  EXPECT_EQ(sc->words, 4u);
  EXPECT_EQ(sc->upos, 3u);
  EXPECT_EQ(sc->xpos, 4u);
  EXPECT_EQ(sc->lemma, 3u);
  EXPECT_EQ(sc->uas, 3u);
  EXPECT_EQ(sc->las, 3u);  // nsubj:pass vs nsubj counts
  EXPECT_DOUBLE_EQ(sc->Las(), 75.0);
  auto short_pred = ParseConllu("1\tThe\tthe\tDET\tDT\t_\t0\troot\t_\t_\n");
  EXPECT_FALSE(ScoreConllu(*g, *short_pred).ok());
}

std::string RunShell(const std::string& cmd) {
  std::string out;
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  pclose(f);
  return out;
}

// Our scorer must agree with the reference scorer (../shared/tools/score_conllu.py).
TEST(Conllu, AgreesWithReferenceScorer) {
  const std::string script = std::string(DYAD_SHARED_DIR) + "/tools/score_conllu.py";
  if (!std::filesystem::exists(script)) GTEST_SKIP() << "no " << script << " (../shared absent)";
  if (std::system("python3 -c 'import sys' > /dev/null 2>&1") != 0) GTEST_SKIP() << "python3 not available";
  // Gold: the tiny treebank; pred: the same with systematic damage.
  auto gold = ParseConllu(testing::kTinyTreebank);
  ASSERT_TRUE(gold.ok());
  std::vector<ConlluSentence> pred = *gold;
  int k = 0;
  for (auto& s : pred)
    for (size_t w = 0; w < s.size(); ++w, ++k) {
      auto& c = s.lines[s.words[w]].cols;
      if (k % 3 == 0) c[kColUpos] = "NOUN";
      if (k % 4 == 0) c[kColHead] = "1";
      if (k % 5 == 0) c[kColDeprel] = c[kColDeprel] + ":x";
      if (k % 7 == 0) c[kColDeprel] = "dep";
      if (k % 6 == 0) c[kColLemma] = "x";
      if (k % 8 == 0) c[kColXpos] = "NN";
    }
  const auto dir = std::filesystem::temp_directory_path();
  const std::string gp = (dir / "dyad_score_gold.conllu").string(), pp = (dir / "dyad_score_pred.conllu").string();
  {
    std::ofstream(gp) << testing::kTinyTreebank;
    std::ofstream f(pp);
    WriteConlluSentences(pred, f);
  }
  auto sc = ScoreConllu(*gold, pred);
  ASSERT_TRUE(sc.ok());
  char mine[256];
  std::snprintf(mine, sizeof mine, "upos=%.2f xpos=%.2f lemma=%.2f uas=%.2f las=%.2f words=%zu sentences=%zu",
                sc->Upos(), sc->Xpos(), sc->Lemma(), sc->Uas(), sc->Las(), sc->words, sc->sentences);
  std::string ref = RunShell("python3 " + script + " " + gp + " " + pp + " 2>&1");
  std::string last = ref.substr(ref.rfind("upos="));
  while (!last.empty() && (last.back() == '\n' || last.back() == '\r')) last.pop_back();
  EXPECT_EQ(last, mine);
  EXPECT_LT(sc->las, sc->words);
  std::remove(gp.c_str());
  std::remove(pp.c_str());
}

}  // namespace
}  // namespace dyad
