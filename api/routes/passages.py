"""``GET /passages/{chunk_id}``: a passage with its surroundings, for reading a citation in context."""
from __future__ import annotations

from fastapi import APIRouter

from api.deps import CatalogDep
from api.models import ERROR_RESPONSES, DocumentSummary, PassageContextOut, PassageOut

router = APIRouter(prefix="/passages", tags=["passages"])

CONTEXT_CHARS = 1500  # at most this much of the paragraph before/after


@router.get("/{chunk_id}", response_model=PassageContextOut, responses=ERROR_RESPONSES)
def get_passage(chunk_id: str, catalog: CatalogDep) -> PassageContextOut:
    """The passage, the paragraphs just before and after it, and the neighbouring passages."""
    passage = catalog.passage(chunk_id)  # UnknownChunkError → 404
    doc = catalog.document(passage.source)
    neighbours = catalog.neighbours(chunk_id, n=1)
    summary = DocumentSummary.from_stored(doc)
    return PassageContextOut(
        passage=PassageOut.model_validate(passage),
        document=summary,
        paragraph_before=paragraph_before(doc.text, passage.start),
        paragraph_after=paragraph_after(doc.text, passage.end),
        previous=[PassageOut.model_validate(p) for p in neighbours if p.ordinal < passage.ordinal],
        next=[PassageOut.model_validate(p) for p in neighbours if p.ordinal > passage.ordinal],
        page_url=page_url(summary.file_url, doc.kind, passage.page_start),
    )


def page_url(file_url: str, kind: str, page: int) -> str:
    """The original file, at ``page`` when it is a PDF (``#page=N`` is what PDF viewers follow)."""
    return f"{file_url}#page={page}" if kind == "pdf" else file_url


def paragraph_before(text: str, start: int) -> str:
    """The text from the last paragraph break before ``start`` (skipping the one at it) to ``start``."""
    head = text[:max(0, start)].rstrip()
    cut = head.rfind("\n\n")
    return head[cut + 2:].strip()[-CONTEXT_CHARS:] if head else ""


def paragraph_after(text: str, end: int) -> str:
    """The text from ``end`` to the next paragraph break after it (skipping the one at it)."""
    tail = text[max(0, end):].lstrip()
    cut = tail.find("\n\n")
    return (tail if cut < 0 else tail[:cut]).strip()[:CONTEXT_CHARS]
