"""A corpus of ~40 articles in JSONL shards (one gzip), its single-machine ingest, and one
LocalCluster of two worker processes shared by the module's tests."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")


def _line(gold: dict, copy: int) -> str:
    return json.dumps({"doc_id": f"{gold['doc_id']}-c{copy}", "title": gold.get("title"),
                       "published": gold.get("published"), "source": gold.get("source"),
                       "text": f"Wire copy {copy}.\n\n{gold['text']}"})


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, dev_gold) -> Path:
    """40 articles: shards a.jsonl (16 lines + one bad line), b.jsonl, c.jsonl.gz (8 each), and
    d/ with a copy of a's first article (a duplicate) and a text file."""
    root = tmp_path_factory.mktemp("corpus")
    lines = [_line(g, c) for c in range(5) for g in dev_gold]
    assert len(lines) == 40
    a = lines[:8] + ["{not json"] + lines[8:16]
    (root / "a.jsonl").write_text("\n".join(a) + "\n", encoding="utf-8")
    (root / "b.jsonl").write_text("\n".join(lines[16:24]) + "\n", encoding="utf-8")
    with gzip.open(root / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines[24:32]) + "\n")
    d = root / "d"
    d.mkdir()
    (d / "e.jsonl").write_text("\n".join(lines[32:40]) + "\n", encoding="utf-8")
    (d / "f.jsonl").write_text(lines[0] + "\n", encoding="utf-8")  # same content as a.jsonl:1
    return root


def events_of(store) -> list[dict]:
    return sorted((e.to_contract() for e in store.events(limit=None)), key=lambda e: e["event_id"])


@pytest.fixture(scope="session")
def baseline(tmp_path_factory, corpus):
    """The single-machine ingest of the corpus, ``tidings ingest`` in a fresh process (as the
    workers are; the session's shared pipeline may carry state from earlier tests): (summary,
    events)."""
    from tidings.store import Store

    db = tmp_path_factory.mktemp("single") / "t.db"
    env = {**os.environ, "TIDINGS_DATA_DIR": str(db.parent)}
    env.pop("TIDINGS_DB", None)
    proc = subprocess.run([sys.executable, "-m", "tidings.cli", "--db", str(db), "ingest", "--json",
                           str(corpus)], capture_output=True, text=True, env=env, timeout=300)
    summary = SimpleNamespace(**json.loads(proc.stdout))
    summary.problems = [(p["source"], p["reason"]) for p in summary.problems]
    with Store.open(f"sqlite:///{db}") as store:
        return summary, events_of(store)


@pytest.fixture(scope="session")
def client():
    import logging

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as c:
        yield c
