"""Clause-level event extraction: triggers -> PLOVER type and mode -> roles -> status, date, place.

This runs at the NLP step, on a parsed spaCy ``Doc``; what it returns are plain
:class:`~tidings.models.EventRecord` values with character offsets. The type/mode decision for a
trigger is made by an :class:`EventCoder` (see :mod:`tidings.events.coder`), so a trained coder
can replace or back the rules without touching role assignment.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..models import ActorRef, EventDate, EventRecord, Evidence, Place, Span
from ..nlp import doccache
from . import status as st
from .coder import Candidate, EventCoder

LIGHT_VERBS = {"hold", "have", "extend", "make", "conduct", "launch", "issue", "express", "convey", "announce",
               "reach", "give", "carry", "stage", "deliver", "impose", "engage", "pursue", "begin", "start",
               "resume", "continue", "seek", "follow", "host", "attend", "join", "lead", "set"}
RECIPIENT_PREPS = {"to", "with", "against", "at", "on", "toward", "towards", "for", "from", "into", "over"}
TEMPORAL_PREPS = {"after", "following", "during", "before", "since", "amid", "ahead"}
EVALUATIVE_VERBS = {"describe", "call", "brand", "label", "characterise", "characterize", "denounce", "dismiss"}
GENERIC_PEOPLE = {"people", "civilian", "protester", "demonstrator", "student", "journalist", "resident",
                  "passenger", "activist", "worker", "villager", "bus", "crowd", "number", "group", "dozen",
                  "hundred", "thousand"}
PLACE_PREPS = {"in", "at", "to", "near", "outside", "inside", "across"}
NON_EVENT_HEADS = {"war", "conflict", "crisis", "fighting", "situation", "peace", "relations", "region", "future",
                   "border", "borders", "process", "history", "city", "country", "capital", "province"}


@dataclass
class _Event:
    trigger: object  # spaCy Token
    candidate: Candidate
    actors: list[ActorRef] = field(default_factory=list)
    recipients: list[ActorRef] = field(default_factory=list)
    absorbed: list = field(default_factory=list)
    location: Place | None = None
    status: str = "occurred"


class ActorIndex:
    """Token-position lookup of resolved actor mentions (character spans)."""

    def __init__(self, actors: Sequence[ActorRef], text: str = "", country_name=None):
        self.text = text
        self.country_name = country_name or _country_name
        self.actors = sorted(actors, key=lambda a: a.span.start)
        self.starts = [a.span.start for a in self.actors]

    def at(self, tok) -> ActorRef | None:
        i = bisect_right(self.starts, tok.idx) - 1
        if i >= 0:
            a = self.actors[i]
            if a.span.start <= tok.idx < a.span.end:
                return a
        return None

    def collective(self, tok) -> list[ActorRef]:
        """'the two sides', 'both leaders', 'each side': the two countries most mentioned so far."""
        if tok.lemma_.lower() not in COLLECTIVE_HEADS:
            return []
        if not (tok.lower_ == "both" or any(c.lower_ in ("two", "both", "each") and c.dep_ in ("nummod", "det",
                                                                                              "predet", "amod")
                                            for c in tok.children)):
            return []
        counts: dict[str, int] = {}
        first: dict[str, ActorRef] = {}
        for a in self.actors:
            if a.span.start >= tok.idx:
                break
            if a.country and len(a.country) == 3 and a.country not in ("IGO", "EUR", "NGO", "MNC", "UNO"):
                counts[a.country] = counts.get(a.country, 0) + 1
                if a.country not in first or (a.kind == "country" and first[a.country].kind != "country"):
                    first[a.country] = a
        top = sorted(counts, key=lambda c: -counts[c])[:2]
        if len(top) < 2:
            return []
        left, right = tok.left_edge, tok
        span = Span(left.idx, right.idx + len(right.text), self.text[left.idx:right.idx + len(right.text)])
        return [ActorRef(name=first[c].name if first[c].kind == "country" else self.country_name(c), country=c, sector="GOV",
                         kind="group", span=span, resolved_by="collective") for c in top]

    def anaphor(self, tok) -> ActorRef | None:
        """'the militant group', 'the rebels': the last armed group named before."""
        if tok.lemma_.lower() not in ARMED_ANAPHORS or not any(
                c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        for a in reversed(self.actors):
            if a.span.start < tok.idx and a.sector == "REB":
                return ActorRef(name=a.name, country=a.country, sector=a.sector, kind=a.kind,
                                span=Span(tok.left_edge.idx, tok.idx + len(tok.text),
                                          self.text[tok.left_edge.idx:tok.idx + len(tok.text)]),
                                kb_id=a.kb_id, wikidata=a.wikidata, resolved_by="anaphor")
        return None

    def of(self, tok, depth: int = 0) -> list[ActorRef]:
        """The actors a token stands for: itself, or its modifiers ("Israeli strikes"), and conjuncts."""
        found: list[ActorRef] = []
        direct = self.at(tok)
        if direct is not None:
            found.append(direct)
            for c in tok.children:  # "Senior American and Russian officials"
                if c.dep_ == "amod":
                    other = self.at(c)
                    if other is not None and other is not direct:
                        found.append(other)
                        found.extend(x for g in c.children if g.dep_ == "conj" for x in self.of(g, depth + 1))
        elif depth == 0 and self.collective(tok):
            return self.collective(tok)
        elif depth == 0 and self.anaphor(tok) is not None:
            return [self.anaphor(tok)]
        elif depth < 2:
            for c in tok.children:
                if c.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod") or (
                        c.dep_ == "prep" and c.lower_ == "of" and tok.lemma_ in GROUP_HEADS):
                    targets = [c] if c.dep_ != "prep" else [g for g in c.children if g.dep_ == "pobj"]
                    for t in targets:
                        found.extend(self.of(t, depth + 1))
        for c in tok.children:
            if c.dep_ == "conj":
                found.extend(self.of(c, depth))
            elif c.dep_ == "appos" and not found:
                found.extend(self.of(c, depth))
        return _unique(found)


ARMED_ANAPHORS = {"group", "militant", "militants", "movement", "rebel", "rebels", "militia", "insurgent",
                  "insurgents", "fighters"}
COLLECTIVE_HEADS = {"side", "delegation", "country", "leader", "government", "nation", "party", "minister",
                    "president", "team", "both"}
GROUP_HEADS = {"leader", "head", "member", "official", "delegation", "representative", "government", "side",
               "thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "million", "millions", "crowd",
               "group", "number"}


@functools.lru_cache(maxsize=512)
def _country_name(iso3: str) -> str:
    import pycountry

    c = pycountry.countries.get(alpha_3=iso3)
    return (getattr(c, "common_name", None) or c.name) if c is not None else iso3


def _unique(actors: list[ActorRef]) -> list[ActorRef]:
    seen, out = set(), []
    for a in actors:
        key = (a.span.start, a.span.end)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _same_entity(a: ActorRef, b: ActorRef) -> bool:
    if a.kb_id and b.kb_id:
        return a.kb_id == b.kb_id
    return a.name.lower() == b.name.lower() and a.country == b.country


def _dedupe(actors: list[ActorRef]) -> list[ActorRef]:
    out: list[ActorRef] = []
    for a in actors:
        if not any(_same_entity(a, b) for b in out):
            out.append(a)
    return out


def _verb_subject(tok, index: ActorIndex, hops: int = 5) -> list[ActorRef]:
    """The actor performing a verb: its subject, a passive agent, or (for complements, conjuncts and
    participles) the subject of the verb it hangs from."""
    cur = tok
    for _ in range(hops):
        subj = [c for c in cur.children if c.dep_ in ("nsubj", "csubj")]
        if len(subj) > 1:  # "BERLIN, May 5 - Macron met ...": an inline dateline parsed as a second subject
            subj = sorted(subj, key=lambda c: not index.of(c))
        if subj:
            found = index.of(subj[0])
            if found:
                return _speaker_for(cur, found, index)
            if subj[0].lower_ in ("who", "which", "that") and cur.dep_ == "relcl":
                return index.of(cur.head)  # "Zelenskyy, who flew to Ankara for talks"
            # "for Trump to visit": subject marked by 'for'
        agents = [g for c in cur.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agents:
            found = index.of(agents[0])
            if found:
                return found
        if subj and subj[0].lower_ in ("it", "they", "we") and cur.dep_ == "ccomp" and cur.head is not cur:
            cur = cur.head  # "Russia said it would...": the reporting subject speaks for itself
            continue
        if subj:
            return []
        if cur.dep_ in ("xcomp", "acomp", "conj", "advcl", "acl", "pcomp", "prep", "pobj", "dobj", "relcl") \
                and cur.head is not cur:
            if cur.dep_ == "relcl":
                return index.of(cur.head)
            cur = cur.head
            continue
        break
    return []


def _speaker_for(verb, found: list[ActorRef], index: ActorIndex) -> list[ActorRef]:
    """"Lavrov repeated that Moscow would not accept ...": a country named as the subject of reported
    speech is voiced by the person reporting it, when that person speaks for the same country."""
    if verb.dep_ != "ccomp" or not all(a.kind == "country" for a in found):
        return found
    reporter = verb.head
    subj = [c for c in reporter.children if c.dep_ == "nsubj"]
    if not subj:
        return found
    people = [a for a in index.of(subj[0]) if a.kind == "person"]
    if people and {a.country for a in people} == {a.country for a in found}:
        return people
    return found


def _noun_subject(tok, index: ActorIndex, participates: bool = False) -> list[ActorRef]:
    """The actor behind a nominal trigger: a possessor, an agent 'by X', 'between X and Y', or the
    subject of the light verb that governs it."""
    for c in tok.children:
        if c.dep_ == "poss":
            found = index.of(c)
            if found:
                return found
        if c.dep_ in ("amod", "compound") and index.at(c) is not None:
            return index.of(c)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            for g in c.children:
                if g.dep_ == "pobj" and index.of(g):
                    return index.of(g)
    between = _between(tok, index)
    if between:
        return between
    if tok.head is tok:
        return []
    # climb to the governing verb's subject only where that subject takes part in the act:
    # "Trump and Putin held a call", "Putin extended an invitation", "after talks with X, Y said"
    gov = tok.head
    if tok.dep_ == "pobj" and gov.head is not gov:
        gov = gov.head
    if tok.dep_ in ("dobj", "attr", "nsubjpass") and tok.head.lemma_ in LIGHT_VERBS:
        return _verb_subject(tok.head, index)
    if tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.lemma_ in EVALUATIVE_VERBS:
        return _verb_subject(tok.head.head, index)  # "described the encounter as a humiliation"
    if participates:
        return _verb_subject(gov, index)
    return []


def _between(tok, index: ActorIndex) -> list[ActorRef]:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("between", "among"):
            out: list[ActorRef] = []
            for g in c.children:
                if g.dep_ == "pobj":
                    out.extend(index.of(g))
            return out
    return []


def _objects(tok, index: ActorIndex, preps=RECIPIENT_PREPS) -> list[ActorRef]:
    out: list[ActorRef] = []
    for c in tok.children:
        if c.dep_ in ("dobj", "iobj", "dative", "nsubjpass", "attr", "oprd"):
            out.extend(index.of(c))
        elif c.dep_ in ("prep", "dative") and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    out.extend(index.of(g))
        elif c.dep_ == "prt":
            for g in c.children:
                if g.dep_ == "pobj":
                    out.extend(index.of(g))
    return out


class EventExtractor:
    """Turns a parsed document plus its resolved actors into event records."""

    def __init__(self, coder: EventCoder, gazetteer, ontology, find_dates, country_name=None):
        self.coder = coder
        self.gazetteer = gazetteer
        self.ontology = ontology
        self.find_dates = find_dates
        self.country_name = country_name or _country_name  # ISO3 -> a display name (the KB's, when given)

    # -- public -----------------------------------------------------------------------------
    def extract(self, doc, doc_id: str, published: dt.date | None, actors: Sequence[ActorRef],
                body_start: int = 0) -> list[EventRecord]:
        text = doccache.text(doc)  # Doc.text joins every token: read it once per article
        index = ActorIndex(actors, text, self.country_name)
        records: list[EventRecord] = []
        context: EventDate | None = None  # the last explicit date in this paragraph
        for sent in doc.sents:
            if "\n" in text[max(0, sent.start_char - 2):sent.start_char] or sent.start == 0:
                context = None  # a new paragraph
            if sent.end_char <= body_start:
                continue
            found = self._sentence(doc, sent, doc_id, published, index, records)
            own = [r.date for r in found if r.date is not None and r.date.span is not None]
            if not own and context is not None:
                # a sentence with no date of its own continues the paragraph's story ("...after Vance
                # accused Zelenskyy" following "Friday's meeting"): inherit, marked by a None span
                found = [replace(r, date=EventDate(context.value, context.precision, None))
                         if r.date is None and r.status == "occurred" and r.event_type != "AGREE" else r
                         for r in found]
            if own:
                context = own[-1]
            records.extend(found)
        return _merge_repeats(records)

    # -- one sentence -----------------------------------------------------------------------
    def _sentence(self, doc, sent, doc_id, published, index: ActorIndex,
                  history: Sequence[EventRecord] = ()) -> list[EventRecord]:
        candidates = self.coder.code_sentence(sent)
        if not candidates:
            return []
        by_token = {c.token.i: c for c in candidates}
        events: dict[int, _Event] = {}
        for cand in candidates:
            events[cand.token.i] = _Event(cand.token, cand)
        # absorb nested triggers into wrappers (intents, refusals, requests, threats)
        for i, ev in list(events.items()):
            host = self._host(ev.trigger, by_token)
            if host is not None and host.token.i in events and host.token.i != i:
                events[host.token.i].absorbed.append(ev)
                del events[i]
        out: list[EventRecord] = []
        sentence_places = self.gazetteer.find(sent.text, offset=sent.start_char) if self.gazetteer else []
        for ev in events.values():
            rec = self._build(doc, sent, ev, doc_id, published, index, sentence_places, history)
            if rec is not None:
                out.append(rec)
        return _dedupe_sentence(out)

    def _host(self, tok, by_token: dict[int, Candidate]) -> Candidate | None:
        cur = tok
        for _ in range(5):
            if cur.head is cur or cur.dep_ in ("ccomp", "parataxis", "relcl", "advcl", "conj"):
                return None
            if cur.dep_ == "prep" and cur.lower_ in TEMPORAL_PREPS:
                return None  # "agreed ... after talks": the talks are their own event
            cur = cur.head
            cand = by_token.get(cur.i)
            if cand is not None:
                if cand.spec.role == "intent" or cand.spec.event_type in ("REJECT", "REQUEST", "THREATEN", "ACCUSE"):
                    return cand
                if cur.pos_ == "VERB" and tok.pos_ == "NOUN" and cand.spec.event_type not in ("CONSULT",):
                    return cand  # "signed the agreement": the verb decides
                return None
        return None

    # -- record assembly --------------------------------------------------------------------
    def _build(self, doc, sent, ev: _Event, doc_id, published, index: ActorIndex, places,
               history: Sequence[EventRecord] = ()) -> EventRecord | None:
        tok = ev.trigger
        cand = ev.candidate
        etype, mode, role = cand.spec.event_type, cand.mode, cand.spec.role
        if st.is_conditional(tok):
            return None  # "if Russia accepts it", "until the hostages are freed": not reported as happening
        contexts = list(cand.spec.contexts)
        is_noun = tok.pos_ in ("NOUN", "PROPN")

        participates = role in ("meet", "comm", "intent") or etype == "PROTEST" or (
            etype == "ASSAULT" and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "with"))  # "in an offensive"
        subject = (_noun_subject(tok, index, participates=participates) if is_noun
                   else _verb_subject(tok, index))
        objects = _objects(tok, index)
        if etype == "REQUEST" and not is_noun and not objects:
            objects = _complement_subject(tok, index)  # "demanded that Kyiv pull its troops out"
        if is_noun and tok.dep_ == "dobj" and tok.head.lemma_ in LIGHT_VERBS:
            objects.extend(_objects(tok.head, index))  # "giving military support to the M23"
        between = _between(tok, index)
        inner_subjects: list[ActorRef] = []
        if cand.spec.role == "intent" and not ev.absorbed:
            objects.extend(_complement_objects(tok, index))
        for inner in ev.absorbed:
            inner_tok = inner.trigger
            if etype == "ACCUSE":
                continue  # the alleged act's own targets are not the accused
            objects.extend(_objects(inner_tok, index))
            objects.extend(_between(inner_tok, index))
            subj_tok = [c for c in inner_tok.children if c.dep_ == "nsubj"]
            if subj_tok:
                inner_subjects.extend(index.of(subj_tok[0]))

        # combine with absorbed triggers
        inner_roles = {a.candidate.spec.role for a in ev.absorbed}
        inner_types = {a.candidate.spec.event_type for a in ev.absorbed}
        if role == "intent":
            if inner_roles & {"meet", "comm"}:
                mode = "meet"
            elif "release" in inner_roles:
                etype, mode = "CONCEDE", None
            elif etype == "AGREE" and tok.lemma_ in ("hope", "want", "expect", "plan", "intend") and not ev.absorbed:
                return None  # hoping or planning nothing codable
            if tok.lemma_ in ("accept",) and "RETREAT" in inner_types:
                etype = "CONCEDE"
        elif etype in ("REJECT", "REQUEST") and inner_roles & {"meet"}:
            mode = "meet"
        elif etype == "REQUEST" and "release" in inner_roles:
            mode = "yield"
        if etype == "SUPPORT" and "SANCTION" in inner_types:
            etype, mode = "SANCTION", "discontinue"

        # future meetings are AGREE (meet); announced future retreats are CONCEDE
        future = False
        if role == "meet" or (role == "comm" and (objects or between)):
            if st.is_future_meeting(tok) and (objects or between or not is_noun):
                future = True
                etype, mode = "AGREE", "meet"
        elif role == "comm" and etype == "CONSULT" and not (objects or between) and len(subject) < 2:
            return None  # "discussions" with no partner: not an event
        speculated = False
        if role == "meet" and not is_noun and etype == "CONSULT" and st.modality(tok) == "possible":
            etype, mode, future, speculated = "AGREE", "meet", True, True  # "Putin could meet Trump"
        if role == "release" and not is_noun and st.modality(tok) == "future":
            etype, mode, future = "CONCEDE", None, True
        elif etype in ("AID", "COOPERATE") and not is_noun and st.modality(tok) == "future":
            etype, mode, future = "AGREE", None, True  # promised material cooperation is AGREE

        # "he would quit if the war is not resumed": a conditional announcement is a threat
        if not is_noun and etype in ("RETREAT", "ASSAULT", "SANCTION", "COERCE") and st.modality(tok) and any(
                c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children)
                for c in tok.children):
            mode = {"RETREAT": "relations", "ASSAULT": "violence", "SANCTION": "restrict",
                    "COERCE": "restrict"}[etype]
            etype, future = "THREATEN", False
        if etype == "ACCUSE" and not objects:
            objects.extend(_said_about(tok, index))  # "hit back, saying the U.S. president was ..."

        if etype == "MOBILIZE" and not subject and not is_noun:
            moved = [c for c in tok.children if c.dep_ == "nsubjpass"]
            if moved:  # "Riot police were deployed": the force itself is the actor
                subject = index.of(moved[0])
                kind = moved[0].lemma_.lower()
                mode = ("police" if kind == "police" else "militia" if kind in ("militia", "gunman", "fighter")
                        else mode)

        # participants
        actors = _dedupe(subject or inner_subjects or between)
        recipients = _dedupe(objects)
        if etype == "AGREE" and inner_subjects and subject:
            recipients = _dedupe(inner_subjects + recipients)
        if is_noun and between and not subject:
            actors = _dedupe(between)
        if not actors:
            return None
        location = self._location(sent, tok, ev, places, index)
        if not recipients and etype in ("ASSAULT", "COERCE", "THREATEN", "SANCTION") and places:
            recipients = self._target_places(tok, places)
        if not recipients and etype in ("ASSAULT", "COERCE", "PROTEST") and actors:
            recipients = _implied_target(tok, etype, actors, location)
        # a capital or country named as the venue is a place, not a recipient
        if location is not None and location.span is not None:
            recipients = [r for r in recipients if r.resolved_by == "place" or not (
                r.span.start >= location.span.start and r.span.end <= location.span.end)]
        if not recipients and etype in ("ACCUSE", "REJECT", "SUPPORT", "REQUEST", "THREATEN") and history:
            recipients = _referred_actors(tok, history)
        if (not recipients and mode == "meet" and location is not None and location.feature == "country"
                and any(a.trigger.lemma_ in ("visit", "trip") for a in ev.absorbed)):
            recipients = [ActorRef(name=location.name, country=location.country, sector="GOV", kind="country",
                                   span=location.span or trigger_span(tok), resolved_by="place")]  # the host
        recipients = [r for r in recipients if not any(_same_entity(r, a) for a in actors)]
        recipients = [r for r in recipients if not (r.resolved_by == "collective"
                                                    and r.country in {a.country for a in actors})]
        if etype == "CONSULT" and mode != "visit":
            actors = _dedupe(actors + recipients)
            recipients = []
        if etype == "CONSULT" and len(actors) < 2 and not recipients:
            return None
        if etype == "CONSULT" and mode == "phone" and len(actors) < 2:
            return None

        # mode refinements
        low = sent.text.lower()
        if etype == "CONSULT" and mode is None and any(w in low for w in (" by phone", "via phone", "telephone",
                                                                            "phone call", "video call")):
            mode = "phone"
        if etype == "ASSAULT" and mode is None:
            mode = _assault_mode(tok)

        # status
        status = "occurred"
        negated = st.is_negated(tok)
        if negated:
            if etype in ("AGREE", "SUPPORT", "COOPERATE") and tok.lemma_ in ("accept", "recognise", "recognize",
                                                                             "agree", "support", "back"):
                etype, mode, status = "REJECT", None, "occurred"
            elif etype not in ("REJECT",):
                status = "negated"
        elif st.denial_governor(tok) is not None:
            status = "denied"
        elif not future and etype not in ("AGREE",):
            m = st.modality(tok)
            if m == "future":
                status = "planned"
            elif m == "possible":
                status = "possible"
        elif etype == "AGREE" and any(c.lower_ in ("possible", "potential") for c in tok.children):
            status = "possible"
        if etype == "AGREE" and st.modality(tok) == "possible" and tok.pos_ == "VERB" and not future:
            status = "possible"
        if speculated:
            status = "possible"

        tense = "future" if (future or status == "planned") else "past"
        date = self._date(sent, tok, published, tense)
        if date is not None and published is not None and status == "occurred" and _older(date, published):
            status = "historical"

        clause = _clause_span(doc, index.text, tok, sent)
        sentence = Span(sent.start_char, sent.end_char, sent.text)
        trigger = Span(tok.idx, tok.idx + len(tok.text), tok.text)
        evidence = Evidence(sentence=sentence, clause=clause, trigger=trigger)
        cameo = self.ontology.cameo_for(etype, mode, tuple(contexts)) if self.ontology else None
        if mode is not None and self.ontology is not None and not self.ontology.is_valid(etype, mode):
            mode = None if etype != "AGREE" else mode
        event_id = _event_id(doc_id, etype, trigger.start)
        confidence = cand.score * (0.9 if len(recipients) or etype in ("CONSULT", "PROTEST", "RETREAT") else 0.75)
        return EventRecord(
            event_id=event_id, doc_id=doc_id, event_type=etype, mode=mode, status=status,  # type: ignore[arg-type]
            actor=tuple(actors), recipient=tuple(recipients), date=date, location=location, evidence=evidence,
            contexts=tuple(dict.fromkeys(contexts)), cameo=cameo, confidence=round(confidence, 3),
            coder=cand.coder,
        )

    def _location(self, sent, tok, ev: _Event, places: list[Place], index: ActorIndex) -> Place | None:
        if not places:
            return None
        doc = tok.doc
        best, best_dist = None, 10**9
        scope = {tok.i} | {a.trigger.i for a in ev.absorbed}
        allowed = set(scope)
        for t in [tok] + [a.trigger for a in ev.absorbed]:
            allowed.update(x.i for x in t.ancestors)
        for place in places:
            if place.span is None:
                continue
            ptok = doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
            if ptok is None:
                continue
            head = ptok.root
            ok = False
            if head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPS:
                gov = head.head.head
                ok = (gov.pos_ in ("VERB", "AUX") and _in_clause(gov, allowed)) or gov.i in scope or (
                    gov.pos_ in ("PROPN", "PRON") and gov.dep_ in ("dobj", "nsubj") and gov.head.i in allowed)
                if gov.pos_ == "NOUN" and gov.lemma_ in NON_EVENT_HEADS:
                    ok = False
            elif head.dep_ == "dobj" and head.head.lemma_ in ("visit", "host", "enter", "capture", "reach"):
                ok = True
            elif head.dep_ in ("compound", "poss") and head.head.lemma_ in ("city", "capital", "palace", "prison"):
                ok = True
            if not ok:
                continue
            dist = min(abs(head.i - s) for s in scope)
            if dist < best_dist:
                best, best_dist = place, dist
        return best

    def _target_places(self, tok, places: list[Place]) -> list[ActorRef]:
        """The attacked place stands for its country: "air strikes on Gaza" -> PSE."""
        doc = tok.doc
        heads = {tok.i} | ({tok.head.i} if tok.dep_ in ("dobj",) else set())
        out: list[ActorRef] = []
        for place in places:
            if place.span is None or not place.country:
                continue
            ptok = doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
            if ptok is None:
                continue
            head = ptok.root
            if (head.dep_ == "pobj" and head.head.lower_ in ("on", "against", "at") and head.head.head.i in heads) or (
                    head.dep_ == "dobj" and head.head.i == tok.i):
                out.append(ActorRef(name=place.name, country=place.country, sector=None, kind="country",
                                    span=place.span, resolved_by="place"))
        return out

    def _date(self, sent, tok, published, tense: str) -> EventDate | None:
        if self.find_dates is None:
            return None
        mentions = doccache.memo(sent.doc, ("dates", sent.start_char, sent.end_char, published, tense),
                                 lambda: self.find_dates(sent.text, published, offset=sent.start_char, tense=tense))
        best, best_dist = None, 10**9
        for m in mentions:
            if m.date is None:
                continue
            dist = abs(m.span.start - tok.idx)
            if dist < best_dist:
                best, best_dist = m.date, dist
        return best


# nouns that refer back to an event reported earlier: "condemned the attack", "rejected the demand"
REFERRING_NOUNS = {"attack": ("ASSAULT",), "strike": ("ASSAULT",), "assault": ("ASSAULT",), "raid": ("ASSAULT",),
                   "bombing": ("ASSAULT",), "offensive": ("ASSAULT",), "invasion": ("ASSAULT",),
                   "demand": ("REQUEST",), "request": ("REQUEST",), "call": ("REQUEST",),
                   "proposal": ("AGREE",), "offer": ("AGREE",), "plan": ("AGREE",),
                   "decision": ("SANCTION", "COERCE", "REJECT", "AGREE"), "move": ("SANCTION", "COERCE", "REJECT"),
                   "sanctions": ("SANCTION",), "arrest": ("COERCE",), "accusation": ("ACCUSE",),
                   "threat": ("THREATEN",)}


def _implied_target(tok, etype: str, actors: list[ActorRef], location: Place | None) -> list[ActorRef]:
    """Who is on the receiving end when the text names only people or things: an attack on "a bus
    near Bilopillia" targets the place's country; protesters target their own country's
    authorities; "people were detained" by the police are of the police's country."""
    patient = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    generic = any(p.lemma_.lower() in GENERIC_PEOPLE for p in patient)
    own = actors[0].country
    country = None
    if location is not None and location.country and (etype != "ASSAULT" or location.country != own):
        country = location.country
    elif etype == "PROTEST" or (etype == "COERCE" and generic):
        country = own
    if not country or (etype == "ASSAULT" and not (generic or patient)):
        return []
    span = location.span if location is not None and location.span is not None else actors[0].span
    return [ActorRef(name=location.name if location is not None and location.country == country else country,
                     country=country, sector=None, kind="country", span=span, resolved_by="implied")]


