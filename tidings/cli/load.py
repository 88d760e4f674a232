"""Distributed commands: ``tidings load SHARDS...`` and the ``--dask`` side of ``tidings ingest``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import ConfigError, TidingsError
from .common import app, err, fail, finish_summary, get_settings, open_store, parse_date


def _distributed():
    try:
        from .. import distributed
    except ImportError as exc:
        raise ConfigError(f"distributed ingest needs Dask and PyArrow ({exc.name} is missing): "
                          "pip install 'tidings[distributed]'") from exc
    return distributed


def _bar(label: str, quiet: bool, as_json: bool) -> Progress:
    return Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                    disable=quiet or as_json)


def dask_ingest(paths: list[str], *, dask: str | None, workers: int | None, output: str | None,
                published: str | None, batch_size: int | None, quiet: bool, as_json: bool) -> None:
    """``tidings ingest --dask ADDRESS|local [--dask-workers N] [--output parquet:DIR]``."""
    try:
        if dask is None:
            raise ConfigError("--dask-workers and --output need --dask ADDRESS or --dask local")
        if workers is not None and workers < 1:
            raise ConfigError("--dask-workers must be at least 1")
        if workers is not None and dask != "local":
            err.print("[yellow]note[/]: --dask-workers only applies to --dask local; the cluster's "
                      "workers are used as they are", highlight=False)
        dist = _distributed()
        settings = get_settings().replace(batch_size=batch_size)
        when = parse_date(published, "--published")
        target = dist.parse_output(output, settings)
        progress = _bar("ingest", quiet, as_json)
        with progress:
            task = progress.add_task("planning partitions", total=None)

            def planned(n: int) -> None:
                progress.update(task, total=n, description="partitions")

            def tick(done: int, total: int, what: str) -> None:
                progress.update(task, completed=done, total=total, description=what[-60:])

            summary = dist.ingest_distributed(paths, settings, scheduler=dask, n_workers=workers,
                                              output=target, published=when, progress=tick, on_plan=planned)
        if target.sink == "parquet" and not as_json:
            err.print(f"shards: {target.target} (import with: tidings load {target.target})", highlight=False)
        elif not as_json:
            err.print(f"database: {settings.database_url}", highlight=False)
    except TidingsError as exc:
        fail(exc)
        return
    finish_summary(summary, as_json)


@app.command()
def load(
    shards: Annotated[list[str], typer.Argument(help="Shard directories (from ingest --output parquet:DIR) "
                                                     "or articles/*.parquet files.")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import Parquet shards into the database; articles already stored are skipped (safe to repeat)."""
    try:
        dist = _distributed()
        found = dist.find_shards(shards)
        if not found:
            raise ConfigError(f"no shards found in {' '.join(shards)}")
        with open_store() as store:
            progress = _bar("load", quiet or not sys.stderr.isatty() and len(found) < 20, as_json)
            with progress:
                task = progress.add_task("", total=len(found))

                def tick(name: str, outcome: str) -> None:
                    progress.update(task, advance=1, description=f"{outcome}: {name[-40:]}")

                summary = dist.load_shards(shards, store, progress=tick, shards=found)
    except TidingsError as exc:
        fail(exc)
        return
    finish_summary(summary, as_json)
