#!/usr/bin/env python3
"""Distributed ingest for dyad on Dask (Debian's python3-distributed).

Run through `dyad cluster ingest --scheduler ADDRESS|local:N --db postgresql://... INPUTS...`,
which passes the dyad binary and dictionary paths. The driver:

1. walks the inputs (directories in sorted order, as `dyad ingest` does) and has
   the workers index the large ones: JSONL files into line ranges, WARC archives
   into record ranges (at gzip member starts for .warc.gz);
2. cuts them into tasks of about --task-docs documents (automatic: about four
   tasks per worker thread, 64 to 2,048 documents each, so a task lasts seconds
   and the scheduler's few milliseconds per task stay small);
3. runs each task with `dyad cluster work` on a worker: one long-lived dyad
   process per worker thread (models load once), one pipeline thread each,
   writing straight into PostgreSQL in batched transactions;
4. shows progress; tasks recorded in the store's ledger are skipped (a re-run
   resumes), and a task whose worker dies is re-run elsewhere by Dask. Writes
   are idempotent, so a re-run task stores nothing twice.

Exit status: 0 all stored, 1 some documents or tasks failed, 2 usage.
"""
import argparse
import hashlib
import json
import logging
import math
import os
import subprocess
import sys
import threading
import time
import zlib

# --- Listing ---------------------------------------------------------------------------------


def walk(inputs):
    """Files of the inputs, directories walked in sorted order (hidden files skipped)."""
    files, missing = [], []
    for inp in inputs:
        if os.path.isdir(inp):
            found = []
            for root, dirs, names in os.walk(inp):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found += [os.path.join(root, n) for n in names if not n.startswith(".")]
            files += sorted(os.path.abspath(f) for f in found)
        elif os.path.exists(inp):
            files.append(os.path.abspath(inp))
        else:
            missing.append(inp)
    return files, missing


def kind_of(path):
    low = path.lower()
    if low.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if low.endswith((".warc", ".warc.gz", ".arc.gz")):
        return "warc"
    return "file"


def index_jsonl(path, granule):
    """Pieces of about `granule` bytes ending at line ends: [begin, end, lines]."""
    pieces = []
    with open(path, "rb") as f:
        begin = 0
        while True:
            block = f.read(granule)
            if not block:
                break
            if not block.endswith(b"\n"):
                rest = f.readline()  # up to and including the next newline
                block += rest
            pieces.append([begin, begin + len(block), block.count(b"\n") + (0 if block.endswith(b"\n") else 1)])
            begin += len(block)
    return pieces


def _warc_head_is_record(head):
    return head.startswith(b"WARC/")


def _warc_is_document(head):
    for line in head.split(b"\r\n")[:40]:
        if line.lower().startswith(b"warc-type:"):
            t = line.split(b":", 1)[1].strip().lower()
            return t in (b"response", b"resource")
    return False


def index_warc(path):
    """Record starts: [offset, is_document], and the file size. For .warc.gz,
    records start at gzip members whose data begins with "WARC/"."""
    size = os.path.getsize(path)
    records = []
    with open(path, "rb") as f:
        magic = f.read(2)
        f.seek(0)
        if magic == b"\x1f\x8b":
            pos, buf = 0, b""
            while True:
                if not buf:
                    buf = f.read(1 << 20)
                    if not buf:
                        break
                start, head = pos, b""
                d = zlib.decompressobj(31)
                try:
                    while True:
                        out = d.decompress(buf)
                        if len(head) < 4096:
                            head += out[: 4096 - len(head)]
                        if d.eof:
                            consumed = len(buf) - len(d.unused_data)
                            pos += consumed
                            buf = d.unused_data
                            break
                        pos += len(buf)
                        buf = f.read(1 << 20)
                        if not buf:
                            break
                except zlib.error:
                    # Damaged from here on: one piece to the end; dyad reports what it cannot read.
                    if not records or records[-1][0] != start:
                        records.append([start, True])
                    break
                if _warc_head_is_record(head):
                    records.append([start, _warc_is_document(head)])
                elif not records:
                    records.append([start, False])
                if not d.eof:
                    break
        else:
            pos = 0
            while pos < size:
                f.seek(pos)
                head = f.read(65536)
                if not head.startswith(b"WARC/"):
                    i = head.find(b"\nWARC/")
                    if i < 0:
                        break
                    pos += i + 1
                    continue
                end = head.find(b"\r\n\r\n")
                if end < 0:
                    records.append([pos, _warc_is_document(head)])
                    break
                length = 0
                for line in head[:end].split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        try:
                            length = int(line.split(b":", 1)[1].strip())
                        except ValueError:
                            pass
                records.append([pos, _warc_is_document(head)])
                pos += end + 4 + length
                # Skip the record's trailing CRLFs up to the next "WARC/".
                f.seek(pos)
                tail = f.read(64)
                skip = len(tail) - len(tail.lstrip(b"\r\n"))
                pos += skip
    if not records:
        records.append([0, True])
    return {"size": size, "records": records}


