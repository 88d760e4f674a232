"""RSS and Atom feeds: every item is an article (title, link, date, text from content/summary)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

from ..models import Article
from ..settings import Settings
from .boilerplate import strip_trailing_boilerplate
from .datelines import find_dateline, parse_date
from .decode import DecodeProblem, decode
from .markup import fragment_to_text
from .normalise import collapse_ws, drop_bad_charrefs, normalise_text, slugify
from .paths import file_stem
from .records import Skipped, make_article
from .text import title_and_body_start


def read_feed(data: bytes | str, *, path: str | None = None, settings: Settings | None = None,
              warnings: Sequence[str] = ()) -> Iterator[Article | Skipped]:
    """Each item of an RSS/Atom feed -> Article (fmt "feed"); bad items -> Skipped "path#item N"."""
    import feedparser

    source = path or "<feed>"
    warns = list(warnings)
    if isinstance(data, bytes):
        try:
            decoded = decode(data)
        except DecodeProblem as exc:
            yield Skipped(source, str(exc))
            return
        warns.extend(decoded.warnings)
        data = decoded.text
    try:
        parsed = feedparser.parse(drop_bad_charrefs(normalise_text(data)), sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # feedparser is lenient, but do not let a parser bug escape
        yield Skipped(source, f"not a readable RSS/Atom feed ({type(exc).__name__})")
        return
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.feed:
            why = collapse_ws(str(parsed.get("bozo_exception", "")))[:120]
            yield Skipped(source, f"not a valid RSS/Atom feed ({why})" if why else "not a valid RSS/Atom feed")
        else:
            yield Skipped(source, "feed has no items")
        return
    feed_title = collapse_ws(normalise_text(parsed.feed.get("title", ""))) or None
    site = urlsplit(parsed.feed.get("link", "")).hostname
    for n, entry in enumerate(parsed.entries, 1):
        yield _item(entry, n, path=path, feed_title=feed_title, site=site, settings=settings,
                    warnings=warns)


def _item(entry: Any, n: int, *, path: str | None, feed_title: str | None, site: str | None,
          settings: Settings | None, warnings: list[str]) -> Article | Skipped:
    where = f"{path or '<feed>'}#item {n}"
    title = collapse_ws(normalise_text(fragment_to_text(entry.get("title", ""))))
    link = entry.get("link") or None
    key = entry.get("id") or link
    doc_id = _doc_id(key, title, path, n)
    body = ""
    for content in entry.get("content") or []:
        if content.get("value", "").strip():
            body = content["value"]
            break
    body = body or entry.get("summary", "") or entry.get("description", "")
    text = strip_trailing_boilerplate(normalise_text(fragment_to_text(body)).strip())
    if not text:
        return Skipped(where, f"feed item {n} has no text", doc_id)
    published, how = _entry_date(entry), "metadata"
    if published is None and (dateline := find_dateline(text, max_lines=2)):
        published, how = dateline.date, "dateline"
    return make_article(
        doc_id, text, settings=settings, title=title, published=published,
        published_source=how if published else "none", body_start=title_and_body_start(text, title),
        warnings=warnings,
        url=link, source=feed_title, author=_author(entry),
        site=site or (urlsplit(link).hostname if link else None), path=path, fmt="feed",
    )


def _doc_id(key: str | None, title: str, path: str | None, n: int) -> str:
    """Stable id from the guid/link (scheme and "www." dropped), else the title, else the position."""
    if key:
        key = key.split("://", 1)[-1]
        key = key[4:] if key.startswith("www.") else key
        return slugify(key)
    if title:
        return slugify(title)
    return f"{slugify(file_stem(path)) if path else 'feed'}-item-{n}"


def _author(entry: Any) -> str | None:
    detail = entry.get("author_detail") or {}
    return collapse_ws(normalise_text(detail.get("name") or entry.get("author", ""))) or None


def _entry_date(entry: Any) -> dt.date | None:
    for field in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(field)
        if isinstance(value, time.struct_time):
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    for field in ("published", "updated", "created", "date"):
        date = parse_date(entry.get(field))
        if date:
            return date
    return None
