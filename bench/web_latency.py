"""Web app latency with 10,000 stored articles: p50/p95/p99 per page and API endpoint.

    .venv/bin/python bench/web_latency.py [--articles 10000] [--requests 40] [--db PATH]

The store is filled quickly: the example article and the 8 dev articles are analysed once by the
real pipeline, then their Results are cloned (new doc_id, a numbered line appended to the text so
the content hash differs, publication dates spread over 2024-2025) and written with
``Store.save_many``. The app runs in-process (FastAPI TestClient, no network), so the numbers are
the app's own time per request. Target: p95 < 200 ms on every page.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def seed_results(settings):
    from tidings.examples import example_path
    from tidings.ingest import iter_articles
    from tidings.pipeline import Pipeline

    pipeline = Pipeline.build(settings)
    articles = [a for a in iter_articles([str(example_path()), str(ROOT / "tests/fixtures/articles.gold.jsonl")],
                                         settings) if hasattr(a, "text")]
    return [r for r in pipeline.process(articles) if r.status == "ok"]


def clone(result, i: int):
    art = result.article
    text = f"{art.text}\n\n(copy {i})"
    doc_id = f"{art.doc_id}-{i:05d}"
    published = dt.date(2024, 1, 1) + dt.timedelta(days=i % 600)
    new_art = dataclasses.replace(art, doc_id=doc_id, text=text, published=published,
                                  content_hash=hashlib.sha256(text.encode()).hexdigest())
    events = tuple(dataclasses.replace(e, doc_id=doc_id, event_id=f"{e.event_id}-{i:05d}") for e in result.events)
    findings = tuple(dataclasses.replace(f, doc_id=doc_id) for f in result.findings)
    extra = {}
    if getattr(result, "stances", None):  # stance records, where this Tidings has them
        extra["stances"] = tuple(dataclasses.replace(s, doc_id=doc_id, stance_id=f"{s.stance_id}-{i:05d}")
                                 for s in result.stances)
    return dataclasses.replace(result, doc_id=doc_id, article=new_art, events=events, findings=findings, **extra)


def fill(settings, n: int) -> None:
    from tidings.store import Store

    t0 = time.perf_counter()
    seeds = seed_results(settings)
    t1 = time.perf_counter()
    with Store(settings) as store:
        store.save_many((clone(seeds[i % len(seeds)], i) for i in range(n)), batch_size=500)
        stats = store.stats()
    print(f"filled {stats['articles']:,} articles, {stats['events']:,} events, {stats['actors']:,} actor mentions "
          f"(analysis {t1 - t0:.1f} s, bulk save {time.perf_counter() - t1:.1f} s)")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=40, help="timed requests per page")
    ap.add_argument("--db", help="SQLite file to (re)use; default: a fresh temporary one")
    args = ap.parse_args()

    from tidings.settings import load_settings

    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db) if args.db else Path(tmp.name) / "bench.db"
    settings = load_settings(env={}, data_dir=db.parent, db_url=f"sqlite:///{db}")
    from tidings.store import Store

    with Store(settings) as store:
        have = store.stats()["articles"]
    if have < args.articles:
        fill(settings, args.articles - have)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from tidings.web import create_app

    client = TestClient(create_app(settings, token=None))
    with Store(settings) as store:
        doc = store.articles(limit=1, offset=args.articles // 2)[0].doc_id
    pages = [
        ("home", "/"), ("articles", "/articles"), ("articles search", "/articles?q=ceasefire"),
        ("articles by actor", "/articles?actor=vladimir-putin"), ("article", f"/articles/{doc}"),
        ("events", "/events"), ("events actor=Putin", "/events?actor=Putin"),
        ("events type+status", "/events?type=AGREE&status=occurred&since=2025-01"),
        ("actor page (Putin)", "/actors/vladimir-putin"), ("actors search", "/actors?q=trump"),
        ("timeline", "/timeline"), ("timeline actor", "/timeline?actor=Zelenskyy"),
        ("network", "/network"), ("network actor", "/network?actor=Putin"), ("ingest", "/ingest"),
        ("api articles", "/api/v1/articles"), ("api article", f"/api/v1/articles/{doc}"),
        ("api events", "/api/v1/events?actor=Putin"), ("api actor", "/api/v1/actors/vladimir-putin"),
        ("api timeline", "/api/v1/timeline"), ("api network", "/api/v1/network"),
    ]
    print(f"\n{'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}   ({args.requests} requests each, in-process)")
    worst = 0.0
    for name, url in pages:
        for _ in range(3):  # warm caches (KB, ontology, SQLite pages)
            assert client.get(url, headers={"Accept": "text/html"}).status_code == 200, url
        times = []
        for _ in range(args.requests):
            t = time.perf_counter()
            resp = client.get(url, headers={"Accept": "text/html"})
            times.append((time.perf_counter() - t) * 1000)
            assert resp.status_code == 200
        p95 = pct(times, 95)
        worst = max(worst, p95)
        print(f"{name:<22} {statistics.median(times):8.1f} {p95:8.1f} {pct(times, 99):8.1f}")
    verdict = "yes" if worst < 200 else "NO"
    print(f"\nworst p95 {worst:.1f} ms: p95 < 200 ms on every page: {verdict}")
    tmp.cleanup()
    return 0 if worst < 200 else 1


if __name__ == "__main__":
    sys.exit(main())
