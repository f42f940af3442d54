"""The naive baseline's splitting of the raw corpus files (no model needed)."""
from __future__ import annotations

from pathlib import Path

import pytest

from eval.naive import CHUNK_SIZE, NaiveSourceError, read_raw, split_raw

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_raw_files_are_split_into_overlapping_chunks_of_at_most_1000_chars():
    files = sorted(CORPUS.glob("*.txt"))
    chunks = split_raw(files)
    assert {c.source for c in chunks} == {f.name for f in files}
    assert max(len(c.text) for c in chunks) <= CHUNK_SIZE
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    first = [c for c in chunks if c.source == files[0].name]
    assert first[0].chunk_id == f"naive:{files[0].name}:0"
    # no footnote handling: footnote lines stay in the chunks
    assert any("Kamerstuk 35 420, nr. 135" in c.text for c in first)
    # the chunks cover the whole file: every line of it is inside some chunk
    lines = [ln.strip() for ln in files[0].read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert [ln for ln in lines if not any(ln in c.text for c in first)] == []


def test_an_unreadable_file_is_one_clear_error(tmp_path):
    with pytest.raises(NaiveSourceError, match="missing.txt: cannot read for the naive baseline"):
        read_raw(tmp_path / "missing.txt")
