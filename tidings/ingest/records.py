"""The records the readers produce: :class:`Skipped` and the :func:`make_article` builder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models import Article
from ..settings import Settings
from .normalise import content_hash, truncate


@dataclass(frozen=True)
class Skipped:
    """An input that gave no article, and why (one clear human sentence)."""

    source: str  # path, "path:LINE" for a JSONL line, "path#item N" for a feed/array item
    reason: str
    doc_id: str | None = None


def make_article(doc_id: str, text: str, *, settings: Settings | None = None, title: str = "",
                 published: dt.date | None = None, published_source: str | None = None,
                 body_start: int = 0, warnings: list[str] | tuple[str, ...] = (),
                 **meta: str | None) -> Article:
    """Build the final Article: truncate over-long text, hash it, fill the provenance fields.

    ``text`` must already be normalised; ``meta`` takes url, source, author, site, path, fmt.
    """
    limit = (settings or Settings()).max_article_chars
    warns = list(warnings)
    text, warning = truncate(text, limit)
    if warning:
        warns.append(warning)
    body_start = min(body_start, len(text))
    source = published_source or ("none" if published is None else "metadata")
    return Article(doc_id=doc_id, text=text, title=title, published=published,
                   published_source=source, body_start=body_start,
                   content_hash=content_hash(text), warnings=tuple(warns), **meta)
