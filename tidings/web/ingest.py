"""Ingest from the web: pasted text (or a JSON body) and uploaded files, analysed in memory.

Uploads are size-limited and parsed from memory: nothing is written to disk except the database
(which lives in the data directory, or wherever the operator's database URL points).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import threading
from typing import Any

from ..errors import InputError
from ..ingest import Skipped, read_text
from ..ingest.decode import DecodeProblem, decode, gunzip
from ..ingest.reader import _dispatch
from ..models import Article
from ..pipeline import Pipeline
from ..runner import IngestSummary, record
from ..settings import Settings
from ..store import Store
from . import data

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class PipelineHolder:
    """Builds the pipeline (spaCy load, ~1 s) on first use, once per app; analyses one at a time."""

    def __init__(self, settings: Settings, pipeline: Pipeline | None = None) -> None:
        self.settings = settings
        self._pipeline = pipeline
        self._lock = threading.Lock()

    def get(self) -> Pipeline:
        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline.build(self.settings)
            return self._pipeline

    @property
    def lock(self) -> threading.Lock:
        return self._lock


def safe_name(filename: str | None) -> str:
    """A file name reduced to a harmless label (no directories, no odd characters)."""
    base = (filename or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    base = _SAFE.sub("_", base).strip("._") or "upload"
    return base[:100]


def article_from_text(text: str, settings: Settings, *, title: str | None = None,
                      published: dt.date | None = None, source: str | None = None,
                      url: str | None = None) -> Article | Skipped:
    text = text or ""
    if not text.strip():
        raise InputError("text is empty", code="bad_request")
    if title and title.strip() and not text.lstrip().startswith(title.strip()):
        text = f"{title.strip()}\n\n{text}"
    art = read_text(text, settings=settings)
    if isinstance(art, Skipped):
        return art
    return _finish(art, published, source, url)


def articles_from_upload(filename: str | None, payload: bytes, settings: Settings, *,
                         published: dt.date | None = None) -> list[Article | Skipped]:
    """The articles of an uploaded file (text, HTML, JSONL/JSON, RSS/Atom; .gz too)."""
    label = f"upload/{safe_name(filename)}"
    if not payload:
        return [Skipped(label, "empty file")]
    try:
        if payload.startswith(b"\x1f\x8b"):
            payload = gunzip(payload, settings.max_file_bytes)
        decoded = decode(payload)
    except DecodeProblem as exc:
        return [Skipped(label, str(exc))]
    out: list[Article | Skipped] = []
    for rec in _dispatch(label, decoded.text, list(decoded.warnings), settings):
        out.append(_finish(rec, published, None, None) if isinstance(rec, Article) else rec)
    return out


def _finish(art: Article, published: dt.date | None, source: str | None, url: str | None) -> Article:
    changes: dict[str, Any] = {}
    if published is not None:
        changes.update(published=published, published_source="override")
    if source:
        changes["source"] = source
    if url:
        changes["url"] = url
    return dataclasses.replace(art, **changes) if changes else art


def run(items: list[Article | Skipped], store: Store, holder: PipelineHolder) -> dict[str, Any]:
    """Analyse and store ``items``; the summary plus each stored article's events."""
    summary = IngestSummary()
    fresh: list[Article] = []
    for item in items:
        if isinstance(item, Skipped):
            summary.skipped += 1
            summary.problems.append((item.source, item.reason))
            store.log(item.source, item.doc_id, "skipped", item.reason)
        elif store.has_hash(item.content_hash):
            summary.duplicates += 1
            store.log(item.path or item.doc_id, item.doc_id, "duplicate", "already stored (same content)")
        else:
            fresh.append(item)
    if fresh:
        pipeline = holder.get()
        with holder.lock:
            for art in fresh:
                record(pipeline.process_one(art), store, summary)
    stored = []
    for doc_id in summary.doc_ids:
        a = data.article(store, doc_id)
        stored.append({"doc_id": doc_id, "title": a["title"], "published": a["published"],
                       "events": a["events"], "findings": a["findings"]})
    return {"summary": summary.as_dict(), "articles": stored}
