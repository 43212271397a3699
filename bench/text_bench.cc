// Throughput of tokenisation + sentence splitting (Tokenizer + SplitParagraphs +
// SentenceSplitter, no per-token string building) and of the full
// TokenizeDocument (which also fills norm/lower strings per token).

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dyad/document.h"
#include "dyad/text.h"

#ifndef DYAD_SHARED_DIR
#define DYAD_SHARED_DIR "../shared"
#endif

namespace {

constexpr size_t kTarget = 1u << 20;  // ~1 MB inputs

std::string Synthetic() {
  static const char* const kSentences[] = {
      "Talks between Iraqi and U.S. officials on the withdrawal of coalition forces began on "
      "Saturday, Jan. 27, in Baghdad. ",
      "\xE2\x80\x9CWe don\xE2\x80\x99t want a permanent presence,\xE2\x80\x9D Gen. Mark Smith "
      "told reporters at 10:30 a.m., adding that 2,500 troops\xE2\x80\x94" "about 25% of the "
      "force\xE2\x80\x94" "would stay. ",
      "The Pentagon\xE2\x80\x99s statement (issued Thursday) said the anti-ISIS mission had cost "
      "$3.5 billion since 2014-06-10; see https://www.defense.gov/News/ for details. ",
      "Meanwhile, Iran\xE2\x80\x99s foreign minister met Mr. Hussein and criticized the "
      "officials\xE2\x80\x99 plans... Protesters chanted outside the U.S. Embassy! ",
      "Would the 19th round of negotiations succeed? Nobody can\xE2\x80\x99t say, wrote "
      "analyst@example.org.\n\n",
  };
  std::string text;
  size_t k = 0;
  while (text.size() < kTarget) text += kSentences[k++ % 5];
  return text;
}

std::string Article() {
  std::ifstream in(std::string(DYAD_SHARED_DIR) + "/corpus/000_545dd019dd7be0f3.txt",
                   std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string one = ss.str();
  if (one.empty()) return {};
  std::string text;
  while (text.size() < kTarget) {
    text += one;
    text += "\n\n";
  }
  return text;
}

void TokenizeAndSplit(benchmark::State& state, const std::string& text) {
  dyad::Tokenizer tokenizer;
  dyad::SentenceSplitter splitter;
  std::vector<dyad::RawToken> tokens;
  std::vector<dyad::SentenceBounds> sentences;
  for (auto _ : state) {
    tokens.clear();
    sentences.clear();
    for (const dyad::Span& p : dyad::SplitParagraphs(text)) {
      const auto first = static_cast<uint32_t>(tokens.size());
      tokenizer.Tokenize(text, p.begin, p.end, tokens);
      splitter.Split(text, tokens, first, static_cast<uint32_t>(tokens.size()), sentences);
    }
    benchmark::DoNotOptimize(tokens.data());
    benchmark::DoNotOptimize(sentences.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.counters["tokens"] = static_cast<double>(tokens.size());
  state.counters["sentences"] = static_cast<double>(sentences.size());
}

void FullDocument(benchmark::State& state, const std::string& text) {
  dyad::Document doc;
  doc.text = text;
  for (auto _ : state) {
    dyad::TokenizeDocument(doc);
    benchmark::DoNotOptimize(doc.tokens.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}

void BM_TokenizeSplit_Synthetic(benchmark::State& state) {
  static const std::string text = Synthetic();
  TokenizeAndSplit(state, text);
}
BENCHMARK(BM_TokenizeSplit_Synthetic)->Unit(benchmark::kMillisecond);

void BM_TokenizeSplit_Article(benchmark::State& state) {
  static const std::string text = Article();
  if (text.empty()) {
    state.SkipWithError("corpus/000_545dd019dd7be0f3.txt not found under " DYAD_SHARED_DIR);
    return;
  }
  TokenizeAndSplit(state, text);
}
BENCHMARK(BM_TokenizeSplit_Article)->Unit(benchmark::kMillisecond);

void BM_TokenizeDocument_Synthetic(benchmark::State& state) {
  static const std::string text = Synthetic();
  FullDocument(state, text);
}
BENCHMARK(BM_TokenizeDocument_Synthetic)->Unit(benchmark::kMillisecond);

void BM_TokenizeDocument_Article(benchmark::State& state) {
  static const std::string text = Article();
  if (text.empty()) {
    state.SkipWithError("corpus/000_545dd019dd7be0f3.txt not found under " DYAD_SHARED_DIR);
    return;
  }
  FullDocument(state, text);
}
BENCHMARK(BM_TokenizeDocument_Article)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
