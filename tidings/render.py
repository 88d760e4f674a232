"""Terminal rendering (rich) for the CLI: tables, marked-up articles, summaries. No logic here."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .models import ActorRef, EventRecord, Finding


def _who(actors: Sequence[ActorRef]) -> str:
    return "; ".join(f"{a.name} ({a.country or '?'}/{a.sector or '?'})" for a in actors) or "-"


def events_table(console: Console, events: Sequence[EventRecord]) -> None:
    """One block per event: a header line (type, mode, status, who -> whom, date, place), then the
    evidence clause. Reads well at any terminal width and in a pipe."""
    console.print(Text(f"{len(events)} events", style="bold"))
    for n, ev in enumerate(events, 1):
        line = Text(f"{n:>3}. ")
        line.append(ev.event_type, style="bold")
        line.append(f"/{ev.mode}" if ev.mode else "")
        line.append("  ")
        line.append(ev.status, style="yellow" if ev.status != "occurred" else "green")
        line.append("  ")
        line.append(_who(ev.actor), style="cyan")
        if ev.recipient:
            line.append(" -> ")
            line.append(_who(ev.recipient), style="magenta")
        line.append(f"  date: {ev.date.value if ev.date else '-'}")
        place = f"{ev.location.name} ({ev.location.country})" if ev.location else "-"
        line.append("  place: ")
        line.append(place, style="green" if ev.location else "")
        if ev.cameo:
            line.append(f"  CAMEO {ev.cameo}", style="dim")
        console.print(line)
        console.print(Text(f"     \u201c{ev.evidence.clause.text}\u201d", style="dim"))


def findings(console: Console, items: Sequence[Finding]) -> None:
    if not items:
        return
    console.print("[bold]Fact checks[/]")
    for f in items:
        console.print(f"  [red]![/] {f.message}  [dim]({f.span.text!r} at {f.span.start})[/]", highlight=False)


def stances(console: Console, groups: Sequence) -> None:
    """Who stands where: one line per holder and issue (groups from ``analysis.stances``)."""
    rows = [(h, g) for g in groups for h in g.holders]
    if not rows:
        return
    console.print(Text("Who stands where", style="bold"))
    for h, g in rows:
        colour = {"support": "green", "oppose": "red"}.get(h.position, "yellow")
        line = Text(f"  {h.holder} ({h.country or '?'}) ")
        line.append(h.position, style=colour)
        line.append(f": {g.issue}")
        console.print(line)


def resolved_roles(console: Console, actors: Sequence[ActorRef]) -> None:
    """Who the unnamed officials are: role descriptions resolved on the article's date."""
    seen = set()
    rows = []
    for a in actors:
        if a.resolved_by == "role" and (a.span.text, a.kb_id) not in seen:
            seen.add((a.span.text, a.kb_id))
            rows.append(a)
    if not rows:
        return
    console.print(Text("Who is meant", style="bold"))
    for a in rows:
        office = f", {a.office}" if a.office else ""
        console.print(f"  {a.span.text!r} -> {a.name} ({a.country}{office})", highlight=False)


def article_header(console: Console, stored) -> None:
    art = stored.article
    console.print(f"[bold]{art.title or art.doc_id}[/]  [dim]{art.doc_id}[/]", highlight=False)
    src = {"dateline": "from the dateline", "metadata": "from the metadata", "override": "given on the command line",
           "file-mtime": "from the file's modification date", "none": "unknown"}.get(art.published_source,
                                                                                      art.published_source)
    console.print(f"published: {art.published or 'unknown'} ({src})", highlight=False)
    for w in art.warnings:
        console.print(f"[yellow]warning[/]: {w}", highlight=False)


def article(console: Console, stored) -> None:
    """The article text with actors (cyan) and event evidence (underlined) marked."""
    article_header(console, stored)
    art = stored.article
    text = Text(art.text)
    for ev in stored.events:
        text.stylize("underline", ev.evidence.clause.start, ev.evidence.clause.end)
        text.stylize("bold yellow", ev.evidence.trigger.start, ev.evidence.trigger.end)
    for a in stored.actors:
        text.stylize("cyan", a.span.start, a.span.end)
    for f in stored.findings:
        text.stylize("bold red", f.span.start, f.span.end)
    console.print()
    console.print(text)
    console.print()
    actors = Table(title="actors", title_justify="left")
    for col in ("text", "resolved to", "country", "sector", "how"):
        actors.add_column(col)
    for a in stored.actors:
        actors.add_row(a.span.text, a.name + (f" [{a.kb_id}]" if a.kb_id else " (not in KB)"), a.country or "-",
                       a.sector or "-", a.resolved_by)
    console.print(actors)
    events_table(console, stored.events)
    findings(console, stored.findings)


def summary(console: Console, s) -> None:
    line = (f"ingested {s.ingested} article(s) with {s.events} event(s); "
            f"{s.duplicates} duplicate(s) skipped; {s.skipped} unreadable; {s.failed} failed")
    console.print(("[green]" if s.ok else "[red]") + line + "[/]", highlight=False)
    for doc_id, w in s.warnings[:50]:
        console.print(f"  [yellow]warning[/] {doc_id}: {w}", highlight=False)
    for source, reason in s.problems[:200]:
        console.print(f"  [red]x[/] {source}: {reason}", highlight=False)
    if len(s.problems) > 200:
        console.print(f"  ... and {len(s.problems) - 200} more", highlight=False)


def kb_answers(console: Console, query: str, answers: Sequence) -> None:
    if not answers:
        console.print(f"no match for {query!r}", highlight=False)
        return
    for a in answers:
        line = Text()
        line.append(a.name, style="bold")
        line.append(f" [{a.id}]  {a.kind}, {a.country or '-'}/{a.sector or '-'}")
        console.print(line)
        if a.office is not None:
            term = getattr(a, "term", None)
            start = getattr(term, "start", None) or a.office.start
            end = getattr(term, "end", None) or a.office.end
            console.print(f"    office: {a.office.title} ({a.office.country}), term {start or '?'} to "
                          f"{end or 'present'}", highlight=False)
        console.print(f"    matched via {a.via}; source {a.source}"
                      + (f"; wikidata {a.wikidata}" if a.wikidata else ""), style="dim", highlight=False)
