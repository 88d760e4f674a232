"""``tidings kb``: query and extend the actor knowledge base.

Writes go to the user overlay (``kb_overlay`` setting, else ``<data_dir>/kb-overlay.jsonl``); the
packaged data files are never changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from pathlib import Path
from typing import Annotated

import typer

from .. import render
from ..errors import ConfigError, TidingsError
from .common import app, err, fail, get_settings, open_store, out, parse_date

kb_app = typer.Typer(no_args_is_help=True, help="Query and extend the actor knowledge base.")
app.add_typer(kb_app, name="kb")
import_app = typer.Typer(no_args_is_help=True, help="Merge external data into your KB overlay.")
kb_app.add_typer(import_app, name="import")
add_app = typer.Typer(no_args_is_help=True, help="Add a local actor to your KB overlay (packaged files untouched).")
kb_app.add_typer(add_app, name="add")


@kb_app.command("lookup")
def kb_lookup(
    query: Annotated[str, typer.Argument(help="A name, alias, title or role, e.g. 'the U.S. defense secretary'.")],
    on: Annotated[str | None, typer.Option("--on", help="Date the answer must hold on (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Who is meant by a name or role on a date."""
    from ..kb import kb_for

    try:
        kb = kb_for(get_settings())
        answers = kb.lookup(query, parse_date(on, "--on"))
        if as_json:
            from ..models import to_plain

            out.print_json(json.dumps([to_plain(a) for a in answers]))
        else:
            render.kb_answers(out, query, answers)
        if not answers:
            raise typer.Exit(1)
    except TidingsError as exc:
        fail(exc)


# --- import ------------------------------------------------------------------------------------

@import_app.command("wikidata")
def kb_import_wikidata(
    file: Annotated[Path, typer.Argument(help="SPARQL JSON result of the query in docs/knowledge-base.md "
                                              "(\"Refreshing from Wikidata\"); `tidings kb import query` prints it.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List skipped positions.")] = False,
) -> None:
    """Merge a Wikidata SPARQL result (people, positions held, start/end) into your KB overlay.

    Idempotent: importing the same file twice changes nothing. Run the query printed by
    `tidings kb import query` at https://query.wikidata.org/ and download the result as JSON.
    """
    from ..kb import overlay_target
    from ..kb.overlay import OverlayEditor
    from ..kb.wikidata import import_people, read_sparql_json

    try:
        people = read_sparql_json(file)
        editor = OverlayEditor(overlay_target(get_settings()))
        report = import_people(people, editor)
        if not dry_run and editor.changed:
            editor.save()
    except TidingsError as exc:
        fail(exc)
        return
    if as_json:
        out.print_json(json.dumps(report.as_dict() | {"dry_run": dry_run}))
        return
    verb = "would change" if dry_run else "changed"
    out.print(f"wikidata import from {file}: {len(report.added)} added, {len(report.updated)} updated, "
              f"{len(report.unchanged)} unchanged, {len(report.skipped)} positions skipped "
              f"({verb} {report.overlay})", highlight=False)
    for label, ids in (("added", report.added), ("updated", report.updated)):
        if ids:
            out.print(f"  {label}: {', '.join(ids)}", highlight=False)
    if verbose:
        for reason in report.skipped:
            out.print(f"  skipped: {reason}", highlight=False)


@import_app.command("query")
def kb_import_query() -> None:
    """Print the Wikidata SPARQL query whose JSON result `kb import wikidata` reads."""
    from ..kb.wikidata import SPARQL_QUERY

    typer.echo(SPARQL_QUERY, nl=False)


# --- add ---------------------------------------------------------------------------------------

def _check_country(kb, country: str | None, allow_special: bool = True) -> str | None:
    from ..kb.records import SPECIAL_COUNTRIES

    if country is None:
        return None
    code = country.upper()
    if code in kb.countries or (allow_special and code in SPECIAL_COUNTRIES):
        return code
    found = kb.country_by_name(country)
    if found is not None:
        return found.iso3
    raise ConfigError(f"unknown country {country!r} (an ISO3 code such as GBR, or IGO, EUR, NGO)")


def _check_office(kb, office: str) -> None:
    if office in kb.offices:
        return
    close = difflib.get_close_matches(office, list(kb.offices), n=3, cutoff=0.5)
    prefix = office.split("-")[0]
    same = [o for o in kb.offices if o.startswith(prefix + "-")][:6]
    hint = close or same
    raise ConfigError(f"unknown office {office!r}" + (f" (did you mean {', '.join(hint)}?)" if hint else ""))


def _iso(value: str | None, name: str) -> str:
    d = parse_date(value, name)
    return d.isoformat() if d else ""


def _editor():
    from ..kb import overlay_target
    from ..kb.overlay import OverlayEditor

    return OverlayEditor(overlay_target(get_settings()))


