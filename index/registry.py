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
from dataclasses import asdict, dataclass, field
from typing import Any

from index.errors import KamerzoekIndexError
from ingest.extract.models import (COMMITMENT_STATUSES, MOTION_STATUSES, Extraction, commitment_status_rank,
                                   motion_status_rank)
from ingest.references import parse_reference_query, parse_references

KINDS = ("motion", "commitment", "measure")
COMMITMENT_SORTS = ("age", "date")
# Older records of the Kamer's commitments register say "voldaan" for "afgedaan".
STATUS_ALIASES = {"voldaan": "afgedaan"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS motion_mentions (
    source     TEXT NOT NULL,
    motion_id  TEXT NOT NULL,
    dossier    TEXT NOT NULL,
    number     TEXT NOT NULL,
    submitters TEXT NOT NULL DEFAULT '[]',
    cosigned   INTEGER NOT NULL DEFAULT 0,
    subject    TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    date       TEXT NOT NULL DEFAULT '',
    page_start INTEGER NOT NULL DEFAULT 1,
    chunk_id   TEXT NOT NULL DEFAULT '',
    quote      TEXT NOT NULL DEFAULT '',
    offset     INTEGER NOT NULL DEFAULT 0,
    via_ref    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS motion_mentions_source ON motion_mentions(source);
CREATE INDEX IF NOT EXISTS motion_mentions_id ON motion_mentions(motion_id);
CREATE TABLE IF NOT EXISTS motions (
    id         TEXT PRIMARY KEY,
    dossier    TEXT NOT NULL,
    number     TEXT NOT NULL,
    submitters TEXT NOT NULL DEFAULT '[]',
    cosigned   INTEGER NOT NULL DEFAULT 0,
    subject    TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    first_date TEXT NOT NULL DEFAULT '',
    last_date  TEXT NOT NULL DEFAULT '',
    mention_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS commitments (
    id         TEXT PRIMARY KEY,
    source     TEXT NOT NULL,
    date       TEXT NOT NULL DEFAULT '',
    page_start INTEGER NOT NULL DEFAULT 1,
    chunk_id   TEXT NOT NULL DEFAULT '',
    quote      TEXT NOT NULL DEFAULT '',
    text       TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    who        TEXT NOT NULL DEFAULT '',
    given_at   TEXT NOT NULL DEFAULT '',
    given_on   TEXT NOT NULL DEFAULT '',
    deadline   TEXT NOT NULL DEFAULT '',
    ordinal    INTEGER NOT NULL DEFAULT 0,
    refs       TEXT NOT NULL DEFAULT '[]',
    record_id  TEXT NOT NULL DEFAULT '',
    link_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS commitments_source ON commitments(source);
CREATE TABLE IF NOT EXISTS commitment_records (
    id         TEXT PRIMARY KEY,
    subject    TEXT NOT NULL DEFAULT '',
    given_on   TEXT NOT NULL DEFAULT '',
    given_at   TEXT NOT NULL DEFAULT '',
    who        TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    deadline   TEXT NOT NULL DEFAULT '',
    first_date TEXT NOT NULL DEFAULT '',
    last_date  TEXT NOT NULL DEFAULT '',
    mention_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS measures (
    id         TEXT PRIMARY KEY,
    source     TEXT NOT NULL,
    date       TEXT NOT NULL DEFAULT '',
    page_start INTEGER NOT NULL DEFAULT 1,
    chunk_id   TEXT NOT NULL DEFAULT '',
    quote      TEXT NOT NULL DEFAULT '',
    text       TEXT NOT NULL DEFAULT '',
    amount     TEXT NOT NULL DEFAULT '',
    when_text  TEXT NOT NULL DEFAULT '',
    ordinal    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS measures_source ON measures(source);
"""


class UnknownMotionError(KamerzoekIndexError):
    """No motion with that id in the registry."""


class UnknownCommitmentError(KamerzoekIndexError):
    """No commitment with that id in the registry."""


class InvalidStatusError(KamerzoekIndexError):
    """A status (or sort) filter outside the accepted values."""


@dataclass(frozen=True)
class MentionRecord:
    source: str
    date: str
    page_start: int
    chunk_id: str
    status: str
    quote: str


@dataclass(frozen=True)
class MotionRecord:
    id: str
    dossier: str
    number: str
    submitters: list[str]
    cosigned: bool
    subject: str
    status: str
    first_date: str
    last_date: str
    mention_count: int
    mentions: list[MentionRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CommitmentMention:
    """One statement about a commitment in one letter, and why it belongs to the commitment."""

    id: str  # the statement's id ("c-…")
    source: str
    date: str
    page_start: int
    chunk_id: str
    status: str
    quote: str
    kind: str  # "given" (referred back to) or "made" (promised in this letter)
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
    status: str
    deadline: str
    first_date: str
    last_date: str
    mention_count: int
    mentions: list[CommitmentMention] = field(default_factory=list)

    @property
    def since(self) -> str:
        """When it was given, or else the date of the first letter that names it (for its age)."""
        return self.given_on or self.first_date

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "since": self.since}


@dataclass(frozen=True)
class MeasureRecord:
    id: str
    source: str
    date: str
    page_start: int
    chunk_id: str
    text: str
    quote: str
    amount: str
    when: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- writes (called by the catalog inside its transaction) ---

def create_schema(conn: sqlite3.Connection) -> None:
    """Create the registry tables if missing (idempotent); add columns an older catalog lacks."""
    for statement in _SCHEMA.split(";"):
        if not statement.strip():
            continue
        conn.execute(statement)
        table = re.match(r"\s*CREATE TABLE IF NOT EXISTS (\w+) \((.*)\)\s*$", statement, re.DOTALL)
        if table is None:
            continue
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table.group(1)})")}
        for line in table.group(2).split(",\n"):
            column = line.strip().split(None, 1)
            if len(column) == 2 and column[0] not in have and "PRIMARY KEY" not in column[1]:
                spec = column[1] if "DEFAULT" in column[1] else column[1].replace("NOT NULL", "")
                conn.execute(f"ALTER TABLE {table.group(1)} ADD COLUMN {column[0]} {spec}")
    if conn.execute("SELECT 1 FROM commitments WHERE record_id = '' LIMIT 1").fetchone():
        _mark_ungrouped(conn)  # a catalog from before commitments were grouped


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


_UNGROUPED = "commitments_ungrouped"


def _mark_ungrouped(conn: sqlite3.Connection) -> None:
    """Note that the statements changed; the grouping is redone once, before the next read
    (an ingest of many letters regroups once, not once per letter)."""
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, '1')", (_UNGROUPED,))


def ensure_grouped(conn: sqlite3.Connection) -> None:
    """Regroup the commitments if statements changed since the last grouping (in its own write
    transaction unless the caller is in one)."""
    if conn.execute("SELECT 1 FROM meta WHERE key = ? AND value = '1'", (_UNGROUPED,)).fetchone() is None:
        return
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM meta WHERE key = ? AND value = '1'", (_UNGROUPED,)).fetchone():
            regroup_commitments(conn)
            conn.execute("DELETE FROM meta WHERE key = ?", (_UNGROUPED,))
    except BaseException:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if own and conn.in_transaction:
        conn.execute("COMMIT")


def regroup_commitments(conn: sqlite3.Connection) -> None:
    """Group every commitment statement into commitments (``index.commitment_groups``) and
    rewrite ``commitment_records``. A commitment's id is the id of its earliest statement, so
    it stays the same while later letters add mentions."""
    from index.commitment_groups import Statement, group_statements

    kamerstukken = _letter_kamerstukken(conn)
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
             latest_commitment_status((m.date, m.status) for m in group.members),
             next((extra[m.id][1] for m in reversed(group.members) if extra[m.id][1]), ""),
             first.date, last.date, len(group.members)))
        conn.executemany("UPDATE commitments SET record_id = ?, link_reason = ? WHERE id = ?",
                         [(record_id, group.reasons[m.id], m.id) for m in group.members])


def _letter_kamerstukken(conn: sqlite3.Connection) -> dict[str, str]:
    """source → the letter's own Kamerstuk id (from its metadata), for letters that have one."""
    out = {}
    for source, metadata in conn.execute("SELECT source, metadata FROM documents WHERE status = 'ok'"):
        kamerstuk = json.loads(metadata or "{}").get("kamerstuk")
        if kamerstuk:
            from index.catalog import ref_from_dict

            out[source] = ref_from_dict(kamerstuk).id
    return out


_SUBJECT_RE = re.compile(r"(?:\btoezegging\b[^.;]*?\s(?:over|om|inzake)|\btoegezegd\s+om)\s+(?P<what>[^.;]+)",
                         re.IGNORECASE)


# The formula around what is promised: "Zoals toegezegd in …", "Dit is uw Kamer ook toegezegd in …".
_FORMULA_RE = re.compile(r"\bzoals\s+(?:is\s+)?(?:toegezegd|aangekondigd)(?:\s+in)?\s*[,.]?\s*"
                         r"|\s*Dit\s+is\s+uw\s+Kamer\s+ook\s+toegezegd\s+in\s*\.?\s*$", re.IGNORECASE)


def subject_of(members: list) -> str:
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


def latest_commitment_status(mentions: Iterable[tuple[str, str]]) -> str:
    """Status from (letter date, status) pairs: that of the latest letter (the strongest if that
    letter says several things)."""
    pairs = list(mentions)
    last = max(d for d, _ in pairs)
    return max((st for d, st in pairs if d == last), key=commitment_status_rank)


def replace_document(conn: sqlite3.Connection, source: str, doc_date: str, extraction: Extraction) -> None:
    """Replace the registry rows of ``source`` by those of ``extraction`` (old rows go first)."""
    had_commitments = delete_document(conn, source, regroup=False)
    conn.executemany(
        "INSERT INTO motion_mentions(source, motion_id, dossier, number, submitters, cosigned, subject,"
        " status, date, page_start, chunk_id, quote, offset, via_ref) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(source, m.motion_id, m.dossier, m.number, json.dumps(list(m.submitters), ensure_ascii=False),
          int(m.cosigned), m.subject, m.status, doc_date, m.citation.page_start, m.citation.chunk_id,
          m.citation.quote, m.offset, int(m.via_ref)) for m in extraction.motion_mentions])
    conn.executemany(
        "INSERT OR IGNORE INTO commitments(id, source, date, page_start, chunk_id, quote, text, kind, status,"
        " who, given_at, given_on, deadline, ordinal, refs) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(c.id, source, doc_date, c.citation.page_start, c.citation.chunk_id, c.citation.quote, c.text,
          c.kind, c.status, c.who, c.given_at, c.given_on, c.deadline, i, json.dumps(list(c.refs)))
         for i, c in enumerate(extraction.commitments)])
    conn.executemany(
        "INSERT OR IGNORE INTO measures(id, source, date, page_start, chunk_id, quote, text, amount, when_text,"
        " ordinal) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [(m.id, source, doc_date, m.citation.page_start, m.citation.chunk_id, m.citation.quote, m.text,
          m.amount, m.when, i) for i, m in enumerate(extraction.measures)])
    _refresh_motions(conn, {m.motion_id for m in extraction.motion_mentions})
    if extraction.commitments or had_commitments:
        _mark_ungrouped(conn)


