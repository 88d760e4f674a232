"""The actor knowledge base: countries, organisations, people and their offices over time.

Packaged, versioned CSV files under ``tidings/kb/data/`` (core tables plus ``data/world/<part>-<kind>.csv``)
are read once (:func:`load_kb` is cached), validated (a bad row raises
:class:`tidings.errors.ResourceError` naming file and line) and kept read-only.
``KnowledgeBase.lookup(query, on)`` answers names, aliases, titles, role descriptions and metonyms on a
date. A user's own actors live in an overlay file that is merged over the packaged data and never
touches it: :func:`kb_for` loads the KB with the effective overlay of a :class:`~tidings.settings.Settings`.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError
from .base import ROLE_SECTORS, KnowledgeBase, build
from .loader import DATA_DIR, KB_VERSION
from .records import Country, GroupNoun, KBAnswer, OfficeDef, Org, Person, RolePhrase, Term

if TYPE_CHECKING:
    from ..settings import Settings

__all__ = ["DATA_DIR", "DEFAULT_OVERLAY_NAME", "KB_VERSION", "ROLE_SECTORS", "Country", "GroupNoun", "KBAnswer",
           "KnowledgeBase", "OfficeDef", "Org", "Person", "RolePhrase", "Term", "effective_overlay", "kb_for",
           "load_kb", "overlay_target"]

DEFAULT_OVERLAY_NAME = "kb-overlay.jsonl"


@functools.lru_cache(maxsize=1)
def _packaged() -> KnowledgeBase:
    return build(DATA_DIR)


@functools.lru_cache(maxsize=8)
def _with_overlay(overlay: Path, stamp: tuple[int, int]) -> KnowledgeBase:
    return build(DATA_DIR, overlay)


def load_kb(overlay: Path | str | None = None) -> KnowledgeBase:
    """The packaged KB (loaded once), or the packaged KB with a user overlay file merged over it.

    An overlay is a CSV with the header of ``people.csv``, ``orgs.csv``, ``offices.csv`` or
    ``terms.csv``, or a JSONL file of objects with ``type`` person/org/office/term and those fields.
    Rows with an existing id replace the packaged ones; when an overlay both replaces a person and gives
    terms for them, those terms replace the person's packaged terms. The cache is keyed on the file's
    modification time and size, so an edited overlay is read again.
    """
    if overlay is None:
        return _packaged()
    path = Path(overlay).resolve()
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = (0, 0)  # build() reports the unreadable file
    return _with_overlay(path, stamp)


def overlay_target(settings: Settings) -> Path:
    """Where ``tidings kb add`` / ``kb import`` write: ``settings.kb_overlay`` if set, else
    ``<data_dir>/kb-overlay.jsonl`` (created on first write)."""
    return Path(settings.kb_overlay) if settings.kb_overlay else Path(settings.data_dir) / DEFAULT_OVERLAY_NAME


def effective_overlay(settings: Settings) -> Path | None:
    """The overlay the pipeline and CLI read: ``settings.kb_overlay`` if set (it must exist), else
    ``<data_dir>/kb-overlay.jsonl`` if that file exists, else none."""
    if settings.kb_overlay:
        path = Path(settings.kb_overlay)
        if not path.is_file():
            raise ConfigError(f"kb_overlay {path}: no such file")
        return path
    default = Path(settings.data_dir) / DEFAULT_OVERLAY_NAME
    return default if default.is_file() else None


def kb_for(settings: Settings) -> KnowledgeBase:
    """The knowledge base as ``settings`` sees it: packaged data plus the effective user overlay."""
    return load_kb(effective_overlay(settings))
