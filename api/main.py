"""The FastAPI application: ``create_app(settings)``.

One Searcher and one Catalog per app, opened in the lifespan (the embedding
model is warmed there, so the first query is as fast as the next); /search and
/ask run in that Searcher or, under ``kamerzoek serve``, in search processes
(``index.search_runner``). With the
embedded Chroma store the app holds the data dir's lock for its lifetime, so an
``ingest`` started meanwhile fails at once instead of hanging on Chroma's SQLite.

Errors: 4xx answers carry ``{"detail": "<one line>"}`` (422 adds the fields in
``errors``); an unexpected exception is logged and becomes a 500 with no
internals in the body.
"""
from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager
from pathlib import Path

import anyio.to_thread
import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.models import ErrorOut
from api.routes import ask, documents, health, pages, passages, registry, search, watches
from index.catalog import Catalog
from index.config import Settings
from index.errors import KamerzoekIndexError, UnknownChunkError, UnknownSourceError
from index.lock import DataDirLock
from index.models import SearchMode
from index.search import Searcher
from index.search_runner import WARM_QUERY, InProcess, SearchPool, SearchRunner

log = logging.getLogger("kamerzoek.api")
STATIC_DIR = Path(__file__).parent / "static"
SWITCH_INTERVAL_S = 0.0002


def create_app(settings: Settings | None = None, *, hold_lock: bool = True,
               search_processes: int = 0) -> FastAPI:
    """The kamerzoek API and search page over the index in ``settings.data_dir``.

    ``hold_lock=False`` when the caller already holds the data dir's lock
    (``kamerzoek serve`` takes it before starting uvicorn, to fail with one line).
    ``search_processes`` > 0 runs /search and /ask in that many search processes
    (``index.search_runner.SearchPool``); 0 runs them in the request's thread.
    """
    settings = settings or Settings()
    docs_dir = _offline_docs_dir()
    app = FastAPI(
        title="kamerzoek",
        version="0.1.0",
        summary="Search and extractive question answering over Dutch parliamentary letters, with cited passages.",
        lifespan=_lifespan,
        docs_url=None if docs_dir else "/docs",
        redoc_url=None if docs_dir else "/redoc",
    )
    app.state.settings = settings
    app.state.hold_lock = hold_lock
    app.state.search_processes = search_processes
    _add_error_handlers(app)
    _include_routers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    if docs_dir:
        _add_offline_docs(app, docs_dir)
    return app


def served_app(settings: Settings) -> FastAPI:
    """The app as ``kamerzoek serve`` runs it: searches in ``serve_workers`` search processes
    (none when it is 1), the data dir's lock held by the serve command.

    A request thread returning from a search process, the model or Chroma (all
    without the GIL) waits for the GIL up to the switch interval, 5 ms by default,
    as long as a whole search; shortened, the cores stay busy under concurrent
    requests (README, Performance).
    """
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    processes = settings.serve_workers if settings.serve_workers > 1 else 0
    return create_app(settings, hold_lock=False, search_processes=processes)


def _offline_docs_dir() -> Path | None:
    """Swagger UI and ReDoc files shipped in the ``fastapi-offline`` package (a dependency).

    FastAPI's own /docs loads them from a CDN, which a server without internet
    cannot reach; without the files we fall back to that.
    """
    path = Path(fastapi_offline.__file__).parent / "static"
    return path if (path / "swagger-ui-bundle.js").is_file() else None


def _add_offline_docs(app: FastAPI, docs_dir: Path) -> None:
    """/docs (Swagger UI) and /redoc served from ``docs_dir`` under /static-docs."""
    app.mount("/static-docs", StaticFiles(directory=docs_dir), name="static-docs")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url, title="kamerzoek — API",
            swagger_js_url="/static-docs/swagger-ui-bundle.js", swagger_css_url="/static-docs/swagger-ui.css",
            swagger_favicon_url="/static-docs/favicon.png")

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=app.openapi_url, title="kamerzoek — API",
                              redoc_js_url="/static-docs/redoc.standalone.js",
                              redoc_favicon_url="/static-docs/favicon.png", with_google_fonts=False)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the catalog and the Searcher (holding the data dir's lock) for the app's lifetime.

    The routes are plain ``def`` run in anyio's worker threads; at most
    ``serve_threads`` of them at once (anyio's default is 40): on a small machine
    more threads only take turns at the GIL and the cores, and each turn costs.
    """
    settings: Settings = app.state.settings
    anyio.to_thread.current_default_thread_limiter().total_tokens = settings.serve_threads
    with ExitStack() as stack:
        if app.state.hold_lock and not settings.chroma_url:
            stack.enter_context(DataDirLock(settings, holder="kamerzoek serve"))
        app.state.catalog, app.state.searcher, app.state.runner = _open_index(
            settings, stack, app.state.search_processes)
        try:
            yield
        finally:  # requests after shutdown get a 503, not a closed connection
            app.state.catalog = app.state.searcher = app.state.runner = None


def _open_index(settings: Settings, stack: ExitStack,
                search_processes: int) -> tuple[Catalog, Searcher, SearchRunner]:
    """The catalog, the app's Searcher and where /search and /ask run; all closed when
    ``stack`` unwinds. What serves those two is warmed (model, BM25 index, stemmer),
    so the first query is as fast as the next."""
    catalog = stack.enter_context(Catalog.open_existing(settings.catalog_path))
    searcher = Searcher(settings)
    stack.callback(searcher.close)
    if search_processes:
        runner: SearchRunner = SearchPool(settings, search_processes)
    else:
        searcher.search(WARM_QUERY, k=1, mode=SearchMode.HYBRID)
        runner = InProcess(searcher)
    stack.callback(runner.close)
    return catalog, searcher, runner


def _include_routers(app: FastAPI) -> None:
    for module in (search, ask, documents, passages, health, pages, watches, registry):
        app.include_router(module.router)


def _add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(UnknownSourceError, _not_found)
    app.add_exception_handler(UnknownChunkError, _not_found)
    app.add_exception_handler(KamerzoekIndexError, _index_error)
    app.add_exception_handler(Exception, _unexpected_error)


def _error(status: int, detail: str, errors: list[dict] | None = None, headers=None) -> JSONResponse:
    body = ErrorOut(detail=detail, errors=errors or [])
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with one line per wrong field: ``k: Input should be less than or equal to 100``."""
    errors = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": _message(e), "type": str(e.get("type", ""))}
        for e in exc.errors()
    ]
    detail = "; ".join(f"{_field(e['loc'])}: {e['msg']}" for e in errors) or "invalid request"
    return _error(422, detail, errors)


def _message(error: dict) -> str:
    msg = str(error.get("msg", "invalid value"))
    return msg.removeprefix("Value error, ")


def _field(loc: list[str]) -> str:
    """The field a validation error is about: ``q`` for ('query', 'q'), ``body`` for the body itself."""
    parts = [p for p in loc if p not in ("query", "body", "path")]
    return ".".join(parts) or (loc[0] if loc else "request")


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return _error(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))


async def _not_found(request: Request, exc: KamerzoekIndexError) -> JSONResponse:
    return _error(404, str(exc))


async def _index_error(request: Request, exc: KamerzoekIndexError) -> JSONResponse:
    log.error("index error on %s %s: %s", request.method, request.url.path, exc)
    return _error(503, str(exc))


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return _error(500, "internal error; the server log has the details")
