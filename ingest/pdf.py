"""Parse PDFs page by page with pypdf, by layout: body, footnotes, running lines, colophon, margin.

pypdf's ``visitor_text`` reports every text run with its font, size and position; the
run's width comes from the font's widths (``pypdf.generic.Font``). ``ingest.pdf_regions``
classifies the runs' segments by geometry and repetition; only body segments form the
text. Within the body, runs in a clearly smaller size that are only digits are superscript
markers; vertical gaps larger than the usual line spacing separate paragraphs; a line set
entirely in a bold face is a heading. Markers typeset as ordinary glued digits are resolved
as in the plain-text path, from the footnotes on the page. Pages without a text layer are
read by Tesseract (``ingest.ocr``) into positioned runs that go through the same rules; a
page pypdf cannot read is reported in one line and skipped.
"""
from __future__ import annotations

import io
import logging
import math
import re
from dataclasses import dataclass, replace

from pypdf import PageObject, PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic._font import Font

from ingest import ocr
from ingest.errors import CorruptPdfError, EmptyFileError, EncryptedPdfError, OcrUnavailableError
from ingest.footnotes import FOOTNOTE_OPENING, RawFootnote, find_spaced_marker, resolve_markers
from ingest.layout import Assembled, Block, RawPage, assemble, line_width
from ingest.marks import MARK_RE, mark, visible
from ingest.metadata import NUMBER_LINE, from_lines
from ingest.models import DocumentMetadata
from ingest.pdf_regions import SMALLER, Geometry, PageLayout, Run, Segment, baseline_lines, classify, \
    note_lines, segments

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)
_HEAD_BLOCKS = 12  # first body paragraphs of page 1 read for metadata (title, date, sender)
_TAIL_BLOCKS = 4  # last body paragraphs read for metadata (the signature)


@dataclass(frozen=True)
class ParsedPdf:
    """The cleaned body, what the PDF states about itself, and the pages read by OCR."""

    assembled: Assembled
    metadata: DocumentMetadata


def _open(raw: bytes, path) -> PdfReader:
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


class _Widths:
    """Text widths from the fonts' width tables (pypdf's Font), per font resource, cached."""

    def __init__(self) -> None:
        self._fonts: dict[int, tuple[object, object | None]] = {}

    def width(self, text: str, font_dict, size: float, h_scale: float) -> float:
        key = id(font_dict)
        if key not in self._fonts:
            font = None
            try:
                font = Font.from_font_resource(font_dict) if font_dict is not None else None
            except Exception:  # a font pypdf cannot describe: estimate below
                font = None
            self._fonts[key] = (font_dict, font)
        font = self._fonts[key][1]
        if font is not None:
            try:
                return font.get_text_width(text) / 1000.0 * size * h_scale
            except Exception:
                pass
        return 0.5 * size * len(text)


class _PypdfProblems(list):
    """Collects what pypdf logs while it reads one page (it logs damaged streams and goes on),
    so that the problem is reported once, as one line naming the file and the page."""

    class _Handler(logging.Handler):
        def __init__(self, sink: list) -> None:
            super().__init__(logging.WARNING)
            self.sink = sink

        def emit(self, record: logging.LogRecord) -> None:
            self.sink.append(record.getMessage().splitlines()[0] if record.getMessage() else record.levelname)

    def __enter__(self) -> "_PypdfProblems":
        self._logger = logging.getLogger("pypdf")
        self._handler = self._Handler(self)
        self._level, self._propagate = self._logger.level, self._logger.propagate
        self._logger.addHandler(self._handler)
        self._logger.setLevel(logging.WARNING)
        self._logger.propagate = False
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self._handler)
        self._logger.setLevel(self._level)
        self._logger.propagate = self._propagate


def _page_runs(page: PageObject, widths: _Widths) -> list[Run]:
    """The page's text runs with position, size, boldness and width."""
    runs: list[Run] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text or not text.strip():
            return
        scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]) or 1.0
        h_scale = math.hypot(tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]) or 1.0
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        base = str(font_dict.get("/BaseFont", "")) if hasattr(font_dict, "get") else ""
        name = base.lower().split("+")[-1]
        bold = any(w in name for w in ("bold", "black", "heavy")) or name.endswith(("bd", "-bd"))
        size = font_size * scale
        for i, piece in enumerate(text.split("\n")):
            if piece.strip():
                # a second line inside one run: pypdf gives no position, one line lower is the best guess
                runs.append(Run(piece, x, y - i * 1.2 * size, size, bold,
                                widths.width(piece, font_dict, font_size, h_scale)))

    page.extract_text(visitor_text=visit)
    return runs


def _body_line(seg: Segment, body: float) -> str:
    """A body segment's text with small digit-only runs (superscript markers) as sentinels."""
    parts = []
    for run in seg.runs:
        if run.size < body - SMALLER and run.text.strip().isdigit():
            parts.append(mark(int(run.text.strip())))
        else:
            parts.append(run.text)
    return "".join(parts).rstrip("\n")


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


