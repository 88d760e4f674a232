from __future__ import annotations

import datetime as dt
import shutil

import pytest

from tidings.ingest import Skipped, iter_articles, read_html
from tidings.ingest.markup import fragment_to_text
from tidings.models import Article

from .conftest import HTML_DIR

PAGES = sorted(p.stem for p in HTML_DIR.glob("*.html"))
BOILERPLATE = ["cookie", "Cookie", "newsletter", "Most read", "Advertisement", "Related", "Comments",
               "Share on", "Subscribe", "All rights reserved", "Photo:", "Sign up", "min read"]

META = {
    "dev-2025-03-12-jeddah-talks": ("Meridian Wire", "Clara Hoffmann; Tomas Reyes",
                                    "https://www.meridianwire.example/news/2025-03-12-jeddah-talks"),
    "dev-2025-03-16-belgrade-protest": ("The Danube Ledger", "Milena Kovac",
                                        "https://www.danubeledger.example/news/2025-03-16-belgrade-protest"),
    "dev-2025-06-28-drc-rwanda-agreement": (
        "Atlas World News", "Samuel Okafor; Jeanne Mukamana",
        "https://www.atlasworldnews.example/news/2025-06-28-drc-rwanda-agreement"),
}


def test_three_fixture_pages():
    assert sorted(META) == PAGES


@pytest.mark.parametrize("doc_id", PAGES)
def test_page_text_equals_gold(doc_id, gold, settings):
    path = HTML_DIR / f"{doc_id}.html"
    [article] = list(iter_articles([str(path)], settings))
    assert isinstance(article, Article)
    g = gold[doc_id]
    assert article.doc_id == doc_id
    assert article.fmt == "html"
    assert article.text == g["text"]
    for para in g["text"].split("\n\n"):
        assert para in article.text
    for word in BOILERPLATE:
        assert word not in article.text
    for event in g["events"]:
        assert event["evidence"] in article.text
    assert article.title == g["title"]
    assert article.published == dt.date.fromisoformat(g["published"])
    assert article.published_source == "metadata"
    sitename, author, url = META[doc_id]
    assert (article.source, article.author, article.url) == (sitename, author, url)
    assert article.site and article.site in url
    # the dateline paragraph is kept in text; the story starts after it
    dateline = g["text"].split("\n\n", 1)[0]
    assert article.body_start == len(dateline) + 2
    assert article.warnings == ()


@pytest.mark.parametrize("doc_id", PAGES)
def test_trafilatura_path_without_a_story_container(doc_id, gold):
    page = (HTML_DIR / f"{doc_id}.html").read_text(encoding="utf-8").replace("story-body", "s-b")
    article = read_html(page, path=f"{doc_id}.html")
    assert isinstance(article, Article)
    assert article.text == gold[doc_id]["text"]


def test_page_without_date_metadata_uses_the_dateline():
    page = ("<html><head><title>Rally</title></head><body><div class='story-body'>"
            "<p>BELGRADE, 16 March 2025</p><p>Serbia saw the largest street protest in its modern "
            "history on Saturday.</p></div></body></html>")
    article = read_html(page, path="b.html")
    assert article.published == dt.date(2025, 3, 16) and article.published_source == "dateline"
    assert article.text[article.body_start:].startswith("Serbia saw")


def test_page_without_any_date(tmp_path, settings):
    path = tmp_path / "undated.html"
    path.write_text("<html><body><article><p>Talks in Geneva went on into the night, officials "
                    "said on Tuesday.</p></article></body></html>", encoding="utf-8")
    [article] = iter_articles([str(path)], settings)
    assert article.published_source == "file-mtime"
    assert article.warnings[0].startswith("no date found in the article")


def test_html_bytes_in_cp1252_are_decoded_with_a_warning(tmp_path, settings):
    page = ("<html><head><title>Caf\u00e9 talks</title></head><body><article><div class='article-body'>"
            "<p>The minister\u2019s caf\u00e9 meeting in Z\u00fcrich ended on Monday without any agreement "
            "being reached.</p></div></article></body></html>")
    path = tmp_path / "cafe.htm"
    path.write_bytes(page.encode("cp1252"))
    [article] = list(iter_articles([str(path)], settings))
    assert "minister\u2019s caf\u00e9 meeting in Z\u00fcrich" in article.text
    assert any("cp1252" in w for w in article.warnings)


@pytest.mark.parametrize("page", [
    "<html><body><nav><a href='/'>Home</a></nav><div id='cookie-banner'><p>We use cookies.</p></div>"
    "<footer>(c) 2025 Site</footer></body></html>",
    "<html><head><title>Nothing</title></head><body></body></html>",
    "<html><body><script>var x = 1;</script><style>p {}</style></body></html>",
    "<!-- just a comment -->",
])
def test_no_main_text_is_skipped(page, tmp_path, settings):
    path = tmp_path / "empty-page.html"
    path.write_text(page, encoding="utf-8")
    [result] = list(iter_articles([str(path)], settings))
    assert isinstance(result, Skipped)
    assert result.reason == "HTML page has no main text"
    assert result.source == str(path)


def test_copy_in_a_directory_sniffed_without_extension(tmp_path, gold, settings):
    doc_id = PAGES[0]
    shutil.copy(HTML_DIR / f"{doc_id}.html", tmp_path / doc_id)
    [article] = list(iter_articles([str(tmp_path)], settings))
    assert article.fmt == "html" and article.text == gold[doc_id]["text"]


def test_fragment_to_text():
    html = "<p>One <b>bold</b>\n  word.</p><p>Two<br>lines.</p><ul><li>a</li><li>b</li></ul><script>x</script>"
    assert fragment_to_text(html) == "One bold word.\n\nTwo\nlines.\n\na\n\nb"
    assert fragment_to_text("plain  text\n\nsecond") == "plain text\n\nsecond"
