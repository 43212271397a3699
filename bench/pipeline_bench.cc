// Whole-pipeline throughput of `dyad code` (clean -> tokenize -> lemma ->
// time -> actors -> events -> places) on one core, and of the cleaner alone.
// Inputs: the ../shared reference article and the bundled samples.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "dyad/clean.h"
#include "dyad/ingest.h"
#include "dyad/pipeline.h"
#include "dyad/places.h"
#include "dyad/statements.h"

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::vector<std::string> Inputs() {
  std::vector<std::string> texts;
  std::string article = Slurp(DYAD_SHARED_DIR "/corpus/000_545dd019dd7be0f3.txt");
  if (!article.empty()) texts.push_back(article);
  for (const auto& e : std::filesystem::directory_iterator(DYAD_SOURCE_DIR "/samples"))
    if (e.path().extension() == ".txt") texts.push_back(Slurp(e.path().string()));
  return texts;
}

void RunPipeline(benchmark::State& state, const std::string& spec) {
  auto pipeline = dyad::Pipeline::Build(spec, DYAD_SOURCE_DIR "/data");
  if (!pipeline.ok()) {
    state.SkipWithError(pipeline.status().ToString().c_str());
    return;
  }
  auto texts = Inputs();
  dyad::PipelineScratch scratch = pipeline->NewScratch();
  int64_t sentences = 0, bytes = 0, events = 0;
  for (auto _ : state) {
    for (const std::string& t : texts) {
      auto doc = dyad::DocumentFromText(t, "bench", dyad::ReadOptions());
      (void)pipeline->Run(*doc, scratch);
      sentences += static_cast<int64_t>(doc->sentences.size());
      events += static_cast<int64_t>(doc->events.size());
      bytes += static_cast<int64_t>(t.size());
    }
  }
  state.SetBytesProcessed(bytes);
  state.counters["sentences/s"] = benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
  state.counters["events"] = static_cast<double>(events) / static_cast<double>(state.iterations());
}
void BM_Pipeline(benchmark::State& state) { RunPipeline(state, std::string(dyad::Pipeline::kDefaultSpec)); }
BENCHMARK(BM_Pipeline)->Unit(benchmark::kMillisecond);

void BM_PipelineFast(benchmark::State& state) { RunPipeline(state, std::string(dyad::Pipeline::kFastSpec)); }
BENCHMARK(BM_PipelineFast)->Unit(benchmark::kMillisecond);

// The default pipeline without the places stage: its cost is the difference.
void BM_PipelineNoPlaces(benchmark::State& state) {
  RunPipeline(state, "clean;tokenize;tagger;parser;time;actors;events");
}
BENCHMARK(BM_PipelineNoPlaces)->Unit(benchmark::kMillisecond);

// The statements stage: the default pipeline with it, and the stage alone on
// the same texts already annotated by the default pipeline (its share of the
// default pipeline's time is BM_StatementsStage / BM_Pipeline).
void BM_PipelineWithStatements(benchmark::State& state) {
  RunPipeline(state, std::string(dyad::Pipeline::kDefaultSpec) + ";statements");
}
BENCHMARK(BM_PipelineWithStatements)->Unit(benchmark::kMillisecond);

void BM_StatementsStage(benchmark::State& state) {
  auto pipeline = dyad::Pipeline::Build(dyad::Pipeline::kDefaultSpec, DYAD_SOURCE_DIR "/data");
  if (!pipeline.ok()) {
    state.SkipWithError(pipeline.status().ToString().c_str());
    return;
  }
  dyad::PipelineScratch scratch = pipeline->NewScratch();
  std::vector<dyad::Document> docs;
  for (const std::string& t : Inputs()) {
    auto doc = dyad::DocumentFromText(t, "bench", dyad::ReadOptions());
    (void)pipeline->Run(*doc, scratch);
    docs.push_back(std::move(*doc));
  }
  int64_t sentences = 0, statements = 0;
  for (auto _ : state) {
    for (dyad::Document& doc : docs) {
      doc.statements.clear();
      dyad::ExtractStatements(doc);
      sentences += static_cast<int64_t>(doc.sentences.size());
      statements += static_cast<int64_t>(doc.statements.size());
    }
  }
  state.counters["sentences/s"] = benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
  state.counters["statements"] = static_cast<double>(statements) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_StatementsStage)->Unit(benchmark::kMillisecond);

// News sentences of the PLOVER gold records (dev half), one document each,
// without page cleaning: the sentence-level speed the events issue asks for.
void RunOnPloverTexts(benchmark::State& state, const std::string& spec) {
  std::vector<std::string> texts;
  std::ifstream in(DYAD_SHARED_DIR "/data/events/plover-gsr-dev.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    size_t k = line.find("\"text\": \"");
    if (k == std::string::npos || line.find("\"event\": \"DOCUMENT\"") != std::string::npos) continue;
    size_t end = line.find("\", \"", k + 9);
    if (end != std::string::npos) texts.push_back(line.substr(k + 9, end - k - 9));
  }
  if (texts.empty()) {
    state.SkipWithError("../shared/data/events/plover-gsr-dev.jsonl not found");
    return;
  }
  auto pipeline = dyad::Pipeline::Build(spec, DYAD_SOURCE_DIR "/data");
  if (!pipeline.ok()) {
    state.SkipWithError(pipeline.status().ToString().c_str());
    return;
  }
  dyad::PipelineScratch scratch = pipeline->NewScratch();
  int64_t sentences = 0, tokens = 0;
  for (auto _ : state) {
    for (const std::string& t : texts) {
      auto doc = dyad::DocumentFromText(t, "bench", dyad::ReadOptions());
      if (!doc.ok()) continue;
      (void)pipeline->Run(*doc, scratch);
      sentences += static_cast<int64_t>(doc->sentences.size());
      tokens += static_cast<int64_t>(doc->tokens.size());
    }
  }
  state.counters["sentences/s"] = benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
