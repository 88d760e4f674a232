from __future__ import annotations

import datetime as dt

import pytest

from tidings.ingest.datelines import date_in_line, find_dateline, parse_date


@pytest.mark.parametrize("line", [
    "Officials met in February 2025 and again on 3 May 2025 to discuss it, they said.",
    "Feb 2025", "March", "2025", "", "31 February 2025",
    "x" * 200 + " March 2, 2025",
])
def test_not_a_dateline(line):
    assert date_in_line(line) is None


def test_find_dateline_offsets():
    text = "Title\n\n  RIYADH, Feb. 19, 2025  \n\nBody."
    found = find_dateline(text)
    assert found is not None
    assert text[found.start:found.end] == "RIYADH, Feb. 19, 2025"
    assert found.date == dt.date(2025, 2, 19)


def test_find_dateline_only_looks_at_the_first_lines():
    text = "\n".join(["line"] * 6 + ["March 2, 2025"])
    assert find_dateline(text) is None


@pytest.mark.parametrize("value, date", [
    ("2025-03-12", dt.date(2025, 3, 12)),
    ("2025-03-12T06:41:00+00:00", dt.date(2025, 3, 12)),
    ("2025-03-12T06:41:00Z", dt.date(2025, 3, 12)),
    ("Wed, 12 Mar 2025 06:41:00 GMT", dt.date(2025, 3, 12)),
    ("March 12 2025", dt.date(2025, 3, 12)),
    ("12 March 2025", dt.date(2025, 3, 12)),
    (dt.datetime(2025, 3, 12, 6, 41), dt.date(2025, 3, 12)),
    (dt.date(2025, 3, 12), dt.date(2025, 3, 12)),
])
def test_parse_date(value, date):
    assert parse_date(value) == date


@pytest.mark.parametrize("value", [
    None, "", "yesterday", "today", "2 days ago", "Monday", "12 March", "March 2025", "nonsense", 42, [],
])
def test_parse_date_never_guesses_from_today(value):
    assert parse_date(value) is None
