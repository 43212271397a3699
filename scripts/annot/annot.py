#!/usr/bin/env python3
"""The annotated event corpus: resolve annotator output to stand-off, agreement, export.

  annot.py resolve OUT.jsonl --annotator NAME    check an annotator's file against the pool and
                                                 write data/annotations/events/gold/BATCH.NAME.jsonl
  annot.py kappa A B                             Cohen's kappa of two annotators on the batches both did
  annot.py export [--split test|train|all] [--annotator NAME]
                                                 PLOVER-format gold records (dyad eval events --gold,
                                                 score_events.py) on stdout, texts read from ../shared
  annot.py stats                                 sentences, events and types per split

Committed annotations hold no text: each event gives its spans as byte offsets relative to
the sentence ([b, e) into the sentence's UTF-8 bytes). For a sentence annotated by several
annotators (the agreement batches), export uses the first annotator in sorted name order
unless --annotator says otherwise.
"""
import argparse
import collections
import glob
import json
import os
import sys

import sources

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
POOL = os.path.join(ROOT, "data/annotations/events/pool.jsonl")
GOLD = os.path.join(ROOT, "data/annotations/events/gold")

TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
POLARITY = {"asserted", "negated"}
MODALITY = {"actual", "future", "hypothetical", "question"}


def load_pool():
    return {r["sid"]: r for r in (json.loads(l) for l in open(POOL))}


def find_span(sentence, text, nth, what, errors, sid):
    """Byte span of the nth occurrence of text in sentence (bytes), or None with an error."""
    if not text:
        return None
    needle = text.encode("utf-8")
    pos, start = -1, 0
    for _ in range(max(1, int(nth or 1))):
        pos = sentence.find(needle, start)
        if pos < 0:
            break
        start = pos + 1
    if pos < 0:
        # Tolerate case and surrounding quotes/punctuation differences.
        low = sentence.lower()
        pos = low.find(needle.strip(b" \"'.,").lower())
        if pos < 0:
            # Whitespace (incl. no-break spaces) and quote variants written differently.
            import re
            parts = re.split(r"\s+", text.strip(" \"'.,"))
            q = "[\"'\u2018\u2019\u201c\u201d]"
            pat = r"[\s\u00a0]+".join(re.sub(r"[\"'\u2018\u2019\u201c\u201d]", q.replace("\\", "\\\\"), re.escape(x)) for x in parts)
            m = re.search(pat, sentence.decode("utf-8", "replace"), re.I)
            if not m:
                errors.append(f"{sid}: {what} {text!r} is not in the sentence")
                return None
            dec = sentence.decode("utf-8", "replace")
            b = len(dec[:m.start()].encode("utf-8"))
            return [b, b + len(m.group(0).encode("utf-8"))]
        needle = needle.strip(b" \"'.,")
    return [pos, pos + len(needle)]