def _kop_lines(layout: PageLayout, geo: Geometry) -> tuple[list[str], str]:
    """Page 1's kop as text lines, and the stuk's title (``Nr. 143  MOTIE VAN …``, wrapped bold
    lines joined) that becomes the body's first heading."""
    segs = layout.of("kop")
    for seg in segs:
        m = NUMBER_LINE.match(seg.text)
        if not (m and m.group("title")):
            continue
        parts, last = [m.group("title").strip()], seg
        for nxt in layout.segments[layout.segments.index(seg) + 1:]:
            if nxt.kind not in ("kop", "body") or not (nxt.bold and 0 < last.y - nxt.y <= 1.6 * geo.spacing):
                break
            nxt.kind = "kop"  # the title wrapped onto the body column's first line
            parts.append(nxt.text)
            last = nxt
        title = " ".join(parts)
        lines = [ln for ln in _kop_text(layout.of("kop"), geo) if ln not in (seg.text, *parts[1:])]
        return lines + [f"Nr. {m.group('nr')} {title}"], title
    return _kop_text(segs, geo), ""


def _kop_text(segs: list[Segment], geo: Geometry) -> list[str]:
    """Kop segments as text lines: one per baseline, and a line wrapped in the same style under
    the last segment of a full line of the body column joined to it (a dossier title over two lines)."""
    lines: list[list[Segment]] = []
    for seg in segs:
        last = lines[-1][-1] if lines else None
        if last is not None and abs(last.y - seg.y) <= 0.45 * seg.size:
            lines[-1].append(seg)
        elif last is not None and _wraps(last, seg, geo):
            lines[-1].append(seg)
        else:
            lines.append([seg])
    return [" ".join(s.text for s in sorted(line, key=lambda s: (-round(s.y), s.x0))) for line in lines]


def _wraps(last: Segment, seg: Segment, geo: Geometry) -> bool:
    """Whether ``seg`` continues ``last`` on the next line: same column, style and size, and
    ``last`` runs (nearly) to the body column's right edge."""
    full = last.x1 - last.x0 >= 0.7 * (geo.right - last.x0) and abs(last.x0 - geo.left) <= 3
    return (full and abs(last.x0 - seg.x0) <= 2 and abs(last.size - seg.size) < 0.35
            and last.bold == seg.bold and 0 < last.y - seg.y <= 1.5 * seg.size)


def _blocks(layout: PageLayout, geo: Geometry, number: int,
            expected: int) -> tuple[list[Block], list[RawFootnote], list[str]]:
    """One page's body blocks (markers resolved), its footnotes, and its body lines."""
    body = layout.body(geo)
    notes = _notes(note_lines(layout), expected, number)
    lines: list[str] = []
    headings: set[int] = set()
    for i, seg in enumerate(body):
        if i and body[i - 1].y - seg.y > 1.6 * geo.spacing:
            lines.append("")
        if seg.bold:
            headings.add(len(lines))
        lines.append(_body_line(seg, geo.body_size))
    marked = {int(n) for line in lines for n in MARK_RE.findall(line)}
    text, missing = resolve_markers("\n".join(lines), [n.number for n in notes if n.number not in marked])
    for note in missing:  # a number set with a space before it, where it is unambiguous
        if (pos := find_spaced_marker(text, note)) is not None:
            text = text[:pos].rstrip(" ") + mark(note) + text[pos + len(str(note)):]
    body_lines = text.split("\n")
    blocks: list[Block] = []
    current: list[str] = []
    after_gap = False  # the block being built starts after a measured paragraph gap
    for i, line in enumerate(body_lines + [""]):
        if i in headings and line:
            if current:
                blocks.append(Block(current, number, measured=after_gap))
                current = []
            if i - 1 in headings and blocks and blocks[-1].heading_level:
                blocks[-1].lines.append(line)  # a title wrapped over two lines
            else:
                blocks.append(Block([line], number, heading_level=2))
            after_gap = False
        elif line.strip():
            current.append(line)
        else:
            if current:
                blocks.append(Block(current, number, measured=after_gap))
                current = []
            after_gap = True
    return blocks, notes, body_lines


def _read_scans(reader: PdfReader, page_runs: list[list[Run]], path) -> set[int]:
    """Pages that have images but no text layer, read by Tesseract: their runs are filled in
    ``page_runs``; returns their numbers.

    Without Tesseract a scan-only PDF fails with the install hint; a PDF that has text on
    other pages keeps that text and the hint is logged once.
    """
    scans = [n for n, runs in enumerate(page_runs, start=1) if not runs and ocr.has_images(reader.pages[n - 1])]
    text_body = _usual_size([run for runs in page_runs for run in runs])
    read: set[int] = set()
    for number in scans:
        page = reader.pages[number - 1]
        try:
            lines = ocr.read_page(page, path, number)
        except OcrUnavailableError as err:
            if not any(page_runs):
                raise
            log.warning("%s (pages %s left out)", err, ", ".join(map(str, scans)))
            return set()
        page_runs[number - 1] = _ocr_runs(lines, float(page.mediabox.width), float(page.mediabox.height), text_body)
        read.add(number)
    return read


