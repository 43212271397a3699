-- The dashboard's aggregation endpoints under `wrk` (bench/dashboard_wrk.sh):
-- whole-store and filtered timelines, networks, maps and type counts, as a
-- page's first render and filter changes ask for them.
local paths = {
  "/api/timeline?interval=month",
  "/api/timeline?interval=week&from=2023-03-14&to=2023-11-02",
  "/api/timeline?interval=month&quad=4",
  "/api/timeline?interval=month&code=11",
  "/api/timeline?interval=month&actor=IRQ",
  "/api/timeline?interval=day&dyad=IRQ-USA",
  "/api/timeline?interval=month&plover=ACCUSE&from=2024-01-01",
  "/api/network?edges=60",
  "/api/network?edges=60&from=2023-02-10&to=2023-08-20",
  "/api/network?edges=60&actor=RUS",
  "/api/map",
  "/api/map?quad=4&from=2022-06-15",
  "/api/counts?by=cameo_root",
  "/api/counts?by=cameo_root&source=IRQ&target=USA",
  "/api/dyad?a=IRQ&b=USA&interval=month",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
  io.write(string.format("p50 %.1f ms, p90 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
