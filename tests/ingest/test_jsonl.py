from __future__ import annotations

import datetime as dt
import json

from tidings.ingest import Skipped, iter_articles, read_jsonl_line
from tidings.models import Article

from .conftest import FIXTURES, FOOTER


def _ok(records):
    return [r for r in records if isinstance(r, Article)]


def test_gold_file_is_valid_input(gold, settings):
    records = list(iter_articles([str(FIXTURES / "articles.gold.jsonl")], settings))
    assert len(records) == len(gold) == 8
    for article in records:
        assert isinstance(article, Article)
        g = gold[article.doc_id]
        assert article.text == g["text"]
        assert article.title == g["title"]
        assert article.published == dt.date.fromisoformat(g["published"])
        assert article.published_source == "metadata"
        assert article.source == "test article"
        assert article.fmt == "jsonl"
        dateline = g["text"].split("\n\n", 1)[0]
        assert article.body_start == len(dateline) + 2
        for event in g["events"]:
            assert event["evidence"] in article.text[article.body_start:]


def test_seed_jsonl_body_start_after_title_and_dateline(seed, settings):
    [article] = list(iter_articles([str(FIXTURES / "seed.gold.jsonl")], settings))
    assert article.text[article.body_start:].startswith("In a significant diplomatic move")
    assert article.text == seed["text"][: seed["text"].index(FOOTER)].rstrip()


def test_malformed_lines_skip_only_themselves(tmp_path, settings):
    good = {"id": "a1", "title": "T", "date": "2025-03-01", "text": "Body one."}
    lines = [json.dumps(good), "{not json", "", json.dumps([1, 2]), json.dumps({"title": "no text"}),
             json.dumps({"text": "No id here.", "published": "March 3, 2025"}),
             json.dumps({"id": 7, "text": 123})]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = list(iter_articles([str(path)], settings))
    assert [type(r).__name__ for r in records] == ["Article", "Skipped", "Skipped", "Skipped", "Article",
                                                   "Skipped"]
    assert records[0].doc_id == "a1" and records[0].published == dt.date(2025, 3, 1)
    assert records[1].source == f"{path}:2"
    assert records[1].reason.startswith("line 2: invalid JSON (")
    assert records[2].source == f"{path}:4" and "expected a JSON object, got an array" in records[2].reason
    assert records[3].source == f"{path}:5" and records[3].reason == "line 5: no text"
    assert records[4].doc_id == "batch-6" and records[4].published == dt.date(2025, 3, 3)
    assert records[5].reason == "line 7: 'text' is a number, not a string"
    assert records[5].doc_id == "7"


def test_json_array_and_single_object(tmp_path, settings):
    arr = tmp_path / "arr.json"
    arr.write_text(json.dumps([{"doc_id": "x", "text": "One.", "published": "2025-01-02"}, "oops"], indent=2))
    obj = tmp_path / "obj.json"
    obj.write_text(json.dumps({"doc_id": "y", "text": "Two.", "date": "2025-01-03"}, indent=2))
    records = list(iter_articles([str(arr), str(obj)], settings))
    assert [getattr(r, "doc_id", None) for r in records] == ["x", None, "y"]
    assert records[1].source == f"{arr}#item 2"
    assert records[2].published == dt.date(2025, 1, 3)


def test_broken_json_array(tmp_path, settings):
    path = tmp_path / "bad.json"
    path.write_text('[{"text": "a"},\n{"text": ')
    [skipped] = list(iter_articles([str(path)], settings))
    assert isinstance(skipped, Skipped) and skipped.reason.startswith("invalid JSON (")


def test_fields_and_date_fallbacks(tmp_path, settings):
    item = {"id": "z", "title": "Head", "date": "sometime soon", "url": "https://news.example/a",
            "author": ["A. One", "B. Two"], "source": "Wire",
            "text": "Head\r\n\r\nKYIV, May 17, 2025\r\n\r\nBody starts."}
    article = read_jsonl_line(json.dumps(item), path="f.jsonl", lineno=3)
    assert article.text == "Head\n\nKYIV, May 17, 2025\n\nBody starts."
    assert article.published == dt.date(2025, 5, 17) and article.published_source == "dateline"
    assert article.warnings == ("line 3: could not read the date 'sometime soon'",)
    assert article.author == "A. One; B. Two"
    assert (article.url, article.site, article.source) == ("https://news.example/a", "news.example", "Wire")
    assert article.text[article.body_start:] == "Body starts."


def test_no_date_anywhere_uses_mtime_or_override(tmp_path, settings):
    path = tmp_path / "nodate.jsonl"
    path.write_text(json.dumps({"id": "n", "text": "Body without any date."}) + "\n")
    [article] = list(iter_articles([str(path)], settings))
    mtime = dt.date.fromtimestamp(path.stat().st_mtime)
    assert article.published == mtime and article.published_source == "file-mtime"
    assert article.warnings[-1] == ("no date found in the article; used the file's modification date "
                                    f"{mtime.isoformat()}")
    [article] = list(iter_articles([str(path)], settings, published=dt.date(2024, 1, 1)))
    assert article.published == dt.date(2024, 1, 1) and article.published_source == "override"
    assert article.warnings == ()


def test_ndjson_extension_and_sniffing(tmp_path, settings):
    line = json.dumps({"id": "s", "text": "Sniffed.", "date": "2025-02-02"})
    (tmp_path / "a.ndjson").write_text(line)
    (tmp_path / "b.dat").write_text(line + "\n" + line.replace('"s"', '"t"'))
    records = list(iter_articles([str(tmp_path)], settings))
    assert [(r.doc_id, r.fmt) for r in records] == [("s", "jsonl"), ("s", "jsonl"), ("t", "jsonl")]
    assert records[0].warnings == ()
