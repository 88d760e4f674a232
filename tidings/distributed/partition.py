"""Cut a large input into partitions, and read one partition back into articles.

The client plans; the workers read. A partition is a list of pieces: whole files (text, HTML,
feeds, small JSONL, JSON arrays), grouped up to a target size, or one line range of a big JSONL
file (plain or gzip), so one huge shard still spreads over the cluster.

Every partition has a ``key``: a SHA-256 over its pieces' paths, ranges and content (and the
``--published`` override). A retried partition has the same key, so its Parquet shard is written
under the same name and simply replaces the first attempt's.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..ingest import Skipped, expand_paths, format_from_name, read_file, read_jsonl_line
from ..ingest.decode import DecodeProblem, decode
from ..ingest.paths import Missing
from ..ingest.reader import _finish
from ..models import Article
from ..settings import Settings

MIN_PARTITION_BYTES = 16 * 1024
MAX_PARTITION_BYTES = 8 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Piece:
    """A whole file (``first_line == 0``) or lines ``first_line .. first_line + n_lines - 1``
    (1-based, as the single-machine reader numbers them) of a JSONL file; for a plain file the
    lines are also bytes ``offset .. offset + length``."""

    path: str
    digest: str  # SHA-256 of the piece's (decompressed) bytes
    size: int
    first_line: int = 0
    n_lines: int = 0
    offset: int = 0
    gz: bool = False

    @property
    def whole(self) -> bool:
        return self.first_line == 0

    def describe(self) -> str:
        if self.whole:
            return self.path
        return f"{self.path}:{self.first_line}-{self.first_line + self.n_lines - 1}"


@dataclass(frozen=True)
class Partition:
    index: int
    key: str
    pieces: tuple[Piece, ...]

    @property
    def size(self) -> int:
        return sum(p.size for p in self.pieces)

    def describe(self) -> str:
        first = self.pieces[0].describe()
        more = f" and {len(self.pieces) - 1} more file(s)" if len(self.pieces) > 1 else ""
        return f"partition {self.index} ({first}{more})"


def target_size(total_bytes: int, workers: int) -> int:
    """About four partitions per worker, each between 16 KiB and 8 MiB of input."""
    return max(MIN_PARTITION_BYTES, min(MAX_PARTITION_BYTES, total_bytes // max(1, 4 * workers)))


def plan(paths: Sequence[str], *, workers: int = 1, target_bytes: int | None = None,
         published: dt.date | None = None) -> tuple[list[Partition], list[Skipped]]:
    """The partitions of ``paths`` (files, directories, globs) in input order, and the paths that
    named nothing. Reads every input once (to hash it and find line boundaries), which costs far
    less than the NLP the partitions will need."""
    files: list[tuple[str, int]] = []
    missing: list[Skipped] = []
    for item in expand_paths([os.fspath(p) for p in paths]):
        if isinstance(item, Missing):
            missing.append(Skipped(item.path, item.reason))
            continue
        try:
            files.append((item, os.stat(item).st_size))
        except OSError:
            files.append((item, 0))  # read_file on the worker reports why
    target = target_bytes or target_size(sum(s for _, s in files), workers)
    override = published.isoformat() if published else ""

    groups: list[list[Piece]] = []
    pending: list[Piece] = []
    pending_size = 0
    for path, size in files:
        pieces = _line_pieces(path, size, target)
        if pieces is None:  # a whole file: group small ones together
            pending.append(_whole(path))
            pending_size += max(size, 1)
            if pending_size >= target:
                groups.append(pending)
                pending, pending_size = [], 0
            continue
        if pending:
            groups.append(pending)
            pending, pending_size = [], 0
        groups.extend([p] for p in pieces)
    if pending:
        groups.append(pending)
    parts = [Partition(i, _key(group, override), tuple(group)) for i, group in enumerate(groups)]
    return parts, missing


def _key(pieces: list[Piece], override: str) -> str:
    h = hashlib.sha256(f"published={override}\n".encode())
    for p in pieces:
        h.update(f"{p.path}\0{p.first_line}\0{p.n_lines}\0{p.digest}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _whole(path: str) -> Piece:
    h = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                h.update(block)
                size += len(block)
    except OSError as exc:  # the worker's read_file says why; keep the key stable meanwhile
        h.update(f"unreadable: {exc}".encode())
    return Piece(path, h.hexdigest(), size)


def _splittable(path: str, size: int, target: int) -> bool:
    """A JSON Lines file bigger than one partition (gzip counted at ~4x its size)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(2)
        gz = head == _GZIP_MAGIC
        if (size * 4 if gz else size) <= target:
            return False
        with gzip.open(path, "rb") if gz else open(path, "rb") as fh:
            first = fh.readline(1 << 20)
    except (OSError, EOFError):
        return False
    if first.startswith(_UTF16_BOMS):
        return False
    fmt = format_from_name(path)
    stripped = first.lstrip(b"\xef\xbb\xbf \t\r\n")
    if fmt not in (None, "jsonl") or not stripped.startswith(b"{"):
        return False
    import json

    try:  # the first line must be a whole JSON object (not a pretty-printed document)
        return isinstance(json.loads(first.decode("utf-8-sig")), dict)
    except (UnicodeDecodeError, ValueError):
        return False


