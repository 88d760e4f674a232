"""Ingest orchestration: read inputs, skip what is stored, analyse, save, and count.

Library code: no printing. Progress goes to an optional callback, so the CLI can draw a bar and
tests can count calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from .ingest import Skipped, iter_articles
from .models import Article, Result
from .pipeline import Pipeline
from .settings import Settings
from .store import Store


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


def ingest(paths: Sequence[str], settings: Settings, store: Store, pipeline: Pipeline, *,
           published: dt.date | None = None, progress: Progress | None = None) -> IngestSummary:
    """Ingest files, directories and globs into ``store``. Each article is saved in its own
    transaction as soon as it is analysed, so an interrupted run loses nothing already stored."""
    summary = IngestSummary()
    articles = _fresh(iter_articles(paths, settings, published=published), store, summary, progress)
    for result in pipeline.process(articles):
        record(result, store, summary)
        if progress:
            progress(result.doc_id, result.status)
    return summary


def record(result: Result, store: Store, summary: IngestSummary) -> None:
    source = (result.article.path if result.article else None) or result.doc_id
    for w in result.warnings:
        summary.warnings.append((result.doc_id, w))
    if result.status != "ok":
        summary.failed += 1
        summary.problems.append((source, result.reason or "failed"))
        store.log(source, result.doc_id, "failed", result.reason)
        return
    outcome = store.save(result)
    if outcome.status == "duplicate":
        summary.duplicates += 1
        return
    summary.ingested += 1
    summary.events += len(result.events)
    summary.doc_ids.append(outcome.doc_id)
