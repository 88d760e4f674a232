"""Bad input never raises out of iter_articles: it gives a Skipped record (or a warning)."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import random
import unicodedata

import pytest

from tidings.ingest import Skipped, iter_articles, read_file, read_text
from tidings.models import Article

ARTICLE = "Talks resume\n\nGENEVA, May 5, 2025\n\nDelegates met on Monday. They agreed to meet again.\n"


def _read(tmp_path, name, data, settings, **kw):
    path = tmp_path / name
    path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")
    return list(iter_articles([str(path)], settings, **kw))


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", "\ufeff".encode()])
def test_empty_file(tmp_path, settings, data):
    [result] = _read(tmp_path, "empty.txt", data, settings)
    assert isinstance(result, Skipped) and result.reason == "empty file"


@pytest.mark.parametrize("name, data, reason", [
    ("nul.txt", b"Some text\x00\x00\x01 with NULs" * 10, "binary file (NUL bytes)"),
    ("pic.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), "binary file (PNG image)"),
    ("doc.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file (PDF document)"),
    ("junk.bin", random.Random(1).randbytes(4000).replace(b"\x00", b"\x01"),
     "binary file (undecodable bytes, not text)"),
])
def test_binary_file(tmp_path, settings, name, data, reason):
    [result] = _read(tmp_path, name, data, settings)
    assert isinstance(result, Skipped) and result.reason == reason


@pytest.mark.parametrize("encoding, warning", [
    ("cp1252", "not UTF-8; decoded as cp1252"),
    ("utf-16", "decoded as utf-16 (byte-order mark)"),
    ("utf-16-le", "decoded as utf-16-le (no byte-order mark)"),
    ("utf-8-sig", None),
])
def test_non_utf8_text(tmp_path, settings, encoding, warning):
    text = ARTICLE.replace("Delegates", "Délégués \u201cquoted\u201d")
    [article] = _read(tmp_path, "enc.txt", text.encode(encoding), settings)
    assert isinstance(article, Article)
    assert "Délégués \u201cquoted\u201d met on Monday" in article.text
    assert article.text.startswith("Talks resume")
    assert article.warnings == ((warning,) if warning else ())


def test_latin1_bytes_undefined_in_cp1252(tmp_path, settings):
    [article] = _read(tmp_path, "l1.txt", ARTICLE.encode() + b"Caf\xe9 \x81end.", settings)
    assert article.text.endswith("Café end.")  # \x81 is a C1 control character: dropped
    assert article.warnings == ("not UTF-8; decoded as latin-1",)


def test_mostly_utf8_with_stray_bytes_is_replaced(tmp_path, settings):
    data = ("Ünïcödé títle\n\n" + "Zürich Genève São Paulo " * 5 + "\n").encode() + b"bad \xff byte"
    [article] = _read(tmp_path, "mixed.txt", data, settings)
    assert "Zürich Genève" in article.text and "\ufffd" in article.text
    assert article.warnings[0] == "invalid UTF-8: 1 undecodable byte sequence(s) replaced with U+FFFD"


def test_weird_unicode_is_normalised_before_offsets():
    raw = ("Cafe\u0301 summit\r\n\r\nPARIS, March 2, 2025\r\n\r\n"
           "The\u00a0talks\x07 began\u2028today.\x1b[0m Zu\u0308rich\ufeff agreed.\r\n")
    article = read_text(raw.encode("utf-8"), path="w.txt")
    assert article.title == "Café summit"
    assert article.text == ("Café summit\n\nPARIS, March 2, 2025\n\n"
                            "The\u00a0talks began\ntoday.[0m Zürich agreed.")
    assert unicodedata.is_normalized("NFC", article.text)
    assert "\r" not in article.text and "\x07" not in article.text
    assert article.text[article.body_start:].startswith("The\u00a0talks")
    assert article.published == dt.date(2025, 3, 2)


def test_gzip_is_transparent_and_corrupt_gzip_is_skipped(tmp_path, settings):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (tmp_path / "b.gz").write_bytes(gzip.compress(b'{"id": "g", "text": "Zipped.", "date": "2025-01-01"}'))
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress(ARTICLE.encode())[:30])
    a, b, c = iter_articles([str(tmp_path)], settings)
    assert a.doc_id == "a" and a.title == "Talks resume" and a.published == dt.date(2025, 5, 5)
    assert b.doc_id == "g" and b.fmt == "jsonl"
    assert isinstance(c, Skipped) and c.reason.startswith("corrupt gzip file")


def test_gzip_bomb_is_refused(tmp_path, settings):
    small = settings.replace(max_file_bytes=10_000)
    [result] = _read(tmp_path, "bomb.txt.gz", gzip.compress(b"a " * 100_000), small)
    assert isinstance(result, Skipped) and "too large when decompressed" in result.reason


def test_five_megabyte_article(tmp_path, settings):
    para = "The delegations met again on Monday and agreed to continue the talks next week. " * 20
    body = "\n\n".join([para.strip()] * 3200)
    data = ("Big story\n\nVIENNA, April 1, 2025\n\n" + body).encode()
    assert len(data) > 5_000_000
    too_small = settings.replace(max_file_bytes=4_000_000)
    [skipped] = _read(tmp_path, "big.txt", data, too_small)
    assert isinstance(skipped, Skipped)
    assert skipped.reason == f"file too large ({len(data) / 1e6:.1f} MB; limit max_file_bytes=4,000,000 bytes)"

    [article] = _read(tmp_path, "big.txt", data, settings.replace(max_article_chars=1_000_000))
    assert isinstance(article, Article)
    assert len(article.text) <= 1_000_000
    assert article.text.endswith("next week.")  # cut at a paragraph boundary
    assert article.warnings[-1].startswith("text truncated from 5,")
    assert "(max_article_chars=1,000,000)" in article.warnings[-1]
    assert article.published == dt.date(2025, 4, 1)


def test_truncation_falls_back_to_a_sentence_boundary():
    text = "Title\n\n" + "One sentence here. " * 100
    article = read_text(text, path="s.txt", settings=None)
    assert article.warnings == ()
    from tidings.settings import Settings
    article = read_text(text, path="s.txt", settings=Settings(max_article_chars=500))
    assert len(article.text) <= 500 and article.text.endswith("here.")


def test_no_date_uses_file_mtime_with_warning(tmp_path, settings):
    path = tmp_path / "undated.txt"
    path.write_text("Title\n\nNo date here at all.\n")
    os.utime(path, (0, dt.datetime(2024, 12, 31, 12).timestamp()))
    [article] = iter_articles([str(path)], settings)
    assert article.published == dt.date(2024, 12, 31)
    assert article.published_source == "file-mtime"
    assert article.warnings == ("no date found in the article; used the file's modification date 2024-12-31",)


def test_override_date_wins_everywhere(tmp_path, settings):
    (tmp_path / "dated.txt").write_text(ARTICLE)
    (tmp_path / "undated.txt").write_text("Title\n\nBody.")
    records = list(iter_articles([str(tmp_path)], settings, published=dt.date(2020, 2, 2)))
    assert [(r.published, r.published_source, r.warnings) for r in records] == [
        (dt.date(2020, 2, 2), "override", ())] * 2


def test_unreadable_paths(tmp_path, settings):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    [result] = read_file(str(folder), settings)
    assert isinstance(result, Skipped) and result.reason == "is a directory, not a file"
    [result] = read_file(str(tmp_path / "gone.txt"), settings)
    assert result.reason == "cannot read the file (No such file or directory)"
    (tmp_path / "link.txt").symlink_to(tmp_path / "nowhere")
    [result] = iter_articles([str(tmp_path / "link.txt")], settings)
    assert isinstance(result, Skipped) and result.reason.startswith("cannot read the file")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [result] = read_file(str(fifo), settings)
    assert result.reason == "not a regular file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied(tmp_path, settings):
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE)
    path.chmod(0)
    try:
        [result] = iter_articles([str(path)], settings)
    finally:
        path.chmod(0o600)
    assert isinstance(result, Skipped) and result.reason == "cannot read the file (Permission denied)"


EXTS = [".txt", ".html", ".jsonl", ".json", ".rss", ".xml", ".gz", ".md", "", ".dat"]
SNIPPETS = [b"<html><body><p>", b"</p></div>", b'{"text": "', b'"}\n', b"[", b"<rss><channel><item>",
            b"<?xml version='1.0'?>", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r\n", b"\xe2\x80",
            b"March 2, 2025\n", b"Read more\n", b"\x1f\x8b\x08", "Zürich ₿ 😀".encode(), b"&#0; &#xD800;",
            b'{"id": "\\ud800", "text": "lone \\udc00 surrogate \\u0000"}\n']


def test_fuzz_never_raises(tmp_path, settings):
    rng = random.Random(20250213)
    for i in range(150):
        chunks = [rng.choice(SNIPPETS) if rng.random() < 0.6 else rng.randbytes(rng.randrange(0, 40))
                  for _ in range(rng.randrange(0, 12))]
        (tmp_path / f"f{i:03d}{rng.choice(EXTS)}").write_bytes(b"".join(chunks))
    records = list(iter_articles([str(tmp_path)], settings))
    assert len(records) >= 150
    for record in records:
        assert isinstance(record, (Article, Skipped))
        if isinstance(record, Article):
            assert record.text and record.doc_id and record.content_hash
            assert 0 <= record.body_start <= len(record.text)
            assert unicodedata.is_normalized("NFC", record.text)
            assert not any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in record.text)
        else:
            assert record.reason and record.source