def _motion_ids_of(conn: sqlite3.Connection, source: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT DISTINCT motion_id FROM motion_mentions WHERE source = ?",
                                       (source,))}


def latest_status(mentions: Iterable[tuple[str, str]]) -> str:
    """Status from (date, status) pairs: the strongest of the latest letter saying more than "genoemd"."""
    telling = [(d, s) for d, s in mentions if s != "genoemd"]
    if not telling:
        return "genoemd"
    last = max(d for d, _ in telling)
    return max((s for d, s in telling if d == last), key=motion_status_rank)


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
             latest_status((r[6], r[5]) for r in rows), rows[0][6], rows[-1][6], len(rows)))


# --- queries ---

def chunk_ids_with_kind(conn: sqlite3.Connection, kind: str) -> set[str]:
    """Passages that hold an item of ``kind`` (motion | commitment | measure)."""
    if kind == "motion":
        sql = ("SELECT DISTINCT chunk_id FROM motion_mentions"
               " WHERE motion_id IN (SELECT id FROM motions)")
    elif kind == "commitment":
        sql = "SELECT DISTINCT chunk_id FROM commitments"
    elif kind == "measure":
        sql = "SELECT DISTINCT chunk_id FROM measures"
    else:
        raise InvalidStatusError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    return {r[0] for r in conn.execute(sql) if r[0]}


