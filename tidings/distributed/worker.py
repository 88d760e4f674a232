"""What runs on a Dask worker: the pipeline, built once per worker process, and one partition's work.

The Settings travel with every task (they are small and frozen); the Pipeline they describe is
built on first use and cached in the worker process, keyed by the Settings, and
:class:`PipelinePlugin` builds it as soon as a worker joins so the first task does not wait for
the model. A store connection is cached the same way.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Literal

from ..ingest import Skipped
from ..models import Article, Result
from ..settings import Settings
from .partition import Partition, read_partition

Sink = Literal["store", "client", "parquet"]

_LOCK = threading.Lock()
_PIPELINES: dict[Settings, object] = {}
_STORES: dict[str, object] = {}


def get_pipeline(settings: Settings):
    from ..pipeline import Pipeline

    with _LOCK:
        if settings not in _PIPELINES:
            _PIPELINES[settings] = Pipeline.build(settings)
        return _PIPELINES[settings]


def get_store(url: str):
    from ..store import Store

    with _LOCK:
        if url not in _STORES:
            _STORES[url] = Store.open(url)
        return _STORES[url]


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - dask is an optional extra at import time
    WorkerPlugin = object  # type: ignore[assignment,misc]


class PipelinePlugin(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Loads the model (and the knowledge base) once, when a worker starts or joins."""

    name = "tidings-pipeline"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def setup(self, worker) -> None:
        get_pipeline(self.settings)


@dataclass(frozen=True)
class Job:
    """Everything a partition task needs besides the partition."""

    settings: Settings
    sink: Sink
    store_url: str | None = None  # sink "store" (workers write) or "client" (pre-check only)
    out_dir: str | None = None  # sink "parquet"
    published: dt.date | None = None


@dataclass
class PartitionOutcome:
    index: int
    key: str
    ingested: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)  # parquet: content hashes written
    events_by_hash: dict[str, int] = field(default_factory=dict)  # parquet: for the run-wide dedup
    results: list[Result] = field(default_factory=list)  # sink "client": the client saves these
    logs: list[tuple[str, str | None, str, str]] = field(default_factory=list)  # (source, doc_id, status, reason)


def process_partition(part: Partition, job: Job) -> PartitionOutcome:
    """Read, analyse and write one partition; never raises for bad input or a bad article."""
    out = PartitionOutcome(part.index, part.key)
    store = get_store(job.store_url) if job.sink in ("store", "client") and job.store_url else None
    articles: list[Article] = []
    seen: set[str] = set()
    dupes: list[Article] = []
    for item in read_partition(part, job.settings, published=job.published):
        if isinstance(item, Skipped):
            out.skipped += 1
            out.problems.append((item.source, item.reason))
            out.logs.append((item.source, item.doc_id, "skipped", item.reason))
        elif item.content_hash in seen:
            dupes.append(item)
        else:
            seen.add(item.content_hash)
            articles.append(item)
    if store is not None:
        known = store.known_hashes(a.content_hash for a in articles)
        dupes += [a for a in articles if a.content_hash in known]
        articles = [a for a in articles if a.content_hash not in known]
    for art in dupes:
        out.duplicates += 1
        out.logs.append((art.path or art.doc_id, art.doc_id, "duplicate", "already stored (same content)"))

    pipeline = get_pipeline(job.settings)
    ok: list[Result] = []
    for result in pipeline.process(articles, workers=1):
        out.warnings += [(result.doc_id, w) for w in result.warnings]
        if result.status == "ok":
            ok.append(result)
        else:
            source = (result.article.path if result.article else None) or result.doc_id
            out.failed += 1
            out.problems.append((source, result.reason or "failed"))
            out.logs.append((source, result.doc_id, "failed", result.reason or "failed"))

    if job.sink == "client":
        out.results = ok
        return out
    if job.sink == "parquet":
        from .shards import write_shard

        write_shard(job.out_dir, part.key, ok, out.logs)
        for r in ok:
            out.ingested += 1
            out.events += len(r.events)
            out.doc_ids.append(r.doc_id)
            out.hashes.append(r.article.content_hash)
            out.events_by_hash[r.article.content_hash] = len(r.events)
        return out
    # sink "store": this worker writes; the whole partition is one transaction (save_many falls
    # back to one article per transaction if it fails), so a worker killed mid-partition leaves
    # nothing half-written and the retry finds exactly what was committed
    save_and_count(store, ok, out)
    for source, doc_id, status, reason in out.logs:
        store.log(source, doc_id, status, reason)
    return out


def save_and_count(store, results: list[Result], out) -> None:
    """Save ``results`` in one transaction and count the outcomes into ``out``."""
    if not results:
        return
    for result, outcome in zip(results, store.save_many(results, batch_size=len(results)), strict=True):
        if outcome.status == "stored":
            out.ingested += 1
            out.events += len(result.events)
            out.doc_ids.append(outcome.doc_id)
        elif outcome.status == "duplicate":
            out.duplicates += 1
        else:
            source = (result.article.path if result.article else None) or result.doc_id
            out.failed += 1
            out.problems.append((source, outcome.reason or outcome.status))
