"""Footnote awareness: find markers glued to words, and build footnotes from their lines.

Layouts glue a marker to the word or number before it (``jl.1``, ``Brenk2``,
``20 juni 20221``, ``november 20203)``). We never strip trailing digits blindly:
a marker is searched for a *known* footnote number (one that sits on this page, in
numbering order), and a candidate must be glued to a word, to closing punctuation,
or to a four-digit year (``2022`` + ``1``). Decimals (``19,4``), percentages,
thousands (``400.000``), spaced numbers (``nr. 36``) and chemical/brand tokens
(``CO2``, ``Q1``, ``Covid-19``) are never markers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.hyphenation import join_lines
from ingest.marks import mark
from ingest.models import Footnote
from ingest.references import parse_references

_CLOSERS = set(".,;:)»«”“’\"'?!]")
_AFTER_OK = re.compile(r"(?:$|[\s.,;:)»”’\"'?!\]/])")
_NOT_MARKER_TOKENS = re.compile(r"^(?:CO|C0|NO|H|Q|G|COVID|Covid|covid|SARS|MKB|EU|A|B|N)$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
FOOTNOTE_LINE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
# Inside a footnote block a number may stand alone on its line (its text wrapped to the next).
FOOTNOTE_OPENING = re.compile(r"^(\d{1,3})(?:\s+(\S.*))?$")


def _candidate_ok(text: str, pos: int, digits: str) -> bool:
    """Whether ``digits`` at ``pos`` in ``text`` can be a footnote marker."""
    end = pos + len(digits)
    after = text[end:end + 2]
    if not _AFTER_OK.match(after) or after[:1] == "%":
        return False
    if after[:1] in ".," and after[1:2].isdigit():
        return False
    if pos == 0:
        return False
    before = text[pos - 1]
    if before.isdigit():
        # Only a year directly before the marker: "20221" = 2022 + 1.
        start = pos
        while start > 0 and text[start - 1].isdigit():
            start -= 1
        number = text[start:pos]
        lead = text[start - 1] if start else " "
        return bool(_YEAR.match(number)) and (lead.isspace() or lead in "(«“")
    if before.isalpha():
        start = pos
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        return not _NOT_MARKER_TOKENS.match(text[start:pos])
    if before in _CLOSERS:
        prev = text[pos - 2] if pos >= 2 else " "
        if before in ".," and prev.isdigit() and (before == "," or len(digits) == 3):
            return False  # 19,4 or 400.000
        return not prev.isspace()
    return False


def find_marker(text: str, number: int, start: int = 0) -> int | None:
    """Position of the first glued marker for footnote ``number`` at or after ``start``."""
    digits = str(number)
    pos = text.find(digits, start)
    while pos != -1:
        if _candidate_ok(text, pos, digits):
            return pos
        pos = text.find(digits, pos + 1)
    return None


def resolve_markers(text: str, numbers: list[int]) -> tuple[str, list[int]]:
    """Replace glued markers for ``numbers`` (in order) by sentinels; return text and the missing."""
    out: list[str] = []
    cursor = 0
    missing: list[int] = []
    for number in numbers:
        pos = find_marker(text, number, cursor)
        if pos is None:
            missing.append(number)
            continue
        out.append(text[cursor:pos])
        out.append(mark(number))
        cursor = pos + len(str(number))
    out.append(text[cursor:])
    return "".join(out), missing


@dataclass
class RawFootnote:
    """A footnote as parsed: its number, the page it sits on, and its physical lines."""

    number: int
    page: int
    lines: list[str] = field(default_factory=list)

    def build(self) -> Footnote:
        """The finished footnote: lines joined (dehyphenated, URLs glued), references parsed."""
        text = trailing = ""
        for line in self.lines:
            text = join_lines(text + trailing, line) if text else line.strip()
            trailing = " " if line.endswith((" ", "\t")) else ""
        text = re.sub(r"[ \t]+", " ", text).strip()
        return Footnote(number=self.number, text=text, page=self.page,
                        references=parse_references(text))


# Words after which a spaced number is a count, a date or a name of a part, never a marker.
_COUNTED = re.compile(
    r"(?:vraag|vragen|antwoord|nr|nummer|artikel|art|lid|paragraaf|par|hoofdstuk|bijlage|punt|fase|stap|"
    r"week|weken|dag|dagen|jaar|jaren|maand|maanden|uur|pagina|blz|p|pp|tabel|figuur|grafiek|motie|"
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"de|het|een|op|van|tot|en|of|met|ruim|circa|ca|bijna|zo'?n|minimaal|maximaal|ongeveer|nog|top|niveau|"
    r"schaal|groep|categorie|versie|ronde|deel|boek|titel|afdeling|sectie|onderdeel|regel|rij|kolom)\.?$",
    re.IGNORECASE)
_UNIT_AFTER = re.compile(
    r"^\s*(?:%|procent|miljoen|miljard|duizend|euro|jaar|jaren|maanden|weken|dagen|uur|keer|personen|"
    r"mensen|werknemers|werkgevers|km|kilometer|x|en\s+\d|of\s+\d|tot\s+\d|[-–/]\s*\d)", re.IGNORECASE)


def find_spaced_marker(text: str, number: int, start: int = 0) -> int | None:
    """Position of a marker typeset with a space before it (``bericht 1 van``, ``namen? 3``).

    Some producers set the footnote number as an ordinary number after a space. Such a
    number is taken for a marker only when it is the one candidate in ``text``: after a
    word that does not count or name things (not ``vraag 3``, ``artikel 1``, ``op 3``), not
    before a unit (``3 procent``, ``3 en 4``), and not part of a longer number.
    """
    found = []
    for m in re.finditer(rf"(?<=\S )({number})(?=$|[\s.,;:)])", text[start:], re.MULTILINE):
        pos = start + m.start(1)
        before = text[:pos].rstrip().rsplit(None, 1)[-1] if text[:pos].strip() else ""
        after = text[pos + len(str(number)):]
        if (not before or before[-1].isdigit() or _COUNTED.match(before.strip("(«“\"'"))
                or _UNIT_AFTER.match(after) or (after[:1] in ".," and after[1:2].isdigit())):
            continue
        found.append(pos)
    return found[0] if len(found) == 1 else None
