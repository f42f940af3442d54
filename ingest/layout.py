"""From parsed pages to one cleaned body: the format-independent half of parsing.

Every parser (plain text, Markdown/HTML, PDF) produces ``RawPage``s: body blocks
(physical lines, footnote markers as sentinels) and the footnotes at the page foot.
``assemble`` then rejoins paragraphs that a page break (and its footnote block)
interrupted, undoes line-end hyphenation, recognises headings, and computes every
offset (pages, paragraphs, headings, markers) into the cleaned body text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ingest.dutch import MONTH_NAMES
from ingest.footnotes import RawFootnote
from ingest.hyphenation import join_lines
from ingest.marks import MARK_RE, visible
from ingest.models import Footnote, Heading, Marker, Page, Paragraph

HEURISTIC_HEADING_LEVEL = 2
_BULLET = re.compile(r"^(?:[−•–\-▪·*]\s|[a-z]\)\s|\(?\d{1,2}[.)]\s)")
_TRAILING_CLOSERS = "»”’\"')]*"
# "Voorgesteld 6 juli 2021", "Den Haag, 3 maart 2021": a dateline, not a heading
_DATELINE = re.compile(rf"\b\d{{1,2}}\s+(?:{MONTH_NAMES})\s+\d{{4}}\b", re.IGNORECASE)


@dataclass
class Block:
    """Consecutive physical lines of body text on one page (no blank line inside)."""

    lines: list[str]
    page: int
    heading_level: int = 0  # > 0: an explicit heading (Markdown/HTML)
    heading_hint: bool = False  # split off as a probable heading by the text heuristics
    measured: bool = False  # bounded by a measured paragraph gap (PDF layout): never joined on its page


@dataclass
class RawPage:
    number: int
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[RawFootnote] = field(default_factory=list)


class _Pending(NamedTuple):
    """A paragraph of the body while offsets are being computed."""

    text: str
    start: int
    end: int
    level: int  # heading level, 0 for body text
    explicit: bool  # the level was marked by the format, not guessed


@dataclass(frozen=True)
class Assembled:
    text: str
    pages: tuple[Page, ...]
    paragraphs: tuple[Paragraph, ...]
    headings: tuple[Heading, ...]
    footnotes: tuple[Footnote, ...]
    markers: tuple[Marker, ...]


def ends_sentence(text: str) -> bool:
    """Whether ``text`` (sentinels ignored) ends with sentence-final punctuation."""
    tail = visible(text).rstrip().rstrip(_TRAILING_CLOSERS)
    return tail.endswith((".", "!", "?", ":", ";"))


def line_width(lines: list[str]) -> int:
    """The typical full line length of a document (90th percentile), for 'short line' tests."""
    lengths = sorted(len(visible(line).strip()) for line in lines if line.strip())
    if not lengths:
        return 80
    return max(20, lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0])


def _soft_split(block: Block, width: int) -> list[Block]:
    """Split a plain-text block where a short line ends a sentence or a heading line stands first."""
    parts: list[list[str]] = [[]]
    hints: list[bool] = [False]
    for i, line in enumerate(block.lines):
        current = parts[-1]
        if current:
            prev = visible(current[-1]).strip()
            nxt = visible(line).strip()
            short = len(prev) < 0.8 * width
            starts_new = nxt[:1].isupper() or nxt[:1].isdigit() or bool(_BULLET.match(nxt))
            if (short and ends_sentence(prev) and starts_new) or nxt.startswith(("− ", "• ")):
                parts.append([])
                hints.append(False)
            elif (
                i == 1 and len(prev) < 0.7 * width and _looks_like_heading(prev, width)
                and nxt[:1].isupper()
                and not (len(block.lines) == 2 and _looks_like_heading(f"{prev} {nxt}", width))
            ):
                hints[-1] = True
                parts.append([])
                hints.append(False)
        parts[-1].append(line)
    return [Block(p, block.page, block.heading_level, h, block.measured) for p, h in zip(parts, hints) if p]


def _looks_like_heading(text: str, width: int) -> bool:
    """A short title-like line: capitalised, no final punctuation, no sentence inside."""
    text = visible(text).strip()
    if not text or len(text) > 100:
        return False
    words = text.split()
    letters = sum(ch.isalpha() for ch in text)
    return (
        not _DATELINE.search(text)
        and not (text.endswith("?") and len(words) > 8)  # a question asked, not a title
        and len(words) <= 14
        and text[0].isupper()
        and not text.endswith((".", ",", ";", ":"))
        and ". " not in text
        and "%" not in text
        and "€" not in text
        and letters >= 0.6 * len(text.replace(" ", ""))
    )


def _continues(prev: Block, block: Block, width: int) -> bool:
    """Whether ``block`` continues the paragraph that ``prev`` ended (a page break or stray blank)."""
    if prev.heading_level or block.heading_level or prev.heading_hint or block.heading_hint:
        return False
    if block.measured and prev.page == block.page:
        return False
    last = visible(prev.lines[-1]).rstrip()
    first = visible(block.lines[0]).strip()
    if not last or not first:
        return False
    if _BULLET.match(first) and not first[:1].islower():
        return False
    if last.endswith("-") and not last.endswith(" -") or last.endswith(" -") and first[:1].islower():
        return True
    if first[:1].islower() and not re.match(r"^[a-z]\)\s", first):
        return True
    if first[:1] in "),;":
        return True
    return (
        prev.page != block.page
        and not ends_sentence(last)
        and len(last) >= 0.75 * width
        and not _BULLET.match(first)
    )


def _group(blocks: list[Block], width: int) -> list[list[Block]]:
    """Blocks grouped into logical paragraphs."""
    groups: list[list[Block]] = []
    for block in blocks:
        if groups and _continues(groups[-1][-1], block, width):
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def _join_group(group: list[Block]) -> tuple[str, list[tuple[int, int]]]:
    """One paragraph's text (sentinels kept) and its page transitions (offset, page)."""
    text = ""
    spans: list[tuple[int, int]] = []
    trailing = ""  # a line-end "- " (hyphen, then space) is a hard hyphen: keep the signal
    for block in group:
        for line in block.lines:
            piece = line.strip()
            if not piece:
                continue
            text = join_lines(text + trailing, line) if text else piece
            trailing = " " if line.endswith((" ", "\t")) else ""
            start = len(text) - len(piece)
            if not spans or spans[-1][1] != block.page:
                spans.append((start, block.page))
    return text, spans


