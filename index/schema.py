"""The catalog's SQLite schema: every table (catalog, registry, watches) and its migrations.

The schema version is SQLite's ``PRAGMA user_version``. A new database gets
every table at ``VERSION``; an older one is brought up by the steps of
``MIGRATIONS`` in order, each in the caller's write transaction (so a crash
leaves the old version, never half a migration). A catalog from a newer
kamerzoek (a higher version) is refused by the catalog, not touched.

Version 0 is every catalog written before the version lived here (the tables
then were made with ``CREATE TABLE IF NOT EXISTS`` and grew columns as the
registry grew): it is adopted by adding what it lacks.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

from index.errors import SchemaVersionError

VERSION = 2
# The version older kamerzoeks recorded in the meta table (read once, when adopting their catalog).
LEGACY_META_VERSION = "1"
UNGROUPED = "commitments_ungrouped"  # meta key: commitment statements changed since the last grouping
MODEL_KEY = "model_id"  # meta key of the embedding model's identity (index/model_identity.py)
LEGACY_MODEL_KEY = "embedding_model"  # the key (and ``name#variant`` format) before version 2

TABLES: dict[str, str] = {
    # --- catalog: documents and what they are cut into ---
    "meta": """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
)""",
    "documents": """
CREATE TABLE IF NOT EXISTS documents (
    source        TEXT PRIMARY KEY,
    path          TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL DEFAULT '',
    metadata      TEXT NOT NULL DEFAULT '{}',
    date          TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL DEFAULT '',
    content_hash  TEXT NOT NULL DEFAULT '',
    manifest_hash TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error         TEXT NOT NULL DEFAULT '',
    ingested_at   TEXT NOT NULL
)""",
    "passages": """
CREATE TABLE IF NOT EXISTS passages (
    chunk_id   TEXT PRIMARY KEY,
    source     TEXT NOT NULL REFERENCES documents(source) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    text       TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    page_start INTEGER NOT NULL,
    page_end   INTEGER NOT NULL,
    heading    TEXT NOT NULL DEFAULT ''
)""",
    "footnotes": """
CREATE TABLE IF NOT EXISTS footnotes (
    source     TEXT NOT NULL REFERENCES documents(source) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    text       TEXT NOT NULL,
    page       INTEGER NOT NULL,
    "references" TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (source, number)
)""",
    "pages": """
CREATE TABLE IF NOT EXISTS pages (
    source TEXT NOT NULL REFERENCES documents(source) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL,
    PRIMARY KEY (source, number)
)""",
    "passage_footnotes": """
CREATE TABLE IF NOT EXISTS passage_footnotes (
    chunk_id TEXT NOT NULL REFERENCES passages(chunk_id) ON DELETE CASCADE,
    source   TEXT NOT NULL,
    number   INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (chunk_id, number),
    FOREIGN KEY (source, number) REFERENCES footnotes(source, number) ON DELETE CASCADE
)""",
    # --- registry: motions, commitments, measures (index.registry) ---
    "motion_mentions": """
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
)""",
    "motions": """
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
)""",
    "commitments": """
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
)""",
    "commitment_records": """
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
)""",
    "measures": """
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
)""",
    # --- watches: saved searches and what they found (index.watches) ---
    "watches": """
CREATE TABLE IF NOT EXISTS watches (
    id           TEXT PRIMARY KEY,
    query        TEXT NOT NULL,
    mode         TEXT NOT NULL DEFAULT 'lexical',
    filters      TEXT NOT NULL DEFAULT '{}',
    target_kind  TEXT NOT NULL DEFAULT '',
    target_id    TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    last_checked TEXT NOT NULL DEFAULT ''
)""",
    "watch_hits": """
