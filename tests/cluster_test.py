#!/usr/bin/env python3
"""End-to-end test of distributed ingest (ctest `cluster_dask`).

Starts (or reuses, under ctest) a throwaway PostgreSQL and Dask LocalClusters
with 2 worker processes, builds a corpus of JSONL files, a gzip WARC, a plain
WARC and text files, and checks:

- equivalence: `dyad ingest --jobs 1` into SQLite, the same into PostgreSQL and
  `dyad cluster ingest` with 2 workers into PostgreSQL store the same events
  (count, and SHA-256 of the sorted normalised exports);
- resume: a second cluster run skips every task and changes nothing;
- faults: one Dask worker SIGKILLed at a random moment of a run (--kills times),
  and the driver with its whole process group SIGKILLed then run again, end
  equal to the clean run.

Exit 77 (ctest: skipped) without PostgreSQL or python3-distributed.
  tests/cluster_test.py --dyad build/dyad --source . [--docs 160] [--kills 1] [--seed S]
"""
import argparse
import gzip
import hashlib
import json
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77


def log(msg):
    print(f"cluster_test: {msg}", flush=True)


class Postgres:
    """The ctest fixture's cluster ($DYAD_TEST_PG_FILE) or a private one."""

    def __init__(self, source):
        self.source, self.dir, self.base = source, None, None
        bins = sorted(d for d in (os.path.join("/usr/lib/postgresql", v, "bin") for v in
                                  (os.listdir("/usr/lib/postgresql") if os.path.isdir("/usr/lib/postgresql") else []))
                      if os.path.exists(os.path.join(d, "psql")))
        self.psql = os.path.join(bins[-1], "psql") if bins else shutil.which("psql")
        path = os.environ.get("DYAD_TEST_PG_FILE")
        if path:
            if os.path.exists(path) and open(path).read().strip():
                self.base = open(path).read().strip().replace(" dbname=postgres", "")
            else:
                reason = open(path + ".skip").read().strip() if os.path.exists(path + ".skip") else "no PostgreSQL"
                raise SystemExit(self.skip(reason))
        else:
            self.dir = tempfile.mkdtemp(prefix="dyadpg.", dir="/tmp")
            r = subprocess.run(["bash", os.path.join(source, "scripts/pg_local.sh"), "start", self.dir],
                               capture_output=True, text=True)
            if r.returncode != 0:
                shutil.rmtree(self.dir, ignore_errors=True)
                self.dir = None
                if r.returncode == SKIP:
                    raise SystemExit(self.skip(r.stderr.strip()))
                raise RuntimeError("cannot start PostgreSQL: " + r.stderr)
            self.base = r.stdout.strip().replace(" dbname=postgres", "")
        if not self.psql:
            raise SystemExit(self.skip("psql not found"))
        self.count = 0

    @staticmethod
    def skip(reason):
        print(f"cluster_test: SKIPPED: PostgreSQL is not available: {reason}", flush=True)
        return SKIP

    def sql(self, sql, db="postgres"):
        r = subprocess.run([self.psql, f"{self.base} dbname={db}", "-Atqc", sql], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"psql {sql!r}: {r.stderr}")
        return r.stdout.strip()

    def new_db(self, label):
        self.count += 1
        name = f"cl{os.getpid()}_{self.count}_{label}"
        self.sql(f"DROP DATABASE IF EXISTS {name}")
        self.sql(f"CREATE DATABASE {name}")
        return name, f"{self.base} dbname={name}"

    def documents(self, name):
        try:
            return int(self.sql("SELECT count(*) FROM documents", name) or 0)
        except RuntimeError:
            return 0  # not migrated yet

    def close(self):
        if self.dir:
            subprocess.run(["bash", os.path.join(self.source, "scripts/pg_local.sh"), "stop", self.dir],
                           capture_output=True)
            shutil.rmtree(self.dir, ignore_errors=True)