def index_input(path, kind, granule):
    st = os.stat(path)
    if kind == "jsonl":
        return {"size": st.st_size, "pieces": index_jsonl(path, granule)}
    return index_warc(path)


# --- Tasks ------------------------------------------------------------------------------------


def file_tag(path):
    st = os.stat(path)
    return f"{st.st_size}:{st.st_mtime_ns}"


def make_tasks(files, indexes, docs_per_task, max_task_bytes):
    """Task dicts for `dyad cluster work`; keys name the input range and the file's
    size and mtime, so a changed file is not skipped by the ledger."""
    tasks, group, group_bytes = [], [], 0

    def flush_group():
        nonlocal group, group_bytes
        if group:
            h = hashlib.sha1("\n".join(f"{p}:{file_tag(p)}" for p in group).encode()).hexdigest()[:16]
            tasks.append({"key": f"files:{group[0]}+{len(group) - 1}:{h}", "kind": "files", "paths": group,
                          "docs": len(group)})
        group, group_bytes = [], 0

    for path in files:
        kind = kind_of(path)
        if kind == "file":
            group.append(path)
            group_bytes += os.path.getsize(path)
            if len(group) >= docs_per_task or group_bytes >= max_task_bytes:
                flush_group()
            continue
        flush_group()
        idx, tag = indexes[path], file_tag(path)
        if kind == "jsonl":
            begin, first, lines, line_no = None, 1, 0, 1
            for b, e, n in idx["pieces"]:
                if begin is None:
                    begin, first, lines = b, line_no, 0
                lines += n
                line_no += n
                if lines >= docs_per_task or e - begin >= max_task_bytes:
                    tasks.append({"key": f"jsonl:{path}:{begin}-{e}:{tag}", "kind": "jsonl", "path": path,
                                  "begin": begin, "end": e, "first": first, "docs": lines})
                    begin = None
            if begin is not None:
                e = idx["pieces"][-1][1]
                tasks.append({"key": f"jsonl:{path}:{begin}-{e}:{tag}", "kind": "jsonl", "path": path,
                              "begin": begin, "end": e, "first": first, "docs": lines})
        else:
            records, size = idx["records"], idx["size"]
            start = 0
            while start < len(records):
                end, docs = start, 0
                while end < len(records):
                    docs += 1 if records[end][1] else 0
                    end += 1
                    stop = records[end][0] if end < len(records) else size
                    if docs >= docs_per_task or stop - records[start][0] >= max_task_bytes:
                        break
                b = records[start][0]
                e = records[end][0] if end < len(records) else size
                tasks.append({"key": f"warc:{path}:{b}-{e}:{tag}", "kind": "warc", "path": path, "begin": b,
                              "end": e, "first": start + 1, "docs": docs})
                start = end
    flush_group()
    return tasks


def auto_docs_per_task(total_docs, threads):
    return max(64, min(2048, math.ceil(total_docs / max(1, 4 * threads))))


# --- Running a task on a worker -------------------------------------------------------------


def run_task(task, cfg):
    """Runs on a Dask worker: hands the task to this thread's `dyad cluster work`
    process (started on first use) and returns its counts."""
    from distributed import get_worker

    worker = get_worker()
    procs = worker.__dict__.setdefault("_dyad_procs", {})
    slot = (threading.get_ident(), json.dumps(cfg, sort_keys=True))
    proc = procs.get(slot)
    if proc is None or proc.poll() is not None:
        cmd = [cfg["dyad"], "cluster", "work", "--db", cfg["db"], "--data", cfg["data"], "--batch", str(cfg["batch"]),
               "--max-bytes", str(cfg["max_bytes"])]
        if cfg.get("dict"):
            cmd += ["--dict", cfg["dict"]]
        if cfg.get("date"):
            cmd += ["--date", cfg["date"]]
        if cfg.get("no_clean"):
            cmd.append("--no-clean")
        if cfg.get("repair_utf8"):
            cmd.append("--repair-utf8")
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        procs[slot] = proc
    line = {k: v for k, v in task.items() if k != "docs"}
    try:
        proc.stdin.write(json.dumps(line) + "\n")
        proc.stdin.flush()
        reply = proc.stdout.readline()
    except (BrokenPipeError, OSError) as e:
        reply = ""
    if not reply:
        code = proc.wait()
        procs.pop(slot, None)
        raise RuntimeError(f"dyad cluster work exited with status {code}")
    result = json.loads(reply)
    if not result.get("ok"):
        raise RuntimeError(result.get("error", "unknown error"))
    return result


