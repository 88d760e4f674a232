"""Sentence-level event extraction through the real pipeline (spaCy parse, KB actors, rules)."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.models import Article, EventRecord

PUB = dt.date(2025, 3, 16)  # a Sunday


@pytest.fixture(scope="module")
def extract(pipeline):
    def run(text: str, published: dt.date = PUB) -> list[EventRecord]:
        result = pipeline.process_one(Article(doc_id="t", text=text, published=published))
        assert result.status == "ok", result.reason
        for e in result.events:
            for span in (e.evidence.sentence, e.evidence.clause, e.evidence.trigger):
                assert text[span.start:span.end] == span.text
        return list(result.events)
    return run


def countries(refs) -> set:
    return {a.country for a in refs}


def one(events: list[EventRecord], etype: str) -> EventRecord:
    found = [e for e in events if e.event_type == etype]
    assert len(found) == 1, [(e.event_type, e.status) for e in events]
    return found[0]


# --- status -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "etype"), [
    ("Ukraine did not sign the agreement.", "SUPPORT"),  # signing an agreement is SUPPORT in PLOVER
    ("Hamas did not release the hostages.", "RETREAT"),
])
def test_negation(extract, text, etype):
    e = one(extract(text), etype)
    assert e.status == "negated"


def test_negated_signing_keeps_actor(extract):
    e = one(extract("Russia did not sign the agreement with Ukraine."), "SUPPORT")
    assert (e.status, countries(e.actor), countries(e.recipient)) == ("negated", {"RUS"}, {"UKR"})


def test_future_attack_is_planned(extract):
    e = one(extract("Russia will attack Ukraine."), "ASSAULT")
    assert (e.status, countries(e.actor), countries(e.recipient)) == ("planned", {"RUS"}, {"UKR"})


@pytest.mark.parametrize("text", ["Macron could meet Trump next month.", "Trump said he may meet Putin soon."])
def test_possible_meeting(extract, text):
    events = extract(text)
    assert len(events) == 1
    assert events[0].status == "possible"


def test_possible_attack(extract):
    e = one(extract("Russia may attack Ukraine."), "ASSAULT")
    assert e.status == "possible"


@pytest.mark.parametrize(("text", "etype", "actor", "recipient"), [
    ("Rwanda denied supporting the M23.", "SUPPORT", "RWA", "COD"),
    ("Russia denied attacking Ukraine.", "ASSAULT", "RUS", "UKR"),
])
def test_denial(extract, text, etype, actor, recipient):
    e = one(extract(text), etype)
    assert e.status == "denied"
    assert countries(e.actor) == {actor} and countries(e.recipient) == {recipient}


def test_historical_resignation(extract):
    e = one(extract("Serbian Prime Minister Milos Vucevic resigned in January."), "RETREAT")
    assert e.mode == "resign"
    assert e.status == "historical"
    assert (e.date.value, e.date.precision) == ("2025-01", "month")
    assert [a.name for a in e.actor] == ["Milos Vucevic"]


def test_recent_event_occurred(extract):
    e = one(extract("Russia attacked Ukraine on Saturday."), "ASSAULT")
    assert e.status == "occurred"


# --- dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "published", "value"), [
    ("Russia attacked Ukraine on Saturday.", PUB, "2025-03-15"),
    ("Trump met Zelenskyy on Tuesday.", PUB, "2025-03-11"),
    ("Trump met Zelenskyy on Tuesday in Washington.", dt.date(2025, 2, 13), "2025-02-11"),
    ("Macron met Scholz in Berlin on Friday.", PUB, "2025-03-14"),
])
def test_weekday_resolved_against_publication(extract, text, published, value):
    events = extract(text, published)
    assert len(events) == 1
    assert events[0].date is not None
    assert (events[0].date.value, events[0].date.precision) == (value, "day")
    assert events[0].date.span is not None and events[0].date.span.text.endswith("day")


def test_no_date_without_expression(extract):
    e = one(extract("Israel will attack Iran."), "ASSAULT")
    assert e.date is None


# --- places -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "name", "country"), [
    ("Erdogan met Putin in Ankara.", "Ankara", "TUR"),
    ("Macron met Scholz in Berlin on Friday.", "Berlin", "DEU"),
    ("Trump met Putin in Riyadh.", "Riyadh", "SAU"),
    ("Trump will meet Putin in Saudi Arabia.", "Saudi Arabia", "SAU"),
])
def test_place(extract, text, name, country):
    events = extract(text)
    assert len(events) == 1
    loc = events[0].location
    assert loc is not None and (loc.name, loc.country) == (name, country)
    assert loc.span is not None and loc.span.text == name


def test_no_place_without_one(extract):
    e = one(extract("Ukraine accused Russia of war crimes."), "ACCUSE")
    assert e.location is None


# --- roles --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "mode", "people"), [
    ("Erdogan met Putin in Ankara.", None, {"Recep Tayyip Erdogan", "Vladimir Putin"}),
    ("Trump spoke with Putin by phone.", "phone", {"Donald Trump", "Vladimir Putin"}),
    ("Turkish President Recep Tayyip Erdogan met Russian President Vladimir Putin in Ankara on Monday.", None,
     {"Recep Tayyip Erdogan", "Vladimir Putin"}),
])
def test_consult_puts_all_participants_in_actor(extract, text, mode, people):
    e = one(extract(text), "CONSULT")
    assert e.mode == mode
    assert {a.name for a in e.actor} == people
    assert e.recipient == ()
    assert e.status == "occurred"


def test_consult_from_meeting_noun(extract):
    e = one(extract("Trump and Putin held talks in Riyadh."), "CONSULT")
    assert {a.name for a in e.actor} == {"Donald Trump", "Vladimir Putin"} and e.recipient == ()


@pytest.mark.parametrize(("text", "actor", "recipient", "place"), [
    ("Trump will meet Putin in Saudi Arabia.", "Donald Trump", "Vladimir Putin", "SAU"),
    ("Putin will meet Trump next week.", "Vladimir Putin", "Donald Trump", None),
    ("Putin invited Trump to Moscow.", "Vladimir Putin", "Donald Trump", "RUS"),
])
def test_future_meeting_is_agree_meet(extract, text, actor, recipient, place):
    events = extract(text)
    assert [e.event_type for e in events] == ["AGREE"]
    e = events[0]
    assert e.mode == "meet"
    assert e.status == "occurred"  # the agreement to meet occurred (spec/events.md)
    assert [a.name for a in e.actor] == [actor] and [a.name for a in e.recipient] == [recipient]
    assert (e.location.country if e.location else None) == place


@pytest.mark.parametrize(("text", "actor", "recipient"), [
    ("Ukraine accused Russia of war crimes.", "UKR", "RUS"),
    ("Russia accused Ukraine of attacking civilians.", "RUS", "UKR"),
])
def test_accusation(extract, text, actor, recipient):
    e = one(extract(text), "ACCUSE")
    assert e.mode == "disapprove"
    assert countries(e.actor) == {actor} and countries(e.recipient) == {recipient}
    assert e.evidence.trigger.text == "accused"


def test_protest(extract):
    e = one(extract("Serbian students protested in Belgrade."), "PROTEST")
    assert e.mode == "demo"
    assert [a.name for a in e.actor] == ["Serbian students"] and countries(e.actor) == {"SRB"}
    assert (e.location.name, e.location.country) == ("Belgrade", "SRB")


def test_protest_against_government(extract):
    e = one(extract("Protesters demonstrated in Belgrade against the Serbian government."), "PROTEST")
    assert countries(e.recipient) == {"SRB"}
    assert e.location.country == "SRB"


def test_direct_assault(extract):
    e = one(extract("Israel struck Gaza."), "ASSAULT")
    assert countries(e.actor) == {"ISR"} and countries(e.recipient) == {"PSE"}


def test_air_strikes_mode(extract):
    e = one(extract("Israel launched air strikes on Gaza."), "ASSAULT")
    assert e.mode == "aerial" and countries(e.actor) == {"ISR"}


def test_no_event_in_plain_sentence(extract):
    assert extract("The weather in Kyiv was mild on Saturday.") == []


def test_cameo_code_present(extract):
    e = one(extract("Ukraine accused Russia of war crimes."), "ACCUSE")
    assert e.cameo and e.cameo.startswith("1")


def test_no_plans_to_meet_is_a_negated_agreement(extract):
    events = extract("The White House said there were no plans for Trump to meet Putin in the near future.")
    e = one(events, "AGREE")
    assert e.mode == "meet" and e.status == "negated"
    assert not [x for x in events if x.event_type == "CONSULT"]


def test_relative_clause_keeps_its_own_polarity(extract):
    events = extract("The M23, which captured Goma in January, is not a party to the agreement.",
                     dt.date(2025, 6, 28))
    e = one(events, "ASSAULT")
    assert e.status == "historical" and countries(e.actor) == {"COD"} and countries(e.recipient) == {"COD"}
