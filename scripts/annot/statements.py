#!/usr/bin/env python3
"""The annotated statement corpus (issue 12): document selection, rendering, stand-off gold.

  statements.py select            writes data/annotations/statements/docs.jsonl: the documents
                                  and their split (fixed here, before anything is annotated or tuned)
  statements.py render DOC|all    prints a document's paragraphs, numbered, for the annotator
  statements.py resolve ANN.txt   checks an annotation file (format below) against the texts and
                                  writes data/annotations/statements/gold.jsonl (offsets, no text)
  statements.py show [--split S]  prints the gold statements with their text, for review

Documents: the ScrapingHub and WCXB ground-truth article texts (../shared/data/extract) with at
least four words of reporting ("said", "told", "according to", ...), at most 1,500 words and at
least two political words. Split by document, in the order of a hash of the document id: every
third document (the 1st, 4th, 7th, ...) is `test` (about a third), the others `tune`.

Annotation file (not committed: it quotes the texts). A line `# DOC` starts a document (an
empty document lists no statement); then one statement per line, fields separated by ` | `:

  PARA | KIND | CUE | SPEAKER | CONTENT | CODE | NAME

PARA is the paragraph number `render` prints. CUE, SPEAKER and CONTENT are exact substrings of
that paragraph (CONTENT may also run into the next paragraphs, and may be written `FIRST
WORDS ... LAST WORDS` for the span from one to the other); a field may end in `@N` for its
N-th occurrence in the paragraph; SPEAKER is looked for nearest to the cue, CONTENT too. An empty
CUE (`-`) is a quote with no cue of its own, attributed by context. NAME, when SPEAKER is a pronoun
or a description ("he", "the spokesman"), is the nearest earlier mention that names the speaker
(searched backwards from the cue over the whole document); `-` when SPEAKER names it already.
KIND: direct, indirect, reported, denial, claim. CODE: the speaker's CAMEO-style actor code
(docs/annotation.md), `-` when none applies.
"""
import hashlib
import json
import os
import re
import sys

import sources

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DOCS = os.path.join(ROOT, "data/annotations/statements/docs.jsonl")
GOLD = os.path.join(ROOT, "data/annotations/statements/gold.jsonl")
KINDS = {"direct", "indirect", "reported", "denial", "claim"}

SAY = re.compile(r"\b(said|says|told|according to|stated|added|announced|denied|claimed|insisted|"
                 r"warned|stressed|emphasi[sz]ed)\b")
POLITICAL = re.compile(r"\b(government|minister|president|parliament|military|army|troops|police|"
                       r"election|war|officials?|senator|congress|ministry|spokesman|spokeswoman)\b", re.I)


def h(s):
    return int(hashlib.sha1(s.encode("utf-8")).hexdigest(), 16)


def select():
    chosen = []
    for doc_id, text, _ in sources.documents({"sh", "wcxb"}):
        if len(SAY.findall(text)) >= 4 and len(text.split()) <= 1500 and len(POLITICAL.findall(text)) >= 2:
            chosen.append(doc_id)
    chosen.sort(key=h)
    os.makedirs(os.path.dirname(DOCS), exist_ok=True)
    with open(DOCS, "w") as f:
        for i, d in enumerate(chosen):
            f.write(json.dumps({"doc": d, "split": "test" if i % 3 == 0 else "tune"}) + "\n")
    print(f"{len(chosen)} documents, {sum(1 for i in range(len(chosen)) if i % 3 == 0)} test", file=sys.stderr)


def load_docs():
    return [json.loads(l) for l in open(DOCS)]


def paragraphs(text):
    """Byte spans [b, e) of the non-empty lines of text (UTF-8)."""
    data = text.encode("utf-8")
    return [(m.start(), m.end()) for m in re.finditer(rb"[^\n]*\S[^\n]*", data)]


def render(which):
    docs = load_docs()
    ids = [d["doc"] for d in docs] if which == "all" else [which]
    texts = sources.load_texts(ids)
    for d in ids:
        data = texts[d].encode("utf-8")
        print(f"\n======== # {d}")
        for n, (b, e) in enumerate(paragraphs(texts[d])):
            print(f"[{n}] {data[b:e].decode('utf-8')}")


def whole(hay, pos, n):
    """True when hay[pos:pos+n] is not part of a longer word ("he" in "the")."""
    word = lambda b: b < 0x80 and chr(b).isalnum()
    return (pos == 0 or not (word(hay[pos - 1]) and word(hay[pos]))) and \
        (pos + n >= len(hay) or not (word(hay[pos + n]) and word(hay[pos + n - 1])))


def find_all(hay, needle, lo, hi):
    pos = hay.find(needle, lo, hi)
    while pos >= 0:
        if whole(hay, pos, len(needle)):
            yield pos
        pos = hay.find(needle, pos + 1, hi)


def find_nth(hay, needle, nth, lo, hi):
    for k, pos in enumerate(find_all(hay, needle, lo, hi), 1):
        if k == nth:
            return pos
    return -1


def split_nth(field):
    m = re.match(r"^(.*)@(\d+)$", field)
    return (m.group(1), int(m.group(2))) if m else (field, 0)


def nearest(hay, needle, lo, hi, anchor):
    """The occurrence of needle in hay[lo:hi] nearest to byte anchor."""
    best = -1
    for pos in find_all(hay, needle, lo, hi):
        if best < 0 or abs(pos - anchor) < abs(best - anchor):
            best = pos
    return best