def trigger_span(tok) -> Span:
    return Span(tok.idx, tok.idx + len(tok.text), tok.text)


def _said_about(tok, index: ActorIndex) -> list[ActorRef]:
    """The subject of what the accuser said: "..., saying the U.S. president was living in a bubble"."""
    for c in tok.children:
        if c.dep_ in ("advcl", "xcomp") and c.lemma_ in ("say", "tell", "call", "describe", "accuse"):
            for g in c.children:
                if g.dep_ == "ccomp":
                    subj = [x for x in g.children if x.dep_ in ("nsubj", "nsubjpass")]
                    if subj:
                        return index.of(subj[0])
    return []


def _referred_actors(tok, history: Sequence[EventRecord]) -> list[ActorRef]:
    """The actors of the earlier event that a definite object refers to ("the attack" -> who attacked)."""
    for c in tok.children:
        if c.dep_ != "dobj":
            continue
        types = REFERRING_NOUNS.get(c.lemma_.lower())
        if types is None or not any(d.lower_ in ("the", "this", "that") for d in c.children if d.dep_ == "det"):
            continue
        for prev in reversed(history[-12:]):
            if prev.event_type in types and prev.actor:
                return list(prev.actor)
    return []


def _in_clause(gov, allowed: set[int]) -> bool:
    """Whether a verb is on the trigger's own clause chain (or an xcomp/acomp hanging from it):
    "likely to occur in Saudi Arabia" yes, "since he returned to the White House" no."""
    cur = gov
    for _ in range(4):
        if cur.i in allowed:
            return True
        if cur.dep_ not in ("xcomp", "acomp", "conj") or cur.head is cur:
            return False
        cur = cur.head
    return False


