"""``POST /ask``: an extractive answer with numbered citations (no language model)."""
from __future__ import annotations

from fastapi import APIRouter

from api.deps import CatalogDep, RunnerDep
from api.models import ERROR_RESPONSES, AskIn, AskOut
from api.responses import ModelResponse

router = APIRouter(tags=["ask"])


@router.post("/ask", response_model=AskOut, responses=ERROR_RESPONSES)
def ask(body: AskIn, runner: RunnerDep, catalog: CatalogDep) -> ModelResponse:
    """Answer ``question`` with the best 1–3 sentences of the retrieved passages.

    Each sentence ends in ``[n]``; citation ``n`` is the passage that holds
    that exact sentence (``quote``). When no passage answers the question,
    ``found`` is false and ``answer`` says so, with no citations.
    """
    if body.source is not None:
        catalog.document(body.source)  # raises UnknownSourceError → 404
    result = runner.answer(body.question, k=body.k, filters=body.filters())
    return ModelResponse(AskOut.from_answer(result))
