"""``GET /health``: is the service up, and what does its index hold."""
from __future__ import annotations

from fastapi import APIRouter

from api.deps import CatalogDep, SettingsDep
from api.models import HealthOut

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut)
def health(catalog: CatalogDep, settings: SettingsDep) -> HealthOut:
    """Counts of documents and passages, the embedding model and the catalog generation."""
    documents = [d for d in catalog.documents() if d.status == "ok"]
    return HealthOut(
        status="ok",
        documents=len(documents),
        passages=sum(d.passage_count for d in documents),
        model=settings.model,
        generation=catalog.generation(),
    )
