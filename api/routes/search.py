"""``GET /search``: ranked, citable passages for a query, with filters."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CatalogDep, SearcherDep
from api.models import ERROR_RESPONSES, HitOut, SearchOut, SearchParams
from api.responses import ModelResponse

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchOut, responses=ERROR_RESPONSES)
def search(params: Annotated[SearchParams, Query()], searcher: SearcherDep,
                 catalog: CatalogDep) -> ModelResponse:
    """The ``k`` best passages for ``q`` (lexical, dense or hybrid), each with its citation.

    Results carry the fields of ``kamerzoek search --json``; ``highlights`` are
    character spans of ``text`` that match the query's terms. An unknown
    ``source`` is a 404 (it names the known sources) rather than an empty list.
    """
    if params.source is not None:
        catalog.document(params.source)  # raises UnknownSourceError → 404
    hits = searcher.search(params.q, k=params.k, mode=params.mode, filters=params.filters())
    return ModelResponse(SearchOut(query=params.q, mode=params.mode,
                                   results=[HitOut.model_validate(h) for h in hits]))
