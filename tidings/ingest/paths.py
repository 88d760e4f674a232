"""Command-line paths to files: plain files, directories (recursive) and glob patterns."""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .normalise import slugify

_GLOB_CHARS = frozenset("*?[")
NO_MATCH = "no such file or no match"


@dataclass(frozen=True)
class Missing:
    """A command-line path that named no file."""

    path: str
    reason: str = NO_MATCH


def expand_paths(paths: Sequence[str]) -> Iterator[str | Missing]:
    """Files in order: each argument's files sorted; hidden files/directories skipped; no repeats."""
    seen: set[str] = set()
    for arg in paths:
        arg = os.fspath(arg)
        files = _expand_one(arg)
        if files is None:
            yield Missing(arg)
            continue
        if not files:
            yield Missing(arg, "directory has no files" if os.path.isdir(arg) else NO_MATCH)
            continue
        for file in files:
            key = os.path.realpath(file)
            if key not in seen:
                seen.add(key)
                yield file


def count_inputs(paths: Sequence[str]) -> int:
    """How many files ``paths`` name (a cheap progress-bar estimate: files, not items)."""
    return sum(1 for p in expand_paths(paths) if not isinstance(p, Missing))


def _expand_one(arg: str) -> list[str] | None:
    if os.path.isdir(arg):
        return _walk(arg)
    if os.path.lexists(arg):
        return [arg]
    if not _GLOB_CHARS & set(arg):
        return None
    files: list[str] = []
    for match in sorted(glob.glob(os.path.expanduser(arg), recursive=True)):
        if os.path.isdir(match):
            files.extend(_walk(match))
        else:
            files.append(match)  # glob itself leaves out hidden names
    return files or None


def _walk(root: str) -> list[str]:
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        out.extend(os.path.join(dirpath, f) for f in sorted(filenames) if not f.startswith("."))
    return sorted(out, key=lambda p: Path(p).parts)


def file_stem(path: str) -> str:
    """The name without ``.gz`` and without its format extension: ``a/b.txt.gz`` -> ``b``."""
    name = os.path.basename(path.rstrip("/\\"))
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem, dot, _ext = name.rpartition(".")
    return stem if dot and stem else name


def doc_id_for(path: str | None, *, fallback: str = "") -> str:
    """The doc_id of a file-based article: its stem slugified (else a hash of ``fallback``)."""
    if path:
        return slugify(file_stem(path))
    return "doc-" + hashlib.sha1(fallback.encode("utf-8", "replace")).hexdigest()[:12]
