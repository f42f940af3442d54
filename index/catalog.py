"""The catalog: SQLite in the data dir, the source of truth for documents and passages.

Chroma and the BM25 index are derived from it and can be rebuilt from it
(``kamerzoek reindex``). Every change to one document happens in one
transaction (old rows deleted first, so no stale passage survives), and every
change bumps ``generation()`` so derived stores can tell that they are behind.

The registry of motions, commitments and measures (``index.registry``) keeps
its tables in the same database, is written inside the same transaction and is
read as ``catalog.registry``. All tables and their migrations: ``index.schema``.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from index import registry, schema
from index.crashpoints import checkpoint
from index.errors import (DamagedStoreError, IndexNotBuiltError, SchemaVersionError, UnknownChunkError,
                          UnknownSourceError)
from index.model_identity import ModelIdentity
from index.models import SearchFilters
from index.registry import Registry
from index.schema import LEGACY_MODEL_KEY, MODEL_KEY
from ingest.extract.models import Extraction
from ingest.models import Document, DocumentMetadata, Footnote, Passage
from ingest.references import KamerstukRef, compact_dossier

_IN_BATCH = 500  # host parameters per IN (...) query, well below SQLite's limit

_PASSAGE_COLUMNS = 'chunk_id, source, ordinal, text, start, "end", page_start, page_end, heading'


@dataclass(frozen=True)
class DocumentFacts:
    """What labelling and counting a hit need of its document."""

    title: str
    date: str
    doc_type: str
    dossiers: tuple[str, ...]


@dataclass(frozen=True)
class StoredDocument:
    """A document as the catalog holds it (``status`` is ``ok`` or ``failed``)."""

    source: str
    kind: str
    metadata: DocumentMetadata
    text: str
    content_hash: str
    status: str
    error: str = ""
    footnotes: tuple[Footnote, ...] = field(default=())
    passage_count: int = 0
    path: str = ""
    ingested_at: str = ""
    manifest_hash: str = ""


@dataclass(frozen=True)
class DocumentState:
    """The stored fingerprint of a document: enough to skip an unchanged file."""

    content_hash: str
    manifest_hash: str
    status: str
    path: str
    passage_count: int
    footnote_count: int


# --- (de)serialisation of the ingest models ---------------------------------------------

def ref_to_dict(ref: KamerstukRef) -> dict[str, Any]:
    """A Kamerstuk reference as plain JSON data (with its canonical ``id``)."""
    return {"id": ref.id, "dossier": ref.dossier, "number": ref.number, "sub": ref.sub,
            "also": list(ref.also)}


def ref_from_dict(data: dict[str, Any]) -> KamerstukRef:
    return KamerstukRef(dossier=str(data.get("dossier", "")), number=str(data.get("number", "")),
                        sub=str(data.get("sub", "") or ""), also=tuple(data.get("also") or ()))


def metadata_to_dict(metadata: DocumentMetadata) -> dict[str, Any]:
    data = asdict(metadata)
    data["kamerstuk"] = ref_to_dict(metadata.kamerstuk) if metadata.kamerstuk else None
    return data


def metadata_from_dict(data: dict[str, Any]) -> DocumentMetadata:
    values = {k: v for k, v in data.items() if k in DocumentMetadata.__dataclass_fields__}
    kamerstuk = values.pop("kamerstuk", None)
    return DocumentMetadata(**values, kamerstuk=ref_from_dict(kamerstuk) if kamerstuk else None)


def refers_to(ref: KamerstukRef, kamerstuk: KamerstukRef | None) -> bool:
    """Whether reference ``ref`` names Kamerstuk ``kamerstuk`` (any shared dossier, same number).

    Joint Kamerstukken are cited under either dossier ("25 295 en 25 883, nr. 1025"
    or "25 883, nr. 1025"), so one shared dossier suffices; a chapter suffix must
    agree where both state one.
    """
    if kamerstuk is None or ref.number.strip() != kamerstuk.number.strip():
        return False
    if ref.sub and kamerstuk.sub and ref.sub.upper() != kamerstuk.sub.upper():
        return False
    return bool(set(ref.dossiers()) & set(kamerstuk.dossiers()))


# --- the catalog ----------------------------------------------------------------------

class Catalog:
    """SQLite catalog (WAL, foreign keys) of documents, passages and footnotes.

    Safe to share between threads: each thread reads through its own connection
    (opened on its first use, all closed by ``close``), so readers never wait
    for each other; writes go through ``transaction()``, one at a time. Open
    with ``Catalog(path)`` to create it if needed, or ``Catalog.open_existing(path)``
    in read-only commands, which raises IndexNotBuiltError when there is none.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()  # one writer at a time
        self._opened = threading.Lock()  # guards the list of connections
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._links: tuple[int, list[tuple[str, KamerstukRef]]] | None = None
        try:
            self._initialise()
        except sqlite3.DatabaseError as err:
            self.close()
            raise damaged_catalog(self.path, err) from None
        except BaseException:
            self.close()
            raise

    read_only = False  # a SnapshotCatalog is

    def _initialise(self) -> None:
        """Create the schema, or migrate an older one (``index.schema``), in WAL mode; refuse one
        of a newer kamerzoek before touching the file. A catalog at the current version is only
        read (no write on open)."""
        found = schema.version(self.connection)
        if found > schema.VERSION:
            raise self._unreadable(f"schema version {found}, this kamerzoek reads up to {schema.VERSION}")
        self.connection.execute("PRAGMA journal_mode=WAL")
        if found == schema.VERSION:
            return
        try:
            with self.transaction() as conn:
                schema.migrate(conn)
        except SchemaVersionError as err:
            raise self._unreadable(str(err)) from None

    def _unreadable(self, why: str) -> DamagedStoreError:
        return DamagedStoreError(f"the catalog {self.path} has {why}: use the kamerzoek that wrote it,"
                                 " or ingest into a new data dir")

    @classmethod
    def open_existing(cls, path: str | Path) -> "Catalog":
        """Open a catalog that must already exist (read-only commands)."""
        if not Path(path).is_file():
            raise IndexNotBuiltError(
                f"no catalog in {Path(path).parent}: run `kamerzoek ingest` first")
        return cls(path)

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's connection (autocommit; use ``transaction()`` to write)."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                   timeout=30.0)
            # FULL: a committed document survives a power cut too, not only a killed process
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            with self._opened:
                self._connections.append(conn)
            self._local.conn = conn
        return conn

    @property
    def _conn(self) -> sqlite3.Connection:
        return self.connection

    @cached_property
    def registry(self) -> Registry:
        """The registry of motions, commitments and measures in this catalog."""
        return Registry(self)

    @contextmanager
    def locked(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection, with the catalog's lock held: reads that must not interleave
        with a write of this process (the registry's)."""
        with self._lock:
            yield self.connection

    def close(self) -> None:
        """Close every thread's connection."""
        with self._opened:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
            self._local = threading.local()

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT, rolled back on error)."""
        conn = self.connection
        with self._lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            else:
                if conn.in_transaction:
                    conn.execute("COMMIT")

    # --- meta ---

    def generation(self) -> int:
        """A counter bumped by every change to documents or passages."""
        return int(self.meta("generation") or 0)

    def meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def model_identity(self) -> ModelIdentity | None:
        """The embedding model the derived stores were built with (None: none recorded yet)."""
        value = self.meta(MODEL_KEY) or self.meta(LEGACY_MODEL_KEY)  # a snapshot of an unmigrated catalog
        return ModelIdentity.parse(value) if value else None

    def set_model_identity(self, identity: ModelIdentity) -> None:
        """Record ``identity`` as the model of the derived stores."""
        self.set_meta(MODEL_KEY, str(identity))

    @staticmethod
    def _bump(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    # --- writes ---

    def replace_document(self, document: Document, passages: list[Passage], extraction: Extraction | None = None,
                         *, path: str | Path = "", manifest_hash: str = "") -> None:
        """Replace everything stored for ``document.source`` in one transaction.

        The old document row (and by cascade its passages and footnotes) is deleted
        first, so a changed document never leaves a stale passage behind.
        """
        footnotes = {f.number: f for f in document.footnotes}
        for passage in passages:
            for note in passage.footnotes:
                footnotes.setdefault(note.number, note)
        with self.transaction() as conn:
            self._delete_rows(conn, document.source)
            conn.execute(
                "INSERT INTO documents(source, path, kind, metadata, date, text, content_hash,"
                " manifest_hash, status, error, ingested_at) VALUES (?,?,?,?,?,?,?,?,'ok','',?)",
                (document.source, str(path), document.kind,
                 json.dumps(metadata_to_dict(document.metadata), ensure_ascii=False),
                 document.metadata.date, document.text, document.content_hash, manifest_hash,
                 _now()))
            conn.executemany(
                'INSERT INTO footnotes(source, number, text, page, "references") VALUES (?,?,?,?,?)',
                [(document.source, f.number, f.text, f.page,
                  json.dumps([ref_to_dict(r) for r in f.references], ensure_ascii=False))
                 for f in footnotes.values()])
            conn.executemany(
                'INSERT INTO pages(source, number, start, "end") VALUES (?,?,?,?)',
                [(document.source, page.number, page.start, page.end) for page in document.pages])
            conn.executemany(
                f"INSERT INTO passages({_PASSAGE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
                [(p.chunk_id, document.source, p.ordinal, p.text, p.start, p.end, p.page_start,
                  p.page_end, p.heading) for p in passages])
            conn.executemany(
                "INSERT OR IGNORE INTO passage_footnotes(chunk_id, source, number, position)"
                " VALUES (?,?,?,?)",
                [(p.chunk_id, document.source, note.number, i)
                 for p in passages for i, note in enumerate(p.footnotes)])
            if extraction is not None:
                registry.replace_document(conn, document.source, document.metadata.date, extraction)
            checkpoint("mid-catalog-write")
            self._bump(conn)

    def record_failure(self, source: str, error: str, *, path: str | Path = "",
                       content_hash: str = "", kind: str = "") -> None:
        """Record that ``source`` could not be ingested; whatever was stored for it goes.

        Recording the same failure again (same bytes, same reason) changes nothing,
        so a batch with a persistent bad file still leaves the generation alone.
        """
        with self.transaction() as conn:
            same = conn.execute(
                "SELECT 1 FROM documents WHERE source = ? AND status = 'failed' AND error = ?"
                " AND content_hash = ? AND path = ?", (source, error, content_hash, str(path))
            ).fetchone()
            if same:
                return
            self._delete_rows(conn, source)
            conn.execute(
                "INSERT INTO documents(source, path, kind, content_hash, status, error, ingested_at)"
                " VALUES (?,?,?,?,'failed',?,?)",
                (source, str(path), kind, content_hash, error, _now()))
            self._bump(conn)

    def delete_document(self, source: str) -> None:
        """Remove a document with its passages, footnotes and registry items."""
        with self.transaction() as conn:
            self._delete_rows(conn, source)
            self._bump(conn)

    @staticmethod
    def _delete_rows(conn: sqlite3.Connection, source: str) -> None:
        registry.delete_document(conn, source)
        conn.execute("DELETE FROM documents WHERE source = ?", (source,))

    # --- documents ---

    def documents(self) -> list[StoredDocument]:
        """All documents, failed ones included (see ``status``), ordered by source."""
        rows = self._conn.execute(
            "SELECT d.*, (SELECT COUNT(*) FROM passages p WHERE p.source = d.source)"
            " FROM documents d ORDER BY d.source").fetchall()
        notes = self._footnotes_by_source()
        return [_stored(row, notes.get(row[0], ())) for row in rows]

    def document_facts(self) -> dict[str, DocumentFacts]:
        """Title (the source when it has none), date, type and dossiers of every ingested
        document, by source: from the metadata column only, for labelling and counting hits
        without loading texts."""
        out = {}
        for source, metadata, date in self._conn.execute(
                "SELECT source, metadata, date FROM documents WHERE status = 'ok'"):
            meta = json.loads(metadata or "{}")
            kamerstuk = meta.get("kamerstuk")
            dossiers = ref_from_dict(kamerstuk).dossiers() if kamerstuk else ()
            out[source] = DocumentFacts(meta.get("title") or source, date, meta.get("doc_type") or "", dossiers)
        return out

    def titles(self) -> dict[str, tuple[str, str]]:
        """(title, date) of every ingested document by source (the title falls back to the source)."""
        return {source: (facts.title, facts.date) for source, facts in self.document_facts().items()}

    def page_starts(self) -> dict[str, tuple[tuple[int, int], ...]]:
        """(page number, body offset where it starts) of every page, by source, in page order.

        Documents ingested before pages were stored have none (their citations
        fall back to the passage's first page until they are ingested again).
        """
        grouped: dict[str, list[tuple[int, int]]] = {}
        for source, number, start in self._conn.execute(
                "SELECT source, number, start FROM pages ORDER BY source, number"):
            grouped.setdefault(source, []).append((number, start))
        return {k: tuple(v) for k, v in grouped.items()}

    def document(self, source: str) -> StoredDocument:
        """One document; UnknownSourceError names the known sources."""
        row = self._conn.execute(
            "SELECT d.*, (SELECT COUNT(*) FROM passages p WHERE p.source = d.source)"
            " FROM documents d WHERE d.source = ?", (source,)).fetchone()
        if row is None:
            known = ", ".join(r[0] for r in self._conn.execute(
                "SELECT source FROM documents ORDER BY source"))
            raise UnknownSourceError(
                f"unknown source {source!r}; known sources: {known or '(none: run kamerzoek ingest)'}")
        return _stored(row, tuple(self.footnotes(source)))

    def state(self, source: str) -> DocumentState | None:
        """What ingestion needs to decide whether ``source`` changed (no text loaded)."""
        row = self._conn.execute(
            "SELECT content_hash, manifest_hash, status, path,"
            " (SELECT COUNT(*) FROM passages p WHERE p.source = d.source),"
            " (SELECT COUNT(*) FROM footnotes f WHERE f.source = d.source)"
            " FROM documents d WHERE source = ?", (source,)).fetchone()
        return DocumentState(*row) if row else None

    def set_path(self, source: str, path: str | Path) -> None:
        """Record where ``source``'s file now lives (a moved, unchanged file)."""
        with self.transaction() as conn:
            conn.execute("UPDATE documents SET path = ? WHERE source = ?", (str(path), source))

    def content_hash(self, source: str) -> str | None:
        """The stored sha256 of ``source``'s file bytes, or None if never ingested."""
        row = self._conn.execute(
            "SELECT content_hash FROM documents WHERE source = ?", (source,)).fetchone()
        return row[0] if row else None

    def footnotes(self, source: str) -> list[Footnote]:
        rows = self._conn.execute(
            'SELECT number, text, page, "references" FROM footnotes WHERE source = ?'
            " ORDER BY number", (source,)).fetchall()
        return [_footnote(r) for r in rows]

    def _footnotes_by_source(self) -> dict[str, tuple[Footnote, ...]]:
        grouped: dict[str, list[Footnote]] = {}
        for row in self._conn.execute(
                'SELECT source, number, text, page, "references" FROM footnotes'
                " ORDER BY source, number"):
            grouped.setdefault(row[0], []).append(_footnote(row[1:]))
        return {k: tuple(v) for k, v in grouped.items()}

    # --- passages ---

    def chunk_ids(self) -> set[str]:
        """Every passage id in the catalog (what Chroma and BM25 must hold)."""
        return {r[0] for r in self._conn.execute("SELECT chunk_id FROM passages")}

    def passages(self, source: str | None = None) -> list[Passage]:
        """All passages (of one source, or of all in source order), with their footnotes."""
        if source is None:
            rows = self._conn.execute(
                f"SELECT {_PASSAGE_COLUMNS} FROM passages ORDER BY source, ordinal").fetchall()
        else:
            rows = self._conn.execute(
                f"SELECT {_PASSAGE_COLUMNS} FROM passages WHERE source = ? ORDER BY ordinal",
                (source,)).fetchall()
        notes = self._passage_footnotes(None if source is None else [r[0] for r in rows])
        return [_passage(r, notes.get(r[0], ())) for r in rows]

    def passage(self, chunk_id: str) -> Passage:
        found = self.passages_by_ids([chunk_id])
        if chunk_id not in found:
            raise UnknownChunkError(f"unknown chunk id {chunk_id!r}")
        return found[chunk_id]

    def passages_by_ids(self, ids: Iterable[str]) -> dict[str, Passage]:
        """The passages with these ids (unknown ids are left out)."""
        ids = list(dict.fromkeys(ids))
        rows: list[tuple] = []
        for batch in _batches(ids, _IN_BATCH):
            rows += self._conn.execute(
                f"SELECT {_PASSAGE_COLUMNS} FROM passages WHERE chunk_id IN"
                f" ({','.join('?' * len(batch))})", batch).fetchall()
        notes = self._passage_footnotes([r[0] for r in rows])
        return {r[0]: _passage(r, notes.get(r[0], ())) for r in rows}

    def neighbours(self, chunk_id: str, n: int = 1) -> list[Passage]:
        """The up to ``n`` passages before and after ``chunk_id`` in its document, in order.

        The passage itself is not included.
        """
        row = self._conn.execute("SELECT source, ordinal FROM passages WHERE chunk_id = ?",
                                 (chunk_id,)).fetchone()
        if row is None:
            raise UnknownChunkError(f"unknown chunk id {chunk_id!r}")
        source, ordinal = row
        rows = self._conn.execute(
            f"SELECT {_PASSAGE_COLUMNS} FROM passages WHERE source = ? AND ordinal BETWEEN ? AND ?"
            " AND chunk_id != ? ORDER BY ordinal", (source, ordinal - n, ordinal + n, chunk_id)
        ).fetchall()
        notes = self._passage_footnotes([r[0] for r in rows])
        return [_passage(r, notes.get(r[0], ())) for r in rows]

    def _passage_footnotes(self, ids: list[str] | None) -> dict[str, tuple[Footnote, ...]]:
        """Footnotes per chunk id (all passages when ``ids`` is None)."""
        query = ('SELECT pf.chunk_id, f.number, f.text, f.page, f."references" FROM passage_footnotes pf'
                 " JOIN footnotes f ON f.source = pf.source AND f.number = pf.number")
        rows: list[tuple] = []
        if ids is None:
            rows = self._conn.execute(query + " ORDER BY pf.chunk_id, pf.position").fetchall()
        else:
            for batch in _batches(ids, _IN_BATCH):
                rows += self._conn.execute(
                    query + f" WHERE pf.chunk_id IN ({','.join('?' * len(batch))})"
                    " ORDER BY pf.chunk_id, pf.position", batch).fetchall()
        grouped: dict[str, list[Footnote]] = {}
        for row in rows:
            grouped.setdefault(row[0], []).append(_footnote(row[1:]))
        return {k: tuple(v) for k, v in grouped.items()}

    # --- filters and links ---

    def chunk_ids_matching(self, filters: SearchFilters | None) -> set[str] | None:
        """The passage ids that pass ``filters``; None when no filter is set.

        ``dossier`` matches any dossier of the document's Kamerstuk (joint
        Kamerstukken have several); dates are inclusive ISO dates; ``kind`` keeps
        passages that hold a motion, commitment or measure (index.registry).
        """
        if filters is None or not any((filters.source, filters.date_from, filters.date_to,
                                       filters.dossier, filters.kind, filters.doc_type)):
            return None
        clauses, params = ["d.status = 'ok'"], []
        if filters.source:
            clauses.append("d.source = ?")
            params.append(filters.source)
        if filters.date_from:
            clauses.append("d.date != '' AND d.date >= ?")
            params.append(filters.date_from)
        if filters.date_to:
            clauses.append("d.date != '' AND d.date <= ?")
            params.append(filters.date_to)
        if filters.doc_type:
            clauses.append("json_extract(d.metadata, '$.doc_type') = ?")
            params.append(filters.doc_type)
        if filters.dossier:
            sources = self._sources_in_dossier(filters.dossier)
            clauses.append(f"d.source IN ({','.join('?' * len(sources))})" if sources else "0")
            params.extend(sources)
        ids = {r[0] for r in self._conn.execute(
            "SELECT p.chunk_id FROM passages p JOIN documents d ON d.source = p.source WHERE "
            + " AND ".join(clauses), params)}
        if filters.kind:
            ids &= self.registry.chunk_ids_with_kind(filters.kind)
        return ids

    def _sources_in_dossier(self, dossier: str) -> list[str]:
        wanted = compact_dossier(dossier)
        return [source for source, kamerstuk in self.kamerstukken() if wanted in kamerstuk.dossiers()]

    def kamerstukken(self) -> list[tuple[str, KamerstukRef]]:
        """(source, Kamerstuk) of every document that has one; cached per generation."""
        generation = self.generation()
        if self._links is None or self._links[0] != generation:
            rows = self._conn.execute(
                "SELECT source, metadata FROM documents WHERE status = 'ok' ORDER BY source"
            ).fetchall()
            links = []
            for source, metadata in rows:
                kamerstuk = json.loads(metadata or "{}").get("kamerstuk")
                if kamerstuk:
                    links.append((source, ref_from_dict(kamerstuk)))
            self._links = (generation, links)
        return self._links[1]

    def linked_source(self, ref: KamerstukRef) -> str | None:
        """The corpus document that reference ``ref`` cites, if the corpus holds it.

        E.g. "Kamerstukken 25 295, nr. 1025" → ``001_0fad4857e130a749.txt``.
        """
        return next((source for source, kamerstuk in self.kamerstukken()
                     if refers_to(ref, kamerstuk)), None)


class SnapshotCatalog(Catalog):
    """A read-only catalog pinned to one generation: an open read transaction (WAL snapshot).

    Writers go on committing; this view never moves, so a reader sees the
    catalog exactly as it was when the derived stores it pairs with were built
    (index.snapshot opens a new one for the next generation). One connection,
    shared by the threads (SQLite serialises it): per-thread connections could
    not share one snapshot.
    """

    read_only = True

    def __init__(self, path: str | Path) -> None:  # noqa: D107 - no schema work: read-only
        self.path = Path(path)
        self._lock = threading.RLock()
        self._links = None
        self._pinned_conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                            timeout=30.0)
        try:
            self._pinned_conn.execute("PRAGMA query_only=ON")  # a write here would hold the lock for good
            self._pinned_conn.execute("BEGIN")  # deferred: the first read takes the snapshot
            row = self._pinned_conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        except sqlite3.DatabaseError as err:
            self._pinned_conn.close()
            raise damaged_catalog(self.path, err) from None
        self.pinned = int(row[0]) if row else 0

    @property
    def connection(self) -> sqlite3.Connection:
        return self._pinned_conn

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._pinned_conn

    def generation(self) -> int:
        return self.pinned

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        raise TypeError("a SnapshotCatalog is read-only")
        yield self._pinned_conn  # pragma: no cover

    def close(self) -> None:
        with self._lock:
            self._pinned_conn.close()


def damaged_catalog(path: Path, err: Exception) -> DamagedStoreError:
    """The one-line error for a catalog SQLite cannot read."""
    return DamagedStoreError(
        f"the catalog {path} is damaged ({err}): it is the source of truth, so it is not"
        " rebuilt from the indexes; restore it from a backup, or move it aside and run"
        " `kamerzoek ingest` on the document folders (`kamerzoek check` tells more)")


# --- helpers ------------------------------------------------------------------------

def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _batches(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _footnote(row: tuple) -> Footnote:
    number, text, page, refs = row
    return Footnote(number=number, text=text, page=page,
                    references=tuple(ref_from_dict(r) for r in json.loads(refs or "[]")))


def _passage(row: tuple, footnotes: tuple[Footnote, ...]) -> Passage:
    chunk_id, source, ordinal, text, start, end, page_start, page_end, heading = row
    return Passage(chunk_id=chunk_id, source=source, ordinal=ordinal, text=text, start=start,
                   end=end, page_start=page_start, page_end=page_end, heading=heading,
                   footnotes=footnotes)


def _stored(row: tuple, footnotes: tuple[Footnote, ...]) -> StoredDocument:
    (source, path, kind, metadata, _date, text, content_hash, manifest_hash, status, error,
     ingested_at, passage_count) = row
    return StoredDocument(source=source, kind=kind,
                          metadata=metadata_from_dict(json.loads(metadata or "{}")), text=text,
                          content_hash=content_hash, status=status, error=error,
                          footnotes=footnotes, passage_count=passage_count, path=path,
                          ingested_at=ingested_at, manifest_hash=manifest_hash)
