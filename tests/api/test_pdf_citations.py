"""A PDF letter through the API: its original file, and citations that open it at the page."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PAGES = [
    ["Kamerbrief over werkplekken van het Rijk", "",
     "Hierbij informeer ik uw Kamer over de werkplekken van de rijksoverheid.",
     "De behoefte aan flexibele werkplekken neemt toe sinds de coronapandemie."],
    ["Regionale werkplekken", "",
     "Het Ministerie van BZK heeft in 2024 twaalf regionale werkhubs geopend in Zwolle en Eindhoven.",
     "Medewerkers kunnen daar dicht bij huis werken en collega's ontmoeten."],
]


def render(path: Path) -> Path:
    """A two-page PDF letter (reportlab), one line of text per entry of ``PAGES``."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    for lines in PAGES:
        y = 780
        for line in lines:
            pdf.setFont("Helvetica", 11)
            pdf.drawString(60, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def pdf_client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from api.main import create_app
    from index.pipeline import ingest_paths

    root = tmp_path_factory.mktemp("pdf")
    letters = root / "letters"
    letters.mkdir()
    render(letters / "werkhubs.pdf")
    settings = make_settings(root / "data")
    report = ingest_paths([letters], settings, progress=False)
    assert report.ok, [r.message for r in report.failures]
    with TestClient(create_app(settings)) as client:
        yield client, letters / "werkhubs.pdf"


def test_pdf_file_is_served_as_pdf(pdf_client):
    client, path = pdf_client
    (doc,) = client.get("/documents").json()["data"]
    assert doc["source"] == "werkhubs.pdf" and doc["kind"] == "pdf"
    response = client.get(doc["file_url"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content == path.read_bytes()


def test_citation_of_a_pdf_opens_it_at_the_page(pdf_client):
    client, _ = pdf_client
    body = client.post("/ask", json={"question": "Hoeveel regionale werkhubs zijn er geopend?"}).json()
    assert body["found"], body
    citation = body["citations"][0]
    assert "twaalf regionale werkhubs geopend" in citation["quote"]
    assert citation["page_start"] == 2
    context = client.get(f"/passages/{citation['chunk_id']}").json()
    assert context["page_url"] == f"/documents/werkhubs.pdf/file#page={context['passage']['page_start']}"
    assert citation["quote"] in context["passage"]["text"]
