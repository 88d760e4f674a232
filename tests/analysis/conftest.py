"""A real SQLite store with the analysis corpus ingested through the real pipeline (once per module)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent.parent / "fixtures"
CORPUS = [str(FIXTURES / "seed.gold.jsonl"), str(FIXTURES / "articles.gold.jsonl"),
          str(FIXTURES / "corpus" / "extra.jsonl")]


def gold_stories() -> dict[str, str]:
    data = json.loads((FIXTURES / "corpus" / "stories.gold.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@pytest.fixture(scope="package")
def corpus_db(tmp_path_factory, settings, pipeline):
    """(store, seconds to ingest) for the whole corpus; `tidings.runner.ingest` runs the analysis."""
    from tidings.runner import ingest
    from tidings.store import Store

    path = tmp_path_factory.mktemp("analysis") / "corpus.db"
    store = Store(f"sqlite:///{path}")
    t0 = time.perf_counter()
    summary = ingest(CORPUS, settings, store, pipeline)
    assert summary.ingested == len(gold_stories()), summary.problems
    yield store, path, time.perf_counter() - t0
    store.close()
