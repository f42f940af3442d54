"""Parse the official-publication XML (``<officiele-publicatie>``) and its ``metadata.xml``.

The schema of officielebekendmakingen.nl (op-xsd) wraps one of ``<kamerstuk>``,
``<kamervragen>`` or ``<handelingen>``. What kamerzoek reads:

- **kamerstuk**: the ``kamerstukkop`` and ``dossier`` (number, title) and ``stuknr``
  (``ondernummer``) become metadata; the stuk's ``titel`` is the first heading, the
  ``datumtekst`` (``datum@isodatum``) the date; ``al`` paragraphs, section ``kop``s as
  headings, list items, signatures;
- **kamervragen**: the description of who asked and who answered, then ``vraag`` and
  ``antwoord`` with their numbers as headings;
- **handelingen**: agenda items as headings, each speaker (name, party) before their words;
- footnotes where the XML carries them: ``noot`` elements (number ``nootnr``, text in ``al``)
  stand where their marker is; ``nootref`` repeats a marker.

Parsed with lxml (the same library as the HTML path: one parser for both markup kinds,
fast, with line and column in its error messages).
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ingest.errors import MalformedDocumentError, UnknownSchemaError
from ingest.footnotes import RawFootnote
from ingest.layout import Assembled, Block, RawPage, assemble
from ingest.marks import mark
from ingest.metadata import from_lines, from_meta_tags, iso_date, merge_metadata
from ingest.models import DocumentMetadata

ROOT = "officiele-publicatie"
METADATA_ROOT = "metadata_gegevens"
METADATA_SUFFIX = ".metadata.xml"
_KINDS = ("kamerstuk", "kamervragen", "handelingen")
# Elements read for metadata, not body text.
_HEAD = {"metadata", "kamerstukkop", "dossier", "stuknr", "kamervraagnummer", "vergaderjaar", "meta",
         "kamervraagkop-meta", "nummer", "publicatienummer"}
# Elements whose text is one paragraph of the body.
_PARAGRAPHS = {"al", "tussenkop", "kamervraagomschrijving", "kamervraagopmerking", "datumtekst", "dagtekening",
               "slotformule", "functie", "naam", "plaats", "aanhef", "ondertekenaar"}
_SKIP = {"noot", "nootref"}


def _local(tag) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def is_metadata_file(path: Path) -> bool:
    """``metadata.xml`` or ``NAME.metadata.xml``: read with its publication, not on its own."""
    name = path.name.lower()
    return name == "metadata.xml" or name.endswith(METADATA_SUFFIX)


def _parse_xml(raw: bytes, path):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedDocumentError(path, f"XML: {(exc.msg or str(exc)).splitlines()[0]}") from None


def read_metadata_xml(path: Path) -> DocumentMetadata:
    """The meta tags of an official ``metadata.xml`` (``<metadata_gegevens>``); empty if unusable."""
    try:
        root = _parse_xml(path.read_bytes(), path)
    except (OSError, MalformedDocumentError):
        return DocumentMetadata()
    if _local(root.tag) != METADATA_ROOT:
        return DocumentMetadata()
    return from_meta_tags([(m.get("name", ""), m.get("scheme", ""), m.get("content", ""))
                           for m in root.iter() if _local(m.tag) in ("metadata", "meta") and m.get("name")])


class _Reader:
    """Walks one publication: body blocks, footnotes and the header lines for metadata."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.notes: dict[str, int] = {}  # noot id → number
        self.footnotes: list[RawFootnote] = []
        self.head: list[str] = []
        self.date = ""

    def inline(self, el) -> str:
        """An element's text with ``noot`` replaced by its marker (and the note collected)."""
        parts = [el.text or ""]
        for child in el:
            tag = _local(child.tag)
            if tag == "noot":
                parts.append(mark(self.note(child)))
            elif tag == "nootref":
                number = self.notes.get(child.get("refid", ""))
                if number:
                    parts.append(mark(number))
            elif tag in ("br",):
                parts.append(" ")
            elif tag:
                parts.append(self.inline(child))
            parts.append(child.tail or "")
        return re.sub(r"\s+", " ", "".join(parts))

    def note(self, el) -> int:
        """Collect a ``noot``: its number (``nootnr``, else the next one) and its text."""
        number_el = next((c for c in el if _local(c.tag) == "nootnr"), None)
        digits = re.sub(r"\D", "", "".join(number_el.itertext())) if number_el is not None else ""
        number = int(digits) if digits else len(self.footnotes) + 1
        text = " ".join(self.inline(c).strip() for c in el if _local(c.tag) not in ("nootnr",) and _local(c.tag))
        if not text.strip():
            text = re.sub(r"\s+", " ", "".join(el.itertext())).strip().removeprefix(digits).strip()
        self.footnotes.append(RawFootnote(number, 1, [text.strip()]))
        if el.get("id"):
            self.notes[el.get("id")] = number
        return number

    def add(self, text: str, heading: int = 0) -> None:
        text = text.strip()
        if text:
            self.blocks.append(Block([text], 1, heading_level=heading, measured=True))

    def walk(self, el, depth: int = 1) -> None:
        """Body blocks of ``el``'s children, in document order."""
        for child in el:
            self.walk_one(child, depth)

    def walk_one(self, child, depth: int) -> None:
        """Body blocks of one element."""
        tag = _local(child.tag)
        if not tag or tag in _SKIP:
            return
        if tag in _HEAD:
            self._head(child)
        elif tag == "titel":
            self.add(self.inline(child), heading=min(depth, 6))
        elif tag == "kop":
            parts = [self.inline(c) for c in child if _local(c.tag) in ("nr", "titel", "label")]
            self.add(" ".join(p.strip() for p in parts if p.strip()) or self.inline(child),
                     heading=min(depth + 1, 6))
        elif tag in ("vraag", "antwoord"):
            self._numbered(child, tag, depth)
        elif tag == "spreker":
            self.add(self._speaker(child) + ":")
        elif tag == "li":
            label = next((self.inline(c).strip() for c in child if _local(c.tag) == "li.nr"), "")
            texts = [self.inline(c) for c in child if _local(c.tag) == "al"]
            if texts:
                self.add(f"{label} {texts[0]}".strip())
                for text in texts[1:]:
                    self.add(text)
            self.walk_rest(child, depth, skip=("li.nr", "al"))
        elif tag in _PARAGRAPHS:
            if tag == "datumtekst":
                self._date(child)
            self.add(self.inline(child))
        else:
            self.walk(child, depth + (tag in ("hoofdstuk", "afdeling", "paragraaf", "agendapunt")))

    def walk_rest(self, el, depth: int, skip: tuple[str, ...]) -> None:
        for child in el:
            if _local(child.tag) not in skip and _local(child.tag):
                self.walk(child, depth)

    def _numbered(self, el, tag: str, depth: int) -> None:
        """A question or answer: its number as a heading ("Vraag 1"), then its paragraphs. The number
        stands in ``nr``, or as the first paragraph ("<al>Vraag 1</al>")."""
        children = [c for c in el if _local(c.tag)]
        label = next((c for c in children if _local(c.tag) == "nr"), None)
        if label is None and children and _local(children[0].tag) == "al" \
                and re.fullmatch(rf"{tag}\s+\d+(?:\s+(?:en|t/m)\s+\d+)?", _text(children[0]), re.IGNORECASE):
            label = children[0]
        if label is not None:
            number = self.inline(label).strip()
            word = tag.capitalize()
            self.add(number if number.lower().startswith(tag) else f"{word} {number}", heading=min(depth + 1, 6))
        for child in children:
            if child is not label:
                self.walk_one(child, depth)

    def _speaker(self, el) -> str:
        """``De heer Van Weyenberg (D66)`` from a ``spreker``'s prefix, name and party."""
        parts = {_local(c.tag): _text(c) for c in el.iter()}
        name = " ".join(p for p in (parts.get("voorvoegsels", ""), parts.get("achternaam")
                                    or parts.get("naam", "")) if p)
        party = parts.get("politiek", "").strip("() ")
        return f"{name} ({party})" if party else name or re.sub(r"\s+", " ", "".join(el.itertext())).strip()

    def _date(self, el) -> None:
        for datum in el.iter():
            if _local(datum.tag) == "datum" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", datum.get("isodatum", "")):
                self.date = self.date or datum.get("isodatum")
        if not self.date:
            m = re.search(r"(\d{1,2})\s+(\w+)\s+(\d{4})", "".join(el.itertext()))
            self.date = iso_date(*m.groups()) if m else ""
        self.head.append(re.sub(r"\s+", " ", "".join(el.itertext())).strip())

    def _head(self, el) -> None:
        """Header elements as metadata lines: "32 545 Wet- en …", "Nr. 143", "Vergaderjaar …"."""
        tag = _local(el.tag)
        if tag == "metadata":
            return
        if tag == "dossier":
            number = " ".join(_text(c) for c in el.iter() if _local(c.tag) == "dossiernr")
            title = next((_text(c) for c in el if _local(c.tag) == "titel"), "")
            self.head.append(f"{number} {title}".strip())
            return
        lines = [_text(c) for c in el.iter() if _local(c.tag) == "tekstregel"] or [_text(el)]
        self.head.extend(line for line in lines if line)