void BM_PloverSentences(benchmark::State& state) {
  RunOnPloverTexts(state, "clean:mode=none;tokenize;lemma;time;actors;events");
}
BENCHMARK(BM_PloverSentences)->Unit(benchmark::kMillisecond);
void BM_PloverSentencesWithParser(benchmark::State& state) {
  RunOnPloverTexts(state, "clean:mode=none;tokenize;tagger;parser;time;actors;events");
}
BENCHMARK(BM_PloverSentencesWithParser)->Unit(benchmark::kMillisecond);
void BM_PloverSentencesLearnedCoder(benchmark::State& state) {
  RunOnPloverTexts(state, "clean:mode=none;tokenize;tagger;parser;time;actors;eventml");
}
BENCHMARK(BM_PloverSentencesLearnedCoder)->Unit(benchmark::kMillisecond);

void BM_PloverSentencesWithParserAndPlaces(benchmark::State& state) {
  RunOnPloverTexts(state, "clean:mode=none;tokenize;tagger;parser;time;actors;events;places");
}
BENCHMARK(BM_PloverSentencesWithParserAndPlaces)->Unit(benchmark::kMillisecond);

// The places stage alone, on the PLOVER sentences already run through the
// rest of the default pipeline (the stage replaces its own output, so it can
// run again on the same documents): its share of the pipeline's time is this
// time over BM_PloverSentencesWithParserAndPlaces's.
void BM_PlacesStageOnPloverSentences(benchmark::State& state) {
  std::vector<std::string> texts;
  std::ifstream in(DYAD_SHARED_DIR "/data/events/plover-gsr-dev.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    size_t k = line.find("\"text\": \"");
    if (k == std::string::npos || line.find("\"event\": \"DOCUMENT\"") != std::string::npos) continue;
    size_t end = line.find("\", \"", k + 9);
    if (end != std::string::npos) texts.push_back(line.substr(k + 9, end - k - 9));
  }
  auto before = dyad::Pipeline::Build("clean:mode=none;tokenize;tagger;parser;time;actors;events", DYAD_SOURCE_DIR "/data");
  dyad::StageConfig config;
  config.name = "places";
  config.data_dir = DYAD_SOURCE_DIR "/data";
  auto places = dyad::StageRegistry::Builtin().Create(config);
  if (texts.empty() || !before.ok() || !places.ok()) {
    state.SkipWithError("PLOVER sentences, pipeline or places stage unavailable");
    return;
  }
  std::vector<dyad::Document> docs;
  dyad::PipelineScratch scratch = before->NewScratch();
  for (const std::string& t : texts) {
    auto doc = dyad::DocumentFromText(t, "bench", dyad::ReadOptions());
    if (!doc.ok() || !before->Run(*doc, scratch).ok()) continue;
    docs.push_back(std::move(*doc));
  }
  auto stage_scratch = (*places)->NewScratch();
  int64_t sentences = 0, found = 0;
  for (auto _ : state) {
    for (dyad::Document& d : docs) {
      (void)(*places)->Process(d, stage_scratch.get());
      sentences += static_cast<int64_t>(d.sentences.size());
      found += static_cast<int64_t>(d.places.size());
    }
  }
  state.counters["sentences/s"] = benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
  state.counters["places"] = static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_PlacesStageOnPloverSentences)->Unit(benchmark::kMillisecond);

void BM_CleanPrescraped(benchmark::State& state) {
  std::string article = Slurp(DYAD_SHARED_DIR "/corpus/000_545dd019dd7be0f3.txt");
  if (article.empty()) {
    state.SkipWithError("../shared/corpus article not found");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(dyad::CleanPrescrapedText(article));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * article.size()));
}
BENCHMARK(BM_CleanPrescraped)->Unit(benchmark::kMicrosecond);

void BM_LoadDictionaries(benchmark::State& state) {
  for (auto _ : state) {
    auto p = dyad::Pipeline::Build(dyad::Pipeline::kDefaultSpec, DYAD_SOURCE_DIR "/data");
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_LoadDictionaries)->Unit(benchmark::kMillisecond);

// Mapping and checking the gazetteer (magic, sections, checksum over ~15 MB).
void BM_OpenGazetteer(benchmark::State& state) {
  for (auto _ : state) {
    auto g = dyad::Gazetteer::Open(dyad::DefaultGazetteerPath(DYAD_SOURCE_DIR "/data"));
    if (!g.ok()) {
      state.SkipWithError(g.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(g);
  }
}
BENCHMARK(BM_OpenGazetteer)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