def resolve(path):
    docs = {d["doc"]: d["split"] for d in load_docs()}
    lines = open(path, encoding="utf-8").read().split("\n")
    wanted = [l[2:].strip() for l in lines if l.startswith("# ")]
    texts = sources.load_texts([w for w in wanted if w in docs])
    out, errors, doc, data, paras = [], [], None, b"", []
    seen_docs = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("//"):
            continue
        if line.startswith("# "):
            doc = line[2:].strip()
            if doc not in docs:
                errors.append(f"{path}:{lineno}: unknown document {doc}")
                doc = None
                continue
            seen_docs.append(doc)
            data = texts[doc].encode("utf-8")
            paras = paragraphs(texts[doc])
            continue
        if doc is None:
            continue
        fields = [f.strip() for f in line.split(" | ")]
        if len(fields) != 7:
            errors.append(f"{path}:{lineno}: {len(fields)} fields, want 7")
            continue
        para, kind, cue, speaker, content, code, name = fields
        where = f"{path}:{lineno}"
        if kind not in KINDS:
            errors.append(f"{where}: kind {kind!r}")
            continue
        try:
            pb, pe = paras[int(para)]
        except (ValueError, IndexError):
            errors.append(f"{where}: paragraph {para!r}")
            continue
        rec = {"doc": doc, "split": docs[doc], "kind": kind, "code": "" if code == "-" else code}
        anchor = pb
        if cue != "-":
            text, nth = split_nth(cue)
            pos = find_nth(data, text.encode("utf-8"), max(nth, 1), pb, pe)
            if pos < 0:
                errors.append(f"{where}: cue {text!r} not in paragraph {para}")
                continue
            rec["cue"] = [pos, pos + len(text.encode("utf-8"))]
            anchor = pos
        text, nth = split_nth(content)
        head, _, tail = text.partition(" ... ")
        needle = head.encode("utf-8")
        pos = find_nth(data, needle, nth, pb, len(data)) if nth else nearest(data, needle, pb, len(data), anchor)
        if pos < 0 or pos >= pe:
            errors.append(f"{where}: content {text[:40]!r} does not start in paragraph {para}")
            continue
        end = pos + len(needle)
        if tail:
            t = data.find(tail.encode("utf-8"), end)
            if t < 0:
                errors.append(f"{where}: content end {tail[:40]!r} not found")
                continue
            end = t + len(tail.encode("utf-8"))
        rec["content"] = [pos, end]
        if cue == "-":
            anchor = pos
        text, nth = split_nth(speaker)
        needle = text.encode("utf-8")
        # An unattributed quote's speaker may be in an earlier paragraph.
        lo = pb if cue != "-" else 0
        pos = find_nth(data, needle, nth, pb, pe) if nth else nearest(data, needle, lo, pe, anchor)
        if pos < 0 and not nth:  # named only in an earlier paragraph
            pos = nearest(data, needle, 0, pe, anchor)
        if pos < 0:
            errors.append(f"{where}: speaker {text!r} not found")
            continue
        rec["speaker"] = [pos, pos + len(needle)]
        if name != "-":
            text, nth = split_nth(name)
            needle = text.encode("utf-8")
            before = [p for p in find_all(data, needle, 0, rec["speaker"][0] + len(needle))]
            pos = before[-max(nth, 1)] if len(before) >= max(nth, 1) else -1
            if pos < 0:
                errors.append(f"{where}: name {text!r} not found before the speaker")
                continue
            rec["name"] = [pos, pos + len(needle)]
        out.append(rec)
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        sys.exit(1)
    missing = [d for d in docs if d not in seen_docs]
    if missing:
        print(f"note: {len(missing)} documents not annotated yet", file=sys.stderr)
    os.makedirs(os.path.dirname(GOLD), exist_ok=True)
    with open(GOLD, "w") as f:
        for d in seen_docs:
            f.write(json.dumps({"doc": d, "split": docs[d], "annotated": True}) + "\n")
        for r in out:
            f.write(json.dumps(r, sort_keys=True) + "\n")
    by = {}
    for r in out:
        by[r["split"]] = by.get(r["split"], 0) + 1
    print(f"{len(out)} statements in {len(seen_docs)} documents: {by}", file=sys.stderr)


def load_gold():
    docs, stmts = [], []
    for l in open(GOLD):
        r = json.loads(l)
        (docs if r.get("annotated") else stmts).append(r)
    return docs, stmts


def show(split):
    docs, stmts = load_gold()
    texts = sources.load_texts({d["doc"] for d in docs})
    for r in stmts:
        if split and r["split"] != split:
            continue
        data = texts[r["doc"]].encode("utf-8")
        t = lambda k: data[r[k][0]:r[k][1]].decode("utf-8") if k in r else "-"
        print(f"{r['doc'][:14]} {r['kind']:8} {r.get('code',''):9} [{t('speaker')}|{t('name')}] "
              f"<{t('cue')}> {t('content')[:90]}")


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "select":
        select()
    elif len(sys.argv) == 3 and sys.argv[1] == "render":
        render(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "resolve":
        resolve(sys.argv[2])
    elif len(sys.argv) >= 2 and sys.argv[1] == "show":
        show(sys.argv[3] if len(sys.argv) == 4 else "")
    else:
        sys.exit(__doc__)