# --- Driver -----------------------------------------------------------------------------------


class Progress:
    def __init__(self, total_tasks, total_docs, quiet):
        self.total_tasks, self.total_docs, self.quiet = total_tasks, total_docs, quiet
        self.tty = sys.stderr.isatty()
        self.start = time.monotonic()
        self.last = 0.0
        self.tasks = self.skipped = self.failed = 0
        self.c = dict(read=0, written=0, unchanged=0, duplicates=0, errors=0, events=0)
        self.skipped_docs = 0

    def add(self, result):
        self.tasks += 1
        if result is None:
            self.failed += 1
        elif result.get("skipped"):
            self.skipped += 1
            self.skipped_docs += result.get("read", 0)
        else:
            for k in self.c:
                self.c[k] += result.get(k, 0)
        self.show()

    def line(self):
        secs = time.monotonic() - self.start
        rate = self.c["read"] / secs if secs > 0 else 0.0
        return (f"{self.tasks}/{self.total_tasks} tasks ({self.skipped} already done, {self.failed} failed)  "
                f"{self.c['read']} docs ({self.c['written']} written, {self.c['unchanged']} unchanged, "
                f"{self.c['duplicates']} duplicate)  {rate:.1f} docs/s  {self.c['events']} events  "
                f"{self.c['errors']} errors")

    def show(self, final=False):
        if self.quiet:
            return
        now = time.monotonic()
        if not final and not self.tty and (now - self.last < 2.0 or self.tasks == self.total_tasks):
            return
        self.last = now
        if self.tty:
            width = 24
            filled = width * self.tasks // max(1, self.total_tasks)
            bar = "[" + "#" * filled + "." * (width - filled) + f"] {100 * self.tasks // max(1, self.total_tasks)}% "
            sys.stderr.write("\r\033[Kcluster ingest: " + bar + self.line())
            if final:
                sys.stderr.write(f"  {now - self.start:.1f}s\n")
        else:
            sys.stderr.write("dyad cluster ingest: " + self.line() +
                             (f" done in {now - self.start:.1f}s" if final else "") + "\n")
        sys.stderr.flush()


def connect(scheduler, quiet):
    from distributed import Client, LocalCluster

    if scheduler.startswith("local:"):
        n = int(scheduler.split(":", 1)[1])
        if n < 1:
            raise ValueError("local:N needs N >= 1")
        # One thread per worker process: each drives one dyad process. Workers
        # whose driver disappears close after death_timeout.
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR, memory_limit=0, death_timeout=30)
        return Client(cluster), cluster
    return Client(scheduler, timeout=30), None


