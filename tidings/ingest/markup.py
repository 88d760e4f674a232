"""HTML elements to plain paragraphs (used for story containers and feed item bodies)."""

from __future__ import annotations

import re

from lxml import etree, html

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "dd", "div", "dl", "dt", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
})
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "video", "audio", "img", "picture", "source", "button", "input", "select", "textarea",
})
_SOURCE_WS = re.compile(r"\s+")  # newlines in the HTML source are just spaces
_SPACES = re.compile(r"[^\S\n]+")
_PARA_BREAK = re.compile(r"\n\s*\n")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def parse_html(text: str) -> html.HtmlElement | None:
    """Parse a document or fragment; None when there is nothing to parse."""
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        return html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def element_paragraphs(element: html.HtmlElement) -> list[str]:
    """The element's text as paragraphs: one per block element, ``<br>`` kept as a newline."""
    parts: list[str] = []
    skipping = 0
    for event, node in etree.iterwalk(element, events=("start", "end")):
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if event == "start":
            if skipping or tag in SKIP_TAGS or not isinstance(node.tag, str):
                skipping += 1
                continue
            if tag == "br":
                parts.append("\n")
            elif tag in BLOCK_TAGS:
                parts.append("\n\n")
            if node.text:
                parts.append(_SOURCE_WS.sub(" ", node.text))
        else:
            if skipping:
                skipping -= 1
                if skipping:
                    continue
            elif tag in BLOCK_TAGS:
                parts.append("\n\n")
            if node.tail and node is not element:
                parts.append(_SOURCE_WS.sub(" ", node.tail))
    return split_paragraphs("".join(parts))


def split_paragraphs(text: str) -> list[str]:
    """Split on blank lines; collapse spaces inside each paragraph; drop empty ones."""
    out = []
    for block in _PARA_BREAK.split(text):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        para = "\n".join(line for line in lines if line)
        if para:
            out.append(para)
    return out


def fragment_to_text(fragment: str) -> str:
    """An HTML fragment (feed content, summary) as plain text with paragraph breaks."""
    if "<" not in fragment:
        return "\n\n".join(split_paragraphs(fragment))
    tree = parse_html(f"<div>{fragment}</div>")
    if tree is None:
        return ""
    return "\n\n".join(element_paragraphs(tree))