def _assault_mode(tok) -> str | None:
    words = {c.lemma_.lower() for c in tok.subtree} | {tok.lemma_.lower()}
    if tok.head is not tok:
        words |= {c.lemma_.lower() for c in tok.head.children}
    if "drone" in words and ("missile" in words or "rocket" in words):
        return None
    if "drone" in words:
        return "drone"
    if words & {"air", "airstrike", "aerial", "warplane", "jet", "bomb"}:
        return "aerial"
    if words & {"missile", "artillery", "rocket", "shell", "shelling", "mortar"}:
        return "heavy-weapons"
    if words & {"gun", "gunfire", "rifle", "shoot", "sniper"}:
        return "firearms"
    if words & {"bat", "beat", "club"}:
        return "beat"
    return None


def _older(date: EventDate, published: dt.date) -> bool:
    """Background clearly older than the story: before the previous month (month/year precision)
    or more than 31 days before publication (day precision)."""
    try:
        if date.precision == "day":
            return dt.date.fromisoformat(date.value) < published - dt.timedelta(days=31)
        year = int(date.value[:4])
        if date.precision == "year":
            return year < published.year
        month = int(date.value[5:7])
        return (year, month) < ((published.year, published.month - 1) if published.month > 1
                                else (published.year - 1, 12))
    except ValueError:
        return False


