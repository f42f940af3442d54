"""Where each line of a PDF page belongs: body, footnotes, running line, colophon, margin, kop.

Input: the text runs pypdf's visitor reported, with position, font size and width
(``Run``). Runs on one baseline form a line; a line splits into ``Segment``s where a wide
gap separates two columns (the colophon beside the running footer, a margin label beside
the body). Segments are then classified by geometry and repetition, never by their words
alone:

- **body**: the font size that carries most characters, in the body column (the left edge
  most body lines share);
- **running** headers and footers: segments that recur at the same height on most pages with
  only their numbers changing (``Pagina 2 van 7``, ``Tweede Kamer, vergaderjaar …,
  Aanhangsel 3``), above or below all body lines of the page; on a one-page document the
  running-line formula and bare page numbers at the page edge;
- the **colophon** of page 1 (publication id, ``ISSN``, ``’s-Gravenhage 2024``) at the foot;
- the **margin** column: segments wholly left of the body column, or starting far right of
  it (the ministry house style's sender, ``Datum``, ``Kenmerk``, ``Bijlage(n)``);
- the **kop**: on page 1, what stands above the first body line when the page opens with a
  kamerstukkop or a letterhead (margin-column text above the body, or a ``Betreft`` line);
- **notes**: segments in a clearly smaller size below the page's last body line (between the
  body and a running footer, if any); segments of one baseline are joined, so a footnote
  number set in its own column stays with its text.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from ingest.metadata import PUBLICATION_ID, RUNNING_LINE

SMALLER = 1.2  # points below the body size that make a segment "small" (notes, margin)
_COLUMN_GAP = 2.5  # a gap of this many font sizes between runs separates two columns
PAGE_NUMBER = re.compile(r"^\s*(?:pagina\s+|page\s+|blz\.?\s+)?\d{1,3}(?:\s*(?:van|/|of)\s*\d{1,3})?\s*$",
                         re.IGNORECASE)
_COLOPHON = re.compile(r"^(?:ISSN\s+\d{4}\s*-\s*\d{3}[\dX]|['’]s-Gravenhage\s+\d{4})$")
_SUBJECT_LABEL = re.compile(r"^(?:Betreft|Onderwerp)\b")


@dataclass
class Run:
    """One text run as pypdf's visitor reports it, in page coordinates."""

    text: str
    x: float
    y: float
    size: float
    bold: bool
    width: float


@dataclass
class Segment:
    """Runs of one baseline and one column, left to right, and what they were classified as.

    The runs never change once the segment is made, so its measures are computed once."""

    runs: list[Run]
    page: int
    kind: str = "body"  # body | notes | running | colophon | margin | kop

    @cached_property
    def y(self) -> float:
        return max(r.y for r in self.runs)

    @cached_property
    def x0(self) -> float:
        return self.runs[0].x

    @cached_property
    def x1(self) -> float:
        return max(r.x + r.width for r in self.runs)

    @cached_property
    def text(self) -> str:
        return "".join(r.text for r in self.runs).strip()

    @cached_property
    def size(self) -> float:
        """The font size carrying most of the segment's characters."""
        weights: Counter[float] = Counter()
        for run in self.runs:
            weights[round(run.size, 1)] += len(run.text.strip())
        return weights.most_common(1)[0][0] if weights else 0.0

    @cached_property
    def bold(self) -> bool:
        return all(r.bold for r in self.runs if r.text.strip())


@dataclass
class PageLayout:
    """One page's segments by kind, top to bottom."""

    number: int
    segments: list[Segment] = field(default_factory=list)

    def of(self, kind: str) -> list[Segment]:
        return [s for s in self.segments if s.kind == kind]

    def body(self, geo: Geometry) -> list[Segment]:
        """Body segments in reading order: column by column, top to bottom."""
        return sorted(self.of("body"), key=lambda s: (geo.column(s), -s.y, s.x0))


@dataclass(frozen=True)
class Geometry:
    """What the whole document shares: body font size, the body column(s), body line spacing.

    ``columns`` holds the left edge of each text column (one, or two as in the Handelingen);
    ``left`` is the first column's, ``right`` the right edge of the last.
    """

    body_size: float
    left: float
    right: float
    spacing: float
    columns: tuple[float, ...] = ()

    def column(self, seg: Segment) -> int:
        """Index of the text column a segment starts in."""
        return max((i for i, x in enumerate(self.columns) if seg.x0 >= x - 3), default=0)


def segments(runs: list[Run], page: int) -> list[Segment]:
    """Runs → segments: grouped by baseline (a raised marker stays on its line), split at column gaps."""
    ordered = sorted((r for r in runs if r.text.strip()), key=lambda r: -r.y)
    lines: list[list[Run]] = []
    for run in ordered:
        if lines:
            base = lines[-1]
            tolerance = 0.45 * max(run.size, max(r.size for r in base))
            if abs(base[0].y - run.y) <= tolerance:
                base.append(run)
                continue
        lines.append([run])
    out: list[Segment] = []
    for line in lines:
        line.sort(key=lambda r: r.x)
        current = [line[0]]
        for run in line[1:]:
            prev = current[-1]
            gap = run.x - (prev.x + prev.width)
            if gap > _COLUMN_GAP * max(run.size, prev.size):
                out.append(Segment(current, page))
                current = []
            current.append(run)
        out.append(Segment(current, page))
    return out


