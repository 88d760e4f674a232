"""Stance extraction: who holds which position (support, oppose, conditional) on which issue.

Runs at the NLP step on the parsed Doc, after actors and events. Two sources of stances:

- events that state a position: REQUEST and SUPPORT (support what is asked for or backed), REJECT
  and ACCUSE (oppose), AGREE intents ("announced his intentions to engage in peace negotiations"),
  and REJECT/yield insistence ("territorial integrity must remain intact" supports integrity);
- stance cues that are not events: "a desire for closer cooperation", "a firm stance against any
  compromises", "the challenges associated with returning to pre-2014 borders".

The issue is the phrase the position is about, trimmed and normalised; ``issue_key`` groups the
same issue across articles (content lemmas, sorted). Everything returned is plain data.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from ..models import ActorRef, EventRecord, Span, Stance
from . import doccache

SUPPORT_TYPES = {"REQUEST": "support", "SUPPORT": "support", "AGREE": "support", "REJECT": "oppose",
                 "ACCUSE": "oppose"}
SUPPORT_NOUNS = {"desire", "wish", "call", "calls", "demand", "push", "support", "backing", "commitment",
                 "intention", "readiness", "appeal", "bid", "hope"}
OPPOSE_NOUNS = {"opposition", "objection", "resistance", "challenge", "rejection", "capitulation", "veto"}
OPPOSE_PREPS = {"against"}
STOP = {"the", "a", "an", "any", "all", "its", "their", "his", "her", "of", "to", "for", "and", "on", "in", "with",
        "this", "that", "these", "those", "be", "is", "are", "was", "were", "would", "will", "must", "should",
        "could", "it", "they", "them", "which", "who", "what", "both", "each", "other", "further", "also", "'s",
        "remain", "intact", "being", "by", "at", "from", "as", "into", "about", "over", "new", "more"}
MAX_WORDS = 14
QUOTE_MARKS = ('"', "\u201c", "\u201d")


def issue_key(issue: str) -> str:
    words = re.findall(r"[a-z0-9][a-z0-9\-]*", issue.lower())
    return " ".join(sorted({w for w in words if w not in STOP}))


def _phrase(tokens) -> tuple[int, int] | None:
    toks = [t for t in tokens if not t.is_space]
    while toks and (toks[0].is_punct or toks[0].lower_ in ("that", "to", "for", "the", "a", "an", "any", "on")):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].dep_ in ("cc",)):
        toks = toks[:-1]
    if not toks:
        return None
    if len(toks) > MAX_WORDS:
        # cut at the first clause boundary after a few words (comma, relative pronoun, 'as', 'which')
        for i, t in enumerate(toks[3:MAX_WORDS], start=3):
            if t.is_punct or t.lower_ in ("which", "who", "as", "while", "although", "because", "so"):
                toks = toks[:i]
                break
        else:
            toks = toks[:MAX_WORDS]
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _normalise(text: str) -> str:
    """'Ukraine's sovereignty and territorial integrity' -> 'sovereignty and territorial integrity of
    Ukraine'; leading articles and quantifiers dropped."""
    text = re.sub(r"^(the|a|an|any|all|further|its|their|his|her)\s+", "", text.strip(), flags=re.I)
    m = re.match(r"^([A-Z][\w.\- ]*?)['\u2019]s\s+(.+)$", text)
    if m and len(m.group(1).split()) <= 3:
        text = f"{m.group(2)} of {m.group(1)}"
    return text.strip(" ,.;:\"\u201c\u201d")


NON_ISSUE_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT"}
ACT_VERBS = {"sign", "initial", "approve", "ratify", "thank", "congratulate", "greet", "accuse", "blame",
             "condemn", "denounce", "dismiss", "criticise", "criticize", "hit", "brush"}


def _complement(tok, actors: Sequence[ActorRef] = ()):
    """The tokens a stance is about: the object or complement of the trigger. An object that is an
    actor ("urged Rwanda to respect ...") gives way to the complement; a date is never an issue."""
    for dep in ("dobj", "xcomp", "ccomp", "attr"):
        for c in tok.children:
            if c.dep_ != dep:
                continue
            if c.ent_type_ in NON_ISSUE_ENTS:
                continue
            if dep == "dobj" and _actor_at(actors, c.idx, c.idx + len(c.text)) is not None:
                continue
            return list(c.subtree)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "to", "of", "on", "against", "with", "toward", "towards"):
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                return list(objs[0].subtree)
    return []


def _holder(event: EventRecord) -> ActorRef | None:
    return event.actor[0] if event.actor else None


def _quote(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 3):min(len(text), end + 3)]
    return any(q in window for q in QUOTE_MARKS)


def _stance_id(doc_id: str, start: int, holder: str) -> str:
    return "st-" + hashlib.sha1(f"{doc_id}|{start}|{holder}".encode()).hexdigest()[:16]


def _via(tok) -> str | None:
    """'through his spokesperson' -> 'his spokesperson'."""
    for t in [tok, *tok.ancestors]:
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in ("through", "via"):
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs:
                    sub = list(objs[0].subtree)
                    return doccache.text(tok.doc)[sub[0].idx:sub[-1].idx + len(sub[-1].text)]
    return None


