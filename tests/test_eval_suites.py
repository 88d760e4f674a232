"""`tidings eval gold`: per-type figures add up to the overall score, and the CLI reports them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tidings.eval_suites import run_gold


@pytest.fixture(scope="module")
def report(pipeline, fixtures):
    return run_gold(pipeline, fixtures / "articles.gold.jsonl")


def test_per_type_adds_up_to_the_lenient_score(report):
    lenient = report.scores["lenient"]
    assert sum(t["tp"] for t in report.per_type.values()) == lenient["tp"]
    assert sum(t["system"] for t in report.per_type.values()) == lenient["system"]
    assert sum(t["gold"] for t in report.per_type.values()) == lenient["gold"] == 101


def test_confusion_covers_every_required_gold_event(report):
    assert sum(sum(row.values()) for row in report.confusion.values()) == 101
    assert report.confusion["RETREAT"].get("RETREAT", 0) >= 5


def test_mismatch_lists_match_the_counts(report):
    lenient = report.scores["lenient"]
    assert len(report.missed) == lenient["gold"] - lenient["tp"]
    assert all(m["evidence"] for m in report.missed)
    assert len(report.spurious) >= lenient["system"] - lenient["tp"]


def test_cli_eval_gold_json_and_mismatches(fixtures, tmp_path):
    out = tmp_path / "mm.jsonl"
    proc = subprocess.run([sys.executable, "-m", "tidings.cli", "--db", str(tmp_path / "x.db"), "eval", "gold",
                           str(fixtures / "seed.gold.jsonl"), "--json", "--mismatches", str(out)],
                          capture_output=True, text=True, env={**os.environ}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (rep,) = json.loads(proc.stdout)
    assert rep["events"]["lenient"]["tp"] >= 5  # the floor of the first issue: 5 of the 7 required events
    assert rep["stances"]["lenient"]["tp"] >= 4
    kinds = {json.loads(line)["kind"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert kinds <= {"missed", "spurious"}


def test_cli_eval_gold_missing_file_is_one_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "tidings.cli", "eval", "gold", str(tmp_path / "nope.jsonl")],
                          capture_output=True, text=True, env={**os.environ}, timeout=300)
    assert proc.returncode == 2 and "no gold file" in proc.stderr and "Traceback" not in proc.stderr
