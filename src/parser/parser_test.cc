#include "dyad/parser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "dyad/pipeline.h"
#include "dyad/text.h"
#include "parser/tiny_treebank_test_data.h"
#include "test_util.h"

#ifndef DYAD_SHARED_DIR
#define DYAD_SHARED_DIR "../shared"
#endif

namespace dyad {
namespace {

std::vector<ConlluSentence> Tiny() {
  auto s = ParseConllu(testing::kTinyTreebank);
  EXPECT_TRUE(s.ok());
  return *s;
}

size_t Las(const Parser& p, const std::vector<ConlluSentence>& gold) {
  Document d = ConlluToDocument(gold, 0, gold.size());
  std::vector<Token> pred = d.tokens;
  ParserScratch s;
  for (const Sentence& sent : d.sentences) p.Parse(pred, sent.token_begin, sent.token_end, s);
  size_t las = 0;
  for (size_t i = 0; i < pred.size(); ++i)
    las += pred[i].head == d.tokens[i].head && pred[i].deprel == d.tokens[i].deprel;
  return las;
}

// Every word has a head inside the sentence, exactly one root, no cycles.
void ExpectTree(const std::vector<Token>& toks, size_t begin, size_t end) {
  int roots = 0;
  const int n = static_cast<int>(end - begin);
  for (int i = 0; i < n; ++i) {
    const Token& t = toks[begin + i];
    ASSERT_FALSE(t.deprel.empty());
    ASSERT_GE(t.head, -1);
    ASSERT_LT(t.head, n);
    if (t.head == -1) ++roots;
    int x = i, steps = 0;
    while (x != -1 && steps <= n) {
      x = toks[begin + x].head;
      ++steps;
    }
    ASSERT_LE(steps, n) << "cycle through word " << i;
  }
  EXPECT_EQ(roots, 1);
}

TEST(Parser, TrainingReducesErrorsAndOutputsTrees) {
  auto tiny = Tiny();
  ParserTrainOptions o;
  o.epochs = 1;
  o.explore_from = 100;
  auto one = Parser::Train(tiny, tiny, o);
  ASSERT_TRUE(one.ok()) << one.status().message();
  o.epochs = 10;
  o.explore_from = 2;
  auto ten = Parser::Train(tiny, tiny, o);
  ASSERT_TRUE(ten.ok());
  const size_t words = 75;
  EXPECT_GT(Las(*ten, tiny), Las(*one, tiny));
  EXPECT_GE(Las(*ten, tiny), words * 9 / 10);
  Document d = ConlluToDocument(tiny, 0, tiny.size());
  ParserScratch s;
  ten->ParseDocument(d, s);
  for (const Sentence& sent : d.sentences) ExpectTree(d.tokens, sent.token_begin, sent.token_end);
}

TEST(Parser, SaveLoadRoundTrip) {
  auto tiny = Tiny();
  ParserTrainOptions o;
  o.epochs = 3;
  o.train_name = "tiny";
  auto p = Parser::Train(tiny, tiny, o);
  ASSERT_TRUE(p.ok());
  const std::string path = (std::filesystem::temp_directory_path() / "dyad_parser_test.bin").string();
  ASSERT_TRUE(p->Save(path).ok());
  auto back = Parser::Load(path);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_NE((*back)->Describe().find("training_data: tiny"), std::string::npos);
  EXPECT_EQ(Las(*p, tiny), Las(**back, tiny));
  EXPECT_FALSE(Tagger::Load(path).ok());  // wrong magic
  std::filesystem::remove(path);
}

TEST(Parser, HostileInputIsBounded) {
  auto tiny = Tiny();
  ParserTrainOptions o;
  o.epochs = 2;
  auto p = Parser::Train(tiny, tiny, o);
  ASSERT_TRUE(p.ok());
  std::vector<Token> toks(1000);
  for (size_t i = 0; i < toks.size(); ++i) {
    toks[i].lower = i == 10 ? std::string(10000, 'x') : (i % 3 ? "the" : "\x01\x02");
    toks[i].upos = i % 2 ? "NOUN" : "";
    toks[i].xpos = "NN";
  }
  ParserScratch s;
  auto t0 = std::chrono::steady_clock::now();
  p->Parse(toks, 0, toks.size(), s);
  p->Parse(toks, 5, 5, s);  // empty sentence: nothing happens
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), testing::TimeBudget(5.0));
  ExpectTree(toks, 0, toks.size());
}

