#!/usr/bin/env python3
"""Fixed dev/test split of a geoparsing gold set, by document hash (fixed before any tuning).

usage: split.py GOLD.jsonl OUTDIR    writes OUTDIR/<name>-dev.jsonl, -test.jsonl and the matching
                                    dyad input files (<name>-dev.docs.jsonl, -test.docs.jsonl)
A document is in dev when sha256 of its id, read as a number, is even.
"""
import hashlib
import json
import os
import sys


def part(doc_id):
    return "dev" if int(hashlib.sha256(str(doc_id).encode()).hexdigest(), 16) % 2 == 0 else "test"


def main():
    gold, outdir = sys.argv[1], sys.argv[2]
    name = os.path.basename(gold).rsplit(".", 1)[0]
    os.makedirs(outdir, exist_ok=True)
    files = {}
    for p in ("dev", "test"):
        files[p] = (open(os.path.join(outdir, f"{name}-{p}.jsonl"), "w", encoding="utf-8"),
                    open(os.path.join(outdir, f"{name}-{p}.docs.jsonl"), "w", encoding="utf-8"))
    for line in open(gold, encoding="utf-8"):
        if not line.strip():
            continue
        d = json.loads(line)
        g, docs = files[part(d["id"])]
        g.write(line if line.endswith("\n") else line + "\n")
        docs.write(json.dumps({"id": str(d["id"]), "text": d["text"]}, ensure_ascii=False) + "\n")
    for g, docs in files.values():
        g.close()
        docs.close()


if __name__ == "__main__":
    main()
