"""Dates: datelines near the top of an article, and free-form metadata date values.

A dateline is a short line such as "Thu 13th Feb, 2025", "JERUSALEM, Monday 20 January 2025",
"RIYADH, Feb. 19, 2025" or "JEDDAH, Saudi Arabia — Wednesday, March 12, 2025": an optional place
and weekday, then a full date (day, month and year). A date missing any part is never completed
from the current date: it is not a date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_DATE_PATTERNS = [
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b"),
]
# What may follow the date on a dateline: a time and zone, a separator.
_TAIL = re.compile(r"^[\s,.;:|·•–—-]*(?:(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?"
                   r"(?:\s*[A-Z]{2,5}(?:[+-]\d{1,2})?)?)?[\s,.;:|·•–—-]*$", re.I)
MAX_DATELINE_CHARS = 120
MAX_PREFIX_CHARS = 80


@dataclass(frozen=True)
class Dateline:
    date: dt.date
    start: int  # offset of the dateline line in the text
    end: int  # offset just after the dateline line (before its newline)


def date_in_line(line: str) -> dt.date | None:
    """The date of a dateline-shaped line, or None when the line is not a dateline."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_DATELINE_CHARS:
        return None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(stripped):
            if match.start() > MAX_PREFIX_CHARS or not _TAIL.match(stripped[match.end():]):
                continue
            date = _from_match(match)
            if date:
                return date
    return None


_INLINE = re.compile(r"^(?P<head>[^\n]{3,90}?)\s*(?:[-\u2013\u2014]{1,2}|:)\s+(?=\S)")


def find_dateline(text: str, start: int = 0, *, max_lines: int = 4) -> Dateline | None:
    """The first dateline among the first ``max_lines`` non-empty lines from ``start``: a line of its
    own, or one that opens the first paragraph ("BERLIN, May 5, 2025 - French President ..."), in
    which case ``end`` is where the story text begins."""
    pos, seen = start, 0
    while pos < len(text) and seen < max_lines:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if line.strip():
            seen += 1
            lead = len(line) - len(line.lstrip())
            date = date_in_line(line)
            if date:
                return Dateline(date, pos + lead, pos + len(line.rstrip()))
            m = _INLINE.match(line.lstrip())
            if m and m.group("head")[:1].isupper():
                date = date_in_line(m.group("head"))
                if date:
                    return Dateline(date, pos + lead, pos + lead + m.end())
        pos = end + 1
    return None


def parse_date(value: object) -> dt.date | None:
    """A metadata date (ISO string, datetime, or anything dateparser reads with a full date)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    line_date = date_in_line(text)
    if line_date:
        return line_date
    return _dateparser(text)


def _dateparser(text: str) -> dt.date | None:
    import dateparser  # slow import: only when a date needs it

    try:
        parsed = dateparser.parse(text[:200], languages=["en"], settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DAY_OF_MONTH": "first",
            "STRICT_PARSING": True,
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],  # no "yesterday"
        })
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return parsed.date() if parsed else None


def _from_match(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    month = int(groups["mn"]) if groups.get("mn") else _MONTHS[groups["m"][:3].lower()]
    try:
        return dt.date(int(groups["y"]), month, int(groups["d"]))
    except ValueError:
        return None
