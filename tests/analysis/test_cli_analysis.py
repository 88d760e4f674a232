"""The analysis commands as a user runs them: real subprocesses on a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "TIDINGS_DATA_DIR": str(db.parent), "COLUMNS": "200"}
    env.pop("TIDINGS_DB", None)
    env.pop("TIDINGS_LLM_URL", None)
    proc = subprocess.run([sys.executable, "-m", "tidings.cli", "--db", str(db), *args], capture_output=True,
                          text=True, env=env, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def db(corpus_db) -> Path:
    """The corpus database (ingested with `tidings.runner.ingest`, as `tidings ingest` does)."""
    return corpus_db[1]


def test_stories_and_story(db):
    stories = json.loads(run("stories", "--format", "json", db=db).stdout)
    assert len(stories) == 11
    story = json.loads(run("story", "seed-2025-02-13-trump-putin", "--format", "json", db=db).stdout)
    assert {a["relation"] for a in story["articles"]} == {"first", "near-duplicate", "follow-up"}
    table = run("story", str(story["id"]), db=db).stdout
    assert "near-duplicate" in table and "CONSULT/phone" in table


def test_planned(db):
    rows = json.loads(run("planned", "--format", "json", db=db).stdout)
    statuses = {r["planned_status"] for r in rows}
    assert {"pending", "held", "postponed", "cancelled"} <= statuses
    table = run("planned", "--status", "cancelled", db=db).stdout
    assert "cancelled" in table and "pending" not in table


def test_stances(db):
    groups = json.loads(run("stances", "--holder", "zelenskyy", "--format", "json", db=db).stdout)
    assert groups and all(h["holder_id"] == "volodymyr-zelenskyy" for g in groups for h in g["holders"])
    assert "territorial integrity" in json.dumps(groups)


def test_brief_files_and_analyse(db, tmp_path):
    out = tmp_path / "brief.html"
    run("brief", "seed-2025-02-13-trump-putin", "--format", "html", "-o", str(out), db=db)
    page = out.read_text(encoding="utf-8")
    assert "<h2>Timeline</h2>" in page and "Saudi Arabia" in page
    md = run("brief", "story-seed-2025-02-13-trump-putin", db=db).stdout
    assert md.startswith("# ") and "## Who stands where" in md and "[1]" in md
    polish = run("brief", "seed-2025-02-13-trump-putin", "--polish", db=db, check=False)  # not configured
    assert polish.returncode != 0 and "TIDINGS_LLM_URL" in polish.stderr
    rebuilt = run("analyse", db=db)
    assert "articles: 23" in rebuilt.stderr and "new stories: 11" in rebuilt.stderr
