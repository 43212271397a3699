-- Mixed reads for `wrk` against `dyad serve` on the synthetic store (bench/store_wrk.sh).
local paths = {
  "/api/events?dyad=IRQ-USA&from=2023-01-01&to=2023-12-31&limit=50",
  "/api/events?source=IRN&code=11&limit=20",
  "/api/events?dyad=RUS-UKR&from=2024-01-01&limit=20&offset=20",
  "/api/dyad?a=IRQ&b=USA&interval=month&from=2023-01-01",
  "/api/dyad?a=CHN&b=JPN&interval=week&from=2024-01-01&to=2024-06-30",
  "/api/documents/bench-12345",
  "/api/documents/bench-777",
  "/api/stats",
  "/api/health",
  "/api/events?plover=ACCUSE&from=2024-06-01&to=2024-06-30&limit=50",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
local errors = 0
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
