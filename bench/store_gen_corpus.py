#!/usr/bin/env python3
"""Writes a synthetic news-like corpus (JSONL) for the store benchmarks.

Every sentence comes from templates written for this benchmark, filled with
varied actors (states, governments, militaries, ministers, organisations),
verbs (talks, accusations, attacks, aid, agreements, threats), dates and a few
names no dictionary knows. Deterministic for a given --seed.

  bench/store_gen_corpus.py --docs 2000 --out /tmp/store_corpus.jsonl
"""
import argparse
import datetime
import json
import random

COUNTRIES = [
    ("Iraq", "Iraqi", "Baghdad"), ("United States", "American", "Washington"), ("Iran", "Iranian", "Tehran"),
    ("Turkey", "Turkish", "Ankara"), ("Greece", "Greek", "Athens"), ("Russia", "Russian", "Moscow"),
    ("Ukraine", "Ukrainian", "Kyiv"), ("China", "Chinese", "Beijing"), ("Japan", "Japanese", "Tokyo"),
    ("France", "French", "Paris"), ("Germany", "German", "Berlin"), ("Egypt", "Egyptian", "Cairo"),
    ("Israel", "Israeli", "Jerusalem"), ("Syria", "Syrian", "Damascus"), ("Saudi Arabia", "Saudi", "Riyadh"),
    ("Pakistan", "Pakistani", "Islamabad"), ("India", "Indian", "New Delhi"), ("Mali", "Malian", "Bamako"),
    ("Niger", "Nigerien", "Niamey"), ("Kenya", "Kenyan", "Nairobi"), ("Brazil", "Brazilian", "Brasilia"),
    ("Mexico", "Mexican", "Mexico City"), ("Jordan", "Jordanian", "Amman"), ("Qatar", "Qatari", "Doha"),
]
ORGS = ["the United Nations", "NATO", "the European Union", "the African Union", "the Arab League"]
ROLES = ["government", "foreign ministry", "army", "defence ministry", "president", "prime minister", "officials"]
UNKNOWN = ["Popular Mobilization Forces", "Kataib Hezbollah Brigades", "Northern Shield Coalition",
           "Desert Falcon Battalion", "Harbour Workers Union", "Free Valley Movement", "Blue River Alliance",
           "Southern Tribal Council"]

VERBAL = [
    "{a} held talks with {b} in {city} on {day}.",
    "{a} accused {b} of violating the ceasefire on {day}.",
    "{a} condemned {b} for the strikes near the border.",
    "{a} praised {b} for its restraint.",
    "{a} met with {b} in {city} to discuss trade.",
    "{a} demanded that {b} withdraw its troops.",
    "{a} threatened {b} with sanctions on {day}.",
    "{a} criticised {b} over the detention of journalists.",
    "{a} signed an agreement with {b} on {day}.",
    "{a} welcomed the proposal by {b}.",
    "{a} rejected the demands of {b}.",
    "{a} urged {b} to resume negotiations.",
]
MATERIAL = [
    "{a} attacked positions of {b} near {city} on {day}.",
    "{a} sent humanitarian aid to {b}.",
    "{a} expelled diplomats of {b} on {day}.",
    "{a} arrested citizens of {b} in {city}.",
    "{a} imposed sanctions on {b}.",
    "{a} released prisoners from {b} on {day}.",
]
HEDGED = [
    "{a} will not withdraw its ambassador from {city}, officials said.",
    "{a} may resume talks with {b} next month.",
    "It is unclear whether {a} will meet {b} again.",
]
# With --statements: who said what, over a few recurring issues (for `dyad compare`).
STATEMENT = [
    "{a} said on {day} that the talks with {b} had made progress on the {issue}.",
    "\u201cThe {issue} is not negotiable,\u201d {a} said.",
    "According to {a}, {b} is responsible for the failure of the {issue}.",
    "{a} denied that its forces had crossed into territory held by {b}.",
    "{a} accused {b} of blocking the {issue}.",
    "{a} rejected the accusations by {b} about the {issue}.",
    "In a statement, {a} emphasised its commitment to the {issue}.",
]
ISSUES = ["border agreement", "security partnership", "end of the mission", "ceasefire deal", "gas pipeline",
          "prisoner exchange", "water dispute", "trade deal", "nuclear programme", "refugee return"]

FILLER = [
    "Analysts said the move could reshape the region.",
    "Markets in {city} were calm on {day}.",
    "Residents described long queues at fuel stations.",
    "The statement gave no further details.",
    "Members of the {unknown} gathered outside the ministry.",
    "A spokesman for the {unknown} declined to comment.",
]


def actor(rng):
    if rng.random() < 0.12:
        return rng.choice(ORGS), None
    name, adj, city = rng.choice(COUNTRIES)
    r = rng.random()
    if r < 0.35:
        return name, city
    if r < 0.8:
        return f"the {adj} {rng.choice(ROLES)}", city
    return f"{adj} officials", city


def sentence(rng, day, templates):
    a, city = actor(rng)
    b, _ = actor(rng)
    while b == a:
        b, _ = actor(rng)
    tpl = rng.choice(templates)
    issue = rng.choice(ISSUES) if "{issue}" in tpl else ""
    s = tpl.format(a=a, b=b, city=city or "Geneva", day=day, unknown=rng.choice(UNKNOWN), issue=issue)
    return s[0].upper() + s[1:]


def document(rng, i, start, statements=False):
    date = start + datetime.timedelta(days=rng.randrange(0, 3 * 365))
    day = date.strftime("%A, %B %-d")
    n = rng.randint(6, 14)
    parts = []
    for _ in range(n):
        r = rng.random()
        tpl = VERBAL if r < 0.5 else MATERIAL if r < 0.7 else HEDGED if r < 0.8 else FILLER
        if statements and rng.random() < 0.3:
            tpl = STATEMENT
        parts.append(sentence(rng, day, tpl))
    paragraphs = [" ".join(parts[k:k + 3]) for k in range(0, len(parts), 3)]
    title = sentence(rng, day, VERBAL).rstrip(".")
    return {"id": f"synthetic-{i:07d}", "url": f"https://news.example/{date:%Y/%m/%d}/{i}",
            "date": date.isoformat(), "title": title, "text": title + "\n\n" + "\n\n".join(paragraphs)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--out", required=True)
    ap.add_argument("--statements", action="store_true",
                    help="also statements (quotes, said that, according to, denials) about recurring issues")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    start = datetime.date(2022, 1, 1)
    with open(args.out, "w", encoding="utf-8") as f:
        for i in range(args.docs):
            f.write(json.dumps(document(rng, i, start, args.statements), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
