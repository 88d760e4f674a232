"""The trigger lexicon: which words signal which PLOVER event, loaded once and validated."""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from ..errors import ResourceError

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
ROLES = ("event", "meet", "intent", "release", "comm")


@dataclass(frozen=True)
class TriggerSpec:
    """One lexicon row: ``lemma`` (``verb_particle`` for phrasal verbs) of part of speech ``pos``
    (V or N) signals ``event_type``/``mode``. ``role`` says how it combines with other triggers."""

    lemma: str
    pos: str
    event_type: str
    mode: str | None
    role: str
    contexts: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    verbs: Mapping[str, TriggerSpec]
    nouns: Mapping[str, TriggerSpec]
    source: str

    def verb(self, key: str) -> TriggerSpec | None:
        return self.verbs.get(key)

    def noun(self, key: str) -> TriggerSpec | None:
        return self.nouns.get(key)


def _parse(lines, source: str) -> Lexicon:
    verbs: dict[str, TriggerSpec] = {}
    nouns: dict[str, TriggerSpec] = {}
    rows = csv.reader(line for line in lines)
    for lineno, row in enumerate(rows, start=1):
        if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) != 6:
            raise ResourceError(f"{source}:{lineno}: expected 6 columns, got {len(row)}")
        lemma, pos, etype, mode, role, contexts = (c.strip() for c in row)
        if pos not in ("V", "N"):
            raise ResourceError(f"{source}:{lineno}: pos must be V or N, not {pos!r}")
        if etype not in EVENT_TYPES:
            raise ResourceError(f"{source}:{lineno}: unknown event type {etype!r}")
        if role not in ROLES:
            raise ResourceError(f"{source}:{lineno}: unknown role {role!r}")
        table = verbs if pos == "V" else nouns
        if lemma in table:
            raise ResourceError(f"{source}:{lineno}: duplicate trigger {lemma!r} ({pos})")
        table[lemma] = TriggerSpec(lemma, pos, etype, mode or None, role,
                                   tuple(c for c in contexts.split(";") if c))
    return Lexicon(MappingProxyType(verbs), MappingProxyType(nouns), source)


@functools.lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load the packaged trigger table (or ``path``); raise ResourceError naming file and line."""
    if path is None:
        ref = resources.files("tidings.events") / "data" / "triggers.csv"
        text = ref.read_text(encoding="utf-8")
        source = "tidings/events/data/triggers.csv"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ResourceError(f"{path}: {exc.strerror or exc}") from exc
        source = str(path)
    return _parse(text.splitlines(), source)
