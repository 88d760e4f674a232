"""Analysis commands: stories, story, planned, stances, brief, analyse."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..errors import ConfigError, TidingsError
from .common import app, err, fail, get_settings, open_store, out

FormatOpt = Annotated[str, typer.Option("--format", help="table or json.")]


def _json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command()
def analyse() -> None:
    """Rebuild stories, near-duplicate links, merged events and planned-event status for all
    stored articles (ingest keeps them up to date incrementally)."""
    from ..analysis import rebuild

    try:
        with open_store() as store:
            summary = rebuild(store)
        err.print(" ".join(f"{k.replace('_', ' ')}: {v}" for k, v in summary.as_dict().items()), highlight=False)
    except TidingsError as exc:
        fail(exc)


@app.command()
def stories(
    limit: Annotated[int, typer.Option("--limit", help="At most this many stories.")] = 50,
    min_articles: Annotated[int, typer.Option("--min-articles", help="Only stories with this many articles.")] = 1,
    fmt: FormatOpt = "table",
) -> None:
    """List stories (groups of articles on one development), most recent first."""
    from ..analysis import list_stories

    try:
        with open_store() as store:
            rows = list_stories(store, limit=limit, min_articles=min_articles)
    except TidingsError as exc:
        fail(exc)
        return
    if fmt == "json":
        _json(rows)
        return
    table = Table("id", "articles", "first", "last", "title", "actors")
    for r in rows:
        table.add_row(str(r["id"]), str(r["n_articles"]), r["first_published"] or "", r["last_published"] or "",
                      r["title"][:70], ", ".join(r["actors"][:4]))
    out.print(table)


@app.command()
def story(story_id: Annotated[str, typer.Argument(help="Story id, story key, or a member article's doc_id.")],
          fmt: FormatOpt = "table") -> None:
    """Show one story: its articles (first, near-duplicates, follow-ups) and merged events."""
    from ..analysis import story as get_story

    try:
        with open_store() as store:
            row = get_story(store, story_id)
        if row is None:
            raise ConfigError(f"no story {story_id!r} in {get_settings().database_url} (try `tidings analyse`)")
    except TidingsError as exc:
        fail(exc)
        return
    if fmt == "json":
        _json(row)
        return
    out.print(f"[bold]story {row['id']}[/] {row['title']}  ({row['first_published']} to {row['last_published']}, "
              f"{row['n_articles']} articles)", highlight=False)
    arts = Table("published", "doc_id", "source", "relation", "of", "similarity")
    for a in row["articles"]:
        arts.add_row(str(a["published"] or ""), a["doc_id"], a["source"] or a["site"] or "", a["relation"],
                     a["related_doc_id"] or "", f"{a['similarity']:.2f}")
    out.print(arts)
    evs = Table("event", "date", "place", "participants", "status", "mentions", "sources", "first report")
    for e in row["events"][:40]:
        evs.add_row(e["event_type"] + (f"/{e['mode']}" if e["mode"] else ""), e["date_value"] or "",
                    e["location_name"] or "", ", ".join(dict.fromkeys(p["name"] for p in e["participants"]))[:50],
                    "/".join(e["statuses"]) + (f" ({e['planned_status']})" if e["planned_status"] else ""),
                    str(e["n_mentions"]), str(e["n_sources"]), e["first_reported"] or "")
    out.print(evs)


@app.command()
def planned(
    status: Annotated[str | None, typer.Option("--status", help="pending, held, postponed, cancelled, disputed.")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Planned events (agreed meetings, planned visits) with their current status and evidence."""
    from ..analysis import planned_events

    try:
        with open_store() as store:
            rows = planned_events(store, status=status)
    except TidingsError as exc:
        fail(exc)
        return
    if fmt == "json":
        _json(rows)
        return
    table = Table("id", "first report", "event", "participants", "place", "date", "status", "evidence")
    for r in rows:
        first = r["mentions"][0] if r["mentions"] else None
        evidence = f"plan: {first['doc_id']} {first['sentence_start']}-{first['sentence_end']}" if first else ""
        for link in r["links"]:
            evidence += f"\n{link['status']}: {link['doc_id']} {link['start']}-{link['end']} “{link['text'][:80]}”"
        table.add_row(str(r["id"]), r["first_reported"] or "", r["event_type"] + (f"/{r['mode']}" if r["mode"] else ""),
                      ", ".join(dict.fromkeys(p["name"] for p in r["participants"]))[:40], r["location_name"] or "",
                      r["date_value"] or "", r["planned_status"], evidence)
    out.print(table)


@app.command()
def stances(
    issue: Annotated[str | None, typer.Option("--issue", help="Issue text (substring, any case).")] = None,
    holder: Annotated[str | None, typer.Option("--holder", help="Holder name, KB id or ISO3 country.")] = None,
    article: Annotated[str | None, typer.Option("--article", help="Only this article (doc_id).")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Who stands where on each issue, and how a holder's position changed over time."""
    from ..analysis.stances import stances_by_issue

    try:
        with open_store() as store:
            groups = stances_by_issue(store, issue=issue, holder=holder, article=article)
    except TidingsError as exc:
        fail(exc)
        return
    if fmt == "json":
        _json([g.as_dict() for g in groups])
        return
    if not groups:
        err.print("no stances match")
        return
    for g in groups:
        table = Table("holder", "position", "history", title=g.issue, title_justify="left")
        for h in g.holders:
            hist = "; ".join(f"{d or '?'} {s.position} ({s.doc_id})" for d, s in h.history)
            table.add_row(h.holder, h.position + (" (changed)" if h.changed else ""), hist)
        out.print(table)


@app.command()
def brief(
    ref: Annotated[str, typer.Argument(help="An article doc_id, or a story id / key.")],
    fmt: Annotated[str, typer.Option("--format", help="md, html or json.")] = "md",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")] = None,
    polish: Annotated[bool, typer.Option("--polish", help="Reword the summary via TIDINGS_LLM_URL (opt-in).")] = False,
) -> None:
    """A one-minute brief: grounded summary with citations, timeline, who stands where, actors
    with their offices, fact checks."""
    from ..analysis.brief import render_brief

    try:
        with open_store() as store:
            text = render_brief(store, ref, fmt, polish_summary=polish)
    except TidingsError as exc:
        fail(exc)
        return
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
