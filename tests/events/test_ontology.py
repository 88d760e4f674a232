import dataclasses
import importlib.util
import re
from importlib import resources
from pathlib import Path

import pytest

from tidings.errors import InputError, ResourceError
from tidings.events import ontology as ont
from tidings.events.ontology import load_ontology
from tidings.models import STATUSES

SPEC = Path("/work/shared/spec/events.md")
SOURCE = Path("/work/shared/data/external/plover-gsr/CAMEO2PLOVER-2021.txt")
DATA = resources.files("tidings.events").joinpath("data")


@pytest.fixture(scope="module")
def onto():
    return load_ontology()


def spec_table() -> dict[str, tuple[str, tuple[str, ...]]]:
    """type -> (quad, modes) read from the spec's markdown table."""
    out = {}
    for line in SPEC.read_text().splitlines():
        m = re.match(r"^\| ([A-Z]+) \| ([a-z]+ [a-z]+) \| (.*?) \|", line)
        if m:
            modes = tuple(re.findall(r"`([a-z-]+)`", m.group(3)))
            out[m.group(1)] = (m.group(2).replace("coop", "cooperation"), modes)
    return out


def test_sixteen_types_with_quads(onto):
    assert len(onto.types) == 16
    assert onto.quad("CONSULT") == "verbal cooperation"
    assert onto.quad("ASSAULT") == "material conflict"
    assert onto.event_types["REJECT"].quad_class == 3
    assert onto.statuses == STATUSES
    assert "diplomatic" in onto.contexts and "GOV" in onto.sectors and "IGO" in onto.extra_countries


@pytest.mark.skipif(not SPEC.exists(), reason="spec not available")
def test_matches_spec(onto):
    table = spec_table()
    assert set(table) == set(onto.types)
    for name, (quad, modes) in table.items():
        assert onto.quad(name) == quad
        assert set(modes) == set(onto.modes(name)), name


def test_is_valid(onto):
    assert onto.is_valid("CONSULT", "phone")
    assert onto.is_valid("CONSULT")
    assert not onto.is_valid("CONSULT", "riot")
    assert not onto.is_valid("FIGHT")


@pytest.mark.parametrize("args,code", [
    (("CONSULT", "phone"), "041"),
    (("CONSULT", "visit"), "042"),
    (("CONSULT", None), "040"),
    (("AGREE", "meet"), "036"),
    (("AGREE", None), "030"),
    (("ASSAULT", "aerial"), "195"),
    (("PROTEST", "demo"), "141"),
    (("AGREE", None, ("economic",)), "0311"),
    (("COERCE", "restrict", ("military",)), "191"),
])
def test_cameo_for(onto, args, code):
    assert onto.cameo_for(*args) == code


def test_reject_yield_is_12x(onto):
    assert onto.cameo_for("REJECT", "yield").startswith("12")


def test_every_type_and_mode_maps_and_round_trips(onto):
    for t in onto.types:
        for mode in (None, *onto.modes(t)):
            code = onto.cameo_for(t, mode)
            assert code in onto.cameo, (t, mode)
            assert onto.plover_for(code)[0] == t, (t, mode, code)
            assert onto.cameo_root_name(code)
            assert onto.cameo_quad_class(code) in {1, 2, 3, 4}


def test_plover_for(onto):
    assert onto.plover_for("041") == ("CONSULT", "phone", ())
    assert onto.plover_for("0412") == ("CONSULT", "phone", ())  # unknown sub-code -> parent
    assert onto.plover_for("19")[0] == "ASSAULT"  # root -> x0
    assert onto.plover_for("1121") == ("ACCUSE", "allege", ("crime", "corruption"))
    assert onto.plover_for("010") is None  # PLOVER dropped "make public statement"
    assert onto.plover_for("") is None


def test_unknown_type_raises(onto):
    with pytest.raises(InputError):
        onto.cameo_for("FIGHT")
    with pytest.raises(InputError):
        onto.modes("FIGHT")


def test_unknown_mode_falls_back_to_type(onto):
    assert onto.cameo_for("CONSULT", "nonsense") == "040"


def test_read_only_and_cached(onto):
    assert load_ontology() is onto
    with pytest.raises(TypeError):
        onto.event_types["NEW"] = None  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        onto.contexts = ()  # type: ignore[misc]


def test_cameo_roots(onto):
    assert len(onto.cameo_roots) == 20
    assert onto.cameo_root_name("1412") == "PROTEST"
    assert onto.cameo_quad_class("080") == 2


def test_bad_row_names_file_and_line(monkeypatch):
    real = ont._rows

    def fake(name, min_fields):
        if name != "plover.tsv":
            yield from real(name, min_fields)
            return
        yield 1, ["type", "AGREE", "verbal", "cooperation", "meet", ""]
        yield 7, ["type", "AGREE", "sideways", "cooperation", "", ""]

    monkeypatch.setattr(ont, "_rows", fake)
    load_ontology.cache_clear()
    try:
        with pytest.raises(ResourceError, match=r"plover\.tsv:7"):
            load_ontology()
    finally:
        monkeypatch.undo()
        load_ontology.cache_clear()


def test_cameo_table_validation_names_line(monkeypatch):
    real = ont._rows

    def fake(name, min_fields):
        if name != "cameo_plover.tsv":
            yield from real(name, min_fields)
            return
        yield 12, ["041", "CONSULT", "riot", "", "Discuss by telephone", ""]

    monkeypatch.setattr(ont, "_rows", fake)
    load_ontology.cache_clear()
    try:
        with pytest.raises(ResourceError, match=r"cameo_plover\.tsv:12: mode 'riot'"):
            load_ontology()
    finally:
        monkeypatch.undo()
        load_ontology.cache_clear()


def test_shipped_table_has_attribution():
    head = DATA.joinpath("cameo_plover.tsv").read_text().splitlines()[:5]
    assert any("CC BY-SA 4.0" in line for line in head)
    assert any("openeventdata/PLOVER" in line for line in head)


@pytest.mark.skipif(not SOURCE.exists(), reason="CAMEO2PLOVER source not available")
def test_shipped_table_is_reproducible():
    spec = importlib.util.spec_from_file_location("derive_cameo", str(DATA.joinpath("derive_cameo.py")))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    derived = mod.render(mod.derive(SOURCE.read_text().splitlines()))
    assert derived == DATA.joinpath("cameo_plover.tsv").read_text()
