"""Shared dependencies of the routes: settings, the catalog and the one Searcher.

All three are created once per app in ``api.main``'s lifespan and kept on
``app.state``; routes receive them through the ``Annotated`` aliases below
(``SettingsDep``, ``CatalogDep``, ``SearcherDep``) so a route never builds its
own. Route functions that use the catalog or searcher are ``async def``: they
run on the event-loop thread, the thread that opened the SQLite connection, so
one connection serves every request without cross-thread use.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, HTTPException, Request

from index.config import Settings

if TYPE_CHECKING:  # heavy imports (chromadb, torch) only for type checkers
    from index.catalog import Catalog
    from index.search import Searcher


def _state(request: Request, name: str) -> Any:
    """``app.state.<name>``, or a 503 while the lifespan has not opened the index."""
    value = getattr(request.app.state, name, None)
    if value is None:
        raise HTTPException(503, "the index is not loaded (the server is starting or failed to start)")
    return value


async def get_settings(request: Request) -> Settings:
    """The app's settings (data dir, model, Chroma URL)."""
    return request.app.state.settings


async def get_catalog(request: Request) -> "Catalog":
    """The app's catalog (SQLite), opened at startup: the generation the Searcher serves,
    moved on to a newer complete one if an ingest published it."""
    catalog = _state(request, "catalog")
    _state(request, "searcher").refresh_snapshot()
    return catalog


async def get_searcher(request: Request) -> "Searcher":
    """The app's one Searcher, loaded and warmed at startup."""
    return _state(request, "searcher")


SettingsDep = Annotated[Settings, Depends(get_settings)]
if TYPE_CHECKING:
    CatalogDep = Annotated[Catalog, Depends(get_catalog)]
    SearcherDep = Annotated[Searcher, Depends(get_searcher)]
else:  # FastAPI resolves annotations at import time; keep chromadb/torch out of it
    CatalogDep = Annotated[Any, Depends(get_catalog)]
    SearcherDep = Annotated[Any, Depends(get_searcher)]
