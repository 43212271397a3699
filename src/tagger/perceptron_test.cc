#include "tagger/perceptron.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace dyad::ml {
namespace {

// The file form of a weights section, written by hand (perceptron.h).
std::string FileForm(int classes, const std::vector<uint64_t>& keys,
                     const std::vector<std::vector<std::pair<uint8_t, int16_t>>>& rows, float scale) {
  std::string out;
  Writer w(out);
  std::vector<uint16_t> counts;
  std::vector<uint8_t> cls;
  std::vector<int16_t> ws;
  for (const auto& row : rows) {
    counts.push_back(static_cast<uint16_t>(row.size()));
    for (auto [c, x] : row) {
      cls.push_back(c);
      ws.push_back(x);
    }
  }
  w.Pod<int32_t>(classes);
  w.Vec(keys);
  w.Vec(counts);
  w.Vec(cls);
  w.Pod<float>(scale);
  w.Vec(ws);
  return out;
}

// Features with 1 to 40 classes (sparse lists and dense rows), scored
// against the sum written in the file: exact, and unseen keys add nothing.
TEST(FrozenWeights, ScoresAreTheFileSumsForSparseAndDenseFeatures) {
  const int classes = 40;
  std::vector<uint64_t> keys;
  std::vector<std::vector<std::pair<uint8_t, int16_t>>> rows;
  for (uint64_t f = 0; f < 3000; ++f) {
    keys.push_back(Mix(f));
    std::vector<std::pair<uint8_t, int16_t>> row;
    const int count = 1 + static_cast<int>(f % classes);
    for (int c = 0; c < count; ++c)
      row.emplace_back(static_cast<uint8_t>((c * 7 + f) % classes), static_cast<int16_t>((f * 31 + c * 977) % 65535 - 32767));
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end(), [](auto& a, auto& b) { return a.first == b.first; }), row.end());
    rows.push_back(row);
  }
  const std::string bytes = FileForm(classes, keys, rows, 0.5f);
  std::string_view in = bytes;
  FrozenWeights fw;
  ASSERT_TRUE(fw.Deserialize(in));
  EXPECT_TRUE(in.empty());
  EXPECT_EQ(fw.features(), keys.size());
  EXPECT_EQ(fw.scale(), 0.5f);
  for (size_t start = 0; start + 150 <= keys.size(); start += 97) {
    std::vector<uint64_t> q(keys.begin() + start, keys.begin() + start + 150);
    for (uint64_t u = 0; u < 20; ++u) q.push_back(Mix(1000000 + start + u));  // not in the model
    std::vector<double> want(classes, 0.0);
    for (size_t i = start; i < start + 150; ++i)
      for (auto [c, x] : rows[i]) want[c] += x;
    std::vector<float> got(classes, 0.0f);
    fw.Score(q.data(), q.size(), got.data());
    for (int c = 0; c < classes; ++c) ASSERT_EQ(got[c], static_cast<float>(want[c])) << start << " " << c;
  }
  // Weights read from a file keep no file form.
  std::string again;
  EXPECT_FALSE(fw.Serialize(again));
}

TEST(FrozenWeights, FreezeThenSerializeRoundTripsTheFileForm) {
  TrainWeights tw(30);
  std::vector<uint64_t> feats;
  for (uint64_t i = 0; i < 600; ++i) feats.push_back(Mix(i));
  for (int epoch = 0; epoch < 20; ++epoch)
    for (size_t i = 0; i + 4 <= feats.size(); i += 2) {
      tw.Tick();
      tw.Update(&feats[i], 4, static_cast<int>((i + epoch) % 30), static_cast<int>((i * 3 + 1) % 30));
    }
  FrozenWeights fw = tw.Freeze(0.0f);
  std::string bytes;
  ASSERT_TRUE(fw.Serialize(bytes));
  std::string_view in = bytes;
  FrozenWeights back;
  ASSERT_TRUE(back.Deserialize(in));
  EXPECT_EQ(back.features(), fw.features());
  EXPECT_EQ(back.entries(), fw.entries());
  for (size_t i = 0; i + 9 <= feats.size(); i += 5) {
    float a[30] = {0}, b[30] = {0};
    fw.Score(&feats[i], 9, a);
    back.Score(&feats[i], 9, b);
    for (int c = 0; c < 30; ++c) ASSERT_EQ(a[c], b[c]);
  }
}

TEST(FrozenWeights, RefusesCorruptForms) {
  const std::vector<std::vector<std::pair<uint8_t, int16_t>>> rows = {{{0, 5}}, {{1, 7}, {2, -3}}};
  auto refused = [](const std::string& bytes) {
    std::string_view in = bytes;
    FrozenWeights fw;
    return !fw.Deserialize(in);
  };
  EXPECT_FALSE(refused(FileForm(3, {Mix(1), Mix(2)}, rows, 1.0f)));
  EXPECT_TRUE(refused(FileForm(3, {Mix(1), Mix(1)}, rows, 1.0f)));  // the same key twice
  EXPECT_TRUE(refused(FileForm(2, {Mix(1), Mix(2)}, rows, 1.0f)));  // class 2 of 2
  EXPECT_TRUE(refused(FileForm(0, {}, {}, 1.0f)));
  std::string whole = FileForm(3, {Mix(1), Mix(2)}, rows, 1.0f);
  for (size_t cut = 0; cut < whole.size(); ++cut) EXPECT_TRUE(refused(whole.substr(0, cut))) << cut;
}

}  // namespace
}  // namespace dyad::ml
