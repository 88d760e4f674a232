"""``tidings ingest --dask ADDRESS --output parquet:DIR`` and ``tidings load``, through the CLI.

The ingest runs on the session's LocalCluster by its scheduler address (what a real cluster looks
like to the command), so no second cluster has to start.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed")


def tidings(*args: str, db) -> tuple[int, str, str]:
    from tidings.cli import app

    result = CliRunner().invoke(app, ["--db", str(db), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_ingest_dask_to_parquet_then_load(client, tmp_path, fixtures, monkeypatch):
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path))
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "gold.jsonl").write_bytes((fixtures / "articles.gold.jsonl").read_bytes())
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    db, shards = tmp_path / "t.db", tmp_path / "shards"

    code, out, err = tidings("ingest", "--dask", client.scheduler.address, "--output", f"parquet:{shards}",
                             "--json", str(inputs), db=db)
    assert code == 1, err  # empty.txt is unreadable: reported, exit 1
    summary = json.loads(out)
    assert (summary["ingested"], summary["skipped"], summary["failed"]) == (8, 1, 0)
    assert summary["problems"] == [{"source": str(inputs / "empty.txt"), "reason": "empty file"}]
    assert not db.exists()  # parquet output leaves the database alone

    code, out, err = tidings("load", "--json", str(shards), db=db)
    assert code == 0, err
    assert json.loads(out)["ingested"] == 8
    code, out, err = tidings("load", str(shards), db=db)
    assert code == 0 and "ingested 0 article(s)" in err and "8 duplicate" in err
    code, out, err = tidings("events", "--format", "jsonl", db=db)
    assert len(out.splitlines()) == summary["events"] > 0


def test_sqlite_needs_a_local_cluster(client, tmp_path, fixtures):
    code, _, err = tidings("ingest", "--dask", client.scheduler.address, str(fixtures / "articles.gold.jsonl"),
                           db=tmp_path / "t.db")
    assert code != 0 and "SQLite can only be written by one process" in err


def test_dask_options_need_dask_and_a_known_output(tmp_path, fixtures):
    gold = str(fixtures / "articles.gold.jsonl")
    code, _, err = tidings("ingest", "--output", f"parquet:{tmp_path}", gold, db=tmp_path / "t.db")
    assert code != 0 and "need --dask" in err
    code, _, err = tidings("ingest", "--dask", "local", "--output", "csv:x", gold, db=tmp_path / "t.db")
    assert code != 0 and "parquet:DIR" in err
    code, _, err = tidings("load", str(tmp_path / "nothing"), db=tmp_path / "t.db")
    assert code != 0 and "not a shard directory" in err
