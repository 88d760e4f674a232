"""Distributed ingest on a LocalCluster of two worker processes: the same events as the
single-machine path, Parquet shards that load idempotently and that DuckDB reads, and a worker
killed mid-run."""

from __future__ import annotations

import functools
import gzip
import json

import pytest

from tidings.distributed import find_shards, ingest_distributed, load_shards, plan, read_partition
from tidings.ingest import Skipped, iter_articles
from tidings.store import Store

from .conftest import events_of
from .helpers import kill_once

SMALL = 20_000  # bytes per partition: splits a.jsonl into line ranges, groups the small files


def counts(summary) -> tuple[int, int, int, int]:
    return summary.ingested, summary.duplicates, summary.skipped, summary.failed


def test_plan_splits_big_jsonl_into_line_ranges_that_read_like_the_whole_file(corpus, settings):
    parts, missing = plan([str(corpus), str(corpus / "nope.jsonl")], target_bytes=SMALL)
    assert [m.source for m in missing] == [str(corpus / "nope.jsonl")]
    ranges = [p for part in parts for p in part.pieces if not p.whole]
    assert {p.path.rsplit("/", 1)[-1] for p in ranges} >= {"a.jsonl", "c.jsonl.gz"}
    assert len({part.key for part in parts}) == len(parts)
    again, _ = plan([str(corpus)], target_bytes=SMALL)
    assert [p.key for p in again] == [p.key for p in parts[:len(again)]]  # keys come from content

    def ident(item):
        if isinstance(item, Skipped):
            return ("skipped", item.source, item.reason)
        return (item.doc_id, item.content_hash, item.published, item.path, item.warnings)

    split = [ident(i) for part in parts for i in read_partition(part, settings)]
    whole = [ident(i) for i in iter_articles([str(corpus), str(corpus / "nope.jsonl")], settings)]
    assert sorted(split, key=repr) == sorted(whole[:-1], key=repr)  # the missing path: not a partition
    assert ("skipped", f"{corpus / 'a.jsonl'}:9", "line 9: invalid JSON (Expecting property name enclosed "
            "in double quotes)") in split


def test_store_output_matches_single_machine(client, corpus, settings, baseline, tmp_path):
    single, single_events = baseline
    assert counts(single) == (40, 1, 1, 0)
    db = f"sqlite:///{tmp_path / 'dist.db'}"
    ticks = []
    summary = ingest_distributed([str(corpus)], settings.replace(db_url=db), scheduler=client,
                                 partition_bytes=SMALL, progress=lambda *a: ticks.append(a))
    assert counts(summary) == counts(single)
    assert summary.events == single.events == len(single_events)
    assert sorted(summary.problems) == sorted(single.problems)
    assert ticks and ticks[-1][0] == ticks[-1][1] == len(ticks) >= 4
    with Store.open(db) as store:
        assert events_of(store) == single_events
        again = ingest_distributed([str(corpus)], settings.replace(db_url=db), scheduler=client,
                                   partition_bytes=SMALL)
        assert counts(again) == (0, 41, 1, 0)
        assert events_of(store) == single_events
        assert store.stats()["articles"] == 40


def test_parquet_shards_load_idempotently_and_duckdb_reads_them(client, corpus, settings, baseline, tmp_path,
                                                                dev_gold):
    _single, single_events = baseline
    out = tmp_path / "shards"
    summary = ingest_distributed([str(corpus)], settings, scheduler=client, output=f"parquet:{out}",
                                 partition_bytes=SMALL)
    assert counts(summary) == (40, 1, 1, 0)
    shards = find_shards([out])
    assert len(shards) >= 4 and not list(out.rglob(".*.tmp"))

    db = f"sqlite:///{tmp_path / 'loaded.db'}"
    with Store.open(db) as store:
        first = load_shards([out], store)
        assert (first.ingested, first.duplicates, first.failed) == (40, 1, 0)
        assert events_of(store) == single_events
        second = load_shards([out], store)
        assert (second.ingested, second.duplicates, second.failed) == (0, 41, 0)
        assert events_of(store) == single_events
        assert store.stats()["events"] == len(single_events)

    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    n_events, n_articles = con.execute(
        f"SELECT count(*), count(DISTINCT content_hash) FROM read_parquet('{out}/events/*.parquet')").fetchone()
    # d/f.jsonl repeats a.jsonl's first article, so its shard holds that article's events again
    repeated = sum(1 for e in single_events if e["doc_id"] == f"{dev_gold[0]['doc_id']}-c0")
    assert (n_events, n_articles) == (len(single_events) + repeated, 40)
    top = con.execute(f"""
        SELECT p.country, e.event_type, count(DISTINCT e.event_id) AS n
        FROM read_parquet('{out}/events/*.parquet') e
        JOIN read_parquet('{out}/participants/*.parquet') p USING (content_hash, event_id)
        WHERE p.role = 'actor' GROUP BY ALL ORDER BY n DESC LIMIT 3""").fetchall()
    assert top and all(n > 0 for *_, n in top)
    log = con.execute(f"SELECT status, reason FROM read_parquet('{out}/log/*.parquet')").fetchall()
    assert ("skipped", "line 9: invalid JSON (Expecting property name enclosed in double quotes)") in log


def test_a_worker_killed_mid_run_is_retried_without_duplicates(client, corpus, settings, baseline, tmp_path):
    _single, single_events = baseline
    marker = tmp_path / "killed"
    out = tmp_path / "shards"
    workers_before = set(client.nthreads())
    summary = ingest_distributed([str(corpus)], settings, scheduler=client, output=f"parquet:{out}",
                                 partition_bytes=SMALL, task=functools.partial(kill_once, marker=str(marker)))
    assert marker.exists(), "the worker was not killed"
    assert counts(summary) == (40, 1, 1, 0), summary.problems
    client.wait_for_workers(2, timeout=60)
    assert set(client.nthreads()) != workers_before  # the nanny started a new worker process

    with Store.open(f"sqlite:///{tmp_path / 'k.db'}") as store:
        loaded = load_shards([out], store)
        assert (loaded.ingested, loaded.failed) == (40, 0)
        assert events_of(store) == single_events


def test_gzip_shard_is_split_by_lines(tmp_path, settings, dev_gold):
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i, g in enumerate(dev_gold * 3):
            fh.write(json.dumps({"doc_id": f"g{i}", "text": f"Copy {i}. {g['text']}"}) + "\n")
    parts, _ = plan([str(path)], target_bytes=SMALL)
    assert len(parts) > 1 and all(p.pieces[0].gz for p in parts)
    ids = [a.doc_id for part in parts for a in read_partition(part, settings)]
    assert ids == [f"g{i}" for i in range(24)]
