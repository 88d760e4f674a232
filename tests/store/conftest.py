"""Backends for the store tests: SQLite always; PostgreSQL when TIDINGS_TEST_PG_URL is set.

Each test module gets its own PostgreSQL database (created and dropped here); every test starts
from empty tables. Start a local server with tests/store/pg_local.sh.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tidings.store.migrations import target_metadata

metadata = target_metadata()

PG_URL = os.environ.get("TIDINGS_TEST_PG_URL")
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=[pytest.mark.postgres,
                                      pytest.mark.skipif(not PG_URL, reason="TIDINGS_TEST_PG_URL not set")]),
]


@pytest.fixture(scope="module")
def pg_database(request):
    """A fresh PostgreSQL database for this test module; yields its URL."""
    if not PG_URL:
        pytest.skip("TIDINGS_TEST_PG_URL not set")
    name = f"tidings_test_{request.module.__name__.rsplit('.', 1)[-1]}_{uuid.uuid4().hex[:8]}".lower()
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sub' / 'tidings.db'}"
        return
    url = request.getfixturevalue("pg_database")
    yield url
    engine = create_engine(url)
    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
