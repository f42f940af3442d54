"""Parse Kamerstuk references out of footnote (or body) text.

Handles the ways Kamerbrieven cite parliamentary papers, e.g. ``Kamerstuk 35 669,
nr. 36``, ``Kamerstukken 25 295 en 25 883, nr. 1025``, ``Kamerstuk II 2021–2022,
35 669, nr. 36``, ``Tweede Kamer, vergaderjaar 2020–2021, 25 883 nr. 394``.
Parliamentary years (``2021–2022``, ``2020/21``) are never taken for dossiers.
"""
from __future__ import annotations

import re

from ingest.models import KamerstukRef

# A dossier number is written "35 669" (or "35669"); a chapter suffix such as "XV" may follow.
_DOSSIER = r"\d{2}\s?\d{3}"
_SUB = r"(?:\s+(?P<sub>[IVXLC]+|[A-Z](?=\s*,)))?"
_YEAR = r"(?:\d{4}\s*[–\-/]\s*\d{2,4})"
_INTRO = (
    r"(?:Kamerstuk(?:ken)?|Tweede\s+Kamer|Eerste\s+Kamer|Handelingen)"
    r"(?:\s+(?:II|I))?"
    r"(?:\s*,?\s*(?:vergaderjaar\s+)?" + _YEAR + r")?"
    r"\s*,?\s*"
)
_REF = re.compile(
    _INTRO
    + r"(?P<first>" + _DOSSIER + r")" + _SUB
    + r"(?P<rest>(?:\s*(?:,|en|&)\s*" + _DOSSIER + r"(?:\s+[IVXLC]+)?)*)"
    + r"\s*,?\s*nr\.?\s*(?P<number>\d+)",
)
_OTHER_DOSSIER = re.compile(_DOSSIER)


def normalise_dossier(dossier: str) -> str:
    """Write a dossier number the canonical way, a space before the last three digits: ``35 669``."""
    digits = re.sub(r"\s", "", dossier)
    return f"{digits[:-3]} {digits[-3:]}"


def parse_references(text: str) -> tuple[KamerstukRef, ...]:
    """All Kamerstuk references in ``text``, in order, without duplicates."""
    refs: list[KamerstukRef] = []
    for m in _REF.finditer(text):
        also = tuple(normalise_dossier(d) for d in _OTHER_DOSSIER.findall(m.group("rest") or ""))
        ref = KamerstukRef(
            dossier=normalise_dossier(m.group("first")),
            number=m.group("number"),
            sub=m.group("sub") or "",
            also=also,
        )
        if ref not in refs:
            refs.append(ref)
    return tuple(refs)


# A reference typed as a query: "35669-36", "35570-XV-54", "kst-25295-1172", "35 669 nr 36".
_COMPACT = re.compile(r"^(?:kst-)?(?P<dossier>\d{2}\s?\d{3})(?:[-\s]+(?P<sub>[IVXLC]+))?[-\s,]+(?:nr\.?\s*)?"
                      r"(?P<number>\d{1,5})$", re.IGNORECASE)
# Words a user puts before a reference: "motie", "Kamerstuk", "kamerstukken II", "nr.".
_LEAD = re.compile(r"^\s*(?:de\s+|het\s+)?(?:moties?|kamerstuk(?:ken)?|amendement|brief)\b\s*", re.IGNORECASE)


def parse_reference_query(text: str) -> KamerstukRef | None:
    """The Kamerstuk a query names, when the query is one reference (optionally after "motie" or
    "Kamerstuk"): ``Kamerstuk 35 669, nr. 36``, ``35669-36``, ``kst-25295-1172``,
    ``motie 35 570 XV nr. 54``; None for anything else (a query that merely holds numbers)."""
    stripped = text.strip().rstrip("?.!").strip()
    rest = _LEAD.sub("", stripped, count=1).strip()
    compact = _COMPACT.match(rest)
    if compact:
        return KamerstukRef(dossier=normalise_dossier(compact.group("dossier")), number=compact.group("number"),
                            sub=(compact.group("sub") or "").upper())
    candidate = rest if re.match(r"(?i)kamerstuk|tweede\s+kamer|handelingen", rest) else f"Kamerstuk {rest}"
    m = _REF.match(candidate)
    if m is None or candidate[m.end():].strip(" .,;"):
        return None
    return parse_references(candidate)[0]
