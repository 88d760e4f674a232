"""The in-memory, read-only knowledge base and its look-ups."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from ..errors import ResourceError
from ..models import Office
from . import loader
from .records import Country, GroupNoun, KBAnswer, OfficeDef, Org, Person, RolePhrase, Term

# role key -> sector for people of unknown office ("Senator X", "General Y")
ROLE_SECTORS: Mapping[str, str] = MappingProxyType({
    "senator": "LEG", "legislator": "LEG", "speaker": "LEG", "cia-director": "SPY", "dni": "SPY",
    "spy-chief": "SPY", "military-officer": "MIL", "judge": "JUD", "prosecutor": "JUD",
    "police-chief": "COP", "opposition-leader": "OPP", "journalist": "JRN", "activist": "CVL",
    "secretary-general": "IGO", "director-general": "IGO", "high-representative": "IGO",
})
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.I)
_MODIFIERS = ("former", "ex-", "then-", "then", "late", "current", "incumbent", "outgoing", "acting",
              "senior", "top", "new", "interim")


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


@dataclass(frozen=True)
class _Entry:
    kind: str  # person | country | org
    id: str
    via: str  # name | alias | adjective | demonym | capital | metonym


class KnowledgeBase:
    """Countries, organisations, people and their offices over time; read-only after load."""

    def __init__(self, countries: Iterable[Country], orgs: Iterable[Org], people: Iterable[Person],
                 offices: Iterable[OfficeDef], terms: Iterable[Term], roles: Iterable[RolePhrase],
                 group_nouns: Iterable[GroupNoun], version: str = loader.KB_VERSION) -> None:
        self.version = version
        self.countries: Mapping[str, Country] = MappingProxyType({c.iso3: c for c in countries})
        self.orgs: Mapping[str, Org] = MappingProxyType({o.id: o for o in orgs})
        self.people: Mapping[str, Person] = MappingProxyType({p.id: p for p in people})
        self.offices: Mapping[str, OfficeDef] = MappingProxyType({o.office_id: o for o in offices})
        self.terms: tuple[Term, ...] = tuple(terms)
        self.roles: Mapping[str, RolePhrase] = MappingProxyType({r.phrase: r for r in roles})
        self.group_nouns: Mapping[str, GroupNoun] = MappingProxyType({g.noun: g for g in group_nouns})
        by_person: dict[str, list[Term]] = defaultdict(list)
        by_office: dict[str, list[Term]] = defaultdict(list)
        for term in self.terms:
            by_person[term.person_id].append(term)
            by_office[term.office_id].append(term)
        self._by_person = MappingProxyType({k: tuple(v) for k, v in by_person.items()})
        self._by_office = MappingProxyType({k: tuple(v) for k, v in by_office.items()})
        self.role_keys = frozenset(r.role for r in self.roles.values())
        self._build_index()
        self.validate()

    # -- indexes -------------------------------------------------------------------------------
    def _build_index(self) -> None:
        exact: dict[str, list[_Entry]] = defaultdict(list)

        def add(text: str, entry: _Entry) -> None:
            for variant in {text, _LEADING_DET.sub("", text)}:
                if variant and entry not in exact[variant]:
                    exact[variant].append(entry)

        for c in self.countries.values():
            for n in (c.name, *c.names):
                add(n, _Entry("country", c.iso3, "name"))
            for a in c.adjectives:
                add(a, _Entry("country", c.iso3, "adjective"))
            for d in c.demonyms:
                add(d, _Entry("country", c.iso3, "demonym"))
            for cap in c.capitals:
                add(cap, _Entry("country", c.iso3, "capital"))
        for o in self.orgs.values():
            via = "metonym" if o.type in ("institution",) or o.id == "brussels" else "name"
            add(o.name, _Entry("org", o.id, via))
            for a in o.aliases:
                add(a, _Entry("org", o.id, "metonym" if via == "metonym" else "alias"))
        for p in self.people.values():
            add(p.name, _Entry("person", p.id, "name"))
            for a in p.aliases:
                add(a, _Entry("person", p.id, "alias"))
        self._exact: Mapping[str, tuple[_Entry, ...]] = MappingProxyType({k: tuple(v) for k, v in exact.items()})
        folded: dict[str, list[_Entry]] = defaultdict(list)
        for text, entries in exact.items():
            for e in entries:
                if e not in folded[_fold(text)]:
                    folded[_fold(text)].append(e)
        self._folded: Mapping[str, tuple[_Entry, ...]] = MappingProxyType({k: tuple(v) for k, v in folded.items()})
        self._person_names = tuple(sorted(
            (n, p.id) for p in self.people.values() for n in (p.name, *p.aliases)))

    def terms_index(self) -> Mapping[str, tuple[_Entry, ...]]:
        """Every case-sensitive surface form -> what it names (used to build text matchers)."""
        return self._exact

    # -- validation ----------------------------------------------------------------------------
    def validate(self) -> None:
        """Cross-file checks; raises ResourceError naming the offending row."""
        seen: dict[str, str] = {}
        for c in self.countries.values():
            for term in {*c.names, *c.adjectives, *c.demonyms, *c.capitals}:
                key = _LEADING_DET.sub("", term)
                other = seen.setdefault(key, c.iso3)
                if other != c.iso3:
                    raise ResourceError(f"{c.source}: term {term!r} also names {other}")
        for o in self.offices.values():
            if o.org and o.org not in self.orgs:
                raise ResourceError(f"{o.source}: unknown org {o.org!r}")
            if o.principal and o.principal not in self.offices:
                raise ResourceError(f"{o.source}: unknown principal office {o.principal!r}")
            for role in o.roles:
                if role not in self.role_keys:
                    raise ResourceError(f"{o.source}: role {role!r} is not in roles.csv")
        for term in self.terms:
            person = self.people.get(term.person_id)
            if person is None:
                raise ResourceError(f"{term.source}: unknown person {term.person_id!r}")
            if term.office_id not in self.offices:
                raise ResourceError(f"{term.source}: unknown office {term.office_id!r}")
            if person.birth and term.start and term.start < person.birth:
                raise ResourceError(f"{term.source}: term starts before {person.id} was born")
            if person.death and term.end and term.end > person.death:
                raise ResourceError(f"{term.source}: term ends after {person.id} died")
            if person.death and term.end is None and term.start:
                raise ResourceError(f"{term.source}: open term for {person.id}, who died {person.death}")
        for office_id, terms in self._by_office.items():
            if self.offices[office_id].multi:
                continue
            dated = sorted((t for t in terms if t.start), key=lambda t: t.start)
            for a, b in zip(dated, dated[1:], strict=False):
                if a.end is None or b.start < a.end:
                    raise ResourceError(f"{b.source}: term overlaps {a.source} of the same office {office_id}")

    # -- simple accessors ----------------------------------------------------------------------
    def country(self, iso3: str) -> Country | None:
        return self.countries.get(iso3.upper())

    def country_by_name(self, text: str) -> Country | None:
        """A country from a name, variant, adjective, demonym or capital (case-insensitive fallback)."""
        text = _POSSESSIVE.sub("", text.strip())
        for entries in (self._exact.get(text) or self._exact.get(_LEADING_DET.sub("", text)),
                        self._folded.get(_fold(_LEADING_DET.sub("", text)))):
            for e in entries or ():
                if e.kind == "country":
                    return self.countries[e.id]
        return None

    def org(self, org_id: str) -> Org | None:
        return self.orgs.get(org_id)

    def person(self, person_id: str) -> Person | None:
        return self.people.get(person_id)

    def office(self, office_id: str) -> OfficeDef | None:
        return self.offices.get(office_id)

    def terms_of(self, person_id: str) -> tuple[Term, ...]:
        return self._by_person.get(person_id, ())

    def holders(self, office_id: str, on: dt.date | None) -> list[tuple[Person, Term]]:
        """Who held ``office_id`` on ``on`` (``None``: holders with an open term)."""
        return [(self.people[t.person_id], t) for t in self._by_office.get(office_id, ()) if t.covers(on)]

    def offices_held(self, person_id: str, on: dt.date | None) -> list[tuple[OfficeDef, Term]]:
        return [(self.offices[t.office_id], t) for t in self.terms_of(person_id) if t.covers(on)]

    def office_record(self, office_id: str, term: Term | None = None) -> Office:
        o = self.offices[office_id]
        return Office(o.office_id, o.title, o.country,
                      term.start.isoformat() if term and term.start else None,
                      term.end.isoformat() if term and term.end else None)

    def sector_of(self, person_id: str, on: dt.date | None) -> tuple[str | None, str | None, str | None]:
        """(country, sector, office_id) for a person on a date: the office held then, else the
        person's country with the sector of their latest office (or UNK)."""
        person = self.people[person_id]
        held = self.offices_held(person_id, on)
        if held:
            held.sort(key=lambda ot: (ot[0].multi, ot[1].start or dt.date.min), reverse=False)
            office, _ = held[0]
            return office.country, office.sector, office.office_id
        terms = sorted(self.terms_of(person_id), key=lambda t: t.start or dt.date.min)
        if terms:
            office = self.offices[terms[-1].office_id]
            return person.country or office.country, office.sector, None
        return person.country, "UNK", None

    def candidates(self, text: str, fold: bool = False) -> tuple[_Entry, ...]:
        if fold:
            return self._folded.get(_fold(text), ())
        return self._exact.get(text, ())

    def role_phrase(self, text: str) -> RolePhrase | None:
        return self.roles.get(_fold(text))

    # -- roles ---------------------------------------------------------------------------------
    def offices_for_role(self, role: str, country: str | None = None, org: str | None = None,
                         principal_offices: Iterable[str] | None = None) -> list[OfficeDef]:
        offices = [o for o in self.offices.values() if role in o.roles]
        if principal_offices is not None:
            wanted = set(principal_offices)
            return [o for o in offices if o.principal in wanted]
        if org is not None:
            own = [o for o in offices if o.org == org]
            if own:
                return own
            org_country = self.orgs[org].country if org in self.orgs else None
            if org_country and org_country not in ("IGO", "EUR", "NGO"):
                country = country or org_country
            elif org_country:
                return []
        if country is not None:
            offices = [o for o in offices if o.country == country]
        return offices

    def resolve_role(self, role: str, on: dt.date | None, *, country: str | None = None,
                     org: str | None = None, principal: str | None = None) -> list[KBAnswer]:
        """Holders on ``on`` of the offices with ``role`` (in ``country``, of ``org``, or serving the
        person ``principal``)."""
        principal_offices = None
        if principal is not None:
            principal_offices = [o.office_id for o, _ in self.offices_held(principal, on)]
        offices = self.offices_for_role(role, country, org, principal_offices)
        answers: list[KBAnswer] = []
        for office in offices:
            for person, term in self.holders(office.office_id, on):
                answers.append(self._person_answer(person, "role", term=term, office=office))
        return answers

    def _person_answer(self, person: Person, via: str, *, term: Term | None = None,
                       office: OfficeDef | None = None, on: dt.date | None = None,
                       score: float = 1.0) -> KBAnswer:
        if office is None and on is not None:
            held = self.offices_held(person.id, on)
            if held:
                held.sort(key=lambda ot: ot[0].multi)
                office, term = held[0]
        if office is not None:
            country, sector = office.country, office.sector
        else:
            country, sector, _ = self.sector_of(person.id, on)
        return KBAnswer("person", person.id, person.name, country, sector, via,
                        term.source if term else person.source,
                        self.office_record(office.office_id, term) if office else None, term,
                        person.wikidata, person.gender, score)

    def _entry_answer(self, entry: _Entry, on: dt.date | None, score: float = 1.0,
                      via: str | None = None) -> KBAnswer:
        if entry.kind == "person":
            return self._person_answer(self.people[entry.id], via or entry.via, on=on, score=score)
        if entry.kind == "org":
            o = self.orgs[entry.id]
            return KBAnswer("org", o.id, o.name, o.country, o.sector, via or entry.via, o.source,
                            wikidata=o.wikidata, score=score)
        c = self.countries[entry.id]
        return KBAnswer("country", c.iso3, c.name, c.iso3, "GOV", via or entry.via, c.source, score=score)

    # -- free-text lookup ----------------------------------------------------------------------
    def lookup(self, query: str, on: dt.date | None = None) -> list[KBAnswer]:
        """Answer a name, alias, surname, title + name ("President Putin"), role description ("the
        U.S. defense secretary", "Putin's spokesperson", "the Kremlin spokesman") or metonym ("the
        Kremlin", "Kyiv") on a date. People who held an office on ``on`` come first."""
        q = " ".join(query.replace("’", "'").split())
        q = _POSSESSIVE.sub("", q) if q.endswith(("'s", "'")) else q
        bare = _LEADING_DET.sub("", q)
        entries = self._exact.get(q) or self._exact.get(bare) or self._folded.get(_fold(bare))
        if entries:
            seen: set[tuple[str, str]] = set()
            unique = [e for e in entries if (e.kind, e.id) not in seen and not seen.add((e.kind, e.id))]
            return self._rank([self._entry_answer(e, on) for e in unique], on)
        answers = self._lookup_role(bare, on)
        if answers is not None:
            return answers
        return self._fuzzy(bare, on)

    def _rank(self, answers: list[KBAnswer], on: dt.date | None) -> list[KBAnswer]:
        def key(a: KBAnswer) -> tuple:
            holds = a.kind == "person" and bool(self.offices_held(a.id, on))
            return (not holds, a.kind != "person", -a.score)
        return sorted(answers, key=key)

    def _split_role(self, text: str) -> tuple[str, RolePhrase, str] | None:
        """Find the longest role phrase in ``text``: (before, role, after)."""
        words = text.split()
        folded = [_fold(w) for w in words]
        best: tuple[int, int] | None = None
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                if " ".join(folded[i:j]) in self.roles and (best is None or j - i > best[1] - best[0]):
                    best = (i, j)
                    break
        if best is None:
            return None
        i, j = best
        return " ".join(words[:i]), self.roles[" ".join(folded[i:j])], " ".join(words[j:])

    def qualifier(self, text: str, on: dt.date | None) -> dict[str, str] | None:
        """Read what qualifies a role: a country, an organisation, or a person (directly or through
        another role description). Returns keys country / org / principal, or None."""
        text = _POSSESSIVE.sub("", _LEADING_DET.sub("", text.strip()))
        if not text:
            return {}
        for entries in (self._exact.get(text), self._folded.get(_fold(text))):
            for e in entries or ():
                if e.kind == "country":
                    return {"country": e.id}
                if e.kind == "org":
                    return {"org": e.id}
                if e.kind == "person":
                    return {"principal": e.id}
        sub = self._lookup_role(text, on)
        if sub:
            people = {a.id for a in sub if a.kind == "person"}
            if len(people) == 1:
                return {"principal": people.pop()}
        return None

    def _lookup_role(self, text: str, on: dt.date | None) -> list[KBAnswer] | None:
        split = self._split_role(text)
        if split is None:
            return None
        before, role, after = split
        mods = before.split()
        while mods and _fold(mods[0]) in _MODIFIERS:
            mods.pop(0)
        before = " ".join(mods)
        after_l = after.lower()
        # "<role> <Name>": a title in front of a name
        if after and not after_l.startswith(("of ", "to ", "for ", "in ")):
            named = self.lookup(after, on)
            people = [a for a in named if a.kind == "person"]
            if people:
                return [KBAnswer(a.kind, a.id, a.name, a.country, a.sector, "title", a.source, a.office,
                                 a.term, a.wikidata, a.gender, a.score) for a in people]
            return []
        qual: dict[str, str] | None = {}
        if before:
            qual = self.qualifier(before, on)
        elif after_l.startswith(("of ", "to ")):
            qual = self.qualifier(after.split(" ", 1)[1], on)
        if qual is None:
            return []
        if not qual and role.country is None:
            return []  # "the president": which one? Not answerable without context.
        country = qual.get("country") or (role.country if not qual else None)
        return self._rank(self.resolve_role(role.role, on, country=country, org=qual.get("org"),
                                            principal=qual.get("principal")), on)

    def _fuzzy(self, text: str, on: dt.date | None) -> list[KBAnswer]:
        from rapidfuzz import fuzz, process

        hits = process.extract(text, [n for n, _ in self._person_names], scorer=fuzz.ratio, score_cutoff=88,
                               limit=5)
        seen: set[str] = set()
        answers = []
        for _name, score, idx in hits:
            pid = self._person_names[idx][1]
            if pid not in seen:
                seen.add(pid)
                answers.append(self._person_answer(self.people[pid], "fuzzy", on=on, score=score / 100))
        return self._rank(answers, on)

    def fuzzy_person(self, text: str, cutoff: float = 90) -> str | None:
        """The person id whose name or alias is closest to ``text`` (rapidfuzz ratio >= cutoff)."""
        from rapidfuzz import fuzz, process

        hit = process.extractOne(text, [n for n, _ in self._person_names], scorer=fuzz.ratio,
                                 score_cutoff=cutoff)
        return self._person_names[hit[2]][1] if hit else None


