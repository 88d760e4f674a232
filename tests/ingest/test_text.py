from __future__ import annotations

import datetime as dt

import pytest

from tidings.examples import example_path
from tidings.ingest import Skipped, content_hash, iter_articles, read_text
from tidings.models import Article

from .conftest import FOOTER


def test_example_reads_like_the_seed_gold(settings, seed):
    path = example_path()
    assert path.is_file() and path.name == "seed-2025-02-13-trump-putin.txt"
    [article] = list(iter_articles([str(path)], settings))
    assert isinstance(article, Article)
    assert article.doc_id == "seed-2025-02-13-trump-putin"
    assert article.title == "Trump's Diplomatic Engagement with Putin: Implications for Ukraine"
    assert article.published == dt.date(2025, 2, 13)
    assert article.published_source == "dateline"
    assert article.fmt == "text" and article.path == str(path)
    expected = seed["text"][: seed["text"].index(FOOTER)].rstrip()
    assert article.text == expected
    assert FOOTER not in article.text
    assert article.text[article.body_start:].startswith("In a significant diplomatic move")
    assert article.text[:article.body_start].rstrip().endswith("Thu 13th Feb, 2025")
    assert article.content_hash == content_hash(article.text)
    assert article.warnings == ()
    for event in seed["events"]:
        assert event["evidence"] in article.text
    for stance in seed["stances"]:
        assert stance["evidence"] in article.text


@pytest.mark.parametrize("dateline, date", [
    ("Thu 13th Feb, 2025", dt.date(2025, 2, 13)),
    ("JERUSALEM, Monday 20 January 2025", dt.date(2025, 1, 20)),
    ("RIYADH, Feb. 19, 2025", dt.date(2025, 2, 19)),
    ("LONDON — Sunday, March 2, 2025", dt.date(2025, 3, 2)),
    ("JEDDAH, Saudi Arabia — Wednesday, March 12, 2025", dt.date(2025, 3, 12)),
    ("BELGRADE, 16 March 2025", dt.date(2025, 3, 16)),
    ("Published 2025-08-11 14:05 GMT", dt.date(2025, 8, 11)),
])
def test_dateline_gives_published_and_body_start(dateline, date):
    raw = f"A headline about talks\n\n{dateline}\n\nThe story starts here. More text follows.\n"
    article = read_text(raw, path="/x/My Story (1).txt")
    assert article.title == "A headline about talks"
    assert article.published == date and article.published_source == "dateline"
    assert article.text.startswith("A headline about talks\n\n" + dateline)
    assert article.text[article.body_start:].startswith("The story starts here.")
    assert article.doc_id == "my-story-1"


def test_no_dateline_body_starts_after_title():
    article = read_text("Title line\nFirst paragraph of the story.\n\nSecond one.", path="a.txt")
    assert article.title == "Title line"
    assert article.published is None and article.published_source == "none"
    assert article.text[article.body_start:] == "First paragraph of the story.\n\nSecond one."


def test_text_starting_with_a_dateline_has_no_title(gold):
    g = gold["dev-2025-01-20-gaza-ceasefire-begins"]
    article = read_text(g["text"], path="gaza.txt")
    assert article.title == ""
    assert article.text == g["text"]
    assert article.published == dt.date(2025, 1, 20)
    assert article.text[article.body_start:].startswith("A ceasefire between Israel and Hamas")


def test_long_first_paragraph_is_not_a_title():
    para = "Officials said on Monday that " + "talks went on, " * 30 + "and ended."
    article = read_text(para + "\n\nMore.", path="p.txt")
    assert article.title == "" and article.body_start == 0


def test_markdown_heading_title():
    article = read_text("# The headline\n\nLONDON, March 2, 2025\n\nBody text.", path="a.md")
    assert article.title == "The headline"
    assert article.published == dt.date(2025, 3, 2)


@pytest.mark.parametrize("footer", [
    "More Quick Read Articles »", "Read more", "Share this article", "Subscribe to our newsletter",
    "Sign up for the morning briefing", "© 2025 Example News. All rights reserved.",
])
def test_known_footer_lines_are_dropped(footer):
    article = read_text(f"Title\n\nBody sentence one.\n\n{footer}\nRead more\n", path="a.txt")
    assert article.text == "Title\n\nBody sentence one."


def test_boilerplate_words_inside_the_story_are_kept():
    raw = "Title\n\nRead more about it, she told reporters.\n\nLast line of the story."
    assert read_text(raw, path="a.txt").text == raw


def test_only_footer_is_no_text():
    result = read_text("Read more\n", path="a.txt")
    assert isinstance(result, Skipped) and result.reason == "no text"


def test_title_only_article():
    article = read_text("Just a title\n", path="a.txt")
    assert article.text == "Just a title" and article.body_start == 0


def test_date_missing_parts_is_not_a_date():
    article = read_text("Title\n\nMarch 2025\n\nBody.", path="a.txt")
    assert article.published is None


def test_inline_dateline_opens_the_story():
    from tidings.ingest import read_text

    art = read_text(b"Macron and Merz meet in Berlin\n\nBERLIN, May 5, 2025 - French President Emmanuel Macron "
                    b"met German Chancellor Friedrich Merz.\n")
    assert art.published.isoformat() == "2025-05-05" and art.published_source == "dateline"
    assert art.text[art.body_start:].startswith("French President Emmanuel Macron met")


def test_a_dash_in_the_story_is_not_a_dateline():
    from tidings.ingest import read_text

    art = read_text(b"Talks - a view\n\nRussia said things on March 3 - and more.\n")
    assert art.published is None
    assert art.text[art.body_start:].startswith("Russia said")