def _usual_size(runs: list[Run]) -> float:
    """The font size carrying most characters (0 for no runs)."""
    weights: dict[float, int] = {}
    for run in runs:
        weights[round(run.size, 1)] = weights.get(round(run.size, 1), 0) + len(run.text.strip())
    return max(weights, key=weights.get) if weights else 0.0


def _ocr_runs(lines, width: float, height: float, body: float) -> list[Run]:
    """OCR lines as text runs in page coordinates (the scan covers the page).

    A line's size is the em its letters imply. Sizes within a sixth of the page's usual one are
    that size, so only clearly smaller lines (notes) stand out; the usual size is set to the
    body size of the pages with a text layer, if any, so scans and text pages share one body.
    """
    sizes = [line.em * height for line in lines]
    usual = sorted(sizes)[len(sizes) // 2] if sizes else 0.0
    scale = (body / usual) if body and usual else 1.0
    runs = []
    for line, size in zip(lines, sizes):
        size = round((usual if abs(size - usual) <= usual / 6 else size) * scale * 2) / 2
        runs.append(Run(line.text, line.left * width, (1 - line.top - line.height) * height, size, False,
                        line.width * width))
    return runs


def _info_title(reader: PdfReader) -> str:
    """The PDF's document-info title, where it is a title: not empty, "None" or "Untitled", not a
    file name and not a word processor's "Microsoft Word - brief.docx"."""
    try:
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except Exception:  # a damaged info dictionary
        return ""
    if (len(title) < 4 or title.lower() in ("none", "untitled", "titel", "title")
            or re.search(r"\.(?:docx?|pdf|odt|rtf|indd|xml)$|^Microsoft Word|^Word - ", title, re.IGNORECASE)):
        return ""
    return re.sub(r"\s+", " ", title)


def _read_pages(reader: PdfReader, path) -> list[list[Run]]:
    """Every page's text runs; a page pypdf cannot (fully) read is reported in one line."""
    widths = _Widths()
    page_runs: list[list[Run]] = []
    readable = 0
    name = getattr(path, "name", path)
    for number, page in enumerate(reader.pages, start=1):
        with _PypdfProblems() as problems:
            try:
                page_runs.append(_page_runs(page, widths))
                readable += 1
            except Exception as exc:  # a damaged content stream: report the page, read the rest
                problems.append(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
                page_runs.append([])
        if problems:
            log.warning("%s: page %d: damaged content (%s); %s", name, number, problems[0],
                        "the rest of the page was read" if page_runs[-1] else "page skipped")
    if not readable:
        raise CorruptPdfError(path, "cannot extract text from any page")
    return page_runs


def parse_pdf(raw: bytes, path) -> ParsedPdf:
    """Parse PDF bytes into the cleaned, footnote-aware body and the metadata it states."""
    reader = _open(raw, path)
    page_runs = _read_pages(reader, path)
    ocr_pages = _read_scans(reader, page_runs, path)
    page_segments = [segments(runs, n) for n, runs in enumerate(page_runs, start=1)]
    geo, layouts = classify(page_segments)
    if not geo.body_size:
        raise EmptyFileError(path, "no extractable text (a scanned PDF without images to read?)")

    raw_pages: list[RawPage] = []
    all_lines: list[str] = []
    header: list[str] = []
    expected = 1
    for layout in layouts:
        kop, title = _kop_lines(layout, geo) if layout.number == 1 else ([], "")
        blocks, notes, body_lines = _blocks(layout, geo, layout.number, expected)
        expected += len(notes)
        all_lines.extend(body_lines)
        if layout.number == 1:
            if title:
                blocks.insert(0, Block([title], 1, heading_level=1))
            header = kop + baseline_lines(layout.of("colophon")) + baseline_lines(layout.of("margin")) \
                + [visible(" ".join(b.lines)) for b in blocks[:_HEAD_BLOCKS]]
        header += baseline_lines(layout.of("running"))
        raw_pages.append(RawPage(layout.number, blocks, notes))
    closing = [visible(" ".join(b.lines)) for page in raw_pages[-2:] for b in page.blocks][-_TAIL_BLOCKS:]
    metadata = replace(from_lines(header + closing), ocr_pages=tuple(sorted(ocr_pages)))
    if not metadata.title:
        metadata = replace(metadata, title=_info_title(reader))
    # a PDF that sets its headings in bold marks them all so: then headings are not guessed by their look
    bold_headings = any(b.heading_level for page in raw_pages for b in page.blocks)
    return ParsedPdf(assemble(raw_pages, line_width(all_lines), heuristics=True, guess_headings=not bold_headings),
                     metadata)
