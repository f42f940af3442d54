"""Shared dependencies of the routes: settings, the catalog and the one Searcher.

All three are created once per app in ``api.main``'s lifespan and kept on
``app.state``; routes receive them through the ``Annotated`` aliases below
(``SettingsDep``, ``CatalogDep``, ``SearcherDep``) so a route never builds its
own. Routes are plain ``def`` functions: FastAPI runs them in its thread pool,
so CPU work and SQLite never block the event loop and requests are served
side by side. Both shared objects are made for that: the catalog gives each
thread its own SQLite connection, and the Searcher locks only while it opens
or reloads a part.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from index.catalog import Catalog
from index.config import Settings
from index.search import Searcher
from index.search_runner import SearchRunner


def _state(request: Request, name: str) -> Any:
    """``app.state.<name>``, or a 503 while the lifespan has not opened the index."""
    value = getattr(request.app.state, name, None)
    if value is None:
        raise HTTPException(503, "the index is not loaded (the server is starting or failed to start)")
    return value


async def get_settings(request: Request) -> Settings:
    """The app's settings (data dir, model, Chroma URL)."""
    return request.app.state.settings


async def get_catalog(request: Request) -> Catalog:
    """The app's catalog (SQLite), opened at startup."""
    return _state(request, "catalog")


async def get_searcher(request: Request) -> Searcher:
    """The app's one Searcher, loaded and warmed at startup."""
    return _state(request, "searcher")


async def get_runner(request: Request) -> SearchRunner:
    """Where /search and /ask run: the app's Searcher, or its search processes."""
    return _state(request, "runner")


SettingsDep = Annotated[Settings, Depends(get_settings)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]
SearcherDep = Annotated[Searcher, Depends(get_searcher)]
RunnerDep = Annotated[SearchRunner, Depends(get_runner)]
