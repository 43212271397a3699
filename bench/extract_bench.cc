// Article extraction throughput (pages/s, one core): ExtractArticle over the
// pages of the two extraction benchmarks in ../shared (decompressed into
// memory first, so only parsing + extraction is timed), and the HTML tree
// builder alone (MB/s). Skips with a message when ../shared is absent.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "dyad/extract.h"

#ifndef DYAD_SHARED_DIR
#define DYAD_SHARED_DIR "../shared"
#endif

namespace {

namespace fs = std::filesystem;

const std::vector<std::string>& Pages(const std::string& bench) {
  static std::map<std::string, std::vector<std::string>> cache;
  auto it = cache.find(bench);
  if (it != cache.end()) return it->second;
  std::vector<std::string>& pages = cache[bench];
  fs::path dir = fs::path(DYAD_SHARED_DIR) / "data" / "extract" / bench / "html";
  std::error_code ec;
  std::vector<fs::path> files;
  for (auto& e : fs::directory_iterator(dir, ec)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (auto& f : files) {
    auto bytes = dyad::ReadMaybeGzipFile(f.string(), 64u << 20);
    if (bytes.ok()) pages.push_back(std::move(*bytes));
  }
  return pages;
}

// Runs `per_page` over every page of the benchmark in each iteration and
// reports bytes and pages per second.
template <typename PerPage>
void OverPages(benchmark::State& state, const std::string& bench, PerPage per_page) {
  const auto& pages = Pages(bench);
  if (pages.empty()) {
    state.SkipWithError(("no pages: " + std::string(DYAD_SHARED_DIR) + "/data/extract/" + bench +
                         " not found").c_str());
    return;
  }
  size_t bytes = 0, n = 0;
  for (auto _ : state) {
    for (const std::string& p : pages) {
      per_page(p);
      bytes += p.size();
      ++n;
    }
  }
  state.counters["pages_per_s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void Extract(benchmark::State& state, const std::string& bench) {
  OverPages(state, bench, [](const std::string& p) {
    auto ex = dyad::ExtractArticle(p);
    benchmark::DoNotOptimize(ex);
  });
}

void ParseOnly(benchmark::State& state, const std::string& bench) {
  OverPages(state, bench, [](const std::string& p) {
    dyad::HtmlTree t = dyad::HtmlTree::Parse(p);
    benchmark::DoNotOptimize(t.nodes().size());
  });
}

// The alternative measured for docs/architecture.md: libxml2's HTML parser
// building its tree, plus a walk over every node (what extraction needs).
void ParseLibxml2(benchmark::State& state, const std::string& bench) {
  OverPages(state, bench, [](const std::string& p) {
    htmlDocPtr doc = htmlReadMemory(p.data(), static_cast<int>(p.size()), nullptr, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                        HTML_PARSE_NONET);
    size_t count = 0;
    if (doc) {
      // Iterative pre-order walk.
      xmlNodePtr cur = xmlDocGetRootElement(doc);
      while (cur) {
        ++count;
        if (cur->children) {
          cur = cur->children;
          continue;
        }
        while (cur && !cur->next) cur = cur->parent;
        if (cur) cur = cur->next;
      }
      xmlFreeDoc(doc);
    }
    benchmark::DoNotOptimize(count);
  });
}

BENCHMARK_CAPTURE(Extract, scrapinghub, std::string("scrapinghub"))->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK_CAPTURE(Extract, wcxb, std::string("wcxb-dev-articles"))->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK_CAPTURE(ParseOnly, wcxb, std::string("wcxb-dev-articles"))->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK_CAPTURE(ParseLibxml2, wcxb, std::string("wcxb-dev-articles"))->Unit(benchmark::kMillisecond)->MinTime(3);

}  // namespace

BENCHMARK_MAIN();
