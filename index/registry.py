"""The registry of motions, commitments and measures, across documents, in the catalog.

Tables live in the catalog's SQLite database and are written by the ingest
pipeline inside each document's transaction (``replace_document``), so a
re-ingested letter never leaves stale items. A motion's record gathers its
mentions from every letter, ordered by letter date; its latest status is the
status the most recent letter that says more than "genoemd" expresses (the
strongest such mention in that letter). The ``motions`` table is a summary kept
in step with ``motion_mentions`` on every write. Commitment statements are
grouped into commitments with a timeline (``index.commitment_groups``):
``commitment_records`` holds one row per commitment, each statement its
``record_id`` and the reason it joined. A write marks the grouping stale; the
next read regroups once (``ensure_grouped``), so an ingest of many letters does
not regroup after each one.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar

from index.commitment_groups import Statement, group_statements
from index.errors import InvalidStatusError, UnknownCommitmentError, UnknownMotionError
from index.schema import UNGROUPED
from index.models import PassageKind
from ingest.extract.models import CommitmentKind, CommitmentStatus, Extraction, MotionStatus
from ingest.references import normalise_motion_id
from ingest.vocabulary import Vocabulary

if TYPE_CHECKING:  # the catalog holds the registry (``catalog.registry``) and imports this module
    from index.catalog import Catalog


class CommitmentSort(Vocabulary):
    """Order of the commitments list: by age (open ones first, longest open first) or by date
    (latest mention first)."""

    AGE = "age"
    DATE = "date"

    @classmethod
    def noun(cls) -> str:
        return "sort"


@dataclass(frozen=True)
class MentionRecord:
    """One place a letter mentions a motion, with the status it expresses there."""

    source: str
    date: str
    page_start: int
    chunk_id: str
    status: MotionStatus
    quote: str


@dataclass(frozen=True)
class MotionRecord:
    """A motion by its Kamerstuk id, with its latest status and its mentions by letter date."""

    id: str
    dossier: str
    number: str
    submitters: list[str]
    cosigned: bool
    subject: str
    status: MotionStatus
    first_date: str
    last_date: str
    mention_count: int
    mentions: list[MentionRecord] = field(default_factory=list)


@dataclass(frozen=True)
class CommitmentMention:
    """One statement about a commitment in one letter, and why it belongs to the commitment."""

    id: str  # the statement's id ("c-…")
    source: str
    date: str
    page_start: int
    chunk_id: str
    status: CommitmentStatus
    quote: str
    kind: CommitmentKind  # given (referred back to) or made (promised in this letter)
    text: str
    given_at: str
    given_on: str
    reason: str  # "first mention", "same origin: letter of 2020-11-16", "similar promise (…)"


@dataclass(frozen=True)
class CommitmentRecord:
    """A commitment (toezegging) followed across letters: when and where it was given, by whom,
    its status (that of the latest mention) and every mention in letter-date order."""

    id: str
    subject: str
    given_on: str
    given_at: str
    who: str
    status: CommitmentStatus
    deadline: str
    first_date: str
    last_date: str
    mention_count: int
    mentions: list[CommitmentMention] = field(default_factory=list)

    @property
    def since(self) -> str:
        """When it was given, or else the date of the first letter that names it (for its age)."""
        return self.given_on or self.first_date


@dataclass(frozen=True)
class MeasureRecord:
    """A concrete government measure with its figure (``amount``) and date or year (``when``)."""

    id: str
    source: str
    date: str
    page_start: int
    chunk_id: str
    text: str
    quote: str
    amount: str
    when: str


# --- writes (called by the catalog inside its transaction) ---

# --- writes (called by the catalog inside its transaction) ---

def delete_document(conn: sqlite3.Connection, source: str, regroup: bool = True) -> bool:
    """Remove every registry row of ``source`` and refresh the motions and commitments it
    mentioned; True when it had commitment statements."""
    touched = _motion_ids_of(conn, source)
    conn.execute("DELETE FROM motion_mentions WHERE source = ?", (source,))
    had = conn.execute("DELETE FROM commitments WHERE source = ?", (source,)).rowcount > 0
    conn.execute("DELETE FROM measures WHERE source = ?", (source,))
    _refresh_motions(conn, touched)
    if had and regroup:
        _mark_ungrouped(conn)
    return had


def replace_document(conn: sqlite3.Connection, source: str, doc_date: str, extraction: Extraction) -> None:
    """Replace the registry rows of ``source`` by those of ``extraction`` (old rows go first)."""
    had_commitments = delete_document(conn, source, regroup=False)
    conn.executemany(
        "INSERT INTO motion_mentions(source, motion_id, dossier, number, submitters, cosigned, subject,"
        " status, date, page_start, chunk_id, quote, offset, via_ref) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(source, m.motion_id, m.dossier, m.number, json.dumps(list(m.submitters), ensure_ascii=False),
          int(m.cosigned), m.subject, m.status.value, doc_date, m.citation.page_start, m.citation.chunk_id,
          m.citation.quote, m.offset, int(m.via_ref)) for m in extraction.motion_mentions])
    conn.executemany(
        "INSERT OR IGNORE INTO commitments(id, source, date, page_start, chunk_id, quote, text, kind, status,"
        " who, given_at, given_on, deadline, ordinal, refs) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(c.id, source, doc_date, c.citation.page_start, c.citation.chunk_id, c.citation.quote, c.text,
          c.kind.value, c.status.value, c.who, c.given_at, c.given_on, c.deadline, i, json.dumps(list(c.refs)))
         for i, c in enumerate(extraction.commitments)])
    conn.executemany(
        "INSERT OR IGNORE INTO measures(id, source, date, page_start, chunk_id, quote, text, amount, when_text,"
        " ordinal) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [(m.id, source, doc_date, m.citation.page_start, m.citation.chunk_id, m.citation.quote, m.text,
          m.amount, m.when, i) for i, m in enumerate(extraction.measures)])
    _refresh_motions(conn, {m.motion_id for m in extraction.motion_mentions})
    if extraction.commitments or had_commitments:
        _mark_ungrouped(conn)


def _mark_ungrouped(conn: sqlite3.Connection) -> None:
    """Note that the statements changed; the grouping is redone once, before the next read
    (an ingest of many letters regroups once, not once per letter)."""
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, '1')", (UNGROUPED,))


def _is_ungrouped(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM meta WHERE key = ? AND value = '1'", (UNGROUPED,)).fetchone() is not None


def regroup_commitments(conn: sqlite3.Connection, kamerstukken: dict[str, str]) -> None:
    """Group every commitment statement into commitments (``index.commitment_groups``) and
    rewrite ``commitment_records``. A commitment's id is the id of its earliest statement, so
    it stays the same while later letters add mentions. ``kamerstukken``: source → the
    letter's own Kamerstuk id."""
    rows = conn.execute(
        "SELECT id, source, date, ordinal, kind, status, text, given_at, given_on, refs, who, deadline"
        " FROM commitments").fetchall()
    statements = [Statement(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], tuple(json.loads(r[9])),
                            kamerstukken.get(r[1], "")) for r in rows]
    extra = {r[0]: (r[10], r[11]) for r in rows}
    conn.execute("DELETE FROM commitment_records")
    for group in group_statements(statements):
        first, last = group.members[0], group.members[-1]
        record_id = first.id
        origin = next((m for m in group.members if m.given_on), first)
        conn.execute(
            "INSERT INTO commitment_records(id, subject, given_on, given_at, who, status, deadline, first_date,"
            " last_date, mention_count) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (record_id, subject_of(group.members), min((m.given_on for m in group.members if m.given_on),
                                                       default=""),
             origin.given_at, next((extra[m.id][0] for m in group.members if extra[m.id][0]), ""),
             latest_commitment_status((m.date, m.status) for m in group.members).value,
             next((extra[m.id][1] for m in reversed(group.members) if extra[m.id][1]), ""),
             first.date, last.date, len(group.members)))
        conn.executemany("UPDATE commitments SET record_id = ?, link_reason = ? WHERE id = ?",
                         [(record_id, group.reasons[m.id], m.id) for m in group.members])


