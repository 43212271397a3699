"""Where the annotated event corpus's sentences come from.

Every document is read from ../shared/data at run time and identified by a
stable id ("re3d:<_id>", "sh:<sha>", "wcxb:<file_id>", "geovirus:<id>",
"lgl:<id>"). Offsets in the committed annotations are byte offsets into the
UTF-8 encoding of the document's text field exactly as stored there, so the
annotations can be re-attached to the text without committing the text.
"""
import glob
import gzip
import json
import os
import re

SHARED = os.environ.get("DYAD_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
DATA = os.path.join(SHARED, "data")


def _re3d():
    for f in sorted(glob.glob(os.path.join(DATA, "ner/re3d-dstl-original/*/documents.json"))):
        for line in open(f, encoding="utf-8"):
            line = line.strip()
            if not line:
                continue
            d = json.loads(line)
            if d.get("text"):
                yield "re3d:" + d["_id"], d["text"], d.get("title") or ""


def _scrapinghub():
    path = os.path.join(DATA, "extract/scrapinghub/ground-truth.json")
    for key, v in sorted(json.load(open(path, encoding="utf-8")).items()):
        if v.get("articleBody"):
            yield "sh:" + key, v["articleBody"], v.get("url") or ""


def _wcxb():
    for f in sorted(glob.glob(os.path.join(DATA, "extract/wcxb-dev-articles/ground-truth/*.json"))):
        d = json.load(open(f, encoding="utf-8"))
        if d.get("main_content"):
            yield "wcxb:" + d["file_id"], d["main_content"], d.get("title") or ""


def _jsonl(name, prefix):
    for line in open(os.path.join(DATA, name), encoding="utf-8"):
        d = json.loads(line)
        yield prefix + str(d["id"]), d["text"], ""


SOURCES = {
    "re3d": _re3d,
    "sh": _scrapinghub,
    "wcxb": _wcxb,
    "geovirus": lambda: _jsonl("geo/geovirus.jsonl", "geovirus:"),
    "lgl": lambda: _jsonl("geo/lgl.jsonl", "lgl:"),
}


def documents(kinds=None):
    """Yields (doc_id, text, title_or_url) for every document of the given source kinds."""
    for kind, fn in SOURCES.items():
        if kinds is None or kind in kinds:
            yield from fn()


def load_texts(doc_ids):
    """Returns {doc_id: text} for the requested ids (reads only the sources they name)."""
    want = set(doc_ids)
    kinds = {d.split(":", 1)[0] for d in want}
    out = {}
    for doc_id, text, _ in documents(kinds):
        if doc_id in want:
            out[doc_id] = text
    return out


_ABBREV = set("""mr mrs ms dr prof gen col lt sgt capt maj gov sen rep st jr sr inc ltd co corp
vs etc jan feb mar apr jun jul aug sep sept oct nov dec no u.s u.k u.n e.g i.e fig approx dept
adm cmdr brig rev hon pres""".split())


def split_sentences(text):
    """Byte spans [b, e) of the sentences of text (UTF-8). Paragraph breaks always split;
    . ! ? followed by space and an upper-case letter or a quote split unless the word
    before is a known abbreviation or a single initial."""
    data = text.encode("utf-8")
    spans = []
    for para in re.finditer(rb"[^\n]+", data):
        pb = para.start()
        chunk = para.group(0)
        start = 0
        for m in re.finditer(rb"[.!?][\"'\)\]]*(?:\xe2\x80[\x9d\x99])?\s+(?=[A-Z\"\xe2\(\[0-9])", chunk):
            end = m.start() + 1
            word = re.search(rb"([A-Za-z.]+)\.$", chunk[:end])
            if word:
                w = word.group(1).decode("ascii", "ignore").lower().rstrip(".")
                if w in _ABBREV or (len(w) == 1 and w.isalpha()):
                    continue
            e = m.end()
            seg = chunk[start:e].rstrip()
            if seg.strip():
                spans.append((pb + start, pb + start + len(seg)))
            start = e
        seg = chunk[start:].rstrip()
        if seg.strip():
            spans.append((pb + start, pb + start + len(seg)))
    # Trim leading whitespace.
    out = []
    for b, e in spans:
        while b < e and data[b:b + 1].isspace():
            b += 1
        if b < e:
            out.append((b, e))
    return out