def _is_heading(group: list[Block], text: str, prev_text: str | None, prev_heading: bool, width: int,
                page_start: bool = False, guess: bool = True) -> int:
    """Heading level of a logical paragraph (0 = body text); ``guess``: also by its look."""
    first = group[0]
    if first.heading_level:
        return first.heading_level
    if len(group) > 1 or not text:
        return 0
    if not (first.heading_hint or (guess and _looks_like_heading(text, width))):
        return 0
    if len(first.lines) > 2:
        return 0
    if prev_text is None or prev_heading or ends_sentence(prev_text) or first.heading_hint or page_start:
        return HEURISTIC_HEADING_LEVEL
    return 0


def _strip_marks(text: str) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """Text without sentinels, the markers (clean offset, number), and (raw pos, removed so far)."""
    clean: list[str] = []
    markers: list[tuple[int, int]] = []
    shifts: list[tuple[int, int]] = []
    cursor = removed = 0
    for m in MARK_RE.finditer(text):
        clean.append(text[cursor:m.start()])
        markers.append((m.start() - removed, int(m.group(1))))
        removed += m.end() - m.start()
        shifts.append((m.end(), removed))
        cursor = m.end()
    clean.append(text[cursor:])
    return "".join(clean), markers, shifts


def _to_clean(pos: int, shifts: list[tuple[int, int]]) -> int:
    removed = 0
    for raw_end, total in shifts:
        if raw_end <= pos:
            removed = total
        else:
            break
    return pos - removed


