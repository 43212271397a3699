#!/usr/bin/env python3
"""Geoparsing scores beyond ../shared/tools/score_geo.py: the same matching (per document, by
surface form, case-insensitive, each gold mention to at most one prediction, in order), plus
country accuracy and exact-entry accuracy (gold GeoNames id == predicted id, where gold has one).

usage: score.py --gold GOLD.jsonl --pred PLACES.jsonl [--km 161] [--errors N]
Gold: {"id", "places": [{"name", "geonameid"?, "lat"?, "lon"?, "country"?}]}; country is ISO
alpha-2 (LGL, GeoVirus) or alpha-3; predictions carry ISO alpha-3 and are compared through
--countries (GeoNames countryInfo.tsv) when gold uses alpha-2.
"""
import argparse
import json
import math
import re
from collections import defaultdict, Counter


def norm(s):
    return re.sub(r"\s+", " ", str(s or "")).strip().lower()


def km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    dp, dl = p2 - p1, math.radians(d - b)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", required=True)
    ap.add_argument("--pred", required=True)
    ap.add_argument("--km", type=float, default=161.0)
    ap.add_argument("--countries", default="")
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong/missed/spurious examples")
    a = ap.parse_args()
    iso3 = {}
    if a.countries:
        for line in open(a.countries, encoding="utf-8"):
            if line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            if len(f) > 2 and len(f[0]) == 2:
                iso3[f[0]] = f[1]
    gold = [json.loads(l) for l in open(a.gold, encoding="utf-8") if l.strip()]
    ids = {str(d["id"]) for d in gold}
    pred = defaultdict(list)
    for l in open(a.pred, encoding="utf-8"):
        if l.strip():
            p = json.loads(l)
            if str(p.get("doc_id")) in ids:
                pred[str(p["doc_id"])].append(p)
    ngold = npred = matched = 0
    with_id = exact = with_c = country_ok = with_coord = close = 0
    errs = []
    missed, spurious, wrong = Counter(), Counter(), []
    for d in gold:
        avail = defaultdict(list)
        for p in pred.get(str(d["id"]), []):
            avail[norm(p.get("text"))].append(p)
            npred += 1
        for g in d["places"]:
            ngold += 1
            c = avail.get(norm(g["name"]))
            if not c:
                missed[g["name"]] += 1
                continue
            p = c.pop(0)
            matched += 1
            if g.get("geonameid"):
                with_id += 1
                exact += int(p.get("geonameid") or 0) == int(g["geonameid"])
            gc = g.get("country")
            if gc:
                with_c += 1
                gc3 = iso3.get(gc, gc)
                country_ok += (p.get("country") or "") == gc3
            if g.get("lat") is not None and g.get("lon") is not None:
                with_coord += 1
                if p.get("lat") is not None and p.get("lon") is not None:
                    e = km(float(g["lat"]), float(g["lon"]), float(p["lat"]), float(p["lon"]))
                else:
                    e = 20000.0
                errs.append(e)
                close += e <= a.km
                if e > a.km:
                    wrong.append((g["name"], p.get("name"), p.get("feature"), p.get("adm1"), round(e), p.get("rule"), g.get("feature_code"), g.get("admin1")))
        for k, rest in avail.items():
            for p in rest:
                spurious[p.get("text")] += 1
    mp = matched / npred if npred else 0
    mr = matched / ngold if ngold else 0
    f1 = 2 * mp * mr / (mp + mr) if mp + mr else 0
    print(f"mention_p={mp:.3f} mention_r={mr:.3f} mention_f1={f1:.3f} "
          f"country_acc={country_ok / with_c if with_c else 0:.3f} "
          f"exact_acc={exact / with_id if with_id else 0:.3f} (of {with_id} with ids) "
          f"acc_km={close / with_coord if with_coord else 0:.3f} "
          f"mean_err_km={sum(errs) / len(errs) if errs else 0:.0f} docs={len(gold)} gold={ngold} pred={npred}")
    if a.errors:
        print("missed:", missed.most_common(a.errors))
        print("spurious:", spurious.most_common(a.errors))
        for w in Counter(wrong).most_common(a.errors):
            print("wrong:", w)


if __name__ == "__main__":
    main()
