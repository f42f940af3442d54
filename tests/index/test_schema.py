"""Schema versions (``index.schema``): a catalog written by the previous kamerzoek opens and is
migrated; a newer one is refused untouched.

The previous schema is written here from its own DDL (copied from the kamerzoek before
``PRAGMA user_version``: tables made with ``CREATE TABLE IF NOT EXISTS``, the version as
``meta.schema_version = '1'``), filled with the rows a current catalog holds for real letters
of the corpus, and then opened with ``Catalog``.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from api.models import CommitmentsOut, MotionsOut
from index import schema, watches
from index.catalog import Catalog
from index.config import Settings
from index.errors import DamagedStoreError
from index.integrity import catalog_findings
from ingest.manifest import load_manifest
from tests.index.test_registry import S001, S002, S004, build, store

pytestmark = pytest.mark.integration

# --- the schema of the previous kamerzoek, verbatim -------------------------------------------
PREVIOUS_CATALOG_DDL = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
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
);
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
);
CREATE INDEX IF NOT EXISTS passages_by_source ON passages(source, ordinal);
CREATE TABLE IF NOT EXISTS footnotes (
    source     TEXT NOT NULL REFERENCES documents(source) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    text       TEXT NOT NULL,
    page       INTEGER NOT NULL,
    "references" TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (source, number)
);
CREATE TABLE IF NOT EXISTS pages (
    source TEXT NOT NULL REFERENCES documents(source) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL,
    PRIMARY KEY (source, number)
);
CREATE TABLE IF NOT EXISTS passage_footnotes (
    chunk_id TEXT NOT NULL REFERENCES passages(chunk_id) ON DELETE CASCADE,
    source   TEXT NOT NULL,
    number   INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (chunk_id, number),
    FOREIGN KEY (source, number) REFERENCES footnotes(source, number) ON DELETE CASCADE
);
"""
PREVIOUS_REGISTRY_DDL = """
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
PREVIOUS_WATCHES_DDL = """
CREATE TABLE IF NOT EXISTS watches (
    id           TEXT PRIMARY KEY,
    query        TEXT NOT NULL,
    mode         TEXT NOT NULL DEFAULT 'lexical',
    filters      TEXT NOT NULL DEFAULT '{}',
    target_kind  TEXT NOT NULL DEFAULT '',
    target_id    TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    last_checked TEXT NOT NULL DEFAULT ''
);
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
);
"""
# An older registry still: commitments not yet grouped, footnote references not yet kept.
OLDER_DROPPED = {"commitments": {"refs", "record_id", "link_reason"}, "motion_mentions": {"via_ref"}}


@pytest.fixture(scope="module")
def current(corpus_dir, tmp_path_factory):
    """A catalog of three letters made by this kamerzoek: what the migrated one must equal."""
    corpus = tmp_path_factory.mktemp("letters")
    for source in (S001, S002, S004):
        (corpus / source).write_bytes((corpus_dir / source).read_bytes())
    (corpus / "manifest.json").write_bytes((corpus_dir / "manifest.json").read_bytes())
    with build(tmp_path_factory.mktemp("current") / "catalog.sqlite3", corpus) as catalog:
        catalog.registry.commitments()  # grouped
        yield catalog


def previous_catalog(path: Path, current: Catalog, dropped: dict[str, set[str]] | None = None) -> None:
    """Write ``path`` with the previous DDL and every row of ``current`` (minus ``dropped`` columns)."""
    conn = sqlite3.connect(path)
    conn.executescript(PREVIOUS_CATALOG_DDL + PREVIOUS_REGISTRY_DDL + PREVIOUS_WATCHES_DDL)
    for table, columns in (dropped or {}).items():
        for column in columns:
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    source = current.connection
    for (table,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        have = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        if not have:
            continue
        names = ", ".join(f'"{c}"' for c in have)
        rows = source.execute(f'SELECT {names} FROM "{table}"').fetchall()
        conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(have))})', rows)
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '1')")
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('embedding_model', 'multilingual-e5-small#int8')")
    conn.execute("INSERT INTO watches(id, query, created_at) VALUES ('w-00000001', 'thuiswerken', '2025-01-01T00:00:00Z')")
    conn.commit()
    assert conn.execute("PRAGMA user_version").fetchone() == (0,)
    conn.close()


def registry_json(catalog: Catalog) -> tuple[dict, dict]:
    return (MotionsOut.of(catalog.registry.motions()).model_dump(mode="json"),
            CommitmentsOut.of(catalog.registry.commitments()).model_dump(mode="json"))


def test_previous_catalog_opens_migrated_with_everything_kept(tmp_path, current):
    path = tmp_path / "catalog.sqlite3"
    previous_catalog(path, current)
    with Catalog(path) as catalog:
        assert schema.version(catalog.connection) == schema.VERSION
        assert catalog.meta("schema_version") is None  # user_version is the one record now
        assert catalog.meta(schema.LEGACY_MODEL_KEY) is None  # the model's record under its one key
        assert catalog.meta(schema.MODEL_KEY) == "multilingual-e5-small#int8"
        assert catalog.generation() == current.generation()
        assert catalog.passages() == current.passages()
        assert [d.source for d in catalog.documents()] == [S001, S002, S004]
        assert registry_json(catalog) == registry_json(current)
        assert [w.id for w in watches.list_watches(catalog)] == ["w-00000001"]
    assert catalog_findings(Settings().model_copy(update={"data_dir": tmp_path})) == []
    with Catalog(path) as again:  # opening a migrated catalog changes nothing more
        assert schema.version(again.connection) == schema.VERSION
        assert again.generation() == current.generation()


def test_older_registry_gains_its_columns_and_is_grouped_on_first_read(tmp_path, current, corpus_dir):
    path = tmp_path / "catalog.sqlite3"
    previous_catalog(path, current, OLDER_DROPPED)
    with Catalog(path) as catalog:
        columns = {r[1] for r in catalog.connection.execute("PRAGMA table_info(commitments)")}
        assert {"refs", "record_id", "link_reason"} <= columns
        assert catalog.meta(schema.UNGROUPED) == "1"  # statements without a commitment yet
        motions, commitments = registry_json(catalog)
        assert catalog.meta(schema.UNGROUPED) is None
        assert motions == registry_json(current)[0]
        assert commitments["count"] > 0
        store(catalog, corpus_dir / S002, load_manifest(corpus_dir))  # ingests again
        assert {m.source for m in catalog.registry.motion("35669-36").mentions} == {S001, S002, S004}


def test_catalog_of_a_newer_kamerzoek_is_refused_untouched(tmp_path, current):
    path = tmp_path / "catalog.sqlite3"
    previous_catalog(path, current)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DamagedStoreError, match=f"schema version {schema.VERSION + 1}, this kamerzoek reads up to"):
        Catalog(path)
    assert path.read_bytes() == before
    findings = catalog_findings(Settings().model_copy(update={"data_dir": tmp_path}))
    assert [f.problem for f in findings] == [f"schema version {schema.VERSION + 1}, this kamerzoek reads up to"
                                             f" {schema.VERSION}"]


def test_unknown_legacy_version_is_refused_and_rolled_back(tmp_path, current):
    """A failed migration leaves the catalog as it was (one transaction): no table added."""
    path = tmp_path / "catalog.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(PREVIOUS_CATALOG_DDL)
    conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '2')")
    conn.commit()
    conn.close()
    with pytest.raises(DamagedStoreError, match="schema version 2, this kamerzoek reads 1"):
        Catalog(path)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert conn.execute("PRAGMA user_version").fetchone() == (0,)
    conn.close()
    assert "motions" not in tables and "watches" not in tables


def test_new_catalog_is_made_at_the_current_version(tmp_path):
    with Catalog(tmp_path / "catalog.sqlite3") as catalog:
        assert schema.version(catalog.connection) == schema.VERSION
        tables = {r[0] for r in catalog.connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert set(schema.TABLES) <= tables
        assert catalog.generation() == 0
