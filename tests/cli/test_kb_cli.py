"""``tidings kb`` through the real command line (subprocess) against SQLite files in tmp_path."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parents[1] / "fixtures" / "wikidata_offices.json"


def _run(tmp_path: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "tidings.cli", "--db", f"sqlite:///{tmp_path / 't.db'}", "--data-dir",
           str(tmp_path), *args]
    base = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "COLUMNS": "200"}
    return subprocess.run(cmd, capture_output=True, text=True, env=base | (env or {}), timeout=60)


def test_add_person_is_validated_and_visible_to_lookup(tmp_path):
    bad = _run(tmp_path, "kb", "add", "person", "--name", "Jane Doe", "--country", "GBR", "--office", "gbr-fm",
               "--start", "2026-01-05")
    assert bad.returncode == 2 and "unknown office 'gbr-fm'" in bad.stderr and len(bad.stderr.splitlines()) <= 2
    bad = _run(tmp_path, "kb", "add", "person", "--name", "Jane Doe", "--country", "ZZZ")
    assert bad.returncode == 2 and "unknown country 'ZZZ'" in bad.stderr
    assert not (tmp_path / "kb-overlay.jsonl").exists()
    ok = _run(tmp_path, "kb", "add", "person", "--name", "Jane Doe", "--country", "GBR", "--alias", "Doe",
              "--office", "gbr-foreign-secretary", "--start", "2026-01-05")
    assert ok.returncode == 0, ok.stderr
    assert "added person jane-doe" in ok.stdout and "closed yvette-cooper" in ok.stdout
    found = _run(tmp_path, "kb", "lookup", "the British foreign secretary", "--on", "2026-02-01", "--json")
    assert found.returncode == 0 and json.loads(found.stdout)[0]["id"] == "jane-doe"
    assert json.loads(found.stdout)[0]["source"].startswith("kb-overlay.jsonl:")
    before = _run(tmp_path, "kb", "lookup", "the British foreign secretary", "--on", "2025-10-01", "--json")
    assert json.loads(before.stdout)[0]["id"] == "yvette-cooper"
    assert json.loads(_run(tmp_path, "kb", "lookup", "Doe", "--json").stdout)[0]["id"] == "jane-doe"
    again = _run(tmp_path, "kb", "add", "person", "--name", "Jane Doe", "--country", "GBR", "--alias", "Doe",
                 "--office", "gbr-foreign-secretary", "--start", "2026-01-05")
    assert again.returncode == 0 and "nothing to do" in again.stdout
    org = _run(tmp_path, "kb", "add", "org", "--name", "Example Liberation Front", "--alias", "ELF",
               "--country", "SDN", "--sector", "REB", "--type", "armed")
    assert org.returncode == 0, org.stderr
    hit = json.loads(_run(tmp_path, "kb", "lookup", "ELF", "--json").stdout)[0]
    assert (hit["id"], hit["country"], hit["sector"]) == ("example-liberation-front", "SDN", "REB")
    bad_org = _run(tmp_path, "kb", "add", "org", "--name", "X", "--country", "SDN", "--sector", "BOSS",
                   "--type", "armed")
    assert bad_org.returncode == 2 and "unknown sector" in bad_org.stderr


def test_explicit_overlay_setting_is_used(tmp_path):
    overlay = tmp_path / "elsewhere" / "mine.jsonl"
    env = {"TIDINGS_KB_OVERLAY": str(overlay)}
    missing = _run(tmp_path, "kb", "lookup", "Putin", env=env)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    ok = _run(tmp_path, "kb", "add", "person", "--name", "John Roe", "--country", "DEU", env=env)
    assert ok.returncode == 0, ok.stderr
    assert overlay.is_file() and not (tmp_path / "kb-overlay.jsonl").exists()
    assert json.loads(_run(tmp_path, "kb", "lookup", "John Roe", "--json", env=env).stdout)[0]["id"] == "john-roe"


def test_import_wikidata_twice_changes_nothing(tmp_path):
    first = _run(tmp_path, "kb", "import", "wikidata", str(FIXTURE), "--json")
    assert first.returncode == 0, first.stderr
    r1 = json.loads(first.stdout)
    assert r1["added"] >= 1 and r1["updated"] >= 1 and r1["added"] + r1["updated"] >= 3 and r1["skipped"] == 1
    text = (tmp_path / "kb-overlay.jsonl").read_text(encoding="utf-8")
    second = _run(tmp_path, "kb", "import", "wikidata", str(FIXTURE), "--json")
    r2 = json.loads(second.stdout)
    assert (r2["added"], r2["updated"]) == (0, 0)
    assert (tmp_path / "kb-overlay.jsonl").read_text(encoding="utf-8") == text
    tamm = json.loads(_run(tmp_path, "kb", "lookup", "the Estonian prime minister", "--on", "2027-06-01",
                           "--json").stdout)
    assert tamm[0]["id"] == "mari-tamm" and tamm[0]["wikidata"] == "Q900000002"
    human = _run(tmp_path, "kb", "import", "wikidata", str(FIXTURE))
    assert "0 added, 0 updated" in human.stdout
    query = _run(tmp_path, "kb", "import", "query")
    assert query.returncode == 0 and "SELECT" in query.stdout and "P39" in query.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    assert _run(tmp_path, "kb", "import", "wikidata", str(bad)).returncode == 1


def test_stats(tmp_path):
    res = _run(tmp_path, "kb", "stats", "--json", "--on", "2025-06-01")
    assert res.returncode == 0, res.stderr
    s = json.loads(res.stdout)
    assert s["countries"] >= 250 and s["people"] > 100 and s["offices"] > 50 and s["terms"] > 100
    assert s["newest_fact"] <= "2025-06-01" and s["version"]
    text = _run(tmp_path, "kb", "stats").stdout
    assert "countries" in text and "newest fact" in text
    doc = tmp_path / "kb.md"
    assert _run(tmp_path, "kb", "stats", "--write-doc", str(doc)).returncode == 0
    assert "| People |" in doc.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def stored_db(tmp_path_factory, pipeline, seed_gold, dev_gold):
    """A SQLite database with the seed and dev gold articles, processed by the real pipeline."""
    from tidings.models import Article
    from tidings.store import Store

    path = tmp_path_factory.mktemp("db")
    with Store.open(f"sqlite:///{path / 't.db'}") as store:
        for i, art in enumerate([seed_gold, *dev_gold]):
            article = Article(art["doc_id"], art["text"], published=dt.date.fromisoformat(art["published"]),
                              content_hash=f"hash-{i}")
            store.save(pipeline.process_one(article))
    return path


def test_unknown_lists_people_not_in_the_kb(stored_db):
    res = _run(stored_db, "kb", "unknown", "--json")
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)
    names = [r["name"] for r in rows]
    assert {"Marc Fogel", "Romi Gonen", "Alexander Vinnik"} <= set(names)
    assert "Donald Trump" not in names and "Keith Kellogg" not in names
    counts = [r["mentions"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    fogel = rows[names.index("Marc Fogel")]
    assert fogel["country"] == "USA" and "Marc Fogel" in fogel["example"]
    assert fogel["example_doc_id"] == "dev-2025-02-19-riyadh-us-russia-talks"
    # once added to the overlay, a name is no longer listed
    add = _run(stored_db, "kb", "add", "person", "--name", "Marc Fogel", "--country", "USA")
    assert add.returncode == 0, add.stderr
    after = [r["name"] for r in json.loads(_run(stored_db, "kb", "unknown", "--json").stdout)]
    assert "Marc Fogel" not in after and "Romi Gonen" in after
    table = _run(stored_db, "kb", "unknown", "--limit", "2")
    assert table.returncode == 0 and "mentions" in table.stdout


def test_export_findings(stored_db):
    res = _run(stored_db, "export", "--findings")
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [(r["doc_id"], r["kb_id"], r["text"]) for r in rows] == [
        ("seed-2025-02-13-trump-putin", "donald-trump", "former President")]
    out = stored_db / "f.csv"
    res = _run(stored_db, "export", "--findings", "--format", "csv", "-o", str(out))
    assert res.returncode == 0 and out.read_text(encoding="utf-8").startswith("doc_id,kind,message")
    assert _run(stored_db, "export", "--findings", "--format", "cameo-tsv").returncode == 2
