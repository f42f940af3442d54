"""Parse HTML pages: the official publication page, ministry pages and exported letters.

Parsed with lxml (``lxml.html``): it is tolerant of real-world markup, fast, and the same
library reads the official XML (``ingest/publication_xml.py``), so one parser serves both;
BeautifulSoup would add a second tree model for no gain, selectolax has no XML side.

- **Main content by structure**: the official ``#broodtekst`` (or its ``.stuk``), else
  ``<main>`` / ``[role=main]`` / ``<article>``, else the element holding the largest share
  of paragraph text. Site chrome (scripts, navigation, header, footer, forms, cookie bars,
  breadcrumbs) is dropped.
- **Footnotes**: the official page's markers ``<sup><a class="nootnum" href="#…-n1">1</a></sup>``
  are resolved through their links to the notes (``<div class="voet noot">``, or any element
  with the linked id), wherever the notes stand; a plain numeric ``<sup>`` with a note
  paragraph ``<sup>1</sup> text`` (an exported letter) keeps working as before.
- **Metadata**: the ``DC.*``, ``DCTERMS.*`` and ``OVERHEIDop.*`` meta tags; the dossier title
  and stuk number the official page prints above the text.

Paragraphs and headings come from the elements. An exported letter that keeps its notes as
paragraphs where its pages ended (``<p><sup>1</sup> Kamerstuk …</p>``) is handed on in the
Markdown layout ``ingest/markdown.py`` reads, which knows those page breaks.
"""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ingest.errors import EmptyFileError, MalformedDocumentError
from ingest.footnotes import RawFootnote
from ingest.layout import Assembled, Block, RawPage, assemble
from ingest.markdown import parse_markdown
from ingest.marks import mark
from ingest.metadata import from_lines, from_meta_tags, merge_metadata
from ingest.models import DocumentMetadata

_CHROME_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "form", "aside", "button",
                "iframe", "svg", "template", "select")
_CHROME_WORDS = ("cookie", "breadcrumb", "kruimel", "skiplink", "skip-link", "menu", "navigat", "share",
                 "social", "footer", "header", "banner", "zoek", "search", "sidebar", "popup", "toolbar",
                 "kopregel", "voetregel", "inhoudsopgave")
_SUP = re.compile(r"<sup>(.*?)</sup>", re.DOTALL)
_INLINE_NOTE = re.compile(r"(?:^|\n\n)\s*<sup>\s*\d+\s*</sup>\s*\S")  # "<sup>1</sup> Kamerstuk …" paragraphs
_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
               "blockquote", "dd", "dt", "pre", "table", "ul", "ol", "main", "td", "th"}


