import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.errors import ConfigError
from tidings.export import CSV_COLUMNS, FORMATS, TSV_COLUMNS, cameo_date, write_events
from tidings.models import EventRecord

from .store.factory import TEXT, TRUMP, make_result

SCORER = Path("/work/shared/eval/score.py")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@pytest.fixture
def events() -> list[EventRecord]:
    return list(make_result("doc-1").events)


def render(events, fmt) -> str:
    buf = io.StringIO()
    write_events(events, fmt, buf)
    return buf.getvalue()


def check_contract(rec: dict) -> None:
    """Field shapes of spec/events.md (what score.py reads)."""
    assert isinstance(rec["doc_id"], str) and rec["event_type"].isupper()
    assert rec["status"] in {"occurred", "planned", "possible", "negated", "denied", "historical"}
    for role in ("actor", "recipient"):
        assert isinstance(rec[role], list)
        for ent in rec[role]:
            assert set(ent) >= {"name", "country", "sector"}
            assert ent["country"] is None or re.fullmatch(r"[A-Z]{3}", ent["country"])
    assert rec["date"] is None or DATE.match(rec["date"])
    assert rec["location"] is None or set(rec["location"]) >= {"name", "country"}
    assert rec["evidence"] in TEXT
    assert isinstance(rec["context"], list)


def test_jsonl_round_trip(events):
    lines = render(events, "jsonl").splitlines()
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    assert records == [e.to_contract() for e in events]
    for rec in records:
        check_contract(rec)


def test_json_array(events):
    data = json.loads(render(events, "json"))
    assert data == [e.to_contract() for e in events]
    assert json.loads(render([], "json")) == []


def test_csv_parses(events):
    rows = list(csv.DictReader(io.StringIO(render(events, "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 3
    consult = rows[0]
    assert consult["actor_names"] == "Donald Trump;Vladimir Putin"
    assert consult["actor_countries"] == "USA;RUS"
    assert consult["date"] == "2025-02-12" and consult["cameo"] == "041"
    protest = rows[2]
    assert protest["location_country"] == "UKR" and float(protest["location_lat"]) == 50.45
    assert protest["contexts"] == "human_rights;rights_freedoms"


def test_cameo_tsv(events):
    lines = render(events, "cameo-tsv").splitlines()
    assert lines[0].split("\t") == list(TSV_COLUMNS)
    rows = [dict(zip(TSV_COLUMNS, line.split("\t"), strict=True)) for line in lines[1:]]
    assert all(re.fullmatch(r"\d{3,4}", r["cameo"]) for r in rows)
    consult, accuse, protest = rows
    assert (consult["source"], consult["target"], consult["date"]) == ("USAGOV", "RUSGOV", "20250212")
    assert consult["quad_class"] == "1" and consult["cameo_root"] == "04" and consult["cameo_root_name"] == "CONSULT"
    assert (accuse["source"], accuse["target"], accuse["date"]) == ("UKRGOV", "USAGOV", "20250200")
    assert accuse["quad_class"] == "3"
    # PROTEST had no CAMEO code: derived from the ontology (demo + rights_freedoms -> 1413)
    assert protest["cameo"] == "1413" and protest["quad_class"] == "4" and protest["target"] == ""
    assert protest["location"] == "Kyiv" and protest["lat"] == "50.45"


def test_tsv_dyads(events):
    consult = events[0]
    three = consult.__class__(**{**consult.__dict__, "actor": consult.actor + (TRUMP,), "cameo": None})
    rows = render([three], "cameo-tsv").splitlines()[1:]
    assert len(rows) == 3  # pairs of three participants
    accuse = events[1]
    two_by_two = accuse.__class__(**{**accuse.__dict__, "actor": accuse.actor * 2, "recipient": accuse.recipient * 2})
    assert len(render([two_by_two], "cameo-tsv").splitlines()) == 1 + 4
    nobody = accuse.__class__(**{**accuse.__dict__, "actor": (), "recipient": ()})
    row = render([nobody], "cameo-tsv").splitlines()[1].split("\t")
    assert row[2:4] == ["", ""] and row[4] == "111"


def test_cameo_date():
    assert cameo_date("2025-02-12") == "20250212"
    assert cameo_date("2025-02") == "20250200"
    assert cameo_date("2025") == "20250000"
    assert cameo_date(None) == ""


def test_unknown_format(events):
    with pytest.raises(ConfigError, match="unknown export format"):
        render(events, "xml")
    assert set(FORMATS) == {"jsonl", "json", "csv", "cameo-tsv"}


@pytest.mark.skipif(not SCORER.exists(), reason="scorer not available")
def test_scorer_reads_jsonl(events, tmp_path):
    gold = {"doc_id": "doc-1", "text": TEXT, "events": [
        {k: v for k, v in e.to_contract().items() if k in {"event_type", "mode", "status", "actor", "recipient",
                                                           "date", "location", "evidence"}}
        for e in events]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n")
    (tmp_path / "sys.jsonl").write_text(render(events, "jsonl"))
    out = subprocess.run([sys.executable, str(SCORER), str(tmp_path / "gold.jsonl"), str(tmp_path / "sys.jsonl"),
                          "--json"], capture_output=True, text=True, check=True)
    res = json.loads(out.stdout)
    assert res["strict"]["f1"] == 1.0
    assert res["attributes_of_lenient_matches"] == {"mode": 1.0, "status": 1.0, "date": 1.0, "location": 1.0}
