"""Readers that turn files on disk into :class:`tidings.models.Article` records.

Plain text, HTML, JSON Lines / JSON arrays and RSS/Atom feeds, optionally gzip-compressed.
Bad input never raises out of :func:`iter_articles`: it yields a :class:`Skipped` record.
"""

from __future__ import annotations

from .detect import detect_format, format_from_name, sniff_format
from .feed import read_feed
from .html import read_html
from .jsonl import read_jsonl, read_jsonl_line
from .normalise import content_hash, normalise_text, slugify
from .paths import count_inputs, expand_paths
from .reader import iter_articles, read_file
from .records import Skipped
from .text import read_text

__all__ = [
    "Skipped", "content_hash", "count_inputs", "detect_format", "expand_paths", "format_from_name",
    "iter_articles", "normalise_text", "read_feed", "read_file", "read_html", "read_jsonl",
    "read_jsonl_line", "read_text", "slugify", "sniff_format",
]