def geometry(pages: list[list[Segment]]) -> Geometry:
    """Body size (most characters), body column(s) (left edges most body lines share, right edge),
    line spacing. Segments that run across the gap between two columns are split there."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for seg in page:
            for run in seg.runs:
                sizes[round(run.size, 1)] += len(run.text.strip())
    if not sizes:
        return Geometry(0.0, 0.0, 0.0, 0.0)
    body = sizes.most_common(1)[0][0]
    columns = _columns(pages, body)
    if len(columns) > 1:
        for page in pages:
            page[:] = [part for seg in page for part in _split_at(seg, columns[1])]
    left = columns[0] if columns else 0.0
    rights = sorted(seg.x1 for page in pages for seg in page
                    if is_body_size(seg, body) and abs(seg.x0 - columns[-1]) <= 3) if columns else []
    right = rights[int(len(rights) * 0.95) - 1] if len(rights) > 1 else (rights[0] if rights else left)
    gaps: list[float] = []
    for page in pages:
        column = sorted((s for s in page if is_body_size(s, body) and abs(s.x0 - left) <= 3),
                        key=lambda s: -s.y)
        gaps.extend(a.y - b.y for a, b in zip(column, column[1:]) if a.y > b.y)
    # the most common gap is the line spacing (the median can be a paragraph gap in short texts)
    common = Counter(round(g * 2) / 2 for g in gaps if g <= 1.5 * body).most_common(1)
    spacing = common[0][0] if common else body * 1.2
    return Geometry(body, left, max(right, left + 1), spacing, tuple(columns))


def _columns(pages: list[list[Segment]], body: float) -> list[float]:
    """Left edges of the text columns: where most body text starts, and a second edge where a good
    share of body runs starts while the first column's runs end before it (two-column layouts)."""
    starts: Counter[int] = Counter()
    for page in pages:
        for seg in page:
            for run in seg.runs:
                if abs(run.size - body) < 0.35:
                    starts[round(run.x)] += len(run.text.strip())
    if not starts:
        return []
    (first, weight), *others = starts.most_common()
    for x, w in others:
        if w < 0.3 * weight:
            break
        if abs(x - first) < 120:
            continue
        a, b = sorted((first, x))
        ends = sorted(r.x + r.width for page in pages for seg in page for r in seg.runs
                      if abs(r.size - body) < 0.35 and abs(r.x - a) <= 3)
        if ends[int(len(ends) * 0.9) - 1 if len(ends) > 1 else 0] < b:
            return [float(a), float(b)]
    return [float(first)]


def _split_at(seg: Segment, x: float) -> list[Segment]:
    """``seg`` split where a run starts at column edge ``x`` after a run that ended before it."""
    for i in range(1, len(seg.runs)):
        prev, run = seg.runs[i - 1], seg.runs[i]
        if abs(run.x - x) <= 3 and prev.x + prev.width < x - 1:
            return [Segment(seg.runs[:i], seg.page), *_split_at(Segment(seg.runs[i:], seg.page), x)]
    return [seg]


def is_body_size(seg: Segment, body: float) -> bool:
    return abs(seg.size - body) < 0.35


def _signature(seg: Segment) -> tuple[int, str]:
    """Height and text with numbers blanked: equal on every page for a running line."""
    return round(seg.y / 2), re.sub(r"\d+", "#", re.sub(r"\s+", " ", seg.text))


def _in_margin(seg: Segment, geo: Geometry) -> bool:
    last = geo.columns[-1] if geo.columns else geo.left
    return seg.x1 < geo.left - 4 or seg.x0 > last + 0.6 * (geo.right - last)


def _edges(page: list[Segment], geo: Geometry, skip: set[int]) -> tuple[float, float]:
    """(top, bottom) baseline of the page's body-size lines in the body column, ``skip`` left out."""
    ys = [s.y for s in page if id(s) not in skip and is_body_size(s, geo.body_size)
          and not _in_margin(s, geo)]
    return (max(ys), min(ys)) if ys else (float("-inf"), float("inf"))


def _numbers(seg: Segment) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", seg.text))


