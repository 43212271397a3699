#include "tagger/clusters.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "dyad/parser.h"
#include "dyad/tagger.h"
#include "dyad/text.h"
#include "parser/tiny_treebank_test_data.h"
#include "tagger/perceptron.h"

namespace dyad {
namespace {

std::vector<std::vector<std::string>> Words(const std::vector<std::string>& lines) {
  std::vector<std::vector<std::string>> out;
  for (const std::string& l : lines) {
    std::vector<std::string> s;
    size_t p = 0;
    while (p < l.size()) {
      size_t q = l.find(' ', p);
      if (q == std::string::npos) q = l.size();
      s.push_back(ml::ClusterWordKey(l.substr(p, q - p)));
      p = q + 1;
    }
    out.push_back(std::move(s));
  }
  return out;
}

int CommonBits(const ml::WordClusters& c, const std::string& a, const std::string& b) {
  const uint32_t pa = c.Path(ml::HashStr(a)), pb = c.Path(ml::HashStr(b));
  int n = 0;
  while (n < c.depth() && c.Prefix(pa, n + 1) == c.Prefix(pb, n + 1)) ++n;
  return n;
}

std::vector<std::vector<std::string>> TinyText() {
  std::vector<std::string> lines;
  const char* nouns[] = {"cat", "dog", "horse", "bird"};
  const char* verbs[] = {"sleeps", "runs", "eats", "sings"};
  for (int r = 0; r < 3; ++r)
    for (const char* n : nouns)
      for (const char* v : verbs) {
        lines.push_back(std::string("the ") + n + " " + v + " today");
        lines.push_back(std::string("a big ") + n + " " + v + " here");
      }
  return Words(lines);
}

TEST(TaggerClusters, SimilarContextsShareLongerPaths) {
  ml::ClusterTrainOptions o;
  o.min_count = 2;
  o.context_words = 20;
  o.depth = 6;
  o.sources = "inline";
  auto c = ml::WordClusters::Train(TinyText(), o);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->depth(), 6);
  EXPECT_EQ(c->size(), 13u);  // every word is seen at least twice
  EXPECT_GT(CommonBits(*c, "cat", "dog"), CommonBits(*c, "cat", "runs"));
  EXPECT_GT(CommonBits(*c, "eats", "sings"), CommonBits(*c, "eats", "horse"));
  EXPECT_EQ(c->Path(ml::HashStr("unseen")), 0u);
  EXPECT_NE(c->Prefix(0, 4), c->Prefix(c->Path(ml::HashStr("cat")), 4));
  // Deterministic: the same text gives the same tree.
  auto again = ml::WordClusters::Train(TinyText(), o);
  ASSERT_TRUE(again.ok());
  for (const char* w : {"the", "cat", "runs", "today", "big"})
    EXPECT_EQ(c->Path(ml::HashStr(w)), again->Path(ml::HashStr(w))) << w;
  EXPECT_NE(c->Describe().find("training_data: inline"), std::string::npos);
  // Capitalisation inside sentences: "the" never, "Cat" always (first words do not count).
  std::vector<std::vector<uint8_t>> upper;
  auto text = TinyText();
  for (const auto& sent : text) {
    upper.emplace_back(sent.size(), 0);
    for (size_t i = 0; i < sent.size(); ++i) upper.back()[i] = sent[i] == "cat" || i == 0;
  }
  auto cased = ml::WordClusters::Train(text, o, &upper);
  ASSERT_TRUE(cased.ok());
  EXPECT_EQ(ml::WordClusters::Caps(cased->Info(ml::HashStr("cat"))), 4u);
  EXPECT_EQ(ml::WordClusters::Caps(cased->Info(ml::HashStr("dog"))), 1u);
  EXPECT_EQ(ml::WordClusters::Caps(cased->Info(ml::HashStr("the"))), 0u);  // only ever first
  EXPECT_EQ(ml::WordClusters::Caps(c->Info(ml::HashStr("cat"))), 0u);       // not given
  EXPECT_EQ(cased->Path(ml::HashStr("cat")), c->Path(ml::HashStr("cat")));
  // Too little text is an error, not a crash.
  EXPECT_FALSE(ml::WordClusters::Train(Words({"one"}), o).ok());
  o.depth = 99;
  EXPECT_FALSE(ml::WordClusters::Train(TinyText(), o).ok());
}

TEST(TaggerClusters, SaveLoadRoundTrip) {
  ml::ClusterTrainOptions o;
  o.min_count = 2;
  o.depth = 5;
  auto c = ml::WordClusters::Train(TinyText(), o);
  ASSERT_TRUE(c.ok());
  const std::string path = (std::filesystem::temp_directory_path() / "dyad_clusters_test.bin").string();
  ASSERT_TRUE(c->Save(path).ok());
  auto back = ml::WordClusters::Load(path);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ((*back)->size(), c->size());
  EXPECT_EQ((*back)->depth(), 5);
  for (const char* w : {"the", "cat", "runs", "today", "big", "nothere"})
    EXPECT_EQ((*back)->Path(ml::HashStr(w)), c->Path(ml::HashStr(w))) << w;
  EXPECT_EQ(ml::MetaGet((*back)->metadata(), "format"), "DYADCLU v1");
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << "DYADCLU\x01garbage";
  }
  EXPECT_FALSE(ml::WordClusters::Load(path).ok());
  std::filesystem::remove(path);
}