def make_corpus(source, root, docs):
    """JSONL files, a gzip WARC (one member per record), a plain WARC, text files."""
    os.makedirs(os.path.join(root, "txt"))
    gen = os.path.join(source, "bench/store_gen_corpus.py")
    all_jsonl = os.path.join(root, "all.jsonl.tmp")
    n_pages = max(8, docs // 8)
    subprocess.run([sys.executable, gen, "--docs", str(docs + n_pages + 4), "--seed", "11", "--out", all_jsonl],
                   check=True)
    rows = [json.loads(line) for line in open(all_jsonl, encoding="utf-8")]
    os.remove(all_jsonl)
    jsonl, pages, texts = rows[:docs], rows[docs:docs + n_pages], rows[docs + n_pages:]
    half = len(jsonl) * 2 // 3
    for name, part in (("a.jsonl", jsonl[:half]), ("b.jsonl", jsonl[half:])):
        with open(os.path.join(root, name), "w", encoding="utf-8") as f:
            for i, r in enumerate(part):
                if i == 5:
                    f.write("\n")  # a blank line
                if i == 9 and name == "b.jsonl":
                    f.write("{broken json\n")  # a bad document: reported, the rest goes on
                f.write(json.dumps(r, ensure_ascii=False) + "\n")

    def record(kind, uri, block, ctype):
        head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\n" + (f"WARC-Target-URI: {uri}\r\n" if uri else "") +
                f"WARC-Date: 2024-02-05T10:00:00Z\r\nContent-Type: {ctype}\r\nContent-Length: {len(block)}\r\n\r\n")
        return head.encode() + block + b"\r\n\r\n"

    def page(r):
        paras = "".join(f"<p>{p}</p>" for p in r["text"].split("\n\n")[1:])
        html = (f"<html><head><title>{r['title']}</title><meta name=\"date\" content=\"{r['date']}\"></head>"
                f"<body><article><h1>{r['title']}</h1>{paras}</article></body></html>").encode()
        return b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + \
            str(len(html)).encode() + b"\r\n\r\n" + html

    records = [record("warcinfo", "", b"software: cluster_test\r\n", "application/warc-fields")]
    for r in pages:
        records.append(record("request", r["url"], b"GET / HTTP/1.1\r\n\r\n", "application/http; msgtype=request"))
        records.append(record("response", r["url"], page(r), "application/http; msgtype=response"))
    split = len(records) * 3 // 4
    with open(os.path.join(root, "crawl.warc.gz"), "wb") as f:
        for rec in records[:split]:
            f.write(gzip.compress(rec))
    with open(os.path.join(root, "crawl-tail.warc"), "wb") as f:
        for rec in records[:1] + records[split:]:
            f.write(rec)
    for i, r in enumerate(texts):
        with open(os.path.join(root, "txt", f"t{i}.txt"), "w", encoding="utf-8") as f:
            f.write(r["text"])


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


EXPORTS = {}  # digest -> the exported lines, to say what differs


def group_line(line):
    """A merged event without what depends on the order documents were stored in.
    A group is every event of one date, source, target and CAMEO code; the store
    shows it through its first-stored event (doc_id, sentence, actor texts, ...),
    which in a distributed run is whichever task committed first."""
    g = json.loads(line)
    mentions = sorted((m["doc_id"], m["sentence"]) for m in g["mentions"])
    code = lambda actor: (actor or {}).get("code")  # noqa: E731
    return json.dumps([g["date"], code(g["source"]), code(g["target"]), g["cameo"], g["num_mentions"],
                       g["num_sources"], mentions])


def export(dyad, db):
    """(events, documents, digest): every event (one line per mention) and every
    merged event (normalised by group_line), lines sorted, and the store's counts."""
    h = hashlib.sha256()
    events = 0
    kept = []
    for extra in (["--per-mention"], []):
        r = run([dyad, "events", "--all", "--format", "jsonl", "--db", db] + extra)
        if r.returncode != 0:
            raise RuntimeError(f"dyad events: {r.stderr}")
        lines = r.stdout.splitlines()
        lines = sorted(lines if extra else (group_line(x) for x in lines))
        if extra:
            events = len(lines)
        h.update("\n".join(lines).encode())
        kept += lines
    st = json.loads(run([dyad, "stats", "--json", "--top", "1000", "--db", db]).stdout)
    for key in ("documents", "events", "asserted_events", "grouped_events", "mentions", "unknown_names"):
        h.update(f"{key}={st[key]}".encode())
        kept.append(f"stats {key}={st[key]}")
    EXPORTS[h.hexdigest()] = kept
    return events, st["documents"], h.hexdigest()