_SUBJECT_RE = re.compile(r"(?:\btoezegging\b[^.;]*?\s(?:over|om|inzake)|\btoegezegd\s+om)\s+(?P<what>[^.;]+)",
                         re.IGNORECASE)


# The formula around what is promised: "Zoals toegezegd in …", "Dit is uw Kamer ook toegezegd in …".
_FORMULA_RE = re.compile(r"\bzoals\s+(?:is\s+)?(?:toegezegd|aangekondigd)(?:\s+in)?\s*[,.]?\s*"
                         r"|\s*Dit\s+is\s+uw\s+Kamer\s+ook\s+toegezegd\s+in\s*\.?\s*$", re.IGNORECASE)


def subject_of(members: list[Statement]) -> str:
    """What is promised, in short: "over …" of a statement that names it ("de toezegging over het
    indienen van een adviesaanvraag aan de SER"), else the longest statement without its origin
    clause and formula, clipped."""
    cleaned = []
    for m in members:
        text = m.text
        if m.given_at:
            text = re.sub(r"(?:\b(?:in|tijdens|bij)\s+)?" + re.escape(m.given_at), "", text)
        text = re.sub(r"\s*,\s*,", ",", re.sub(r"\([^)]*\)", "", text))
        found = _SUBJECT_RE.search(text)
        if found:
            return _clip(re.sub(r"\s+(?:in|van|uit|bij|tijdens)\s*$", "", found.group("what").strip()), 160)
        cleaned.append(" ".join(_FORMULA_RE.sub(" ", text).split()).strip(" ,."))
    best = max(cleaned, key=len)
    return _clip(best[:1].upper() + best[1:], 160)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split()).rstrip(" ,")
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def latest_commitment_status(mentions: Iterable[tuple[str, CommitmentStatus | str]]) -> CommitmentStatus:
    """Status from (letter date, status) pairs: that of the latest letter (the strongest if that
    letter says several things)."""
    pairs = [(d, CommitmentStatus(s)) for d, s in mentions]
    last = max(d for d, _ in pairs)
    return max((st for d, st in pairs if d == last), key=lambda st: st.rank)


