"""HTML pages: the story's main text (paragraphs joined by a blank line) and page metadata.

When the page marks its story container (``[itemprop=articleBody]``, ``div.story-body``,
``div.article-body``...), its paragraphs are read directly after dropping ads, asides, figures,
share/related/newsletter boxes; otherwise trafilatura extracts the main text. Both paths then drop
standalone boilerplate lines, a standfirst that repeats the first sentence, and duplicates.
Title, date, author, site name and URL come from trafilatura's metadata (meta tags, JSON-LD).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence

from lxml import html as lxml_html

from ..models import Article
from ..settings import Settings
from .boilerplate import is_boilerplate
from .datelines import find_dateline, parse_date
from .decode import DecodeProblem, decode
from .markup import element_paragraphs, parse_html
from .normalise import collapse_ws, drop_bad_charrefs, normalise_text
from .paths import doc_id_for
from .records import Skipped, make_article

_CONTAINER_CLASSES = (
    "story-body", "article-body", "articleBody", "article__body", "article-content",
    "story-content", "entry-content", "post-content", "post-body", "article-text", "body-text",
)
_CONTAINER_XPATH = " | ".join(
    ['//*[@itemprop="articleBody"]']
    + [f'//*[contains(concat(" ", normalize-space(@class), " "), " {c} ")]' for c in _CONTAINER_CLASSES]
)
# Dropped wherever they are: never story text.
_DROP_TAGS = frozenset({"aside", "figure", "figcaption", "nav", "footer", "button", "script", "style",
                        "noscript", "iframe", "template", "svg"})
_JUNK_WORDS = frozenset({
    "related", "share", "sharing", "social", "newsletter", "subscribe", "subscription", "comment",
    "comments", "cookie", "cookies", "consent", "outbrain", "taboola", "readmore", "recommended",
    "paywall", "breadcrumb", "breadcrumbs",
})
# Dropped unless the element holds most of the text (a wrapper "no-ads", an ASP.NET <form>).
_WEAK_TAGS = frozenset({"form", "header"})
_WEAK_WORDS = frozenset({
    "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "promo", "promotion",
    "sponsor", "sponsored", "caption", "credit", "byline", "tags", "toolbar",
})
_WORD_SPLIT = re.compile(r"[\s_-]+")
MIN_CONTAINER_CHARS = 80
NO_TEXT = "HTML page has no main text"


def read_html(data: bytes | str, *, path: str | None = None, doc_id: str | None = None,
              settings: Settings | None = None, warnings: Sequence[str] = ()) -> Article | Skipped:
    """One HTML page -> Article (fmt "html"), or Skipped when it has no main text."""
    source = path or "<html>"
    warns = list(warnings)
    if isinstance(data, bytes):
        try:
            decoded = decode(data)
        except DecodeProblem as exc:
            return Skipped(source, str(exc), doc_id)
        warns.extend(decoded.warnings)
        data = decoded.text
    page = drop_bad_charrefs(normalise_text(data))
    doc_id = doc_id or doc_id_for(path, fallback=page)
    tree = parse_html(page)
    if tree is None:
        return Skipped(source, NO_TEXT, doc_id)
    meta = _metadata(tree)
    title = meta.get("title") or ""
    paragraphs = _clean(_story_paragraphs(tree) or _trafilatura_paragraphs(tree), title)
    if not paragraphs:
        return Skipped(source, NO_TEXT, doc_id)
    text = "\n\n".join(paragraphs)
    dateline = find_dateline(text, max_lines=2)  # a byline may come first
    if dateline and dateline.start > 120:
        dateline = None  # a story paragraph comes first: that date is not the dateline
    body_start = _skip_ws(text, dateline.end) if dateline else 0
    published, how = parse_date(meta.get("date")), "metadata"
    if published is None and dateline:
        published, how = dateline.date, "dateline"
    return make_article(
        doc_id, text, settings=settings, title=title, published=published,
        published_source=how if published else "none", body_start=body_start, warnings=warns,
        url=meta.get("url"), source=meta.get("sitename"), author=meta.get("author"),
        site=meta.get("hostname"), path=path, fmt="html",
    )


def _story_paragraphs(tree: lxml_html.HtmlElement) -> list[str]:
    """Paragraphs of the page's marked story container(s), or [] when there is none."""
    found = tree.xpath(_CONTAINER_XPATH)
    outer = [el for el in found if not any(a in found for a in el.iterancestors())]
    paragraphs: list[str] = []
    for element in outer:
        element = copy.deepcopy(element)
        _drop_junk(element)
        paragraphs.extend(element_paragraphs(element))
    return paragraphs if sum(map(len, paragraphs)) >= MIN_CONTAINER_CHARS else []


def _drop_junk(element: lxml_html.HtmlElement) -> None:
    """Remove ads, asides, figures, share/related/newsletter boxes, nav, cookie banners..."""
    total = len(element.text_content())
    doomed = []
    for el in element.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        words = set(_WORD_SPLIT.split(f"{el.get('class', '')} {el.get('id', '')}".lower()))
        strong = (tag in _DROP_TAGS or words & _JUNK_WORDS or el.get("hidden") is not None
                  or el.get("aria-hidden") == "true")
        weak = tag in _WEAK_TAGS or words & _WEAK_WORDS
        if strong or (weak and len(el.text_content()) < 0.5 * total):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the tail text


def _trafilatura_paragraphs(tree: lxml_html.HtmlElement) -> list[str]:
    import trafilatura

    tree = copy.deepcopy(tree)
    body = tree.find("body")
    _drop_junk(body if body is not None else tree)
    for precision in (True, False):
        try:
            out = trafilatura.extract(
                copy.deepcopy(tree), favor_precision=precision, include_comments=False,
                include_tables=False, include_images=False, deduplicate=False,
            )
        except Exception:  # trafilatura can fail on pathological trees
            out = None
        if out and out.strip():
            return [collapse_ws(line) for line in out.split("\n") if line.strip()]
    return []


def _clean(paragraphs: list[str], title: str) -> list[str]:
    """Drop boilerplate lines, a leading title/standfirst repeat, and duplicate paragraphs."""
    out: list[str] = []
    seen: set[str] = set()
    paragraphs = [p for p in (normalise_text(p).strip() for p in paragraphs) if p]
    for i, para in enumerate(paragraphs):
        key = para.casefold()
        if is_boilerplate(para) or key in seen:
            continue
        if i == 0 and title and key == collapse_ws(title).casefold():
            continue
        if i < 3 and _repeats_later(para, paragraphs[i + 1:]):
            continue
        seen.add(key)
        out.append(para)
    return out


def _repeats_later(para: str, later: list[str]) -> bool:
    """A standfirst: a paragraph that is the start of a later paragraph (often truncated)."""
    stem = para.rstrip(".…").strip()
    return len(stem) >= 10 and any(p != para and p.startswith(stem) for p in later[:3])


def _metadata(tree: lxml_html.HtmlElement) -> dict[str, str]:
    import trafilatura

    try:
        doc = trafilatura.extract_metadata(copy.deepcopy(tree), extensive=False)
    except Exception:  # metadata is a bonus: never fail the page for it
        return {}
    fields = ("title", "author", "url", "sitename", "hostname", "date")
    return {k: collapse_ws(normalise_text(str(v))) for k in fields if (v := getattr(doc, k, None))}


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos
