"""``GET /``: the search page for people (server-rendered shell, a little vanilla JS)."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.deps import CatalogDep
from api.models import DocumentSummary
from index.models import PassageKind

router = APIRouter(tags=["page"])
templates = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")

# Everything the page loads comes from this server: no CDN, no inline script.
CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

KIND_LABELS = {PassageKind.MOTION: "Moties", PassageKind.COMMITMENT: "Toezeggingen",
               PassageKind.MEASURE: "Maatregelen"}


@router.get("/", response_class=HTMLResponse)
def page(request: Request, catalog: CatalogDep) -> HTMLResponse:
    """The search page: search box, filters, answer with citations, results."""
    documents = [DocumentSummary.from_stored(d) for d in catalog.documents() if d.status == "ok"]
    documents.sort(key=lambda d: d.date)
    return templates.TemplateResponse(
        request, "index.html", {"documents": documents, "kinds": KIND_LABELS},
        headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"},
    )
