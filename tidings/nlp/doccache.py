"""Per-document lookups computed once and shared by actors, events and stances (performance only).

spaCy recomputes ``Doc.text`` (joining every token) and ``Doc.ents`` (new Span objects) on each
access; on a 400-word article each costs more than everything else in a sentence's analysis.
The values are kept in ``doc.user_data`` under a private key; :func:`clear` drops them
(``Pipeline.analyse`` does so once an article is analysed, so Docs never grow).
"""

from __future__ import annotations

_KEY = "_tidings_cache"


def _cache(doc) -> dict:
    c = doc.user_data.get(_KEY)
    if c is None:
        c = doc.user_data[_KEY] = {}
    return c


def text(doc) -> str:
    """``doc.text``, computed once."""
    c = _cache(doc)
    t = c.get("text")
    if t is None:
        t = c["text"] = doc.text
    return t


def seed_text(doc, source: str) -> None:
    """Record ``source`` as the Doc's text when it is the text the Doc was made from (spaCy keeps
    every character, so the last token ends exactly where ``source`` ends)."""
    n = len(doc)
    end = doc[n - 1].idx + len(doc[n - 1].text_with_ws) if n else 0
    if end == len(source):
        _cache(doc)["text"] = source


def ents(doc) -> tuple:
    """``doc.ents``, computed once."""
    c = _cache(doc)
    e = c.get("ents")
    if e is None:
        e = c["ents"] = tuple(doc.ents)
    return e


def clear(doc) -> None:
    doc.user_data.pop(_KEY, None)


def _columns(doc):
    c = _cache(doc)
    a = c.get("columns")
    if a is None:
        from spacy.attrs import IDX, LOWER, POS

        a = c["columns"] = doc.to_array([LOWER, POS, IDX])
    return a


def indices_with_pos(doc, tags: tuple[str, ...], min_idx: int = 0) -> list[int]:
    """Token positions whose coarse tag (``Token.pos_``) is one of ``tags`` and whose character
    offset is at least ``min_idx``, in order: lets a loop over the Doc skip creating every Token."""
    import numpy as np
    from spacy.symbols import IDS

    a = _columns(doc)
    if not len(a):
        return []
    keep = np.isin(a[:, 1], [IDS[t] for t in tags])
    if min_idx:
        keep &= a[:, 2] >= min_idx
    return np.flatnonzero(keep).tolist()


def indices_with_lower(doc, words) -> list[int]:
    """Token positions whose lowercase form (``Token.lower_``) is in ``words``, in order."""
    import numpy as np

    a = _columns(doc)
    if not len(a):
        return []
    strings = doc.vocab.strings
    return np.flatnonzero(np.isin(a[:, 0], [strings[w] for w in words])).tolist()


def lowers(doc) -> list[str]:
    """``[t.lower_ for t in doc]``, computed once."""
    c = _cache(doc)
    out = c.get("lowers")
    if out is None:
        strings = doc.vocab.strings
        out = c["lowers"] = [strings[h] for h in _columns(doc)[:, 0].tolist()]
    return out


def memo(doc, key: tuple, compute):
    """``compute()``, remembered for this Doc under ``key`` (for per-sentence work repeated per event)."""
    c = _cache(doc)
    k = ("memo", *key)
    if k not in c:
        c[k] = compute()
    return c[k]
