"""A benchmark corpus: the dev gold articles plus generated news stories composed from templates.

usage: python bench/corpus.py [--articles N] [--out PATH]

Generated articles are built from short paragraph templates filled from the knowledge base
(countries with their capitals and adjectives, presidents, prime ministers and foreign ministers
in office on the article's date), with varied dates, event verbs, places and sentence orders.
Every sentence is written here; no outside text is copied. The result is deterministic for a
given N (seeded random) and cached as JSONL under bench/.cache/ so repeated runs reuse it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tidings.kb import load_kb  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
VERSION = 3  # bump when the templates change, so cached corpora are rebuilt

ROLES = (("head-of-government", "Prime Minister"), ("president", "President"),
         ("foreign-minister", "Foreign Minister"), ("defence-minister", "Defence Minister"))


@dataclass(frozen=True)
class Leader:
    name: str
    surname: str
    title: str
    iso3: str


@dataclass(frozen=True)
class Nation:
    iso3: str
    name: str
    adjective: str
    capital: str
    leaders: tuple[Leader, ...]


def gold_articles() -> list[dict]:
    """The dev gold articles (the seed one is the packaged example) and the extra wire variants."""
    fix = ROOT / "tests" / "fixtures"
    rows = []
    for path in (fix / "seed.gold.jsonl", fix / "articles.gold.jsonl", fix / "corpus" / "extra.jsonl"):
        if path.exists():
            rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{k: r[k] for k in ("doc_id", "title", "published", "text")} for r in rows]


def nations(on: dt.date) -> list[Nation]:
    """Sovereign countries with a capital, an adjective and at least one leader in office on ``on``."""
    kb = load_kb()
    by_country: dict[str, list[Leader]] = {}
    for office_id, office in kb.offices.items():
        for role, title in ROLES:
            if role not in office.roles or office.country is None:
                continue
            for person, _term in kb.holders(office_id, on):
                surname = person.name.split()[-1]
                by_country.setdefault(office.country, []).append(Leader(person.name, surname, title, office.country))
            break
    out = []
    for iso3, leaders in sorted(by_country.items()):
        c = kb.countries.get(iso3)
        if c is None or not c.capitals or not c.adjectives or c.status != "m":
            continue
        seen: dict[str, Leader] = {}
        for leader in leaders:
            seen.setdefault(leader.name, leader)
        out.append(Nation(iso3, c.name, c.adjectives[0], c.capitals[0], tuple(seen.values())))
    return out


# -- templates ------------------------------------------------------------------------------------
# Slots: {A}/{B} country names, {Aadj}/{Badj} adjectives, {Acap}/{Bcap} capitals, {LA}/{LB} leaders
# with titles, {la}/{lb} surnames, {day} weekday, {date} "12 March", {place} a third capital,
# {n} a number, {topic} a subject of talks.

OPENINGS = [
    "{LA} met {LB} in {place} on {day} for talks on {topic}, the first meeting between the two "
    "leaders since {month}.",
    "{LA} said on {day} that {A} would impose new sanctions on {B} after weeks of rising tension over {topic}.",
    "{Aadj} forces launched air strikes on targets near {Bcap} on {day}, {B}'s defence ministry said, "
    "in an escalation that officials in {place} described as dangerous.",
    "{LA} and {LB} signed an agreement on {topic} in {Acap} on {day}, ending months of negotiations.",
    "Thousands of protesters marched through {Acap} on {day} to demand the resignation of {LA}, "
    "accusing the government of mishandling {topic}.",
    "{A} recalled its ambassador to {B} on {day} after {lb} accused {Aadj} officials of interfering "
    "in the dispute over {topic}.",
    "{LA} spoke by telephone with {LB} on {day}, and both sides agreed to resume talks on {topic} "
    "in {place} next month.",
    "{B} rejected a proposal from {A} on {day} to hold direct talks on {topic}, calling the offer "
    "a distraction.",
    "{LA} promised on {day} to send humanitarian aid to {B}, where flooding has displaced {n} people.",
    "{Aadj} police arrested {n} demonstrators in {Acap} on {day} during a protest against the "
    "government's plans for {topic}.",
]

MIDDLES = [
    "Speaking to reporters in {Acap}, {la} said the talks had been \"frank and constructive\" and that "
    "{A} was ready to work with {B} on {topic}.",
    "{lb} said {B} would not accept any deal that ignored its concerns, and warned that further "
    "pressure would only harden its position.",
    "The meeting followed a visit by {Aadj} diplomats to {Bcap} on {date}, when officials discussed "
    "trade, security and {topic}.",
    "Officials in {Bcap} condemned the move and said {B} would respond at a time of its choosing.",
    "{LB} thanked {A} for its support and invited {la} to visit {Bcap} later in the year.",
    "The two governments also agreed to cooperate on border security and to reopen consulates that "
    "were closed in {year}.",
    "{LA} criticised {Badj} leaders for failing to stop attacks on {Aadj} citizens and demanded an "
    "investigation.",
    "{A} has supplied {B} with economic assistance since {year}, and {la} said that support would continue.",
    "A spokesperson for {lb} denied the accusation and urged {A} to stop spreading false claims.",
    "Earlier on {day}, {Badj} negotiators met their {Aadj} counterparts in {place} to prepare the "
    "agreement, according to a statement from the foreign ministry.",
    "{LB} is expected to travel to {Acap} on {date} for a summit with {la}.",
    "Opposition leaders in {A} praised the decision, while business groups warned that the dispute "
    "could hurt exports to {B}.",
]

CLOSINGS = [
    "Analysts said the outcome would depend on whether both sides kept their promises in the coming weeks.",
    "Neither government gave details of the next round of talks.",
    "{la} is due to address parliament on {date}.",
    "The United Nations called on both countries to show restraint and to settle the dispute peacefully.",
    "Talks are expected to resume in {place} after the holiday.",
    "The {Aadj} foreign ministry said it would publish the full text of the agreement next week.",
]

TOPICS = ["energy supplies", "border crossings", "the release of prisoners", "trade tariffs", "fishing rights",
          "water sharing", "refugee returns", "a ceasefire", "grain exports", "military cooperation",
          "a new pipeline", "visa rules", "the disputed islands", "nuclear safety", "debt relief"]


def _fill(template: str, slots: dict[str, str]) -> str:
    return template.format(**slots)


def generate(n: int, seed: int = 7) -> list[dict]:
    """``n`` generated articles (deterministic for ``seed``)."""
    rng = random.Random(seed)
    pool = {d: nations(dt.date(2025, m, 1)) for d, m in (("early", 2), ("late", 6))}
    rows: list[dict] = []
    texts: set[str] = set()
    i = 0
    while len(rows) < n:
        published = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(0, 300))
        cands = pool["early" if published.month < 5 else "late"]
        a, b, c = rng.sample(cands, 3)
        la, lb = rng.choice(a.leaders), rng.choice(b.leaders)
        back = published - dt.timedelta(days=rng.randrange(1, 6))
        ahead = published + dt.timedelta(days=rng.randrange(3, 40))
        slots = {
            "A": a.name, "B": b.name, "Aadj": a.adjective, "Badj": b.adjective, "Acap": a.capital,
            "Bcap": b.capital, "LA": f"{la.title} {la.name}" if rng.random() < 0.7 else f"{a.adjective} {la.title} "
            f"{la.name}", "LB": f"{b.adjective} {lb.title} {lb.name}", "la": la.surname, "lb": lb.surname,
            "day": back.strftime("%A"), "date": f"{ahead.day} {ahead.strftime('%B')}", "place": c.capital,
            "n": str(rng.choice([12, 40, 150, 300, 2000, 15000])), "topic": rng.choice(TOPICS),
            "month": (published - dt.timedelta(days=rng.randrange(60, 200))).strftime("%B"),
            "year": str(rng.randrange(2012, 2024)),
        }
        opening = rng.choice(OPENINGS)
        paras = [_fill(opening, slots)]
        middles = rng.sample(MIDDLES, rng.randrange(6, len(MIDDLES) + 1))
        background = rng.choice([t for t in OPENINGS if t != opening])
        middles.insert(rng.randrange(2, len(middles)), background.replace(" on {day}", " in {month}"))
        j = 0
        while j < len(middles):
            k = rng.randrange(1, 4)
            paras.append(" ".join(_fill(t, slots) for t in middles[j:j + k]))
            j += k
        paras.append(_fill(rng.choice(CLOSINGS), slots))
        dateline = f"{a.capital.upper()}, {published.strftime('%A')} {published.day} {published.strftime('%B %Y')}"
        title = " ".join(paras[0].split(",")[0].split()[:9]).rstrip(".")
        text = f"{title}\n\n{dateline}\n\n" + "\n\n".join(paras)
        if text not in texts:  # every article distinct, so none is skipped as a duplicate
            texts.add(text)
            rows.append({"doc_id": f"gen-{len(rows):05d}", "title": title, "published": published.isoformat(),
                         "text": text})
        i += 1
    return rows


def build(n: int) -> list[dict]:
    """``n`` articles: every gold article (a few copies each, with a distinct first line so content
    hashes differ) interleaved with generated ones, about one gold article in six."""
    gold = gold_articles()
    n_gold = max(len(gold), n // 6)
    rows = []
    for i in range(min(n_gold, n)):
        g = gold[i % len(gold)]
        rows.append({**g, "doc_id": f"{g['doc_id']}-{i}",
                     "text": (f"Copy {i}.\n\n" if i >= len(gold) else "") + g["text"]})
    gen = generate(n - len(rows))
    out, step = [], max(1, len(gen) // max(1, len(rows)))
    gi = 0
    for r in rows:
        out.append(r)
        out.extend(gen[gi:gi + step])
        gi += step
    out.extend(gen[gi:])
    return out[:n]


def load(n: int) -> list[dict]:
    """The cached corpus of ``n`` articles (built on first use)."""
    path = CACHE / f"corpus-v{VERSION}-{n}.jsonl"
    if path.exists():
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows = build(n)
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n")
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    tmp.replace(path)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    rows = load(args.articles)
    if args.out:
        args.out.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    words = sum(len(r["text"].split()) for r in rows)
    gen = sum(r["doc_id"].startswith("gen-") for r in rows)
    print(f"{len(rows)} articles ({gen} generated), {words} words, {words / len(rows):.0f} words/article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
