"""Date expressions, resolved against the publication date (cases from the dev gold files)."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.events.dates import DateMention, find_dates, resolve_expression

D = dt.date


def _values(text: str, published: dt.date | None, tense: str = "past") -> list[str | None]:
    return [m.date.value if m.date else None for m in find_dates(text, published, tense=tense)]


# (sentence fragment, published, tense, expected value of the first dated mention) from the gold files
GOLD = [
    # dev-2025-01-20-gaza-ceasefire-begins (Monday)
    ("A ceasefire between Israel and Hamas came into force in the Gaza Strip on Sunday", D(2025, 1, 20), "past", "2025-01-19"),
    ("Later on Sunday, Hamas freed three Israeli women", D(2025, 1, 20), "past", "2025-01-19"),
    ("who had been held since the October 7, 2023 attack", D(2025, 1, 20), "past", "2023-10-07"),
    ("Early on Monday, Israel released 90 Palestinian prisoners", D(2025, 1, 20), "past", "2025-01-20"),
    ("The deal was announced on Wednesday in Doha by Qatar's prime minister", D(2025, 1, 20), "past", "2025-01-15"),
    ("and was approved by the Israeli cabinet early on Saturday", D(2025, 1, 20), "past", "2025-01-18"),
    ("Hamas is expected to free four more women next Saturday", D(2025, 1, 20), "future", "2025-01-25"),
    ("National Security Minister Itamar Ben-Gvir resigned on Sunday", D(2025, 1, 20), "past", "2025-01-19"),
    ("His successor, Donald Trump, who is sworn in on Monday", D(2025, 1, 20), "present", "2025-01-20"),
    # dev-2025-02-19-riyadh-us-russia-talks (Wednesday)
    ("Senior American and Russian officials agreed on Tuesday to restore staffing", D(2025, 2, 19), "past", "2025-02-18"),
    ("Zelenskyy hit back on Wednesday, saying the U.S. president was living in a bubble", D(2025, 2, 19), "past", "2025-02-19"),
    ("In Florida on Tuesday, Trump brushed off Ukrainian complaints", D(2025, 2, 19), "past", "2025-02-18"),
    ("Last week Russia freed Marc Fogel, an American teacher", D(2025, 2, 19), "past", "2025-02"),
    ("He also postponed a visit, pushing it back to March 10 so as not to lend legitimacy", D(2025, 2, 19), "past", "2025-03-10"),
    ("the first high-level talks since Russia's full-scale invasion in 2022.", D(2025, 2, 19), "past", "2022"),
    # dev-2025-03-02-oval-office-fallout (Sunday)
    ("Volodymyr Zelenskyy was greeted with a hug outside 10 Downing Street on Saturday", D(2025, 3, 2), "past", "2025-03-01"),
    ("Friday's meeting in Washington had been expected to end with the signing", D(2025, 3, 2), "past", "2025-02-28"),
    ("Republican Senator Lindsey Graham said on Friday that Zelenskyy should resign", D(2025, 3, 2), "past", "2025-02-28"),
    ("In a joint message on Friday, European Commission President Ursula von der Leyen", D(2025, 3, 2), "past", "2025-02-28"),
    ("On Saturday, hundreds of protesters holding Ukrainian flags lined a road", D(2025, 3, 2), "past", "2025-03-01"),
    ("Starmer will host more than a dozen leaders at a summit in London later on Sunday", D(2025, 3, 2), "future", "2025-03-02"),
    # dev-2025-03-12-jeddah-talks (Wednesday)
    ("Ukraine said on Tuesday it was ready to accept a U.S. proposal for an immediate 30-day ceasefire", D(2025, 3, 12), "past", "2025-03-11"),
    ("the freeze on military aid and intelligence sharing it had imposed last week", D(2025, 3, 12), "past", "2025-03"),
    ("Trump said he expected to talk to Vladimir Putin, possibly this week", D(2025, 3, 12), "future", "2025-03"),
    ("On Wednesday, CIA Director John Ratcliffe said the pause had been lifted", D(2025, 3, 12), "past", "2025-03-12"),
    ("the heated Oval Office meeting between Trump and Zelenskyy on Feb. 28", D(2025, 3, 12), "past", "2025-02-28"),
    # dev-2025-03-16-belgrade-protest (Sunday)
    ("Serbia saw the largest street protest in its modern history on Saturday", D(2025, 3, 16), "past", "2025-03-15"),
    ("Vucic told reporters late on Saturday that he would not bow to pressure", D(2025, 3, 16), "past", "2025-03-15"),
    ("Prime Minister Milos Vucevic resigned in January, after a group of students was attacked", D(2025, 3, 16), "past", "2025-01"),
    ("the deadly collapse of a railway station canopy in Novi Sad last November", D(2025, 3, 16), "past", "2024-11"),
    # dev-2025-05-17-istanbul-talks (Saturday)
    ("Russian and Ukrainian negotiators met face to face on Friday for the first time", D(2025, 5, 17), "past", "2025-05-16"),
    ("Zelenskyy, who flew to Ankara on Thursday for talks with Erdogan", D(2025, 5, 17), "past", "2025-05-15"),
    ("European Union foreign ministers are due to approve a 17th package of sanctions on Tuesday", D(2025, 5, 17), "future", "2025-05-20"),
    ("Vladimir Putin had proposed direct talks last weekend", D(2025, 5, 17), "past", "2025-05"),
    ("Trump said this week that nothing would move forward", D(2025, 5, 17), "past", "2025-05"),
    ("On Saturday morning, a Russian drone struck a passenger bus", D(2025, 5, 17), "past", "2025-05-17"),
    # dev-2025-06-28-drc-rwanda-agreement (Saturday)
    ("signed a peace agreement in Washington on Friday aimed at ending years of conflict", D(2025, 6, 28), "past", "2025-06-27"),
    ("The M23, which captured Goma in January", D(2025, 6, 28), "past", "2025-01"),
    ("In February, the U.S. Treasury imposed sanctions on James Kabarebe", D(2025, 6, 28), "past", "2025-02"),
    # dev-2025-08-11-armenia-azerbaijan-declaration (Monday)
    ("signed a joint declaration at the White House on Friday", D(2025, 8, 11), "past", "2025-08-08"),
    ("A senior adviser said over the weekend that Tehran would block the corridor", D(2025, 8, 11), "past", "2025-08"),
    ("Azerbaijan took full control of Karabakh in a lightning offensive in September 2023", D(2025, 8, 11), "past", "2023-09"),
    # datelines
    ("JERUSALEM, Monday 20 January 2025", D(2025, 1, 20), "past", "2025-01-20"),
    ("RIYADH, Feb. 19, 2025", D(2025, 2, 19), "past", "2025-02-19"),
    ("LONDON — Sunday, March 2, 2025", D(2025, 3, 2), "past", "2025-03-02"),
    ("BELGRADE, 16 March 2025", D(2025, 3, 16), "past", "2025-03-16"),
    ("WASHINGTON, Aug 11, 2025", D(2025, 8, 11), "past", "2025-08-11"),
    ("Thu 13th Feb, 2025", D(2025, 2, 13), "past", "2025-02-13"),
]


@pytest.mark.parametrize(("text", "published", "tense", "expected"), GOLD)
def test_gold_dates(text, published, tense, expected):
    dated = [m for m in find_dates(text, published, tense=tense) if m.date is not None]
    assert dated, text
    assert dated[0].date.value == expected
    precision = {10: "day", 7: "month", 4: "year"}[len(expected)]
    assert dated[0].date.precision == precision


def test_spans_and_offset():
    text = "Ukraine said on Tuesday it was ready"
    (m,) = find_dates(text, D(2025, 3, 12), offset=100)
    assert isinstance(m, DateMention)
    assert (m.span.start, m.span.end, m.span.text) == (113, 123, "on Tuesday")
    assert m.date.span == m.span
    assert m.relation == "past" and not m.vague


def test_a_day_after_is_anchored_on_the_previous_date():
    text = ("Volodymyr Zelenskyy was greeted with a hug outside 10 Downing Street on Saturday, a day after "
            "a televised shouting match with President Donald Trump")
    assert _values(text, D(2025, 3, 2)) == ["2025-03-01", "2025-02-28"]


def test_later_in_the_day_needs_an_anchor():
    assert _values("Later in the day the two ministers were received", D(2025, 6, 28)) == [None]
    text = "They signed the deal on Friday. Later in the day the two ministers were received."
    assert _values(text, D(2025, 6, 28)) == ["2025-06-27", "2025-06-27"]


def test_two_goma_bukavu_months():
    assert _values("which captured Goma in January and Bukavu in February", D(2025, 6, 28)) == ["2025-01", "2025-02"]


def test_weekday_follows_tense():
    published = D(2025, 5, 17)  # Saturday
    assert _values("on Tuesday", published, "past") == ["2025-05-13"]
    assert _values("on Tuesday", published, "future") == ["2025-05-20"]
    assert _values("on Saturday", published, "past") == ["2025-05-17"]
    assert _values("on Saturday", published, "future") == ["2025-05-17"]
    assert _values("last Saturday", published) == ["2025-05-10"]
    assert _values("next Saturday", published) == ["2025-05-24"]
    assert _values("drones struck overnight into Sunday", D(2025, 5, 19)) == ["2025-05-18"]


def test_relative_days_and_periods():
    published = D(2025, 2, 13)  # Thursday
    assert _values("today", published) == ["2025-02-13"]
    assert _values("tonight", published) == ["2025-02-13"]
    assert _values("this morning", published) == ["2025-02-13"]
    assert _values("yesterday", published) == ["2025-02-12"]
    assert _values("tomorrow", published) == ["2025-02-14"]
    assert _values("two days ago", published) == ["2025-02-11"]
    assert _values("last month", published) == ["2025-01"]
    assert _values("last month", D(2025, 1, 5)) == ["2024-12"]
    assert _values("next month", published) == ["2025-03"]
    assert _values("earlier this month", published) == ["2025-02"]
    assert _values("this year", published) == ["2025"]
    assert _values("last year", published) == ["2024"]
    assert _values("in March 2024", published) == ["2024-03"]
    assert _values("20 January 2025", published) == ["2025-01-20"]
    assert _values("2025-03-12", published) == ["2025-03-12"]
    assert _values("since 2022", published) == ["2022"]


def test_week_spanning_two_months_gives_the_year():
    assert _values("It was unlikely to happen next week, he added.", D(2025, 2, 19)) == ["2025"]
    assert _values("last week", D(2025, 2, 19)) == ["2025-02"]


def test_yearless_month_follows_tense():
    assert _values("He visited in September.", D(2025, 8, 11), "past") == ["2024-09"]
    assert _values("He will visit in September.", D(2025, 8, 11), "future") == ["2025-09"]
    assert _values("the March 10 vote", D(2025, 2, 19), "future") == ["2025-03-10"]


def test_vague_expressions():
    ms = find_dates("a meeting likely to occur soon; recently; in the coming weeks; later this year",
                    D(2025, 2, 13))
    got = [(m.span.text, m.date.value if m.date else None, m.relation, m.vague) for m in ms]
    assert got == [
        ("soon", None, "future", True),
        ("recently", None, "past", True),
        ("in the coming weeks", None, "future", True),
        ("later this year", "2025", "present", True),
    ]


@pytest.mark.parametrize("text", [
    "Israel released 90 Palestinian prisoners, most of them women",
    "the two governments signed a loan agreement worth 2.26 billion pounds",
    "a U.S. proposal for an immediate 30-day ceasefire with Russia",
    "several people were killed before the guns fell silent at 11:15 a.m.",
    "Trump told him he was gambling with World War Three, not World War II",
    "The U.S. defense secretary articulated the challenges of returning to pre-2014 borders",
    "estimated the turnout at between 275,000 and 325,000 people",
    "an agreement to exchange 1,000 prisoners of war each",
    "due to approve a 17th package of sanctions against Russia",
    "greeted with a hug outside 10 Downing Street",
    "The treaty could be signed once that hurdle is cleared, but that may take years.",
    "Israel deployed the 2000 troops along the border",
    "the Good Friday agreement",
    "U.S. President Joe Biden, on his last full day in office, welcomed the releases",
    "fought wars over the region in the early 1990s",
])
def test_false_positives(text):
    assert [m for m in find_dates(text, D(2025, 1, 20)) if m.date is not None] == []


def test_numbers_next_to_a_date_are_not_dates():
    assert _values("Early on Monday, Israel released 90 Palestinian prisoners", D(2025, 1, 20)) == ["2025-01-20"]


def test_no_publication_date():
    assert _values("on Sunday", None) == [None]
    assert _values("October 7, 2023", None) == ["2023-10-07"]
    assert find_dates("", D(2025, 1, 1)) == []


def test_resolve_expression():
    assert resolve_expression("last Tuesday", D(2025, 2, 19)).value == "2025-02-18"
    assert resolve_expression("next Saturday", D(2025, 1, 20)).value == "2025-01-25"
    assert resolve_expression("2025-03", None).precision == "month"
    assert resolve_expression("2022", None).value == "2022"
    assert resolve_expression("in 2022", D(2025, 1, 1)).value == "2022"
    assert resolve_expression("March 10", D(2025, 2, 19), tense="future").value == "2025-03-10"
    assert resolve_expression("over the weekend", D(2025, 8, 11)).value == "2025-08"
    assert resolve_expression("soon", D(2025, 8, 11)) is None
    assert resolve_expression("yesterday", None) is None
