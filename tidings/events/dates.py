"""Date expressions in news text, resolved against the article's publication date.

Regex first: a handful of precompiled patterns find candidate expressions, the longest
non-overlapping ones are kept, and each is resolved by plain calendar arithmetic (no dateparser:
it is slow and guesses where news conventions are clear).

Conventions (``shared/data/dev/README.md``):

* a bare weekday follows the clause's tense: in a past clause the most recent such day on or
  before the publication date (the publication day itself included), in a future clause the next
  one on or after it; "last Friday" / "next Saturday" exclude the publication day;
* "last week", "this week", "over the weekend" give the month, or the year when the week spans
  two months;
* "March 10" without a year takes the year that puts it nearest the publication date in the
  tense's direction ("postponed to March 10" in a past clause still looks forward);
* "soon", "recently", "in the coming days" are mentions with ``date=None`` and ``vague=True``;
* anaphoric expressions ("a day after", "the next day", "later that day") are resolved against
  the nearest preceding day-precision date in the same text, else left with ``date=None``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..models import EventDate, Span

__all__ = ["DateMention", "find_dates", "resolve_expression"]


@dataclass(frozen=True)
class DateMention:
    span: Span  # offsets into the text passed in (+ offset)
    date: EventDate | None  # None when the expression is too vague or its anchor is unknown
    relation: str  # past | future | present | unknown, relative to the publication date
    vague: bool  # "recently", "soon", "later this year"...


# --------------------------------------------------------------------------- vocabulary

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

# words before a weekday that make it a name, not a date ("Good Friday", "Bloody Sunday")
_WEEKDAY_NAME_PREFIX = {"good", "black", "bloody", "cyber", "ash", "palm", "easter", "holy", "super",
                        "maundy", "shrove", "whit", "low", "giving", "man"}
# words before a bare year that make it a date ("in 2022", "since 1992", "the 1994 genocide")
_YEAR_PREVIOUS = {"in", "since", "by", "until", "till", "from", "of", "during", "before", "after",
                  "through", "between", "and", "to", "early", "late", "mid", "the", "around", "circa",
                  "spring", "summer", "autumn", "fall", "winter", "year", "throughout", "or",
                  "end", "start", "beginning", "middle", "half", "quarter", "its", "their", "his", "her"}
_NOT_PLURAL = {"does", "goes", "across", "towards", "unless", "plus", "thus", "whereas", "afterwards",
               "always", "perhaps", "sometimes", "besides", "was", "has", "its", "elections", "polls",
               "olympics", "games", "talks", "accords", "protests", "riots", "clashes", "negotiations"}
# prepositions that point a yearless date forward even in a past clause ("pushed back to March 10")
_FORWARD_PREPS = {"to", "until", "till", "for", "by", "before"}

# --------------------------------------------------------------------------- patterns

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?")
_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
_WD_FULL = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_ANY = _WD_FULL + r"|(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\b\.?"
_YEAR = r"(?:19|20)\d\d"
_NUM = r"(?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_END_NUM = r"(?![\d:]|[.,]\d)"  # a day number not followed by more digits, a time or a decimal

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>" + _YEAR + r")-(?P<mon>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b")),
    ("mdy", re.compile(
        r"\b(?:(?P<wd>" + _WD_ANY + r"),?\s+)?(?P<mon>" + _MONTH + r")\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
        + _END_NUM + r"(?:,?\s+(?P<year>" + _YEAR + r")\b)?")),
    ("dmy", re.compile(
        r"(?<![\d,.])\b(?:(?P<wd>" + _WD_ANY + r"),?\s+)?(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
        r"(?:\s+of)?\s+(?P<mon>" + _MONTH + r")(?:,?\s+(?P<year>" + _YEAR + r")\b)?")),
    ("month_year", re.compile(
        r"\b(?:(?P<mod>(?i:early|mid|late))[\s-]+)?(?P<mon>" + _MONTH + r"),?\s+(?P<year>" + _YEAR + r")\b"
        + _END_NUM)),
    ("month", re.compile(
        r"\b(?P<prep>(?i:in|since|by|until|till|through|during|from|last|next|this|early|late|mid|before"
        r"|after|between|and|or|to|earlier\s+in|later\s+in|throughout|since\s+early|since\s+late))[\s-]+"
        r"(?:(?P<mod>(?i:early|late|mid))[\s-]+)?(?P<mon>" + _MONTH_FULL + r")(?!\s+\d)")),
    ("weekday", re.compile(
        r"\b(?:(?P<pre>(?i:(?:early|late|later|earlier)(?:\s+on)?|overnight\s+(?:into|to)|on|last|next|this\s+past"
        r"|this\s+coming|this|past|coming|until|till|by|since|from|before|after))\s+)?"
        r"(?P<wd>" + _WD_FULL + r")(?P<poss>['’]s)?(?:\s+(?P<part>morning|afternoon|evening|night))?\b")),
    ("relday", re.compile(
        r"\b(?P<expr>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight"
        r"|(?:earlier|later)\s+today|this\s+(?:morning|afternoon|evening)|last\s+night"
        r"|yesterday(?:\s+(?:morning|afternoon|evening))?|tomorrow(?:\s+(?:morning|afternoon|evening|night))?))\b")),
    ("period", re.compile(
        r"\b(?P<expr>(?i:(?:(?:earlier|later)\s+)?this\s+(?:week|weekend|month|year)"
        r"|(?:last|next|past|previous|coming)\s+(?:week|weekend|month|year)"
        r"|the\s+(?:past|previous|coming|following)\s+(?:week|weekend|month|year)"
        r"|(?:over|at|during)\s+the\s+weekend))\b")),
    ("ago", re.compile(
        r"\b(?P<n>(?i:" + _NUM + r"|a\s+couple\s+of))\s+(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago)\b")),
    ("anchor_n", re.compile(
        r"\b(?P<n>(?i:" + _NUM + r"))\s+(?P<unit>(?i:day|week))s?\s+(?P<dir>(?i:after|before|later|earlier))\b")),
    ("anchor", re.compile(
        r"\b(?P<expr>(?i:the\s+(?:next|following|previous|preceding)\s+(?:day|morning|afternoon|evening|night)"
        r"|the\s+day\s+(?:before|after)|(?:on\s+)?the\s+same\s+day|later\s+(?:that|the\s+same|in\s+the)\s+day"
        r"|earlier\s+(?:that|in\s+the)\s+day|that\s+(?:same\s+)?(?:day|morning|afternoon|evening|night)"
        r"|during\s+the\s+day))\b")),
    ("vague", re.compile(
        r"\b(?P<expr>(?i:recently|lately|soon|shortly(?:\s+(?:thereafter|afterwards?))?|before\s+long"
        r"|in\s+the\s+(?:coming|next|past|last|previous|recent|following)\s+(?:few\s+)?(?:days|weeks|months|years)"
        r"|in\s+recent\s+(?:days|weeks|months|years)|(?:the\s+)?other\s+day|any\s+day\s+now"
        r"|(?:days|weeks|months|years|(?:a\s+few|several|some)\s+(?:days|weeks|months|years))"
        r"\s+(?:ago|earlier|later|before|after)"
        r"|in\s+the\s+(?:days|weeks|months)\s+(?:before|after|since|leading\s+up\s+to)"
        r"|in\s+the\s+near\s+future|in\s+due\s+course|at\s+a\s+later\s+date|as\s+soon\s+as\s+possible"
        r"|later\s+this\s+(?:century|decade)))\b")),
    ("year", re.compile(
        r"(?:(?P<pre>\b(?i:mid|early|late))-|(?<![\w\-./$£€#]))(?P<year>" + _YEAR + r")(?![\w\-%]|[.,]\d)")),
]

_PREV_WORD = re.compile(r"([A-Za-z]+)\W*$")
_NEXT_WORD = re.compile(r"^\s+([A-Za-z]+)")
_SENT_BREAK = re.compile(r"[.!?;]\s")


# --------------------------------------------------------------------------- calendar helpers

def _month_add(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _month_end(year: int, month: int) -> dt.date:
    y, m = _month_add(year, month, 1)
    return dt.date(y, m, 1) - dt.timedelta(days=1)


def _relation(start: dt.date, end: dt.date, published: dt.date | None) -> str:
    if published is None:
        return "unknown"
    if end < published:
        return "past"
    if start > published:
        return "future"
    return "present"


def _day(d: dt.date, published: dt.date | None, span: Span) -> tuple[EventDate, str]:
    return EventDate(d.isoformat(), "day", span), _relation(d, d, published)


def _month(y: int, m: int, published: dt.date | None, span: Span) -> tuple[EventDate, str]:
    return (EventDate(f"{y:04d}-{m:02d}", "month", span),
            _relation(dt.date(y, m, 1), _month_end(y, m), published))


def _year(y: int, published: dt.date | None, span: Span) -> tuple[EventDate, str]:
    return EventDate(f"{y:04d}", "year", span), _relation(dt.date(y, 1, 1), dt.date(y, 12, 31), published)


def _interval(start: dt.date, end: dt.date, published: dt.date | None, span: Span) -> tuple[EventDate | None, str]:
    """A week or weekend: its month if it lies in one, else its year, else nothing."""
    rel = _relation(start, end, published)
    if (start.year, start.month) == (end.year, end.month):
        return EventDate(f"{start.year:04d}-{start.month:02d}", "month", span), rel
    if start.year == end.year:
        return EventDate(f"{start.year:04d}", "year", span), rel
    return None, rel


def _weekday_date(wd: int, published: dt.date, direction: str) -> dt.date:
    """direction: back (on or before), forward (on or after), last (strictly before), next (strictly
    after), near (nearest, ties backwards)."""
    back = (published.weekday() - wd) % 7
    fwd = (wd - published.weekday()) % 7
    if direction == "back":
        return published - dt.timedelta(days=back)
    if direction == "forward":
        return published + dt.timedelta(days=fwd)
    if direction == "last":
        return published - dt.timedelta(days=back or 7)
    if direction == "next":
        return published + dt.timedelta(days=fwd or 7)
    return published - dt.timedelta(days=back) if back <= fwd else published + dt.timedelta(days=fwd)


def _direction(tense: str) -> str:
    return {"future": "forward", "present": "near"}.get(tense, "back")


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text, max(0, start - 30), start)
    return m.group(1).lower() if m else ""


def _yearless(month: int, day: int | None, published: dt.date, tense: str, forward_prep: bool) -> int | None:
    """The year for a month (and day) given without one."""
    cands = []
    for y in (published.year - 1, published.year, published.year + 1):
        try:
            start = dt.date(y, month, day) if day else dt.date(y, month, 1)
        except ValueError:
            continue
        end = start if day else _month_end(y, month)
        cands.append((y, start, end))
    if not cands:
        return None
    past = [c for c in cands if c[1] <= published]
    future = [c for c in cands if c[2] >= published]
    if tense == "past" and forward_prep and future:
        nxt = min(future, key=lambda c: c[1])
        if (nxt[1] - published).days <= 92:
            return nxt[0]
    if tense == "future":
        return min(future, key=lambda c: c[1])[0] if future else None
    if tense == "present":
        def dist(c: tuple[int, dt.date, dt.date]) -> int:
            if c[1] <= published <= c[2]:
                return 0
            return min(abs((c[1] - published).days), abs((c[2] - published).days))
        return min(cands, key=lambda c: (dist(c), c[1] > published))[0]
    return max(past, key=lambda c: c[1])[0] if past else None


# --------------------------------------------------------------------------- resolvers

def _num(s: str) -> int:
    s = s.lower()
    if s.isdigit():
        return int(s)
    if s.startswith("a couple"):
        return 2
    return _NUMBERS.get(s, 1)


def _explicit(m: re.Match[str], text: str, published: dt.date | None, tense: str, span: Span):
    try:
        month = int(m.group("mon")) if m.group("mon").isdigit() else _MONTHS[m.group("mon").rstrip(".").lower()]
        day = int(m.group("day"))
        year = int(m.group("year")) if m.group("year") else None
    except (KeyError, ValueError):
        return None
    if not 1 <= day <= 31:
        return None
    if year is None:
        if published is None:
            return None
        year = _yearless(month, day, published, tense, _prev_word(text, m.start()) in _FORWARD_PREPS)
        if year is None:
            return None
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    return _day(d, published, span)


def _month_year(m: re.Match[str], text: str, published: dt.date | None, tense: str, span: Span):
    return _month(int(m.group("year")), _MONTHS[m.group("mon").rstrip(".").lower()], published, span)


def _month_only(m: re.Match[str], text: str, published: dt.date | None, tense: str, span: Span):
    if published is None:
        return None
    prep = " ".join(m.group("prep").lower().split())
    month = _MONTHS[m.group("mon").lower()]
    if prep == "last":
        y = published.year if month < published.month else published.year - 1
    elif prep == "next":
        y = published.year if month > published.month else published.year + 1
    elif prep == "this":
        y = published.year
    else:
        if prep in ("since", "since early", "since late", "after", "from"):
            tense = "past"
        y = _yearless(month, None, published, tense, prep in _FORWARD_PREPS)
        if y is None:
            return None
    return _month(y, month, published, span)


def _weekday(m: re.Match[str], text: str, published: dt.date | None, tense: str, span: Span):
    if _prev_word(text, m.start()) in _WEEKDAY_NAME_PREFIX and not m.group("pre"):
        return "skip"
    if published is None:
        return None
    wd = _WEEKDAYS[m.group("wd").lower()]
    pre = " ".join((m.group("pre") or "").lower().split())
    if pre in ("last", "past", "this past"):
        direction = "last"
    elif pre in ("next", "coming", "this coming"):
        direction = "next"
    elif pre in ("since", "after", "from") or (pre == "before" and tense == "past"):
        direction = "back"
    elif pre == "this":
        direction = "forward" if tense in ("future", "present") else "back"
    else:
        direction = _direction(tense)
    return _day(_weekday_date(wd, published, direction), published, span)


def _relday(m: re.Match[str], text: str, published: dt.date | None, tense: str, span: Span):
    if published is None:
        return None
    e = " ".join(m.group("expr").lower().split())
    if e.startswith("the day before yesterday"):
        d = published - dt.timedelta(days=2)
    elif e.startswith("the day after tomorrow"):
        d = published + dt.timedelta(days=2)
    elif e.startswith("yesterday") or e == "last night":
        d = published - dt.timedelta(days=1)
    elif e.startswith("tomorrow"):
        d = published + dt.timedelta(days=1)
    else:
        d = published
    return _day(d, published, span)


def _period(m: re.Match[str], text: str, published: dt.date | None, tense: str, span: Span):
    e = " ".join(m.group("expr").lower().split())
    vague = e.startswith(("earlier", "later"))
    if e.startswith("the previous") or e.startswith("previous") or e.startswith("the following"):
        # relative to the story's own time line, not to the publication date
        return None, ("past" if "previous" in e else "future"), True
    if published is None:
        return None, "unknown", vague
    unit = e.rsplit(" ", 1)[-1]
    if "last" in e or "past" in e:
        shift = -1
    elif "next" in e or "coming" in e:
        shift = 1
    else:
        shift = 0
    if unit == "year":
        return (*_year(published.year + shift, published, span), vague)
    if unit == "month":
        return (*_month(*_month_add(published.year, published.month, shift), published, span), vague)
    if unit == "week":
        if e in ("past week", "the past week"):
            start, end = published - dt.timedelta(days=7), published - dt.timedelta(days=1)
        else:
            start = published - dt.timedelta(days=published.weekday()) + dt.timedelta(days=7 * shift)
            end = start + dt.timedelta(days=6)
        date, rel = _interval(start, end, published, span)
        if shift < 0:
            rel = "past"
        elif shift > 0:
            rel = "future"
        return date, rel, vague
    # weekend
    wd = published.weekday()
    if shift == 0 and e.startswith("this") and tense != "past" and wd < 5:
        sat = published + dt.timedelta(days=5 - wd)
    elif wd >= 5:
        sat = published - dt.timedelta(days=wd - 5)
        sat += dt.timedelta(days=7 * shift)
    else:
        sat = published - dt.timedelta(days=wd + 2)  # the weekend just gone
        if shift > 0:
            sat += dt.timedelta(days=7)
    date, _ = _interval(sat, sat + dt.timedelta(days=1), published, span)
    rel = "past" if shift < 0 else "future" if shift > 0 else _relation(sat, sat + dt.timedelta(days=1), published)
    return date, rel, vague


def _ago(m: re.Match[str], text: str, published: dt.date | None, tense: str, span: Span):
    if published is None:
        return None, "past", False
    n = _num(m.group("n"))
    unit = m.group("unit").lower()
    if unit == "day":
        return (*_day(published - dt.timedelta(days=n), published, span), False)
    if unit == "week":
        start = published - dt.timedelta(days=published.weekday() + 7 * n)
        return _interval(start, start + dt.timedelta(days=6), published, span)[0], "past", False
    if unit == "month":
        return _month(*_month_add(published.year, published.month, -n), published, span)[0], "past", False
    return _year(published.year - n, published, span)[0], "past", False


def _year_only(m: re.Match[str], text: str, published: dt.date | None, tense: str, span: Span):
    y = int(m.group("year"))
    if published is not None and y > published.year + 10:
        return "skip"
    if not m.group("pre"):
        prev = _prev_word(text, m.start())
        if prev not in _YEAR_PREVIOUS:
            return "skip"
        nxt = _NEXT_WORD.match(text[m.end():m.end() + 30])
        # "the 2000 troops", "in 2000 cases": a count, not a year
        word = nxt.group(1) if nxt else ""
        if (len(word) > 3 and word.islower() and word.endswith("s") and not word.endswith(("ss", "us", "is"))
                and word not in _NOT_PLURAL):
            return "skip"
    return _year(y, published, span)


_SIMPLE = {"iso": _explicit, "mdy": _explicit, "dmy": _explicit, "month_year": _month_year,
           "month": _month_only, "weekday": _weekday, "relday": _relday, "year": _year_only}
_PRIORITY = {"iso": 0, "mdy": 0, "dmy": 0, "month_year": 1, "weekday": 2, "relday": 2, "ago": 2,
             "anchor_n": 2, "anchor": 3, "period": 2, "month": 3, "vague": 4, "year": 5}


def _vague_relation(e: str) -> str:
    if e.endswith("ago"):
        return "past"
    if e.startswith(("days", "weeks", "months", "years", "a few", "several", "some", "in the days",
                     "in the weeks", "in the months")):
        return "unknown"  # "days after the meeting": relative to another event
    if any(w in e for w in ("soon", "shortly", "coming", "next", "later", "after", "near future",
                            "due course", "any day", "following", "before long", "possible")):
        return "future"
    if any(w in e for w in ("recent", "lately", "past", "last", "ago", "earlier", "before", "other day",
                            "previous", "since")):
        return "past"
    return "unknown"


# --------------------------------------------------------------------------- API

def find_dates(text: str, published: dt.date | None, *, offset: int = 0, tense: str = "past") -> list[DateMention]:
    """Date expressions in ``text``, in text order, resolved against ``published``."""
    if not text:
        return []
    cands: list[tuple[int, int, int, str, re.Match[str]]] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            cands.append((m.start(), m.end(), _PRIORITY[kind], kind, m))
    if not cands:
        return []
    # longest first, then the more specific kind, then leftmost; keep non-overlapping ones
    cands.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken: list[tuple[int, int, str, re.Match[str]]] = []
    for start, end, _, kind, m in cands:
        if any(start < e and s < end for s, e, _, _ in taken):
            continue
        taken.append((start, end, kind, m))
    taken.sort(key=lambda c: c[0])

    out: list[DateMention] = []
    anchor: tuple[int, dt.date] | None = None  # end offset and day of the last day-precision date
    for start, end, kind, m in taken:
        span = Span(start + offset, end + offset, text[start:end])
        date: EventDate | None = None
        rel, vague = "unknown", False
        if kind in _SIMPLE:
            res = _SIMPLE[kind](m, text, published, tense, span)
            if res == "skip":
                continue
            if res is not None:
                date, rel = res
        elif kind in ("period", "ago"):
            date, rel, vague = (_period if kind == "period" else _ago)(m, text, published, tense, span)
        elif kind == "vague":
            e = " ".join(m.group("expr").lower().split())
            rel, vague = _vague_relation(e), True
        elif kind in ("anchor", "anchor_n"):
            date, rel = _anchored(kind, m, text, anchor, published, span)
        if date is not None and date.precision == "day":
            anchor = (end, dt.date.fromisoformat(date.value))
        out.append(DateMention(span, date, rel, vague))
    return out


def _anchored(kind: str, m: re.Match[str], text: str, anchor: tuple[int, dt.date] | None,
              published: dt.date | None, span: Span) -> tuple[EventDate | None, str]:
    """A date stated relative to the previous one: "on Saturday, a day after the match"."""
    if kind == "anchor_n":
        unit = m.group("unit").lower()
        direction = m.group("dir").lower()
        if unit != "day" or anchor is None or _SENT_BREAK.search(text, anchor[0], m.start()):
            return None, "past" if direction in ("before", "earlier") else "unknown"
        n = _num(m.group("n"))
        # "N days after X" dates X, which lies before the anchor; "N days later" dates the clause
        sign = {"after": -1, "before": 1, "later": 1, "earlier": -1}[direction]
        d = anchor[1] + dt.timedelta(days=sign * n)
        return _day(d, published, span)
    e = " ".join(m.group("expr").lower().split())
    if anchor is None:
        return None, "unknown"
    if e.startswith("the day") and not _clause_end(text, m.end()):
        return None, "unknown"  # "the day after the election": anchored on the election, not on us
    if any(w in e for w in ("next", "following", "day after")):
        d = anchor[1] + dt.timedelta(days=1)
    elif any(w in e for w in ("previous", "preceding", "day before")):
        d = anchor[1] - dt.timedelta(days=1)
    else:
        d = anchor[1]
    return _day(d, published, span)


def _clause_end(text: str, pos: int) -> bool:
    rest = text[pos:pos + 3].lstrip()
    return not rest or rest[0] in ".,;:!?)\"'’”"


def resolve_expression(expr: str, published: dt.date | None, *, tense: str = "past") -> EventDate | None:
    """The date of one expression ("last Tuesday", "March 10", "2025-03", "in 2022"), or None."""
    s = expr.strip()
    m = re.fullmatch(r"(" + _YEAR + r")(?:-(0[1-9]|1[0-2]))?", s)
    if m:
        span = Span(0, len(s), s)
        if m.group(2):
            return EventDate(s, "month", span)
        return EventDate(s, "year", span)
    for mention in find_dates(s, published, tense=tense):
        if mention.date is not None:
            return mention.date
    return None