def latest_status(mentions: Iterable[tuple[str, MotionStatus | str]]) -> MotionStatus:
    """Status from (date, status) pairs: the strongest of the latest letter saying more than "genoemd"."""
    telling = [(d, MotionStatus(s)) for d, s in mentions if s != MotionStatus.GENOEMD]
    if not telling:
        return MotionStatus.GENOEMD
    last = max(d for d, _ in telling)
    return max((s for d, s in telling if d == last), key=lambda s: s.rank)


def _motion_ids_of(conn: sqlite3.Connection, source: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT DISTINCT motion_id FROM motion_mentions WHERE source = ?",
                                       (source,))}


def _refresh_motions(conn: sqlite3.Connection, ids: Iterable[str]) -> None:
    """Recompute the ``motions`` summary rows of ``ids`` from their mentions.

    An id is a motion only if some letter names it with a motion phrase; bare
    footnote references (``via_ref``) then add to its timeline.
    """
    for motion_id in ids:
        rows = conn.execute(
            "SELECT dossier, number, submitters, cosigned, subject, status, date, via_ref FROM motion_mentions"
            " WHERE motion_id = ? ORDER BY date, source, offset", (motion_id,)).fetchall()
        conn.execute("DELETE FROM motions WHERE id = ?", (motion_id,))
        named = [r for r in rows if not r[7]]
        if not named:
            continue
        submitters = next((r[2] for r in named if r[2] != "[]"), "[]")
        subject = next((r[4] for r in named if r[4]), "")
        conn.execute(
            "INSERT INTO motions(id, dossier, number, submitters, cosigned, subject, status, first_date,"
            " last_date, mention_count) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (motion_id, named[0][0], named[0][1], submitters, int(any(r[3] for r in named)), subject,
             latest_status((r[6], r[5]) for r in rows).value, rows[0][6], rows[-1][6], len(rows)))


# --- reads ---

V = TypeVar("V", bound=Vocabulary)


def _parse(vocabulary: type[V], value: V | str | None, what: str) -> V | None:
    """``value`` as a member of ``vocabulary`` (None stays None); InvalidStatusError otherwise."""
    if value is None:
        return None
    try:
        return vocabulary(value)
    except ValueError:
        accepted = vocabulary.choices()
        raise InvalidStatusError(f"{what} must be one of {', '.join(accepted)}, got {value!r}") from None


_MOTION_COLUMNS = "id, dossier, number, submitters, cosigned, subject, status, first_date, last_date, mention_count"
_RECORD_COLUMNS = ("id, subject, given_on, given_at, who, status, deadline, first_date, last_date,"
                   " mention_count")
_IN_BATCH = 500  # host parameters per IN (...) query


