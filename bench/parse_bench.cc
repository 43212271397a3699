// Throughput (tokens/s, one core) of the shipped tagger and parser on the EWT
// dev sentences (gold tokenisation). Skips when ../shared or models/ is absent.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>

#include <cstdlib>

#include "dyad/conllu.h"
#include "dyad/parser.h"
#include "dyad/tagger.h"

#ifndef DYAD_SHARED_DIR
#define DYAD_SHARED_DIR "../shared"
#endif

namespace {

struct Data {
  std::vector<dyad::Document> docs;
  size_t tokens = 0;
  std::shared_ptr<const dyad::Tagger> tagger;
  std::shared_ptr<const dyad::Parser> parser;
  std::string error;
};

const Data& Load() {
  static const Data* data = [] {
    auto* d = new Data();
    const std::string dev = std::string(DYAD_SHARED_DIR) + "/data/ud/en_ewt/dev.conllu";
    auto sents = dyad::ReadConlluFile(dev);
    if (!sents.ok()) {
      d->error = "no EWT dev (" + dev + "): " + sents.status().message();
      return d;
    }
    d->docs = dyad::ConlluToDocuments(*sents);
    for (auto& doc : d->docs) d->tokens += doc.tokens.size();
    // DYAD_TAGGER_MODEL / DYAD_PARSER_MODEL override the shipped models (candidates in /tmp).
    auto model = [](const char* env, const char* file) {
      const char* e = std::getenv(env);
      return e && *e ? std::string(e) : std::string(DYAD_SOURCE_DIR) + "/models/" + file;
    };
    auto t = dyad::Tagger::Load(model("DYAD_TAGGER_MODEL", "en-tagger.bin"));
    auto p = dyad::Parser::Load(model("DYAD_PARSER_MODEL", "en-parser.bin"));
    if (!t.ok() || !p.ok()) {
      d->error = "models/ not found";
      return d;
    }
    d->tagger = *t;
    d->parser = *p;
    // Tag once so the parser-only benchmark has predicted tags.
    dyad::TaggerScratch ts;
    for (auto& doc : d->docs) d->tagger->TagDocument(doc, ts);
    return d;
  }();
  return *data;
}

void BM_Tagger(benchmark::State& state) {
  const Data& d = Load();
  if (!d.error.empty()) return state.SkipWithError(d.error.c_str());
  std::vector<dyad::Document> docs = d.docs;
  dyad::TaggerScratch s;
  for (auto _ : state)
    for (auto& doc : docs) d.tagger->TagDocument(doc, s);
  state.counters["tokens/s"] = benchmark::Counter(double(d.tokens), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Tagger)->Unit(benchmark::kMillisecond);

void BM_Parser(benchmark::State& state) {
  const Data& d = Load();
  if (!d.error.empty()) return state.SkipWithError(d.error.c_str());
  std::vector<dyad::Document> docs = d.docs;
  dyad::ParserScratch s;
  for (auto _ : state)
    for (auto& doc : docs) d.parser->ParseDocument(doc, s);
  state.counters["tokens/s"] = benchmark::Counter(double(d.tokens), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Parser)->Unit(benchmark::kMillisecond);

void BM_TagAndParse(benchmark::State& state) {
  const Data& d = Load();
  if (!d.error.empty()) return state.SkipWithError(d.error.c_str());
  std::vector<dyad::Document> docs = d.docs;
  dyad::TaggerScratch ts;
  dyad::ParserScratch ps;
  for (auto _ : state)
    for (auto& doc : docs) {
      d.tagger->TagDocument(doc, ts);
      d.parser->ParseDocument(doc, ps);
    }
  state.counters["tokens/s"] = benchmark::Counter(double(d.tokens), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_TagAndParse)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