TEST(Parser, StagesRunInAPipelineWithTrainedModels) {
  auto tiny = Tiny();
  const auto dir = std::filesystem::temp_directory_path();
  const std::string tp = (dir / "dyad_stage_tagger.bin").string(), pp = (dir / "dyad_stage_parser.bin").string();
  TaggerTrainOptions to;
  to.epochs = 5;
  ParserTrainOptions po;
  po.epochs = 5;
  ASSERT_TRUE(Tagger::Train(tiny, tiny, to)->Save(tp).ok());
  ASSERT_TRUE(Parser::Train(tiny, tiny, po)->Save(pp).ok());
  auto pipeline = Pipeline::Build("clean:mode=none;tokenize;tagger:model=" + tp + ";parser:model=" + pp, "");
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().message();
  Document d;
  d.raw = d.text = "The army attacked the town. Iraq criticized the officials.";
  PipelineScratch scratch = pipeline->NewScratch();
  ASSERT_TRUE(pipeline->Run(d, scratch).ok());
  ASSERT_EQ(d.sentences.size(), 2u);
  EXPECT_EQ(d.tokens[2].upos, "VERB");
  EXPECT_EQ(d.tokens[2].deprel, "root");
  EXPECT_EQ(d.tokens[1].head, 2);
  EXPECT_EQ(d.tokens[1].deprel, "nsubj");
  // The parser needs POS tags: a pipeline without the tagger is refused.
  EXPECT_FALSE(Pipeline::Build("clean:mode=none;tokenize;parser:model=" + pp, "").ok());
  EXPECT_FALSE(Pipeline::Build("clean:mode=none;tokenize;tagger:model=/nonexistent.bin", "").ok());
  std::filesystem::remove(tp);
  std::filesystem::remove(pp);
}

// The shipped models on EWT dev (skipped without ../shared or models/).
TEST(Parser, ShippedModelsOnEwtDev) {
  const std::string dev = std::string(DYAD_SHARED_DIR) + "/data/ud/en_ewt/dev.conllu";
  const std::string tp = std::string(DYAD_SOURCE_DIR) + "/models/en-tagger.bin";
  const std::string pp = std::string(DYAD_SOURCE_DIR) + "/models/en-parser.bin";
  if (!std::filesystem::exists(dev)) GTEST_SKIP() << "no " << dev << " (../shared absent)";
  if (!std::filesystem::exists(tp) || !std::filesystem::exists(pp)) GTEST_SKIP() << "models/ not built";
  auto gold = ReadConlluFile(dev);
  ASSERT_TRUE(gold.ok());
  auto tagger = Tagger::Load(tp);
  auto parser = Parser::Load(pp);
  ASSERT_TRUE(tagger.ok() && parser.ok());
  gold->resize(500);
  std::vector<Document> docs = ConlluToDocuments(*gold);
  TaggerScratch ts;
  ParserScratch ps;
  size_t n = 0, upos = 0, las = 0;
  for (Document& d : docs) {
    Document pred = d;
    (*tagger)->TagDocument(pred, ts);
    (*parser)->ParseDocument(pred, ps);
    for (size_t i = 0; i < d.tokens.size(); ++i, ++n) {
      upos += pred.tokens[i].upos == d.tokens[i].upos;
      las += pred.tokens[i].head == d.tokens[i].head &&
             UniversalRelation(pred.tokens[i].deprel) == UniversalRelation(d.tokens[i].deprel);
    }
  }
  EXPECT_GT(100.0 * upos / n, 93.0);
  EXPECT_GT(100.0 * las / n, 75.0);
}

}  // namespace
}  // namespace dyad
