"""Alembic migrations on SQLite and PostgreSQL: empty -> head, legacy (create_all) -> stamped and
upgraded, and the migrated schema equal to the models (``metadata.create_all``).

When this fails with differences after a model change, add a migration:
``.venv/bin/python -m tidings.store.migrations revision "what changed"`` (review the file).
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text

from tidings.errors import StoreError
from tidings.store import Store, migrations
from tidings.store.engine import build_engine
from tidings.store.schema import SchemaVersion

from .factory import make_result


def _diffs(engine) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, migrations.target_metadata())


def test_upgrade_from_empty_matches_the_models(db_url):
    engine = build_engine(db_url)
    try:
        assert migrations.current_revision(engine) is None
        before, after = migrations.upgrade(engine, create_missing=False)
        assert (before, after) == (None, migrations.head())
        diffs = _diffs(engine)
        assert not diffs, ("the migrations differ from the models; add one with `python -m "
                           f"tidings.store.migrations revision \"...\"`: {diffs}")
        assert migrations.upgrade(engine) == (after, after)  # idempotent
        with engine.connect() as conn:
            assert conn.execute(select(SchemaVersion.version)).scalars().all() == [1]
    finally:
        engine.dispose()


def test_store_open_migrates_and_stores(db_url):
    with Store.open(db_url) as store:
        assert migrations.current_revision(store.engine) == migrations.head()
        store.save(make_result())
        assert len(store.events()) == 3


def test_legacy_database_is_stamped_then_upgraded(db_url):
    """A database made by create_all before migrations: the 0001 schema, no alembic_version."""
    engine = build_engine(db_url)
    try:
        migrations.upgrade(engine, migrations.BASE_REVISION, create_missing=False)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE alembic_version"))
            conn.execute(text(
                "INSERT INTO articles (doc_id, content_hash, title, text, published, published_source, "
                "fmt, body_start, warnings, ingested_at) VALUES ('old', 'h', 't', 'x', '2025-02-13', "
                "'metadata', 'text', 0, '[]', '2025-02-13 10:00:00+00:00')"))
            conn.execute(text(
                "INSERT INTO events (article_id, event_id, event_type, status, contexts, confidence, coder, "
                "sentence_start, sentence_end, sentence_text, clause_start, clause_end, clause_text, "
                "trigger_start, trigger_end, trigger_text) VALUES ((SELECT id FROM articles), 'old-e1', 'CONSULT', 'occurred', "
                "'[]', 0.5, 'rules', 0, 1, 'x', 0, 1, 'x', 0, 1, 'x')"))
        assert migrations.current_revision(engine) is None
    finally:
        engine.dispose()
    with Store.open(db_url) as store:
        assert migrations.current_revision(store.engine) == migrations.head()
        assert [e.event_id for e in store.events()] == ["old-e1"]
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT sort_day FROM events")).scalar() == "2025-02-13"
        store.save(make_result())
        assert [e.event_id for e in store.events(event_type="CONSULT")] == ["old-e1", "doc-1-e1"]
        assert not _diffs(store.engine)


def test_unknown_revision_is_refused(db_url):
    with Store.open(db_url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="9999"):
        Store.open(db_url)


def test_tables_without_version_are_refused(db_url):
    engine = build_engine(db_url)
    try:
        migrations.upgrade(engine, migrations.BASE_REVISION, create_missing=False)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE alembic_version"))
            conn.execute(text("DROP TABLE schema_version"))
    finally:
        engine.dispose()
    with pytest.raises(StoreError, match="no schema version"):
        Store.open(db_url)


def test_cli_db_upgrade_and_current(db_url):
    from typer.testing import CliRunner

    from tidings.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["--db", db_url, "db", "current", "--json"])
    assert res.exit_code == 0, res.output
    assert '"current": null' in res.output
    res = runner.invoke(app, ["--db", db_url, "db", "upgrade"])
    assert res.exit_code == 0 and migrations.head() in res.output, res.output
    res = runner.invoke(app, ["--db", db_url, "db", "current"])
    assert res.exit_code == 0 and "up to date" in res.output, res.output
    engine = build_engine(db_url)
    try:
        assert "events" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