def _recurring(pages: list[list[Segment]]) -> set[int]:
    """Ids of segments that recur at one height on most pages, unchanged or with a page number
    (a number that grows with the page, the others staying put): footnotes of the same shape on
    several pages do not, even when their own numbers happen to grow with the page."""
    by_signature: dict[tuple[int, str], list[tuple[int, Segment]]] = {}
    for number, page in enumerate(pages, start=1):
        for seg in page:
            by_signature.setdefault(_signature(seg), []).append((number, seg))
    needed = max(2, (len(pages) + 1) // 2)
    out: set[int] = set()
    for found in by_signature.values():
        if len(pages) < 2 or len({n for n, _ in found}) < needed:
            continue
        numbers = [(n, _numbers(seg)) for n, seg in found]
        same = len({nums for _, nums in numbers}) == 1
        width = min(len(nums) for _, nums in numbers)
        paged = {k for k in range(width) if len({nums[k] - n for n, nums in numbers}) == 1}
        # besides the page number, a running line's numbers stay put (the year, the dossier)
        steady = all(len({nums[k] for _, nums in numbers}) == 1 for k in range(width) if k not in paged)
        if same or (paged and steady):
            out.update(id(seg) for _, seg in found)
    return out


def _running(pages: list[list[Segment]], geo: Geometry) -> set[int]:
    """Ids of the segments that are running headers/footers: recurring (or, on any page, the
    running-line formula or a bare page number), and standing apart above or below the body."""
    recurring = _recurring(pages)
    formula: set[int] = set()
    for page in pages:
        if not page:
            continue
        highest, lowest = max(s.y for s in page), min(s.y for s in page)
        for seg in page:
            at_edge = seg.y >= highest - 1 or seg.y <= lowest + 1
            if at_edge and (RUNNING_LINE.match(seg.text) or PAGE_NUMBER.match(seg.text)):
                formula.add(id(seg))
    candidates = recurring | formula
    running: set[int] = set()
    apart = 1.5 * geo.spacing  # running lines stand apart from the body, not at line distance
    for page in pages:
        top, bottom = _edges(page, geo, candidates)
        if top == float("-inf"):  # nothing left but recurring lines: those are the body
            top, bottom = _edges(page, geo, formula)
        for seg in page:
            if id(seg) in candidates and (seg.y > top + apart or seg.y < bottom - apart):
                running.add(id(seg))
    return running


def _hanging_number(seg: Segment, geo: Geometry) -> bool:
    """A footnote number hung into the margin just left of the body column."""
    return seg.text.isdigit() and len(seg.text) <= 3 and geo.left - 30 <= seg.x0 and seg.x1 <= geo.left + 1


def _kop_end(page: list[Segment], geo: Geometry) -> float | None:
    """Baseline below which page 1's body starts, when the page opens with a kop or letterhead."""
    body_lines = [s for s in page if s.kind == "body" and is_body_size(s, geo.body_size)
                  and abs(s.x0 - geo.left) <= 3]
    subject = [s for s in page if s.kind in ("body", "margin") and _SUBJECT_LABEL.match(s.text)]
    if subject:
        below = [s for s in body_lines if s.y < subject[0].y - 1]
        return below[0].y + 0.5 if below else None
    if not body_lines:
        return None
    start = body_lines[0].y
    if any(s.kind == "margin" and s.y > start + 1 and s.x1 < geo.left for s in page):
        return start + 0.5
    return None


def classify(pages: list[list[Segment]]) -> tuple[Geometry, list[PageLayout]]:
    """Give every segment its kind; the pages' segments come back top to bottom."""
    geo = geometry(pages)
    running = _running(pages, geo)
    layouts: list[PageLayout] = []
    for number, page in enumerate(pages, start=1):
        page.sort(key=lambda s: (-s.y, s.x0))
        for seg in page:
            if id(seg) in running:
                seg.kind = "running"
            elif _in_margin(seg, geo):
                seg.kind = "margin"
        top, bottom = _edges(page, geo, {id(s) for s in page if s.kind != "body"})
        for seg in page:
            if seg.kind in ("body", "margin") and number == 1 and seg.y < bottom and (
                    _COLOPHON.match(seg.text) or PUBLICATION_ID.fullmatch(seg.text)):
                seg.kind = "colophon"
            elif seg.y < bottom and seg.size < geo.body_size - SMALLER and (
                    seg.kind == "body" or (seg.kind == "margin" and _hanging_number(seg, geo))):
                seg.kind = "notes"
        if number == 1 and (end := _kop_end(page, geo)) is not None:
            for seg in page:
                if seg.y > end and seg.kind in ("body", "margin"):
                    seg.kind = "kop"
        layouts.append(PageLayout(number, page))
    return geo, layouts


def baseline_lines(segs: list[Segment]) -> list[str]:
    """Segments (top to bottom) as text lines, one per baseline: a footnote number set in its
    own column joins its text, the dossier number in the kop joins the dossier title."""
    lines: list[tuple[float, list[Segment]]] = []
    for seg in segs:
        if lines and abs(lines[-1][0] - seg.y) <= 0.45 * seg.size:
            lines[-1][1].append(seg)
        else:
            lines.append((seg.y, [seg]))
    return [" ".join(_note_text(s) for s in sorted(group, key=lambda s: s.x0)) for _, group in lines]


def note_lines(layout: PageLayout) -> list[str]:
    """The page's note lines, one per baseline."""
    return baseline_lines(layout.of("notes"))


def _note_text(seg: Segment) -> str:
    """A note segment's text; a number run (raised or not) standing before the text gets a space."""
    runs = [r for r in seg.runs if r.text.strip()]
    if len(runs) > 1 and runs[0].text.strip().isdigit() and not runs[1].text[:1].isspace() \
            and not runs[0].text.endswith(" "):
        return runs[0].text.strip() + " " + "".join(r.text for r in runs[1:]).strip()
    return seg.text