def build(data_dir: Path = loader.DATA_DIR, overlay: Path | None = None) -> KnowledgeBase:
    """Read, validate and index the packaged data files (and an optional user overlay)."""
    files = {k: data_dir / f"{k}.csv" for k in loader.HEADERS}
    countries = [loader.country_row(r) for r in loader.read_csv(files["countries"], "countries")]
    iso = {c.iso3 for c in countries}
    rows: dict[str, dict[str, object]] = {
        "orgs": {}, "people": {}, "offices": {},
    }
    keys = {"orgs": "id", "people": "id", "offices": "office_id"}
    makers = {"orgs": lambda r: loader.org_row(r, iso), "people": lambda r: loader.person_row(r, iso),
              "offices": lambda r: loader.office_row(r, iso)}
    # the core tables, then the per-region world files (data/world/<region>-<kind>.csv)
    world = sorted((data_dir / "world").glob("*.csv")) if (data_dir / "world").is_dir() else []
    sources = {kind: [files[kind]] + [p for p in world if p.stem.endswith(f"-{kind}")]
               for kind in ("orgs", "people", "offices", "terms")}
    for kind in rows:
        for path in sources[kind]:
            for r in loader.read_csv(path, kind):
                if r[keys[kind]] in rows[kind]:
                    raise ResourceError(f"{r.source}: duplicate {keys[kind]} {r[keys[kind]]!r}")
                rows[kind][r[keys[kind]]] = makers[kind](r)
    terms = [loader.term_row(r) for path in sources["terms"] for r in loader.read_csv(path, "terms")]
    roles = {}
    for r in loader.read_csv(files["roles"], "roles"):
        if r["phrase"] in roles:
            raise ResourceError(f"{r.source}: duplicate phrase {r['phrase']!r}")
        roles[r["phrase"]] = loader.role_row(r, iso)
    nouns = {}
    for r in loader.read_csv(files["group_nouns"], "group_nouns"):
        if r["noun"] in nouns:
            raise ResourceError(f"{r.source}: duplicate noun {r['noun']!r}")
        nouns[r["noun"]] = loader.group_row(r)
    version = loader.KB_VERSION
    if overlay is not None:
        overlay = Path(overlay)
        if overlay.suffix.lower() == ".jsonl":
            pairs = list(loader.read_jsonl(overlay))
        else:
            pairs = [(kind, r) for kind in _csv_kind(overlay) for r in loader.read_csv(overlay, kind)]
        replaced_people: set[str] = set()
        overlay_terms = []
        for kind, r in pairs:
            if kind == "terms":
                overlay_terms.append(loader.term_row(r))
                continue
            record = makers[kind](r)
            key = r[keys[kind]]
            if kind == "people" and key in rows["people"]:
                replaced_people.add(key)
            rows[kind][key] = record
        if overlay_terms:
            redo = {t.person_id for t in overlay_terms} & replaced_people
            terms = [t for t in terms if t.person_id not in redo] + overlay_terms
        version = f"{version}+overlay"
    return KnowledgeBase(countries, rows["orgs"].values(), rows["people"].values(),  # type: ignore[arg-type]
                         rows["offices"].values(), terms, roles.values(), nouns.values(),  # type: ignore[arg-type]
                         version)


def _csv_kind(path: Path) -> list[str]:
    """Which KB table a user CSV overlay holds, from its header."""
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip() and not line.lstrip().startswith("#"):
                    header = tuple(c.strip() for c in line.strip().split(","))
                    break
            else:
                raise ResourceError(f"{path}: empty overlay")
    except OSError as exc:
        raise ResourceError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    for kind in ("people", "orgs", "offices", "terms"):
        if header == loader.HEADERS[kind]:
            return [kind]
    raise ResourceError(f"{path}:1: overlay header matches none of people, orgs, offices, terms")
