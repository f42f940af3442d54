"""Hostile input at the file level: any OS file name, special files, symlinks, size limits, 16 MB."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.errors import FileTooLargeError, NotRegularFileError
from ingest.load import load_document, read_file, scan
from ingest.names import display, from_stored, to_stored

pytestmark = pytest.mark.unit

LATIN1 = os.fsdecode(b"latin1_\xe9\xff.txt")  # a name that is not UTF-8 (surrogate escapes)


def test_names_are_shown_escaped_and_stored_so_that_they_round_trip(tmp_path):
    assert display(LATIN1) == "latin1_\\xe9\\xff.txt"
    assert display("café.txt") == "café.txt"
    assert display("regel\nbreuk.txt") == "regel\\nbreuk.txt"  # always one line
    path = tmp_path / LATIN1
    path.write_bytes(b"x")
    stored = to_stored(path)
    stored.encode("utf-8")  # SQLite takes it
    assert from_stored(stored) == path and from_stored(stored).read_bytes() == b"x"
    assert to_stored(tmp_path / "café.txt") == str(tmp_path / "café.txt")  # plain names stay readable


def test_a_non_utf8_name_is_a_document_source(tmp_path, corpus_dir):
    path = tmp_path / LATIN1
    path.write_bytes((corpus_dir / "000_f9fde6f7b868fb2e.txt").read_bytes())
    doc = load_document(path)
    assert doc.source == "latin1_\\xe9\\xff.txt" and doc.text


def test_special_files_are_never_read(tmp_path):
    fifo = tmp_path / "pijp.txt"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFileError, match=r"^pijp.txt: not a regular file: FIFO$"):
        read_file(fifo)  # would block forever if it were opened for reading without a check
    with pytest.raises(NotRegularFileError, match="character device"):
        read_file(Path("/dev/zero"))
    with pytest.raises(NotRegularFileError, match="not a regular file"):
        load_document(fifo)


def test_size_limit(tmp_path):
    path = tmp_path / "groot.txt"
    path.write_bytes(b"a" * 2_000)
    assert read_file(path, max_bytes=2_000) == b"a" * 2_000
    with pytest.raises(FileTooLargeError, match=r"groot.txt: file too large: 0.0 MB, the limit is 0.001 MB"):
        read_file(path, max_bytes=1_000)


def test_scan_reports_what_it_skips(tmp_path, corpus_dir):
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "brief.txt").write_text("tekst", encoding="utf-8")
    (folder / LATIN1).write_text("tekst", encoding="utf-8")
    os.mkfifo(folder / "pijp.txt")
    outside = tmp_path / "geheim.txt"
    outside.write_text("niet voor de index", encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "kopie.txt").symlink_to(folder / "brief.txt")
    (folder / "weg.txt").symlink_to(tmp_path / "bestaat-niet")
    (folder / "lus1").symlink_to(folder / "lus2")
    (folder / "lus2").symlink_to(folder / "lus1")
    (folder / "sub").mkdir()
    (folder / "sub" / "c.txt").write_text("tekst", encoding="utf-8")
    (folder / "subkopie").symlink_to(folder / "sub")

    found = scan([folder])
    assert sorted(p.name for p in found.files) == sorted(["brief.txt", LATIN1, "c.txt"])
    reasons = {s.path.name: s.reason for s in found.skipped}
    assert reasons["pijp.txt"] == "not a regular file (FIFO)"
    assert reasons["passwd.txt"].startswith(f"symlink to {outside}, outside")
    assert reasons["kopie.txt"] == f"the same file as {folder / 'brief.txt'}"
    assert reasons["weg.txt"] == "broken symlink"
    assert reasons["lus1"] == reasons["lus2"] == "symlink loop"
    assert reasons["subkopie"].startswith("symlink to a folder inside")
    assert all("\n" not in s.message for s in found.skipped)


def test_a_16_mb_extraction_is_parsed_and_chunked_whole(tmp_path, corpus_dir):
    """Size alone changes nothing: every copy of a letter yields the same passages (speed: make bench)."""
    letter = (corpus_dir / "000_f9fde6f7b868fb2e.txt").read_text(encoding="utf-8")
    copies = 16_000_000 // len(letter.encode("utf-8")) + 1
    path = tmp_path / "extractie.txt"
    path.write_text("\n\n\n".join([letter] * copies), encoding="utf-8")
    assert path.stat().st_size > 16_000_000
    doc = load_document(path)
    passages = chunk_document(doc)
    assert all(doc.text[p.start:p.end] == p.text for p in passages)
    assert len({p.chunk_id for p in passages}) == len(passages)
    # From the second copy on (the first one holds the only footnotes numbered from 1), each
    # copy is parsed and chunked alike, down to the far end of the 16 MB.
    counts = Counter(p.text for p in passages)
    alike = sum(n for n in counts.values() if n >= copies - 1)
    assert alike >= 0.95 * len(passages)
    assert doc.page_at(len(doc.text) - 1) == doc.pages[-1].number > copies
