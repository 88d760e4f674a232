"""Known boilerplate lines (footers, promos, share/subscribe prompts) that are not the story."""

from __future__ import annotations

import re

_BOILERPLATE = re.compile(
    r"^(?:"
    r"more\b.{0,60}\barticles?\b.*"  # "More Quick Read Articles »"
    r"|(?:read|see) (?:more|also)\b.*"
    r"|(?:also read|related(?: articles| stories| coverage)?|recommended|most read)\s*[:»›>].*"
    r"|related(?: articles| stories)?"
    r"|share (?:this|on)\b.*|share"
    r"|subscribe\b.*|sign up\b.*"
    r"|follow us\b.*|click here\b.*"
    r"|(?:©|\(c\)|copyright)\s.*|all rights reserved\.?"
    r"|advertisement|advertising|sponsored(?: content)?|story continues below(?: advertisement)?"
    r")$",
    re.I,
)
MAX_BOILERPLATE_CHARS = 150


def is_boilerplate(line: str) -> bool:
    """True for a short standalone line such as "Read more", "Share this article", "Advertisement"."""
    line = line.strip()
    return 0 < len(line) <= MAX_BOILERPLATE_CHARS and bool(_BOILERPLATE.match(line))


def strip_trailing_boilerplate(text: str, *, max_lines: int = 6) -> str:
    """Drop known footer lines (and the blank lines around them) from the end of ``text``."""
    text = text.rstrip()
    for _ in range(max_lines):
        cut = text.rfind("\n")
        if not is_boilerplate(text[cut + 1:]):
            break
        text = text[:max(cut, 0)].rstrip()
    return text