TEST(TaggerWeights, RoundTripIsExact) {
  ml::TrainWeights tw(5);
  std::vector<uint64_t> feats;
  for (uint64_t i = 0; i < 2000; ++i) feats.push_back(ml::Mix(i));
  for (size_t i = 0; i + 3 <= feats.size(); i += 3) {
    tw.Tick();
    tw.Update(&feats[i], 3, static_cast<int>(i % 5), static_cast<int>((i + 1) % 5));
  }
  // Frozen weights are already the 16-bit integers of the file: what is
  // scored in training (dev epochs) is what the saved model scores.
  ml::FrozenWeights fw = tw.Freeze(0.0f);
  std::string bytes;
  fw.Serialize(bytes);
  std::string_view in = bytes;
  ml::FrozenWeights back;
  ASSERT_TRUE(back.Deserialize(in));
  EXPECT_TRUE(in.empty());
  EXPECT_EQ(back.features(), fw.features());
  EXPECT_EQ(back.scale(), fw.scale());
  for (size_t i = 0; i < feats.size(); i += 7) {
    float a[5] = {0}, b[5] = {0};
    fw.Score(&feats[i], 1, a);
    back.Score(&feats[i], 1, b);
    for (int c = 0; c < 5; ++c) EXPECT_EQ(a[c], b[c]) << i;
  }
  // Loaded weights keep 32-bit tags, not the file form: only trained ones save.
  std::string again;
  EXPECT_FALSE(back.Serialize(again));
  std::string twice;
  ASSERT_TRUE(fw.Serialize(twice));
  EXPECT_EQ(twice, bytes);
}

// Tagger and parser format v3: cluster features, clusters kept in the file.
TEST(TaggerClusters, TaggerAndParserV3RoundTrip) {
  auto tiny = ParseConllu(testing::kTinyTreebank);
  ASSERT_TRUE(tiny.ok());
  std::vector<std::vector<std::string>> text;
  for (const Document& d : ConlluToDocuments(*tiny))
    for (const Sentence& s : d.sentences) {
      std::vector<std::string> keys;
      for (uint32_t i = s.token_begin; i < s.token_end; ++i) keys.push_back(ml::ClusterWordKey(d.tokens[i].lower));
      text.push_back(keys);
    }
  ml::ClusterTrainOptions co;
  co.min_count = 1;
  co.depth = 6;
  auto clusters = ml::WordClusters::Train(text, co);
  ASSERT_TRUE(clusters.ok());
  auto shared = std::make_shared<const ml::WordClusters>(std::move(*clusters));

  TaggerTrainOptions to;
  to.epochs = 3;
  to.min_lexicon_count = 1;
  to.feature_set = 3;
  EXPECT_FALSE(Tagger::Train(*tiny, *tiny, to).ok());  // v3 needs clusters
  to.clusters = shared;
  auto tagger = Tagger::Train(*tiny, *tiny, to);
  ASSERT_TRUE(tagger.ok()) << tagger.status().message();
  EXPECT_EQ(tagger->feature_set(), 3);
  const auto dir = std::filesystem::temp_directory_path();
  const std::string tpath = (dir / "dyad_tagger_v3_test.bin").string();
  ASSERT_TRUE(tagger->Save(tpath).ok());
  auto tback = Tagger::Load(tpath);
  ASSERT_TRUE(tback.ok()) << tback.status().message();
  EXPECT_EQ((*tback)->feature_set(), 3);
  ASSERT_TRUE((*tback)->clusters());
  EXPECT_EQ((*tback)->clusters()->size(), shared->size());
  EXPECT_NE((*tback)->Describe().find("format: DYADTAG v3"), std::string::npos);
  Document a = ConlluToDocument(*tiny, 0, tiny->size()), b = a;
  TaggerScratch ts;
  tagger->TagDocument(a, ts);
  (*tback)->TagDocument(b, ts);
  for (size_t i = 0; i < a.tokens.size(); ++i) EXPECT_EQ(a.tokens[i].xpos, b.tokens[i].xpos);

  ParserTrainOptions po;
  po.epochs = 3;
  po.feature_set = 3;
  EXPECT_FALSE(Parser::Train(*tiny, *tiny, po).ok());  // v3 needs clusters
  po.clusters = shared;
  auto parser = Parser::Train(*tiny, *tiny, po);
  ASSERT_TRUE(parser.ok()) << parser.status().message();
  const std::string ppath = (dir / "dyad_parser_v3_test.bin").string();
  ASSERT_TRUE(parser->Save(ppath).ok());
  auto pback = Parser::Load(ppath);
  ASSERT_TRUE(pback.ok()) << pback.status().message();
  EXPECT_NE((*pback)->Describe().find("format: DYADPAR v3"), std::string::npos);
  Document d = ConlluToDocument(*tiny, 0, tiny->size());
  std::vector<Token> p1 = d.tokens, p2 = d.tokens;
  ParserScratch ps;
  for (const Sentence& s : d.sentences) {
    parser->Parse(p1, s.token_begin, s.token_end, ps);
    (*pback)->Parse(p2, s.token_begin, s.token_end, ps);
  }
  for (size_t i = 0; i < p1.size(); ++i) {
    EXPECT_EQ(p1[i].head, p2[i].head);
    EXPECT_EQ(p1[i].deprel, p2[i].deprel);
  }
  std::filesystem::remove(tpath);
  std::filesystem::remove(ppath);
}

}  // namespace
}  // namespace dyad
