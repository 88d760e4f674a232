"""Merging a Wikidata SPARQL result (JSON) into the user overlay: ``tidings kb import wikidata FILE``.

The input is the standard SPARQL 1.1 JSON result (``head.vars`` + ``results.bindings``) of the query in
:data:`SPARQL_QUERY` (also printed in ``docs/knowledge-base.md``). One binding is one position held by
one person. Variables used (others are ignored):

``person`` (entity URI, required), ``personLabel`` (required), ``aliases`` (``|``-separated),
``birth``, ``death``, ``gender`` (entity URI), ``citizenship`` (ISO 3166-1 alpha-3), ``position``
(entity URI), ``positionLabel``, ``role`` (``head-of-state``, ``head-of-government`` or a role key of
``roles.csv``), ``country`` (ISO3 of the position's jurisdiction), ``start``, ``end``.

A position is mapped to a KB office by its QID (``data/wikidata_positions.csv``), else by its label
equal to an office title, else by ``country`` + ``role``. People are matched by QID, else by an exact
name or alias of a KB person without a different QID. Importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import loader
from .base import KnowledgeBase, _fold
from .overlay import OverlayEditor, Record, slugify

POSITIONS_FILE = loader.DATA_DIR / "wikidata_positions.csv"
_ENTITY = re.compile(r"(Q[1-9][0-9]*)$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
GENDERS = {"Q6581097": "m", "Q6581072": "f"}  # male, female

SPARQL_QUERY = """\
# Heads of state and government since 2015, with start/end of each term.
# Run at https://query.wikidata.org/ and download the result as "JSON" (SPARQL JSON results).
SELECT ?person ?personLabel
       (GROUP_CONCAT(DISTINCT ?alias; separator="|") AS ?aliases)
       (SAMPLE(?birth_) AS ?birth) (SAMPLE(?death_) AS ?death) (SAMPLE(?gender_) AS ?gender)
       (SAMPLE(?citizenship_) AS ?citizenship)
       ?position ?positionLabel ?role ?country ?start ?end
