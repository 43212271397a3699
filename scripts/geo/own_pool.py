#!/usr/bin/env python3
"""The documents of dyad's own geoparsing test set, and its dev/test split (fixed before tuning).

usage: own_pool.py [N]   prints "doc_id<TAB>part<TAB>chars" for the first N documents (default 40)

Documents are the news articles of ../shared/data/extract (ScrapingHub ground truth "sh:<sha>",
WCXB "wcxb:<file_id>"; ids as in scripts/annot/sources.py) of 1,200-4,500 characters that name at
least two different countries or US states (a cheap, system-independent sign that the article is
about places), taken in the order of sha256(doc_id). A document is in dev when sha256(doc_id), read
as a number, is even (the rule of split.py), else test. Nothing here looks at dyad's output.
"""
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "annot"))
import sources  # noqa: E402

STATES = """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho
Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi
Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia
Washington Wisconsin Wyoming""".split()


def h(doc_id):
    return int(hashlib.sha256(doc_id.encode()).hexdigest(), 16)


def part(doc_id):
    return "dev" if h(doc_id) % 2 == 0 else "test"


def names():
    out = set(STATES)
    path = os.path.join(sources.DATA, "ref", "geonames", "countryInfo.tsv")
    for line in open(path, encoding="utf-8"):
        if line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) > 4 and f[4]:
            out.add(f[4])
    return out


def pool(n):
    known = names()
    word = re.compile(r"\b[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?\b")
    docs = []
    for doc_id, text, _ in sources.documents({"sh", "wcxb"}):
        if not 1200 <= len(text) <= 4500:
            continue
        found = {m.group(0) for m in word.finditer(text) if m.group(0) in known}
        found |= {w for m in word.finditer(text) for w in m.group(0).split() if w in known}
        if len(found) >= 2:
            docs.append((h(doc_id), doc_id, len(text)))
    docs.sort()
    return [(d, part(d), c) for _, d, c in docs[:n]]


if __name__ == "__main__":
    for d, p, c in pool(int(sys.argv[1]) if len(sys.argv) > 1 else 40):
        print(f"{d}\t{p}\t{c}")