def _complement_subject(tok, index: ActorIndex) -> list[ActorRef]:
    """Who is asked: the subject of a request's complement clause."""
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp"):
            subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                return index.of(subj[0])
    return []


def _complement_objects(tok, index: ActorIndex) -> list[ActorRef]:
    """Partners named inside an intent's complement: "a commitment to collaborating with Ukraine"."""
    out: list[ActorRef] = []
    frontier = [tok]
    for _ in range(3):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.dep_ in ("prep", "pcomp", "acl", "xcomp", "advcl") and not (c.dep_ == "prep" and c.lower_ == "of"):
                    if c.dep_ == "prep" and c.lower_ in ("with", "to", "toward", "towards"):
                        for g in c.children:
                            if g.dep_ == "pobj":
                                out.extend(index.of(g))
                    nxt.append(c)
        frontier = nxt
    return out


def _clause_span(doc, text: str, tok, sent) -> Span:
    """The evidence clause: the trigger's clause subtree, trimmed to at most the sentence."""
    head = tok
    if tok.pos_ in ("NOUN", "PROPN") and tok.head.pos_ in ("VERB", "AUX") and tok.dep_ in ("dobj", "nsubj",
                                                                                            "nsubjpass", "attr"):
        head = tok.head
    toks = [t for t in head.subtree if t.dep_ not in ("punct",) or t.i not in (head.left_edge.i,)]
    left = min(t.i for t in toks)
    right = max(t.i for t in toks)
    left = max(left, sent.start)
    right = min(right, sent.end - 1)
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    start, end = doc[left].idx, doc[right].idx + len(doc[right].text)
    return Span(start, end, text[start:end])


