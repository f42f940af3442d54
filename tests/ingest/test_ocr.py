"""Scanned PDFs: pages that are only an image are read with the real Tesseract (Dutch).

The scan is made here: text drawn on a white image with Pillow (reportlab's bundled Vera
font), placed as the only content of a PDF page with reportlab. Tesseract is a Debian
package installed by ``scripts/test-deps.sh`` (run by ``make test``).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest import ocr
from ingest.errors import OcrUnavailableError
from ingest.load import load_document

pytestmark = pytest.mark.integration

LINES = [
    "Geachte voorzitter,",
    "",
    "Hierbij bied ik u het verslag aan over",
    "hybride werken bij de rijksoverheid.",
    "Werknemers werken gemiddeld twee dagen",
    "per week thuis.",
]


def _scan(path: Path, lines: list[str], text_page: str | None = None, foot: list[str] = ()) -> Path:
    """A PDF whose first page is a 200 dpi scan of ``lines`` (and of ``foot`` in a smaller size at
    the foot of the page); optionally a second page with a text layer."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab import __file__ as rl_file
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    vera = str(Path(rl_file).parent / "fonts" / "Vera.ttf")
    font, small = ImageFont.truetype(vera, 44), ImageFont.truetype(vera, 30)
    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    y = 250
    for line in lines:
        draw.text((180, y), line, font=font, fill=0)
        y += 70
    y = 2339 - 250 - 45 * len(foot)
    for line in foot:
        draw.text((180, y), line, font=small, fill=0)
        y += 45
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.drawImage(ImageReader(image), 0, 0, width=595, height=842)
    c.showPage()
    if text_page:
        c.setFont("Helvetica", 11)
        c.drawString(72, 760, text_page)
        c.showPage()
    c.save()
    return path


def test_scanned_page_is_read_by_tesseract(tmp_path):
    doc = load_document(_scan(tmp_path / "scan.pdf", LINES))
    assert doc.metadata.ocr_pages == (1,)
    words = doc.text.split()
    assert doc.text.startswith("Geachte voorzitter,")
    for word in ("verslag", "hybride", "rijksoverheid.", "Werknemers", "gemiddeld", "thuis."):
        assert word in words, doc.text
    assert "\n\nHierbij bied ik u het verslag aan over hybride werken bij de rijksoverheid." in doc.text


def test_scanned_footnote_and_page_number_stay_out_of_the_body(tmp_path):
    """The scan goes through the layout rules: smaller lines at the foot are notes, the page number
    at the page edge is a running line."""
    doc = load_document(_scan(tmp_path / "scan.pdf", LINES,
                              foot=["1 Kamerstuk 25 883, nr. 484.", "", "", "Pagina 1 van 1"]))
    assert [(f.number, f.text) for f in doc.footnotes] == [(1, "Kamerstuk 25 883, nr. 484.")]
    assert doc.text.endswith("per week thuis.") and "Pagina" not in doc.text and "Kamerstuk" not in doc.text


def test_scan_beside_text_pages(tmp_path):
    doc = load_document(_scan(tmp_path / "gemengd.pdf", LINES, text_page="Bijlage met tekstlaag."))
    assert doc.metadata.ocr_pages == (1,)
    assert doc.text.endswith("Bijlage met tekstlaag.")
    assert len(doc.pages) == 2


@pytest.fixture
def no_tesseract(monkeypatch):
    """Tesseract as on a machine without it: its command is not there."""
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    ocr._languages.cache_clear()
    yield
    ocr._languages.cache_clear()


def test_missing_tesseract_says_how_to_install(tmp_path, no_tesseract):
    path = _scan(tmp_path / "scan.pdf", LINES)
    with pytest.raises(OcrUnavailableError) as err:
        load_document(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith("scan.pdf: ")
    assert "apt-get install tesseract-ocr tesseract-ocr-nld" in message


def test_missing_tesseract_keeps_the_text_pages(tmp_path, no_tesseract, caplog):
    doc = load_document(_scan(tmp_path / "gemengd.pdf", LINES, text_page="Bijlage met tekstlaag."))
    assert doc.text == "Bijlage met tekstlaag." and doc.metadata.ocr_pages == ()
    assert any("tesseract-ocr-nld" in r.getMessage() and "gemengd.pdf" in r.getMessage() for r in caplog.records)
