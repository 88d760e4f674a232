"""Ingest orchestration: read inputs, skip what is stored, analyse, save, and count.

Library code: no printing. Progress goes to an optional callback, so the CLI can draw a bar and
tests can count calls.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from . import analysis
from .ingest import Skipped, iter_articles
from .models import Article, Result
from .pipeline import Pipeline
from .settings import Settings
from .store import SaveOutcome, Store


@dataclass
class IngestSummary:
    ingested: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, warning)
    doc_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.skipped == 0 and self.failed == 0

    def as_dict(self) -> dict:
        return {"ingested": self.ingested, "duplicates": self.duplicates, "skipped": self.skipped,
                "failed": self.failed, "events": self.events,
                "problems": [{"source": s, "reason": r} for s, r in self.problems],
                "warnings": [{"doc_id": d, "warning": w} for d, w in self.warnings]}


Progress = Callable[[str, str], None]  # (doc_id or source, outcome)


def _fresh(items: Iterator[Article | Skipped], store: Store, summary: IngestSummary, progress: Progress | None,
           chunk: int = 256) -> Iterator[Article]:
    """Articles whose content is not stored yet (checked in chunks), logging skips as they pass."""
    seen: set[str] = set()
    pending: list[Article] = []

    def flush() -> Iterator[Article]:
        known = store.known_hashes(a.content_hash for a in pending)
        for art in pending:
            if art.content_hash in known or art.content_hash in seen:
                summary.duplicates += 1
                store.log(art.path or art.doc_id, art.doc_id, "duplicate", "already stored (same content)")
                if progress:
                    progress(art.doc_id, "duplicate")
                continue
            seen.add(art.content_hash)
            yield art
        pending.clear()

    for item in items:
        if isinstance(item, Skipped):
            summary.skipped += 1
            summary.problems.append((item.source, item.reason))
            store.log(item.source, item.doc_id, "skipped", item.reason)
            if progress:
                progress(item.source, "skipped")
            continue
        pending.append(item)
        if len(pending) >= chunk:
            yield from flush()
    yield from flush()


SAVE_EVERY = 100  # articles per write transaction in ``ingest``
SAVE_SECONDS = 5.0  # ... or sooner, once the oldest unsaved article has waited this long


def ingest(paths: Sequence[str], settings: Settings, store: Store, pipeline: Pipeline, *,
           published: dt.date | None = None, progress: Progress | None = None,
           save_every: int = SAVE_EVERY, save_seconds: float = SAVE_SECONDS, analyse: bool = True) -> IngestSummary:
    """Ingest files, directories and globs into ``store``.

    Analysed articles are saved in batches (``Store.save_many``: one transaction per batch of
    ``save_every`` articles, or sooner once the oldest unsaved one has waited ``save_seconds``).
    Nothing already stored is lost: an interrupted run loses at most the batch not yet saved,
    which a re-run completes (stored articles are then skipped as duplicates). ``progress`` is
    called once per article, after its batch is stored. With ``analyse`` (the default) each saved
    batch also updates stories, merged events and planned status; bulk loads may turn it off and
    run :func:`tidings.analysis.rebuild` (``tidings analyse``) once at the end.
    """
    summary = IngestSummary()
    articles = _fresh(iter_articles(paths, settings, published=published), store, summary, progress)
    saver = _BatchSaver(store, summary, progress, save_every, save_seconds, analyse)
    try:
        for result in pipeline.process(articles):
            saver.add(result)
    except BaseException:
        with contextlib.suppress(Exception):
            saver.flush()  # keep what was analysed before the interruption
        raise
    saver.flush()
    return summary


class _BatchSaver:
    """Buffers ok Results and stores them with ``Store.save_many``; failed Results are logged in
    order (after the buffer before them is stored), exactly as :func:`record` does."""

    def __init__(self, store: Store, summary: IngestSummary, progress: Progress | None, every: int,
                 seconds: float, analyse: bool = True) -> None:
        self.store, self.summary, self.progress, self.analyse = store, summary, progress, analyse
        self.every, self.seconds = max(1, every), seconds
        self.pending: list[Result] = []
        self.since = 0.0

    def add(self, result: Result) -> None:
        if result.status != "ok":
            self.flush()
            record(result, self.store, self.summary)
            if self.progress:
                self.progress(result.doc_id, result.status)
            return
        self.summary.warnings.extend((result.doc_id, w) for w in result.warnings)
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append(result)
        if len(self.pending) >= self.every or time.monotonic() - self.since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        outcomes = self.store.save_many(batch, batch_size=len(batch))
        for result, outcome in zip(batch, outcomes, strict=True):
            _count(result, outcome, self.summary)
            if self.progress:
                self.progress(result.doc_id, result.status)
        # stories, near-duplicates, merged events, planned status for what was just stored
        if self.analyse:
            analysis.update(self.store, [o.doc_id for o in outcomes if o.status == "stored"])


def record(result: Result, store: Store, summary: IngestSummary) -> None:
    source = (result.article.path if result.article else None) or result.doc_id
    for w in result.warnings:
        summary.warnings.append((result.doc_id, w))
    if result.status != "ok":
        summary.failed += 1
        summary.problems.append((source, result.reason or "failed"))
        store.log(source, result.doc_id, "failed", result.reason)
        return
    _count(result, store.save(result), summary)


def _count(result: Result, outcome: SaveOutcome, summary: IngestSummary) -> None:
    """Add one saved ok Result's outcome to ``summary`` (its warnings are already counted)."""
    if outcome.status == "failed":  # a write that failed even on its own (``Store.save_many``)
        summary.failed += 1
        summary.problems.append(((result.article.path if result.article else None) or result.doc_id,
                                 outcome.reason or "failed"))
        return
    if outcome.status == "duplicate":
        summary.duplicates += 1
        return
    summary.ingested += 1
    summary.events += len(result.events)
    summary.doc_ids.append(outcome.doc_id)