def resolve(path, annotator):
    pool = load_pool()
    rows = [json.loads(l) for l in open(path) if l.strip()]
    texts = sources.load_texts({pool[r["sid"]]["doc"] for r in rows if r.get("sid") in pool})
    errors, out_by_batch = [], collections.defaultdict(list)
    for r in rows:
        sid = r.get("sid")
        if sid not in pool:
            errors.append(f"unknown sid {sid!r}")
            continue
        p = pool[sid]
        sent = texts[p["doc"]].encode("utf-8")[p["begin"]:p["end"]]
        events = []
        for e in r.get("events") or []:
            t = (e.get("type") or "").upper()
            if t not in TYPES:
                errors.append(f"{sid}: unknown type {e.get('type')!r}")
                continue
            ev = {"type": t, "mode": e.get("mode") or "", "cameo": str(e.get("cameo") or ""),
                  "polarity": e.get("polarity") or "asserted", "modality": e.get("modality") or "actual"}
            if ev["polarity"] not in POLARITY:
                errors.append(f"{sid}: bad polarity {ev['polarity']!r}")
                ev["polarity"] = "asserted"
            if ev["modality"] not in MODALITY:
                errors.append(f"{sid}: bad modality {ev['modality']!r}")
                ev["modality"] = "actual"
            ev["trigger"] = find_span(sent, e.get("trigger"), e.get("trigger_nth"), "trigger", errors, sid)
            if ev["trigger"] is None:
                continue
            for role in ("source", "target"):
                span = find_span(sent, e.get(role), e.get(role + "_nth"), role, errors, sid)
                ev[role] = span
                ev[role + "_code"] = (e.get(role + "_code") or "").upper() if span else (e.get(role + "_code") or "").upper()
            events.append(ev)
        out_by_batch[p["batch"]].append({"sid": sid, "events": events})
    os.makedirs(GOLD, exist_ok=True)
    for batch, recs in out_by_batch.items():
        want = [s for s, p in pool.items() if p["batch"] == batch]
        got = {r["sid"] for r in recs}
        missing = [s for s in want if s not in got]
        if missing:
            errors.append(f"batch {batch}: {len(missing)} of {len(want)} sentences not annotated")
        dest = os.path.join(GOLD, f"{batch}.{annotator}.jsonl")
        with open(dest, "w") as f:
            for r in sorted(recs, key=lambda r: (pool[r["sid"]]["doc"], pool[r["sid"]]["begin"])):
                f.write(json.dumps(r, sort_keys=True) + "\n")
        print(f"wrote {dest}: {len(recs)} sentences, {sum(len(r['events']) for r in recs)} events")
    for e in errors:
        print("warning:", e, file=sys.stderr)
    return 1 if errors else 0


def load_gold(annotator=None):
    """{sid: events} over every gold file; for doubly annotated sentences, the first annotator
    in sorted order (or the requested one)."""
    out, who = {}, {}
    for f in sorted(glob.glob(os.path.join(GOLD, "*.jsonl"))):
        name = os.path.basename(f).split(".")[1]
        for l in open(f):
            r = json.loads(l)
            sid = r["sid"]
            if sid in out and (annotator is None or who[sid] == annotator):
                continue
            if sid in out and annotator is not None and name != annotator:
                continue
            out[sid], who[sid] = r["events"], name
    return out


def kappa_of(pairs):
    n = len(pairs)
    if n == 0:
        return float("nan")
    agree = sum(1 for a, b in pairs if a == b) / n
    ca = collections.Counter(a for a, _ in pairs)
    cb = collections.Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    return (agree - pe) / (1 - pe) if pe < 1 else 1.0


def kappa(a, b):
    def read(name):
        out = {}
        for f in glob.glob(os.path.join(GOLD, f"*.{name}.jsonl")):
            for l in open(f):
                r = json.loads(l)
                out[r["sid"]] = r["events"]
        return out
    A, B = read(a), read(b)
    common = sorted(set(A) & set(B))
    pool = load_pool()
    texts = sources.load_texts({pool[s]["doc"] for s in common})
    # Type: per sentence and PLOVER type, present or not (a sentence's label set is binary per type),
    # plus a sentence-level main label (the set of types, or NONE) for a stricter view.
    type_pairs, set_pairs = [], []
    for s in common:
        ta = {e["type"] for e in A[s]}
        tb = {e["type"] for e in B[s]}
        set_pairs.append((",".join(sorted(ta)) or "NONE", ",".join(sorted(tb)) or "NONE"))
        for t in TYPES:
            type_pairs.append((t in ta, t in tb))
    # Source and target: for events of the same type in both annotations, the actor's country
    # (the first three letters of the code) and whether the spans overlap.
    src_pairs, tgt_pairs, span_agree = [], [], collections.Counter()
    for s in common:
        p = pool[s]
        for ea in A[s]:
            match = [eb for eb in B[s] if eb["type"] == ea["type"]]
            if not match:
                continue
            eb = match[0]
            for role, pairs in (("source", src_pairs), ("target", tgt_pairs)):
                ca = (ea.get(role + "_code") or "")[:3] or "NONE"
                cb = (eb.get(role + "_code") or "")[:3] or "NONE"
                pairs.append((ca, cb))
                sa, sb = ea.get(role), eb.get(role)
                overlap = (sa is None and sb is None) or (sa and sb and sa[0] < sb[1] and sb[0] < sa[1])
                span_agree[role, bool(overlap)] += 1
    print(f"sentences annotated by both {a} and {b}: {len(common)}")
    print(f"type (per sentence x type, present/absent): kappa {kappa_of(type_pairs):.3f}")
    print(f"type set per sentence (NONE for no event): kappa {kappa_of(set_pairs):.3f}, "
          f"raw agreement {sum(x == y for x, y in set_pairs) / max(len(set_pairs), 1):.3f}")
    print(f"source country on type-matched events ({len(src_pairs)}): kappa {kappa_of(src_pairs):.3f}, "
          f"span overlap {span_agree['source', True] / max(len(src_pairs), 1):.3f}")
    print(f"target country on type-matched events ({len(tgt_pairs)}): kappa {kappa_of(tgt_pairs):.3f}, "
          f"span overlap {span_agree['target', True] / max(len(tgt_pairs), 1):.3f}")


