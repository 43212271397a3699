// Actor matching speed with dyad's built-in dictionaries alone and with the
// full Phoenix (PETRARCH) dictionaries loaded (issue 4 target: >= 1 M tokens/s
// on one core). Text: the UD English-EWT dev sentences (news, reviews, email),
// read from ../shared at run time.
#include <benchmark/benchmark.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "dyad/actors.h"
#include "dyad/text.h"

namespace {

std::string EwtText() {
  std::ifstream in(DYAD_SHARED_DIR "/data/ud/en_ewt/dev.conllu");
  std::string line, text;
  while (std::getline(in, line))
    if (line.rfind("# text = ", 0) == 0) text += line.substr(9) + "\n\n";
  return text;
}

const dyad::Document& Doc() {
  static dyad::Document* doc = [] {
    auto* d = new dyad::Document();
    d->text = EwtText();
    dyad::TokenizeDocument(*d);
    for (auto& t : d->tokens) t.lemma = dyad::GuessLemma(t.lower);
    return d;
  }();
  return *doc;
}

std::shared_ptr<const dyad::ActorDictionary> Dict(bool phoenix) {
  auto base = dyad::ActorDictionary::LoadBuiltin(DYAD_SOURCE_DIR "/data");
  if (!base.ok()) return nullptr;
  if (!phoenix) return *base;
  auto d = std::make_shared<dyad::ActorDictionary>(**base);
  const std::string dir = DYAD_SHARED_DIR "/data/dictionaries/phoenix/";
  for (const char* f : {"Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                        "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt"})
    if (!d->AddFile(dir + f).ok()) return nullptr;
  return d;
}

void Resolve(benchmark::State& state, bool phoenix) {
  if (Doc().tokens.empty()) {
    state.SkipWithError("../shared/data/ud/en_ewt/dev.conllu not found");
    return;
  }
  auto dict = Dict(phoenix);
  if (!dict) {
    state.SkipWithError("dictionaries did not load (../shared/data/dictionaries/phoenix absent?)");
    return;
  }
  state.counters["phrases"] = static_cast<double>(dict->phrase_count());
  for (auto _ : state) {
    dyad::Document doc = Doc();
    doc.mentions.clear();
    dyad::ResolveActors(*dict, doc);
    benchmark::DoNotOptimize(doc.mentions.size());
  }
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(Doc().tokens.size()) * state.iterations(),
                                                  benchmark::Counter::kIsRate);
}

void BM_ResolveBuiltin(benchmark::State& state) { Resolve(state, false); }
void BM_ResolveWithPhoenix(benchmark::State& state) { Resolve(state, true); }
BENCHMARK(BM_ResolveBuiltin)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ResolveWithPhoenix)->Unit(benchmark::kMillisecond);

void BM_LoadPhoenix(benchmark::State& state) {
  for (auto _ : state) {
    auto d = Dict(true);
    if (!d) {
      state.SkipWithError("Phoenix dictionaries not found");
      return;
    }
    state.counters["phrases"] = static_cast<double>(d->phrase_count());
  }
}
BENCHMARK(BM_LoadPhoenix)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
