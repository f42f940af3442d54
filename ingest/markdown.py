"""Parse Markdown (and, via ``html_to_markdown``, HTML) exports of Kamerbrieven.

Layout (like corpus ``004_…``): markers are ``<sup>n</sup>``; footnotes are
paragraphs ``<sup>n</sup> text`` placed after the paragraph where a page ended; a
paragraph cut by that page break continues after them (lower-case start). A
``<sup>`` holding no number is typography (``10<sup>e</sup>`` is an ordinal), not a
marker. The letterhead block before "Den Haag, <date>" is not body text; it is read
for metadata instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from ingest.dutch import MONTHS
from ingest.footnotes import RawFootnote
from ingest.layout import Assembled, Block, RawPage, assemble, ends_sentence
from ingest.marks import mark
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
        if (m := _PLACE_DATE.match(ln)) and m.group(2).lower() in MONTHS:
            date = f"{m.group(3)}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    kamerstuk = None
    if dossiers and number:
        kamerstuk = KamerstukRef(dossier=dossiers[0], number=number, also=tuple(dossiers[1:]))
    return DocumentMetadata(
        date=date,
        sender=_sentence_case(sender),
        doc_type="Kamerbrief" if sender else "",
        kamerstuk=kamerstuk,
    )


def _sentence_case(upper: str) -> str:
    """``MINISTER VAN SOCIALE ZAKEN`` → ``minister van Sociale Zaken`` (small words lower)."""
    small = {"van", "de", "en", "voor", "het", "der", "op", "in"}
    words = upper.lower().split()
    return " ".join(w if (i == 0 or w in small) else w.capitalize() for i, w in enumerate(words))


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


class _HtmlToMarkdown(HTMLParser):
    """Just enough HTML → Markdown for exported letters: headings, paragraphs, lists, sup, links."""

    _BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section", "article"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        elif tag in self._BLOCKS:
            self.out.append("\n\n")
            if tag.startswith("h") and tag[1:].isdigit():
                self.out.append("#" * int(tag[1:]) + " ")
            elif tag == "li":
                self.out.append("- ")
        elif tag == "sup":
            self.out.append("<sup>")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip = max(0, self.skip - 1)
        elif tag in self._BLOCKS:
            self.out.append("\n\n")
        elif tag == "sup":
            self.out.append("</sup>")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_markdown(html: str) -> str:
    """Convert an HTML export to the Markdown layout ``parse_markdown`` reads."""
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


def merge_metadata(primary: DocumentMetadata, fallback: DocumentMetadata) -> DocumentMetadata:
    """``primary`` with its empty fields filled from ``fallback``."""
    changes = {k: getattr(fallback, k) for k in fallback.__dataclass_fields__
               if not getattr(primary, k) and getattr(fallback, k)}
    return replace(primary, **changes)
