// Runs fn(i, worker) for i in [0, n) on `jobs` threads (worker in [0, jobs)).
// Items are handed out one at a time, so uneven items balance themselves.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace dyad::cli {

template <typename Fn>
void ParallelFor(size_t n, int jobs, Fn&& fn) {
  jobs = std::max(1, std::min<int>(jobs, static_cast<int>(std::max<size_t>(n, 1))));
  if (jobs == 1) {
    for (size_t i = 0; i < n; ++i) fn(i, 0);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(jobs));
  for (int w = 0; w < jobs; ++w)
    threads.emplace_back([&, w] {
      for (size_t i = next++; i < n; i = next++) fn(i, w);
    });
  for (auto& t : threads) t.join();
}

}  // namespace dyad::cli
