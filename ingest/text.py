"""Parse plain-text extractions of Kamerbrieven (the corpus ``.txt`` layout).

Layout: each page ends with its footnote block (lines ``N text`` in numbering
order, possibly wrapping, possibly with blank lines inside); the next page's first
line starts with a space, or follows two or more empty lines. A bare URL standing
alone at a page foot is a link annotation of the original PDF, not body text.
"""
from __future__ import annotations

import re

from ingest.footnotes import FOOTNOTE_LINE, FOOTNOTE_OPENING, RawFootnote, find_marker, resolve_markers
from ingest.layout import Assembled, Block, RawPage, assemble, line_width

_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)


def _segments(lines: list[str]) -> list[list[str]]:
    """Split the file into page candidates at page-break signals."""
    segments: list[list[str]] = [[]]
    empties = 0
    for i, line in enumerate(lines):
        if not line.strip():
            empties = empties + 1 if line == "" else 0
            segments[-1].append("")
            continue
        has_content = any(ln.strip() for ln in segments[-1])
        if i > 0 and has_content and (line.startswith(" ") or empties >= 2):
            segments.append([])
        empties = 0
        segments[-1].append(line[1:] if line.startswith(" ") else line)
    return [s for s in segments if any(ln.strip() for ln in s)]


def _footnote_start(segment: list[str], expected: int, context: str) -> int | None:
    """Index of the line opening this page's footnote block, if the page has one."""
    for i, line in enumerate(segment):
        m = FOOTNOTE_LINE.match(line)
        if not m or int(m.group(1)) != expected or i == 0 or segment[i - 1].strip():
            continue
        body = context + "\n".join(segment[:i])
        if find_marker(body, expected) is not None:
            return i
    return None


def _parse_footnotes(lines: list[str], first: int, page: int) -> list[RawFootnote]:
    """Footnotes of one block: a line ``N text`` with the next number opens one; others continue it."""
    notes: list[RawFootnote] = []
    expected = first
    for line in lines:
        m = FOOTNOTE_OPENING.match(line.strip())
        if m and int(m.group(1)) == expected:
            notes.append(RawFootnote(expected, page, [m.group(2) or ""]))
            expected += 1
        elif line.strip() and notes:
            notes[-1].lines.append(line)
    return notes


def _drop_link_annotation(body: list[str]) -> list[str]:
    """Remove a bare URL paragraph standing at the foot of a page."""
    while body and not body[-1].strip():
        body = body[:-1]
    if body and _BARE_URL.match(body[-1].strip()) and (len(body) == 1 or not body[-2].strip()):
        return body[:-1]
    return body


def _blocks(lines: list[str], page: int) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    for line in lines + [""]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(Block(current, page))
            current = []
    return blocks


def parse_text(text: str) -> Assembled:
    """Parse a plain-text extraction into the cleaned, footnote-aware body."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pages: list[tuple[list[str], list[RawFootnote]]] = []
    expected = 1
    for segment in _segments(lines):
        context = ""
        if pages and not pages[-1][1]:
            context = "\n".join(pages[-1][0]) + "\n"
        start = _footnote_start(segment, expected, context)
        body = segment if start is None else segment[:start]
        notes = [] if start is None else _parse_footnotes(segment[start:], expected, 0)
        expected += len(notes)
        body_text, missing = resolve_markers("\n".join(body), [n.number for n in notes])
        if missing and pages and not pages[-1][1]:
            # A page break without footnotes before a page whose markers sit above it was no
            # page break (a stray leading space): merge the two.
            prev_body, _ = pages.pop()
            body_text, missing = resolve_markers("\n".join(prev_body + body), [n.number for n in notes])
        pages.append((_drop_link_annotation(body_text.split("\n")), notes))
    raw_pages: list[RawPage] = []
    for number, (body, notes) in enumerate(pages, start=1):
        for note in notes:
            note.page = number
        raw_pages.append(RawPage(number, _blocks(body, number), notes))
    width = line_width([ln for body, _ in pages for ln in body])
    return assemble(raw_pages, width, heuristics=True)
