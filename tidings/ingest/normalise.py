"""Text hygiene shared by every reader: Unicode normalisation, hashing, slugs, truncation.

Readers call :func:`normalise_text` on the raw decoded string *before* they locate the title,
dateline and body, so every offset they compute points into the final ``Article.text``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# C0/C1 control characters except \t and \n, BOM / noncharacters, lone surrogates (from JSON "\ud800").
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")
_LINE_BREAKS = re.compile(r"\r\n?|[\x85\u2028\u2029]")
_WS = re.compile(r"\s+")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def normalise_text(text: str) -> str:
    """NFC, newlines as ``\\n``, control characters (other than ``\\n`` and ``\\t``) dropped."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def drop_bad_charrefs(markup: str) -> str:
    """Remove numeric character references to code points no text may hold (&#0; &#xD800;)."""

    def fix(match: re.Match[str]) -> str:
        hex_, dec = match.groups()
        code = int(hex_, 16) if hex_ else int(dec)
        bad = code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or bool(_CONTROL.match(chr(min(code, 0x10FFFF))))
        return "" if bad else match.group(0)

    return _CHARREF.sub(fix, markup)


def collapse_ws(text: str) -> str:
    """All runs of whitespace to one space, stripped (for titles, bylines, one-line fields)."""
    return _WS.sub(" ", text).strip()


def content_hash(text: str) -> str:
    """sha256 hex of the text normalised: NFC, whitespace collapsed, stripped, casefolded."""
    canon = collapse_ws(unicodedata.normalize("NFC", text)).casefold()
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def slugify(value: str, *, max_len: int = 80) -> str:
    """Lowercase ``[a-z0-9-]`` slug; long values keep a short hash so they stay unique and stable.

    Values with no Latin letters or digits (e.g. a Cyrillic file name) become ``doc-<hash>``.
    """
    ascii_ = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_JUNK.sub("-", ascii_.lower()).strip("-")
    digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:8]
    if not slug:
        return f"doc-{digest}"
    if len(slug) > max_len:
        slug = slug[: max_len - 9].rstrip("-") + "-" + digest
    return slug


_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s")


def truncate(text: str, max_chars: int) -> tuple[str, str | None]:
    """Cut ``text`` to at most ``max_chars`` at a paragraph, else sentence, else word boundary.

    Returns the text and a warning (None when nothing was cut).
    """
    if max_chars <= 0 or len(text) <= max_chars:
        return text, None
    window = text[:max_chars]
    floor = max_chars // 2
    cut = window.rfind("\n\n")
    if cut < floor:
        start = max(floor, max_chars - 100_000)
        ends = [m.end() for m in _SENTENCE_END.finditer(window, start)]
        cut = ends[-1] if ends else -1
    if cut < floor:
        cut = window.rfind(" ")
    if cut < floor:
        cut = max_chars
    out = text[:cut].rstrip()
    return out, (f"text truncated from {len(text):,} to {len(out):,} characters "
                 f"(max_article_chars={max_chars:,})")