class Registry:
    """The registry of a catalog (``catalog.registry``): motions, commitments and measures.

    Every method holds the catalog's lock while it reads, so a read never interleaves with a
    write of this process, and reads through the catalog's connection for this thread (a
    ``SnapshotCatalog`` gives its pinned one). The one write, regrouping the commitments
    after their statements changed, goes through ``catalog.transaction()``.
    """

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    # --- motions ---

    def motions(self, status: MotionStatus | str | None = None,
                chunk_id: str | None = None) -> list[MotionRecord]:
        """All motions (optionally with this latest status, or only those mentioned in one
        passage), most recently mentioned first, each with its mentions ordered by letter date."""
        wanted = _parse(MotionStatus, status, "status")
        sql = f"SELECT {_MOTION_COLUMNS} FROM motions WHERE 1 = 1"
        args: tuple = ()
        if wanted is not None:
            sql += " AND status = ?"
            args += (wanted.value,)
        if chunk_id is not None:
            sql += " AND id IN (SELECT motion_id FROM motion_mentions WHERE chunk_id = ?)"
            args += (chunk_id,)
        with self._catalog.locked() as conn:
            records = [_motion_from_row(r) for r in conn.execute(sql + " ORDER BY last_date DESC, id", args)]
            mentions = _mentions(conn, [r.id for r in records])
        return [replace(r, mentions=mentions.get(r.id, [])) for r in records]

    def motion(self, motion_id: str) -> MotionRecord:
        """One motion with all its mentions, by any way of writing its id; raises UnknownMotionError."""
        wanted = normalise_motion_id(motion_id)
        with self._catalog.locked() as conn:
            row = conn.execute(f"SELECT {_MOTION_COLUMNS} FROM motions WHERE id = ?", (wanted,)).fetchone()
            if row is None:
                raise UnknownMotionError(f"no motion {motion_id!r} in the registry (see `kamerzoek motions`)")
            record = _motion_from_row(row)
            return replace(record, mentions=_mentions(conn, [record.id]).get(record.id, []))

    def motion_ids(self) -> set[str]:
        """The ids of every motion (named by some letter with a motion phrase)."""
        with self._catalog.locked() as conn:
            return {r[0] for r in conn.execute("SELECT id FROM motions")}

    def motion_ids_by_chunk(self, chunk_ids: Iterable[str]) -> dict[str, list[str]]:
        """chunk_id → ids of the motions its passage mentions (for linking search hits to timelines)."""
        ids = list(dict.fromkeys(chunk_ids))
        out: dict[str, list[str]] = {}
        with self._catalog.locked() as conn:
            for i in range(0, len(ids), _IN_BATCH):
                batch = ids[i:i + _IN_BATCH]
                marks = ",".join("?" * len(batch))
                for chunk_id, motion_id in conn.execute(
                        "SELECT DISTINCT chunk_id, motion_id FROM motion_mentions"
                        f" WHERE chunk_id IN ({marks}) AND motion_id IN (SELECT id FROM motions)"
                        " ORDER BY chunk_id, offset", batch):
                    if motion_id not in out.setdefault(chunk_id, []):
                        out[chunk_id].append(motion_id)
        return out

    def chunk_ids_mentioning(self, ids: Iterable[str]) -> set[str]:
        """Passages that mention one of the Kamerstuk ids ``ids`` as a motion, bare footnote
        references to an id no letter calls a motion included."""
        wanted = list(dict.fromkeys(ids))
        with self._catalog.locked() as conn:
            return {r[0] for r in conn.execute(
                f"SELECT chunk_id FROM motion_mentions WHERE motion_id IN ({','.join('?' * len(wanted))})",
                wanted)}

    # --- commitments ---

    def commitments(self, status: CommitmentStatus | str | None = None,
                    sort: CommitmentSort | str = CommitmentSort.AGE) -> list[CommitmentRecord]:
        """Commitments with their timelines, optionally with one status ("voldaan" = "afgedaan").
        ``sort="age"``: open ones first, longest open first (the date given, else the first letter
        naming it), then the settled ones, oldest first; ``sort="date"``: latest mention first."""
        wanted = _parse(CommitmentStatus, status, "status")
        order = _parse(CommitmentSort, sort, "sort")
        self.ensure_grouped()
        sql = f"SELECT {_RECORD_COLUMNS} FROM commitment_records"
        args: tuple = ()
        if wanted is not None:
            sql += " WHERE status = ?"
            args = (wanted.value,)
        if order is CommitmentSort.AGE:
            sql += (f" ORDER BY status != '{CommitmentStatus.OPENSTAAND.value}',"
                    " COALESCE(NULLIF(given_on, ''), first_date), first_date, id")
        else:
            sql += " ORDER BY last_date DESC, id"
        with self._catalog.locked() as conn:
            records = [_commitment_from_row(r) for r in conn.execute(sql, args)]
            mentions = _commitment_mentions(conn, [r.id for r in records])
        return [replace(r, mentions=mentions.get(r.id, [])) for r in records]

    def commitment(self, commitment_id: str) -> CommitmentRecord:
        """One commitment with its timeline, by its id or the id of any of its statements;
        raises UnknownCommitmentError."""
        wanted = commitment_id.strip()
        self.ensure_grouped()
        with self._catalog.locked() as conn:
            row = conn.execute(f"SELECT {_RECORD_COLUMNS} FROM commitment_records WHERE id = ? OR id ="
                               " (SELECT record_id FROM commitments WHERE id = ?)", (wanted, wanted)).fetchone()
            if row is None:
                raise UnknownCommitmentError(
                    f"no commitment {commitment_id!r} in the registry (see `kamerzoek commitments`)")
            record = _commitment_from_row(row)
            return replace(record, mentions=_commitment_mentions(conn, [record.id]).get(record.id, []))

    def ensure_grouped(self) -> None:
        """Regroup the commitments if statements changed since the last grouping, in a write
        transaction of the catalog. A read-only snapshot cannot write: it reads the grouping
        it was pinned with (``index.snapshot`` groups before it pins)."""
        with self._catalog.locked() as conn:
            if not _is_ungrouped(conn) or self._catalog.read_only:
                return
            if conn.in_transaction:  # a read inside this thread's own write: group in that write
                self._regroup(conn)
                return
        with self._catalog.transaction() as conn:
            if _is_ungrouped(conn):
                self._regroup(conn)

    def _regroup(self, conn: sqlite3.Connection) -> None:
        kamerstukken = {source: ref.id for source, ref in self._catalog.kamerstukken()}
        regroup_commitments(conn, kamerstukken)
        conn.execute("DELETE FROM meta WHERE key = ?", (UNGROUPED,))

    # --- measures and passages ---

    def measures(self) -> list[MeasureRecord]:
        """All measures, newest letter first."""
        with self._catalog.locked() as conn:
            return [MeasureRecord(*r) for r in conn.execute(
                "SELECT id, source, date, page_start, chunk_id, text, quote, amount, when_text FROM measures"
                " ORDER BY date DESC, source, ordinal")]

    def chunk_ids_with_kind(self, kind: PassageKind | str) -> set[str]:
        """Passages that hold an item of ``kind`` (motion | commitment | measure)."""
        wanted = _parse(PassageKind, kind, "kind")
        sql = {PassageKind.MOTION: "SELECT DISTINCT chunk_id FROM motion_mentions"
                                " WHERE motion_id IN (SELECT id FROM motions)",
               PassageKind.COMMITMENT: "SELECT DISTINCT chunk_id FROM commitments",
               PassageKind.MEASURE: "SELECT DISTINCT chunk_id FROM measures"}[wanted]
        with self._catalog.locked() as conn:
            return {r[0] for r in conn.execute(sql) if r[0]}