def main(argv=None):
    ap = argparse.ArgumentParser(prog="dyad cluster ingest", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    ing = sub.add_parser("ingest")
    ing.add_argument("--dyad", required=True, help="dyad binary on the workers")
    ing.add_argument("--data", required=True, help="dictionary directory on the workers")
    ing.add_argument("--scheduler", required=True, help="tcp://host:8786 or local:N")
    ing.add_argument("--db", required=True)
    ing.add_argument("--task-docs", type=int, default=0)
    ing.add_argument("--batch", type=int, default=256)
    ing.add_argument("--max-bytes", type=int, default=32)
    ing.add_argument("--dict", default="")
    ing.add_argument("--date", default="")
    ing.add_argument("--no-clean", action="store_true")
    ing.add_argument("--repair-utf8", action="store_true")
    ing.add_argument("--quiet", action="store_true")
    ing.add_argument("inputs", nargs="+")
    args = ap.parse_args(argv)

    files, missing = walk(args.inputs)
    for m in missing:
        sys.stderr.write(f"dyad: {m}: no such file or directory\n")
    if not files:
        sys.stderr.write("dyad: no input files\n")
        return 1 if missing else 2
    try:
        import distributed  # noqa: F401
    except ImportError:
        sys.stderr.write(f"dyad: {sys.executable} has no Dask distributed (apt-get install python3-distributed)\n")
        return 2
    from distributed import as_completed

    cfg = {"dyad": args.dyad, "data": args.data, "db": args.db, "batch": args.batch, "max_bytes": args.max_bytes,
           "dict": args.dict, "date": args.date, "no_clean": args.no_clean, "repair_utf8": args.repair_utf8}
    try:
        client, cluster = connect(args.scheduler, args.quiet)
    except Exception as e:  # noqa: BLE001 - any failure to reach the scheduler is a usage problem
        sys.stderr.write(f"dyad: cannot start or reach the Dask scheduler {args.scheduler}: {e}\n")
        return 2
    status = 0
    try:
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()) or 1
        # Index the files that split, on the workers (they read them anyway).
        total_bytes = sum(os.path.getsize(f) for f in files)
        granule = max(16 << 10, min(1 << 20, total_bytes // max(1, threads * 64)))
        big = [f for f in files if kind_of(f) != "file"]
        futures = {f: client.submit(index_input, f, kind_of(f), granule, pure=False) for f in big}
        indexes = {}
        for f, fut in futures.items():
            try:
                indexes[f] = fut.result()
            except Exception as e:  # noqa: BLE001
                sys.stderr.write(f"dyad: {f}: cannot index: {e}\n")
                status = 1
        files = [f for f in files if kind_of(f) == "file" or f in indexes]
        total_docs = sum(1 for f in files if kind_of(f) == "file")
        for f, idx in indexes.items():
            total_docs += sum(p[2] for p in idx["pieces"]) if "pieces" in idx else sum(r[1] for r in idx["records"])
        docs_per_task = args.task_docs or auto_docs_per_task(total_docs, threads)
        tasks = make_tasks(files, indexes, docs_per_task, max_task_bytes=256 << 20)
        if not args.quiet:
            sys.stderr.write(f"dyad cluster ingest: {len(files)} files, about {total_docs} documents, {len(tasks)} "
                             f"tasks of about {docs_per_task} documents, {threads} worker threads\n")
        progress = Progress(len(tasks), total_docs, args.quiet)
        # Dask re-runs a task whose worker died (up to distributed.scheduler.allowed-failures
        # times); `retries` re-runs a task that failed with an error (e.g. a lost connection).
        # Keys name the task and the run's settings: two runs into different
        # stores on one scheduler never share results.
        salt = json.dumps(cfg, sort_keys=True)
        run = [client.submit(run_task, t, cfg, retries=2,
                             key=f"dyad-task-{i}-{hashlib.sha1((salt + t['key']).encode()).hexdigest()[:16]}")
               for i, t in enumerate(tasks)]
        by_future = dict(zip(run, tasks))
        for fut in as_completed(run):
            try:
                result = fut.result()
            except Exception as e:  # noqa: BLE001
                sys.stderr.write(("\r\033[K" if progress.tty else "") +
                                 f"dyad: task {by_future[fut]['key']} failed: {e}\n")
                status = 1
                progress.add(None)
                continue
            for msg in result.get("messages", []):
                sys.stderr.write(("\r\033[K" if progress.tty else "") + f"dyad: {msg}\n")
            if result.get("errors", 0) > len(result.get("messages", [])):
                sys.stderr.write(f"dyad: ... and {result['errors'] - len(result['messages'])} more errors in "
                                 f"{by_future[fut]['key']}\n")
            if result.get("errors", 0):
                status = 1
            progress.add(result)
        progress.show(final=True)
        c = progress.c
        secs = time.monotonic() - progress.start
        summary = {"tasks": len(tasks), "skipped_tasks": progress.skipped, "failed_tasks": progress.failed,
                   "seconds": round(secs, 3), "docs_per_task": docs_per_task, "threads": threads, **c,
                   "events_per_second": round(c["events"] / secs, 1) if secs > 0 else 0.0}
        if not args.quiet:
            sys.stderr.write("dyad cluster ingest: " + json.dumps(summary) + "\n")
        if missing or progress.failed:
            status = 1
    except KeyboardInterrupt:
        sys.stderr.write("\ndyad: interrupted; run the same command again to resume\n")
        status = 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
