#!/usr/bin/env python3
"""How many tasks per second Dask's scheduler sustains here, and what task size
keeps its overhead small (docs/scaling.md uses the results).

A LocalCluster of W single-threaded worker processes (default 2) runs N tasks
that each busy-wait D seconds of wall time (so the ideal run is N*D/W seconds
whatever else the machine does); for each D it reports tasks/s, the overhead per
task ((wall - ideal) * W / N) and the efficiency (ideal / wall). D = 0 gives the
scheduler's ceiling.

  /usr/bin/python3 bench/dask_tasks_bench.py [--workers 2] [--seconds 4]
"""
import argparse
import logging
import os
import time


def busy(seconds, i):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass
    return i


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=4.0, help="target length of each measurement")
    ap.add_argument("--sizes", default="0,0.001,0.003,0.01,0.03,0.1,0.3,1")
    args = ap.parse_args()
    from distributed import Client, LocalCluster, wait

    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR, memory_limit=0)
    client = Client(cluster)
    client.wait_for_workers(args.workers)
    # Warm up (imports, connections).
    wait(client.map(busy, [0.0] * 200, range(200), pure=False))
    print(f"load average before: {os.getloadavg()[0]:.1f}; {args.workers} workers x 1 thread")
    print(f"{'task size':>10} {'tasks':>6} {'wall s':>7} {'tasks/s':>8} {'overhead/task':>14} {'efficiency':>10}")
    for d in (float(x) for x in args.sizes.split(",")):
        n = int(min(20000, max(2 * args.workers, args.seconds * args.workers / d if d > 0 else 8000)))
        t = time.perf_counter()
        futures = client.map(busy, [d] * n, range(n), pure=False)
        wait(futures)
        wall = time.perf_counter() - t
        del futures
        ideal = n * d / args.workers
        overhead_ms = (wall - ideal) * args.workers / n * 1000
        print(f"{d * 1000:8.0f}ms {n:6d} {wall:7.2f} {n / wall:8.0f} {overhead_ms:11.2f} ms {ideal / wall * 100:9.1f}%")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    client.close()
    cluster.close()


if __name__ == "__main__":
    main()
