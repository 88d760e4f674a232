"""The client side of a distributed ingest: plan partitions, submit them, gather a summary.

Where results go:

- ``store`` with a PostgreSQL URL: every worker writes its partitions straight to the database
  (one transaction per partition).
- ``store`` with SQLite: only with a local cluster. SQLite has one writer at a time, so workers
  only read it (to skip stored articles) and send their Results back; this process is the single
  writer.
- ``parquet:DIR``: every worker writes one shard per partition under DIR (a shared filesystem on a
  real cluster); ``tidings load DIR`` imports them into any store later.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import ConfigError
from ..runner import IngestSummary
from ..settings import Settings
from .partition import plan
from .worker import Job, PartitionOutcome, PipelinePlugin, process_partition, save_and_count

# (partitions done, partitions in all, what just finished)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Output:
    sink: str  # "store" or "parquet"
    target: str  # database URL or directory


def parse_output(value: str | None, settings: Settings) -> Output:
    """``None`` -> the configured store; ``parquet:DIR`` -> shards under DIR."""
    if value is None or value in ("store", "db"):
        return Output("store", settings.database_url)
    kind, sep, rest = value.partition(":")
    if kind == "parquet" and sep and rest:
        return Output("parquet", os.path.abspath(os.path.expanduser(rest)))
    raise ConfigError(f"--output {value!r}: use parquet:DIR (or leave it out to write to the database)")


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def ingest_distributed(paths: Sequence[str], settings: Settings, *, scheduler="local",
                       n_workers: int | None = None, output: str | Output | None = None,
                       published: dt.date | None = None, progress: Progress | None = None,
                       partition_bytes: int | None = None, task: Callable | None = None,
                       on_plan: Callable[[int], None] | None = None) -> IngestSummary:
    """Ingest ``paths`` on a Dask cluster and return the same summary as the single-machine path.

    ``scheduler``: ``"local"`` (start a LocalCluster of ``n_workers`` processes), a scheduler
    address (``tcp://host:8786``), or a connected ``distributed.Client``. ``output``: None (the
    configured store) or ``parquet:DIR``. ``task`` replaces the partition function (tests).
    """
    out = output if isinstance(output, Output) else parse_output(output, settings)
    job_settings = settings.replace(workers=1)  # Dask gives the parallelism; one process per worker
    client, cluster, local = _connect(scheduler, n_workers)
    try:
        if out.sink == "store" and _is_sqlite(out.target) and not local:
            raise ConfigError("SQLite can only be written by one process, so --dask with a remote scheduler "
                              "needs a PostgreSQL --db, or --output parquet:DIR and `tidings load` afterwards")
        if out.sink == "parquet":
            os.makedirs(out.target, exist_ok=True)
            job = Job(job_settings, "parquet", out_dir=out.target, published=published)
        elif _is_sqlite(out.target):
            job = Job(job_settings, "client", store_url=out.target, published=published)
        else:
            job = Job(job_settings, "store", store_url=out.target, published=published)
        nworkers = len(client.nthreads()) or n_workers or 1
        parts, missing = plan(paths, workers=nworkers, target_bytes=partition_bytes, published=published)
        if on_plan:
            on_plan(len(parts))
        store = None
        if job.sink == "client":
            from ..store import Store

            store = Store.open(out.target)
        try:
            summary = _run(client, parts, missing, job, task or process_partition, store, progress)
            if job.sink != "parquet" and summary.doc_ids:
                from ..store import Store

                with Store.open(out.target) as st:
                    update_analysis(st, summary.doc_ids)
            return summary
        finally:
            if store is not None:
                store.close()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def update_analysis(store, doc_ids: Sequence[str], chunk: int = 2000) -> None:
    """Stories, near-duplicates, merged events and planned statuses for newly stored articles, as
    the single-machine ingest does after each batch; run once here, by the client, so workers
    writing in parallel never race on the story tables."""
    try:
        from .. import analysis
    except ImportError:  # pragma: no cover - the analysis layer is optional
        return
    for i in range(0, len(doc_ids), chunk):
        analysis.update(store, doc_ids[i:i + chunk])


def _connect(scheduler, n_workers: int | None):
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        return _Borrowed(scheduler), None, isinstance(scheduler.cluster, LocalCluster)
    if scheduler in (None, "local"):
        cluster = LocalCluster(n_workers=n_workers or default_workers(), threads_per_worker=1,
                               processes=True, dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster), cluster, True
    try:
        return Client(scheduler, timeout="30s"), None, False
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc


class _Borrowed:
    """A caller's Client: used as is and left open."""

    def __init__(self, client) -> None:
        self._client = client

    def __getattr__(self, name):
        return getattr(self._client, name)

    def close(self) -> None:
        pass


def _run(client, parts, missing, job: Job, task, store, progress: Progress | None) -> IngestSummary:
    from distributed import as_completed

    summary = IngestSummary()
    for item in missing:
        summary.skipped += 1
        summary.problems.append((item.source, item.reason))
        if store is not None:
            store.log(item.source, item.doc_id, "skipped", item.reason)
    if not parts:
        return summary
    client.register_plugin(PipelinePlugin(job.settings))
    futures = {client.submit(task, part, job, key=f"tidings-partition-{part.index}-{part.key[:16]}",
                             retries=1, pure=False): part for part in parts}
    seen: set[str] = set()
    for done, future in enumerate(as_completed(futures), 1):
        part = futures[future]
        try:
            outcome: PartitionOutcome = future.result()
        except Exception as exc:  # noqa: BLE001 - a lost partition is reported, not fatal
            summary.failed += 1
            summary.problems.append((part.describe(), f"partition failed on the cluster: "
                                                      f"{type(exc).__name__}: {exc}"))
            outcome = None
        else:
            _merge(summary, outcome, job, store, seen)
        future.release()
        if progress:
            progress(done, len(parts), part.describe() if outcome is None else
                     f"{part.describe()}: {outcome.ingested or len(outcome.results)} analysed")
    summary.problems.sort(key=lambda p: p[0])
    return summary


def _merge(summary: IngestSummary, o: PartitionOutcome, job: Job, store, seen: set[str]) -> None:
    summary.skipped += o.skipped
    summary.failed += o.failed
    summary.duplicates += o.duplicates
    summary.problems += o.problems
    summary.warnings += o.warnings
    if job.sink == "client":  # this process is the single SQLite writer
        for source, doc_id, status, reason in o.logs:
            store.log(source, doc_id, status, reason)
        save_and_count(store, o.results, summary)
        return
    if job.sink == "store":
        summary.ingested += o.ingested
        summary.events += o.events
        summary.doc_ids += o.doc_ids
        return
    # parquet: the same content in two partitions is written twice; count it once (`tidings load`
    # stores it once, by content hash)
    for h, doc_id in zip(o.hashes, o.doc_ids, strict=True):
        if h in seen:
            summary.duplicates += 1
            continue
        seen.add(h)
        summary.ingested += 1
        summary.events += o.events_by_hash.get(h, 0)
        summary.doc_ids.append(doc_id)
