"""Files to articles: expand paths, read each file once, dispatch on format, fill in dates.

Nothing here raises for bad input: every problem becomes a :class:`Skipped` record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
from collections.abc import Iterator, Sequence

from ..models import Article
from ..settings import Settings
from .decode import DecodeProblem, decode, gunzip, human_size
from .detect import detect_format
from .feed import read_feed
from .html import read_html
from .jsonl import read_jsonl
from .paths import Missing, expand_paths
from .records import Skipped
from .text import read_text

_GZIP_MAGIC = b"\x1f\x8b"


def iter_articles(paths: Sequence[str], settings: Settings, *,
                  published: dt.date | None = None) -> Iterator[Article | Skipped]:
    """Every article in ``paths`` (files, directories, globs), in order, or why not.

    ``published`` overrides every article's date (``published_source="override"``).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [os.fspath(paths)]
    for item in expand_paths([os.fspath(p) for p in paths]):
        if isinstance(item, Missing):
            yield Skipped(item.path, item.reason)
        else:
            yield from read_file(item, settings, published=published)


def read_file(path: str, settings: Settings, *,
              published: dt.date | None = None) -> Iterator[Article | Skipped]:
    """The articles of one file (several for JSONL and feeds), or a Skipped saying why not."""
    try:
        yield from _read_file(path, settings, published)
    except Exception as exc:  # last line of defence: bad input must never escape as an exception
        yield Skipped(path, f"could not read the file ({type(exc).__name__}: {exc})")


def _read_file(path: str, settings: Settings, published: dt.date | None) -> Iterator[Article | Skipped]:
    limit = settings.max_file_bytes
    try:
        st = os.stat(path)
    except OSError as exc:
        yield Skipped(path, f"cannot read the file ({exc.strerror or exc})")
        return
    if stat.S_ISDIR(st.st_mode):
        yield Skipped(path, "is a directory, not a file")
        return
    if not stat.S_ISREG(st.st_mode):
        yield Skipped(path, "not a regular file")
        return
    if st.st_size > limit:
        yield Skipped(path, f"file too large ({human_size(st.st_size)}; limit max_file_bytes="
                            f"{limit:,} bytes)")
        return
    if st.st_size == 0:
        yield Skipped(path, "empty file")
        return
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        yield Skipped(path, f"cannot read the file ({exc.strerror or exc})")
        return
    try:
        if data.startswith(_GZIP_MAGIC):
            data = gunzip(data, limit)
        decoded = decode(data)
    except DecodeProblem as exc:
        yield Skipped(path, str(exc))
        return
    mtime = dt.date.fromtimestamp(st.st_mtime)
    for record in _dispatch(path, decoded.text, list(decoded.warnings), settings):
        yield _finish(record, mtime, published) if isinstance(record, Article) else record


def _dispatch(path: str, text: str, warnings: list[str],
              settings: Settings) -> Iterator[Article | Skipped]:
    fmt = detect_format(path, text)
    if fmt == "jsonl":
        yield from read_jsonl(text, path=path, settings=settings, warnings=warnings)
    elif fmt == "feed":
        yield from read_feed(text, path=path, settings=settings, warnings=warnings)
    elif fmt == "html":
        yield read_html(text, path=path, settings=settings, warnings=warnings)
    else:
        yield read_text(text, path=path, settings=settings, warnings=warnings)


def _finish(article: Article, mtime: dt.date, published: dt.date | None) -> Article:
    """Apply the command's date override, or the file's date when the article has none."""
    if published is not None:
        return dataclasses.replace(article, published=published, published_source="override")
    if article.published is None:
        note = f"no date found in the article; used the file's modification date {mtime.isoformat()}"
        return dataclasses.replace(article, published=mtime, published_source="file-mtime",
                                   warnings=(*article.warnings, note))
    return article