def _actor_at(actors: Sequence[ActorRef], start: int, end: int) -> ActorRef | None:
    for a in actors:
        if a.span.start <= start < a.span.end or start <= a.span.start < end:
            return a
    return None


def extract_stances(doc, doc_id: str, actors: Sequence[ActorRef], events: Sequence[EventRecord],
                    body_start: int = 0) -> list[Stance]:
    text = doccache.text(doc)
    out: list[Stance] = []
    seen: set[tuple[str, str]] = set()

    def add(holder: ActorRef | None, position: str, span: tuple[int, int] | None, tok, confidence: float,
            evidence: tuple[int, int] | None = None) -> None:
        if holder is None or span is None:
            return
        issue = _normalise(text[span[0]:span[1]])
        key = issue_key(issue)
        if not key:
            return
        who = holder.kb_id or holder.name.lower()
        if (who, key) in seen:
            return
        seen.add((who, key))
        ev_start, ev_end = evidence or (min(span[0], tok.idx), max(span[1], tok.idx + len(tok.text)))
        out.append(Stance(
            stance_id=_stance_id(doc_id, ev_start, who), doc_id=doc_id, holder=holder, issue=issue,
            issue_key=key, position=position,  # type: ignore[arg-type]
            evidence=Span(ev_start, ev_end, text[ev_start:ev_end]), quote=_quote(text, span[0], span[1]),
            via=_via(tok), confidence=confidence))

    # 1. events that state a position
    for ev in events:
        position = SUPPORT_TYPES.get(ev.event_type)
        if position is None:
            continue
        span = doc.char_span(ev.evidence.trigger.start, ev.evidence.trigger.end, alignment_mode="expand")
        if span is None:
            continue
        tok = span.root
        holder = _holder(ev)
        if ev.event_type == "AGREE" and tok.lemma_ not in ("intention", "plan", "offer", "propose", "commit",
                                                           "commitment", "promise", "pledge", "accept", "want",
                                                           "hope", "desire", "agree", "expectation"):
            continue
        if ev.event_type == "REJECT" and ev.mode == "yield" and tok.dep_ in ("ROOT",):
            # insisting that X must remain intact supports X
            for c in tok.children:
                if c.dep_ == "ccomp":
                    subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
                    if subj:
                        add(holder, "support", _phrase(list(subj[0].subtree)), tok, 0.6,
                            (ev.evidence.clause.start, ev.evidence.clause.end))
                        break
            continue
        if tok.lemma_.lower() in ACT_VERBS:
            continue  # signing or condemning is an act, not a position on an issue
        comp = _complement(tok, actors)
        if ev.event_type == "AGREE" and not comp:
            continue
        if ev.event_type == "SUPPORT" and not comp:
            continue
        if ev.event_type in ("REJECT", "ACCUSE") and tok.lemma_ in ("accuse", "blame"):
            continue  # accusations are about deeds, not issues
        if tok.pos_ == "VERB" and any(c.dep_ == "neg" for c in tok.children) and ev.event_type == "REJECT":
            # "Kyiv would not recognise any agreement ..." : oppose the object
            position = "oppose"
        add(holder, position, _phrase(comp), tok, 0.55)

    # 2. stance cues that are not events
    for i in doccache.indices_with_pos(doc, ("NOUN",), body_start):  # the cues are nouns
        tok = doc[i]
        low = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and (low in SUPPORT_NOUNS or low in OPPOSE_NOUNS or low == "stance"):
            position = "oppose" if low in OPPOSE_NOUNS else "support"
            target = None
            for c in tok.children:
                if c.dep_ == "prep" and (c.lower_ in ("for", "to") or c.lower_ in OPPOSE_PREPS
                                         or (low == "challenge" and c.lower_ == "of")):
                    objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                    if objs:
                        target = objs[0]
                        if c.lower_ in OPPOSE_PREPS:
                            position = "oppose"
                        break
                if c.dep_ == "acl" and low == "challenge":  # "challenges associated with returning to ..."
                    for g in c.children:
                        if g.dep_ == "prep":
                            objs = [x for x in g.children if x.dep_ in ("pobj", "pcomp")]
                            if objs:
                                target = objs[0]
                    position = "oppose"
            if target is None:
                continue
            if low == "stance" and position != "oppose":
                continue
            holder = _cue_holder(tok, actors)
            add(holder, position, _phrase(list(target.subtree)), tok, 0.45)
    return sorted(out, key=lambda s: s.evidence.start)


def _cue_holder(tok, actors: Sequence[ActorRef]) -> ActorRef | None:
    """The possessor of the cue noun, else the subject of the verb governing it."""
    for c in tok.children:
        if c.dep_ == "poss":
            a = _actor_at(actors, c.idx, c.idx + len(c.text))
            if a is not None:
                return a
    cur = tok
    for _ in range(5):
        if cur.head is cur:
            break
        cur = cur.head
        subj = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            s = subj[0]
            a = _actor_at(actors, s.left_edge.idx, s.idx + len(s.text))
            if a is not None:
                return a
            return None
    return None
