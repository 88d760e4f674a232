"""``tidings kb``: the actor knowledge base."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .. import render
from ..errors import TidingsError
from .common import app, fail, get_settings, out, parse_date

kb_app = typer.Typer(no_args_is_help=True, help="Query and extend the actor knowledge base.")
app.add_typer(kb_app, name="kb")


@kb_app.command("lookup")
def kb_lookup(
    query: Annotated[str, typer.Argument(help="A name, alias, title or role, e.g. 'the U.S. defense secretary'.")],
    on: Annotated[str | None, typer.Option("--on", help="Date the answer must hold on (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Who is meant by a name or role on a date."""
    from ..kb import load_kb

    try:
        kb = load_kb(get_settings().kb_overlay)
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
