"""Which reader a file needs: by extension, else by sniffing the decoded content."""

from __future__ import annotations

import json
import os
import re

FORMATS = ("text", "html", "jsonl", "feed")
_BY_EXT = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".feed": "feed",
}
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.I)
_HTML_MARK = re.compile(r"<!doctype\s+html|<html\b|<body\b|<head\b|<(?:p|div|article)\b[^>]*>", re.I)


def format_from_name(path: str) -> str | None:
    """The format an extension implies (``.gz`` looked through), or None when unknown."""
    name = os.path.basename(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return _BY_EXT.get(os.path.splitext(name)[1])


def sniff_format(text: str) -> str:
    """Guess the format of decoded content: feed, html, jsonl or text."""
    head = text.lstrip()[:4096]
    if _FEED_ROOT.search(head[:1024]) and (head.startswith("<?xml") or head.startswith("<")):
        return "feed"
    if head.startswith("<") and _HTML_MARK.search(head):
        return "html"
    if head[:1] in "[{":
        first = head.split("\n", 1)[0]
        try:
            json.loads(first)
            return "jsonl"
        except json.JSONDecodeError:
            if head[:1] == "[" or head.startswith('{"') or head.startswith("{\n"):
                return "jsonl"
    if _HTML_MARK.search(head[:512]) and head.count("<") > 5:
        return "html"
    return "text"


def detect_format(path: str, text: str) -> str:
    return format_from_name(path) or sniff_format(text)