def difference(want, got):
    """A few lines only one of two exports has."""
    a, b = EXPORTS.get(want[2], []), EXPORTS.get(got[2], [])
    sa, sb = set(a), set(b)
    out = [f"  only in the clean run: {x[:400]}" for x in a if x not in sb][:3]
    out += [f"  only in this run:     {x[:400]}" for x in b if x not in sa][:3]
    if not out and len(a) != len(b):
        out.append(f"  the same lines, {len(a)} against {len(b)} (repeated lines)")
    return "\n".join(out)


def cluster_cmd(dyad, scheduler, db, corpus, quiet=True):
    return [dyad, "cluster", "ingest", "--scheduler", scheduler, "--db", db, "--task-docs", "20", corpus] + \
        (["-q"] if quiet else [])


def summary(stderr):
    for line in reversed(stderr.splitlines()):
        if line.startswith("dyad cluster ingest: {"):
            return json.loads(line.split(": ", 1)[1])
    raise AssertionError("no summary line in:\n" + stderr)


def wait_for_documents(pg, name, proc, at_least, timeout=300):
    """Until the store holds at_least documents; False if the run ended first."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        if pg.documents(name) >= at_least:
            return True
        time.sleep(0.05)
    raise AssertionError("the run did not progress")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dyad", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--docs", type=int, default=160)
    ap.add_argument("--kills", type=int, default=1, help="runs with one Dask worker SIGKILLed")
    ap.add_argument("--driver-kills", type=int, default=1, help="runs with the driver's process group SIGKILLed")
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    dyad = os.path.abspath(args.dyad)
    try:
        import distributed  # noqa: F401
        from distributed import Client, LocalCluster
    except ImportError:
        print(f"cluster_test: SKIPPED: {sys.executable} has no Dask distributed (python3-distributed)", flush=True)
        return SKIP
    # A timeout or ^C still stops the PostgreSQL this test started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    log(f"seed {seed}")
    pg = Postgres(args.source)
    work = tempfile.mkdtemp(prefix="dyad_cluster_test_")
    failures = []

    def check(cond, what):
        log(("ok: " if cond else "FAILED: ") + what)
        if not cond:
            failures.append(what)

    try:
        corpus = os.path.join(work, "corpus")
        make_corpus(args.source, corpus, args.docs)
        env = dict(os.environ, DYAD_PYTHON=sys.executable)

        # Equivalence: one process into SQLite, one into PostgreSQL, two Dask workers into PostgreSQL.
        t = time.monotonic()
        sqlite = os.path.join(work, "one.db")
        r = run([dyad, "ingest", "-q", "--jobs", "1", "--db", sqlite, corpus])
        check(r.returncode == 1 and "broken json" not in r.stdout and "b.jsonl:" in r.stderr,
              f"dyad ingest into SQLite reports the bad line and stores the rest (exit {r.returncode})")
        clean = export(dyad, sqlite)
        log(f"SQLite, one process: {clean[0]} events, {clean[1]} documents ({time.monotonic() - t:.1f}s)")
        check(clean[0] > 5 * args.docs and clean[1] >= args.docs, "the corpus codes to events")
        t = time.monotonic()
        _, one_pg = pg.new_db("one")
        r = run([dyad, "ingest", "-q", "--jobs", "1", "--db", one_pg, corpus])
        check(r.returncode == 1, f"dyad ingest into PostgreSQL (exit {r.returncode})")
        check(export(dyad, one_pg) == clean, f"PostgreSQL, one process = SQLite ({time.monotonic() - t:.1f}s)")
        t = time.monotonic()
        name, dask_db = pg.new_db("dask")
        r = run(cluster_cmd(dyad, "local:2", dask_db, corpus, quiet=False), env=env)
        s = summary(r.stderr)
        check(r.returncode == 1 and s["errors"] == 1 and "b.jsonl:" in r.stderr and s["tasks"] >= 8,
              f"dyad cluster ingest local:2: {s['tasks']} tasks, the bad line reported (exit {r.returncode})")
        got = export(dyad, dask_db)
        check(got == clean, f"Dask, 2 workers = SQLite ({got[0]} events, {time.monotonic() - t:.1f}s)" +
              ("" if got == clean else "\n" + difference(clean, got)))
        # The other runs share one LocalCluster (a scheduler and 2 worker
        # processes, as on a real cluster) rather than start one each.
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR, memory_limit=0)
        client = Client(cluster)
        shared = cluster.scheduler_address
        try:
            client.wait_for_workers(2, timeout=120)
            r = run(cluster_cmd(dyad, shared, dask_db, corpus, quiet=False), env=env)
            s = summary(r.stderr)
            check(r.returncode == 0 and s["skipped_tasks"] == s["tasks"] and s["written"] == 0,
                  f"a second run skips all {s['tasks']} tasks (exit {r.returncode})")
            check(export(dyad, dask_db) == clean, "and changes nothing")

            # A Dask worker SIGKILLed mid-run: its tasks run again elsewhere.
            for k in range(args.kills):
                client.wait_for_workers(2, timeout=120)
                name, db = pg.new_db(f"kill{k}")
                threshold = rng.randint(clean[1] // 10, clean[1] * 7 // 10)
                t = time.monotonic()
                proc = subprocess.Popen(cluster_cmd(dyad, shared, db, corpus), env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                mid_run = wait_for_documents(pg, name, proc, threshold)
                if mid_run:
                    pids = client.run(os.getpid)
                    victim = rng.choice(sorted(pids))
                    os.kill(pids[victim], signal.SIGKILL)
                    at = pg.documents(name)
                _, err = proc.communicate(timeout=600)
                check(mid_run and at < clean[1],
                      f"kill {k + 1}: a worker was SIGKILLed at {at if mid_run else '-'} of {clean[1]} documents")
                got = export(dyad, db)
                # Exit 1 when the task with the bad line reported it to the driver; 0 when the
                # killed worker had finished that task (and written it to the ledger) but its
                # reply died with it: the task's re-run is then a ledger skip, which does not
                # repeat the error (a known gap, docs/scaling.md). The stored data must be equal.
                check(proc.returncode in (0, 1) and got == clean,
                      f"kill {k + 1}: the run finished (exit {proc.returncode}) equal to the clean run "
                      f"({got[0]} events, {time.monotonic() - t:.1f}s)" +
                      ("" if got == clean else "\n" + difference(clean, got) + "\n" + err[-2000:]))

            # The driver and everything it started (local:2) SIGKILLed, then
            # the same ingest again (on the shared cluster).
            for k in range(args.driver_kills):
                name, db = pg.new_db(f"driver{k}")
                threshold = rng.randint(clean[1] // 10, clean[1] * 7 // 10)
                t = time.monotonic()
                proc = subprocess.Popen(cluster_cmd(dyad, "local:2", db, corpus), env=env, start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                mid_run = wait_for_documents(pg, name, proc, threshold)
                if mid_run:
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                at = pg.documents(name)
                check(mid_run and at < clean[1], f"driver kill {k + 1}: killed at {at} of {clean[1]} documents")
                client.wait_for_workers(2, timeout=120)
                r = run(cluster_cmd(dyad, shared, db, corpus, quiet=False), env=env)
                s = summary(r.stderr)
                got = export(dyad, db)
                # Exit 1 when the task with the bad line ran again; 0 when the killed run had
                # already finished it (a resumed run does not re-read finished tasks).
                check(r.returncode in (0, 1) and s["failed_tasks"] == 0 and got == clean and
                      s["skipped_tasks"] + s["unchanged"] > 0,
                      f"driver kill {k + 1}: the re-run resumed ({s['skipped_tasks']} tasks and {s['unchanged']} "
                      f"documents already stored) and equals the clean run ({time.monotonic() - t:.1f}s)" +
                      ("" if got == clean else "\n" + difference(clean, got)))
        finally:
            client.close()
            cluster.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        pg.close()
    if failures:
        log(f"{len(failures)} checks failed (seed {seed})")
        return 1
    log("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