def _line_pieces(path: str, size: int, target: int) -> list[Piece] | None:
    """Line ranges of about ``target`` bytes each, or None when the file is read whole."""
    if not _splittable(path, size, target):
        return None
    with open(path, "rb") as raw:
        gz = raw.read(2) == _GZIP_MAGIC
    pieces: list[Piece] = []
    try:
        with gzip.open(path, "rb") if gz else open(path, "rb") as fh:
            lineno, offset = 0, 0
            start_line, start_offset, length, h = 1, 0, 0, hashlib.sha256()
            for line in fh:
                lineno += 1
                h.update(line)
                length += len(line)
                offset += len(line)
                if length >= target:
                    pieces.append(Piece(path, h.hexdigest(), length, start_line, lineno - start_line + 1,
                                        start_offset, gz))
                    start_line, start_offset, length, h = lineno + 1, offset, 0, hashlib.sha256()
            if length:
                pieces.append(Piece(path, h.hexdigest(), length, start_line, lineno - start_line + 1,
                                    start_offset, gz))
    except (OSError, EOFError):
        return None  # corrupt gzip and the like: read whole, so the reader reports it
    return pieces


# --- worker side -------------------------------------------------------------------------------

def read_partition(part: Partition, settings: Settings, *,
                   published: dt.date | None = None) -> Iterator[Article | Skipped]:
    """The articles of a partition, in order, exactly as the single-machine reader makes them."""
    for piece in part.pieces:
        if piece.whole:
            yield from read_file(piece.path, settings, published=published)
        else:
            yield from _read_lines(piece, settings, published)


def _read_lines(piece: Piece, settings: Settings, published: dt.date | None) -> Iterator[Article | Skipped]:
    source = piece.describe()
    try:
        data = _piece_bytes(piece)
        mtime = dt.date.fromtimestamp(os.stat(piece.path).st_mtime)
    except (OSError, EOFError) as exc:
        yield Skipped(source, f"cannot read the file ({getattr(exc, 'strerror', None) or exc})")
        return
    if hashlib.sha256(data).hexdigest() != piece.digest:
        yield Skipped(source, "the file changed while the run was in progress; ingest it again")
        return
    try:
        decoded = decode(data)
    except DecodeProblem as exc:
        yield Skipped(source, str(exc))
        return
    warnings = list(decoded.warnings)
    for lineno, line in enumerate(decoded.text.split("\n"), piece.first_line):
        if lineno >= piece.first_line + piece.n_lines:
            break
        if line.strip():
            record = read_jsonl_line(line, path=piece.path, lineno=lineno, settings=settings,
                                     warnings=warnings)
            yield _finish(record, mtime, published) if isinstance(record, Article) else record


def _piece_bytes(piece: Piece) -> bytes:
    if not piece.gz:
        with open(piece.path, "rb") as fh:
            fh.seek(piece.offset)
            return fh.read(piece.size)
    with gzip.open(piece.path, "rb") as fh:
        lines = []
        for n, line in enumerate(fh, 1):
            if n >= piece.first_line + piece.n_lines:
                break
            if n >= piece.first_line:
                lines.append(line)
        return b"".join(lines)
