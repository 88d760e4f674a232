"""The actor knowledge base: countries, organisations, people and their offices over time.

Packaged, versioned CSV files under ``tidings/kb/data/`` are read once (:func:`load_kb` is cached),
validated (a bad row raises :class:`tidings.errors.ResourceError` naming file and line) and kept
read-only. ``KnowledgeBase.lookup(query, on)`` answers names, aliases, titles, role descriptions and
metonyms on a date.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .base import ROLE_SECTORS, KnowledgeBase, build
from .loader import DATA_DIR, KB_VERSION
from .records import Country, GroupNoun, KBAnswer, OfficeDef, Org, Person, RolePhrase, Term

__all__ = ["DATA_DIR", "KB_VERSION", "ROLE_SECTORS", "Country", "GroupNoun", "KBAnswer", "KnowledgeBase",
           "OfficeDef", "Org", "Person", "RolePhrase", "Term", "load_kb"]


@functools.lru_cache(maxsize=1)
def _packaged() -> KnowledgeBase:
    return build(DATA_DIR)


@functools.lru_cache(maxsize=8)
def _with_overlay(overlay: Path) -> KnowledgeBase:
    return build(DATA_DIR, overlay)


def load_kb(overlay: Path | str | None = None) -> KnowledgeBase:
    """The packaged KB (loaded once), or the packaged KB with a user overlay file merged over it.

    An overlay is a CSV with the header of ``people.csv``, ``orgs.csv``, ``offices.csv`` or
    ``terms.csv``, or a JSONL file of objects with ``type`` person/org/office/term and those fields.
    Rows with an existing id replace the packaged ones.
    """
    if overlay is None:
        return _packaged()
    return _with_overlay(Path(overlay).resolve())