WHERE {
  VALUES (?class ?role) { (wd:Q48352 "head-of-state") (wd:Q2285706 "head-of-government") }
  ?position wdt:P279* ?class ;
            wdt:P1001 ?jurisdiction .
  ?jurisdiction wdt:P298 ?country .                 # ISO 3166-1 alpha-3 of the jurisdiction
  ?person p:P39 ?held .
  ?held ps:P39 ?position ;
        pq:P580 ?start .
  OPTIONAL { ?held pq:P582 ?end . }
  FILTER(!BOUND(?end) || ?end >= "2015-01-01T00:00:00Z"^^xsd:dateTime)
  FILTER NOT EXISTS { ?held wikibase:rank wikibase:DeprecatedRank . }
  OPTIONAL { ?person wdt:P569 ?birth_ . }
  OPTIONAL { ?person wdt:P570 ?death_ . }
  OPTIONAL { ?person wdt:P21 ?gender_ . }
  OPTIONAL { ?person wdt:P27/wdt:P298 ?citizenship_ . }
  OPTIONAL { ?person skos:altLabel ?alias . FILTER(LANG(?alias) = "en") }
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en". }
}
GROUP BY ?person ?personLabel ?position ?positionLabel ?role ?country ?start ?end
ORDER BY ?country ?start
"""

# role given by the query -> KB role keys of the office it means, most specific first
_ROLE_OFFICES = {
    "head-of-government": (("prime-minister",), ("chancellor",), ("head-of-state", "leader")),
    "head-of-state": (("head-of-state",), ("monarch",), ("president",)),
}


@dataclass
class WDPosition:
    qid: str | None
    label: str
    role: str
    country: str
    start: str
    end: str


@dataclass
class WDPerson:
    qid: str
    label: str
    aliases: list[str] = field(default_factory=list)
    birth: str = ""
    death: str = ""
    gender: str = ""
    citizenship: str = ""
    positions: list[WDPosition] = field(default_factory=list)


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "Label: reason"
    overlay: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"added": len(self.added), "updated": len(self.updated), "unchanged": len(self.unchanged),
                "skipped": len(self.skipped), "added_ids": self.added, "updated_ids": self.updated,
                "skipped_reasons": self.skipped, "overlay": self.overlay}


def _value(binding: dict, name: str) -> str:
    cell = binding.get(name)
    if not isinstance(cell, dict):
        return ""
    return str(cell.get("value") or "").strip()


def _qid(value: str) -> str | None:
    m = _ENTITY.search(value)
    return m.group(1) if m else None


def _day(value: str) -> str:
    """YYYY-MM-DD from an xsd:dateTime (``1946-06-14T00:00:00Z``); '' when absent or unreadable."""
    m = _DATE.match(value)
    if not m:
        return ""
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return ""


def read_sparql_json(path: Path) -> list[WDPerson]:
    """People (with their positions) from a SPARQL JSON result file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from exc
    try:
        names = data["head"]["vars"]
        bindings = data["results"]["bindings"]
    except (KeyError, TypeError):
        raise InputError(f"{path}: not a SPARQL JSON result (expected head.vars and results.bindings)") from None
    missing = {"person", "personLabel"} - set(names)
    if missing:
        raise InputError(f"{path}: the query result lacks the variable(s) {', '.join(sorted(missing))}")
    people: dict[str, WDPerson] = {}
    for i, b in enumerate(bindings):
        if not isinstance(b, dict):
            raise InputError(f"{path}: binding {i} is not an object")
        qid = _qid(_value(b, "person"))
        label = _value(b, "personLabel")
        if not qid or not label or _qid(label) == label:
            continue  # no English label: nothing to match text with
        p = people.setdefault(qid, WDPerson(qid, label))
        for alias in re.split(r"\s*[|]\s*", _value(b, "aliases")):
            if alias and alias != p.label and alias not in p.aliases:
                p.aliases.append(alias)
        p.birth = p.birth or _day(_value(b, "birth"))
        p.death = p.death or _day(_value(b, "death"))
        p.gender = p.gender or GENDERS.get(_qid(_value(b, "gender")) or "", "")
        p.citizenship = p.citizenship or _value(b, "citizenship").upper()
        if _value(b, "position") or _value(b, "positionLabel"):
            pos = WDPosition(_qid(_value(b, "position")), _value(b, "positionLabel"), _value(b, "role"),
                             _value(b, "country").upper(), _day(_value(b, "start")), _day(_value(b, "end")))
            if pos not in p.positions:
                p.positions.append(pos)
    return list(people.values())


def position_table(path: Path = POSITIONS_FILE) -> dict[str, str]:
    """Position QID -> KB office id (``data/wikidata_positions.csv``)."""
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if line.strip() and not line.startswith("#"))
        for row in rows:
            table[row["position_qid"].strip()] = row["office_id"].strip()
    return table


