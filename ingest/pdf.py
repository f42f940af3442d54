"""Parse PDFs page by page with pypdf, separating body text from the footnotes at the foot.

pypdf's ``visitor_text`` reports every text run with its font size and position.
The body font size is the one carrying most characters; runs in a clearly smaller
size are either superscript markers inside a body line (digits only, on a body
line's baseline) or footnote text (lines of their own, at the page foot). Vertical
gaps larger than the usual line spacing separate paragraphs; a line set entirely in
a bold face that looks like a title is a heading. Markers typeset as ordinary glued
digits are resolved as in the plain-text path, from the footnotes on the page.
"""
from __future__ import annotations

import io
import logging
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from ingest.errors import CorruptPdfError, EmptyFileError, EncryptedPdfError
from ingest.footnotes import FOOTNOTE_OPENING, RawFootnote, resolve_markers
from ingest.layout import Assembled, Block, RawPage, assemble, line_width
from ingest.marks import MARK_RE, mark

logging.getLogger("pypdf").setLevel(logging.ERROR)
_SMALLER = 1.5  # points below the body size that make a run "small"
_PAGE_NUMBER = re.compile(r"^\s*(?:pagina\s+|page\s+|blz\.?\s+)?\d{1,3}(?:\s*(?:van|/|of)\s*\d{1,3})?\s*$",
                          re.IGNORECASE)


@dataclass
class _Run:
    text: str
    size: float
    bold: bool


@dataclass
class _Line:
    y: float
    runs: list[_Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    def size(self) -> float:
        sizes = [r.size for r in self.runs if r.text.strip()]
        return max(sizes) if sizes else 0.0


def _open(raw: bytes, path):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not raw.lstrip().startswith(b"%PDF"):
        raise CorruptPdfError(path, "no PDF header")
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # e.g. AES without the optional cryptography package
                raise EncryptedPdfError(path, f"cannot decrypt ({type(exc).__name__})") from None
            if not opened:
                raise EncryptedPdfError(path, "a password is required")
        _ = len(reader.pages)
    except (EncryptedPdfError, CorruptPdfError):
        raise
    except PdfReadError as exc:
        if "decrypt" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise EncryptedPdfError(path, str(exc).splitlines()[0]) from None
        raise CorruptPdfError(path, str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    except Exception as exc:  # pypdf raises many types on damaged files
        raise CorruptPdfError(path, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from None
    return reader


def _page_lines(page) -> list[_Line]:
    """The page's text lines, top to bottom, each as runs with their font size."""
    lines: list[_Line] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text:
            return
        scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]) or 1.0
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        base = str((font_dict or {}).get("/BaseFont", "")) if hasattr(font_dict, "get") else ""
        bold = "bold" in base.lower() or "bd" in base.lower().split("+")[-1]
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i > 0 or not lines or abs(lines[-1].y - y) > 1.5:
                if i > 0 and not piece:
                    continue
                lines.append(_Line(y))
            if piece:
                lines[-1].runs.append(_Run(piece, font_size * scale, bold))

    page.extract_text(visitor_text=visit)
    return [ln for ln in lines if ln.text.strip()]


def _body_size(pages: list[list[_Line]]) -> float:
    weights: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            for run in line.runs:
                weights[round(run.size, 1)] += len(run.text.strip())
    return weights.most_common(1)[0][0] if weights else 0.0


def _body_text(line: _Line, body: float) -> str:
    """A body line's text with small digit-only runs (superscript markers) as sentinels."""
    parts = []
    for run in line.runs:
        if run.size < body - _SMALLER and run.text.strip().isdigit():
            parts.append(mark(int(run.text.strip())))
        else:
            parts.append(run.text)
    return "".join(parts)


def _footnote_text(line: _Line) -> str:
    """A footnote line; a raised number smaller than the note text becomes ``N text``."""
    runs = [r for r in line.runs if r.text.strip()]
    if len(runs) > 1 and runs[0].text.strip().isdigit() and runs[0].size < runs[1].size - 0.5:
        return runs[0].text.strip() + " " + "".join(r.text for r in runs[1:]).strip()
    return line.text


@dataclass
class _Page:
    body: list[str]  # lines; "" marks a paragraph gap
    headings: set[int]  # indexes into body of bold title lines
    notes: list[str]


def _drop_page_numbers(lines: list[_Line]) -> list[_Line]:
    """Remove a running page number ("3", "3 / 5", "Pagina 3 van 5") at the top or foot of a page."""
    while lines and _PAGE_NUMBER.match(lines[-1].text):
        lines = lines[:-1]
    while lines and _PAGE_NUMBER.match(lines[0].text):
        lines = lines[1:]
    return lines


def _split_page(lines: list[_Line], body: float) -> _Page:
    lines = _drop_page_numbers(lines)
    body_lines = [ln for ln in lines if ln.size() >= body - _SMALLER]
    note_lines = [ln for ln in lines if ln.size() < body - _SMALLER]
    gaps = [a.y - b.y for a, b in zip(body_lines, body_lines[1:]) if a.y > b.y]
    spacing = statistics.median(gaps) if gaps else body * 1.2
    out: list[str] = []
    headings: set[int] = set()
    for i, line in enumerate(body_lines):
        if i and body_lines[i - 1].y - line.y > 1.6 * spacing:
            out.append("")
        if all(r.bold for r in line.runs if r.text.strip()):
            headings.add(len(out))
        out.append(_body_text(line, body))
    return _Page(out, headings, [_footnote_text(ln) for ln in note_lines])


def _notes(lines: list[str], expected: int, page: int) -> list[RawFootnote]:
    notes: list[RawFootnote] = []
    for line in lines:
        m = FOOTNOTE_OPENING.match(line.strip())
        if m and int(m.group(1)) == expected:
            notes.append(RawFootnote(expected, page, [m.group(2) or ""]))
            expected += 1
        elif notes and line.strip():
            notes[-1].lines.append(line)
    return notes


def parse_pdf(raw: bytes, path) -> Assembled:
    """Parse PDF bytes into the cleaned, footnote-aware body."""
    reader = _open(raw, path)
    try:
        page_lines = [_page_lines(page) for page in reader.pages]
    except Exception as exc:  # a damaged content stream
        raise CorruptPdfError(path, f"cannot extract text: {type(exc).__name__}") from None
    body = _body_size(page_lines)
    if not body:
        raise EmptyFileError(path, "no extractable text (a scanned PDF?)")
    raw_pages: list[RawPage] = []
    all_lines: list[str] = []
    expected = 1
    for number, lines in enumerate(page_lines, start=1):
        page = _split_page(lines, body)
        notes = _notes(page.notes, expected, number)
        expected += len(notes)
        marked = {int(n) for line in page.body for n in MARK_RE.findall(line)}
        text, _ = resolve_markers("\n".join(page.body), [n.number for n in notes if n.number not in marked])
        body_lines = text.split("\n")
        all_lines.extend(body_lines)
        blocks: list[Block] = []
        current: list[str] = []
        for i, line in enumerate(body_lines + [""]):
            if i in page.headings and line:
                if current:
                    blocks.append(Block(current, number))
                    current = []
                if i - 1 in page.headings and blocks and blocks[-1].heading_level:
                    blocks[-1].lines.append(line)  # a title wrapped over two lines
                else:
                    blocks.append(Block([line], number, heading_level=2))
            elif line.strip():
                current.append(line)
            elif current:
                blocks.append(Block(current, number))
                current = []
        raw_pages.append(RawPage(number, blocks, notes))
    return assemble(raw_pages, line_width(all_lines), heuristics=True)
