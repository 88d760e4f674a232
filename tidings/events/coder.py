"""Event coders: decide which tokens of a sentence trigger which PLOVER event type and mode.

``EventCoder`` is the interface the extractor uses; :class:`RuleCoder` is the lexicon- and
dependency-based first version. A trained coder implements the same ``code_sentence`` and may
wrap the rule coder (keep rules where they win, and combine).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .lexicon import Lexicon, TriggerSpec, load_lexicon

PHONE_WORDS = {"phone", "telephone", "video"}
# nouns that are triggers only when they carry an event reading in context
WEAK_NOUNS = {"deal", "plan", "agreement", "talk", "aid", "assistance", "freeze", "release", "strike",
              "understanding", "expectation", "call", "request", "offer"}
# "territorial integrity must remain intact", "no compromises" -> refusal to yield (PLOVER REJECT yield)
YIELD_REFUSAL_CUES = (
    ("territorial integrity", ("must", "remain", "intact", "insist", "never", "not")),
    ("sovereignty", ("must remain", "intact", "non-negotiable")),
    ("compromise", ("against any", "no compromise", "reject", "refuse")),
    ("cede", ("not", "never", "refuse")),
)


@dataclass(frozen=True)
class Candidate:
    token: object  # spaCy Token (transient: never leaves the NLP step)
    spec: TriggerSpec
    mode: str | None
    score: float
    coder: str = "rules"


class EventCoder(Protocol):
    name: str

    def code_sentence(self, sent) -> list[Candidate]: ...


class RuleCoder:
    """Lexicon lookup on lemmas (with particles and noun compounds), filtered by syntax."""

    name = "rules"

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or load_lexicon()

    def code_sentence(self, sent) -> list[Candidate]:
        out: list[Candidate] = []
        for tok in sent:
            cand = self._token(tok)
            if cand is not None:
                out.append(cand)
        cue = self._yield_refusal(sent, {c.token.i for c in out})
        if cue is not None:
            out.append(cue)
        return out

    def _token(self, tok) -> Candidate | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB":
            spec = None
            for c in tok.children:
                if c.dep_ == "prt":
                    spec = self.lexicon.verb(f"{lemma}_{c.lower_}")
                    break
                if c.dep_ in ("prep", "advmod") and c.lower_ in ("on", "for", "back", "off") and lemma in ("call", "hit"):
                    spec = self.lexicon.verb(f"{lemma}_{c.lower_}")
                    if spec:
                        break
            if spec is None:
                if lemma == "hold" and any(c.dep_ == "dobj" and c.lemma_ in ("talk", "talks", "meeting")
                                           for c in tok.children):
                    return None  # the noun carries the event
                spec = self.lexicon.verb(lemma)
            if spec is None:
                return None
            if tok.dep_ in ("amod", "compound") and tok.tag_ in ("VBN", "VBG"):
                return None  # "the planned summit", "a proposed deal": modifiers, not events
            if lemma == "call" and not any(c.dep_ in ("dobj", "prep") for c in tok.children):
                return None
            if spec.event_type == "ASSAULT" and lemma in ("strike", "hit") and not any(
                    c.dep_ == "dobj" for c in tok.children):
                return None
            mode = spec.mode
            return Candidate(tok, spec, mode, 0.8)
        if tok.pos_ in ("NOUN", "PROPN") and tok.tag_ not in ("NNP",):
            key = "talks" if tok.lower_ == "talks" else lemma
            spec = self.lexicon.noun(key)
            if spec is None:
                return None
            if tok.dep_ == "compound":
                return None
            mode = spec.mode
            compounds = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
            if spec.event_type == "CONSULT" and compounds & PHONE_WORDS:
                mode = "phone"
            if spec.event_type == "CONSULT" and key == "call" and not (compounds & PHONE_WORDS) and not any(
                    c.dep_ == "prep" and c.lower_ in ("with", "between") for c in tok.children):
                return None
            if spec.event_type == "SUPPORT" and compounds & {"military", "financial", "economic", "humanitarian",
                                                             "material", "logistical"}:
                spec = TriggerSpec(spec.lemma, "N", "AID", None, "event", spec.contexts)
            if spec.event_type == "ASSAULT" and compounds & {"air"}:
                mode = "aerial"
            if spec.event_type == "ASSAULT" and compounds & {"drone"}:
                mode = "drone"
            if spec.event_type == "ASSAULT" and compounds & {"missile", "artillery", "rocket"}:
                mode = "heavy-weapons"
            score = 0.6 if key in WEAK_NOUNS else 0.7
            return Candidate(tok, spec, mode, score)
        return None

    def _yield_refusal(self, sent, taken: set[int]) -> Candidate | None:
        low = sent.text.lower()
        for phrase, cues in YIELD_REFUSAL_CUES:
            if phrase in low and any(c in low for c in cues):
                root = sent.root
                if root.i in taken:
                    return None
                spec = TriggerSpec("territorial-refusal", "V", "REJECT", "yield", "event", ("territory",))
                return Candidate(root, spec, "yield", 0.6)
        return None
