"""Core commands: ingest, events, export, show, demo."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import render
from ..errors import ConfigError, TidingsError
from .common import app, err, fail, finish_summary, get_settings, open_store, out, parse_date


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or glob patterns.")],
    published: Annotated[str | None, typer.Option(help="Publication date for every article (YYYY-MM-DD).")] = None,
    workers: Annotated[int | None, typer.Option(help="spaCy worker processes.")] = None,
    batch_size: Annotated[int | None, typer.Option(help="Articles per spaCy batch.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    no_analysis: Annotated[bool, typer.Option("--no-analysis", help="Skip story grouping and event merging "
                                              "(for bulk loads; run `tidings analyse` afterwards).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    dask: Annotated[str | None, typer.Option("--dask", metavar="ADDRESS|local",
                                             help="Run on a Dask cluster: a scheduler address, or 'local' "
                                                  "to start one here.")] = None,
    dask_workers: Annotated[int | None, typer.Option("--dask-workers", help="Worker processes for --dask "
                                                                            "local.")] = None,
    output: Annotated[str | None, typer.Option("--output", metavar="parquet:DIR",
                                               help="With --dask: write Parquet shards to DIR instead of the "
                                                    "database (import them with `tidings load`).")] = None,
) -> None:
    """Read articles (text, HTML, JSONL, RSS/Atom; .gz too), extract events, store them."""
    if dask is not None or dask_workers is not None or output is not None:
        from .load import dask_ingest

        dask_ingest(paths, dask=dask, workers=dask_workers, output=output, published=published,
                    batch_size=batch_size, quiet=quiet, as_json=as_json)
        return
    from ..ingest import count_inputs
    from ..pipeline import Pipeline
    from ..runner import ingest as run_ingest

    try:
        settings = get_settings().replace(workers=workers, batch_size=batch_size)
        when = parse_date(published, "--published")
        pipeline = Pipeline.build(settings)
        with open_store() as store:
            total = count_inputs(paths)
            show = not quiet and not as_json and sys.stderr.isatty() or (not quiet and total > 20 and not as_json)
            progress = Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                                disable=not show)
            with progress:
                task = progress.add_task("", total=None if total <= 1 else None)

                def tick(name: str, outcome: str) -> None:
                    progress.update(task, advance=1, description=f"{outcome}: {name[:40]}")

                summary = run_ingest(paths, settings, store, pipeline, published=when, progress=tick,
                                     analyse=not no_analysis)
    except TidingsError as exc:
        fail(exc)
        return
    finish_summary(summary, as_json)


def _filters(actor, event_type, status, since, until, article, limit) -> dict:
    return {"actor": actor, "event_type": event_type.upper() if event_type else None, "status": status,
            "since": parse_date(since, "--since"), "until": parse_date(until, "--until"),
            "article": article, "limit": limit}


ActorOpt = Annotated[str | None, typer.Option("--actor", help="Actor name, KB id or ISO3 country code.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. CONSULT.")]
StatusOpt = Annotated[str | None, typer.Option("--status", help="occurred, planned, possible, negated, denied, historical.")]
SinceOpt = Annotated[str | None, typer.Option("--since", help="Events on or after YYYY-MM-DD.")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Events on or before YYYY-MM-DD.")]
ArticleOpt = Annotated[str | None, typer.Option("--article", help="Only this article (doc_id).")]
LimitOpt = Annotated[int | None, typer.Option("--limit", help="At most this many events.")]


@app.command()
def events(
    actor: ActorOpt = None, event_type: TypeOpt = None, status: StatusOpt = None, since: SinceOpt = None,
    until: UntilOpt = None, article: ArticleOpt = None, limit: LimitOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json, jsonl or csv.")] = "table",
) -> None:
    """List stored events."""
    from ..export import write_events

    try:
        with open_store() as store:
            rows = store.events(**_filters(actor, event_type, status, since, until, article, limit))
        if fmt == "table":
            render.events_table(out, rows)
        else:
            write_events(rows, fmt, sys.stdout)
    except TidingsError as exc:
        fail(exc)


FINDING_FIELDS = ("doc_id", "kind", "message", "start", "end", "text", "kb_id")


def _write_findings(findings, fmt: str, fh) -> int:
    """Fact-check findings as jsonl, json or csv (one row per finding, with its evidence span)."""
    import csv

    rows = [{"doc_id": f.doc_id, "kind": f.kind, "message": f.message, "start": f.span.start,
             "end": f.span.end, "text": f.span.text, "kb_id": f.kb_id} for f in findings]
    if fmt == "jsonl":
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    elif fmt == "json":
        fh.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        w = csv.DictWriter(fh, fieldnames=FINDING_FIELDS)
        w.writeheader()
        w.writerows(rows)
    else:
        raise ConfigError(f"findings export format {fmt!r}: use jsonl, json or csv")
    return len(rows)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="jsonl, json, csv or cameo-tsv.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")] = None,
    actor: ActorOpt = None, event_type: TypeOpt = None, status: StatusOpt = None, since: SinceOpt = None,
    until: UntilOpt = None, article: ArticleOpt = None, limit: LimitOpt = None,
    findings: Annotated[bool, typer.Option("--findings", help="Export the fact-check findings (jsonl, json "
                                                              "or csv) instead of events.")] = False,
) -> None:
    """Export events: JSONL in the event contract (scorable), JSON, CSV, or CAMEO TSV; or, with
    --findings, the knowledge-base fact checks."""
    from ..export import write_events

    try:
        with open_store() as store:
            if findings:
                rows = store.findings(article=article, limit=limit)
            else:
                rows = store.events(**_filters(actor, event_type, status, since, until, article, limit))
        writer = _write_findings if findings else write_events
        what = "findings" if findings else "events"
        if output is None:
            writer(rows, fmt, sys.stdout)
        else:
            tmp = output.with_name(output.name + ".part")
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                writer(rows, fmt, fh)
            tmp.replace(output)
            err.print(f"wrote {len(rows)} {what} to {output}")
    except TidingsError as exc:
        fail(exc)


@app.command()
def show(article_id: Annotated[str, typer.Argument(help="The article's doc_id.")]) -> None:
    """Print an article with its actors and event evidence marked."""
    try:
        with open_store() as store:
            stored = store.article(article_id)
        if stored is None:
            raise ConfigError(f"no article {article_id!r} in {get_settings().database_url}")
        render.article(out, stored)
    except TidingsError as exc:
        fail(exc)


@app.command()
def demo() -> None:
    """Ingest the bundled example article and print its events (SQLite, no server needed)."""
    from .. import analysis
    from ..analysis.stances import stances_by_issue
    from ..examples import example_path
    from ..ingest import iter_articles
    from ..pipeline import Pipeline
    from ..runner import IngestSummary, record

    try:
        settings = get_settings()
        pipeline = Pipeline.build(settings)
        path = example_path()
        with open_store() as store:
            summary = IngestSummary()
            doc_id = None
            for item in iter_articles([str(path)], settings):
                if hasattr(item, "reason"):
                    raise ConfigError(f"example article unreadable: {item.reason}")
                doc_id = item.doc_id
                existing = store.article(doc_id)
                if existing is None:
                    record(pipeline.process_one(item), store, summary)
            analysis.update(store, [doc_id])  # stories, merged events, planned status
            stored = store.article(doc_id)
            groups = stances_by_issue(store, article=doc_id)
        err.print(f"database: {settings.database_url}")
        render.article_header(out, stored)
        render.events_table(out, stored.events)
        render.stances(out, groups)
        render.resolved_roles(out, stored.actors)
        render.findings(out, stored.findings)
    except TidingsError as exc:
        fail(exc)


