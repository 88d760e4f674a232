"""``tidings eval``: run the pipeline on gold data and score it as ``spec/events.md`` defines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..errors import ConfigError, TidingsError
from .common import app, fail, get_settings, out

eval_app = typer.Typer(no_args_is_help=True, help="Score Tidings on gold data (the project's own evaluation).")
app.add_typer(eval_app, name="eval")


@eval_app.command("gold")
def gold(
    files: Annotated[list[Path], typer.Argument(help="Gold JSONL files (articles with events and stances).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    mismatches: Annotated[Path | None, typer.Option("--mismatches", help="Write missed and spurious events "
                                                    "(JSONL) here for error analysis.")] = None,
) -> None:
    """Whole articles: lenient, strict and type-only P/R/F1, attribute accuracy of matched events,
    per-type figures, a type confusion table, and stance scores."""
    from ..eval_suites import run_gold
    from ..pipeline import Pipeline

    try:
        for f in files:
            if not f.is_file():
                raise ConfigError(f"no gold file {f}")
        pipeline = Pipeline.build(get_settings())
        reports = [run_gold(pipeline, f) for f in files]
    except TidingsError as exc:
        fail(exc)
        return
    if mismatches is not None:
        with open(mismatches, "w", encoding="utf-8") as fh:
            for r in reports:
                for kind, rows in (("missed", r.missed), ("spurious", r.spurious)):
                    for row in rows:
                        fh.write(json.dumps({"kind": kind, **row}, ensure_ascii=False) + "\n")
    if as_json:
        out.print_json(json.dumps([r.as_dict() for r in reports]))
        return
    for r in reports:
        _print(r)


def _print(report) -> None:
    out.print(f"[bold]{report.path}[/] ({report.scores['articles']} articles)", highlight=False)
    table = Table(title_justify="left")
    for col in ("measure", "P", "R", "F1", "tp", "system", "gold"):
        table.add_column(col, justify="right" if col != "measure" else "left")
    rows = [(f"events {k}", report.scores[k]) for k in ("lenient", "strict", "type_only")]
    rows += [(f"stances {k}", report.stances[k]) for k in ("lenient", "strict")]
    for name, s in rows:
        table.add_row(name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", str(s["tp"]),
                      str(s["system"]), str(s["gold"]))
    out.print(table)
    attrs = report.scores["attributes_of_lenient_matches"]
    out.print("matched events: " + ", ".join(f"{k} {v:.3f}" for k, v in attrs.items()), highlight=False)
    types = Table(title="per type (lenient)", title_justify="left")
    for col in ("type", "P", "R", "F1", "tp", "system", "gold"):
        types.add_column(col, justify="right" if col != "type" else "left")
    for t, s in report.per_type.items():
        types.add_row(t, f"{s['precision']:.2f}", f"{s['recall']:.2f}", f"{s['f1']:.2f}", str(s["tp"]),
                      str(s["system"]), str(s["gold"]))
    out.print(types)
    out.print("[bold]confusion[/] (gold type -> system types in the same sentence; '-' = none)")
    for g, row in report.confusion.items():
        out.print(f"  {g:10s} " + ", ".join(f"{k} {v}" for k, v in sorted(row.items(), key=lambda kv: -kv[1])),
                  highlight=False)
    out.print(f"{len(report.missed)} missed, {len(report.spurious)} spurious (--mismatches FILE lists them)",
              highlight=False)