def motion_ids_by_chunk(conn: sqlite3.Connection, chunk_ids: Iterable[str]) -> dict[str, list[str]]:
    """chunk_id → ids of the motions its passage mentions (for linking search hits to timelines)."""
    ids = list(dict.fromkeys(chunk_ids))
    out: dict[str, list[str]] = {}
    for i in range(0, len(ids), 500):
        batch = ids[i:i + 500]
        marks = ",".join("?" * len(batch))
        for chunk_id, motion_id in conn.execute(
                "SELECT DISTINCT chunk_id, motion_id FROM motion_mentions"
                f" WHERE chunk_id IN ({marks}) AND motion_id IN (SELECT id FROM motions)"
                " ORDER BY chunk_id, offset", batch):
            if motion_id not in out.setdefault(chunk_id, []):
                out[chunk_id].append(motion_id)
    return out


def normalise_motion_id(text: str) -> str:
    """"35669-36", "35 669, nr. 36", "Kamerstuk 35 570 XV, nr. 54", "35570-xv-54" → canonical id."""
    ref = parse_reference_query(text)
    if ref is not None:
        return ref.id
    refs = parse_references(text if re.search(r"[A-Za-z]{4}", text) else f"Kamerstuk {text}")
    if refs:
        return refs[0].id
    parts = [p for p in re.split(r"[\s,\-]+", text.strip()) if p and p.lower() not in {"nr", "nr."}]
    return "-".join(p.upper() if p.isalpha() else p for p in parts)


