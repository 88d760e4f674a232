"""``tidings db``: schema migrations of the configured store (Alembic, SQLite and PostgreSQL).

Every command that opens the store upgrades it anyway; these make it explicit (deploys, checks).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from ..errors import StoreError, TidingsError
from .common import app, fail, get_settings, out

db_app = typer.Typer(no_args_is_help=True, help="Database schema: show or apply migrations.")
app.add_typer(db_app, name="db")


def _on_engine(action, verb: str):
    """Run ``action(engine)`` on the configured store; errors become one line and an exit code."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..store.engine import build_engine

    engine = None
    try:
        engine = build_engine(get_settings().database_url)
        return action(engine)
    except TidingsError as exc:
        fail(exc)
    except SQLAlchemyError as exc:
        fail(StoreError(f"cannot {verb} {get_settings().database_url}: "
                        f"{str(getattr(exc, 'orig', exc) or exc).strip()}"))
    finally:
        if engine is not None:
            engine.dispose()


@db_app.command("upgrade")
def upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision (default: the latest).")] = "head",
) -> None:
    """Bring the database schema to the latest (or the given) revision."""
    from ..store import migrations

    before, after = _on_engine(lambda engine: migrations.upgrade(engine, revision), "upgrade")
    if before == after:
        out.print(f"already at {after}", highlight=False)
    else:
        out.print(f"upgraded {before or 'empty database'} -> {after}", highlight=False)


@db_app.command("current")
def current(
    as_json: Annotated[bool, typer.Option("--json", help="Print {current, head, up_to_date} as JSON.")] = False,
) -> None:
    """Show the database's schema revision and the latest one this Tidings knows."""
    from ..store import migrations

    rev = _on_engine(migrations.current_revision, "read")
    head = migrations.head()
    if as_json:
        out.print_json(json.dumps({"current": rev, "head": head, "up_to_date": rev == head}))
    else:
        state = "up to date" if rev == head else "run `tidings db upgrade`"
        out.print(f"{rev or 'none (empty or unmigrated)'} (head {head}: {state})", highlight=False)
