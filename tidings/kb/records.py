"""Frozen records of the actor knowledge base (one per data-file row)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models import Office

SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "PTY", "OPP", "REB", "CVL", "BUS", "MED",
                     "JRN", "REF", "IGO", "UNK"})
SPECIAL_COUNTRIES = frozenset({"IGO", "EUR", "UNO", "NGO", "MNC"})
CONFIDENCES = ("high", "medium", "low")


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    status: str  # m (UN member) | o (observer) | d (disputed) | t (other territory)
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Org:
    id: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str
    type: str  # igo | eu | ngo | armed | party | institution | agency | media
    wikidata: str | None
    source: str


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    gender: str | None  # m | f
    birth: dt.date | None
    death: dt.date | None
    wikidata: str | None
    country: str | None
    source: str


@dataclass(frozen=True)
class OfficeDef:
    office_id: str
    title: str
    country: str
    sector: str
    roles: tuple[str, ...]
    org: str | None
    principal: str | None
    multi: bool  # several holders at once (senators, aides)
    source: str


@dataclass(frozen=True)
class Term:
    person_id: str
    office_id: str
    start: dt.date | None
    end: dt.date | None  # inclusive; None = open
    confidence: str
    note: str
    source: str

    def covers(self, on: dt.date | None) -> bool:
        """True when the term includes ``on`` (``None`` = now, i.e. an open term)."""
        if on is None:
            return self.end is None
        if self.start is None or self.start > on:
            return False
        return self.end is None or on <= self.end

    def ended_before(self, on: dt.date) -> bool:
        return self.end is not None and self.end < on


@dataclass(frozen=True)
class RolePhrase:
    phrase: str
    role: str
    country: str | None
    checkable: bool
    source: str


@dataclass(frozen=True)
class GroupNoun:
    noun: str
    sector: str
    bare: bool
    source: str


@dataclass(frozen=True)
class KBAnswer:
    """One answer of :meth:`KnowledgeBase.lookup`.

    ``kind`` is person, country or org; ``via`` says how the query matched (name, alias, title, role,
    adjective, demonym, capital, metonym, fuzzy); ``office``/``term`` are set for people when an office is
    involved (the role asked about, or the office held on the date); ``source`` is the data row
    (``file:line``) that answered.
    """

    kind: str
    id: str
    name: str
    country: str | None
    sector: str | None
    via: str
    source: str
    office: Office | None = None
    term: Term | None = None
    wikidata: str | None = None
    gender: str | None = None
    score: float = 1.0
