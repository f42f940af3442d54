"""A query that is a reference: a Kamerstuk (``Kamerstuk 35 669, nr. 36``, ``35669-36``,
``kst-25295-1172``, ``motie 35 570 XV nr. 54``) or a motion by its submitters
(``motie Van Weyenberg Smeulders``).

Recognised, such a query is answered by the passages that cite it first
(registry mentions of the motion, footnotes citing the Kamerstuk), then the
document it names when the corpus holds it, then the ordinary ranking
(``index.result_page``). Kamerstuk syntax is parsed by ``ingest.references``
(one home for reference normalisation); submitters are matched against the
motions the registry knows.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass

from index.catalog import ref_from_dict, refers_to
from ingest.dutch import fold
from ingest.extract.models import MotionStatus
from ingest.models import KamerstukRef
from ingest.references import parse_reference_query

_MOTION_WORD = re.compile(r"^\s*(?:de\s+)?moties?\b", re.IGNORECASE)
# Words around submitters' names that are no names: "motie van de leden Van Weyenberg en Smeulders c.s.".
_NOT_NAMES = frozenset({"van", "de", "der", "den", "het", "leden", "lid", "en", "cs", "c.s.", "c.s", "over",
                        "wat", "is", "er", "gedaan", "met", "the", "&", "/", "-", "–"})


@dataclass(frozen=True)
class RecognisedReference:
    """What a reference query names: a Kamerstuk, or the motions of the named submitters."""

    kind: str  # "kamerstuk" | "motion"
    ids: tuple[str, ...]  # canonical ids: ("35669-36",), ("35669-36", "35570-XV-54")
    label: str  # "Kamerstuk 35 669, nr. 36", "motie Van Weyenberg/Smeulders"
    refs: tuple[KamerstukRef, ...] = ()


def _label(ref: KamerstukRef) -> str:
    sub = f" {ref.sub}" if ref.sub else ""
    return f"Kamerstuk {ref.dossier}{sub}, nr. {ref.number}"


def _name_tokens(text: str) -> list[str]:
    return [fold(t) for t in re.split(r"[\s/,&]+", text) if t and fold(t) not in _NOT_NAMES]


def recognise(query: str, conn: sqlite3.Connection) -> RecognisedReference | None:
    """The reference ``query`` is, or None. A Kamerstuk that the registry knows as a motion is
    recognised as that motion."""
    ref = parse_reference_query(query)
    if ref is not None:
        row = conn.execute("SELECT submitters FROM motions WHERE id = ?", (ref.id,)).fetchone()
        if row is None:
            return RecognisedReference("kamerstuk", (ref.id,), _label(ref), (ref,))
        names = "/".join(json.loads(row[0]))
        label = f"motie {_label(ref).removeprefix('Kamerstuk ')}" + (f" ({names})" if names else "")
        return RecognisedReference("motion", (ref.id,), label, (ref,))
    if not _MOTION_WORD.match(query):
        return None
    wanted = _name_tokens(_MOTION_WORD.sub("", query, count=1).strip(" ?.!"))
    if not wanted:
        return None
    matches = []
    for motion_id, submitters in conn.execute("SELECT id, submitters FROM motions ORDER BY last_date DESC, id"):
        names = json.loads(submitters)
        have = {t for name in names for t in _name_tokens(name)}
        if names and set(wanted) <= have:
            matches.append((motion_id, names))
    if not matches:
        return None
    names = matches[0][1]
    return RecognisedReference("motion", tuple(m for m, _ in matches), "motie " + "/".join(names))


def citing_chunks(conn: sqlite3.Connection, reference: RecognisedReference) -> list[str]:
    """Passages that cite the reference: those naming the motion in their text first, then those
    citing it only in a footnote."""
    named: dict[str, tuple[str, int, int]] = {}  # chunk → (date, footnote only, status strength)
    marks = ",".join("?" * len(reference.ids))
    for chunk_id, date, via_ref, status in conn.execute(
            f"SELECT chunk_id, date, via_ref, status FROM motion_mentions WHERE motion_id IN ({marks})"
            " AND chunk_id != ''", reference.ids):
        strength = MotionStatus(status).rank
        old = named.get(chunk_id, (date, 1, -1))
        named[chunk_id] = (date, min(old[1], int(via_ref)), max(old[2], strength))
    refs = reference.refs or tuple(_ref_of(i) for i in reference.ids)
    numbers = sorted({r.number for r in refs})
    for number in numbers:
        for chunk_id, references, date in conn.execute(
                'SELECT pf.chunk_id, f."references", d.date FROM passage_footnotes pf'
                " JOIN footnotes f ON f.source = pf.source AND f.number = pf.number"
                " JOIN documents d ON d.source = pf.source"
                ' WHERE d.status = \'ok\' AND f."references" LIKE ?', (f'%"number": "{number}"%',)):
            cited = [ref_from_dict(r) for r in json.loads(references)]
            if chunk_id not in named and any(refers_to(c, r) for c in cited for r in refs):
                named[chunk_id] = (date, 1, 0)
    # named in the text before footnote-only; the strongest status first (the letter that settled
    # it), then the newest letter
    return sorted(named, key=lambda c: (named[c][1], -named[c][2], _desc(named[c][0]), c))


def _desc(date: str) -> str:
    return "".join(chr(0x10FFFF - ord(ch)) for ch in date)  # sorts ISO dates newest first


def _ref_of(canonical_id: str) -> KamerstukRef:
    ref = parse_reference_query(canonical_id)
    assert ref is not None, canonical_id
    return ref


def named_chunks(conn: sqlite3.Connection, catalog, reference: RecognisedReference, per_document: int = 2) -> list[str]:
    """The first passages of the corpus documents the reference names (the motion or letter itself)."""
    refs = reference.refs or tuple(_ref_of(i) for i in reference.ids)
    sources = list(dict.fromkeys(s for s in (catalog.linked_source(r) for r in refs) if s))
    out: list[str] = []
    for source in sources:
        out += [r[0] for r in conn.execute("SELECT chunk_id FROM passages WHERE source = ? ORDER BY ordinal"
                                           " LIMIT ?", (source, per_document))]
    return out