def export(split, annotator, asserted_only):
    pool = load_pool()
    gold = load_gold(annotator)
    sids = [s for s in gold if split == "all" or pool[s]["split"] == split]
    texts = sources.load_texts({pool[s]["doc"] for s in sids})
    for s in sorted(sids, key=lambda s: (pool[s]["doc"], pool[s]["begin"])):
        p = pool[s]
        sent = texts[p["doc"]].encode("utf-8")[p["begin"]:p["end"]]
        evs = [e for e in gold[s] if not asserted_only or
               (e["polarity"] == "asserted" and e["modality"] == "actual")]
        def actor(e, role):
            span = e.get(role)
            if not span:
                return ""
            return [{"actorText": sent[span[0]:span[1]].decode("utf-8", "replace"),
                     "code": e.get(role + "_code") or "", "sector": (e.get(role + "_code") or "")[3:6]}]
        rec = {"id": s, "text": sent.decode("utf-8"), "split": p["split"],
               "labels": sorted({e["type"] for e in evs}),
               "events": [{"type": e["type"], "mode": e["mode"], "cameo": e["cameo"],
                           "trigger": sent[e["trigger"][0]:e["trigger"][1]].decode("utf-8", "replace"),
                           "source": actor(e, "source"), "target": actor(e, "target")} for e in evs]}
        # PLOVER-record fields for score_events.py / dyad eval events (first event's actors).
        if evs:
            rec["event"] = evs[0]["type"]
            rec["source"] = actor(evs[0], "source")
            rec["target"] = actor(evs[0], "target")
        print(json.dumps(rec, ensure_ascii=False))


def stats():
    pool = load_pool()
    gold = load_gold()
    c = collections.Counter()
    types = collections.defaultdict(collections.Counter)
    for s, evs in gold.items():
        sp = pool[s]["split"]
        c[sp, "sentences"] += 1
        c[sp, "with event"] += bool(evs)
        c[sp, "events"] += len(evs)
        for e in evs:
            types[sp][e["type"]] += 1
    for sp in ("train", "test"):
        print(sp, {k[1]: v for k, v in c.items() if k[0] == sp})
        print("  ", dict(types[sp].most_common()))
    print("pool sentences not yet annotated:", len(set(pool) - set(gold)))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("resolve"); r.add_argument("file"); r.add_argument("--annotator", required=True)
    k = sub.add_parser("kappa"); k.add_argument("a"); k.add_argument("b")
    e = sub.add_parser("export"); e.add_argument("--split", default="test"); e.add_argument("--annotator")
    e.add_argument("--all-modalities", action="store_true", help="keep negated and non-actual events")
    sub.add_parser("stats")
    a = ap.parse_args()
    if a.cmd == "resolve":
        sys.exit(resolve(a.file, a.annotator))
    if a.cmd == "kappa":
        kappa(a.a, a.b)
    elif a.cmd == "export":
        export(a.split, a.annotator, not a.all_modalities)
    else:
        stats()
