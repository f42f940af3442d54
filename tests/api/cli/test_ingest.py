"""`kamerzoek ingest` as a user runs it, on real files (bad ones among them)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api.cli import main
from index.catalog import Catalog
from index.lock import DataDirLock
from index.pipeline import ingest_paths
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

DOC_A = "000_f9fde6f7b868fb2e.txt"
DOC_B = "001_0fad4857e130a749.txt"
DOC_D = "004_66ea02ed325e333a.txt"
KAMERZOEK = Path(sys.executable).parent / "kamerzoek"


def test_bad_files_get_one_line_each_and_the_rest_is_ingested(cached_settings, corpus_dir, tmp_path,
                                                               capsys, store_ids):
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(corpus_dir / DOC_B, batch / DOC_B)
    original = (corpus_dir / DOC_A).read_text(encoding="utf-8")
    (batch / "windows.txt").write_bytes(original.encode("cp1252"))  # must be decoded, not refused
    (batch / "empty.txt").write_bytes(b"")
    (batch / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (batch / "notes.docx").write_bytes(b"PK\x03\x04 a word document")
    (batch / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n")

    code = main(["ingest", str(batch), "--data-dir", str(cached_settings.data_dir), "--quiet"])
    out, err = capsys.readouterr()
    assert code == 1
    error_lines = err.strip().splitlines()
    bad = ["empty.txt", "junk.txt", "notes.docx", "broken.pdf"]
    assert sorted(line.split(":")[0] for line in error_lines) == sorted(bad), err
    assert "Traceback" not in err + out
    table = {line.split()[0]: line.split()[1] for line in out.splitlines()[1:-1]}
    assert table == {DOC_B: "added", "windows.txt": "added", **{name: "failed" for name in bad}}

    with Catalog(cached_settings.catalog_path) as catalog:
        assert "€" in catalog.document("windows.txt").text  # cp1252 0x80 decoded as the euro sign
        assert catalog.document("empty.txt").status == "failed"
    catalog_ids, dense_ids, lexical_ids = store_ids(cached_settings)
    assert catalog_ids == dense_ids == lexical_ids and catalog_ids

    again = ingest_paths([batch], cached_settings, progress=False)  # bad files stay bad
    assert again.counts() == {"added": 0, "updated": 0, "unchanged": 2, "failed": 4, "removed": 0,
                              "skipped": 0}
    assert not again.sync.lexical_rebuilt and again.embedded == 0


def test_missing_path_is_reported_not_raised(cached_settings, tmp_path, capsys):
    code = main(["ingest", str(tmp_path / "nope"), "--data-dir", str(cached_settings.data_dir),
                 "--quiet"])
    out, err = capsys.readouterr()
    assert code == 1 and "nope: no such file or directory" in err


def test_ingest_fails_at_once_while_another_process_holds_the_data_dir(fresh_settings, corpus_dir):
    env = {**os.environ, "KAMERZOEK_CHROMA_URL": ""}
    with DataDirLock(fresh_settings, holder="kamerzoek serve"):
        started = time.monotonic()
        result = subprocess.run([str(KAMERZOEK), "ingest", str(corpus_dir), "--data-dir",
                                 str(fresh_settings.data_dir), "--quiet"],
                                capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
        elapsed = time.monotonic() - started
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"kamerzoek ingest: data dir {fresh_settings.data_dir} is in use by another kamerzoek"
        f" process (pid {os.getpid()}, `kamerzoek serve`) — stop it or use a Chroma server"
        " (KAMERZOEK_CHROMA_URL)")
    assert elapsed < 30  # at once: no waiting on Chroma's SQLite lock
    assert not fresh_settings.catalog_path.exists()


def test_hostile_batch_names_fifos_devices_symlinks_and_size(cached_settings, corpus_dir, tmp_path, store_ids):
    """Non-UTF-8 names, a FIFO, a device, links out of the folder, a file over the size limit:
    one line each, no hang, no traceback; the rest of the batch is ingested."""
    batch = tmp_path / "batch"
    batch.mkdir()
    latin1 = os.fsdecode(b"latin1_\xe9\xff.txt")
    shutil.copy(corpus_dir / DOC_A, batch / latin1)
    shutil.copy(corpus_dir / DOC_B, batch / DOC_B)
    (batch / "groot.txt").write_bytes((corpus_dir / DOC_D).read_bytes() * 60)  # ~1.6 MB
    os.mkfifo(batch / "pijp.txt")
    secret = tmp_path / "geheim.txt"
    secret.write_text("wachtwoord", encoding="utf-8")
    (batch / "passwd.txt").symlink_to(secret)
    named_fifo = tmp_path / "los.txt"
    os.mkfifo(named_fifo)
    env = {**os.environ, "KAMERZOEK_CHROMA_URL": "", "KAMERZOEK_MAX_FILE_MB": "1"}
    result = subprocess.run([str(KAMERZOEK), "ingest", str(batch), "/dev/zero", str(named_fifo),
                             "--quiet", "--data-dir", str(cached_settings.data_dir)],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert "groot.txt: file too large: 1.6 MB, the limit is 1 MB (KAMERZOEK_MAX_FILE_MB)" in lines
    assert "zero: not a regular file: character device" in lines
    assert "los.txt: not a regular file: FIFO" in lines
    assert f"{batch / 'pijp.txt'}: skipped: not a regular file (FIFO)" in lines
    assert any(line.startswith(f"{batch / 'passwd.txt'}: skipped: symlink to {secret}") for line in lines)
    assert len(lines) == 5, lines
    table = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()[1:-1]}
    assert table["latin1_\\xe9\\xff.txt"] == table[DOC_B] == "added"
    assert table["pijp.txt"] == table["passwd.txt"] == "skipped"
    with Catalog(cached_settings.catalog_path) as catalog:
        doc = catalog.document("latin1_\\xe9\\xff.txt")
        assert doc.status == "ok" and doc.passage_count > 0
        assert "passwd.txt" not in {d.source for d in catalog.documents()}
    catalog_ids, dense_ids, lexical_ids = store_ids(cached_settings)
    assert catalog_ids == dense_ids == lexical_ids and catalog_ids

    again = subprocess.run([str(KAMERZOEK), "ingest", str(batch), "--quiet", "--prune", "--data-dir",
                            str(cached_settings.data_dir)], capture_output=True, text=True, env=env,
                           cwd=ROOT, timeout=300)
    table = {line.split()[0]: line.split()[1] for line in again.stdout.splitlines()[1:-1]}
    assert table["latin1_\\xe9\\xff.txt"] == "unchanged"  # its stored path round-trips: not pruned
    assert "removed" not in table.values()
