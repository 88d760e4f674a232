from __future__ import annotations

import hashlib

from tidings.ingest import content_hash, normalise_text, slugify
from tidings.ingest.detect import format_from_name, sniff_format
from tidings.ingest.normalise import drop_bad_charrefs, truncate


def test_content_hash_ignores_case_whitespace_and_composition():
    a = content_hash("  Café talks\r\n\r\nBegin  NOW ")
    assert a == content_hash("cafe\u0301 TALKS begin now")
    assert a == hashlib.sha256("café talks begin now".encode()).hexdigest()
    assert a != content_hash("cafe talks begin now")


def test_normalise_text():
    assert normalise_text("a\r\nb\rc\u2028d\x00e\tf\x1b\ufeffg\ud800") == "a\nb\nc\nde\tfg"


def test_slugify():
    assert slugify("Hello, World!") == "hello-world"
    long = slugify("x" * 200)
    assert len(long) == 80 and long == slugify("x" * 200)
    assert slugify("").startswith("doc-")


def test_truncate_boundaries():
    text = "Para one. Still one.\n\nPara two is here. And more."
    assert truncate(text, 1000) == (text, None)
    out, warning = truncate(text, 40)
    assert out == "Para one. Still one." and "40" in warning
    out, _ = truncate("word " * 50, 33)
    assert out == ("word " * 6).strip()


def test_drop_bad_charrefs():
    assert drop_bad_charrefs("a&#0;b&#xD800;c&#x41;d&#9731;e&#x110000;f") == "abc&#x41;d&#9731;ef"


def test_format_detection():
    assert format_from_name("a/B.HTM") == "html"
    assert format_from_name("a.jsonl.gz") == "jsonl"
    assert format_from_name("a.atom") == "feed"
    assert format_from_name("a.md") == "text"
    assert format_from_name("a.dat") is None
    assert sniff_format("<!DOCTYPE html><html><body><p>x</p>") == "html"
    assert sniff_format('<?xml version="1.0"?>\n<rss version="2.0">') == "feed"
    assert sniff_format('{"text": "x"}\n{"text": "y"}') == "jsonl"
    assert sniff_format('[\n  {"text": "x"}\n]') == "jsonl"
    assert sniff_format("Title\n\nJust words <b>with</b> a tag.") == "text"
