#!/usr/bin/env python3
"""dyad's own geoparsing test set: annotation tools and the gold files for scoring.

The committed annotations (data/geo/own_places.tsv) are stand-off: doc_id, part (dev/test, from
own_pool.py), byte start, byte end (UTF-8 of the document text in ../shared/data/extract), GeoNames
id (0: a place GeoNames has no entry for here, counted for mention scores only). No text.

usage:
  own_gold.py show DOC_ID                     print a document (annotator's view)
  own_gold.py lookup NAME...                  GeoNames candidates for names (gazetteer keys)
  own_gold.py resolve SPEC > own_places.tsv   turn an annotator's spec into stand-off rows
  own_gold.py gold PART OUTDIR                write OUTDIR/own-PART.jsonl (gold, character offsets,
                                              score_geo.py's schema) and own-PART.docs.jsonl
SPEC: "## doc_id" then lines "Surface = geonameid [! longer string to skip ; ...]" (every whole-word
occurrence of Surface, except inside a listed longer string or inside a longer annotated surface),
or "Surface#2,3 = id" (only those occurrences, 1-based, counted after the exclusions).
Coordinates of gold entries come from GeoNames through the gazetteer (cities: GeoNames' point;
countries and admin1: the gazetteer's point for that id).
"""
import json
import os
import re
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "annot"))
sys.path.insert(0, here)
import sources  # noqa: E402
import own_pool  # noqa: E402
import gaz  # noqa: E402

ROOT = os.path.join(here, "..", "..")
GAZ = os.path.join(ROOT, "data", "geo", "gazetteer.bin")
TSV = os.path.join(ROOT, "data", "geo", "own_places.tsv")


def text_of(doc_id):
    return sources.load_texts([doc_id])[doc_id]


def resolve(spec_path):
    docs = {}
    cur = None
    for line in open(spec_path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("## "):
            cur = line[3:].strip()
            docs[cur] = []
        elif line.strip() and not line.startswith("#") and cur:
            lhs, rhs = line.split("=", 1)
            rhs, _, excl = rhs.partition("!")
            surf, _, which = lhs.strip().partition("#")
            docs[cur].append((surf, int(rhs.strip()), [e.strip() for e in excl.split(";") if e.strip()],
                              {int(x) for x in which.split(",")} if which else None))
    texts = sources.load_texts(docs)
    parts = {d: p for d, p, _ in own_pool.pool(1000)}
    rows = []
    for doc_id, items in docs.items():
        text = texts[doc_id]
        taken = []  # (start, end, geonameid), character offsets
        # Longer surfaces first so that "New York City" is not also "New York".
        for surf, gid, excl, which in sorted(items, key=lambda x: -len(x[0])):
            blocked = [(m.start(), m.end()) for e in excl for m in re.finditer(re.escape(e), text)]
            n = hits = 0
            for m in re.finditer(r"(?<!\w)" + re.escape(surf) + r"(?!\w)", text):
                s, e = m.start(), m.end()
                if any(a <= s and e <= b for a, b in blocked) or any(a < e and s < b for a, b, _ in taken):
                    continue
                n += 1
                if which and n not in which:
                    continue
                taken.append((s, e, gid))
                hits += 1
            if not hits:
                print(f"warning: {doc_id}: {surf!r} not found", file=sys.stderr)
        for s, e, gid in sorted(taken):
            bs = len(text[:s].encode("utf-8"))
            be = bs + len(text[s:e].encode("utf-8"))
            rows.append((doc_id, parts.get(doc_id, "?"), bs, be, gid))
    print("#doc_id\tpart\tstart_byte\tend_byte\tgeonameid")
    for r in rows:
        print("\t".join(map(str, r)))


def gold(part, outdir):
    g = gaz.Gaz(GAZ)
    rows = [l.rstrip("\n").split("\t") for l in open(TSV, encoding="utf-8") if not l.startswith("#")]
    rows = [r for r in rows if r[1] == part]
    ids = sorted({r[0] for r in rows}, key=lambda d: [x[0] for x in own_pool.pool(1000)].index(d))
    texts = sources.load_texts(ids)
    small = None
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, f"own-{part}.jsonl"), "w", encoding="utf-8") as gf, \
            open(os.path.join(outdir, f"own-{part}.docs.jsonl"), "w", encoding="utf-8") as df:
        for d in ids:
            data = texts[d].encode("utf-8")
            places = []
            for r in rows:
                if r[0] != d:
                    continue
                bs, be, gid = int(r[2]), int(r[3]), int(r[4])
                s = len(data[:bs].decode("utf-8"))
                name = data[bs:be].decode("utf-8")
                p = {"start": s, "end": s + len(name), "name": name}
                e = g.by_id.get(gid) if gid else None
                if gid and not e:
                    small = small or cities500()
                    f = small.get(gid)
                    if f:
                        iso3 = {c[1]: c[2] for c in g.countries}
                        e = {"lat": float(f[4]), "lon": float(f[5]), "country": iso3.get(f[8], f[8])}
                if gid:
                    p["geonameid"] = gid
                if e:
                    p.update(lat=e["lat"], lon=e["lon"], country=e["country"])
                elif gid:
                    print(f"warning: {gid} not in the gazetteer", file=sys.stderr)
                places.append(p)
            gf.write(json.dumps({"id": d, "text": texts[d], "places": places}, ensure_ascii=False) + "\n")
            df.write(json.dumps({"id": d, "text": texts[d]}, ensure_ascii=False) + "\n")


def cities500():
    """{geonameid: row} of GeoNames cities500 (for places below the gazetteer's population floor)."""
    out = {}
    for line in open(os.path.join(sources.DATA, "ref", "geonames", "cities500.txt"), encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        out[int(f[0])] = f
    return out


def lookup(names):
    g = gaz.Gaz(GAZ)
    small = None
    for n in names:
        print("==", n)
        if gaz.norm_key(n) not in g.keys:
            small = small or cities500()
            k = gaz.norm_key(n)
            for gid, f in small.items():
                if k in {gaz.norm_key(x) for x in [f[1], f[2]] + f[3].split(",")}:
                    print(f"  {gid:>9} {f[1]:<28} cities500 {f[6]}.{f[7]} {f[8]} {f[10]} pop={f[14]} ({f[4]},{f[5]})")
        for i, kind in g.keys.get(gaz.norm_key(n), [])[:12]:
            e = g.entries[i]
            print(f"  {e['geonameid']:>9} {e['name']:<28} {e['level']:<8} {e['feature']:<8} {e['country']} "
                  f"{e['adm1']:<8} pop={e['population']:<9} kind={kind} ({e['lat']:.2f},{e['lon']:.2f})")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "show":
        print(text_of(sys.argv[2]))
    elif cmd == "lookup":
        lookup(sys.argv[2:])
    elif cmd == "resolve":
        resolve(sys.argv[2])
    elif cmd == "gold":
        gold(sys.argv[2], sys.argv[3])
