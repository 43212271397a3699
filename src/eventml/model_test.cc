// The shipped event model: it loads without WordNet files, refuses damaged
// copies, and the stage codes with it, explaining its decisions.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "eventml/model.h"

namespace dyad::eventml {
namespace {

const std::string kModel = DYAD_SOURCE_DIR "/models/en-events.bin";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  const std::string path =
      (std::filesystem::temp_directory_path() / (name + "." + std::to_string(::getpid()))).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(EventModelTest, ShippedModelLoadsWithItsLexiconAndSettings) {
  auto m = EventModel::Load(kModel);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  // The WordNet classes travel inside the model: coding reads no WordNet file.
  EXPECT_GT((*m)->lexicon.size(), 10000u);
  size_t n = 0;
  EXPECT_NE((*m)->lexicon.Find('v', "bombard", &n), nullptr);
  EXPECT_GT(n, 0u);
  EXPECT_GT((*m)->types.features(), 1000u);
  EXPECT_TRUE((*m)->settings.relevance);
  EXPECT_NE(ml::MetaGet((*m)->meta, "command").find("dyad train events"), std::string::npos);
}

TEST(EventModelTest, DamagedCopiesAreRefusedNotCrashed) {
  const std::string bytes = Slurp(kModel);
  ASSERT_GT(bytes.size(), 1000u);
  for (size_t cut : {size_t{0}, size_t{7}, size_t{100}, bytes.size() / 2, bytes.size() - 1}) {
    const std::string path = WriteTemp("dyad_events_cut.bin", bytes.substr(0, cut));
    EXPECT_FALSE(EventModel::Load(path).ok()) << "truncated at " << cut;
    std::filesystem::remove(path);
  }
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x5a;
  const std::string path = WriteTemp("dyad_events_flip.bin", flipped);
  EXPECT_FALSE(EventModel::Load(path).ok());
  std::filesystem::remove(path);
  std::string magic = bytes;
  magic[0] = 'X';
  const std::string path2 = WriteTemp("dyad_events_magic.bin", magic);
  EXPECT_FALSE(EventModel::Load(path2).ok());
  std::filesystem::remove(path2);
}

TEST(EventModelTest, StageCodesAndExplainsWithScoreAndFeatures) {
  auto pipeline =
      Pipeline::Build("clean:mode=none;tokenize;tagger;parser;time;actors;eventml:explain=yes", DYAD_SOURCE_DIR "/data");
  ASSERT_TRUE(pipeline.ok()) << pipeline.status().ToString();
  auto doc = DocumentFromText("Russian forces shelled the Ukrainian city of Kharkiv on Monday.", "t", ReadOptions());
  ASSERT_TRUE(doc.ok());
  doc->date = "2024-03-04";
  PipelineScratch scratch = pipeline->NewScratch();
  ASSERT_TRUE(pipeline->Run(*doc, scratch).ok());
  ASSERT_FALSE(doc->events.empty());
  const Event& e = doc->events.front();
  EXPECT_EQ(e.plover, "ASSAULT");
  EXPECT_EQ(e.source.code.substr(0, 3), "RUS");
  EXPECT_EQ(e.target.country, "UKR");
  EXPECT_EQ(e.date, "2024-03-04");
  EXPECT_NE(e.pattern_text.find("margin"), std::string::npos) << e.pattern_text;
  EXPECT_NE(e.pattern_text.find("features:"), std::string::npos) << e.pattern_text;
}

TEST(EventModelTest, MissingModelIsAClearError) {
  auto pipeline = Pipeline::Build("clean;tokenize;tagger;parser;time;actors;eventml:model=/nonexistent/ev.bin",
                                  DYAD_SOURCE_DIR "/data");
  ASSERT_FALSE(pipeline.ok());
  EXPECT_NE(pipeline.status().ToString().find("/nonexistent/ev.bin"), std::string::npos);
}

}  // namespace
}  // namespace dyad::eventml