def _check(value: str | None, allowed: tuple[str, ...], what: str) -> None:
    if value is not None and value not in allowed:
        raise InvalidStatusError(f"{what} must be one of {', '.join(allowed)}, got {value!r}")


def _motion_from_row(row: tuple) -> MotionRecord:
    return MotionRecord(id=row[0], dossier=row[1], number=row[2], submitters=json.loads(row[3]),
                        cosigned=bool(row[4]), subject=row[5], status=row[6], first_date=row[7],
                        last_date=row[8], mention_count=row[9])


_MOTION_COLUMNS = "id, dossier, number, submitters, cosigned, subject, status, first_date, last_date, mention_count"


def motions(conn: sqlite3.Connection, status: str | None = None,
            chunk_id: str | None = None) -> list[MotionRecord]:
    """All motions (optionally with this latest status, or only those mentioned in one
    passage), most recently mentioned first, each with its mentions ordered by letter date."""
    _check(status, MOTION_STATUSES, "status")
    sql = f"SELECT {_MOTION_COLUMNS} FROM motions WHERE 1 = 1"
    args: tuple = ()
    if status is not None:
        sql += " AND status = ?"
        args += (status,)
    if chunk_id is not None:
        sql += " AND id IN (SELECT motion_id FROM motion_mentions WHERE chunk_id = ?)"
        args += (chunk_id,)
    records = [_motion_from_row(r) for r in conn.execute(sql + " ORDER BY last_date DESC, id", args)]
    mentions = _mentions(conn, [r.id for r in records])
    return [MotionRecord(**{**asdict(r), "mentions": mentions.get(r.id, [])}) for r in records]


