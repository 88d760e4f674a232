"""Schema migrations (Alembic) for SQLite and PostgreSQL, run from code: no alembic.ini.

``upgrade(engine)`` brings a database to the latest revision; :meth:`tidings.store.Store.open`
calls it, and ``tidings db upgrade`` / ``tidings db current`` expose it. A database created by an
older Tidings with ``metadata.create_all`` (a ``schema_version`` table, no ``alembic_version``) is
stamped as the initial revision ``0001`` first, then upgraded. Concurrent openers are serialised:
a PostgreSQL advisory lock, or ``BEGIN IMMEDIATE`` on SQLite; the whole upgrade is one
transaction on both (their DDL is transactional).

Add a migration after changing the models (``tidings/store/schema.py`` or ``analysis.py``)::

    .venv/bin/python -m tidings.store.migrations revision "what changed" [--url DATABASE_URL]

which autogenerates ``versions/NNNN_what_changed.py`` by comparing a database at head (a scratch
SQLite file, or ``--url``: an empty PostgreSQL database) with the models; review it, then run
``pytest tests/store/test_migrations.py``. ``python -m tidings.store.migrations check`` lists
differences without writing anything.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, inspect, text

from ...errors import StoreError

HERE = Path(__file__).parent
BASE_REVISION = "0001"  # the schema Tidings created with create_all (schema_version 1)
LOCK_KEY = 0x7469_6469  # pg_advisory_xact_lock key ("tidi")
log = logging.getLogger(__name__)


def target_metadata() -> MetaData:
    """The models' metadata: the core tables and, when present, the analysis tables."""
    from .. import schema

    with suppress(ImportError):  # the analysis layer registers its tables on the same Base
        from .. import analysis  # noqa: F401
    return schema.metadata


def config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic Config built in code; ``connection`` (in a transaction) is used by env.py."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE).replace("%", "%%"))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


@cache
def script() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head() -> str:
    return script().get_current_head()


def revisions() -> list[str]:
    """Known revision ids, oldest first."""
    return [s.revision for s in reversed(list(script().walk_revisions()))]


def current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return current(conn)


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """One transaction that only one process at a time holds for migrating."""
    with engine.connect() as conn, conn.begin():
        if conn.dialect.name == "sqlite":  # pysqlite opens no transaction for DDL by itself
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
        yield conn


def upgrade(engine: Engine, target: str = "head", *, create_missing: bool = True) -> tuple[str | None, str | None]:
    """Bring the database to ``target`` (default: the latest revision); returns (before, after).

    With ``create_missing``, tables of the models that no migration creates yet are created too
    (see :func:`_create_missing`).

    Raises StoreError for a database at a revision this Tidings does not know (a newer Tidings
    migrated it) or one holding Tidings tables without any version information.
    """
    with engine.connect() as conn:  # fast path: already at head, nothing to lock
        before = current(conn)
    if target == "head" and before == head():
        if create_missing:
            _create_missing(engine)
        return before, before
    with _locked(engine) as conn:
        before = current(conn)
        if before is not None and before not in revisions():
            raise StoreError(f"database schema revision {before} is unknown to this Tidings "
                             f"(latest known: {head()}); upgrade Tidings")
        cfg = config(conn)
        if before is None:
            tables = set(inspect(conn).get_table_names())
            if "schema_version" in tables:
                log.info("stamping a database created without migrations as %s", BASE_REVISION)
                command.stamp(cfg, BASE_REVISION)
            elif tables & {"articles", "events"}:
                raise StoreError("database has Tidings tables but no schema version; cannot migrate it")
        command.upgrade(cfg, target)
        after = current(conn)
    if target == "head" and create_missing:
        _create_missing(engine)
    return before, after


def _create_missing(engine: Engine) -> None:
    """Safety net while models change faster than migrations: create whole tables that the
    models have and the database lacks (logged; ``tests/store/test_migrations.py`` fails until a
    migration adds them)."""
    metadata = target_metadata()
    with engine.connect() as conn:
        missing = [t for t in metadata.sorted_tables if t.name not in set(inspect(conn).get_table_names())]
    if missing:
        log.warning("tables without a migration, created directly: %s", ", ".join(t.name for t in missing))
        with _locked(engine) as conn:
            metadata.create_all(conn, tables=missing, checkfirst=True)


def stamp(engine: Engine, revision: str) -> None:
    with _locked(engine) as conn:
        command.stamp(config(conn), revision)
