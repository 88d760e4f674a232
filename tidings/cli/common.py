"""Shared pieces of the ``tidings`` command: the app, settings, error handling.

Settings are built once here (defaults < config file < TIDINGS_* env < flags) and passed down.
A :class:`~tidings.errors.TidingsError` becomes one line on stderr and its exit code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import ConfigError, TidingsError
from ..settings import Settings, load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Tidings: political event data (PLOVER, CAMEO) from news articles, with evidence.")

out = Console(soft_wrap=False)
err = Console(stderr=True)


class State:
    settings: Settings | None = None


state = State()


def parse_date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{name}: expected a date as YYYY-MM-DD, got {value!r}") from None


def get_settings() -> Settings:
    if state.settings is None:
        state.settings = load_settings()
    return state.settings


def fail(exc: TidingsError) -> None:
    err.print(f"[bold red]error[/]: {exc.message}", highlight=False)
    raise typer.Exit(exc.exit_code)


@app.callback()
def main_options(
    db: Annotated[str | None, typer.Option("--db", help="Database URL or SQLite file path.")] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Where the default SQLite file lives.")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="TOML settings file.")] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy model package name.")] = None,
) -> None:
    try:
        if db and "://" not in db:
            db = f"sqlite:///{Path(db).expanduser().resolve()}"
        state.settings = load_settings(config, db_url=db, data_dir=data_dir, model=model)
    except TidingsError as exc:
        fail(exc)


def open_store():
    from ..store import Store

    return Store.open(get_settings().database_url)


def finish_summary(summary, as_json: bool) -> None:
    """Print an ingest/load summary (JSON or text) and exit 1 when anything was skipped or failed."""
    import json

    from .. import render

    if as_json:
        out.print_json(json.dumps(summary.as_dict()))
    else:
        render.summary(err, summary)
    if not summary.ok:
        raise typer.Exit(1)
