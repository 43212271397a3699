#!/usr/bin/env python3
"""Scores `dyad statements` against the annotated statement corpus (docs/annotation.md).

  bench/statements_eval.py [--dyad build/dyad] [--split tune|test|all] [--errors N] [--fast]

Reads the gold stand-off (data/annotations/statements/gold.jsonl) and the texts from ../shared
at run time, runs `dyad statements --no-clean` over the annotated documents, and matches
predicted to gold statements of the same document one to one: a pair is a candidate when their
contents overlap by at least 30 % of the smaller content, or their cues overlap; pairs are taken
by descending content overlap. Reports, per split: statement precision, recall and F1; speaker
attribution accuracy over matched statements (the predicted speaker overlaps the gold speaker or,
when the gold speaker is a pronoun or a description, its naming mention, or ends in the same
surname); the share of gold statements found with the right speaker; speaker country accuracy
where the gold has a code, and how many of those have a country that is wrong (not empty); kind
accuracy; and `root`, as country but an actor without a country (an IGO) counts by its code's
first three letters. `--errors` lists misses and false alarms, and refuses
to do so for the test split (its errors are not read).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts", "annot"))

import sources  # noqa: E402
import statements as corpus  # noqa: E402

PRONOUNS = {"he", "she", "they", "it", "i", "we", "him", "her"}


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def last_word(s):
    words = [w for w in s.replace("’s", "").replace("'s", "").split() if w[:1].isalpha()]
    return words[-1].lower().strip(".,") if words else ""


def speaker_ok(p, g, data):
    ps = p["speaker"]["span"]
    ptext = p["speaker"]["text"] or ""
    gspan = g["speaker"]
    gtext = data[gspan[0]:gspan[1]].decode("utf-8")
    pron = gtext.lower() in PRONOUNS
    if "name" in g:
        n = g["name"]
        if overlap(ps, n) > 0:
            return True
        ntext = data[n[0]:n[1]].decode("utf-8")
        if last_word(ntext) and last_word(ntext) == last_word(ptext):
            return True
        if p["speaker"].get("person") and last_word(p["speaker"]["person"]) == last_word(ntext):
            return True
        if pron:
            return False
    if overlap(ps, gspan) > 0:
        return True
    if last_word(gtext) and last_word(gtext) == last_word(ptext) and gtext[:1].isupper():
        return True
    return False


def match(preds, golds):
    cands = []
    for i, p in enumerate(preds):
        pc = p["content"]["span"]
        pq = p["cue"]["span"] if p.get("cue") else None
        for j, g in enumerate(golds):
            gc = g["content"]
            ov = overlap(pc, gc)
            small = max(1, min(pc[1] - pc[0], gc[1] - gc[0]))
            cue = pq is not None and "cue" in g and overlap(pq, g["cue"]) > 0
            if ov >= 0.3 * small or (cue and ov > 0) or (cue and small < 40):
                union = max(pc[1], gc[1]) - min(pc[0], gc[0])
                cands.append((ov / max(1, union) + (1.0 if cue else 0.0), i, j))
    cands.sort(reverse=True)
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in cands:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dyad", default=os.path.join(ROOT, "build", "dyad"))
    ap.add_argument("--split", default="all", choices=["tune", "test", "all"])
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--fast", action="store_true")
    args = ap.parse_args()
    if args.errors and args.split != "tune":
        sys.exit("--errors reads errors: only on --split tune (the test split's errors are not read)")
    if not os.path.isdir(sources.DATA):
        print(f"skipped: {sources.DATA} is absent", file=sys.stderr)
        return 0
    docs, golds = corpus.load_gold()
    split_of = {d["doc"]: d["split"] for d in docs}
    texts = sources.load_texts(split_of)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for d in split_of:
            f.write(json.dumps({"id": d, "text": texts[d]}) + "\n")
        path = f.name
    cmd = [args.dyad, "statements", "--no-clean", "--format", "jsonl", path] + (["--fast"] if args.fast else [])
    out = subprocess.run(cmd, capture_output=True, text=True)
    os.unlink(path)
    if out.returncode not in (0, 1):
        sys.exit(out.stderr)
    preds = {}
    for line in out.stdout.splitlines():
        p = json.loads(line)
        preds.setdefault(p["doc_id"], []).append(p)
    gold_by = {}
    for g in golds:
        gold_by.setdefault(g["doc"], []).append(g)
    splits = ["tune", "test"] if args.split == "all" else [args.split]
    rows = []
    for sp in splits:
        n_pred = n_gold = n_match = n_spk = n_cc = n_cc_ok = n_kind = n_wrong_side = n_root_ok = 0
        errors = []
        for d, s in split_of.items():
            if s != sp:
                continue
            data = texts[d].encode("utf-8")
            P, G = preds.get(d, []), gold_by.get(d, [])
            pairs = match(P, G)
            n_pred += len(P)
            n_gold += len(G)
            n_match += len(pairs)
            mp = {i for i, _ in pairs}
            mg = {j for _, j in pairs}
            for i, j in pairs:
                p, g = P[i], G[j]
                ok = speaker_ok(p, g, data)
                n_spk += ok
                n_kind += p["kind"] == g["kind"]
                if g.get("code") and not g["code"].startswith("---"):
                    n_cc += 1
                    pc = p["speaker"].get("country") or ""
                    n_cc_ok += pc == g["code"][:3]
                    # The actor's root: its country, else its code's first letters ("IGO" for the UN).
                    pcode = p["speaker"].get("code") or ""
                    n_root_ok += (pc or ("" if pcode.startswith("---") else pcode[:3])) == g["code"][:3]
                    n_wrong_side += pc != "" and pc != g["code"][:3]
                    if pc != g["code"][:3]:
                        errors.append(("country", d, p["speaker"]["text"], p["speaker"].get("person") or "-",
                                       g["code"], pc or "-", p["content"]["text"][:60]))
                if not ok:
                    errors.append(("speaker", d, p["speaker"]["text"], data[g["speaker"][0]:g["speaker"][1]].decode(),
                                   data[g["content"][0]:g["content"][1]].decode()[:80]))
            for j, g in enumerate(G):
                if j not in mg:
                    t = lambda k: data[g[k][0]:g[k][1]].decode() if k in g else "-"
                    errors.append(("miss", d, t("speaker"), t("cue"), t("content")[:100]))
            for i, p in enumerate(P):
                if i not in mp:
                    errors.append(("false", d, p["speaker"]["text"], p["cue"]["text"] if p.get("cue") else "-",
                                   p["content"]["text"][:100]))
        prec = n_match / max(1, n_pred)
        rec = n_match / max(1, n_gold)
        f1 = 2 * prec * rec / max(1e-9, prec + rec)
        rows.append((sp, n_gold, n_pred, prec, rec, f1, n_spk / max(1, n_match), n_spk / max(1, n_gold),
                     n_cc_ok / max(1, n_cc), n_cc, n_kind / max(1, n_match), n_wrong_side, n_root_ok / max(1, n_cc)))
        if args.errors:
            for e in errors[: args.errors]:
                print("  ".join(str(x) for x in e))
    print(f"{'split':6} {'gold':>5} {'pred':>5} {'prec':>6} {'recall':>6} {'F1':>6} {'speaker':>7} "
          f"{'found+spk':>9} {'country':>7} {'(n)':>5} {'wrong':>5} {'kind':>6} {'root':>6}")
    for r in rows:
        print(f"{r[0]:6} {r[1]:5d} {r[2]:5d} {r[3]:6.3f} {r[4]:6.3f} {r[5]:6.3f} {r[6]:7.3f} {r[7]:9.3f} "
              f"{r[8]:7.3f} {r[9]:5d} {r[11]:5d} {r[10]:6.3f} {r[12]:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
