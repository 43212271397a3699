#include "dyad/tagger.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "dyad/text.h"
#include "parser/tiny_treebank_test_data.h"
#include "test_util.h"

namespace dyad {
namespace {

std::vector<ConlluSentence> Tiny() {
  auto s = ParseConllu(testing::kTinyTreebank);
  EXPECT_TRUE(s.ok());
  return *s;
}

// Accuracy of a tagger on gold sentences: (upos hits, lemma hits, words).
std::tuple<size_t, size_t, size_t> Accuracy(const Tagger& t, const std::vector<ConlluSentence>& gold) {
  Document d = ConlluToDocument(gold, 0, gold.size());
  Document pred = d;
  TaggerScratch s;
  t.TagDocument(pred, s);
  size_t u = 0, l = 0;
  for (size_t i = 0; i < d.tokens.size(); ++i) {
    u += pred.tokens[i].upos == d.tokens[i].upos;
    l += pred.tokens[i].lemma == d.tokens[i].lemma;
  }
  return {u, l, d.tokens.size()};
}

TEST(Tagger, TrainingReducesErrors) {
  auto tiny = Tiny();
  TaggerTrainOptions o;
  o.min_lexicon_count = 1;
  o.epochs = 1;
  auto one = Tagger::Train(tiny, tiny, o);
  ASSERT_TRUE(one.ok()) << one.status().message();
  o.epochs = 8;
  auto eight = Tagger::Train(tiny, tiny, o);
  ASSERT_TRUE(eight.ok());
  auto [u1, l1, n] = Accuracy(*one, tiny);
  auto [u8, l8, n8] = Accuracy(*eight, tiny);
  EXPECT_GE(u8, u1);
  EXPECT_EQ(u8, n);  // a tiny treebank is learnt by heart
  EXPECT_EQ(l8, n);
  // An unseen sentence gets plausible tags from affixes and context.
  Document d;
  d.text = "The soldiers attacked the villages.";
  TokenizeDocument(d);
  TaggerScratch s;
  eight->TagDocument(d, s);
  ASSERT_EQ(d.tokens.size(), 6u);
  EXPECT_EQ(d.tokens[0].upos, "DET");
  EXPECT_EQ(d.tokens[2].upos, "VERB");
  EXPECT_EQ(d.tokens[2].lemma, "attack");
  EXPECT_EQ(d.tokens[4].lemma, "village");
  EXPECT_EQ(d.tokens[5].upos, "PUNCT");
}

TEST(Tagger, SaveLoadRoundTripAndMetadata) {
  auto tiny = Tiny();
  TaggerTrainOptions o;
  o.epochs = 3;
  o.train_name = "tiny";
  auto t = Tagger::Train(tiny, tiny, o);
  ASSERT_TRUE(t.ok());
  const std::string path = (std::filesystem::temp_directory_path() / "dyad_tagger_test.bin").string();
  ASSERT_TRUE(t->Save(path).ok());
  auto back = Tagger::Load(path);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_NE((*back)->Describe().find("training_data: tiny"), std::string::npos);
  Document a = ConlluToDocument(tiny, 0, tiny.size()), b = a;
  TaggerScratch s;
  t->TagDocument(a, s);
  (*back)->TagDocument(b, s);
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    EXPECT_EQ(a.tokens[i].xpos, b.tokens[i].xpos);
    EXPECT_EQ(a.tokens[i].lemma, b.tokens[i].lemma);
  }
  // Corrupt files are refused, not crashed on.
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << "DYADTAG\x01garbage";
  }
  EXPECT_FALSE(Tagger::Load(path).ok());
  EXPECT_FALSE(Tagger::Load(path + ".missing").ok());
  std::filesystem::remove(path);
}

TEST(Tagger, HostileInputIsBounded) {
  auto tiny = Tiny();
  TaggerTrainOptions o;
  o.epochs = 2;
  auto t = Tagger::Train(tiny, tiny, o);
  ASSERT_TRUE(t.ok());
  Document d;
  for (int i = 0; i < 1000; ++i) d.text += (i % 97 == 0 ? "Hostile" : "word") + std::string(" ");
  d.text += std::string(10000, 'x') + " \x01\x02\x7f " + std::string(5000, '.');
  TokenizeDocument(d);
  Sentence all{Span{0, uint32_t(d.text.size())}, 0, uint32_t(d.tokens.size()), 0};
  d.sentences = {all, Sentence{}};  // one huge sentence and an empty one
  TaggerScratch s;
  auto t0 = std::chrono::steady_clock::now();
  t->TagDocument(d, s);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), testing::TimeBudget(5.0));
  for (const Token& tok : d.tokens) {
    EXPECT_FALSE(tok.upos.empty());
    EXPECT_LE(tok.lemma.size(), 10000u);
  }
}

TEST(Tagger, ModelPathResolution) {
  EXPECT_EQ(ResolveModelPath("/x/m.bin", "/data", "en-tagger.bin"), "/x/m.bin");
  const std::string p = ResolveModelPath("", "/nonexistent/data", "en-tagger.bin");
  EXPECT_NE(p.find("models/en-tagger.bin"), std::string::npos);
}

}  // namespace
}  // namespace dyad
