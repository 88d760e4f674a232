"""Plain-text articles: title line, optional dateline, story; known footer lines dropped."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Article
from ..settings import Settings
from .boilerplate import strip_trailing_boilerplate
from .datelines import date_in_line, find_dateline
from .decode import DecodeProblem, decode
from .normalise import collapse_ws, normalise_text
from .paths import doc_id_for
from .records import Skipped, make_article

MAX_TITLE_CHARS = 300


def read_text(data: bytes | str, *, path: str | None = None, doc_id: str | None = None,
              settings: Settings | None = None, warnings: Sequence[str] = ()) -> Article | Skipped:
    """One plain-text (or Markdown) article -> Article (fmt "text").

    The first non-empty line is the title (unless it is a dateline or a whole paragraph); a
    dateline among the first lines gives ``published``. ``text`` keeps both; ``body_start`` is
    the first character of the story after the dateline (or after the title).
    """
    source = path or "<text>"
    warns = list(warnings)
    if isinstance(data, bytes):
        try:
            decoded = decode(data)
        except DecodeProblem as exc:
            return Skipped(source, str(exc), doc_id)
        warns.extend(decoded.warnings)
        data = decoded.text
    text = strip_trailing_boilerplate(normalise_text(data).strip())
    doc_id = doc_id or doc_id_for(path, fallback=text)
    if not text:
        return Skipped(source, "empty file" if not data.strip() else "no text", doc_id)
    first_end = _line_end(text, 0)
    first = text[:first_end]
    title = ""
    if not date_in_line(first) and len(first) <= MAX_TITLE_CHARS:
        title = collapse_ws(first.lstrip("#").strip())
    dateline = find_dateline(text) if len(first) <= MAX_TITLE_CHARS else None
    if dateline and len(max(text[:dateline.start].split("\n"), key=len)) > MAX_TITLE_CHARS:
        dateline = None  # a story paragraph comes before it: not a dateline heading the story
    if dateline:
        body_start = _skip_ws(text, dateline.end)
    elif title:
        body_start = _skip_ws(text, first_end)
    else:
        body_start = 0
    if body_start >= len(text):  # nothing but a title/dateline: the whole text is the story
        body_start = 0
    return make_article(
        doc_id, text, settings=settings, title=title,
        published=dateline.date if dateline else None,
        published_source="dateline" if dateline else "none",
        body_start=body_start, warnings=warns, path=path, fmt="text",
    )


def title_and_body_start(text: str, title: str) -> int:
    """For a given text and title: the offset after a leading title line and/or dateline."""
    pos = 0
    first_end = _line_end(text, 0)
    if title and collapse_ws(text[:first_end]).casefold() == collapse_ws(title).casefold():
        pos = _skip_ws(text, first_end)
    dateline = find_dateline(text, pos, max_lines=1)
    if dateline:
        pos = _skip_ws(text, dateline.end)
    return pos if pos < len(text) else 0


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos
