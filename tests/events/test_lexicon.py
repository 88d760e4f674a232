"""The trigger lexicon: the packaged table is valid PLOVER; bad tables fail loudly with file:line."""

from __future__ import annotations

import pytest

from tidings.errors import ResourceError
from tidings.events.lexicon import EVENT_TYPES, ROLES, load_lexicon
from tidings.events.ontology import load_ontology

HEADER = "# lemma,pos,event_type,mode,role,contexts\n"


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def rows(lexicon):
    return [*lexicon.verbs.values(), *lexicon.nouns.values()]


def test_packaged_lexicon_loads(lexicon):
    assert len(lexicon.verbs) > 50 and len(lexicon.nouns) > 20
    assert lexicon.source.endswith("triggers.csv")
    assert load_lexicon() is lexicon  # cached


def test_every_row_is_plover(lexicon):
    onto = load_ontology()
    assert set(EVENT_TYPES) == set(onto.types)
    bad = [(t.lemma, t.pos, t.event_type, t.mode) for t in rows(lexicon) if not onto.is_valid(t.event_type, t.mode)]
    assert bad == []


def test_rows_are_well_formed(lexicon):
    for table, pos in ((lexicon.verbs, "V"), (lexicon.nouns, "N")):
        for key, t in table.items():
            assert key == t.lemma and t.pos == pos
            assert t.role in ROLES
            assert t.mode is None or t.mode  # empty mode is None, never ""
            assert all(c for c in t.contexts)


def test_core_triggers(lexicon):
    assert lexicon.verb("meet").event_type == "CONSULT" and lexicon.verb("meet").role == "meet"
    assert lexicon.verb("accuse").event_type == "ACCUSE"
    assert lexicon.verb("protest").event_type == "PROTEST"
    assert lexicon.verb("no-such-verb") is None and lexicon.noun("no-such-noun") is None


def test_tables_are_read_only(lexicon):
    with pytest.raises(TypeError):
        lexicon.verbs["new"] = None


def test_custom_file_with_comments_and_blank_lines(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "\nparley,V,CONSULT,,meet,diplomatic;military\n# note\nparley,N,CONSULT,,meet,\n"
                    "huff,V,ACCUSE,disapprove,event,\n", encoding="utf-8")
    lex = load_lexicon(str(path))
    assert lex.source == str(path)
    assert lex.verb("parley").contexts == ("diplomatic", "military")
    assert lex.noun("parley").contexts == ()
    assert lex.verb("huff").mode == "disapprove" and lex.verb("parley").mode is None


@pytest.mark.parametrize(("line", "message"), [
    ("parley,V,CONSULT,,meet", "expected 6 columns, got 5"),
    ("parley,X,CONSULT,,meet,", "pos must be V or N"),
    ("parley,V,CHAT,,meet,", "unknown event type 'CHAT'"),
    ("parley,V,CONSULT,,talky,", "unknown role 'talky'"),
])
def test_malformed_row_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "meet,V,CONSULT,,meet,diplomatic\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ResourceError) as info:
        load_lexicon(str(path))
    assert f"{path}:4:" in info.value.message
    assert message in info.value.message


def test_duplicate_trigger(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text(HEADER + "meet,V,CONSULT,,meet,\nmeet,V,AGREE,meet,intent,\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"dup\.csv:3: duplicate trigger 'meet' \(V\)"):
        load_lexicon(str(path))


def test_missing_file(tmp_path):
    with pytest.raises(ResourceError, match="missing.csv"):
        load_lexicon(str(tmp_path / "missing.csv"))
