"""Alembic environment for the Tidings store (SQLite and PostgreSQL).

Run through :mod:`tidings.store.migrations` (``Store.open``, ``tidings db upgrade``), which builds
the Alembic ``Config`` in code and passes an open connection in ``config.attributes``; no
alembic.ini is needed.
"""

from __future__ import annotations

from alembic import context

from tidings.store.migrations import target_metadata

config = context.config
metadata = config.attributes.get("target_metadata") or target_metadata()


def _configure(**kw) -> None:
    context.configure(target_metadata=metadata, compare_type=True, **kw)


def run_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True,
               dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from tidings.store.engine import build_engine

        engine = build_engine(config.get_main_option("sqlalchemy.url"))
        try:
            with engine.begin() as conn:
                _configure(connection=conn, render_as_batch=conn.dialect.name == "sqlite")
                with context.begin_transaction():
                    context.run_migrations()
        finally:
            engine.dispose()
        return
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
