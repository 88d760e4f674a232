"""Event status from tense, modality, negation and hedges (works on spaCy tokens at the NLP step)."""

from __future__ import annotations

FUTURE_AUX = {"will", "shall", "'ll", "wo"}
POSSIBLE_AUX = {"could", "might", "may", "would"}
FUTURE_CUES = {"upcoming", "future", "planned", "proposed", "next", "forthcoming", "expected", "prospective",
               "scheduled", "plan", "plans", "likely", "expectation", "hope", "set", "due", "poised"}
DENY_VERBS = {"deny", "refute"}
NEG_WORDS = {"not", "n't", "never", "no"}
RELATIVE_WORDS = {"which", "who", "whom", "whose", "that"}


def _chain(tok, limit: int = 6):
    """The token and its heads up to the clause root (stops at a reporting clause boundary)."""
    out = [tok]
    cur = tok
    for _ in range(limit):
        if cur.head is cur or cur.dep_ in ("ccomp", "parataxis", "advcl") or (cur.dep_ == "relcl" and any(
                c.lower_ in RELATIVE_WORDS for c in cur.children)):
            break  # a relative ("which captured ...") or adverbial clause has its own polarity and modality
        cur = cur.head
        out.append(cur)
        if cur.dep_ in ("ROOT",):
            break
    return out


def is_negated(tok) -> bool:
    for t in _chain(tok, 2):
        if any(c.dep_ == "neg" or (c.lower_ in NEG_WORDS and c.dep_ in ("neg", "advmod", "det")) for c in t.children):
            return True
    return False


def denial_governor(tok):
    """The deny-verb whose complement holds the trigger, if any ("Rwanda denies giving support",
    "Russia denied that it attacked")."""
    cur = tok
    for _ in range(5):
        if cur.head is cur:
            return None
        cur = cur.head
        if cur.lemma_.lower() in DENY_VERBS:
            return cur
        if cur.dep_ in ("ROOT", "relcl", "advcl"):
            return cur if cur.lemma_.lower() in DENY_VERBS else None
    return None


def modality(tok) -> str | None:
    """'future', 'possible' or None, from auxiliaries and hedges on the trigger's own clause."""
    for t in _chain(tok, 3):
        for c in t.children:
            low = c.lower_
            if c.dep_ in ("aux", "auxpass") and low in FUTURE_AUX:
                return "future"
            if c.dep_ in ("aux", "auxpass") and low in POSSIBLE_AUX:
                return "possible"
            if c.dep_ in ("advmod", "acomp", "amod") and low in ("likely", "possibly", "perhaps", "probably"):
                return "possible"
        # "is to lift", "are due to approve", "is expected to free"
        if t.dep_ == "xcomp" and t.head.lemma_ in ("expect", "due", "set", "poise", "schedule", "likely"):
            return "future" if t.head.lemma_ != "likely" else "possible"
        if t.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children) \
                and t.head.lemma_ == "be" and t.dep_ in ("xcomp", "ccomp", "advcl"):
            return "future"
        if t.tag_ in ("VBD", "VBN") and t is not tok:
            break
    return None


def is_future_meeting(tok) -> bool:
    """A meeting noun or verb that is announced for the future (PLOVER: code it AGREE, mode meet)."""
    if any(c.lower_ in FUTURE_CUES for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "det")):
        return True
    if tok.pos_ == "VERB" and tok.tag_ in ("VBD", "VBN") and not any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX
                                                                       for c in tok.children):
        return modality(tok) == "future"
    for t in _chain(tok, 5)[1:]:
        if t.tag_ == "VBD" and t.lemma_ not in ("say", "tell", "announce") or any(
                c.lower_ == "had" and c.dep_ == "aux" for c in t.children):
            return False
        if t.lemma_.lower() in FUTURE_CUES or t.lemma_.lower() in ("expect", "hope", "want", "plan"):
            return True
        for c in t.children:
            if c is tok:
                continue
            if c.lower_ in FUTURE_AUX and c.dep_ in ("aux",):
                return True
            if c.lemma_.lower() in ("plan", "plans", "likely", "upcoming", "expected") and c.dep_ in (
                    "nsubj", "acomp", "amod", "advmod", "xcomp"):
                return True
    return False


CONDITIONAL_MARKS = {"if", "unless", "until", "whether"}


def is_conditional(tok) -> bool:
    """The trigger sits in a conditional or pending clause ("if Moscow refused", "until they met")."""
    cur = tok
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in cur.children):
            return True
        if cur.dep_ in ("advcl", "ccomp", "ROOT") or cur.head is cur:
            break
        cur = cur.head
    return False