CREATE TABLE IF NOT EXISTS watch_hits (
    watch_id   TEXT NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
    chunk_id   TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    date       TEXT NOT NULL DEFAULT '',
    page_start INTEGER NOT NULL DEFAULT 1,
    title      TEXT NOT NULL DEFAULT '',
    quote      TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT '',
    found_at   TEXT NOT NULL,
    baseline   INTEGER NOT NULL DEFAULT 0,
    seen       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (watch_id, chunk_id)
)""",
}

INDEXES = (
    "CREATE INDEX IF NOT EXISTS passages_by_source ON passages(source, ordinal)",
    "CREATE INDEX IF NOT EXISTS motion_mentions_source ON motion_mentions(source)",
    "CREATE INDEX IF NOT EXISTS motion_mentions_id ON motion_mentions(motion_id)",
    "CREATE INDEX IF NOT EXISTS commitments_source ON commitments(source)",
    "CREATE INDEX IF NOT EXISTS measures_source ON measures(source)",
)


def version(conn: sqlite3.Connection) -> int:
    """The schema version of the database (0: unversioned, or empty)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def is_empty(conn: sqlite3.Connection) -> bool:
    """Whether the database holds no table at all (a new catalog)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").fetchone() is None


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to ``VERSION`` inside the caller's write transaction; the version found.

    Raises SchemaVersionError for a database of a newer kamerzoek, or one whose
    legacy version mark is unknown.
    """
    found = version(conn)
    if found > VERSION:
        raise SchemaVersionError(f"schema version {found}, this kamerzoek reads up to {VERSION}")
    if found == VERSION:
        return found
    if found == 0 and is_empty(conn):
        create(conn)
        return found
    for step in range(found, VERSION):
        MIGRATIONS[step](conn)
        conn.execute(f"PRAGMA user_version = {step + 1}")
    return found


def create(conn: sqlite3.Connection) -> None:
    """Every table and index at the current version, in an empty database."""
    for ddl in TABLES.values():
        conn.execute(ddl)
    for ddl in INDEXES:
        conn.execute(ddl)
    conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('generation', '0')")
    conn.execute(f"PRAGMA user_version = {VERSION}")


def _adopt_unversioned(conn: sqlite3.Connection) -> None:
    """0 → 1: a catalog of an earlier kamerzoek. Tables it lacks are made (the watches came
    later, the registry may be missing), columns a table lacks are added with their defaults,
    statements never grouped into commitments are marked for grouping, and the legacy
    version mark in ``meta`` gives way to ``user_version``."""
    for ddl in TABLES.values():
        conn.execute(ddl)
    legacy = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if legacy is not None and legacy[0] != LEGACY_META_VERSION:
        raise SchemaVersionError(f"schema version {legacy[0]}, this kamerzoek reads {LEGACY_META_VERSION}")
    for table in TABLES:
        _add_missing_columns(conn, table)
    for ddl in INDEXES:
        conn.execute(ddl)
    conn.execute("DELETE FROM meta WHERE key = 'schema_version'")
    conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('generation', '0')")
    if conn.execute("SELECT 1 FROM commitments WHERE record_id = '' LIMIT 1").fetchone():
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, '1')", (UNGROUPED,))


def _add_missing_columns(conn: sqlite3.Connection, table: str) -> None:
    """Add the columns of ``TABLES[table]`` that the database's table lacks.

    The wanted columns are read by SQLite itself (``PRAGMA table_info`` of the DDL made in
    a scratch in-memory database). A NOT NULL column without a default cannot be added to
    a table with rows, so it is added without the constraint.
    """
    have = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
    scratch = sqlite3.connect(":memory:")
    try:
        scratch.execute(TABLES[table])
        wanted = scratch.execute(f'PRAGMA table_info("{table}")').fetchall()
    finally:
        scratch.close()
    for _cid, name, kind, notnull, default, primary in wanted:
        if name in have or primary:
            continue
        spec = f'"{name}" {kind}'
        if default is not None:
            spec += (" NOT NULL" if notnull else "") + f" DEFAULT {default}"
        conn.execute(f'ALTER TABLE "{table}" ADD COLUMN {spec}')


def _model_identity_key(conn: sqlite3.Connection) -> None:
    """1 → 2: the embedding model's record moves from ``embedding_model`` to ``model_id``.

    Its value stays as it was (``name#variant``, no fingerprint): the next sync
    completes it (index/model_identity.py, ``recorded_model``).
    """
    conn.execute("UPDATE meta SET key = ? WHERE key = ? AND NOT EXISTS (SELECT 1 FROM meta WHERE key = ?)",
                 (MODEL_KEY, LEGACY_MODEL_KEY, MODEL_KEY))
    conn.execute("DELETE FROM meta WHERE key = ?", (LEGACY_MODEL_KEY,))


# version → the step that brings a database of that version to the next one
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    0: _adopt_unversioned,
    1: _model_identity_key,
}
