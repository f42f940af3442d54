"""``GET /search``: ranked, citable passages for a query, with filters, sort and facets."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api import export
from api.deps import CatalogDep, RunnerDep
from api.models import ERROR_RESPONSES, SearchOut, SearchParams
from api.responses import ModelResponse

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchOut,
            responses={**ERROR_RESPONSES, 200: {"content": {"text/csv": {}}, "description": "the results"}})
def search(params: Annotated[SearchParams, Query()], runner: RunnerDep,
           catalog: CatalogDep) -> Response:
    """The ``k`` best passages for ``q`` (lexical, dense or hybrid), each with its citation.

    Results carry the fields of ``kamerzoek search --json``; ``highlights`` are
    character spans of ``text`` that match the query's terms. A query that is a
    Kamerstuk reference or a motion by its submitters (``Kamerstuk 35 669, nr. 36``,
    ``motie Van Weyenberg Smeulders``) lists the passages citing it first and
    says so in ``reference``. ``sort=date`` puts the newest letters first;
    ``facets`` count the candidates per document, year, type and dossier;
    ``format=csv`` returns the results as CSV. An unknown ``source`` is a 404
    (it names the known sources) rather than an empty list.
    """
    if params.source is not None:
        catalog.document(params.source)  # raises UnknownSourceError → 404
    page = runner.search_page(params.q, k=params.k, mode=params.mode, filters=params.filters(),
                              sort=params.sort)
    out = SearchOut.from_page(params.q, params.mode, params.sort, page)
    if params.format == "csv":
        rows = export.search_rows(h.model_dump() for h in out.results)
        return Response(export.to_csv(rows, export.SEARCH_COLUMNS), media_type=export.CSV_MEDIA_TYPE,
                        headers={"Content-Disposition": 'attachment; filename="search.csv"'})
    return ModelResponse(out)
