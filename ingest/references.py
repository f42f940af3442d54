"""Parse Kamerstuk references out of footnote (or body) text.

Handles the ways Kamerbrieven cite parliamentary papers, e.g. ``Kamerstuk 35 669,
nr. 36``, ``Kamerstukken 25 295 en 25 883, nr. 1025``, ``Kamerstuk II 2021–2022,
35 669, nr. 36``, ``Tweede Kamer, vergaderjaar 2020–2021, 25 883 nr. 394``.
Parliamentary years (``2021–2022``, ``2020/21``) are never taken for dossiers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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


def compact_dossier(dossier: str) -> str:
    """A dossier number without spaces, as ids and filters write it: ``35 669`` → ``35669``."""
    return "".join(dossier.split()).upper()


def normalise_dossier(dossier: str) -> str:
    """Write a dossier number the canonical way, a space before the last three digits: ``35 669``."""
    digits = re.sub(r"\s", "", dossier)
    return f"{digits[:-3]} {digits[-3:]}"


@dataclass(frozen=True)
class KamerstukRef:
    """A parsed Kamerstuk reference such as ``Kamerstuk 35 570 XV, nr. 54``.

    ``dossier`` is the first dossier number as written ("35 570"), ``sub`` a
    chapter suffix ("XV") if any, ``also`` further dossiers of a joint
    Kamerstuk ("Kamerstukken 25 295 en 25 883, nr. 1025" → also=("25 883",)).
    """

    dossier: str
    number: str
    sub: str = ""
    also: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Canonical id: ``35669-36``, ``35570-XV-54``, ``25295-1025``."""
        parts = [compact_dossier(self.dossier)]
        if self.sub:
            parts.append(self.sub)
        parts.append(self.number)
        return "-".join(parts)

    def dossiers(self) -> tuple[str, ...]:
        """All dossier numbers without spaces, first one first."""
        return tuple(compact_dossier(d) for d in (self.dossier, *self.also))


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


def normalise_motion_id(text: str) -> str:
    """A motion id as typed → its canonical id: "35669-36", "35 669, nr. 36",
    "Kamerstuk 35 570 XV, nr. 54", "35570-xv-54" → "35669-36", "35570-XV-54"."""
    ref = parse_reference_query(text)
    if ref is not None:
        return ref.id
    refs = parse_references(text if re.search(r"[A-Za-z]{4}", text) else f"Kamerstuk {text}")
    if refs:
        return refs[0].id
    parts = [p for p in re.split(r"[\s,\-]+", text.strip()) if p and p.lower() not in {"nr", "nr."}]
    return "-".join(p.upper() if p.isalpha() else p for p in parts)
