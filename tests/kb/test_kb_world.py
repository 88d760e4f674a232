"""The whole packaged KB (core + world/*.csv): validation across files, IGO leaders and officials,
Wikidata import and overlay editing (library level; the CLI is tested in tests/cli/test_kb_cli.py)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from tidings.errors import ConfigError, InputError, ResourceError
from tidings.kb import DATA_DIR, KnowledgeBase, load_kb
from tidings.kb.base import build
from tidings.kb.overlay import OverlayEditor
from tidings.kb.stats import kb_stats, stats_markdown, write_doc
from tidings.kb.wikidata import import_people, position_table, read_sparql_json

D = dt.date
FIXTURE = Path(__file__).parents[1] / "fixtures" / "wikidata_offices.json"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def _rows(kind: str) -> list[tuple[str, dict]]:
    paths = [DATA_DIR / f"{kind}.csv", *sorted((DATA_DIR / "world").glob(f"*-{kind}.csv"))]
    out = []
    for path in paths:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
        out += [(path.name, row) for row in csv.DictReader(lines)]
    return out


@pytest.mark.parametrize("kind,key", [("people", "id"), ("orgs", "id"), ("offices", "office_id")])
def test_ids_unique_across_all_files(kind, key):
    seen: dict[str, str] = {}
    for name, row in _rows(kind):
        assert row[key] not in seen, f"{row[key]} in {name} and {seen[row[key]]}"
        seen[row[key]] = name


def test_no_overlapping_terms_and_dates_inside_lives(kb):
    by_office: dict[str, list] = {}
    for t in kb.terms:
        p = kb.people[t.person_id]
        if p.birth and t.start:
            assert t.start >= p.birth, t
        if p.death:
            assert t.end is not None and t.end <= p.death, t
        by_office.setdefault(t.office_id, []).append(t)
    for office_id, terms in by_office.items():
        if kb.offices[office_id].multi:
            continue
        dated = sorted((t for t in terms if t.start), key=lambda t: t.start)
        for a, b in zip(dated, dated[1:], strict=False):
            assert a.end is not None and b.start >= a.end, (a.source, b.source)


def test_every_country_adjective_resolves(kb):
    for c in kb.countries.values():
        for adj in (*c.adjectives, *c.demonyms):
            assert kb.country_by_name(adj).iso3 == c.iso3, adj


def test_office_and_org_countries_follow_the_spec(kb):
    for o in kb.offices.values():
        if o.org and kb.orgs[o.org].type == "eu":
            assert o.country == "EUR", o.office_id
        elif o.org and kb.orgs[o.org].type == "igo":
            assert o.country == "IGO", o.office_id


@pytest.mark.parametrize("query,on,expected", [
    ("the UN secretary-general", D(2015, 6, 1), "ban-ki-moon"),
    ("the UN secretary-general", D(2025, 6, 1), "antonio-guterres"),
    ("the NATO secretary general", D(2020, 6, 1), "jens-stoltenberg"),
    ("the NATO secretary general", D(2025, 6, 1), "mark-rutte"),
    ("the European Commission president", D(2017, 6, 1), "jean-claude-juncker"),
    ("the European Council president", D(2016, 6, 1), "donald-tusk"),
    ("the EU foreign policy chief", D(2018, 6, 1), "federica-mogherini"),
    ("the EU foreign policy chief", D(2022, 6, 1), "josep-borrell"),
    ("the EU foreign policy chief", D(2025, 6, 1), "kaja-kallas"),
    ("the IAEA director general", D(2016, 6, 1), "yukiya-amano"),
    ("the IMF managing director", D(2015, 6, 1), "christine-lagarde"),
    ("the World Bank president", D(2021, 6, 1), "david-malpass"),
    ("the World Bank president", D(2024, 6, 1), "ajay-banga"),
    ("the WHO director-general", D(2020, 6, 1), "tedros-adhanom-ghebreyesus"),
    ("the ICC prosecutor", D(2019, 6, 1), "fatou-bensouda"),
    ("the ICC prosecutor", D(2023, 6, 1), "karim-khan"),
    ("the Arab League secretary-general", D(2020, 6, 1), "ahmed-aboul-gheit"),
    ("the ECB president", D(2024, 6, 1), "christine-lagarde"),
    ("Tedros", None, "tedros-adhanom-ghebreyesus"),
    ("Aboul Gheit", None, "ahmed-aboul-gheit"),
])
def test_igo_leaders_over_time(kb, query, on, expected):
    answers = kb.lookup(query, on)
    assert answers and answers[0].id == expected, answers[:2]


@pytest.mark.parametrize("query,on,expected,sector", [
    ("the U.S. director of national intelligence", D(2025, 6, 1), "tulsi-gabbard", "SPY"),
    ("the U.S. director of national intelligence", D(2023, 6, 1), "avril-haines", "SPY"),
    ("the White House press secretary", D(2023, 6, 1), "karine-jean-pierre", "GOV"),
    ("Kirby", D(2023, 6, 1), "john-kirby", "GOV"),
    ("Sergei Shoigu", D(2023, 6, 1), "sergei-shoigu", "GOV"),
    ("the Russian Security Council secretary", D(2024, 6, 1), "sergei-shoigu", "GOV"),
    ("the Russian Security Council secretary", D(2023, 6, 1), "nikolai-patrushev", "GOV"),
    ("Budanov", D(2024, 6, 1), "kyrylo-budanov", "SPY"),
    ("Mao Ning", D(2024, 6, 1), "mao-ning", "GOV"),
    ("Lin Jian", None, "lin-jian", "GOV"),
    ("the IDF chief of staff", D(2024, 6, 1), "herzi-halevi", "MIL"),
    ("Israel's national security adviser", None, None, None),
    ("Ronen Bar", D(2024, 6, 1), "ronen-bar", "SPY"),
    ("Larijani", D(2025, 9, 1), "ali-larijani", "GOV"),
    ("Ibrahim Kalin", D(2024, 6, 1), "ibrahim-kalin", "SPY"),
    ("Šefčovič", D(2025, 6, 1), "maros-sefcovic", "IGO"),
    ("Maria Zakharova", D(2025, 6, 1), "maria-zakharova", "GOV"),
])
def test_officials(kb, query, on, expected, sector):
    answers = kb.lookup(query, on)
    if expected is None:
        return  # only checks that the lookup does not fail
    assert answers and answers[0].id == expected, answers[:2]
    assert answers[0].sector == sector


# --- Wikidata import (library level) ---------------------------------------------------------------

def test_read_sparql_json_and_position_table(kb):
    people = read_sparql_json(FIXTURE)
    assert {p.label for p in people} == {"Donald Trump", "Dick Schoof", "Mari Tamm", "Sébastien Lecornu"}
    trump = next(p for p in people if p.qid == "Q22686")
    assert (trump.birth, trump.gender, len(trump.positions)) == ("1946-06-14", "m", 2)
    table = position_table()
    assert table["Q11696"] == "usa-president"
    assert all(office in kb.offices for office in table.values())


@pytest.mark.parametrize("content,message", [
    ("not json", "not JSON"), ('{"a": 1}', "not a SPARQL JSON result"),
    ('{"head": {"vars": ["x"]}, "results": {"bindings": []}}', "lacks the variable"),
])
def test_bad_sparql_files(tmp_path, content, message):
    path = tmp_path / "q.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_sparql_json(path)


def test_import_is_idempotent_and_keeps_packaged_files(tmp_path):
    before = {p: p.read_bytes() for p in DATA_DIR.rglob("*.csv")}
    overlay = tmp_path / "kb-overlay.jsonl"
    ed = OverlayEditor(overlay)
    report = import_people(read_sparql_json(FIXTURE), ed)
    ed.save()
    assert "mari-tamm" in report.added and "sebastien-lecornu" in report.updated
    assert "donald-trump" in report.unchanged and len(report.skipped) == 1
    kb2 = load_kb(overlay)
    assert kb2.lookup("the Estonian prime minister", D(2027, 6, 1))[0].id == "mari-tamm"
    assert kb2.lookup("the French prime minister", D(2025, 10, 8)) == []
    assert kb2.lookup("the French prime minister", D(2025, 10, 20))[0].id == "sebastien-lecornu"
    text = overlay.read_text(encoding="utf-8")
    ed2 = OverlayEditor(overlay)
    again = import_people(read_sparql_json(FIXTURE), ed2)
    assert (again.added, again.updated, ed2.changed) == ([], [], set())
    assert overlay.read_text(encoding="utf-8") == text
    assert {p: p.read_bytes() for p in DATA_DIR.rglob("*.csv")} == before


def test_overlay_save_refuses_a_bad_edit(tmp_path):
    overlay = tmp_path / "kb-overlay.jsonl"
    ed = OverlayEditor(overlay)
    ed.set_person({"id": "x-person", "name": "X Person", "country": "FRA"})
    ed.set_terms("x-person", [{"person_id": "x-person", "office_id": "fra-president", "start": "2020-01-01",
                               "confidence": "high"}])
    with pytest.raises(ConfigError, match=r"kb-overlay\.jsonl:\d+: term overlaps"):
        ed.save()
    assert not overlay.exists() and not list(tmp_path.iterdir())
    with pytest.raises(ConfigError, match="JSONL"):
        OverlayEditor(tmp_path / "mine.csv")


def test_bad_overlay_row_names_file_and_line(tmp_path):
    overlay = tmp_path / "kb-overlay.jsonl"
    overlay.write_text('{"type": "person", "id": "ok-one", "name": "Ok One"}\n'
                       '{"type": "term", "person_id": "ok-one", "office_id": "usa-senator", "start": "2020-02-30",'
                       ' "confidence": "high"}\n', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"kb-overlay\.jsonl:2: start '2020-02-30' is not an ISO date"):
        load_kb(overlay)


def test_world_file_error_names_file_and_line(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "world" / "igo-terms.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "ban-ki-moon,un-secretary-general,2016-12-31,2016-01-01,high,\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=rf"igo-terms\.csv:{len(text.splitlines()) + 1}: end"):
        build(data)


# --- stats -----------------------------------------------------------------------------------------

def test_stats_and_doc_block(kb, tmp_path):
    s = kb_stats(kb, D(2025, 6, 1))
    assert s["countries"] >= 250 and s["people"] == len(kb.people) and s["version"] == kb.version
    assert s["newest_fact"] <= "2025-06-01"
    assert {"core", "world/igo", "world/officials"} <= set(s["by_part"])
    assert s["countries_with_head_of_state"] > 0 and s["countries_with_head_of_government"] > 0
    json.dumps(s)
    doc = tmp_path / "kb.md"
    doc.write_text("# KB\n\nintro\n", encoding="utf-8")
    write_doc(doc, s)
    write_doc(doc, s)
    text = doc.read_text(encoding="utf-8")
    assert text.count("kb-stats:begin") == 1 and text.startswith("# KB\n\nintro\n")
    assert stats_markdown(s) in text
