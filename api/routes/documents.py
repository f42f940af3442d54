"""``GET /documents``, ``GET /documents/{source}`` and the original file at ``/documents/{source}/file``."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from api.deps import CatalogDep
from api.models import ERROR_RESPONSES, DocumentOut, DocumentsOut, DocumentSummary
from ingest.names import from_stored

router = APIRouter(prefix="/documents", tags=["documents"])

_MEDIA_TYPES = {".pdf": "application/pdf"}  # everything else is served as plain text


@router.get("", response_model=DocumentsOut)
def list_documents(catalog: CatalogDep) -> DocumentsOut:
    """Every document in the catalog (failed ones too, see ``status``), ordered by source."""
    data = [DocumentSummary.from_stored(d) for d in catalog.documents()]
    return DocumentsOut(data=data, count=len(data))


@router.get("/{source}", response_model=DocumentOut, responses=ERROR_RESPONSES)
def get_document(source: str, catalog: CatalogDep) -> DocumentOut:
    """One document: metadata, the cleaned text, its footnotes and its passages.

    The same JSON as ``kamerzoek document SOURCE --json``.
    """
    return DocumentOut.from_catalog(catalog, source)  # UnknownSourceError → 404


@router.get(
    "/{source}/file",
    response_class=FileResponse,
    responses={
        200: {"description": "The original file", "content": {"application/pdf": {}, "text/plain": {}}},
        **ERROR_RESPONSES,
    },
)
def get_file(source: str, catalog: CatalogDep) -> FileResponse:
    """The document's original file as ingested; link a PDF page with ``#page=N``.

    The path comes from the catalog row of ``source``; the request's text is
    never used as a path. Non-PDF files are served as plain text.
    """
    doc = catalog.document(source)  # UnknownSourceError → 404
    path = from_stored(doc.path) if doc.path else None
    if path is None or not path.is_file():
        raise HTTPException(404, f"the original file of {source!r} is no longer available"
                                 + (f" at {doc.path}" if doc.path else ""))
    media_type = _MEDIA_TYPES.get(path.suffix.lower(), "text/plain; charset=utf-8")
    return FileResponse(path, media_type=media_type,
                        headers={"X-Content-Type-Options": "nosniff",
                                 "Content-Disposition": f"inline; filename*=UTF-8''{quote(path.name, safe='')}"})
