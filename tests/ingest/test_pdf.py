"""The PDF path: PDFs typeset from the corpus documents parse to the same body and footnotes.

The PDFs are rendered by ``conftest.render_pdf`` with reportlab (body 11 pt, bold
headings, footnotes 8 pt at the foot of each page) and parsed with pypdf.
"""
from __future__ import annotations

import re

import pytest

from ingest.chunking import chunk_document
from ingest.load import load_document

pytestmark = pytest.mark.unit

KEYS = ["000", "001", "002", "003", "004"]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def pdf_docs(docs, pdf_renderer, tmp_path_factory):
    """(key, glued) → the Document parsed back from the rendered PDF."""
    out = tmp_path_factory.mktemp("pdf")
    parsed = {}
    for key in KEYS:
        for glued in (False, True):
            path = out / f"{key}_{'glued' if glued else 'sup'}.pdf"
            pdf_renderer(docs[key], path, glued=glued)
            parsed[key, glued] = load_document(path)
    return parsed


@pytest.mark.parametrize("glued", [False, True], ids=["superscript", "glued"])
@pytest.mark.parametrize("key", KEYS)
def test_pdf_body_matches_text_path(docs, pdf_docs, key, glued):
    doc, pdf = docs[key], pdf_docs[key, glued]
    assert pdf.kind == "pdf"
    assert _norm(pdf.text) == _norm(doc.text)
    assert len(pdf.pages) == len(doc.pages)


@pytest.mark.parametrize("glued", [False, True], ids=["superscript", "glued"])
@pytest.mark.parametrize("key", KEYS)
def test_pdf_footnotes_match_text_path(docs, pdf_docs, key, glued):
    doc, pdf = docs[key], pdf_docs[key, glued]
    assert [(f.number, f.text, f.page, f.references) for f in pdf.footnotes] == \
           [(f.number, f.text, f.page, f.references) for f in doc.footnotes]
    assert [(m.number, m.page) for m in pdf.markers] == [(m.number, m.page) for m in doc.markers]


@pytest.mark.parametrize("key", KEYS)
def test_pdf_headings_and_passages(docs, pdf_docs, key):
    doc, pdf = docs[key], pdf_docs[key, False]
    assert [h.text for h in pdf.headings] == [h.text for h in doc.headings]
    passages = chunk_document(pdf)
    assert all(pdf.text[p.start:p.end] == p.text and len(p.text) <= 1200 for p in passages)
    assert sorted(n.number for p in passages for n in p.footnotes) == [f.number for f in doc.footnotes]


def test_002_mobiliteitsbeleid_rejoined_in_pdf(pdf_docs):
    assert "Kennisinstituut voor Mobiliteitsbeleid blijkt" in pdf_docs["002", False].text
    assert "Kennisinstituut voor Mobiliteitsbeleid blijkt" in pdf_docs["002", True].text


def test_pdf_van_weyenberg_footnote(pdf_docs):
    pdf = pdf_docs["001", False]
    passage = next(p for p in chunk_document(pdf) if "de motie van de leden Van Weyenberg en Smeulders" in p.text)
    assert any(f.number == 7 and f.text == "Kamerstuk 35 669, nr. 36." for f in passage.footnotes)


def test_running_page_numbers_are_not_text_or_footnotes(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "paginanummers.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for page, (body, note) in enumerate([
        ("Het kabinet steunt de motie van de leden Van Weyenberg en Smeulders1 en gaat", "1 Kamerstuk 35 669, nr. 36."),
        ("verder met de uitvoering van de motie.", None),
    ], start=1):
        c.setFont("Helvetica", 11)
        c.drawString(72, 760, body)
        c.setFont("Helvetica", 8)
        if note:
            c.drawString(72, 90, note)
        c.drawString(290, 40, str(page))
        c.showPage()
    c.save()
    doc = load_document(path)
    assert doc.text == ("Het kabinet steunt de motie van de leden Van Weyenberg en Smeulders en gaat "
                        "verder met de uitvoering van de motie.")
    assert [(f.number, f.text, f.page) for f in doc.footnotes] == [(1, "Kamerstuk 35 669, nr. 36.", 1)]
    assert [(m.number, m.page) for m in doc.markers] == [(1, 1)]
