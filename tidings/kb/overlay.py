"""Editing a user's KB overlay (a JSONL file) without touching the packaged data.

The overlay holds whole records: an organisation, an office, or a person followed by *all* of that
person's terms. When a person from the packaged data is changed (an alias, a new or closed term), the
overlay gets a copy of the person with every term, so that ``build()`` replaces the packaged terms
with the overlay's. Every save is checked by loading the packaged KB with the new overlay; a bad edit
leaves the file as it was. Writes are atomic (temporary file, then rename).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import ConfigError, ResourceError
from . import loader
from .base import KnowledgeBase, build
from .records import Org, Person, Term

Record = dict[str, str]
_TYPES = {"orgs": "org", "offices": "office", "people": "person", "terms": "term"}
_LIST_FIELDS = {"aliases", "names", "roles"}


def slugify(text: str) -> str:
    """An id slug from a name: ASCII, lower case, words joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def person_record(p: Person) -> Record:
    return {"id": p.id, "name": p.name, "aliases": "|".join(p.aliases), "gender": p.gender or "",
            "birth": _d(p.birth), "death": _d(p.death), "wikidata": p.wikidata or "", "country": p.country or ""}


def org_record(o: Org) -> Record:
    return {"id": o.id, "name": o.name, "aliases": "|".join(o.aliases), "country": o.country or "",
            "sector": o.sector, "type": o.type, "wikidata": o.wikidata or ""}


def term_record(t: Term) -> Record:
    return {"person_id": t.person_id, "office_id": t.office_id, "start": _d(t.start), "end": _d(t.end),
            "confidence": t.confidence, "note": t.note}


def _normal(kind: str, row: dict[str, Any]) -> Record:
    return {f: str(row.get(f) or "") for f in loader.HEADERS[kind]}