def motion(conn: sqlite3.Connection, motion_id: str) -> MotionRecord:
    """One motion with all its mentions; raises UnknownMotionError."""
    wanted = normalise_motion_id(motion_id)
    row = conn.execute(f"SELECT {_MOTION_COLUMNS} FROM motions WHERE id = ?", (wanted,)).fetchone()
    if row is None:
        raise UnknownMotionError(f"no motion {motion_id!r} in the registry (see `kamerzoek motions`)")
    record = _motion_from_row(row)
    return MotionRecord(**{**asdict(record), "mentions": _mentions(conn, [record.id]).get(record.id, [])})


def _mentions(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[MentionRecord]]:
    out: dict[str, list[MentionRecord]] = {}
    if not ids:
        return out
    marks = ",".join("?" * len(ids))
    for r in conn.execute(
            "SELECT motion_id, source, date, page_start, chunk_id, status, quote FROM motion_mentions"
            f" WHERE motion_id IN ({marks}) ORDER BY date, source, offset", ids):
        out.setdefault(r[0], []).append(MentionRecord(*r[1:]))
    return out


_RECORD_COLUMNS = ("id, subject, given_on, given_at, who, status, deadline, first_date, last_date,"
                   " mention_count")


def commitments(conn: sqlite3.Connection, status: str | None = None, sort: str = "age") -> list[CommitmentRecord]:
    """Commitments with their timelines, optionally with one status ("voldaan" = "afgedaan").
    ``sort="age"``: open ones first, longest open first (the date given, else the first letter
    naming it), then the settled ones, oldest first; ``sort="date"``: latest mention first."""
    status = STATUS_ALIASES.get(status, status) if status else status
    _check(status, COMMITMENT_STATUSES, "status")
    _check(sort, COMMITMENT_SORTS, "sort")
    ensure_grouped(conn)
    sql = f"SELECT {_RECORD_COLUMNS} FROM commitment_records"
    args: tuple = ()
    if status is not None:
        sql += " WHERE status = ?"
        args = (status,)
    if sort == "age":
        sql += (" ORDER BY status != 'openstaand', COALESCE(NULLIF(given_on, ''), first_date), first_date, id")
    else:
        sql += " ORDER BY last_date DESC, id"
    records = [CommitmentRecord(*r) for r in conn.execute(sql, args)]
    mentions = _commitment_mentions(conn, [r.id for r in records])
    return [CommitmentRecord(**{**asdict(r), "mentions": mentions.get(r.id, [])}) for r in records]


def commitment(conn: sqlite3.Connection, commitment_id: str) -> CommitmentRecord:
    """One commitment with its timeline, by its id or the id of any of its statements;
    raises UnknownCommitmentError."""
    wanted = commitment_id.strip()
    ensure_grouped(conn)
    row = conn.execute(f"SELECT {_RECORD_COLUMNS} FROM commitment_records WHERE id = ? OR id ="
                       " (SELECT record_id FROM commitments WHERE id = ?)", (wanted, wanted)).fetchone()
    if row is None:
        raise UnknownCommitmentError(
            f"no commitment {commitment_id!r} in the registry (see `kamerzoek commitments`)")
    record = CommitmentRecord(*row)
    return CommitmentRecord(**{**asdict(record),
                               "mentions": _commitment_mentions(conn, [record.id]).get(record.id, [])})


def _commitment_mentions(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[CommitmentMention]]:
    out: dict[str, list[CommitmentMention]] = {}
    for i in range(0, len(ids), 500):
        batch = ids[i:i + 500]
        marks = ",".join("?" * len(batch))
        for r in conn.execute(
                "SELECT record_id, id, source, date, page_start, chunk_id, status, quote, kind, text, given_at,"
                f" given_on, link_reason FROM commitments WHERE record_id IN ({marks})"
                " ORDER BY date, source, ordinal", batch):
            out.setdefault(r[0], []).append(CommitmentMention(*r[1:]))
    return out


def measures(conn: sqlite3.Connection) -> list[MeasureRecord]:
    """All measures, newest letter first."""
    return [MeasureRecord(*r) for r in conn.execute(
        "SELECT id, source, date, page_start, chunk_id, text, quote, amount, when_text FROM measures"
        " ORDER BY date DESC, source, ordinal")]