AliasOpt = Annotated[list[str] | None, typer.Option("--alias", help="Another name (repeatable).")]
WikidataOpt = Annotated[str | None, typer.Option("--wikidata", help="Wikidata QID, e.g. Q22686.")]


@add_app.command("person")
def kb_add_person(
    name: Annotated[str, typer.Option("--name", help="Full name as written in text.")],
    country: Annotated[str | None, typer.Option("--country", help="ISO3 code (or IGO, EUR).")] = None,
    alias: AliasOpt = None,
    office: Annotated[str | None, typer.Option("--office", help="KB office id held (see `kb lookup`).")] = None,
    start: Annotated[str | None, typer.Option("--start", help="Start of the term (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option("--end", help="End of the term (YYYY-MM-DD), if over.")] = None,
    confidence: Annotated[str, typer.Option("--confidence", help="high, medium or low.")] = "medium",
    note: Annotated[str, typer.Option("--note", help="A note on the term.")] = "",
    gender: Annotated[str | None, typer.Option("--gender", help="m or f.")] = None,
    birth: Annotated[str | None, typer.Option("--birth", help="YYYY-MM-DD.")] = None,
    wikidata: WikidataOpt = None,
    person_id: Annotated[str | None, typer.Option("--id", help="KB id (default: from the name).")] = None,
) -> None:
    """Add a person (and optionally a term of office) to your overlay.

    Example: tidings kb add person --name "Jane Doe" --country GBR --alias Doe
    --office gbr-foreign-secretary --start 2026-01-05
    """
    from ..kb.overlay import slugify

    try:
        ed = _editor()
        kb = ed.kb
        code = _check_country(kb, country)
        if gender not in (None, "m", "f"):
            raise ConfigError(f"--gender must be m or f, not {gender!r}")
        if confidence not in ("high", "medium", "low"):
            raise ConfigError(f"--confidence must be high, medium or low, not {confidence!r}")
        if office is not None:
            _check_office(kb, office)
            if not start:
                raise ConfigError("--office needs --start (the date the term began)")
        elif start or end:
            raise ConfigError("--start/--end need --office")
        t_start, t_end = _iso(start, "--start"), _iso(end, "--end")
        if t_start and t_end and t_end < t_start:
            raise ConfigError(f"--end {t_end} is before --start {t_start}")
        pid = person_id or slugify(name)
        current = ed.person(pid)
        if current is not None and current["name"] != name and pid == slugify(name) and person_id is None:
            raise ConfigError(f"id {pid!r} is already {current['name']!r}; pass --id to choose another")
        rec = dict(current or {"id": pid, "name": name, "aliases": "", "gender": "", "birth": "", "death": "",
                               "wikidata": "", "country": ""})
        rec["name"] = name
        aliases = [a for a in rec["aliases"].split("|") if a]
        rec["aliases"] = "|".join(aliases + [a for a in (alias or []) if a not in aliases and a != name])
        rec["country"] = code or rec["country"] or (kb.offices[office].country if office else "")
        rec["gender"] = gender or rec["gender"]
        rec["birth"] = _iso(birth, "--birth") or rec["birth"]
        rec["wikidata"] = wikidata or rec["wikidata"]
        ed.set_person(rec)
        closed: list[str] = []
        if office is not None:
            terms = ed.terms_of(pid)
            new = {"person_id": pid, "office_id": office, "start": t_start, "end": t_end,
                   "confidence": confidence, "note": note or "added with tidings kb add"}
            if not any(t["office_id"] == office and t["start"] == t_start for t in terms):
                clash = ed.conflict(office, t_start, t_end, pid)
                if clash:
                    raise ConfigError(f"{office} from {t_start} overlaps {clash}")
                ed.set_terms(pid, terms + [new])
                if not t_end:
                    closed = ed.close_open_terms(office, t_start, pid)
        if not ed.changed:
            out.print(f"{pid}: already in the knowledge base as given; nothing to do", highlight=False)
            return
        ed.save()
    except TidingsError as exc:
        fail(exc)
        return
    out.print(f"{'updated' if current else 'added'} person {pid} ({name}) in {ed.path}", highlight=False)
    for other in closed:
        out.print(f"  closed {other}'s open term of {office} on {t_start}", highlight=False)


@add_app.command("org")
def kb_add_org(
    name: Annotated[str, typer.Option("--name", help="Name as written in text.")],
    country: Annotated[str, typer.Option("--country", help="ISO3 code, or IGO, EUR, NGO.")],
    sector: Annotated[str, typer.Option("--sector", help="PLOVER sector: GOV, MIL, REB, CVL, IGO, ...")],
    org_type: Annotated[str, typer.Option("--type", help="igo, eu, ngo, armed, party, institution, agency, media.")],
    alias: AliasOpt = None,
    wikidata: WikidataOpt = None,
    org_id: Annotated[str | None, typer.Option("--id", help="KB id (default: from the name).")] = None,
) -> None:
    """Add an organisation to your overlay.

    Example: tidings kb add org --name "Sudan Liberation Movement" --alias SLM --country SDN --sector REB --type armed
    """
    from ..kb.loader import ORG_TYPES
    from ..kb.overlay import slugify
    from ..kb.records import SECTORS

    try:
        ed = _editor()
        code = _check_country(ed.kb, country)
        if sector.upper() not in SECTORS:
            raise ConfigError(f"unknown sector {sector!r} (one of {', '.join(sorted(SECTORS))})")
        if org_type not in ORG_TYPES:
            raise ConfigError(f"unknown type {org_type!r} (one of {', '.join(sorted(ORG_TYPES))})")
        oid = org_id or slugify(name)
        rec = {"id": oid, "name": name, "aliases": "|".join(a for a in (alias or []) if a != name),
               "country": code or "", "sector": sector.upper(), "type": org_type, "wikidata": wikidata or ""}
        existed = oid in ed.kb.orgs
        if not ed.set_org(rec):
            out.print(f"{oid}: already in the knowledge base as given; nothing to do", highlight=False)
            return
        ed.save()
    except TidingsError as exc:
        fail(exc)
        return
    out.print(f"{'updated' if existed else 'added'} org {oid} ({name}) in {ed.path}", highlight=False)


# --- unknown -----------------------------------------------------------------------------------

@kb_app.command("unknown")
def kb_unknown(
    limit: Annotated[int, typer.Option("--limit", help="At most this many names.")] = 50,
    show_all: Annotated[bool, typer.Option("--all", help="Also list names the KB knows now (added since).")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """People mentioned in stored articles but not in the knowledge base, most frequent first."""
    from ..kb import kb_for

    try:
        kb = kb_for(get_settings())
        with open_store() as store:
            rows = store.unknown_actors(None if show_all else limit * 4)
        if not show_all:
            rows = [r for r in rows if not any(e.kind == "person" for e in kb.candidates(r.name))][:limit]
    except TidingsError as exc:
        fail(exc)
        return
    if as_json:
        import dataclasses

        out.print_json(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False))
        return
    if not rows:
        out.print("no unknown people in the stored articles")
        return
    from rich.table import Table

    table = Table("mentions", "articles", "name", "country/sector", "example", show_lines=False)
    for r in rows:
        table.add_row(str(r.mentions), str(r.articles), r.name, f"{r.country or '-'}/{r.sector or '-'}",
                      f"{r.example} [dim]({r.example_doc_id})[/]")
    out.print(table)
    err.print("add one with: tidings kb add person --name NAME --country ISO3 [--office ID --start DATE]")


# --- stats -------------------------------------------------------------------------------------

@kb_app.command("stats")
def kb_stats_cmd(
    on: Annotated[str | None, typer.Option("--on", help="Date for the head-of-state/government figures "
                                                        "(default today).")] = None,
    packaged: Annotated[bool, typer.Option("--packaged", help="Packaged data only (ignore your overlay).")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the Markdown coverage block.")] = False,
    write_doc: Annotated[Path | None, typer.Option(
        "--write-doc", help="Rewrite the generated coverage block of this Markdown file "
                            "(docs/knowledge-base.md); implies --packaged.")] = None,
) -> None:
    """Coverage of the knowledge base: countries, organisations, people, offices, terms, heads of
    state/government known on a date, newest fact, version."""
    from ..kb import kb_for, load_kb
    from ..kb.stats import kb_stats, stats_markdown
    from ..kb.stats import write_doc as write

    try:
        when = parse_date(on, "--on") or dt.date.today()
        kb = load_kb() if packaged or write_doc else kb_for(get_settings())
        s = kb_stats(kb, when)
        if write_doc is not None:
            write(write_doc, s)
            err.print(f"wrote coverage figures to {write_doc}")
            return
    except TidingsError as exc:
        fail(exc)
        return
    if as_json:
        out.print_json(json.dumps(s))
    elif markdown:
        typer.echo(stats_markdown(s), nl=False)
    else:
        status = s["countries_by_status"]
        lines = [
            f"version            {s['version']}",
            f"countries          {s['countries']} ({status.get('m', 0)} UN members, {status.get('o', 0)} "
            f"observers, {status.get('d', 0)} disputed, {status.get('t', 0)} territories)",
            f"organisations      {s['organisations']}",
            f"people             {s['people']} ({s['people_with_wikidata']} with Wikidata id)",
            f"offices            {s['offices']}",
            f"terms              {s['terms']}",
            f"heads on {s['on']} state {s['countries_with_head_of_state']}, government "
            f"{s['countries_with_head_of_government']}, UN states with either {s['un_states_with_either']}"
            f"/{s['un_states']}",
            f"newest fact        {s['newest_fact'] or '-'}",
        ]
        out.print("\n".join(lines), highlight=False)