def map_office(pos: WDPosition, kb: KnowledgeBase, table: dict[str, str]) -> str | None:
    if pos.qid and table.get(pos.qid) in kb.offices:
        return table[pos.qid]
    if pos.label:
        titled = [o.office_id for o in kb.offices.values() if _fold(o.title) == _fold(pos.label)
                  and (not pos.country or o.country == pos.country)]
        if len(titled) == 1:
            return titled[0]
    if not pos.country or not pos.role:
        return None
    in_country = [o for o in kb.offices.values() if o.country == pos.country and not o.multi]
    for wanted in _ROLE_OFFICES.get(pos.role, ((pos.role,),)):
        hits = [o.office_id for o in in_country if set(wanted) <= set(o.roles)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return None  # ambiguous: leave it to the position table
    return None


def _match_person(p: WDPerson, ed: OverlayEditor) -> str | None:
    kb = ed.kb
    for pid in ed.person_ids():
        rec = ed.person(pid)
        if rec and rec["wikidata"] == p.qid:
            return pid
    named = {e.id for e in kb.candidates(p.label) if e.kind == "person"}
    named = {pid for pid in named if (ed.person(pid) or {}).get("wikidata") in ("", p.qid)}
    return named.pop() if len(named) == 1 else None


def _free_alias(alias: str, pid: str, kb: KnowledgeBase) -> bool:
    if len(alias) < 3 or alias.isupper() and len(alias) < 4:
        return False
    return all(e.kind == "person" and e.id == pid for e in kb.candidates(alias))


def import_people(people: list[WDPerson], ed: OverlayEditor, table: dict[str, str] | None = None) -> ImportReport:
    """Merge ``people`` into the overlay being edited (call ``ed.save()`` afterwards)."""
    kb = ed.kb
    table = position_table() if table is None else table
    report = ImportReport(overlay=str(ed.path))
    touched: dict[str, str] = {}  # pid -> added | updated
    for p in people:
        mapped = []
        for pos in p.positions:
            office = map_office(pos, kb, table)
            if office is None:
                report.skipped.append(f"{p.label}: position {pos.label or pos.qid} ({pos.country or '?'}) "
                                      "has no KB office")
            elif not pos.start:
                report.skipped.append(f"{p.label}: {office} without a start date")
            else:
                mapped.append((office, pos))
        pid = _match_person(p, ed)
        if pid is None and not mapped:
            continue  # a new person with no office we know: nothing to add
        if pid is None:
            pid = slugify(p.label)
            if pid in ed.person_ids():
                pid = f"{pid}-{p.qid.lower()}"
            country = p.citizenship if p.citizenship in kb.countries else kb.offices[mapped[0][0]].country
            aliases = [a for a in p.aliases if _free_alias(a, pid, kb)]
            surname = p.label.split()[-1]
            if len(p.label.split()) > 1 and _free_alias(surname, pid, kb) and surname not in aliases:
                aliases.append(surname)
            rec: Record = {"id": pid, "name": p.label, "aliases": "|".join(aliases), "gender": p.gender,
                           "birth": p.birth, "death": p.death, "wikidata": p.qid, "country": country}
            ed.set_person(rec)
            touched[pid] = "added"
        else:
            rec = dict(ed.person(pid) or {})
            new = dict(rec)
            new["wikidata"] = new["wikidata"] or p.qid
            for f in ("birth", "death", "gender"):
                new[f] = new[f] or getattr(p, f)
            if not new["country"] and p.citizenship in kb.countries:
                new["country"] = p.citizenship
            aliases = [a for a in new["aliases"].split("|") if a]
            for a in p.aliases:  # full-name variants only: single words are too ambiguous in text
                if " " in a and a != new["name"] and a not in aliases and _free_alias(a, pid, kb):
                    aliases.append(a)
            new["aliases"] = "|".join(aliases)
            if new != rec and ed.set_person(new):
                touched.setdefault(pid, "updated")
        person = ed.person(pid) or {}
        terms = ed.terms_of(pid)
        changed = False
        new_terms: list[tuple[str, str]] = []
        for office, pos in sorted(mapped, key=lambda m: m[1].start):
            if person.get("birth") and pos.start < person["birth"]:
                report.skipped.append(f"{p.label}: {office} from {pos.start} starts before birth")
                continue
            end = pos.end
            if person.get("death") and end and end > person["death"]:
                end = person["death"]
            hit = None
            for t in terms:
                if t["office_id"] != office:
                    continue
                t_end = t["end"] or "9999-12-31"
                if t["start"] == pos.start or not t["start"] or (t["start"] < (end or "9999-12-31")
                                                                 and pos.start < t_end):
                    hit = t
                    break
            if hit is not None:
                if not hit["start"]:
                    hit["start"], changed = pos.start, True
                if not hit["end"] and end:
                    hit["end"], changed = end, True
                continue
            clash = ed.conflict(office, pos.start, end, pid)
            if clash:
                report.skipped.append(f"{p.label}: {office} from {pos.start} overlaps {clash}")
                continue
            terms.append({"person_id": pid, "office_id": office, "start": pos.start, "end": end,
                          "confidence": "medium", "note": f"wikidata import {p.qid}"})
            new_terms.append((office, pos.start))
            changed = True
        if changed and ed.set_terms(pid, terms):
            touched.setdefault(pid, "updated")
            for office, start in new_terms:
                for other in ed.close_open_terms(office, start, pid):
                    touched.setdefault(other, "updated")
        if pid not in touched:
            report.unchanged.append(pid)
    by_kind: dict[str, list[str]] = defaultdict(list)
    for pid, how in touched.items():
        by_kind[how].append(pid)
    report.added, report.updated = by_kind["added"], by_kind["updated"]
    return report
