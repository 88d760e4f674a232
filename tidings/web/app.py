"""The analyst's web app and JSON API: ``create_app(settings) -> FastAPI``.

Every page has a JSON twin under ``/api/v1/`` fed by the same data function (:mod:`.data`).
Reads are public unless ``private_reads``; writes (ingest) need the operator's bearer token
(``TIDINGS_API_TOKEN`` by default), compared in constant time and never logged. Every error is
``{"error": {"code": ..., "message": ...}}`` (:meth:`tidings.errors.TidingsError.to_dict`) in
the API and an error page with the same code and message in the HTML pages.
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import json
import os
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from pydantic import BaseModel, Field
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException, MultiPartParser

from .. import __version__
from ..errors import TidingsError
from ..export import write_events
from ..settings import Settings
from ..store import Store
from . import data, svg
from . import ingest as web_ingest
from .highlight import highlight

HERE = Path(__file__).parent
API = "/api/v1"
DEFAULT_TOKEN_ENV = "TIDINGS_API_TOKEN"
STATUS_BY_CODE = {"not_found": 404, "bad_request": 400, "input": 400, "config": 400, "validation": 422,
                  "unauthorized": 401, "forbidden": 403, "too_large": 413, "unsupported": 415,
                  "method_not_allowed": 405, "store": 503, "resource": 500, "internal": 500}


class WebError(TidingsError):
    def __init__(self, message: str, *, code: str, status: int | None = None) -> None:
        super().__init__(message, code=code)
        self.status = status or STATUS_BY_CODE.get(code, 400)


def _status(exc: TidingsError) -> int:
    return getattr(exc, "status", None) or STATUS_BY_CODE.get(exc.code, 400)


@dataclass(frozen=True)
class WebConfig:
    token: str | None
    private_reads: bool
    max_upload_bytes: int


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


class ArticleIn(BaseModel):
    """An article to ingest (the JSON body of ``POST /api/v1/articles``)."""

    text: str = Field(min_length=1, description="The article text (a first line is taken as the title).")
    title: str | None = Field(None, description="Title; put before the text when the text does not start with it.")
    published: dt.date | None = Field(None, description="Publication date (YYYY-MM-DD).")
    source: str | None = None
    url: str | None = None


INGEST_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": ArticleIn.model_json_schema()},
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary", "description": "text, HTML, JSONL/JSON, RSS/Atom, .gz"},
        "text": {"type": "string"}, "title": {"type": "string"},
        "published": {"type": "string", "format": "date"}}}},
}}}

Limit = Annotated[int | None, Query(ge=1, le=data.MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
Str = Annotated[str | None, Query()]


def create_app(settings: Settings, *, token: str | None = None, token_env: str = DEFAULT_TOKEN_ENV,
               private_reads: bool | None = None, max_upload_bytes: int | None = None,
               pipeline: Any = None) -> FastAPI:
    """The web app over ``settings``' store. ``token`` (else env ``token_env``) enables writes;
    ``private_reads`` (else env ``TIDINGS_PRIVATE_READS``) makes reads need it too; uploads and
    JSON bodies are limited to ``max_upload_bytes`` (else env ``TIDINGS_MAX_UPLOAD_BYTES``, else
    5 MB). ``pipeline`` may be passed in (tests); otherwise it is built on the first ingest."""
    token = token if token is not None else (os.environ.get(token_env) or None)
    if private_reads is None:
        private_reads = _truthy(os.environ.get("TIDINGS_PRIVATE_READS"))
    if max_upload_bytes is None:
        max_upload_bytes = int(os.environ.get("TIDINGS_MAX_UPLOAD_BYTES") or 5_000_000)
    config = WebConfig(token=token, private_reads=private_reads, max_upload_bytes=max_upload_bytes)
    store = Store(settings)
    holder = web_ingest.PipelineHolder(settings, pipeline)
    kb_cache: dict[str, Any] = {}

    def kb() -> Any:
        if "kb" not in kb_cache:
            from ..kb import load_kb

            kb_cache["kb"] = load_kb(settings.kb_overlay)
        return kb_cache["kb"]

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="Tidings", version=__version__, lifespan=lifespan,
                  description="Political event records (PLOVER) from news articles, with evidence. "
                              "Every page of the web app has a JSON twin here.",
                  docs_url=None, redoc_url=None, openapi_url=f"{API}/openapi.json")
    app.state.store = store
    app.state.config = config
    app.state.pipeline = holder
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(actor_url=lambda key: "/actors/" + quote(key or "", safe=""),
                       article_url=lambda doc_id: "/articles/" + quote(doc_id or "", safe=""),
                       evidence_url=_evidence_url, story_url=lambda sid: f"/stories/{quote(str(sid), safe='')}",
                       qs=_qs, quad_colours=svg.QUAD_COLOURS, quad_names=data.QUAD_NAMES,
                       private_reads=config.private_reads, writes_enabled=bool(config.token),
                       version=__version__)
    templates = Jinja2Templates(env=env)

    # --- auth --------------------------------------------------------------------------------

    def _token_ok(given: str | None) -> bool:
        return bool(config.token) and given is not None and hmac.compare_digest(
            given.encode("utf-8"), config.token.encode("utf-8"))

    def _bearer(request: Request) -> str | None:
        header = request.headers.get("authorization") or ""
        scheme, _, value = header.partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else None

    def require_write(request: Request, form_token: str | None = None) -> None:
        if not config.token:
            raise WebError(f"writes are disabled: the operator has not set a token ({token_env})",
                           code="forbidden")
        given = _bearer(request) or form_token
        if given is None:
            raise WebError("this needs a bearer token (Authorization: Bearer ...)", code="unauthorized")
        if not _token_ok(given):
            raise WebError("wrong token", code="unauthorized")

    @app.middleware("http")
    async def read_guard(request: Request, call_next):
        path = request.url.path
        if (config.private_reads and request.method in ("GET", "HEAD")
                and not path.startswith(("/static/", "/login"))
                and not _token_ok(_bearer(request) or request.cookies.get("tidings_token"))):
            exc = WebError("this server is private: give the bearer token", code="unauthorized")
            if path.startswith(API):
                return _json_error(exc)
            return RedirectResponse(f"/login?next={quote(path)}", status_code=303)
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
        return response

    # --- errors ------------------------------------------------------------------------------

    def _json_error(exc: TidingsError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if _status(exc) == 401 else None
        return JSONResponse(exc.to_dict(), status_code=_status(exc), headers=headers)

    def _error(request: Request, exc: TidingsError) -> Response:
        if request.url.path.startswith(API) or "text/html" not in request.headers.get("accept", "text/html"):
            return _json_error(exc)
        resp = templates.TemplateResponse(request, "error.html", {"error": exc.to_dict()["error"],
                                                                  "status": _status(exc)},
                                          status_code=_status(exc))
        if _status(exc) == 401:
            resp.headers["WWW-Authenticate"] = "Bearer"
        return resp

    @app.exception_handler(TidingsError)
    async def on_tidings_error(request: Request, exc: TidingsError) -> Response:
        return _error(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized",
                403: "forbidden", 413: "too_large"}.get(exc.status_code, "bad_request")
        message = exc.detail if isinstance(exc.detail, str) else "bad request"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return _error(request, WebError(message, code=code, status=exc.status_code))

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors()[:5]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path"))
            parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
        return _error(request, WebError("; ".join(parts) or "invalid request", code="validation"))

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception) -> Response:  # never leak internals
        return _error(request, WebError(f"internal error ({type(exc).__name__})", code="internal"))

    def page(request: Request, name: str, ctx: dict[str, Any]) -> HTMLResponse:
        return templates.TemplateResponse(request, name, ctx)

    def efilter(actor, type_, status, country, place, since, until, article) -> data.EventFilter:
        return data.EventFilter(actor=actor, event_type=type_, status=status, country=country, place=place,
                                since=since, until=until, article=article).clean()

    # --- home ----------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home_page(request: Request):
        d = data.home(store)
        d["recent"] = data.articles(store, page=data.Page(10, 0))["items"]
        return page(request, "home.html", {"d": d, "nav": "home"})

    @app.get(f"{API}", tags=["meta"], summary="Index of the API")
    def api_index() -> dict[str, Any]:
        return {"version": __version__, "openapi": f"{API}/openapi.json", "docs": f"{API}/docs",
                "endpoints": sorted({r.path for r in app.routes if getattr(r, "path", "").startswith(API)})}

    @app.get(f"{API}/stats", tags=["meta"], summary="Counts of stored rows")
    def api_stats() -> dict[str, Any]:
        return data.home(store)

    @app.get(f"{API}/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        return page(request, "api.html", {"spec": app.openapi(), "nav": "api"})

    # --- articles ------------------------------------------------------------------------------

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(request: Request, q: Str = None, actor: Str = None, source: Str = None,
                      since: Str = None, until: Str = None, limit: Limit = None, offset: Offset = 0):
        d = data.articles(store, q=q, actor=actor, source=source, since=since, until=until,
                          page=data.Page.of(limit, offset), kb=kb() if actor else None)
        return page(request, "articles.html", {"d": d, "nav": "articles"})

    @app.get(f"{API}/articles", tags=["articles"], summary="Search and list articles")
    def api_articles(q: Annotated[str | None, Query(description="Full text (title or text).")] = None,
                     actor: Annotated[str | None, Query(description="Actor name or KB id mentioned.")] = None,
                     source: Annotated[str | None, Query(description="Source or site.")] = None,
                     since: Annotated[str | None, Query(description="Published on or after.")] = None,
                     until: Annotated[str | None, Query(description="Published on or before.")] = None,
                     limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
        return data.articles(store, q=q, actor=actor, source=source, since=since, until=until,
                             page=data.Page.of(limit, offset), kb=kb() if actor else None)

    @app.get("/articles/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, doc_id: str, mark: Str = None):
        d = data.article(store, doc_id)
        cited = _span(mark)
        marked = highlight(d["text"], d["actors"], d["events"], d["findings"], mark=cited)
        return page(request, "article.html", {"d": d, "marked": marked, "cited": cited, "nav": "articles"})

    @app.get("/articles/{doc_id}/brief", response_class=HTMLResponse, include_in_schema=False)
    def article_brief_page(request: Request, doc_id: str):
        d = data.brief(store, doc_id, kind="article")
        return page(request, "brief.html", {"b": d, "nav": "articles"})

    @app.get(f"{API}/articles/{{doc_id}}", tags=["articles"],
             summary="One article with its actors, events and fact-check findings")
    def api_article(doc_id: str) -> dict[str, Any]:
        return data.article(store, doc_id)

    # --- analysis: stories, planned events, stances, briefs -------------------------------------------

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, q: Str = None, min_articles: Annotated[int, Query(ge=1)] = 1,
                     limit: Limit = None, offset: Offset = 0):
        d = data.stories(store, q=q, min_articles=min_articles, page=data.Page.of(limit, offset))
        return page(request, "stories.html", {"d": d, "nav": "stories"})

    @app.get(f"{API}/stories", tags=["analysis"], summary="Stories (groups of articles on one development)")
    def api_stories(q: Annotated[str | None, Query(description="Part of the story title.")] = None,
                    min_articles: Annotated[int, Query(ge=1, description="Only stories with this many articles.")] = 1,
                    limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
        return data.stories(store, q=q, min_articles=min_articles, page=data.Page.of(limit, offset))

    @app.get("/stories/{ref}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, ref: str):
        return page(request, "story.html", {"d": data.story(store, ref), "nav": "stories"})

    @app.get(f"{API}/stories/{{ref}}", tags=["analysis"],
             summary="One story (id, story key or a member's doc_id): articles, actors, merged events")
    def api_story(ref: str) -> dict[str, Any]:
        return data.story(store, ref)

    @app.get("/stories/{ref}/brief", response_class=HTMLResponse, include_in_schema=False)
    def story_brief_page(request: Request, ref: str):
        return page(request, "brief.html", {"b": data.brief(store, ref, kind="story"), "nav": "stories"})

    @app.get(f"{API}/briefs/{{ref}}", tags=["analysis"],
             summary="The brief of an article (doc_id) or a story (id or key), with citations")
    def api_brief(ref: str) -> dict[str, Any]:
        return data.brief(store, ref)

    @app.get("/planned", response_class=HTMLResponse, include_in_schema=False)
    def planned_page(request: Request, status: Str = None, limit: Limit = None, offset: Offset = 0):
        d = data.planned(store, status=status, page=data.Page.of(limit, offset))
        return page(request, "planned.html", {"d": d, "nav": "planned"})

    @app.get(f"{API}/planned", tags=["analysis"],
             summary="Planned events with their current status and the linking evidence")
    def api_planned(status: Annotated[str | None, Query(
                        description="pending, held, postponed, cancelled or disputed.")] = None,
                    limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
        return data.planned(store, status=status, page=data.Page.of(limit, offset))

    @app.get("/stances", response_class=HTMLResponse, include_in_schema=False)
    def stances_page(request: Request, issue: Str = None, holder: Str = None, limit: Limit = None,
                     offset: Offset = 0):
        d = data.stances(store, issue=issue, holder=holder, page=data.Page.of(limit, offset))
        return page(request, "stances.html", {"d": d, "nav": "stances"})

    @app.get(f"{API}/stances", tags=["analysis"],
             summary="Who stands where per issue, with each holder's position history and evidence")
    def api_stances(issue: Annotated[str | None, Query(description="Part of the issue wording.")] = None,
                    holder: Annotated[str | None, Query(
                        description="Part of the holder's name or KB id, or an ISO3 country.")] = None,
                    limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
        return data.stances(store, issue=issue, holder=holder, page=data.Page.of(limit, offset))

    # --- events ----------------------------------------------------------------------------------

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request, actor: Str = None, type: Str = None, status: Str = None,
                    country: Str = None, place: Str = None, since: Str = None, until: Str = None,
                    article: Str = None, limit: Limit = None, offset: Offset = 0):
        f = efilter(actor, type, status, country, place, since, until, article)
        d = data.events(store, f, data.Page.of(limit, offset))
        return page(request, "events.html", {"d": d, "facets": data.facets(), "nav": "events"})

    def _download(f: data.EventFilter, fmt: str) -> StreamingResponse:
        media = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}[fmt]

        def chunks() -> Iterator[str]:
            buf = io.StringIO()
            header_done = False
            batch = []
            for ev in data.iter_event_records(store, f):
                batch.append(ev)
                if len(batch) >= 500:
                    write_events(batch, fmt, buf)
                    yield _strip_header(buf, fmt, header_done)
                    header_done = True
                    batch = []
            if batch or not header_done:
                write_events(batch, fmt, buf)
                yield _strip_header(buf, fmt, header_done)

        return StreamingResponse(chunks(), media_type=media, headers={
            "Content-Disposition": f'attachment; filename="tidings-events.{fmt}"'})

    @app.get("/events.csv", include_in_schema=False)
    def events_csv(actor: Str = None, type: Str = None, status: Str = None, country: Str = None,
                   place: Str = None, since: Str = None, until: Str = None, article: Str = None):
        return _download(efilter(actor, type, status, country, place, since, until, article), "csv")

    @app.get("/events.jsonl", include_in_schema=False)
    def events_jsonl(actor: Str = None, type: Str = None, status: Str = None, country: Str = None,
                     place: Str = None, since: Str = None, until: Str = None, article: Str = None):
        return _download(efilter(actor, type, status, country, place, since, until, article), "jsonl")

    @app.get(f"{API}/events", tags=["events"], summary="Filter events (JSON page, or all as CSV/JSONL)")
    def api_events(actor: Annotated[str | None, Query(description="Name, KB id or ISO3 country of a participant.")] = None,
                   type: Annotated[str | None, Query(description="PLOVER event type, e.g. CONSULT.")] = None,
                   status: Annotated[str | None, Query(description="occurred, planned, possible, ...")] = None,
                   country: Annotated[str | None, Query(description="ISO3 country of the event's place.")] = None,
                   place: Annotated[str | None, Query(description="Part of the place name.")] = None,
                   since: Annotated[str | None, Query(description="YYYY-MM-DD, YYYY-MM or YYYY.")] = None,
                   until: Annotated[str | None, Query(description="YYYY-MM-DD, YYYY-MM or YYYY.")] = None,
                   article: Annotated[str | None, Query(description="Only this article (doc_id).")] = None,
                   format: Annotated[str, Query(pattern="^(json|csv|jsonl)$",
                                                description="json (paged) or csv/jsonl (every match).")] = "json",
                   limit: Limit = None, offset: Offset = 0) -> Any:
        f = efilter(actor, type, status, country, place, since, until, article)
        if format != "json":
            return _download(f, format)
        return data.events(store, f, data.Page.of(limit, offset))

    # --- actors ------------------------------------------------------------------------------------

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(request: Request, q: Str = None):
        return page(request, "actors.html", {"d": data.actor_search(store, q or "", kb()), "nav": "actors"})

    @app.get(f"{API}/actors", tags=["actors"], summary="Find actors by name or KB id")
    def api_actors(q: Annotated[str | None, Query(description="Part of a name or KB id.")] = None,
                   limit: Annotated[int, Query(ge=1, le=data.MAX_LIMIT)] = 20) -> dict[str, Any]:
        return data.actor_search(store, q or "", kb(), limit)

    @app.get("/actors/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, key: str, limit: Limit = None, offset: Offset = 0):
        d = data.actor(store, key, kb(), data.Page.of(limit, offset))
        tl = svg.timeline_layout(d["events"]["items"])
        return page(request, "actor.html", {"d": d, "tl": tl, "nav": "actors"})

    @app.get(f"{API}/actors/{{key:path}}", tags=["actors"],
             summary="An actor: offices held, events as actor and recipient, counterparties, articles")
    def api_actor(key: str, limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
        return data.actor(store, key, kb(), data.Page.of(limit, offset))

    # --- timeline and network ------------------------------------------------------------------------

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request, actor: Str = None, type: Str = None, status: Str = None,
                      country: Str = None, place: Str = None, since: Str = None, until: Str = None,
                      article: Str = None, limit: Limit = None, offset: Offset = 0):
        f = efilter(actor, type, status, country, place, since, until, article)
        d = data.timeline(store, f, data.Page.of(limit, offset, default=100))
        return page(request, "timeline.html", {"d": d, "tl": svg.timeline_layout(d["items"]),
                                                "facets": data.facets(), "nav": "timeline"})

    @app.get(f"{API}/timeline", tags=["events"], summary="Events of a filter in time order")
    def api_timeline(actor: Str = None, type: Str = None, status: Str = None, country: Str = None,
                     place: Str = None, since: Str = None, until: Str = None, article: Str = None,
                     limit: Limit = None, offset: Offset = 0) -> dict[str, Any]:
        f = efilter(actor, type, status, country, place, since, until, article)
        return data.timeline(store, f, data.Page.of(limit, offset, default=100))

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, actor: Str = None, type: Str = None, status: Str = None,
                     country: Str = None, place: Str = None, since: Str = None, until: Str = None,
                     article: Str = None):
        f = efilter(actor, type, status, country, place, since, until, article)
        d = data.network(store, f)
        return page(request, "network.html", {"d": d, "net": svg.network_layout(d["nodes"], d["edges"]),
                                               "facets": data.facets(), "nav": "network"})

    @app.get(f"{API}/network", tags=["events"],
             summary="Who interacts with whom: edges by PLOVER quad class, weighted by event count")
    def api_network(actor: Str = None, type: Str = None, status: Str = None, country: Str = None,
                    place: Str = None, since: Str = None, until: Str = None, article: Str = None,
                    max_edges: Annotated[int, Query(ge=1, le=1000)] = 150,
                    max_events: Annotated[int, Query(ge=1, le=50_000)] = 5000) -> dict[str, Any]:
        f = efilter(actor, type, status, country, place, since, until, article)
        return data.network(store, f, max_edges=max_edges, max_events=max_events)

    # --- ingest ----------------------------------------------------------------------------------

    def _ingest_log() -> list[dict[str, Any]]:
        return [{"at": e.at.isoformat(timespec="seconds"), "source": e.source, "doc_id": e.doc_id,
                 "status": e.status, "reason": e.reason} for e in store.ingest_log(limit=20)]

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_page(request: Request):
        return page(request, "ingest.html", {"log": _ingest_log(), "result": None, "nav": "ingest",
                                              "max_bytes": config.max_upload_bytes})

    @app.get(f"{API}/ingest-log", tags=["articles"], summary="Recent ingest-log entries (newest first)")
    def api_ingest_log() -> dict[str, Any]:
        items = _ingest_log()
        return {"items": items, "total": len(items)}

    async def _read_body(request: Request) -> bytes:
        limit = config.max_upload_bytes + 64 * 1024  # room for multipart headers
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise WebError(f"upload too large (limit {config.max_upload_bytes:,} bytes)", code="too_large")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise WebError(f"upload too large (limit {config.max_upload_bytes:,} bytes)", code="too_large")
        return bytes(body)

    async def _form(request: Request, body: bytes) -> dict[str, Any]:
        """Parse a multipart or urlencoded body held in memory (uploads never touch the disk)."""
        ctype = request.headers.get("content-type", "")
        if ctype.startswith("application/x-www-form-urlencoded"):
            from urllib.parse import parse_qsl

            return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))

        class InMemory(MultiPartParser):
            spool_max_size = len(body) + 1

        async def stream() -> AsyncIterator[bytes]:
            yield body

        try:
            form = await InMemory(Headers(scope=request.scope), stream(), max_files=1, max_fields=20,
                                  max_part_size=config.max_upload_bytes + 1).parse()
        except MultiPartException as exc:
            raise WebError(f"bad form data: {exc.message}", code="bad_request") from None
        out: dict[str, Any] = {}
        for k, v in form.multi_items():
            if hasattr(v, "read"):
                content = await v.read()
                if len(content) > config.max_upload_bytes:
                    raise WebError(f"upload too large (limit {config.max_upload_bytes:,} bytes)",
                                   code="too_large")
                if content:
                    out[k] = (v.filename, content)
            else:
                out[k] = v
        return out

    def _date(value: str | None) -> dt.date | None:
        if not value or not str(value).strip():
            return None
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise WebError(f"published: expected YYYY-MM-DD, got {value!r}", code="bad_request") from None

    def _ingest_fields(fields: dict[str, Any]) -> dict[str, Any]:
        published = _date(fields.get("published"))
        if isinstance(fields.get("file"), tuple):
            filename, content = fields["file"]
            items = web_ingest.articles_from_upload(filename, content, settings, published=published)
        elif (fields.get("text") or "").strip():
            items = [web_ingest.article_from_text(fields["text"], settings, title=fields.get("title"),
                                                  published=published, source=fields.get("source") or None,
                                                  url=fields.get("url") or None)]
        else:
            raise WebError("give a file or some text", code="bad_request")
        return web_ingest.run(items, store, holder)

    @app.post(f"{API}/articles", tags=["articles"], status_code=201, openapi_extra=INGEST_BODY,
              summary="Ingest an article (JSON body or a file upload); needs the bearer token",
              responses={201: {"description": "Stored"}, 200: {"description": "Nothing new stored"},
                         401: {"description": "Missing or wrong token"}, 413: {"description": "Too large"}})
    async def api_ingest(request: Request) -> Response:
        require_write(request)
        body = await _read_body(request)
        ctype = request.headers.get("content-type", "")
        if ctype.startswith("application/json"):
            try:
                raw = json.loads(body or b"null")
                article_in = ArticleIn.model_validate(raw)
            except json.JSONDecodeError as exc:
                raise WebError(f"body is not JSON ({exc.msg})", code="bad_request") from None
            except ValueError as exc:
                raise RequestValidationError(getattr(exc, "errors", lambda: [])()) from None
            fields = {k: v for k, v in article_in.model_dump().items()}
            fields["published"] = article_in.published.isoformat() if article_in.published else None
        elif ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            fields = await _form(request, body)
        else:
            raise WebError("send JSON (application/json) or a form (multipart/form-data)", code="unsupported")
        result = await _in_thread(_ingest_fields, fields)
        code = 201 if result["summary"]["ingested"] else 200
        return JSONResponse(result, status_code=code)

    @app.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
    async def ingest_form(request: Request):
        body = await _read_body(request)
        fields = await _form(request, body)
        require_write(request, fields.get("token") or None)
        result = await _in_thread(_ingest_fields, fields)
        return page(request, "ingest.html", {"log": _ingest_log(), "result": result, "nav": "ingest",
                                              "max_bytes": config.max_upload_bytes})

    # --- private reads: a login form that sets an HttpOnly cookie ------------------------------------

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/"):
        return page(request, "login.html", {"next": next if next.startswith("/") and not next.startswith("//")
                                            else "/", "nav": ""})

    @app.post("/login", include_in_schema=False)
    async def login(request: Request):
        fields = await _form(request, await _read_body(request))
        target = str(fields.get("next") or "/")
        if not target.startswith("/") or target.startswith("//"):
            target = "/"
        if not _token_ok(str(fields.get("token") or "")):
            raise WebError("wrong token", code="unauthorized")
        resp = RedirectResponse(target, status_code=303)
        resp.set_cookie("tidings_token", str(fields["token"]), httponly=True, samesite="strict")
        return resp

    return app


async def _in_thread(fn, *args):
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args)


def _strip_header(buf: io.StringIO, fmt: str, header_done: bool) -> str:
    text = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    if fmt == "csv" and header_done:
        text = text.split("\n", 1)[1] if "\n" in text else ""
    return text


def _span(value: str | None) -> tuple[int, int] | None:
    """``start-end`` character offsets from a ``mark`` query parameter (None when unreadable)."""
    m = re.fullmatch(r"\s*(\d{1,9})-(\d{1,9})\s*", value or "")
    return (int(m.group(1)), int(m.group(2))) if m and int(m.group(1)) < int(m.group(2)) else None


def _evidence_url(doc_id: str, start: int, end: int) -> str:
    """The article page with ``[start, end)`` marked and scrolled to."""
    return f"/articles/{quote(doc_id or '', safe='')}?mark={int(start)}-{int(end)}#cited"


def _qs(params: dict[str, Any] | None = None, **changes: Any) -> str:
    """A query string from ``params`` with ``changes`` applied (None or "" drops a key)."""
    merged = {**(params or {}), **changes}
    clean = {k: v for k, v in merged.items() if v not in (None, "")}
    return ("?" + urlencode(clean)) if clean else ""
