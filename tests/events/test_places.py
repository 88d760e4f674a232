"""Gazetteer: name resolution and place names in running text."""

from __future__ import annotations

import pytest

from tidings.events.places import Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize(("name", "country", "feature"), [
    ("Saudi Arabia", "SAU", "country"),
    ("Moscow", "RUS", "city"),
    ("Munich", "DEU", "city"),
    ("Riyadh", "SAU", "city"),
    ("Doha", "QAT", "city"),
    ("Gaza City", "PSE", "city"),
    ("Gaza Strip", "PSE", "region"),
    ("the Gaza Strip", "PSE", "region"),
    ("Gaza", "PSE", "region"),
    ("West Bank", "PSE", "region"),
    ("Ofer prison", "PSE", "site"),
    ("Ankara", "TUR", "city"),
    ("Jeddah", "SAU", "city"),
    ("Washington", "USA", "city"),
    ("London", "GBR", "city"),
    ("Istanbul", "TUR", "city"),
    ("Vermont", "USA", "region"),
    ("Florida", "USA", "region"),
    ("Goma", "COD", "city"),
    ("Bukavu", "COD", "city"),
    ("Novi Sad", "SRB", "city"),
    ("Belgrade", "SRB", "city"),
    ("Tirana", "ALB", "city"),
    ("Bilopillia", "UKR", "city"),
    ("Sumy", "UKR", "city"),
    ("Sumy region", "UKR", "region"),
    ("Kursk region", "RUS", "region"),
    ("Crimea", "UKR", "region"),
    ("Donbas", "UKR", "region"),
    ("Nagorno-Karabakh", "AZE", "region"),
    ("Karabakh", "AZE", "region"),
    ("Syunik province", "ARM", "region"),
    ("Kosovo", "XKX", "country"),
    ("Taiwan", "TWN", "country"),
    ("Britain", "GBR", "country"),
    ("the United States", "USA", "country"),
    ("Russia", "RUS", "country"),
    ("Iran", "IRN", "country"),
    ("Syria", "SYR", "country"),
    ("Turkey", "TUR", "country"),
    ("Türkiye", "TUR", "country"),
    ("Congo", "COD", "country"),
    ("Qatar", "QAT", "country"),
    ("Georgia", "GEO", "country"),
    ("Camp David", "USA", "site"),
    ("North Kivu", "COD", "region"),
    ("JERUSALEM", "ISR", "city"),
])
def test_resolve(gaz, name, country, feature):
    place = gaz.resolve(name)
    assert place is not None, name
    assert (place.country, place.feature) == (country, feature)


def test_resolve_sites_report_their_city(gaz):
    assert gaz.resolve("Oval Office").name == "Washington"
    assert gaz.resolve("White House").name == "Washington"
    assert gaz.resolve("Diriyah Palace").name == "Riyadh"
    assert gaz.resolve("Dolmabahce Palace").name == "Istanbul"
    assert gaz.resolve("Munich Security Conference").name == "Munich"


def test_resolve_country_hint_and_coordinates(gaz):
    assert gaz.resolve("Georgia", country_hint="USA").country == "USA"
    assert gaz.resolve("London", country_hint="CAN").country == "CAN"
    moscow = gaz.resolve("Moscow")
    assert moscow.geonames_id == 524901 and round(moscow.lat) == 56 and round(moscow.lon) == 38
    assert gaz.resolve("Saudi Arabia").lat is not None  # located at its capital
    assert gaz.resolve("Zzyzxville") is None
    assert gaz.resolve("") is None


def _found(gaz, text, **kw):
    return [(p.span.text, p.country) for p in gaz.find(text, **kw)]


def test_find_gold_sentences(gaz):
    assert _found(gaz, "A ceasefire came into force in the Gaza Strip on Sunday") == [("Gaza Strip", "PSE")]
    assert _found(gaz, "They were handed to the Red Cross in Gaza City, where gunmen had deployed") == [
        ("Gaza City", "PSE")]
    assert _found(gaz, "Israel released 90 prisoners from Ofer prison in the occupied West Bank.") == [
        ("Israel", "ISR"), ("Ofer prison", "PSE"), ("West Bank", "PSE")]
    assert _found(gaz, "spent about four and a half hours at Riyadh's Diriyah Palace") == [
        ("Riyadh", "SAU"), ("Diriyah Palace", "SAU")]
    assert _found(gaz, "a shouting match in the Oval Office ended") == [("Oval Office", "USA")]
    assert _found(gaz, "a drone struck a bus near the town of Bilopillia in the Sumy region") == [
        ("Bilopillia", "UKR"), ("Sumy region", "UKR")]
    assert _found(gaz, "Speaking in Ankara on Tuesday, Zelenskyy said") == [("Ankara", "TUR")]
    assert _found(gaz, "after talks in the Saudi city of Jeddah") == [("Jeddah", "SAU")]
    assert _found(gaz, "The M23, which captured Goma in January and Bukavu in February") == [
        ("Goma", "COD"), ("Bukavu", "COD")]
    assert _found(gaz, "protesters lined a road near a Vermont ski resort") == [("Vermont", "USA")]
    assert _found(gaz, "their brief encounter in Istanbul produced one result") == [("Istanbul", "TUR")]
    assert _found(gaz, "fought wars over the Nagorno-Karabakh region") == [("Nagorno-Karabakh region", "AZE")]


def test_find_spans_and_offset(gaz):
    (p,) = gaz.find("talks in Doha ended", offset=50)
    assert (p.span.start, p.span.end, p.span.text) == (59, 63, "Doha")
    (p,) = gaz.find("Gaza's civil defence agency")
    assert p.span.text == "Gaza" and p.country == "PSE"


def test_find_dateline(gaz):
    assert _found(gaz, "RIYADH, Feb. 19, 2025") == [("RIYADH", "SAU")]
    assert _found(gaz, "JEDDAH, Saudi Arabia — Wednesday") == [("JEDDAH", "SAU"), ("Saudi Arabia", "SAU")]
    assert _found(gaz, "NATO said") == []


@pytest.mark.parametrize("text", [
    "Nice to meet you.",
    "Police said a number of people were detained during the day.",
    "Reading the statement, he paused.",
    "Mobile phones were seized.",
    "Split decisions. Bath time. Of course.",
    "Israel Katz said the army was ready.",
    "the Washington Post reported",
    "Jordan Bardella said",
    "U.S. President Joe Biden welcomed the releases",
    "It may take years, he said in March.",
    "Rubio told reporters after the talks",
    "the Sunday Times",
])
def test_find_rejects_common_words_and_names(gaz, text):
    assert gaz.find(text) == []


def test_find_guarded_names_with_preposition_or_hint(gaz):
    assert _found(gaz, "a truck attack in Nice") == [("Nice", "FRA")]
    assert _found(gaz, "troops stationed in the U.S.") == [("U.S.", "USA")]
    assert _found(gaz, "Atlanta, Georgia") == [("Atlanta", "USA"), ("Georgia", "USA")]


def test_load_gazetteer_is_cached():
    assert load_gazetteer() is load_gazetteer()
