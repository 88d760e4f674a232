"""Near-duplicate detection and story grouping, incremental and index-backed.

Each article gets a MinHash signature (128 hash functions) of its body's word 5-shingles. The
signature is cut into 32 bands of 4 rows; every band is hashed to a bucket stored in
``lsh_buckets`` (indexed), so finding the candidates for a new article is 32 index lookups however
many articles are stored. Two articles whose estimated Jaccard similarity is at least
:data:`NEAR_DUP` are near-duplicates (wire copies, lightly edited updates).

An article that is nobody's near-duplicate may still be a *follow-up*: same development, new
text. Its events' actor keys (pairs of KB ids / countries of the participants and the place's
country) are stored in ``topic_keys`` with the article's date; candidates are articles published
within :data:`FOLLOW_WINDOW_DAYS` that share at least :data:`MIN_SHARED_KEYS` keys, and the best
one joins if the Jaccard similarity of the two articles' actor sets reaches :data:`FOLLOW_MIN_SIM`.
Otherwise the article starts a new story. Articles are assigned once, in the order they arrive
(``analyse`` rebuilds in publication order); stories are never merged after the fact.

Sentence embeddings (e.g. MiniLM) are not used: on the test corpus the shingle and actor-key
signals already separate stories, and they keep ingest free of a second model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
from sqlalchemy import Connection, and_, delete, insert, or_, select, update

from ..models import EventRecord
from ..store.analysis import (
    ArticleSignatureRow,
    LshBucketRow,
    StoryMemberRow,
    StoryRow,
    TopicKeyRow,
)
from ..store.schema import ActorRow, ArticleRow

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
NEAR_DUP = 0.5
FOLLOW_WINDOW_DAYS = 10
MIN_SHARED_KEYS = 2
FOLLOW_MIN_SIM = 0.3

_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20250213)  # fixed: signatures must be comparable across runs
_A = _rng.integers(1, _PRIME, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)

SIGS = ArticleSignatureRow.__table__
BUCKETS = LshBucketRow.__table__
KEYS = TopicKeyRow.__table__
STORIES = StoryRow.__table__
MEMBERS = StoryMemberRow.__table__
ARTICLES = ArticleRow.__table__
ACTORS = ActorRow.__table__


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def minhash(shingle_set: Iterable[str]) -> list[int]:
    """128 minimum hash values (31-bit, so they fit JSON and any integer column)."""
    hashes = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")
                          >> 34 for s in shingle_set), dtype=np.uint64)
    if hashes.size == 0:
        return [0] * NUM_PERM
    # (a*h + b) mod p with h < 2**30 and a, b < 2**61 would overflow uint64; reduce a first
    a = _A % (1 << 31)
    vals = (np.outer(hashes, a) + _B[None, :] % (1 << 31)) % np.uint64((1 << 31) - 1)
    return [int(v) for v in vals.min(axis=0)]


def similarity(sig_a: Sequence[int], sig_b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(np.asarray(sig_a) == np.asarray(sig_b)))


def band_buckets(sig: Sequence[int]) -> list[tuple[int, str]]:
    out = []
    for b in range(BANDS):
        part = ",".join(str(v) for v in sig[b * ROWS:(b + 1) * ROWS])
        out.append((b, hashlib.blake2b(part.encode(), digest_size=8).hexdigest()))
    return out


def identities(refs) -> set[str]:
    out = set()
    for ref in refs:
        if ref.kb_id:
            out.add(ref.kb_id)
        if ref.country:
            out.add(ref.country)
    return out


def topic_keys(events: Iterable[EventRecord]) -> set[str]:
    keys: set[str] = set()
    for ev in events:
        ids = identities((*ev.actor, *ev.recipient))
        if ev.location and ev.location.country:
            ids.add(ev.location.country)
        keys.update("|".join(p) for p in combinations(sorted(ids), 2))
    return keys


@dataclass
class Assignment:
    article_id: int
    story_id: int
    relation: str  # first | near-duplicate | follow-up
    related_article_id: int | None
    similarity: float


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def assign(conn: Connection, article: dict[str, Any], events: Sequence[EventRecord],
           entities: set[str]) -> Assignment:
    """Index one stored article (signature, buckets, keys) and put it in a story."""
    art_id = article["id"]
    body = article["text"][article["body_start"]:]
    sh = shingles(body)
    sig = minhash(sh)
    buckets = band_buckets(sig)
    published = article["published"].isoformat() if article["published"] else None

    # 1. near-duplicates: candidates sharing a band bucket, verified on the full signature
    best: tuple[float, int] | None = None
    cond = or_(*(and_(BUCKETS.c.band == b, BUCKETS.c.bucket == h) for b, h in buckets))
    cands = {r[0] for r in conn.execute(select(BUCKETS.c.article_id).where(cond).distinct())} - {art_id}
    if cands:
        for other_id, other_sig in conn.execute(select(SIGS.c.article_id, SIGS.c.minhash)
                                                .where(SIGS.c.article_id.in_(list(cands)))):
            s = similarity(sig, other_sig)
            if s >= NEAR_DUP and (best is None or s > best[0]):
                best = (s, other_id)
    relation = "near-duplicate" if best else None

    # 2. follow-ups: shared actor keys within the window, verified on the actor sets
    keys = topic_keys(events)
    if best is None and keys and published:
        day = article["published"]
        lo = (day - dt.timedelta(days=FOLLOW_WINDOW_DAYS)).isoformat()
        hi = (day + dt.timedelta(days=FOLLOW_WINDOW_DAYS)).isoformat()
        shared = Counter()
        key_list = sorted(keys)
        for i in range(0, len(key_list), 400):
            stmt = (select(KEYS.c.article_id, KEYS.c.key)
                    .where(KEYS.c.key.in_(key_list[i:i + 400]), KEYS.c.published >= lo, KEYS.c.published <= hi,
                           KEYS.c.article_id != art_id).distinct())
            for other_id, _ in conn.execute(stmt):
                shared[other_id] += 1
        ok = [a for a, n in shared.items() if n >= MIN_SHARED_KEYS]
        if ok:
            for other_id, ents in conn.execute(select(SIGS.c.article_id, SIGS.c.entities)
                                               .where(SIGS.c.article_id.in_(ok))):
                s = _jaccard(entities, set(ents or ()))
                if s >= FOLLOW_MIN_SIM and (best is None or s > best[0]):
                    best = (s, other_id)
        if best:
            relation = "follow-up"

    conn.execute(insert(SIGS).values(article_id=art_id, minhash=sig, n_shingles=len(sh), entities=sorted(entities)))
    conn.execute(insert(BUCKETS), [{"band": b, "bucket": h, "article_id": art_id} for b, h in buckets])
    if keys and published:
        conn.execute(insert(KEYS), [{"key": k, "published": published, "article_id": art_id} for k in sorted(keys)])

    story_id = None
    if best:
        story_id = conn.execute(select(MEMBERS.c.story_id).where(MEMBERS.c.article_id == best[1])).scalar()
    if story_id is None:
        story_id = conn.execute(insert(STORIES).values(
            story_key=f"story-{article['doc_id']}", title=article["title"] or "", first_published=published,
            last_published=published, n_articles=0, actors=[]).returning(STORIES.c.id)).scalar_one()
        relation, best = "first", None
    conn.execute(insert(MEMBERS).values(story_id=story_id, article_id=art_id, relation=relation,
                                        related_article_id=best[1] if best else None,
                                        similarity=round(best[0], 3) if best else 1.0))
    return Assignment(art_id, story_id, relation, best[1] if best else None, best[0] if best else 1.0)


def refresh_story(conn: Connection, story_id: int) -> None:
    """Recompute a story's span, size, title (its earliest article's) and main actors."""
    members = conn.execute(
        select(ARTICLES.c.id, ARTICLES.c.title, ARTICLES.c.published)
        .join(MEMBERS, MEMBERS.c.article_id == ARTICLES.c.id).where(MEMBERS.c.story_id == story_id)
        .order_by(ARTICLES.c.published.asc().nulls_last(), ARTICLES.c.id)).all()
    if not members:
        conn.execute(delete(STORIES).where(STORIES.c.id == story_id))
        return
    dates = [m.published.isoformat() for m in members if m.published]
    counts: Counter = Counter()
    for (name,) in conn.execute(select(ACTORS.c.name).where(
            ACTORS.c.article_id.in_([m.id for m in members]), or_(ACTORS.c.kb_id.is_not(None),
                                                                  ACTORS.c.kind == "country"))):
        counts[name] += 1
    conn.execute(update(STORIES).where(STORIES.c.id == story_id).values(
        title=members[0].title or "", first_published=min(dates) if dates else None,
        last_published=max(dates) if dates else None, n_articles=len(members),
        actors=[n for n, _ in counts.most_common(8)]))
