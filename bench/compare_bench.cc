// `dyad compare --db` on a synthetic store of about 1 million events and half
// a million statements.
//
//   compare_bench --make-store PATH [--events N]   build the store and exit
//   DYAD_COMPARE_BENCH_DB=PATH compare_bench       run (builds the store if missing)
//
// Documents of ten events and five statements each, written directly through
// Store::PutDocuments (the coder is not measured): speakers drawn from 60
// country roots with Zipf-like weights (the USA most often, Iraq second) and
// six sectors; each statement names one of 40 issues, one of 30 framing
// phrases and three words of a 300-word vocabulary; kinds, cues and polarity
// vary. Dates over 2020-2024.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>

#include "dyad/compare.h"
#include "dyad/store.h"

namespace {

const char* kRoots[] = {"USA", "IRQ", "IRN", "RUS", "UKR", "CHN", "ISR", "PSE", "SYR", "TUR", "GRC", "FRA",
                        "DEU", "GBR", "JPN", "KOR", "PRK", "IND", "PAK", "AFG", "SAU", "EGY", "JOR", "LBN",
                        "YEM", "QAT", "ARE", "MLI", "NER", "BFA", "NGA", "ETH", "SDN", "SOM", "KEN", "COD",
                        "BRA", "MEX", "VEN", "COL", "ARG", "CUB", "CAN", "AUS", "IDN", "PHL", "VNM", "MMR",
                        "THA", "BGD", "LBY", "TUN", "DZA", "MAR", "AZE", "ARM", "GEO", "BLR", "POL", "ITA"};
const char* kSectors[] = {"", "GOV", "MIL", "CVL", "OPP", "BUS"};

std::string DefaultPath() {
  const char* env = std::getenv("DYAD_COMPARE_BENCH_DB");
  return env && *env ? env : "/tmp/dyad_compare_bench.db";
}

int MakeStore(const std::string& path, int64_t events) {
  namespace fs = std::filesystem;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  auto store = dyad::Store::Open(path);
  if (!store.ok()) {
    std::cerr << store.status().ToString() << '\n';
    return 1;
  }
  std::mt19937_64 rng(12);
  std::vector<double> weights;
  for (size_t i = 0; i < std::size(kRoots); ++i) weights.push_back(1.0 / std::pow(i + 1.0, 0.9));
  std::discrete_distribution<int> root(weights.begin(), weights.end());
  std::vector<double> zipf;
  for (int i = 0; i < 300; ++i) zipf.push_back(1.0 / (i + 1.0));
  std::discrete_distribution<int> word(zipf.begin(), zipf.end());
  std::uniform_int_distribution<int> sector(0, 5), day(0, 5 * 365 - 1), issue(0, 39), frame(0, 29), pct(0, 99);
  const int kEventsPerDoc = 10, kStatementsPerDoc = 5;
  int64_t docs = (events + kEventsPerDoc - 1) / kEventsPerDoc;
  auto start = std::chrono::steady_clock::now();
  std::vector<dyad::Document> batch;
  for (int64_t d = 0; d < docs; ++d) {
    dyad::Document doc;
    doc.id = "cmp-" + std::to_string(d);
    int dd = day(rng);
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2020 + dd / 365, 1 + (dd % 365) / 31 % 12, 1 + (dd % 365) % 28);
    doc.date = date;
    for (int s = 0; s < kStatementsPerDoc; ++s) {
      dyad::Statement st;
      int r = root(rng);
      st.speaker.code = std::string(kRoots[r]) + kSectors[sector(rng)];
      st.speaker.country = kRoots[r];
      st.speaker.text = "officials of " + st.speaker.code;
      int p = pct(rng);
      st.kind = p < 60 ? dyad::StatementKind::kIndirect
                       : p < 75 ? dyad::StatementKind::kDirect
                                : p < 85 ? dyad::StatementKind::kReported
                                         : p < 93 ? dyad::StatementKind::kDenial : dyad::StatementKind::kClaim;
      st.cue_lemma = st.kind == dyad::StatementKind::kDenial ? "deny"
                     : st.kind == dyad::StatementKind::kClaim ? "claim"
                     : pct(rng) < 5                          ? "accuse"
                                                             : "say";
      if (pct(rng) < 10) st.polarity = dyad::Polarity::kNegated;
      st.terms = {"issue " + std::to_string(issue(rng)) + " talks", "frame " + std::to_string(frame(rng)) + " phrase"};
      for (int w = 0; w < 3; ++w) st.terms.push_back("w" + std::to_string(word(rng)));
      uint32_t b = static_cast<uint32_t>(doc.text.size());
      doc.text += st.speaker.text + " said that";
      st.speaker.span = {b, b + static_cast<uint32_t>(st.speaker.text.size())};
      st.cue = {st.speaker.span.end + 1, st.speaker.span.end + 5};
      uint32_t cb = static_cast<uint32_t>(doc.text.size()) + 1;
      doc.text += " the " + st.terms[0] + " and the " + st.terms[1] + " concern " + st.terms[2] + " " + st.terms[3] +
                  " " + st.terms[4] + ". ";
      st.content = {cb, static_cast<uint32_t>(doc.text.size()) - 2};
      st.date = doc.date;
      st.date_rule = "document date";
      doc.statements.push_back(std::move(st));
    }
    for (int e = 0; e < kEventsPerDoc && d * kEventsPerDoc + e < events; ++e) {
      dyad::Event ev;
      ev.date = doc.date;
      int a = root(rng), b = root(rng);
      ev.source.code = kRoots[a];
      ev.source.country = kRoots[a];
      ev.target.code = kRoots[b == a ? (b + 1) % 60 : b];
      ev.target.country = ev.target.code;
      ev.cameo = "010";
      ev.trigger = {0, 4};
      ev.pattern_id = "bench";
      doc.events.push_back(std::move(ev));
    }
    doc.sentences.push_back(dyad::Sentence{});
    doc.sentences.back().span = {0, static_cast<uint32_t>(doc.text.size())};
    doc.raw = doc.text;
    batch.push_back(std::move(doc));
    if (batch.size() == 1000 || d + 1 == docs) {
      std::vector<const dyad::Document*> ptrs;
      for (const auto& x : batch) ptrs.push_back(&x);
      auto put = (*store)->PutDocuments(ptrs);
      if (!put.ok()) {
        std::cerr << put.status().ToString() << '\n';
        return 1;
      }
      batch.clear();
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto n = (*store)->CountEvents(dyad::EventQuery{.all = true});
  std::cerr << "compare_bench: wrote " << (n.ok() ? *n : -1) << " events and " << docs * kStatementsPerDoc
            << " statements in " << docs << " documents to " << path << " in " << secs << " s\n";
  return 0;
}

dyad::Store& BenchStore() {
  static std::unique_ptr<dyad::Store> store = [] {
    std::string path = DefaultPath();
    if (!std::filesystem::exists(path)) MakeStore(path, 1000000);
    dyad::StoreOptions ro;
    ro.read_only = true;
    auto s = dyad::Store::Open(path, ro);
    if (!s.ok()) {
      std::cerr << s.status().ToString() << '\n';
      std::exit(1);
    }
    return std::move(*s);
  }();
  return *store;
}

// What `dyad compare --db` does: read each party's latest statements, compare.
void RunCompare(benchmark::State& state, const std::string& from, const std::string& to) {
  dyad::CompareOptions o;
  o.party_a = "USA";
  o.party_b = "IRQ";
  o.from = from;
  o.to = to;
  size_t statements = 0, issues = 0, contrasts = 0;
  for (auto _ : state) {
    auto read = dyad::ReadForComparison(BenchStore(), o, static_cast<size_t>(state.range(0)));
    if (!read.ok()) {
      state.SkipWithError(read.status().ToString().c_str());
      return;
    }
    auto result = dyad::CompareStatements(*read, o);
    statements = read->size();
    issues = result.size();
    contrasts = 0;
    for (const auto& is : result) contrasts += is.contrast.kind != dyad::ContrastKind::kNone;
  }
  state.counters["statements"] = static_cast<double>(statements);
  state.counters["issues"] = static_cast<double>(issues);
  state.counters["contrasts"] = static_cast<double>(contrasts);
}

void BM_CompareLatest(benchmark::State& state) { RunCompare(state, "", ""); }
BENCHMARK(BM_CompareLatest)->Arg(2000)->Arg(500)->Unit(benchmark::kMillisecond);

void BM_CompareOneMonth(benchmark::State& state) { RunCompare(state, "2023-03-01", "2023-03-31"); }
BENCHMARK(BM_CompareOneMonth)->Arg(2000)->Unit(benchmark::kMillisecond);

void BM_CompareAllStatements(benchmark::State& state) { RunCompare(state, "", ""); }
BENCHMARK(BM_CompareAllStatements)->Arg(0)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--make-store") == 0 && i + 1 < argc) {
      int64_t events = 1000000;
      for (int k = i + 2; k + 1 < argc; ++k)
        if (std::strcmp(argv[k], "--events") == 0) events = std::atoll(argv[k + 1]);
      return MakeStore(argv[i + 1], events);
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
