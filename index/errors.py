"""Errors of the index stage, all in this module: one base, precise subclasses.

The CLI prints ``str(err)`` as one line (exit status 2); the API answers
UnknownSourceError and UnknownChunkError with a 404 and the others with a 503
(``api/main.py``). Errors of the command line's own arguments are
not index errors: they are ``api.cli.common.UsageError``.
"""
from __future__ import annotations


class KamerzoekIndexError(Exception):
    """Base of the index errors; its message is one line that says what to do."""


class DataDirLockedError(KamerzoekIndexError):
    """Another kamerzoek process holds the data dir (embedded Chroma is single-process)."""


class ModelMismatchError(KamerzoekIndexError):
    """The index was built with another embedding model than the one configured."""


class IndexNotBuiltError(KamerzoekIndexError):
    """The data dir holds no index yet: run ``kamerzoek ingest`` first."""


class UnknownSourceError(KamerzoekIndexError):
    """No document with that source in the catalog."""


class UnknownChunkError(KamerzoekIndexError):
    """No passage with that chunk id in the catalog."""


class ConfigError(KamerzoekIndexError):
    """A setting (environment variable or flag) has a value kamerzoek cannot use."""


class DamagedStoreError(KamerzoekIndexError):
    """A store in the data dir fails its checks (checksum, count, SQLite integrity).

    The message names the store and the fix (``kamerzoek check --repair`` for the
    derived stores, which are rebuilt from the catalog and the embedding cache).
    """


class EmbeddingModelError(KamerzoekIndexError):
    """The configured embedding model cannot be found or loaded."""


class ChromaUnavailableError(KamerzoekIndexError):
    """The Chroma server named by the Chroma URL cannot be reached."""


class UnknownMotionError(KamerzoekIndexError):
    """No motion with that id in the registry."""


class UnknownCommitmentError(KamerzoekIndexError):
    """No commitment with that id in the registry."""


class InvalidStatusError(KamerzoekIndexError):
    """A registry filter (status, sort, kind) outside the accepted values."""


class UnknownWatchError(KamerzoekIndexError):
    """No watch with that id."""


class WatchInputError(KamerzoekIndexError):
    """A watch that cannot be made (empty query)."""


class SchemaVersionError(KamerzoekIndexError):
    """The catalog holds a schema this kamerzoek cannot read (written by a newer one)."""
