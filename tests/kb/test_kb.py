"""The packaged knowledge base: validation, look-ups, overlays and load errors."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tidings.errors import ResourceError
from tidings.kb import DATA_DIR, KnowledgeBase, load_kb
from tidings.kb.base import build

D = dt.date


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def test_load_is_cached_and_read_only(kb):
    assert load_kb() is kb
    with pytest.raises(TypeError):
        kb.people["x"] = None  # type: ignore[index]
    with pytest.raises(AttributeError):
        kb.people["donald-trump"].name = "x"  # type: ignore[misc]


def test_countries_cover_un_members_observers_and_disputed(kb):
    members = [c for c in kb.countries.values() if c.status == "m"]
    assert len(members) == 193
    for iso in ("PSE", "VAT", "XKX", "TWN", "ESH"):
        assert kb.country(iso) is not None
    for c in members:
        # "Dominican" and "Congolese" go to the Dominican Republic and DR Congo
        assert c.adjectives or c.demonyms or c.iso3 in ("DMA", "COG"), c.iso3


def test_every_country_adjective_and_demonym_resolves(kb):
    for c in kb.countries.values():
        for term in (*c.names, *c.adjectives, *c.demonyms, *c.capitals):
            found = kb.country_by_name(term)
            assert found is not None and found.iso3 == c.iso3, (term, c.iso3)


@pytest.mark.parametrize("text,iso", [
    ("the United States", "USA"), ("U.S.", "USA"), ("US", "USA"), ("USA", "USA"), ("America", "USA"),
    ("Britain", "GBR"), ("the UK", "GBR"), ("DR Congo", "COD"), ("Democratic Republic of Congo", "COD"),
    ("Congo-Kinshasa", "COD"), ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Ivory Coast", "CIV"),
    ("Ukrainians", "UKR"), ("Israeli", "ISR"), ("Palestinian", "PSE"), ("Congolese", "COD"),
    ("Azerbaijani", "AZE"), ("Serbian", "SRB"), ("Saudi", "SAU"), ("Emirati", "ARE"), ("American", "USA"),
    ("British", "GBR"), ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Moscow", "RUS"), ("Washington", "USA"),
    ("Beijing", "CHN"), ("Jerusalem", "ISR"), ("Tehran", "IRN"), ("Russia's", "RUS"),
])
def test_country_by_name(kb, text, iso):
    assert kb.country_by_name(text).iso3 == iso


def test_ids_unique_and_terms_consistent(kb):
    assert len(kb.people) == len({p.id for p in kb.people.values()})
    for term in kb.terms:
        person = kb.people[term.person_id]
        if person.birth and term.start:
            assert term.start >= person.birth
        if person.death and term.end:
            assert term.end <= person.death
    for office in kb.offices.values():
        if office.multi:
            continue
        terms = sorted((t for t in kb.terms if t.office_id == office.office_id and t.start), key=lambda t: t.start)
        for a, b in zip(terms, terms[1:], strict=False):
            assert a.end is not None and b.start >= a.end, (a, b)


def test_required_people_and_offices(kb):
    for pid in ("donald-trump", "joe-biden", "pete-hegseth", "lloyd-austin", "marco-rubio", "mike-waltz",
                "steve-witkoff", "keith-kellogg", "vladimir-putin", "sergei-lavrov", "dmitry-peskov",
                "yuri-ushakov", "vladimir-medinsky", "dmitry-medvedev", "volodymyr-zelenskyy", "andriy-yermak",
                "andrii-sybiha", "rustem-umerov", "benjamin-netanyahu", "itamar-ben-gvir", "bezalel-smotrich",
                "keir-starmer", "emmanuel-macron", "friedrich-merz", "donald-tusk", "recep-tayyip-erdogan",
                "hakan-fidan", "jd-vance", "lindsey-graham", "ursula-von-der-leyen", "antonio-costa",
                "aleksandar-vucic", "milos-vucevic", "felix-tshisekedi", "paul-kagame", "olivier-nduhungirehe",
                "therese-kayikwamba-wagner", "james-kabarebe", "nikol-pashinyan", "ararat-mirzoyan",
                "ilham-aliyev", "jeyhun-bayramov", "ali-akbar-velayati", "john-ratcliffe",
                "mohammed-bin-abdulrahman-al-thani"):
        assert pid in kb.people, pid
    assert kb.sector_of("john-ratcliffe", D(2025, 3, 12))[1] == "SPY"
    assert kb.org("hamas").country == "PSE" and kb.org("hamas").sector == "REB"
    assert (kb.org("eu").country, kb.org("eu").sector) == ("EUR", "IGO")
    assert (kb.org("nato").country, kb.org("nato").sector) == ("IGO", "IGO")
    assert (kb.org("m23").country, kb.org("m23").sector) == ("COD", "REB")


@pytest.mark.parametrize("query,on,expected", [
    ("the U.S. defense secretary", D(2025, 2, 13), "pete-hegseth"),
    ("the U.S. defense secretary", D(2024, 6, 1), "lloyd-austin"),
    ("Zelensky", None, "volodymyr-zelenskyy"),
    ("Zelenskiy", D(2025, 3, 1), "volodymyr-zelenskyy"),
    ("Putin's spokesperson", D(2025, 2, 13), "dmitry-peskov"),
    ("the Kremlin spokesman", D(2025, 3, 12), "dmitry-peskov"),
    ("Qatar's prime minister", D(2025, 1, 20), "mohammed-bin-abdulrahman-al-thani"),
    ("the U.S. president", D(2025, 2, 19), "donald-trump"),
    ("the U.S. president", D(2024, 2, 19), "joe-biden"),
    ("President Putin", D(2025, 1, 1), "vladimir-putin"),
    ("Russia's foreign minister", D(2025, 1, 1), "sergei-lavrov"),
    ("Ukraine's foreign minister", D(2025, 5, 17), "andrii-sybiha"),
    ("Ukraine's foreign minister", D(2024, 5, 17), "dmytro-kuleba"),
    ("the Ukrainian leader", D(2025, 3, 2), "volodymyr-zelenskyy"),
    ("senior adviser to Iran's supreme leader", D(2025, 8, 11), "ali-akbar-velayati"),
    ("the special envoy for Russia and Ukraine", D(2025, 2, 13), "keith-kellogg"),
    ("the German chancellor", D(2025, 5, 17), "friedrich-merz"),
    ("the German chancellor", D(2025, 1, 17), "olaf-scholz"),
    ("Zelenskky", None, "volodymyr-zelenskyy"),
])
def test_lookup_people(kb, query, on, expected):
    answers = kb.lookup(query, on)
    assert answers and answers[0].id == expected, answers[:2]
    assert answers[0].source


def test_lookup_role_answer_carries_office_and_term(kb):
    a = kb.lookup("the U.S. defense secretary", D(2025, 2, 13))[0]
    assert a.via == "role" and a.office.office_id == "usa-secdef" and a.term.start == D(2025, 1, 25)
    assert a.source.startswith("terms.csv:")


@pytest.mark.parametrize("query,kind,country,sector", [
    ("Kyiv", "country", "UKR", "GOV"), ("the Kremlin", "org", "RUS", "GOV"),
    ("the White House", "org", "USA", "GOV"), ("the Pentagon", "org", "USA", "MIL"),
    ("Downing Street", "org", "GBR", "GOV"), ("No 10", "org", "GBR", "GOV"), ("the Élysée", "org", "FRA", "GOV"),
    ("Foggy Bottom", "org", "USA", "GOV"), ("the Knesset", "org", "ISR", "LEG"), ("Congress", "org", "USA", "LEG"),
    ("European Commission", "org", "EUR", "IGO"), ("OSCE", "org", "IGO", "IGO"), ("Red Cross", "org", "NGO", "CVL"),
])
def test_lookup_metonyms_and_orgs(kb, query, kind, country, sector):
    a = kb.lookup(query)[0]
    assert (a.kind, a.country, a.sector) == (kind, country, sector)


def test_holders_over_time(kb):
    assert [p.id for p, _ in kb.holders("usa-president", D(2025, 2, 13))] == ["donald-trump"]
    assert [p.id for p, _ in kb.holders("usa-president", D(2020, 2, 13))] == ["donald-trump"]
    assert [p.id for p, _ in kb.holders("usa-president", D(2022, 2, 13))] == ["joe-biden"]
    assert [p.id for p, _ in kb.holders("usa-nsa", D(2025, 3, 12))] == ["mike-waltz"]
    assert [p.id for p, _ in kb.holders("ukr-defence-minister", D(2025, 8, 1))] == ["denys-shmyhal"]


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _append(path: Path, line: str) -> int:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return len((text + line).splitlines())


@pytest.mark.parametrize("file,line,message", [
    ("people.csv", "donald-trump,Someone Else,,m,,,,USA", "duplicate id"),
    ("people.csv", "bad id,Someone,,m,,,,USA", "not a slug"),
    ("people.csv", "someone,Someone,,x,,,,USA", "gender"),
    ("people.csv", "someone,Someone,,m,1990-13-01,,,USA", "ISO date"),
    ("terms.csv", "joe-biden,usa-president,2024-01-01,,high,", "overlaps"),
    ("terms.csv", "nobody,usa-president,2030-01-01,,high,", "unknown person"),
    ("terms.csv", "donald-trump,usa-president,1940-01-01,1941-01-01,high,", "before donald-trump was born"),
    ("terms.csv", "donald-trump,no-such-office,2030-01-01,,high,", "unknown office"),
    ("terms.csv", "donald-trump,usa-senator,2030-01-01,,sure,", "confidence"),
    ("orgs.csv", "x-org,X,,ZZZ,GOV,igo,", "unknown country"),
    ("orgs.csv", "x-org,X,,USA,BOSS,igo,", "sector"),
    ("offices.csv", "x-office,X,USA,GOV,emperor,,,1", "not in roles.csv"),
    ("countries.csv", "XXA,Fooland,t,Fooland,American,,", "also names"),
])
def test_load_errors_name_file_and_line(tmp_path, file, line, message):
    data = _copy_data(tmp_path)
    lineno = _append(data / file, line)
    with pytest.raises(ResourceError) as err:
        build(data)
    text = str(err.value)
    assert message in text
    if message not in ("overlaps", "also names", "not in roles.csv", "unknown person", "unknown office",
                       "before donald-trump was born"):
        assert f"{file}:{lineno}" in text
    else:
        assert file in text


def test_bad_header_and_field_count(tmp_path):
    data = _copy_data(tmp_path)
    p = data / "roles.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("phrase,role,country,checkable", "phrase,role"),
                 encoding="utf-8")
    with pytest.raises(ResourceError, match=r"roles\.csv:\d+: header"):
        build(data)
    data2 = _copy_data(tmp_path / "b")
    lineno = _append(data2 / "group_nouns.csv", "rioters,CVL")
    with pytest.raises(ResourceError, match=rf"group_nouns\.csv:{lineno}: 2 fields"):
        build(data2)


def test_overlay_csv_and_jsonl(tmp_path):
    people = tmp_path / "mine.csv"
    people.write_text("id,name,aliases,gender,birth,death,wikidata,country\n"
                      "jane-doe,Jane Doe,Doe,f,1970-01-01,,,FRA\n", encoding="utf-8")
    kb = load_kb(people)
    assert kb.lookup("Jane Doe")[0].id == "jane-doe" and kb.lookup("Jane Doe")[0].country == "FRA"
    assert "jane-doe" not in load_kb().people
    jl = tmp_path / "mine.jsonl"
    jl.write_text('{"type": "person", "id": "john-roe", "name": "John Roe", "aliases": ["Roe"], "gender": "m",'
                  ' "country": "DEU"}\n'
                  '{"type": "term", "person_id": "john-roe", "office_id": "usa-senator", "start": "2030-01-01",'
                  ' "confidence": "high"}\n', encoding="utf-8")
    kb2 = load_kb(jl)
    assert "john-roe" in [p.id for p, _ in kb2.holders("usa-senator", D(2030, 6, 1))]
    assert kb2.lookup("Roe")[0].id == "john-roe"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "person", "id": "x"}\n', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"bad\.jsonl:1: name is empty"):
        load_kb(bad)
    bad2 = tmp_path / "bad2.jsonl"
    bad2.write_text('{"type": "person", "id": "x", "name": "X"}\n{"type": "alien"}\n', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"bad2\.jsonl:2: expected an object"):
        load_kb(bad2)
