#!/usr/bin/env python3
"""Builds the sentence pool of the annotated event corpus (issue 11) and renders batches.

  pool.py build            writes data/annotations/events/pool.jsonl (stand-off: ids, offsets, split)
  pool.py extend           appends the second round (batches e01..): later sentences of the 80 most
                           political ScrapingHub articles, up to 20 more each (same split rule)
  pool.py render BATCH     prints a batch's sentences, with their context, for an annotator

The pool is deterministic: documents are ordered by a hash of their id, so re-running
`build` gives the same pool. The split is by document (hash of the id modulo 4 == 0 is
test, about 25 %), fixed when the pool was built and before any model or rule was tuned:
test sentences are annotated like the others but only ever used to report figures.
"""
import hashlib
import json
import os
import re
import sys

import sources

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
POOL = os.path.join(ROOT, "data/annotations/events/pool.jsonl")
NONPOL = os.path.join(ROOT, "data/annotations/nonpolitical-wcxb.txt")

POLITICAL = re.compile(r"\b(government|minister|president|parliament|senat\w*|congress\w*|militar\w*|army|troops|"
                       r"police|election\w*|war|attack\w*|protest\w*|sanction\w*|treaty|diplomat\w*|embassy|"
                       r"nato|united nations|tariff\w*|court|governor|politic\w*|officials?|rebels?|"
                       r"militants?|talks|agreement|forces)\b", re.I)


def h(s):
    return int(hashlib.sha1(s.encode("utf-8")).hexdigest(), 16)


def split_of(doc_id):
    return "test" if h(doc_id) % 4 == 0 else "train"


def usable(sent):
    words = len(sent.split())
    return 5 <= words <= 90 and re.search(r"[a-z]", sent) is not None


# (source kind, how many documents, sentences per document, order)
PLAN = [("re3d", 10**6, 10**6, "hash"),
        ("sh", 80, 12, "political"),
        ("sh", 30, 4, "hash-rest"),
        ("geovirus", 45, 7, "hash"),
        ("lgl", 80, 5, "hash"),
        ("wcxb", 60, 5, "hash")]


def build():
    nonpol = {"wcxb:" + l.strip() for l in open(NONPOL) if l.strip() and not l.startswith("#")}
    by_kind = {}
    for doc_id, text, title in sources.documents():
        if doc_id in nonpol:
            continue
        by_kind.setdefault(doc_id.split(":", 1)[0], []).append((doc_id, text, title))
    used_docs = set()
    rows = []
    for kind, ndocs, nsent, order in PLAN:
        docs = by_kind[kind]
        if order == "political":
            docs = sorted(docs, key=lambda d: (-len(POLITICAL.findall(d[1])) / max(len(d[1].split()), 1), h(d[0])))
        else:
            docs = sorted(docs, key=lambda d: h(d[0]))
        taken = 0
        for doc_id, text, _ in docs:
            if taken >= ndocs:
                break
            if doc_id in used_docs:
                continue
            data = text.encode("utf-8")
            sents = [(b, e) for b, e in sources.split_sentences(text) if usable(data[b:e].decode("utf-8"))]
            if not sents:
                continue
            used_docs.add(doc_id)
            taken += 1
            for b, e in sents[:nsent]:
                rows.append({"sid": f"{doc_id}@{b}-{e}", "doc": doc_id, "begin": b, "end": e,
                             "split": split_of(doc_id)})
    # Batches: whole documents, in hash order, about 150 sentences each. The first
    # two batches (d00, d01, ~200 sentences) are the double-annotated agreement set.
    docs = sorted({r["doc"] for r in rows}, key=lambda d: h("batch:" + d))
    per_doc = {}
    for r in rows:
        per_doc.setdefault(r["doc"], []).append(r)
    batch, size, names = 0, 0, []
    for d in docs:
        limit = 100 if batch < 2 else 150
        if size >= limit:
            batch, size = batch + 1, 0
        name = (f"d{batch:02d}" if batch < 2 else f"b{batch:02d}")
        for r in per_doc[d]:
            r["batch"] = name
        size += len(per_doc[d])
    rows.sort(key=lambda r: (r["batch"], r["doc"], r["begin"]))
    with open(POOL, "w") as f:
        for r in rows:
            f.write(json.dumps(r, sort_keys=True) + "\n")
    stats = {}
    for r in rows:
        k = (r["doc"].split(":")[0], r["split"])
        stats[k] = stats.get(k, 0) + 1
    print(f"{len(rows)} sentences, {len(docs)} documents, batches d00..{name}", file=sys.stderr)
    for k in sorted(stats):
        print(f"  {k[0]:9} {k[1]:5} {stats[k]}", file=sys.stderr)


def extend():
    rows = load_pool()
    if any(r["batch"].startswith("e") for r in rows):
        sys.exit("the pool already has its extension")
    have = {(r["doc"], r["begin"]) for r in rows}
    docs = sorted({r["doc"] for r in rows if r["doc"].startswith("sh:")})
    texts = sources.load_texts(docs)
    scored = sorted(docs, key=lambda d: (-len(POLITICAL.findall(texts[d])) / max(len(texts[d].split()), 1), h(d)))
    new = []
    for d in scored[:80]:
        data = texts[d].encode("utf-8")
        sents = [(b, e) for b, e in sources.split_sentences(texts[d])
                 if usable(data[b:e].decode("utf-8")) and (d, b) not in have]
        for b, e in sents[:20]:
            new.append({"sid": f"{d}@{b}-{e}", "doc": d, "begin": b, "end": e, "split": split_of(d)})
    order = sorted({r["doc"] for r in new}, key=lambda d: h("batch:" + d))
    batch, size = 1, 0
    for d in order:
        if size >= 150:
            batch, size = batch + 1, 0
        mine = [r for r in new if r["doc"] == d]
        for r in mine:
            r["batch"] = f"e{batch:02d}"
        size += len(mine)
    new.sort(key=lambda r: (r["batch"], r["doc"], r["begin"]))
    with open(POOL, "a") as f:
        for r in new:
            f.write(json.dumps(r, sort_keys=True) + "\n")
    print(f"appended {len(new)} sentences in batches e01..e{batch:02d}", file=sys.stderr)


def load_pool():
    return [json.loads(l) for l in open(POOL)]


def render(batch):
    rows = [r for r in load_pool() if r["batch"] == batch]
    texts = sources.load_texts({r["doc"] for r in rows})
    last_doc = None
    for r in rows:
        data = texts[r["doc"]].encode("utf-8")
        if r["doc"] != last_doc:
            print(f"\n======== document {r['doc']} ========")
            last_doc = r["doc"]
        prev = data[max(0, r["begin"] - 300):r["begin"]].decode("utf-8", "ignore").strip()
        prev = prev[-250:].replace("\n", " ")
        print(f"\n### {r['sid']}")
        print(f"context: ...{prev}")
        print(f"SENTENCE: {data[r['begin']:r['end']].decode('utf-8')}")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "build":
        build()
    elif len(sys.argv) >= 2 and sys.argv[1] == "extend":
        extend()
    elif len(sys.argv) == 3 and sys.argv[1] == "render":
        render(sys.argv[2])
    else:
        sys.exit(__doc__)
