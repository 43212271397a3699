"""Lists WCXB development pages that are clearly not about politics: the
false-positive test set of the event coder (issue 11). Chosen once, before any
tuning, by a keyword screen over the page text and title, then read by hand
(titles and URLs); the list is committed as data/annotations/nonpolitical-wcxb.txt.

usage: nonpolitical.py > candidates.txt
"""
import re
import sources

POLITICAL = re.compile(r"\b(government|minister|president|parliament|senat\w*|congress\w*|militar\w*|army|troops|"
                       r"police|election\w*|vot(e|ers|ing)|war|wars|attack\w*|protest\w*|sanction\w*|treaty|"
                       r"diplomat\w*|embassy|nato|united nations|tariff\w*|court|lawsuit|federal|governor|"
                       r"politic\w*|party|parties|iran|israel\w*|ukrain\w*|russia\w*|china|chinese|gaza|"
                       r"trump|biden|putin|regulat\w*|law|laws|legislat\w*|agency|ministry|state department)\b", re.I)

rows = []
for doc_id, text, title in sources.documents(["wcxb"]):
    words = len(text.split())
    hits = len(POLITICAL.findall(text)) + 5 * len(POLITICAL.findall(title))
    rows.append((hits * 1000.0 / max(words, 1), hits, words, doc_id, title))
rows.sort()
for density, hits, words, doc_id, title in rows:
    print(f"{doc_id}\t{hits}\t{words}\t{density:.2f}\t{title[:90]}")
