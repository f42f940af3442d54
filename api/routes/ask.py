"""``POST /ask``: an extractive answer with numbered citations (no language model)."""
from __future__ import annotations

from fastapi import APIRouter

from api.answer import answer
from api.deps import CatalogDep, SearcherDep
from api.models import ERROR_RESPONSES, AskIn, AskOut, CitationOut, HitOut

router = APIRouter(tags=["ask"])


@router.post("/ask", response_model=AskOut, responses=ERROR_RESPONSES)
async def ask(body: AskIn, searcher: SearcherDep, catalog: CatalogDep) -> AskOut:
    """Answer ``question`` with the best 1–3 sentences of the retrieved passages.

    Each sentence ends in ``[n]``; citation ``n`` is the passage that holds
    that exact sentence (``quote``). When no passage answers the question,
    ``found`` is false and ``answer`` says so, with no citations.
    """
    if body.source is not None:
        catalog.document(body.source)  # raises UnknownSourceError → 404
    result = answer(body.question, searcher, k=body.k, filters=body.filters())
    return AskOut(
        answer=result.text,
        found=result.found,
        citations=[
            CitationOut(n=c.n, chunk_id=c.hit.chunk_id, source=c.hit.source, title=c.hit.title,
                        date=c.hit.date, page_start=c.hit.page_start, quote=c.quote)
            for c in result.citations
        ],
        passages=[HitOut.model_validate(h) for h in result.passages],
    )
