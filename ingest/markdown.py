"""Parse Markdown exports of Kamerbrieven (and HTML exports in that layout, via ``ingest/html.py``).

Layout (like corpus ``004_…``): markers are ``<sup>n</sup>``; footnotes are
paragraphs ``<sup>n</sup> text`` placed after the paragraph where a page ended; a
paragraph cut by that page break continues after them (lower-case start). A
``<sup>`` holding no number is typography (``10<sup>e</sup>`` is an ordinal), not a
marker. The letterhead block before "Den Haag, <date>" is not body text; it is read
for metadata instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.footnotes import RawFootnote
from ingest.layout import Assembled, Block, RawPage, assemble, ends_sentence
from ingest.marks import mark
from ingest.metadata import iso_date, sentence_case
from ingest.models import DocumentMetadata, KamerstukRef

_FOOTNOTE = re.compile(r"^<sup>\s*(\d+)\s*</sup>\s*(.*)$", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_MARKER = re.compile(r"<sup>\s*(\d+)\s*</sup>")
_SUP_OTHER = re.compile(r"<sup>(.*?)</sup>")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_PLACE_DATE = re.compile(r"^(?:Den Haag|['’]s-Gravenhage),\s+(\d{1,2})\s+(\w+)\s+(\d{4})\s*$")


def _inline(text: str, markers: bool) -> str:
    """Markdown inline markup → plain text; numeric ``<sup>`` → marker sentinels when ``markers``."""
    if markers:
        text = _MARKER.sub(lambda m: mark(int(m.group(1))), text)
    text = _SUP_OTHER.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    for _ in range(2):
        text = _EMPHASIS.sub(lambda m: m.group(2), text)
    text = _TAG.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def _paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, lines inside joined."""
    paras, current = [], []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return paras


def _split_letterhead(paras: list[str]) -> tuple[list[str], list[str]]:
    """(letterhead paragraphs, body paragraphs): the head ends at "Den Haag, <date>"."""
    for i, para in enumerate(paras[:40]):
        if _PLACE_DATE.match(_inline(para, markers=False)):
            return paras[:i + 1], paras[i + 1:]
    return [], paras


def letterhead_metadata(head: list[str]) -> DocumentMetadata:
    """What the letterhead states: dossiers and number, sender, date."""
    lines = [_inline(p, markers=False) for p in head]
    dossiers = [ln for ln in lines if re.fullmatch(r"\d{2} \d{3}", ln)]
    number = next((m.group(1) for ln in lines if (m := re.fullmatch(r"Nr\.\s*(\d+)", ln))), "")
    sender = next((ln[len("BRIEF VAN DE "):] for ln in lines if ln.upper().startswith("BRIEF VAN DE ")), "")
    date = ""
    for ln in lines:
        if m := _PLACE_DATE.match(ln):
            date = iso_date(*m.groups()) or date
    kamerstuk = None
    if dossiers and number:
        kamerstuk = KamerstukRef(dossier=dossiers[0], number=number, also=tuple(dossiers[1:]))
    return DocumentMetadata(
        date=date,
        sender=sentence_case(sender),
        doc_type="Kamerbrief" if sender else "",
        kamerstuk=kamerstuk,
    )


@dataclass
class _State:
    page: int = 1
    after_footnotes: bool = False


def parse_markdown(text: str) -> tuple[Assembled, DocumentMetadata]:
    """Parse a Markdown export into the cleaned body and the letterhead's metadata."""
    head, body = _split_letterhead(_paragraphs(text))
    pages: list[RawPage] = [RawPage(1)]
    state = _State()
    last_body: Block | None = None
    for para in body:
        if m := _FOOTNOTE.match(para):
            pages[-1].footnotes.append(RawFootnote(int(m.group(1)), state.page, [_inline(m.group(2), False)]))
            state.after_footnotes = True
            continue
        heading = _HEADING.match(para)
        content = _inline(heading.group(2) if heading else para, markers=True)
        if not content:
            continue
        cut_mid_sentence = (
            last_body is not None and not last_body.heading_level
            and not ends_sentence(last_body.lines[-1]) and content[:1].islower()
        )
        if state.after_footnotes or cut_mid_sentence:
            # Footnotes close a page; a paragraph cut mid-sentence with none between is a page break too.
            state.page += 1
            pages.append(RawPage(state.page))
            state.after_footnotes = False
        block = Block([content], state.page, heading_level=len(heading.group(1)) if heading else 0)
        pages[-1].blocks.append(block)
        last_body = block
    assembled = assemble(pages, width=10_000, heuristics=False)
    return assembled, letterhead_metadata(head)
