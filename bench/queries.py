"""Query speed on a large store: load synthetic events, time the common ``Store.events`` filters.

usage: .venv/bin/python bench/queries.py [--events 1000000] [--repeat 20] [--db URL ...]
(default: a temporary SQLite file, plus $TIDINGS_TEST_PG_URL's server when set: a fresh database
is created there and dropped at the end).

The events are generated from real records: the event templates (types, modes, statuses,
participants, locations, contexts) of the dev gold articles (tests/fixtures/articles.gold.jsonl),
with participants varied over the knowledge base's people and countries and dates spread over
three years (20 events per article). Rows are built directly and written with the store's
fastest bulk path (COPY on PostgreSQL, executemany on SQLite). Each filter is timed as
``Store.events(..., limit=100)`` (the CLI's ``--limit 100`` page: ORDER BY + LIMIT, and the
participants of the 100 events); it prints p50/p95 in ms and the ratio to the unfiltered page.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tidings.store import Store  # noqa: E402
from tidings.store.rows import date_range, fold  # noqa: E402
from tidings.store.schema import ArticleRow, EventRow, ParticipantRow  # noqa: E402
from tidings.store.writer import bulk_insert  # noqa: E402

PER_ARTICLE = 20
START = dt.date(2023, 1, 1)
DAYS = 3 * 365
QUERIES = [  # (label, Store.events keyword arguments)
    ("unfiltered (baseline)", {}),
    ("actor name 'putin'", {"actor": "putin"}),
    ("actor name 'macron'", {"actor": "macron"}),
    ("actor ISO3 RUS", {"actor": "RUS"}),
    ("type PROTEST", {"event_type": "PROTEST"}),
    ("date range 2024-03", {"since": "2024-03-01", "until": "2024-03-31"}),
    ("dyad USA-RUS", {"dyad": "USA-RUS"}),
    ("type + ISO3 + dates", {"event_type": "CONSULT", "actor": "USA", "since": "2024-01-01",
                             "until": "2024-06-30"}),
    ("page 50 (offset 4900)", {"offset": 4900}),
    ("type CONSULT page 50", {"event_type": "CONSULT", "offset": 4900}),
]


def templates() -> list[dict]:
    out = []
    for line in (ROOT / "tests/fixtures/articles.gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            art = json.loads(line)
            out += [e for e in art.get("events", []) if e.get("actor") or e.get("recipient")]
    return out


def people() -> list[dict]:
    lines = [x for x in (ROOT / "tidings/kb/data/people.csv").read_text(encoding="utf-8").splitlines()
             if not x.startswith("#")]
    return [{"name": r["name"], "kb_id": r["id"], "country": r["country"] or None, "sector": "GOV"}
            for r in csv.DictReader(lines) if r.get("name")]


def generate(n_events: int, seed: int = 7):
    """Yield (article rows, event rows, participant rows) chunks of about 20,000 events."""
    rnd = random.Random(seed)
    tmpl, folks = templates(), people()
    countries = sorted({p["country"] for p in folks if p["country"]})
    now = dt.datetime.now(dt.UTC)
    n_articles = max(1, n_events // PER_ARTICLE)
    event_id = part_id = 0
    arts, evs, parts = [], [], []
    for a in range(1, n_articles + 1):
        published = START + dt.timedelta(days=rnd.randrange(DAYS)) if rnd.random() > 0.02 else None
        doc = f"synthetic-{a}"
        arts.append({"id": a, "doc_id": doc, "content_hash": f"h{a:012d}", "title": doc, "text": "synthetic",
                     "published": published, "published_source": "metadata", "fmt": "text",
                     "body_start": 0, "warnings": [], "ingested_at": now, "source": "bench"})
        for k in range(PER_ARTICLE):
            t = rnd.choice(tmpl)
            event_id += 1
            r = rnd.random()
            if published is None or r < 0.1:
                date_value, precision = None, None
            elif r < 0.8:
                date_value, precision = (published - dt.timedelta(days=rnd.randrange(4))).isoformat(), "day"
            elif r < 0.95:
                date_value, precision = published.isoformat()[:7], "month"
            else:
                date_value, precision = published.isoformat()[:4], "year"
            when = date_range(date_value) or ((published.isoformat(),) * 2 if published else (None, None))
            loc = t.get("location") or {}
            evs.append({
                "id": event_id, "article_id": a, "event_id": f"{doc}-e{k}", "event_type": t["event_type"],
                "mode": t.get("mode"), "status": t.get("status", "occurred"), "date_value": date_value,
                "date_precision": precision, "when_start": when[0], "when_end": when[1],
                "location_name": loc.get("name"), "location_country": loc.get("country"),
                "contexts": t.get("context", []), "confidence": 0.8, "coder": "rules",
                "sentence_start": k * 100, "sentence_end": k * 100 + 90, "sentence_text": t.get("evidence", "")[:200],
                "clause_start": k * 100, "clause_end": k * 100 + 50, "clause_text": "", "trigger_start": k * 100,
                "trigger_end": k * 100 + 5, "trigger_text": "",
                "sort_day": published.isoformat() if published else "9999-12-31",
            })
            for role in ("actor", "recipient"):
                for pos, p in enumerate(t.get(role) or []):
                    x = rnd.random()
                    if x < 0.4:  # a person from the KB
                        p = rnd.choice(folks)
                    elif x < 0.6 and p.get("country"):  # the same kind of actor, another country
                        p = {**p, "country": rnd.choice(countries), "name": p["name"]}
                    part_id += 1
                    parts.append({
                        "id": part_id, "event_id": event_id, "role": role, "position": pos,
                        "search": fold(f"{p['name']} {p.get('kb_id') or ''}"), "name": p["name"],
                        "kb_id": p.get("kb_id"), "country": p.get("country"), "sector": p.get("sector"),
                        "kind": "person" if p.get("kb_id") else "group", "start": 0, "end": 5, "text": p["name"][:20],
                        "resolved_by": "name",
                    })
        if len(evs) >= 20_000:
            yield arts, evs, parts
            arts, evs, parts = [], [], []
    if arts:
        yield arts, evs, parts


def load(store: Store, n_events: int) -> tuple[int, float]:
    start = time.perf_counter()
    total = 0
    for arts, evs, parts in generate(n_events):
        with store.engine.begin() as conn:
            for model, values in ((ArticleRow, arts), (EventRow, evs), (ParticipantRow, parts)):
                if conn.dialect.name == "postgresql":
                    bulk_insert(conn, model, values)
                else:
                    conn.execute(insert(model.__table__), values)
        total += len(evs)
        print(f"\r  loaded {total:,} events", end="", file=sys.stderr, flush=True)
    with store.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT setval(pg_get_serial_sequence(t, 'id'), (SELECT max(id) FROM "
                              "events)) FROM (VALUES ('events')) v(t)"))
        conn.commit()
    print(file=sys.stderr)
    return total, time.perf_counter() - start


def analyze(store: Store) -> float:
    start = time.perf_counter()
    with store.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        else:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    return time.perf_counter() - start


def time_queries(store: Store, repeat: int) -> list[tuple[str, int, float, float]]:
    out = []
    for label, kw in QUERIES:
        store.events(limit=100, **kw)  # warm the cache
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            found = store.events(limit=100, **kw)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        out.append((label, len(found), statistics.median(times), p95))
    return out


def run(url: str, n_events: int, repeat: int) -> None:
    with Store(url) as store:
        n, took = load(store, n_events)
        an = analyze(store)
        print(f"\n{store.url}: loaded {n:,} events in {took:.0f} s ({n / took:,.0f} events/s), "
              f"analyze {an:.1f} s")
        results = time_queries(store, repeat)
    base = results[0][2]
    print(f"{'filter (limit 100)':28} {'rows':>5} {'p50 ms':>8} {'p95 ms':>8} {'x base':>7}")
    for label, rows, p50, p95 in results:
        flag = "" if p95 < 100 else "  > 100 ms"
        print(f"{label:28} {rows:5d} {p50:8.1f} {p95:8.1f} {p50 / base:7.1f}{flag}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", action="append", help="database URL (repeatable); default: SQLite, and "
                        "a fresh database on $TIDINGS_TEST_PG_URL's server when set")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        targets: list[tuple[str, str | None]] = [(u, None) for u in args.db or []]
        if not args.db:
            if args.backend in ("sqlite", "both"):
                targets.append((f"sqlite:///{Path(tmp) / 'queries.db'}", None))
            pg = os.environ.get("TIDINGS_TEST_PG_URL")
            if pg and args.backend in ("postgresql", "both"):
                name = f"tidings_bench_{uuid.uuid4().hex[:8]}"
                admin = create_engine(pg, isolation_level="AUTOCOMMIT")
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                admin.dispose()
                targets.append((make_url(pg).set(database=name).render_as_string(hide_password=False), pg))
        for url, admin_url in targets:
            try:
                run(url, args.events, args.repeat)
            finally:
                if admin_url:
                    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
                    with admin.connect() as conn:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
                    admin.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
