"""Reading and validating the KB data files (CSV with ``#`` comment lines, or JSONL overlays).

Every problem raises :class:`tidings.errors.ResourceError` naming the file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ResourceError
from .records import (
    CONFIDENCES,
    SECTORS,
    SPECIAL_COUNTRIES,
    Country,
    GroupNoun,
    OfficeDef,
    Org,
    Person,
    RolePhrase,
    Term,
)

DATA_DIR = Path(__file__).parent / "data"
KB_VERSION = "2025.10.1"

HEADERS: dict[str, tuple[str, ...]] = {
    "countries": ("iso3", "name", "status", "names", "adjectives", "demonyms", "capitals"),
    "orgs": ("id", "name", "aliases", "country", "sector", "type", "wikidata"),
    "people": ("id", "name", "aliases", "gender", "birth", "death", "wikidata", "country"),
    "offices": ("office_id", "title", "country", "sector", "roles", "org", "principal", "holders"),
    "terms": ("person_id", "office_id", "start", "end", "confidence", "note"),
    "roles": ("phrase", "role", "country", "checkable"),
    "group_nouns": ("noun", "sector", "bare"),
}
ORG_TYPES = frozenset({"igo", "eu", "ngo", "armed", "party", "institution", "agency", "media"})
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


class Row(dict):
    """A data row (field -> str) that remembers where it came from."""

    source: str = ""


def _fail(source: str, message: str) -> ResourceError:
    return ResourceError(f"{source}: {message}")


def read_csv(path: Path, kind: str) -> Iterator[Row]:
    """Rows of a KB CSV file (``#`` lines skipped), checked against the expected header."""
    expected = HEADERS[kind]
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    header: tuple[str, ...] | None = None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        source = f"{path.name}:{lineno}"
        try:
            cells = next(csv.reader([line]))
        except csv.Error as exc:
            raise _fail(source, f"bad CSV ({exc})") from exc
        if header is None:
            header = tuple(c.strip() for c in cells)
            if header != expected:
                raise _fail(source, f"header {','.join(header)!r} should be {','.join(expected)!r}")
            continue
        if len(cells) != len(header):
            raise _fail(source, f"{len(cells)} fields, expected {len(header)}")
        row = Row((k, v.strip()) for k, v in zip(header, cells, strict=True))
        row.source = source
        yield row
    if header is None:
        raise ResourceError(f"{path}: empty file (no header)")


def read_jsonl(path: Path) -> Iterator[tuple[str, Row]]:
    """(kind, row) pairs of a JSONL overlay: one object per line with a ``type`` of person, org,
    office or term and the fields of the matching CSV (lists as arrays or |-separated strings); an
    organisation's own type (igo, armed, ...) goes in ``org_type``."""
    kinds = {"person": "people", "org": "orgs", "office": "offices", "term": "terms"}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ResourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        source = f"{path.name}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(source, f"bad JSON ({exc.msg})") from exc
        if not isinstance(obj, dict) or obj.get("type") not in kinds:
            raise _fail(source, f"expected an object with type one of {sorted(kinds)}")
        kind = kinds[obj["type"]]
        # an organisation's own type (igo, armed, ...) is "org_type": "type" names the record kind
        extra = {"org_type"} if kind == "orgs" else set()
        unknown = set(obj) - set(HEADERS[kind]) - {"type"} - extra
        if unknown:
            raise _fail(source, f"unknown field(s) {sorted(unknown)} for {obj['type']}")
        row = Row()
        for field in HEADERS[kind]:
            value: Any = obj.get("org_type" if kind == "orgs" and field == "type" else field)
            if isinstance(value, list):
                value = "|".join(str(v) for v in value)
            row[field] = "" if value is None else str(value).strip()
        row.source = source
        yield kind, row


def split_list(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in value.split("|") if v.strip()))


