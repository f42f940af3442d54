"""One APIRouter per resource: search, ask, documents, passages, health, the page."""
