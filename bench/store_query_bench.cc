// Store query benchmarks over a synthetic store of about 1 million events.
//
//   store_query_bench --make-store PATH [--events N]   build a synthetic store and exit
//   DYAD_STORE_BENCH_DB=PATH store_query_bench         run the query benchmarks (builds the store if missing)
//
// PATH may also be a PostgreSQL store (postgresql://... or a libpq string);
// bench/store_query_pg.sh runs both backends on the same synthetic store.
//
// The synthetic store: documents of ten events each, actors drawn from 60
// country roots with skewed (Zipf-like) weights and six sectors, CAMEO codes
// from twenty roots, dates over 2020-2024. It exercises the indexes, not the
// coder: documents are written directly through Store::PutDocuments.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>

#include "dyad/store.h"

namespace {

const char* kRoots[] = {"USA", "IRQ", "IRN", "RUS", "UKR", "CHN", "ISR", "PSE", "SYR", "TUR", "GRC", "FRA",
                        "DEU", "GBR", "JPN", "KOR", "PRK", "IND", "PAK", "AFG", "SAU", "EGY", "JOR", "LBN",
                        "YEM", "QAT", "ARE", "MLI", "NER", "BFA", "NGA", "ETH", "SDN", "SOM", "KEN", "COD",
                        "BRA", "MEX", "VEN", "COL", "ARG", "CUB", "CAN", "AUS", "IDN", "PHL", "VNM", "MMR",
                        "THA", "BGD", "LBY", "TUN", "DZA", "MAR", "AZE", "ARM", "GEO", "BLR", "POL", "ITA"};
const char* kSectors[] = {"", "GOV", "MIL", "CVL", "OPP", "BUS"};
const char* kCameo[] = {"010", "013", "020", "036", "042", "046", "051", "057", "061", "071", "080", "100",
                        "112", "120", "130", "138", "150", "163", "173", "190"};
const double kGoldstein[] = {0.0, 0.4, 3.0, 4.0, 1.9, 7.0, 3.4, 8.0, 6.4, 7.4, 5.0, -5.0,
                             -2.0, -4.0, -4.4, -7.0, -7.2, -8.0, -5.0, -10.0};
const char* kPlover[] = {"", "", "APPEAL", "AGREE", "CONSULT", "CONSULT", "SUPPORT", "AGREE", "COOPERATE", "AID",
                         "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "THREATEN", "MOBILIZE", "SANCTION",
                         "COERCE", "ASSAULT"};

// A PostgreSQL store ("postgresql://...", "host=... dbname=...") rather than a file.
bool IsPostgres(const std::string& location) {
  return location.rfind("postgres", 0) == 0 || location.find("dbname=") != std::string::npos;
}

std::string DefaultPath() {
  const char* env = std::getenv("DYAD_STORE_BENCH_DB");
  return env && *env ? env : "/tmp/dyad_store_bench.db";
}

int MakeStore(const std::string& path, int64_t events) {
  namespace fs = std::filesystem;
  if (!IsPostgres(path))  // a PostgreSQL database must be empty (bench/store_query_pg.sh makes one)
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  auto store = dyad::Store::Open(path);
  if (!store.ok()) {
    std::cerr << store.status().ToString() << '\n';
    return 1;
  }
  std::mt19937_64 rng(6);
  // Zipf-like weights over roots: the USA, Iraq, Iran... appear most.
  std::vector<double> weights;
  for (size_t i = 0; i < std::size(kRoots); ++i) weights.push_back(1.0 / std::pow(i + 1.0, 0.9));
  std::discrete_distribution<int> root(weights.begin(), weights.end());
  std::uniform_int_distribution<int> sector(0, 5), cameo(0, 19), day(0, 5 * 365 - 1), sentence(0, 9);
  const int kEventsPerDoc = 10;
  int64_t docs = (events + kEventsPerDoc - 1) / kEventsPerDoc;
  auto start = std::chrono::steady_clock::now();
  std::vector<dyad::Document> batch;
  for (int64_t d = 0; d < docs; ++d) {
    dyad::Document doc;
    doc.id = "bench-" + std::to_string(d);
    int dd = day(rng);
    int y = 2020 + dd / 365, m = 1 + (dd % 365) / 31, dm = 1 + (dd % 365) % 28;
    if (m > 12) m = 12;
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, dm);
    doc.date = date;
    doc.site = "Site " + std::to_string(d % 40);
    doc.title = "Synthetic report " + std::to_string(d);
    for (int s = 0; s < 10; ++s) {
      uint32_t b = static_cast<uint32_t>(doc.text.size());
      doc.text += "Officials of one country met officials of another country in report " + std::to_string(d) +
                  " sentence " + std::to_string(s) + ". ";
      dyad::Sentence sent;
      sent.span = dyad::Span{b, static_cast<uint32_t>(doc.text.size() - 1)};
      doc.sentences.push_back(sent);
    }
    doc.raw = doc.text;
    for (int e = 0; e < kEventsPerDoc && d * kEventsPerDoc + e < events; ++e) {
      dyad::Event ev;
      ev.sentence = static_cast<uint32_t>(sentence(rng));
      ev.date = doc.date;
      int a = root(rng), b = root(rng);
      if (a == b) b = (b + 1) % static_cast<int>(std::size(kRoots));
      ev.source.code = std::string(kRoots[a]) + kSectors[sector(rng)];
      ev.source.country = kRoots[a];
      ev.target.code = std::string(kRoots[b]) + kSectors[sector(rng)];
      ev.target.country = kRoots[b];
      int c = cameo(rng);
      ev.cameo = kCameo[c];
      ev.goldstein = kGoldstein[c];
      ev.plover = kPlover[c];
      ev.quad_class = ev.goldstein >= 0 ? (c < 8 ? 1 : 2) : (c < 15 ? 3 : 4);
      const dyad::Span& span = doc.sentences[ev.sentence].span;
      ev.trigger = dyad::Span{span.begin, span.begin + 9};
      ev.source.span = dyad::Span{span.begin, span.begin + 9};
      ev.target.span = dyad::Span{span.begin + 13, span.begin + 22};
      ev.pattern_id = "bench";
      ev.confidence = 0.6;
      doc.events.push_back(std::move(ev));
    }
    batch.push_back(std::move(doc));
    if (batch.size() == 1000 || d + 1 == docs) {
      std::vector<const dyad::Document*> ptrs;
      for (const auto& x : batch) ptrs.push_back(&x);
      auto r = (*store)->PutDocuments(ptrs);
      if (!r.ok()) {
        std::cerr << r.status().ToString() << '\n';
        return 1;
      }
      batch.clear();
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto n = (*store)->CountEvents(dyad::EventQuery{.all = true});
  std::cerr << "store_query_bench: wrote " << (n.ok() ? *n : -1) << " events in " << docs << " documents to "
            << path << " in " << secs << " s\n";
  return 0;
}

dyad::Store& BenchStore() {
  static std::unique_ptr<dyad::Store> store = [] {
    std::string path = DefaultPath();
    if (IsPostgres(path)) {
      auto probe = dyad::Store::Open(path);
      if (probe.ok() && *(*probe)->CountEvents(dyad::EventQuery{.all = true}) == 0) MakeStore(path, 1000000);
    } else if (!std::filesystem::exists(path)) {
      MakeStore(path, 1000000);
    }
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

dyad::EventQuery DyadYear() {
  dyad::EventQuery q;
  q.dyad_a = "IRQ";
  q.dyad_b = "USA";
  q.from = "2023-01-01";
  q.to = "2023-12-31";
  return q;
}

void BM_DyadRangePage100(benchmark::State& state) {
  auto q = DyadYear();
  q.limit = 100;
  for (auto _ : state) {
    int64_t n = 0;
    (void)BenchStore().QueryEvents(q, [&](const dyad::StoredEvent&) { return ++n, true; });
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_DyadRangePage100)->Unit(benchmark::kMillisecond);

void BM_DyadRangeAllRows(benchmark::State& state) {
  auto q = DyadYear();
  int64_t n = 0;
  for (auto _ : state) {
    n = 0;
    (void)BenchStore().QueryEvents(q, [&](const dyad::StoredEvent&) { return ++n, true; });
    benchmark::DoNotOptimize(n);
  }
  state.counters["rows"] = static_cast<double>(n);
}
BENCHMARK(BM_DyadRangeAllRows)->Unit(benchmark::kMillisecond);

void BM_DyadRangeCount(benchmark::State& state) {
  auto q = DyadYear();
  int64_t n = 0;
  for (auto _ : state) {
    n = *BenchStore().CountEvents(q);
    benchmark::DoNotOptimize(n);
  }
  state.counters["rows"] = static_cast<double>(n);
}
BENCHMARK(BM_DyadRangeCount)->Unit(benchmark::kMillisecond);

void BM_DyadTimelineMonthAllYears(benchmark::State& state) {
  for (auto _ : state) {
    auto t = BenchStore().Timeline("IRQ", "USA", dyad::Interval::kMonth, {});
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_DyadTimelineMonthAllYears)->Unit(benchmark::kMillisecond);

void BM_GroupedDyadRangePage100(benchmark::State& state) {
  auto q = DyadYear();
  q.limit = 100;
  for (auto _ : state) {
    int64_t n = 0;
    (void)BenchStore().QueryGroupedEvents(q, false, [&](const dyad::GroupedEvent&) { return ++n, true; });
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_GroupedDyadRangePage100)->Unit(benchmark::kMillisecond);

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
  auto plan = BenchStore().ExplainEventsQuery(DyadYear());
  if (plan.ok())
    for (const auto& line : *plan) std::cerr << "plan (IRQ-USA, 2023): " << line << '\n';
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