def _classes(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".lower()


def _is_note(el) -> bool:
    """An official note block (``voet noot``) or a note as other producers mark it."""
    names = el.get("class", "").lower().split()
    return (("noot" in names and "voet" in names) or "footnote" in names
            or el.get("role") in ("doc-footnote", "doc-endnote"))


def _is_chrome(el) -> bool:
    if el.tag in _CHROME_TAGS:
        return True
    words = _classes(el)
    return any(w in words for w in _CHROME_WORDS) and not _is_note(el)


def _main(root):
    """The element holding the document's own text."""
    for query in ('//*[@id="broodtekst"]', '//*[contains(concat(" ", normalize-space(@class), " "), " stuk ")]',
                  "//main", '//*[@role="main"]', "//article"):
        found = root.xpath(query)
        if found:
            return found[0]
    body = root.find("body")
    candidates = [el for el in (body if body is not None else root).iter("div", "section", "td")
                  if not _is_chrome(el)]

    def paragraph_text(el) -> int:
        return sum(len(p.text_content()) for p in el.iter("p", "li", "h1", "h2", "h3"))

    best = max(candidates, key=paragraph_text, default=None)
    total = paragraph_text(body) if body is not None else 0
    return best if best is not None and paragraph_text(best) >= 0.5 * total else (body if body is not None else root)


_LABEL = './/*[contains(@class, "nootnum")] | .//sup'
_BLOCKS_UP = ("p", "li", "div", "dd", "aside", "section", "td")


def _note_number(note) -> int | None:
    """The number a note carries itself (its ``nootnum`` or superscript label), if any."""
    label = note.xpath(_LABEL)
    m = re.match(r"\s*(\d{1,3})\s*$", label[0].text_content()) if label else None
    return int(m.group(1)) if m else None


def _note_text(note) -> str:
    """A note's text without its own number and without links back to the marker."""
    label = note.xpath(_LABEL)
    if label and re.fullmatch(r"\s*\d{1,3}\s*", label[0].text_content()):
        _drop(label[0])
    for back in note.xpath('.//a[starts-with(@href, "#fnref") or contains(@class, "back")]'):
        _drop(back)
    text = re.sub(r"\s+", " ", note.text_content()).strip().rstrip("↩︎").strip()
    return re.sub(r"^\d{1,3}[.)]?\s+", "", text)


def _drop(el) -> None:
    """Remove ``el`` but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail or ""
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def _collect_notes(root) -> dict[str, tuple[int | None, str]]:
    """Marked note blocks by every id that links to them (the block's and its anchors'): their
    own number, if they carry one, and their text. They are taken out of the page."""
    notes: dict[str, tuple[int | None, str]] = {}
    for note in [el for el in root.iter() if isinstance(el.tag, str) and _is_note(el)]:
        ids = [note.get("id")] + [a.get("id") or a.get("name") for a in note.iter("a")]
        entry = (_note_number(note), _note_text(note))
        for ident in ids:
            if ident:
                notes[ident] = entry
        _drop(note)
    return notes


def _note_at(root, target: str, link):
    """The block an unmarked note link points to (``#fn1`` → its ``<li>``), or None."""
    if '"' in target:
        return None
    found = root.xpath(f'//*[@id="{target}" or @name="{target}"]')
    holder = found[0] if found else None
    while holder is not None and holder.tag not in _BLOCKS_UP:
        holder = holder.getparent()
    if holder is None or link in holder.iter():  # the link's own paragraph is no note
        return None
    return holder


def _resolve_markers(main, root, notes: dict[str, tuple[int | None, str]]) -> list[tuple[int, str]]:
    """Replace note links by ``<sup>n</sup>`` text; the notes they link to, in marker order.

    A link is a marker when it points to a note, or when it is a number in a superscript (or
    classed as a note reference) pointing inside the page. Its number is the link's own.
    """
    used: dict[int, str] = {}
    for link in list(main.xpath('.//a[starts-with(@href, "#")]')):
        target = link.get("href")[1:]
        label = link.text_content().strip()
        parent = link.getparent()
        in_sup = parent is not None and parent.tag == "sup"
        classes = link.get("class", "").lower()
        if target not in notes:
            if not (label.isdigit() and (in_sup or "noot" in classes or "note" in classes)):
                continue
            holder = _note_at(root, target, link)
            if holder is None:
                continue
            notes[target] = (_note_number(holder), _note_text(holder))
            _drop(holder)
        own, text = notes[target]
        number = int(label) if label.isdigit() else own if own is not None else len(used) + 1
        used.setdefault(number, text)
        marker = parent if in_sup else link
        tail = marker.tail or ""
        marker.tag, marker.text, marker.tail = "span", f"<sup>{number}</sup>", tail
        for child in list(marker):
            marker.remove(child)
        marker.attrib.clear()
    return sorted(used.items())


def _markdown(el) -> str:
    """The element's content in the Markdown layout: headings, paragraphs, list items, sup."""
    out: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCK_TAGS:
            out.append("\n\n")
            if tag[:1] == "h" and tag[1:].isdigit():
                out.append("#" * int(tag[1:]) + " ")
            elif tag == "li":
                out.append("- ")
        elif tag == "br":
            out.append(" ")
        elif tag == "sup":
            out.append("<sup>")
        if tag and node.text:
            out.append(re.sub(r"\s+", " ", node.text))
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                out.append(re.sub(r"\s+", " ", child.tail))
        if tag == "sup":
            out.append("</sup>")
        elif tag in _BLOCK_TAGS:
            out.append("\n\n")

    walk(el)
    return "".join(out)


def _official_head(main) -> list[str]:
    """The dossier title and stuk number the official page prints above the text (taken out of it)."""
    lines: list[str] = []
    for el in main.xpath('.//*[contains(@class, "dossiertitel")]'):
        lines.append(re.sub(r"\s+", " ", el.text_content()).strip())
        _drop(el)
    for el in main.xpath('.//*[contains(@class, "stuknummer")]'):
        lines.append(re.sub(r"\s+", " ", el.text_content()).strip())
        _drop(el)
    return lines


def parse_html(raw: bytes, path) -> tuple[Assembled, DocumentMetadata]:
    """Parse an HTML page into the cleaned body and the metadata it states."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if not raw.strip():
        raise EmptyFileError(path, "only whitespace")
    try:
        raw.decode("utf-8")
        parser = lxml.html.HTMLParser(encoding="utf-8")
    except UnicodeDecodeError:  # another encoding: lxml reads the page's own charset declaration
        parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(raw, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise MalformedDocumentError(path, f"HTML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") \
            from None
    tags = [(m.get("name", ""), m.get("scheme", ""), m.get("content", "")) for m in root.iter("meta")
            if m.get("name")]
    from_tags = from_meta_tags(tags)
    main = _main(root)
    for el in list(main.iter()):
        if isinstance(el.tag, str) and el is not main and _is_chrome(el) and el.getparent() is not None:
            _drop(el)
    head = _official_head(main)
    notes = _collect_notes(root)
    used = _resolve_markers(main, root, notes)
    text = _markdown(main)
    if used or not _INLINE_NOTE.search(text):
        assembled, letterhead = _structured(text, used), DocumentMetadata()
    else:  # an exported letter: note paragraphs stand where its pages ended
        assembled, letterhead = parse_markdown(text)
    stated = from_lines(head + [p.text for p in assembled.paragraphs[:12]])
    return assembled, merge_metadata(merge_metadata(merge_metadata(from_tags, letterhead), stated),
                                     DocumentMetadata(submitters=stated.submitters))


def _structured(text: str, notes: list[tuple[int, str]]) -> Assembled:
    """One page of explicit paragraphs and headings; markers of the linked notes as sentinels."""
    known = {n for n, _ in notes}

    def inline(part: str) -> str:
        part = _SUP.sub(lambda m: mark(int(m.group(1))) if m.group(1).strip().isdigit()
                        and int(m.group(1)) in known else m.group(1), part)
        return re.sub(r"\s+", " ", part).strip()

    blocks: list[Block] = []
    for para in re.split(r"\n\s*\n", text):
        heading = re.match(r"^(#{1,6}) (.*)$", para.strip(), re.DOTALL)
        content = inline(heading.group(2) if heading else para)
        if content:
            blocks.append(Block([content], 1, heading_level=len(heading.group(1)) if heading else 0,
                                measured=True))
    footnotes = [RawFootnote(n, 1, [t]) for n, t in notes]
    return assemble([RawPage(1, blocks, footnotes)], width=10_000, heuristics=False)
