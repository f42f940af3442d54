"""``POST /watches``, ``GET /watches``, ``GET /watches/{id}/feed.atom``, ``DELETE /watches/{id}``.

Saved searches (``index.watches``) in the catalog; their new hits after each
ingest as an Atom 1.0 feed. The body of ``POST /watches`` is a query with the
filters of ``/search``; a motion id or commitment id as the query follows that
item's new mentions.
"""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from api.atom import ATOM_MEDIA_TYPE, watch_feed
from api.deps import CatalogDep, SearcherDep
from api.models import ERROR_RESPONSES, WatchesOut, WatchIn, WatchOut
from index import watches
from index.catalog import Catalog
from index.errors import UnknownWatchError

router = APIRouter(tags=["watches"])


def _known(catalog: Catalog, watch_id: str) -> None:
    try:
        watches.get(catalog, watch_id)
    except UnknownWatchError as err:
        raise HTTPException(404, str(err)) from None


@router.post("/watches", response_model=WatchOut, status_code=201, responses=ERROR_RESPONSES)
def add_watch(body: WatchIn, catalog: CatalogDep, searcher: SearcherDep) -> WatchOut:
    """Save a watch; its current hits are the baseline, later ones are new."""
    if body.source is not None:
        catalog.document(body.source)  # UnknownSourceError → 404
    return WatchOut.model_validate(watches.add(catalog, searcher, body.query, body.mode, body.filters()))


@router.get("/watches", response_model=WatchesOut)
def list_watches(catalog: CatalogDep) -> WatchesOut:
    """Every watch, oldest first."""
    return WatchesOut.of(watches.list_watches(catalog))


@router.get("/watches/{watch_id}/feed.atom", responses={**ERROR_RESPONSES,
            200: {"content": {"application/atom+xml": {}}, "description": "Atom 1.0 feed"}})
def watch_feed_atom(watch_id: str, request: Request, catalog: CatalogDep, searcher: SearcherDep) -> Response:
    """Atom 1.0: one entry per passage found since the watch was made, newest first."""
    _known(catalog, watch_id)
    watch, hits = watches.feed(catalog, searcher, watch_id)
    return Response(watch_feed(watch, hits, str(request.base_url)), media_type=ATOM_MEDIA_TYPE)


@router.delete("/watches/{watch_id}", status_code=204, responses=ERROR_RESPONSES)
def delete_watch(watch_id: str, catalog: CatalogDep) -> Response:
    """Delete a watch and what it found."""
    _known(catalog, watch_id)
    watches.remove(catalog, watch_id)
    return Response(status_code=204)