def _text(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def parse_publication_xml(raw: bytes, path) -> tuple[Assembled, DocumentMetadata]:
    """Parse an ``<officiele-publicatie>`` into the body and the metadata it states."""
    root = _parse_xml(raw, path)
    tag = _local(root.tag)
    if tag == METADATA_ROOT:
        raise UnknownSchemaError(path, "a metadata.xml holds no text (it is read beside its publication)")
    if tag != ROOT:
        raise UnknownSchemaError(path, f"root element <{tag}>, expected <{ROOT}>")
    body = next((el for el in root if _local(el.tag) in _KINDS), None)
    if body is None:
        found = ", ".join(f"<{_local(el.tag)}>" for el in root if _local(el.tag) != "metadata") or "nothing"
        raise UnknownSchemaError(path, f"<{ROOT}> holds {found}, expected one of "
                                       + ", ".join(f"<{k}>" for k in _KINDS))
    reader = _Reader()
    reader.walk(body)
    stated = from_lines(reader.head + [b.lines[0] for b in reader.blocks[:12]])
    kind = _local(body.tag)
    doc_type = {"kamervragen": "Antwoord op Kamervragen", "handelingen": "Handelingen"}.get(kind, "")
    metadata = merge_metadata(DocumentMetadata(date=reader.date, doc_type=doc_type), stated)
    page = RawPage(1, reader.blocks, sorted(reader.footnotes, key=lambda n: n.number))
    return assemble([page], width=10_000, heuristics=False), metadata
