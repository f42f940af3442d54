"""The corpus manifest: what is known of each document, keyed by file name (``source``)."""
from __future__ import annotations

import json
from pathlib import Path

from ingest.errors import ManifestError
from ingest.models import DocumentMetadata, KamerstukRef

MANIFEST_NAME = "manifest.json"
_FIELDS = ("title", "date", "sender", "doc_type", "publication_id", "document_number", "description")


def _kamerstuk(value: object) -> KamerstukRef | None:
    if not value:
        return None
    if not isinstance(value, dict) or not value.get("dossier") or not value.get("number"):
        raise ValueError("kamerstuk needs 'dossier' and 'number'")
    return KamerstukRef(
        dossier=str(value["dossier"]),
        number=str(value["number"]),
        sub=str(value.get("sub", "") or ""),
        also=tuple(str(d) for d in value.get("also", ()) or ()),
    )


def parse_entry(entry: dict) -> DocumentMetadata:
    """One manifest entry → ``DocumentMetadata`` (unknown keys ignored, missing ones empty)."""
    fields = {name: str(entry.get(name) or "") for name in _FIELDS}
    return DocumentMetadata(**fields, kamerstuk=_kamerstuk(entry.get("kamerstuk")))


def load_manifest(corpus_dir: Path) -> dict[str, DocumentMetadata]:
    """Read ``manifest.json`` beside the documents; a missing manifest is an empty one.

    A manifest that is not valid JSON, or an entry that is malformed, raises
    ``ManifestError`` naming the manifest and the entry.
    """
    path = Path(corpus_dir) / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(path, str(exc)) from None
    if not isinstance(data, dict):
        raise ManifestError(path, "expected an object keyed by file name")
    manifest: dict[str, DocumentMetadata] = {}
    for source, entry in data.items():
        try:
            if not isinstance(entry, dict):
                raise ValueError("entry is not an object")
            manifest[source] = parse_entry(entry)
        except (ValueError, TypeError) as exc:
            raise ManifestError(path, f"entry {source!r}: {exc}") from None
    return manifest
