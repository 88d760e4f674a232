"""Throughput of `tidings ingest` against spaCy's own `nlp.pipe`, measured in the same run.

usage: python bench/throughput.py [--articles N] [--workers N] [--db URL]

The corpus is the packaged example plus the dev gold articles (tests/fixtures), repeated to N
articles; each copy gets a distinct first line so that content hashes differ and nothing is
skipped as a duplicate. Prints articles/s, words/s and the ratio of Tidings to spaCy alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tidings.examples import example_path  # noqa: E402
from tidings.nlp import build_nlp  # noqa: E402
from tidings.pipeline import Pipeline  # noqa: E402
from tidings.runner import ingest  # noqa: E402
from tidings.settings import load_settings  # noqa: E402
from tidings.store import Store  # noqa: E402


def corpus(n: int) -> list[dict]:
    base = [json.loads(line) for line in (ROOT / "tests/fixtures/articles.gold.jsonl").read_text().splitlines()]
    seed = example_path().read_text(encoding="utf-8")
    base.append({"doc_id": "seed", "title": seed.splitlines()[0], "published": "2025-02-13",
                 "text": seed.replace("More Quick Read Articles »", "").strip()})
    rows = []
    for i in range(n):
        b = base[i % len(base)]
        rows.append({"doc_id": f"{b['doc_id']}-{i}", "title": b["title"], "published": b["published"],
                     "text": f"Copy {i}.\n\n" + b["text"]})
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--db", default=None)
    args = ap.parse_args()
    rows = corpus(args.articles)
    words = sum(len(r["text"].split()) for r in rows)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
        settings = load_settings(data_dir=Path(tmp), db_url=args.db or f"sqlite:///{tmp}/bench.db",
                                 workers=args.workers)
        nlp = build_nlp(settings.model)
        pipeline = Pipeline.build(settings)
        texts = [r["text"] for r in rows]
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=settings.batch_size, n_process=args.workers):
            pass
        spacy_s = time.perf_counter() - t0
        with Store.open(settings.database_url) as store:
            t0 = time.perf_counter()
            summary = ingest([str(src)], settings, store, pipeline)
            tidings_s = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(rows)
    print(f"articles {n}, words {words}, workers {args.workers}, events stored {summary.events}")
    print(f"spaCy nlp.pipe      {n / spacy_s:8.1f} articles/s  {words / spacy_s:9.0f} words/s")
    print(f"tidings ingest      {n / tidings_s:8.1f} articles/s  {words / tidings_s:9.0f} words/s "
          f"(read, analyse, store in SQLite)")
    print(f"ratio tidings/spaCy {spacy_s / tidings_s:8.2f}")
    print(f"peak RSS (main process) {rss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
