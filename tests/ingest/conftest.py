"""Shared fixtures for the ingestion tests: the real corpus, parsed once, and a PDF renderer.

The renderer typesets a parsed corpus document as a PDF the way Kamerbrieven are laid
out: one PDF page per page of the letter, body in 11 pt, headings bold, footnotes in
8 pt at the foot of the page, markers as superscripts (or as digits glued to the word).
A word that a page break splits is hyphenated at the end of the page.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from reportlab import __file__ as rl_file
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ingest.load import load_document
from ingest.manifest import load_manifest
from ingest.models import Document
from tests.conftest import CORPUS

SOURCES = sorted(p.name for p in CORPUS.iterdir() if p.suffix == ".txt")


@pytest.fixture(scope="session")
def docs() -> dict[str, Document]:
    """Every corpus document parsed once, keyed by its number prefix ("000" … "004")."""
    manifest = load_manifest(CORPUS)
    return {name[:3]: load_document(CORPUS / name, manifest) for name in SOURCES}


def _fonts() -> tuple[str, str]:
    font_dir = Path(rl_file).parent / "fonts"
    if "KzBody" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("KzBody", str(font_dir / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("KzBold", str(font_dir / "VeraBd.ttf")))
    return "KzBody", "KzBold"


def _runs_with_markers(text: str, markers: list[tuple[int, int]], glued: bool) -> list[tuple[str, bool]]:
    """Text as (run, is_superscript) with each marker inserted at its offset."""
    runs: list[tuple[str, bool]] = []
    cursor = 0
    for offset, number in sorted(markers):
        runs.append((text[cursor:offset], False))
        runs.append((str(number), not glued))
        cursor = offset
    runs.append((text[cursor:], False))
    return [r for r in runs if r[0]]


def _words(runs: list[tuple[str, bool]]) -> list[list[tuple[str, bool]]]:
    """Runs regrouped into words (whitespace-separated), keeping superscripts glued."""
    words: list[list[tuple[str, bool]]] = [[]]
    for text, sup in runs:
        if sup:
            words[-1].append((text, True))
            continue
        for i, part in enumerate(text.split(" ")):
            if i > 0:
                words.append([])
            if part:
                words[-1].append((part, False))
    return [w for w in words if w]


def render_pdf(doc: Document, out: Path, glued: bool = False) -> Path:
    """Typeset ``doc`` (a parsed corpus document) as a PDF at ``out``."""
    body_font, bold_font = _fonts()
    width, margin, body_size, note_size, sup_size = 595.0, 60.0, 11.0, 8.0, 7.0
    usable = width - 2 * margin
    heading_starts = {h.start for h in doc.headings}

    def wrap(words, size, font):
        lines, current, current_w = [], [], 0.0
        for word in words:
            w = sum(stringWidth(t, font, sup_size if sup else size) for t, sup in word)
            space = stringWidth(" ", font, size) if current else 0.0
            if current and current_w + space + w > usable:
                lines.append(current)
                current, current_w = [], 0.0
                space = 0.0
            current.append(word)
            current_w += space + w
        if current:
            lines.append(current)
        return lines

    pages_out = []
    for i, page in enumerate(doc.pages):
        text = doc.text[page.start:page.end]
        nxt = doc.pages[i + 1] if i + 1 < len(doc.pages) else None
        hyphen = bool(nxt and text[-1:].isalpha() and doc.text[nxt.start:nxt.start + 1].isalpha())
        body_lines = []  # (font, words) or None for a paragraph gap
        offset = page.start
        for para in text.split("\n\n"):
            start = doc.text.find(para, offset) if para else offset
            offset = start + len(para)
            stripped = para.strip()
            if not stripped:
                continue
            lead = len(para) - len(para.lstrip())
            markers = [(m.offset - start - lead, m.number) for m in doc.markers
                       if start < m.offset <= start + len(para)]
            words = _words(_runs_with_markers(stripped, markers, glued))
            if offset == page.end and hyphen:
                words[-1].append(("-", False))
            font = bold_font if (start + lead) in heading_starts else body_font
            if body_lines:
                body_lines.append(None)
            body_lines.extend((font, line) for line in wrap(words, body_size, font))
        notes = []
        for fn in (f for f in doc.footnotes if f.page == page.number):
            notes.extend(wrap(_words([(f"{fn.number} {fn.text}", False)]), note_size, body_font))
        height = max(842.0, 2 * margin + 14 * len(body_lines) + 10 * len(notes) + 40)
        pages_out.append((height, body_lines, notes))

    c = canvas.Canvas(str(out))
    for height, body_lines, notes in pages_out:
        c.setPageSize((width, height))
        y = height - margin
        for entry in body_lines:
            y -= 14
            if entry is None:
                continue
            font, words = entry
            t = c.beginText(margin, y)
            plain = ""
            for j, word in enumerate(words):
                plain += " " if j else ""
                for run, sup in word:
                    if not sup:
                        plain += run
                        continue
                    t.setFont(font, body_size)
                    t.textOut(plain)
                    plain = ""
                    t.setFont(font, sup_size)
                    t.setRise(4)
                    t.textOut(run)
                    t.setRise(0)
            t.setFont(font, body_size)
            t.textOut(plain)
            c.drawText(t)
        y = margin + 10 * len(notes)
        for words in notes:
            c.setFont(body_font, note_size)
            c.drawString(margin, y, " ".join("".join(r for r, _ in w) for w in words))
            y -= 10
        c.showPage()
    c.save()
    return out


@pytest.fixture(scope="session")
def pdf_renderer():
    return render_pdf