def _motion_from_row(row: tuple) -> MotionRecord:
    return MotionRecord(id=row[0], dossier=row[1], number=row[2], submitters=json.loads(row[3]),
                        cosigned=bool(row[4]), subject=row[5], status=MotionStatus(row[6]), first_date=row[7],
                        last_date=row[8], mention_count=row[9])


def _commitment_from_row(row: tuple) -> CommitmentRecord:
    return CommitmentRecord(*row[:5], CommitmentStatus(row[5]), *row[6:])


def _mentions(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[MentionRecord]]:
    out: dict[str, list[MentionRecord]] = {}
    for i in range(0, len(ids), _IN_BATCH):
        batch = ids[i:i + _IN_BATCH]
        marks = ",".join("?" * len(batch))
        for r in conn.execute(
                "SELECT motion_id, source, date, page_start, chunk_id, status, quote FROM motion_mentions"
                f" WHERE motion_id IN ({marks}) ORDER BY date, source, offset", batch):
            out.setdefault(r[0], []).append(MentionRecord(r[1], r[2], r[3], r[4], MotionStatus(r[5]), r[6]))
    return out


def _commitment_mentions(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[CommitmentMention]]:
    out: dict[str, list[CommitmentMention]] = {}
    for i in range(0, len(ids), _IN_BATCH):
        batch = ids[i:i + _IN_BATCH]
        marks = ",".join("?" * len(batch))
        for r in conn.execute(
                "SELECT record_id, id, source, date, page_start, chunk_id, status, quote, kind, text, given_at,"
                f" given_on, link_reason FROM commitments WHERE record_id IN ({marks})"
                " ORDER BY date, source, ordinal", batch):
            out.setdefault(r[0], []).append(CommitmentMention(
                r[1], r[2], r[3], r[4], r[5], CommitmentStatus(r[6]), r[7], CommitmentKind(r[8]), *r[9:]))
    return out
