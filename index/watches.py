"""Watches: saved searches (query + filters) whose new hits after each ingest are reported.

Stored in the catalog (tables ``watches`` and ``watch_hits``). A watch on a
motion id (``35669-36``) or a commitment id (``c-…``) follows that item's
registry timeline instead: its new mentions are its hits.

What is "new": a passage the watch did not list before, from a document
ingested after the watch was made. On ``add`` the current hits are recorded as
the baseline (never reported); every ``refresh`` records the new hits it finds
with the time it found them; ``check`` reports the hits not yet seen and marks
them seen; the Atom feed lists every hit found since the watch was made,
newest first, without marking anything (feed readers poll).
"""
from __future__ import annotations

import json
import re
import secrets
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from index.catalog import Catalog
from index.errors import UnknownCommitmentError, UnknownMotionError, UnknownWatchError, WatchInputError
from index.models import SearchFilters, SearchMode
from index.registry import CommitmentRecord, MotionRecord
from index.result_page import search_page
from index.search import Searcher
from ingest.references import normalise_motion_id

WATCH_DEPTH = 50  # results of a query watch compared at each refresh
FEED_LIMIT = 100
DEFAULT_MODE = SearchMode.LEXICAL  # the query's words, no model to load for a check

_COMMITMENT_ID = re.compile(r"^c-[0-9a-f]{12}$")
_SENTENCE_END = re.compile(r"[.!?]\s")


@dataclass(frozen=True)
class Watch:
    id: str
    query: str
    mode: str
    filters: dict[str, str] = field(default_factory=dict)
    target_kind: str = ""  # "", "motion" or "commitment"
    target_id: str = ""
    created_at: str = ""
    last_checked: str = ""

    def search_filters(self) -> SearchFilters | None:
        return SearchFilters(**self.filters) if self.filters else None


@dataclass(frozen=True)
class WatchHit:
    """A new passage for a watch: where it is, what it says, when the watch found it."""

    watch_id: str
    chunk_id: str
    source: str
    title: str
    date: str
    page_start: int
    quote: str
    status: str  # a mention's status for motion/commitment watches, else ""
    found_at: str


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _row(row: tuple) -> Watch:
    return Watch(row[0], row[1], row[2], json.loads(row[3]), row[4], row[5], row[6], row[7])


_COLUMNS = "id, query, mode, filters, target_kind, target_id, created_at, last_checked"


def list_watches(catalog: Catalog) -> list[Watch]:
    """Every watch, oldest first."""
    return [_row(r) for r in catalog.connection.execute(f"SELECT {_COLUMNS} FROM watches ORDER BY created_at, rowid")]


def get(catalog: Catalog, watch_id: str) -> Watch:
    """One watch; UnknownWatchError names the command that lists them."""
    row = catalog.connection.execute(f"SELECT {_COLUMNS} FROM watches WHERE id = ?", (watch_id,)).fetchone()
    if row is None:
        raise UnknownWatchError(f"no watch {watch_id!r} (see `kamerzoek watch list`)")
    return _row(row)


def _target(catalog: Catalog, query: str) -> tuple[str, str]:
    """("commitment", record id) or ("motion", id) when the query is the id of one, else ("", "")."""
    text = query.strip()
    if _COMMITMENT_ID.match(text):
        try:
            return "commitment", catalog.registry.commitment(text).id
        except UnknownCommitmentError:
            return "", ""
    motion_id = normalise_motion_id(text) if re.search(r"\d", text) else ""
    if motion_id and motion_id in catalog.registry.motion_ids():
        return "motion", motion_id
    return "", ""


def add(catalog: Catalog, searcher: Searcher, query: str, mode: SearchMode | str = DEFAULT_MODE,
        filters: SearchFilters | None = None) -> Watch:
    """Save a watch; its current hits become the baseline, never reported as new."""
    if not query.strip():
        raise WatchInputError("query: must not be empty")
    mode = SearchMode.from_str(mode) if isinstance(mode, str) else mode
    kept = {k: v for k, v in asdict(filters).items() if v} if filters else {}
    kind, target = _target(catalog, query)
    watch = Watch("w-" + secrets.token_hex(4), query.strip(), mode.value, kept, kind, target, _now(), _now())
    current = _current_hits(catalog, searcher, watch)
    with catalog.transaction() as conn:
        conn.execute(f"INSERT INTO watches({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
                     (watch.id, watch.query, watch.mode, json.dumps(kept, ensure_ascii=False), watch.target_kind,
                      watch.target_id, watch.created_at, watch.last_checked))
        _insert(conn, watch, current, baseline=True)
    return watch


def remove(catalog: Catalog, watch_id: str) -> None:
    """Delete a watch and what it found."""
    get(catalog, watch_id)
    with catalog.transaction() as conn:
        conn.execute("DELETE FROM watch_hits WHERE watch_id = ?", (watch_id,))
        conn.execute("DELETE FROM watches WHERE id = ?", (watch_id,))