def _event_id(doc_id: str, etype: str, start: int) -> str:
    h = hashlib.sha1(f"{doc_id}|{etype}|{start}".encode()).hexdigest()[:16]
    return f"ev-{h}"


def _participants(rec: EventRecord) -> frozenset:
    return frozenset((a.kb_id or a.name.lower()) for a in rec.actor + rec.recipient)


def _dedupe_sentence(records: list[EventRecord]) -> list[EventRecord]:
    out: list[EventRecord] = []
    for rec in sorted(records, key=lambda r: -r.confidence):
        if any(o.event_type == rec.event_type and _participants(o) == _participants(rec) for o in out):
            continue
        out.append(rec)
    return sorted(out, key=lambda r: r.evidence.trigger.start)


def _merge_repeats(records: list[EventRecord]) -> list[EventRecord]:
    """Repeated mentions of the same contact in one article ("the call", "their discussions") are one
    CONSULT event: keep the first mention."""
    out: list[EventRecord] = []
    for rec in records:
        if rec.event_type == "CONSULT" and any(
                o.event_type == "CONSULT" and (o.mode == rec.mode or rec.mode is None or o.mode is None)
                and _participants(o) == _participants(rec)
                and (o.date == rec.date or rec.date is None) for o in out):
            continue
        out.append(rec)
    return out