def assemble(pages: list[RawPage], width: int, heuristics: bool, guess_headings: bool = True) -> Assembled:
    """Build the cleaned body and all its offsets from parsed pages.

    ``heuristics``: split blocks at probable paragraph and heading boundaries and take short
    title-like paragraphs for headings (off where the format marks both itself: Markdown, HTML, XML);
    ``guess_headings=False`` keeps the splitting but takes headings only from the blocks' own
    marks and label lines (a PDF that sets its headings in bold).
    """
    blocks: list[Block] = []
    for page in pages:
        for block in page.blocks:
            lines = [re.sub(r"[ \t\u00a0]+", " ", ln) for ln in block.lines if ln.strip()]
            if not lines:
                continue
            block = Block(lines, block.page, block.heading_level, block.heading_hint, block.measured)
            blocks.extend(_soft_split(block, width) if heuristics and not block.heading_level else [block])

    parts: list[str] = []
    transitions: list[tuple[int, int]] = []
    markers: list[Marker] = []
    pending: list[_Pending] = []
    offset = 0
    prev_text: str | None = None
    prev_heading = False
    prev_page = 0
    for group in _group(blocks, width):
        raw, spans = _join_group(group)
        page_start = group[0].page != prev_page
        prev_page = group[-1].page
        level = (_is_heading(group, raw, prev_text, prev_heading, width, page_start, guess_headings)
                 if (heuristics or group[0].heading_level) else 0)
        clean, marks, shifts = _strip_marks(raw)
        lead = len(clean) - len(clean.lstrip())
        clean = clean.strip()
        if not clean:
            continue
        if parts:
            offset += 2
        for pos, page in spans:
            transitions.append((offset + max(0, _to_clean(pos, shifts) - lead), page))
        for pos, number in marks:
            markers.append(Marker(number=number, offset=offset + min(max(0, pos - lead), len(clean)), page=0))
        pending.append(_Pending(clean, offset, offset + len(clean), level, bool(group[0].heading_level)))
        parts.append(clean)
        offset += len(clean)
        prev_text, prev_heading = raw, bool(level)
    text = "\n\n".join(parts)

    page_numbers = [p.number for p in pages] or [1]
    starts: dict[int, int] = {}
    for pos, page in transitions:
        starts.setdefault(page, pos)
    page_objs: list[Page] = []
    for i, number in enumerate(page_numbers):
        later = [starts[n] for n in page_numbers[i + 1:] if n in starts]
        end = later[0] if later else len(text)
        start = starts.get(number, end)
        page_objs.append(Page(number=number, start=start, end=end))
    page_objs = _contiguous(page_objs, len(text))

    def page_at(pos: int) -> int:
        for page in page_objs:
            if page.start <= pos < page.end:
                return page.number
        return page_objs[-1].number

    paragraphs: list[Paragraph] = []
    headings: list[Heading] = []
    stack: list[tuple[int, str]] = []
    if pending and pending[-1].level and not pending[-1].explicit:
        # a guessed heading with no text after it is a closing line (a signature), not a heading
        pending[-1] = pending[-1]._replace(level=0)
    for clean, start, end, level, _ in pending:
        if level:
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, clean))
            headings.append(Heading(text=clean, level=level, page=page_at(start), start=start))
        paragraphs.append(Paragraph(
            text=clean, start=start, end=end, page_start=page_at(start),
            page_end=page_at(max(start, end - 1)), heading_path=tuple(t for _, t in stack),
            is_heading=bool(level),
        ))
    markers = [Marker(m.number, m.offset, page_at(max(0, m.offset - 1))) for m in markers]
    footnotes = [fn.build() for page in pages for fn in page.footnotes]
    return Assembled(text, tuple(page_objs), tuple(paragraphs), tuple(headings),
                     tuple(footnotes), tuple(markers))


def _contiguous(pages: list[Page], length: int) -> list[Page]:
    """Pages as back-to-back spans covering the whole body (page 1 from 0, last to the end)."""
    fixed: list[Page] = []
    for i, page in enumerate(pages):
        start = 0 if i == 0 else fixed[-1].end
        end = length if i == len(pages) - 1 else max(start, page.end)
        fixed.append(Page(page.number, start, end))
    return fixed
