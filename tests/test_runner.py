"""Ingest orchestration into a real SQLite store: counts, duplicates, progress, skips, failures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tidings.events.coder import RuleCoder
from tidings.events.dates import find_dates
from tidings.events.extract import EventExtractor
from tidings.events.ontology import load_ontology
from tidings.events.places import load_gazetteer
from tidings.examples import example_path
from tidings.pipeline import Pipeline
from tidings.runner import ingest
from tidings.store import Store


@pytest.fixture
def inputs(tmp_path, dev_gold) -> Path:
    """Three good articles (one text file, two JSONL lines) and three bad inputs."""
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(example_path(), d / "seed.txt")
    lines = [json.dumps({k: g[k] for k in ("doc_id", "title", "published", "text")}) for g in dev_gold[:2]]
    (d / "batch.jsonl").write_text(f"{lines[0]}\n{{not json\n{lines[1]}\n", encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return d


@pytest.fixture
def store(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'tidings.db'}") as s:
        yield s


GOOD = {"seed", "dev-2025-01-20-gaza-ceasefire-begins", "dev-2025-02-19-riyadh-us-russia-talks"}


def run(inputs, settings, store, pipeline):
    calls: list[tuple[str, str]] = []
    summary = ingest([str(inputs)], settings, store, pipeline, progress=lambda item, outcome: calls.append(
        (item, outcome)))
    return summary, calls


def test_summary_counts(inputs, settings, store, pipeline):
    summary, _ = run(inputs, settings, store, pipeline)
    assert (summary.ingested, summary.duplicates, summary.skipped, summary.failed) == (3, 0, 3, 0)
    assert not summary.ok
    assert set(summary.doc_ids) == GOOD
    reasons = {Path(src).name: reason for src, reason in summary.problems}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "line 2" in reasons["batch.jsonl:2"] and "invalid JSON" in reasons["batch.jsonl:2"]
    stored_events = store.events(limit=None)
    assert summary.events == len(stored_events) > 0
    assert {e.doc_id for e in stored_events} <= GOOD
    assert store.stats()["articles"] == 3
    assert summary.as_dict()["ingested"] == 3 and len(summary.as_dict()["problems"]) == 3


def test_second_run_is_all_duplicates(inputs, settings, store, pipeline):
    run(inputs, settings, store, pipeline)
    events = store.stats()["events"]
    summary, calls = run(inputs, settings, store, pipeline)
    assert (summary.ingested, summary.duplicates, summary.skipped, summary.failed) == (0, 3, 3, 0)
    assert summary.events == 0 and summary.doc_ids == []
    assert sorted(item for item, outcome in calls if outcome == "duplicate") == sorted(GOOD)
    assert store.stats()["articles"] == 3 and store.stats()["events"] == events


def test_progress_called_once_per_item(inputs, settings, store, pipeline):
    _, calls = run(inputs, settings, store, pipeline)
    assert len(calls) == 6
    items = [item for item, _ in calls]
    assert len(set(items)) == 6
    assert sorted(i for i, o in calls if o == "ok") == sorted(GOOD)
    assert sorted(Path(i).name for i, o in calls if o == "skipped") == ["batch.jsonl:2", "binary.txt", "empty.txt"]


def test_skipped_inputs_in_ingest_log(inputs, settings, store, pipeline):
    run(inputs, settings, store, pipeline)
    log = store.ingest_log(limit=None)
    skipped = {Path(e.source).name: e.reason for e in log if e.status == "skipped"}
    assert set(skipped) == {"empty.txt", "binary.txt", "batch.jsonl:2"}
    assert skipped["empty.txt"] == "empty file"
    assert "binary" in skipped["binary.txt"] and "invalid JSON" in skipped["batch.jsonl:2"]
    ingested = {e.doc_id for e in log if e.status == "ingested"}
    assert ingested == GOOD


class ExplodingCoder(RuleCoder):
    """A real coder that fails on one article's text, as a buggy trained coder might."""

    name = "exploding"

    def code_sentence(self, sent):
        if "Kaboom" in sent.text:
            raise RuntimeError("coder crashed on Kaboom")
        return super().code_sentence(sent)


def test_failed_analysis_does_not_stop_the_batch(tmp_path, settings, store, pipeline):
    fragile = Pipeline(settings, pipeline.nlp, pipeline.kb,
                       EventExtractor(ExplodingCoder(), load_gazetteer(), load_ontology(), find_dates))
    d = tmp_path / "mixed"
    d.mkdir()
    (d / "a-first.txt").write_text("Talks in Ankara\n\nErdogan met Putin in Ankara on Monday.\n", encoding="utf-8")
    (d / "b-broken.txt").write_text("Kaboom\n\nKaboom said Russia attacked Ukraine.\n", encoding="utf-8")
    (d / "c-last.txt").write_text("Protest\n\nSerbian students protested in Belgrade.\n", encoding="utf-8")
    calls: list[tuple[str, str]] = []
    summary = ingest([str(d)], settings, store, fragile, progress=lambda i, o: calls.append((i, o)))
    assert (summary.ingested, summary.failed, summary.skipped) == (2, 1, 0)
    assert set(summary.doc_ids) == {"a-first", "c-last"}
    assert ("b-broken", "failed") in calls and len(calls) == 3
    (source, reason), = summary.problems
    assert source.endswith("b-broken.txt") and "RuntimeError" in reason and "Kaboom" in reason
    failed = [e for e in store.ingest_log(limit=None) if e.status == "failed"]
    assert len(failed) == 1 and failed[0].doc_id == "b-broken" and "Kaboom" in failed[0].reason
    assert store.article("b-broken") is None
    assert store.article("c-last") is not None
    assert {e.event_type for e in store.events(article="c-last")} == {"PROTEST"}


def test_analysis_can_be_deferred_for_bulk_loads(inputs, settings, store, pipeline):
    from sqlalchemy import func, select

    from tidings import analysis
    from tidings.store.analysis import MergedEventRow, StoryMemberRow

    def count(model) -> int:
        with store.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(model)).scalar_one()

    summary = ingest([str(inputs)], settings, store, pipeline, analyse=False)
    assert summary.ingested > 0
    assert count(StoryMemberRow) == 0 and count(MergedEventRow) == 0
    analysis.rebuild(store)
    assert count(StoryMemberRow) == summary.ingested
    assert count(MergedEventRow) > 0
