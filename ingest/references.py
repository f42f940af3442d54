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


def _norm(dossier: str) -> str:
    """Write a dossier number the canonical way, with one space: ``35 669``."""
    digits = re.sub(r"\s", "", dossier)
    return f"{digits[:2]} {digits[2:]}"


def parse_references(text: str) -> tuple[KamerstukRef, ...]:
    """All Kamerstuk references in ``text``, in order, without duplicates."""
    refs: list[KamerstukRef] = []
    for m in _REF.finditer(text):
        also = tuple(_norm(d) for d in _OTHER_DOSSIER.findall(m.group("rest") or ""))
        ref = KamerstukRef(
            dossier=_norm(m.group("first")),
            number=m.group("number"),
            sub=m.group("sub") or "",
            also=also,
        )
        if ref not in refs:
            refs.append(ref)
    return tuple(refs)
