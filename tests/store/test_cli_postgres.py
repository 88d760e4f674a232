"""The main ``tidings`` CLI flows of tests/test_cli.py (ingest, events filters and formats, export,
show, duplicates) run again against PostgreSQL: ``--db`` is a fresh database on the server of
``TIDINGS_TEST_PG_URL`` (skipped when unset)."""

from __future__ import annotations

import json

import pytest

from tests.test_cli import (  # noqa: F401  (collected here again, with `loaded` on PostgreSQL)
    run,
    test_duplicates_are_skipped,
    test_events_filters_and_formats,
    test_export_cameo_tsv_and_file_output,
    test_export_jsonl_scores_on_the_seed,
    test_show_marks_article,
    test_show_unknown_article_is_one_line_error,
)

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def loaded(pg_database, fixtures):
    """A PostgreSQL database holding the example article and the dev gold articles."""
    from tidings.examples import example_path

    proc = run("ingest", "--json", str(example_path()), str(fixtures / "articles.gold.jsonl"), db=pg_database)
    assert json.loads(proc.stdout)["ingested"] == 9
    return pg_database


def test_db_current_on_postgres(loaded):
    state = json.loads(run("db", "current", "--json", db=loaded).stdout)
    assert state["up_to_date"] and state["current"] == state["head"]
