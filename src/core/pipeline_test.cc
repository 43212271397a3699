#include "dyad/pipeline.h"

#include <gtest/gtest.h>

#include "core/dict_reader.h"

namespace dyad {
namespace {

TEST(StatusTest, ResultCarriesValueOrError) {
  Result<int> ok = 42;
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 42);
  Result<int> bad = Status::NotFound("no such thing");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(bad.status().WithContext("file.txt").message(), "file.txt: no such thing");
}

TEST(StageConfigTest, ParsesNameAndOptions) {
  auto c = StageConfig::Parse("actors:dict=a.txt,builtin=no");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->name, "actors");
  EXPECT_EQ(c->Get("dict"), "a.txt");
  EXPECT_EQ(c->Get("builtin"), "no");
  EXPECT_EQ(c->Get("missing", "x"), "x");
  EXPECT_FALSE(StageConfig::Parse("actors:dict").ok());
  EXPECT_FALSE(StageConfig::Parse(":x=1").ok());
}

TEST(PipelineTest, BuildsTheDefaultPipelineByName) {
  auto p = Pipeline::Build(Pipeline::kDefaultSpec, DYAD_SOURCE_DIR "/data");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->StageNames(),
            (std::vector<std::string>{"clean", "tokenize", "tagger", "parser", "time", "actors", "eventml", "places"}));
}

TEST(PipelineTest, RefusesStagesInAnImpossibleOrder) {
  auto p = Pipeline::Build("clean;events", DYAD_SOURCE_DIR "/data");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(p.status().message().find("requires"), std::string::npos);
}

TEST(PipelineTest, UnknownStageNamesTheKnownOnes) {
  auto p = Pipeline::Build("clean;nosuchstage", DYAD_SOURCE_DIR "/data");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("tokenize"), std::string::npos);
}

TEST(PipelineTest, MissingDictionariesAreAnErrorNotACrash) {
  auto p = Pipeline::Build(Pipeline::kDefaultSpec, "/nonexistent");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kNotFound);
}

TEST(DictReaderTest, ReadsHeadersFieldsAndAlternatives) {
  DictReader r("# comment\n@dyad-actors 1\n@name test\n\n[IRQ]\nname: Iraq | Republic of Iraq  # trailing\n", "t.txt");
  ASSERT_TRUE(r.ExpectMagic("@dyad-actors", 1).ok());
  DictLine line;
  ASSERT_TRUE(r.Next(line));
  EXPECT_EQ(line.kind, DictLine::kMeta);
  ASSERT_TRUE(r.Next(line));
  EXPECT_EQ(line.kind, DictLine::kHeader);
  EXPECT_EQ(line.header, "IRQ");
  ASSERT_TRUE(r.Next(line));
  EXPECT_EQ(line.key, "name");
  EXPECT_EQ(line.values, (std::vector<std::string>{"Iraq", "Republic of Iraq"}));
  EXPECT_EQ(line.number, 6);
  EXPECT_FALSE(r.Next(line));
  EXPECT_TRUE(r.status().ok());
}

TEST(DictReaderTest, ErrorsNameFileAndLine) {
  DictReader wrong_magic("@dyad-agents 1\n", "a.txt");
  Status s = wrong_magic.ExpectMagic("@dyad-actors", 1);
  EXPECT_NE(s.message().find("a.txt:1"), std::string::npos) << s.message();

  DictReader newer("@dyad-actors 7\n", "b.txt");
  EXPECT_NE(newer.ExpectMagic("@dyad-actors", 1).message().find("newer"), std::string::npos);

  DictReader bad_line("@dyad-actors 1\n[IRQ]\nthis line has no colon\n", "c.txt");
  ASSERT_TRUE(bad_line.ExpectMagic("@dyad-actors", 1).ok());
  DictLine line;
  while (bad_line.Next(line)) {
  }
  EXPECT_NE(bad_line.status().message().find("c.txt:3"), std::string::npos) << bad_line.status().message();
}

}  // namespace
}  // namespace dyad