def _insert(conn: sqlite3.Connection, watch: Watch, hits: list[WatchHit], baseline: bool) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO watch_hits(watch_id, chunk_id, source, date, page_start, title, quote, status,"
        " found_at, baseline, seen) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(watch.id, h.chunk_id, h.source, h.date, h.page_start, h.title, h.quote, h.status, h.found_at,
          int(baseline), int(baseline)) for h in hits])


def refresh(catalog: Catalog, searcher: Searcher, watch: Watch) -> int:
    """Record the watch's new hits (documents ingested since it was made, passages not listed
    before); the number recorded."""
    conn = catalog.connection
    known = {r[0] for r in conn.execute("SELECT chunk_id FROM watch_hits WHERE watch_id = ?", (watch.id,))}
    ingested = dict(conn.execute("SELECT source, ingested_at FROM documents WHERE status = 'ok'"))
    new = [h for h in _current_hits(catalog, searcher, watch)
           if h.chunk_id not in known and ingested.get(h.source, "") >= watch.created_at]
    if new:
        with catalog.transaction() as conn:
            _insert(conn, watch, new, baseline=False)
    return len(new)


def check(catalog: Catalog, searcher: Searcher, watch_id: str | None = None) -> list[WatchHit]:
    """The hits not seen yet of one watch (or of all), oldest found first; then marked seen."""
    watches = [get(catalog, watch_id)] if watch_id else list_watches(catalog)
    out: list[WatchHit] = []
    for watch in watches:
        refresh(catalog, searcher, watch)
        out += _stored(catalog.connection, watch.id, "AND seen = 0 ORDER BY found_at, date, chunk_id")
        with catalog.transaction() as conn:
            conn.execute("UPDATE watch_hits SET seen = 1 WHERE watch_id = ?", (watch.id,))
            conn.execute("UPDATE watches SET last_checked = ? WHERE id = ?", (_now(), watch.id))
    return out


def feed(catalog: Catalog, searcher: Searcher, watch_id: str, limit: int = FEED_LIMIT) -> tuple[Watch, list[WatchHit]]:
    """The watch and every hit found since it was made, newest first (nothing marked seen)."""
    watch = get(catalog, watch_id)
    refresh(catalog, searcher, watch)
    return watch, _stored(catalog.connection, watch.id,
                          "AND baseline = 0 ORDER BY found_at DESC, date DESC, chunk_id LIMIT ?", (limit,))


def _stored(conn: sqlite3.Connection, watch_id: str, tail: str, args: tuple = ()) -> list[WatchHit]:
    return [WatchHit(*r) for r in conn.execute(
        "SELECT watch_id, chunk_id, source, title, date, page_start, quote, status, found_at FROM watch_hits"
        f" WHERE watch_id = ? {tail}", (watch_id, *args))]


# --- what a watch finds now -------------------------------------------------------------

def _current_hits(catalog: Catalog, searcher: Searcher, watch: Watch) -> list[WatchHit]:
    if watch.target_kind in ("motion", "commitment"):
        return _registry_hits(catalog, watch)
    page = search_page(searcher, watch.query, k=WATCH_DEPTH, mode=SearchMode(watch.mode),
                       filters=watch.search_filters())
    found = _now()
    return [WatchHit(watch.id, h.chunk_id, h.source, h.title, h.date, h.page_start, quote_of(h.text, h.highlights),
                     "", found) for h in page.hits]


def _registry_hits(catalog: Catalog, watch: Watch) -> list[WatchHit]:
    """The mentions of the motion or commitment the watch follows, one hit per passage."""
    record: MotionRecord | CommitmentRecord
    try:
        record = (catalog.registry.motion(watch.target_id) if watch.target_kind == "motion"
                  else catalog.registry.commitment(watch.target_id))
    except (UnknownMotionError, UnknownCommitmentError):
        return []
    titles, found = catalog.titles(), _now()
    return _dedupe([WatchHit(watch.id, m.chunk_id, m.source, titles.get(m.source, (m.source, ""))[0], m.date,
                             m.page_start, m.quote, m.status.value, found) for m in record.mentions if m.chunk_id])


def _dedupe(hits: list[WatchHit]) -> list[WatchHit]:
    """One hit per passage (a passage can hold several mentions: the latest one says most)."""
    out: dict[str, WatchHit] = {}
    for h in hits:
        out[h.chunk_id] = h
    return list(out.values())


def quote_of(text: str, highlights: Sequence[tuple[int, int]], width: int = 300) -> str:
    """The sentence of ``text`` holding the first highlighted term (else the opening), clipped."""
    start = highlights[0][0] if highlights else 0
    begin = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        begin = m.end()
    end_match = _SENTENCE_END.search(text, start)
    end = end_match.start() + 1 if end_match else len(text)
    quote = " ".join(text[begin:end].split())
    return quote if len(quote) <= width else quote[: width - 1].rstrip() + "…"
