from __future__ import annotations

import datetime as dt

from tidings.ingest import Skipped, iter_articles, read_feed
from tidings.models import Article

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Meridian Wire: World</title>
  <link>https://www.meridianwire.example/world</link>
  <item>
    <title>Ukraine backs U.S. ceasefire plan</title>
    <link>https://www.meridianwire.example/news/2025-03-12-jeddah-talks</link>
    <guid isPermaLink="true">https://www.meridianwire.example/news/2025-03-12-jeddah-talks</guid>
    <pubDate>Wed, 12 Mar 2025 06:41:00 GMT</pubDate>
    <author>clara@example.com (Clara Hoffmann)</author>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>Ukraine said on Tuesday it was ready to accept a U.S. proposal.</p>
      <p>The delegation was led by <b>Marco Rubio</b>.<br>Saudi Arabia hosted.</p><p>Read more</p>]]>
    </content:encoded>
  </item>
  <item>
    <title>No body</title>
    <guid>tag:example,2025:2</guid>
  </item>
  <item>
    <title>Summary only &amp; entity</title>
    <guid isPermaLink="false">item-3</guid>
    <description>&lt;p&gt;BELGRADE, 16 March 2025&lt;/p&gt;&lt;p&gt;Serbia saw the largest protest.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atlas World News</title>
  <link href="https://www.atlasworldnews.example/"/>
  <updated>2025-06-28T12:00:00Z</updated>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title>Congo and Rwanda sign peace agreement</title>
    <link href="https://www.atlasworldnews.example/news/2025-06-28-drc-rwanda-agreement"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2025-06-28T10:00:00Z</updated>
    <author><name>Samuel Okafor</name></author>
    <content type="html">&lt;p&gt;The foreign ministers signed.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_items(tmp_path, settings):
    path = tmp_path / "world.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second, third = list(iter_articles([str(path)], settings))
    assert isinstance(first, Article) and first.fmt == "feed"
    assert first.doc_id == "meridianwire-example-news-2025-03-12-jeddah-talks"
    assert first.title == "Ukraine backs U.S. ceasefire plan"
    assert first.url == "https://www.meridianwire.example/news/2025-03-12-jeddah-talks"
    assert first.published == dt.date(2025, 3, 12) and first.published_source == "metadata"
    assert first.text == ("Ukraine said on Tuesday it was ready to accept a U.S. proposal.\n\n"
                          "The delegation was led by Marco Rubio.\nSaudi Arabia hosted.")
    assert (first.source, first.site, first.author) == ("Meridian Wire: World", "www.meridianwire.example",
                                                        "Clara Hoffmann")
    assert isinstance(second, Skipped)
    assert second.source == f"{path}#item 2" and second.reason == "feed item 2 has no text"
    assert third.doc_id == "item-3" and third.title == "Summary only & entity"
    assert third.published == dt.date(2025, 3, 16) and third.published_source == "dateline"
    assert third.text[third.body_start:] == "Serbia saw the largest protest."


def test_atom_entry_and_stable_ids(tmp_path, settings):
    path = tmp_path / "atlas.xml"
    path.write_text(ATOM, encoding="utf-8")
    [a] = list(iter_articles([str(path)], settings))
    [b] = list(read_feed(ATOM.encode("utf-8"), path="elsewhere.atom"))
    assert a.doc_id == b.doc_id == "urn-uuid-1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert a.text == "The foreign ministers signed.\n\nSecond."
    assert a.published == dt.date(2025, 6, 28) and a.author == "Samuel Okafor"
    assert a.source == "Atlas World News"


def test_feed_sniffed_without_extension(tmp_path, settings):
    (tmp_path / "feed").write_text(ATOM, encoding="utf-8")
    [a] = list(iter_articles([str(tmp_path / "feed")], settings))
    assert a.fmt == "feed"


def test_not_a_feed(tmp_path, settings):
    (tmp_path / "broken.rss").write_text("<rss><channel><title>x</title>", encoding="utf-8")
    (tmp_path / "prose.xml").write_text("just some words, not xml at all", encoding="utf-8")
    records = list(iter_articles([str(tmp_path)], settings))
    assert all(isinstance(r, Skipped) for r in records)
    assert [r.reason.split(" (")[0] for r in records] == ["feed has no items", "not a valid RSS/Atom feed"]
