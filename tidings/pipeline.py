"""The main path, readable in one screen: Article -> Doc (transient) -> actors -> events -> Result.

``Pipeline.build(settings)`` loads every resource once (spaCy model, knowledge base, gazetteer,
ontology, coder); ``process`` streams Results and never writes anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .events.coder import EventCoder, RuleCoder
from .events.dates import find_dates
from .events.extract import EventExtractor
from .events.ontology import load_ontology
from .events.places import load_gazetteer
from .kb import kb_for
from .models import Article, Result
from .nlp import build_nlp, doccache
from .nlp.actors import extract_actors
from .nlp.stances import extract_stances
from .settings import Settings


@dataclass
class Pipeline:
    settings: Settings
    nlp: object
    kb: object
    extractor: EventExtractor

    @classmethod
    def build(cls, settings: Settings, *, coder: EventCoder | None = None) -> Pipeline:
        nlp = build_nlp(settings.model)
        kb = kb_for(settings)
        extractor = EventExtractor(coder or RuleCoder(), load_gazetteer(), load_ontology(), find_dates,
                                   country_name=lambda iso3: (kb.country(iso3).name if kb.country(iso3) else iso3))
        return cls(settings, nlp, kb, extractor)

    def process(self, articles: Iterable[Article], *, workers: int | None = None) -> Iterator[Result]:
        """Analyse articles in order; one Result per article (failed ones carry the reason)."""
        n_process = workers or self.settings.workers
        stream = ((a.text, a) for a in articles)
        docs = self.nlp.pipe(stream, as_tuples=True, batch_size=self.settings.batch_size, n_process=n_process)
        for doc, article in docs:
            yield self.analyse(doc, article)

    def process_one(self, article: Article) -> Result:
        return self.analyse(self.nlp(article.text), article)

    def analyse(self, doc, article: Article) -> Result:
        """Everything after spaCy for one article; bad data becomes a failed Result, not a crash."""
        doccache.seed_text(doc, article.text)
        try:
            found = extract_actors(doc, article.published, self.kb, doc_id=article.doc_id)
            events = self.extractor.extract(doc, article.doc_id, article.published, found.actors,
                                            body_start=article.body_start)
            stances = extract_stances(doc, article.doc_id, found.actors, events, body_start=article.body_start)
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop the batch
            return Result(article.doc_id, "failed", article=article,
                          reason=f"analysis failed: {type(exc).__name__}: {exc}", warnings=article.warnings)
        finally:
            doccache.clear(doc)
        return Result(article.doc_id, "ok", article=article, actors=tuple(found.actors),
                      events=tuple(events), findings=tuple(found.findings), stances=tuple(stances),
                      warnings=article.warnings)
