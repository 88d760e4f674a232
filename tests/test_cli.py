"""The ``tidings`` command end to end, as a user runs it: real subprocesses on a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tidings.evaluate import score


def run(*args: str, db: Path | str, check: bool = True, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``tidings --db DB ARGS``; ``db`` is a SQLite file or a database URL (tests/store/test_cli_postgres.py)."""
    data_dir = db.parent if isinstance(db, Path) else Path(tempfile.gettempdir())
    env = {**os.environ, "TIDINGS_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    env.pop("TIDINGS_DB", None)
    proc = subprocess.run([sys.executable, "-m", "tidings.cli", "--db", str(db), *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, fixtures):
    """A database holding the example article and the dev gold articles."""
    db = tmp_path_factory.mktemp("cli") / "t.db"
    from tidings.examples import example_path

    run("ingest", str(example_path()), str(fixtures / "articles.gold.jsonl"), db=db)
    return db


def test_demo_prints_the_planned_summit_and_invitation(tmp_path):
    proc = run("demo", db=tmp_path / "demo.db")
    out = proc.stdout
    assert "Saudi Arabia" in out
    assert "Moscow" in out
    assert "AGREE" in out and "CONSULT" in out
    assert "former" in out.lower()  # the fact-check finding on Trump's title
    again = run("demo", db=tmp_path / "demo.db")  # idempotent: nothing stored twice
    assert again.stdout.count("CONSULT") == out.count("CONSULT")


def test_export_jsonl_scores_on_the_seed(loaded, seed_gold):
    proc = run("export", "--format", "jsonl", "--article", seed_gold["doc_id"], db=loaded)
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    # the example file's doc_id is its file stem; score it under the gold doc_id
    assert rows, "no events exported"
    for r in rows:
        r["doc_id"] = seed_gold["doc_id"]
    result = score([seed_gold], rows)
    assert result["lenient"]["tp"] >= 5, result


def test_events_filters_and_formats(loaded):
    everything = json.loads(run("events", "--format", "json", db=loaded).stdout)
    assert len(everything) > 30
    rus = json.loads(run("events", "--actor", "RUS", "--format", "json", db=loaded).stdout)
    assert rus and all(any(p["country"] == "RUS" for p in e["actor"] + e["recipient"]) for e in rus)
    putin = json.loads(run("events", "--actor", "putin", "--format", "json", db=loaded).stdout)
    assert putin and all(any("putin" in (p["name"] or "").lower() for p in e["actor"] + e["recipient"])
                         for e in putin)
    consult = json.loads(run("events", "--type", "consult", "--format", "json", db=loaded).stdout)
    assert consult and {e["event_type"] for e in consult} == {"CONSULT"}
    hist = json.loads(run("events", "--status", "historical", "--format", "json", db=loaded).stdout)
    assert all(e["status"] == "historical" for e in hist)
    march = json.loads(run("events", "--since", "2025-03-01", "--until", "2025-03-31", "--format", "json",
                           db=loaded).stdout)
    assert march and all(e["date"] is None or e["date"].startswith("2025-03") or e["date"] == "2025"
                         for e in march)
    assert all(e["doc_id"].startswith("dev-2025-03") for e in march if e["date"] is None)
    table = run("events", "--article", "dev-2025-03-16-belgrade-protest", db=loaded).stdout
    assert "PROTEST" in table
    rows = list(csv.DictReader(io.StringIO(run("events", "--format", "csv", "--limit", "5", db=loaded).stdout)))
    assert len(rows) == 5 and "event_type" in rows[0]
    lines = run("events", "--format", "jsonl", "--limit", "3", db=loaded).stdout.splitlines()
    assert len(lines) == 3 and all(json.loads(x)["doc_id"] for x in lines)


def test_export_cameo_tsv_and_file_output(loaded, tmp_path):
    target = tmp_path / "events.tsv"
    run("export", "--format", "cameo-tsv", "--output", str(target), db=loaded)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 10
    header = lines[0].split("\t")
    assert any("cameo" in h.lower() for h in header)


def test_show_marks_article(loaded, seed_gold):
    from tidings.examples import example_path

    doc_id = example_path().stem
    out = run("show", doc_id, db=loaded).stdout
    assert "2025-02-13" in out and "dateline" in out
    assert "Hegseth" in out  # "the U.S. defense secretary" resolved on the article's date
    assert "Zelenskyy" in out


def test_show_unknown_article_is_one_line_error(loaded):
    proc = run("show", "no-such-article", db=loaded, check=False)
    assert proc.returncode != 0
    assert "no article" in proc.stderr and "Traceback" not in proc.stderr


def test_duplicates_are_skipped(loaded, fixtures):
    proc = run("ingest", "--json", str(fixtures / "articles.gold.jsonl"), db=loaded)
    summary = json.loads(proc.stdout)
    assert summary["ingested"] == 0 and summary["duplicates"] == 8


def test_bad_inputs_continue_and_exit_nonzero(tmp_path, fixtures):
    good = tmp_path / "good.txt"
    good.write_text("Talks in Ankara\n\nANKARA, Tuesday 18 February 2025\n\nTurkish President Recep Tayyip "
                    "Erdogan met Ukrainian President Volodymyr Zelenskyy in Ankara on Tuesday.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (tmp_path / "broken.jsonl").write_text('{"doc_id": "a", "text": "Russia and Ukraine held talks."}\n{oops\n',
                                           encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks\n\nPresident Emmanuel Macron met Chancellor Friedrich "
                                          "Merz in Paris on Tuesday.\n".encode("cp1252"))
    db = tmp_path / "bad.db"
    proc = run("ingest", "--json", str(tmp_path / "*.txt"), str(tmp_path / "broken.jsonl"), db=db, check=False)
    assert proc.returncode == 1
    summary = json.loads(proc.stdout)
    assert summary["ingested"] == 3  # good.txt, latin1.txt, the good JSONL line
    reasons = " ".join(p["reason"] for p in summary["problems"])
    assert "empty" in reasons and "binary" in reasons.lower() and "line 2" in reasons
    assert any("cp1252" in w["warning"] or "decoded" in w["warning"] for w in summary["warnings"])
    # the stored data is intact and queryable
    events = json.loads(run("events", "--format", "json", db=db).stdout)
    assert any(e["event_type"] == "CONSULT" for e in events)


def test_missing_path_and_bad_date_are_reported(tmp_path):
    db = tmp_path / "x.db"
    proc = run("ingest", str(tmp_path / "nothing-here.txt"), db=db, check=False)
    assert proc.returncode == 1 and "no such file" in proc.stderr
    proc = run("ingest", "--published", "13/02/2025", str(tmp_path), db=db, check=False)
    assert proc.returncode == 2 and "YYYY-MM-DD" in proc.stderr