def _line(kind: str, rec: Record) -> str:
    obj: dict[str, Any] = {"type": _TYPES[kind]}
    for field in loader.HEADERS[kind]:
        value = rec.get(field, "")
        if not value:
            continue
        key = "org_type" if kind == "orgs" and field == "type" else field
        obj[key] = [v for v in value.split("|") if v] if field in _LIST_FIELDS else value
    return json.dumps(obj, ensure_ascii=False)


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class OverlayEditor:
    """Load an overlay (or start an empty one), change records, then :meth:`save`.

    ``kb`` is the knowledge base as it was before the edits (packaged data plus this overlay).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if self.path.suffix.lower() != ".jsonl":
            raise ConfigError(f"{self.path}: tidings writes overlays as JSONL; point kb_overlay at a .jsonl "
                              "file (CSV overlays can still be read, not written)")
        exists = self.path.is_file()
        from . import load_kb

        self.kb: KnowledgeBase = load_kb(self.path if exists else None)
        self.orgs: dict[str, Record] = {}
        self.offices: dict[str, Record] = {}
        self.people: dict[str, Record] = {}
        self.terms: dict[str, list[Record]] = {}
        self.changed: set[str] = set()
        if exists:
            for kind, row in loader.read_jsonl(self.path):
                rec = _normal(kind, row)
                if kind == "terms":
                    self.terms.setdefault(rec["person_id"], []).append(rec)
                else:
                    table = {"orgs": self.orgs, "offices": self.offices, "people": self.people}[kind]
                    table[rec["office_id" if kind == "offices" else "id"]] = rec

    # -- reading the current state ---------------------------------------------------------------
    def person(self, pid: str) -> Record | None:
        if pid in self.people:
            return dict(self.people[pid])
        p = self.kb.people.get(pid)
        return person_record(p) if p else None

    def terms_of(self, pid: str) -> list[Record]:
        if pid in self.terms and (pid in self.people or pid not in self.kb.people):
            return [dict(t) for t in self.terms[pid]]
        return [term_record(t) for t in self.kb.terms_of(pid)]

    def person_ids(self) -> set[str]:
        return set(self.kb.people) | set(self.people)

    def holders_ids(self, office_id: str) -> set[str]:
        ids = {t.person_id for t in self.kb.terms if t.office_id == office_id}
        ids |= {pid for pid, ts in self.terms.items() if any(t["office_id"] == office_id for t in ts)}
        return ids

    # -- changing ------------------------------------------------------------------------------
    def set_person(self, rec: Record) -> bool:
        rec = _normal("people", rec)
        pid = rec["id"]
        before = self.person(pid)
        if pid in self.terms and pid not in self.people and pid in self.kb.people:
            self.terms[pid] = self.terms_of(pid)  # loose overlay terms: keep the whole set with the record
        self.people[pid] = rec
        if before != rec:
            self.changed.add(pid)
            return True
        return False

    def set_terms(self, pid: str, terms: list[Record]) -> bool:
        terms = [_normal("terms", t) for t in terms]
        if terms == self.terms_of(pid):
            return False
        if pid not in self.people:
            rec = self.person(pid)
            if rec is None:
                raise ConfigError(f"unknown person {pid!r}")
            self.people[pid] = rec
        self.terms[pid] = terms
        self.changed.add(pid)
        return True

    def set_org(self, rec: Record) -> bool:
        rec = _normal("orgs", rec)
        current = self.orgs.get(rec["id"]) or (org_record(self.kb.orgs[rec["id"]]) if rec["id"] in self.kb.orgs
                                               else None)
        self.orgs[rec["id"]] = rec
        if current != rec:
            self.changed.add(rec["id"])
            return True
        return False

    def close_open_terms(self, office_id: str, start: str, except_pid: str) -> list[str]:
        """Close other holders' open terms of a one-holder office that began before ``start``
        (the new holder took over that day). Returns the people whose terms were closed."""
        office = self.kb.offices.get(office_id)
        if office is None or office.multi or not start:
            return []
        closed = []
        for pid in sorted(self.holders_ids(office_id) - {except_pid}):
            terms = self.terms_of(pid)
            touched = False
            for t in terms:
                if t["office_id"] == office_id and not t["end"] and t["start"] and t["start"] < start:
                    t["end"] = start
                    touched = True
            if touched and self.set_terms(pid, terms):
                closed.append(pid)
        return closed

    def conflict(self, office_id: str, start: str, end: str, pid: str) -> str | None:
        """Another holder's closed term of a one-holder office that the term [start, end] overlaps."""
        office = self.kb.offices.get(office_id)
        if office is None or office.multi or not start:
            return None
        s, e = _date(start), _date(end) or dt.date.max
        for other in sorted(self.holders_ids(office_id) - {pid}):
            for t in self.terms_of(other):
                if t["office_id"] != office_id or not t["start"]:
                    continue
                os_, oe = _date(t["start"]), _date(t["end"])
                if oe is None:
                    if os_ >= s and os_ < e:
                        return f"{other}'s term from {t['start']}"
                    continue
                if os_ < e and s < oe:
                    return f"{other}'s term {t['start']} to {t['end']}"
        return None

    # -- writing -------------------------------------------------------------------------------
    def text(self) -> str:
        lines = [_line("orgs", r) for r in self.orgs.values()]
        lines += [_line("offices", r) for r in self.offices.values()]
        for pid, rec in self.people.items():
            lines.append(_line("people", rec))
            lines += [_line("terms", t) for t in self.terms.get(pid, [])]
        for pid, terms in self.terms.items():
            if pid not in self.people:
                lines += [_line("terms", t) for t in terms]
        return "".join(line + "\n" for line in lines)

    def save(self) -> KnowledgeBase:
        """Check the edited overlay against the packaged data, then replace the file atomically.
        Returns the knowledge base with the new overlay. Raises ConfigError (file untouched) when the
        edits do not load."""
        text = self.text()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.stem}.{os.getpid()}.tmp.jsonl")
        tmp.write_text(text, encoding="utf-8")
        try:
            kb = build(loader.DATA_DIR, tmp)
        except ResourceError as exc:
            tmp.unlink(missing_ok=True)
            raise ConfigError(exc.message.replace(tmp.name, self.path.name)) from None
        os.replace(tmp, self.path)
        return kb

