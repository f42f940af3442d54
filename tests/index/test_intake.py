"""Files → catalog: the file statuses, and each file recorded with the hash of the bytes read once."""
from __future__ import annotations

import hashlib
import shutil

import pytest

from index.catalog import Catalog
from index.config import Settings
from index.intake import FileStatus, ingest_files

DOC = "003_8bf5640112f1901c.txt"


@pytest.mark.unit
def test_file_status_from_str():
    assert FileStatus.from_str(" Unchanged ") is FileStatus.UNCHANGED
    assert FileStatus.FAILED == "failed" and FileStatus("skipped") is FileStatus.SKIPPED
    with pytest.raises(ValueError, match="unknown file status 'gone'; accepted: added, updated, unchanged"):
        FileStatus.from_str("gone")


@pytest.mark.integration
def test_files_are_recorded_with_the_sha256_of_their_bytes(corpus_dir, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(corpus_dir / DOC, docs / DOC)
    (docs / "leeg.txt").write_text("  \n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data")
    with Catalog(settings.catalog_path) as catalog:
        results, stopped = ingest_files([docs], catalog, settings, progress=False, strict=False, force=False)
        assert not stopped
        assert {r.source: r.status for r in results} == {"leeg.txt": FileStatus.FAILED, DOC: FileStatus.ADDED}
        assert catalog.state(DOC).content_hash == hashlib.sha256((docs / DOC).read_bytes()).hexdigest()
        assert catalog.document(DOC).content_hash == catalog.state(DOC).content_hash
        again, _ = ingest_files([docs / DOC], catalog, settings, progress=False, strict=False, force=False)
        assert [r.status for r in again] == [FileStatus.UNCHANGED]
