"""JSON Lines (and JSON arrays) of articles: one object per line, or a list of objects.

Fields: ``doc_id``/``id``, ``title``, ``published``/``date``, ``text`` (or ``body``/``content``),
optional ``url``/``link``, ``source``, ``author``, ``site``. A bad line is skipped with its line
number; the rest of the file goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

from ..models import Article
from ..settings import Settings
from .boilerplate import strip_trailing_boilerplate
from .datelines import find_dateline, parse_date
from .normalise import collapse_ws, normalise_text
from .paths import file_stem
from .records import Skipped, make_article
from .text import title_and_body_start

_TEXT_FIELDS = ("text", "body", "content")


def read_jsonl(text: str, *, path: str | None = None, settings: Settings | None = None,
               warnings: Sequence[str] = ()) -> Iterator[Article | Skipped]:
    """Every article of a JSONL file (or of a JSON array / single JSON object)."""
    source = path or "<jsonl>"
    stripped = text.strip()
    if not stripped:
        yield Skipped(source, "empty file")
        return
    if stripped[0] == "[" or (stripped[0] == "{" and "\n" in stripped):
        try:
            whole = json.loads(stripped)
        except json.JSONDecodeError as exc:
            whole = None
            if stripped[0] == "[":
                yield Skipped(source, f"invalid JSON ({exc.msg} at line {exc.lineno})")
                return
        if isinstance(whole, list):
            for n, item in enumerate(whole, 1):
                yield read_jsonl_item(item, path=path, where=f"#item {n}", number=n,
                                      settings=settings, warnings=warnings)
            return
        if isinstance(whole, dict):
            yield read_jsonl_item(whole, path=path, where="", number=1, settings=settings,
                                  warnings=warnings)
            return
    for lineno, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield read_jsonl_line(line, path=path, lineno=lineno, settings=settings, warnings=warnings)


def read_jsonl_line(line: str, *, path: str | None = None, lineno: int = 1,
                    settings: Settings | None = None, warnings: Sequence[str] = ()) -> Article | Skipped:
    """One JSONL line -> Article (fmt "jsonl"), or Skipped naming the line."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(f"{path or '<jsonl>'}:{lineno}", f"line {lineno}: invalid JSON ({exc.msg})")
    return read_jsonl_item(item, path=path, where=f":{lineno}", number=lineno, settings=settings,
                           warnings=warnings, label=f"line {lineno}")


def read_jsonl_item(item: Any, *, path: str | None = None, where: str = "", number: int = 1,
                    settings: Settings | None = None, warnings: Sequence[str] = (),
                    label: str | None = None) -> Article | Skipped:
    """One decoded JSON object -> Article; ``where`` is appended to the path for Skipped."""
    source = f"{path or '<jsonl>'}{where}"
    label = label or (f"item {number}" if where.startswith("#") else "object")
    if not isinstance(item, dict):
        return Skipped(source, f"{label}: expected a JSON object, got {_json_type(item)}")
    raw_id = item.get("doc_id", item.get("id"))
    doc_id = collapse_ws(normalise_text(str(raw_id))) if raw_id not in (None, "") else None
    doc_id = doc_id or f"{file_stem(path) if path else 'jsonl'}-{number}"
    raw_text = next((item[k] for k in _TEXT_FIELDS if item.get(k) not in (None, "")), None)
    if raw_text is None:
        return Skipped(source, f"{label}: no text", doc_id)
    if not isinstance(raw_text, str):
        return Skipped(source, f"{label}: 'text' is {_json_type(raw_text)}, not a string", doc_id)
    text = strip_trailing_boilerplate(normalise_text(raw_text).strip())
    if not text:
        return Skipped(source, f"{label}: no text", doc_id)
    warns = list(warnings)
    title = _string(item.get("title"))
    body_start = title_and_body_start(text, title)
    raw_date = item.get("published") or item.get("date")
    published, how = parse_date(raw_date), "metadata"
    if published is None:
        if raw_date not in (None, ""):
            warns.append(f"{label}: could not read the date {str(raw_date)[:40]!r}")
        dateline = find_dateline(text)
        published, how = (dateline.date, "dateline") if dateline else (None, "none")
    url = _string(item.get("url") or item.get("link")) or None
    return make_article(
        doc_id, text, settings=settings, title=title, published=published, published_source=how,
        body_start=body_start, warnings=warns, url=url, source=_string(item.get("source")) or None,
        author=_string(item.get("author")) or None,
        site=_string(item.get("site")) or (urlsplit(url).hostname if url else None), path=path,
        fmt="jsonl",
    )


def _string(value: Any) -> str:
    """A display string from a JSON value (lists of names are joined with "; ")."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(s for v in value if (s := _string(v)))
    if isinstance(value, dict):
        return _string(value.get("name"))
    return collapse_ws(normalise_text(str(value)))


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