def parse_date(value: str, source: str, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise _fail(source, f"{field} {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _required(row: Row, *fields: str) -> None:
    for field in fields:
        if not row[field]:
            raise _fail(row.source, f"{field} is empty")


def _slug(row: Row, field: str) -> str:
    value = row[field]
    if not _SLUG.match(value):
        raise _fail(row.source, f"{field} {value!r} is not a slug (a-z, 0-9, -)")
    return value


def _sector(row: Row, field: str = "sector") -> str:
    value = row[field]
    if value not in SECTORS:
        raise _fail(row.source, f"sector {value!r} is not one of {sorted(SECTORS)}")
    return value


def _wikidata(row: Row) -> str | None:
    value = row["wikidata"]
    if value and not _QID.match(value):
        raise _fail(row.source, f"wikidata {value!r} is not a QID")
    return value or None


def _yes_no(row: Row, field: str) -> bool:
    value = row[field].lower()
    if value not in ("y", "n"):
        raise _fail(row.source, f"{field} must be y or n, not {row[field]!r}")
    return value == "y"


def country_row(row: Row) -> Country:
    _required(row, "iso3", "name", "status")
    if not _ISO3.match(row["iso3"]):
        raise _fail(row.source, f"iso3 {row['iso3']!r} is not three capital letters")
    if row["status"] not in ("m", "o", "d", "t"):
        raise _fail(row.source, f"status {row['status']!r} must be m, o, d or t")
    return Country(row["iso3"], row["name"], row["status"], split_list(row["names"]) or (row["name"],),
                   split_list(row["adjectives"]), split_list(row["demonyms"]), split_list(row["capitals"]),
                   row.source)


def org_row(row: Row, countries: set[str]) -> Org:
    _required(row, "id", "name", "sector", "type")
    country = row["country"] or None
    if country is not None and country not in countries and country not in SPECIAL_COUNTRIES:
        raise _fail(row.source, f"unknown country {country!r}")
    if row["type"] not in ORG_TYPES:
        raise _fail(row.source, f"type {row['type']!r} is not one of {sorted(ORG_TYPES)}")
    return Org(_slug(row, "id"), row["name"], split_list(row["aliases"]), country, _sector(row), row["type"],
               _wikidata(row), row.source)


def person_row(row: Row, countries: set[str]) -> Person:
    _required(row, "id", "name")
    gender = row["gender"] or None
    if gender not in (None, "m", "f"):
        raise _fail(row.source, f"gender {gender!r} must be m, f or empty")
    birth = parse_date(row["birth"], row.source, "birth")
    death = parse_date(row["death"], row.source, "death")
    if birth and death and death < birth:
        raise _fail(row.source, "death before birth")
    country = row["country"] or None
    if country is not None and country not in countries and country not in SPECIAL_COUNTRIES:
        raise _fail(row.source, f"unknown country {country!r}")
    return Person(_slug(row, "id"), row["name"], split_list(row["aliases"]), gender, birth, death,
                  _wikidata(row), country, row.source)


def office_row(row: Row, countries: set[str]) -> OfficeDef:
    _required(row, "office_id", "title", "country", "sector", "roles", "holders")
    if row["country"] not in countries and row["country"] not in SPECIAL_COUNTRIES:
        raise _fail(row.source, f"unknown country {row['country']!r}")
    if row["holders"] not in ("1", "n"):
        raise _fail(row.source, f"holders must be 1 or n, not {row['holders']!r}")
    return OfficeDef(_slug(row, "office_id"), row["title"], row["country"], _sector(row),
                     split_list(row["roles"]), row["org"] or None, row["principal"] or None,
                     row["holders"] == "n", row.source)


def term_row(row: Row) -> Term:
    _required(row, "person_id", "office_id", "confidence")
    start = parse_date(row["start"], row.source, "start")
    end = parse_date(row["end"], row.source, "end")
    if start and end and end < start:
        raise _fail(row.source, f"end {end} before start {start}")
    if row["confidence"] not in CONFIDENCES:
        raise _fail(row.source, f"confidence {row['confidence']!r} is not one of {CONFIDENCES}")
    return Term(row["person_id"], row["office_id"], start, end, row["confidence"], row["note"], row.source)


def role_row(row: Row, countries: set[str]) -> RolePhrase:
    _required(row, "phrase", "role")
    country = row["country"] or None
    if country is not None and country not in countries and country not in SPECIAL_COUNTRIES:
        raise _fail(row.source, f"unknown country {country!r}")
    if row["phrase"] != row["phrase"].lower():
        raise _fail(row.source, f"phrase {row['phrase']!r} must be lower case")
    return RolePhrase(row["phrase"], row["role"], country, _yes_no(row, "checkable"), row.source)


def group_row(row: Row) -> GroupNoun:
    _required(row, "noun", "sector")
    if row["noun"] != row["noun"].lower():
        raise _fail(row.source, f"noun {row['noun']!r} must be lower case")
    return GroupNoun(row["noun"], _sector(row), _yes_no(row, "bare"), row.source)
