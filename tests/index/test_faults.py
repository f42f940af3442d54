"""Fault injection, in the way Lucene tests its directories: damage each store file, run the commands.

A real data dir with more than 1,000 passages (the corpus plus ten renamed
copies, so Chroma writes its HNSW segment files; the vectors come from the
session's embedding cache) is built once. For every store file and every damage
(truncate, random bytes, delete) a copy is damaged and ``kamerzoek search``
(hybrid, so Chroma is opened) runs in its own process: it either gives exactly
the undamaged results or refuses with one line naming the fix — exit code > 0,
no traceback, never a signal. Then ``kamerzoek check --repair`` must name the
damaged store and rebuild it (the catalog, the source of truth, is refused
instead), after which search gives the undamaged results again. ``ingest`` and
``serve`` meet a subset of the damages.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from index.pipeline import ingest_paths
from tests.conftest import make_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
KAMERZOEK = Path(sys.executable).parent / "kamerzoek"
QUERY = "thuiswerkkostenvergoeding en hybride werken"
COPIES = 10
DAMAGES = ("truncate", "random", "delete")


def kamerzoek(*args: str, data_dir: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "KAMERZOEK_CHROMA_URL": ""}
    return subprocess.run([str(KAMERZOEK), *args, "--data-dir", str(data_dir)], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=timeout)


def search(data_dir: Path, mode: str = "hybrid") -> subprocess.CompletedProcess:
    """``kamerzoek search`` in its own process (lexical does not load the model: faster)."""
    return kamerzoek("search", QUERY, "--k", "5", "--mode", mode, "--json", data_dir=data_dir)


def mode_for(name: str) -> str:
    """Hybrid where Chroma is damaged (the dense side must open it), else lexical."""
    return "hybrid" if name.startswith("chroma/") else "lexical"


def ranking(result: subprocess.CompletedProcess) -> list[tuple[str, float]]:
    return [(hit["chunk_id"], round(hit["score"], 4)) for hit in json.loads(result.stdout)]


def assert_refused(result: subprocess.CompletedProcess, *fixes: str) -> None:
    """Exit > 0 (not a signal), no traceback, the last line says what to run."""
    assert result.returncode > 0, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("kamerzoek ") and any(fix in last for fix in fixes), result.stderr[-2000:]


def damage(path: Path, how: str) -> None:
    raw = path.read_bytes()
    if how == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    elif how == "random":  # same size, a third of the bytes overwritten in place
        rng = random.Random(f"{path.name}-{len(raw)}")
        start, length = len(raw) // 3, max(1, len(raw) // 3)
        path.write_bytes(raw[:start] + rng.randbytes(length) + raw[start + length:])
    else:
        path.unlink()


@pytest.fixture(scope="module")
def big(tmp_path_factory, indexed_settings, corpus_dir):
    """(data dir with > 1,000 passages and HNSW segment files, its documents, undamaged rankings by mode)."""
    root = tmp_path_factory.mktemp("faults")
    docs = root / "docs"
    shutil.copytree(corpus_dir, docs)
    for i in range(COPIES):
        for path in corpus_dir.glob("*.txt"):
            shutil.copy(path, docs / f"kopie{i}_{path.name}")
    settings = make_settings(root / "data")
    shutil.copytree(indexed_settings.cache_dir, settings.cache_dir)
    report = ingest_paths([docs], settings, progress=False)
    assert report.ok and report.passages_total > 1000 and report.sync.encoded == 0
    assert list(settings.chroma_dir.glob("*/data_level0.bin")), "no HNSW segment written"
    baselines = {mode: search(settings.data_dir, mode) for mode in ("hybrid", "lexical")}
    assert all(b.returncode == 0 for b in baselines.values()), baselines
    return settings.data_dir, docs, {mode: ranking(b) for mode, b in baselines.items()}


def store_files(data_dir: Path) -> list[str]:
    """Every file of every store, relative to the data dir (BM25 through its current directory)."""
    bm25 = Path(os.readlink(data_dir / "bm25")).name
    names = ["catalog.sqlite3", "chroma/chroma.sqlite3"]
    names += [f"{bm25}/{n}" for n in ("data.csc.index.npy", "vocab.index.json", "params.kamerzoek.json",
                                      "chunk_ids.json", "ngrams/indices.csc.index.npy")]
    names += sorted(p.relative_to(data_dir).as_posix() for p in data_dir.glob("chroma/*/*"))
    return names


def damaged_copy(big, tmp_path: Path, name: str, how: str) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(big[0], data_dir, symlinks=True)
    damage(data_dir / name, how)
    return data_dir


def test_the_fixture_has_every_store_file(big):
    names = store_files(big[0])
    assert {"data_level0.bin", "header.bin", "length.bin", "link_lists.bin"} <= {Path(n).name for n in names}
    assert all((big[0] / n).is_file() for n in names)


# Every file overwritten with random bytes (what only a checksum sees); truncation and deletion
# for the catalog, Chroma's SQLite and the HNSW vectors (a BM25 file's size is checked like any
# other difference): the suite stays at a few minutes.
CASES = [(index, "random") for index in range(12)] + [
    (index, how) for index in (0, 1, 7) for how in ("truncate", "delete")]
INGEST_CASES = (0, 2, 7)  # catalog, a BM25 matrix, the HNSW vectors


@pytest.mark.parametrize("index,how", CASES, ids=[f"file{i}-{how}" for i, how in CASES])
def test_search_then_check_repair(big, tmp_path, index, how):
    names = store_files(big[0])
    name = names[index]
    data_dir = damaged_copy(big, tmp_path, name, how)
    catalog = name == "catalog.sqlite3"

    mode = mode_for(name)
    found = search(data_dir, mode)
    if found.returncode == 0:  # unharmed (e.g. Chroma rewrote a file it keeps elsewhere too)
        assert ranking(found) == big[2][mode], f"{name} {how}: silently different results"
    else:
        assert_refused(found, "kamerzoek check", "kamerzoek ingest")
    assert found.returncode >= 0, f"search died of signal {-found.returncode}"

    repaired = kamerzoek("check", "--repair", "--quiet", data_dir=data_dir)
    assert repaired.returncode >= 0 and "Traceback" not in repaired.stdout + repaired.stderr, repaired.stderr
    if catalog:
        assert repaired.returncode != 0 or found.returncode == 0, repaired.stdout
        if repaired.returncode != 0:
            assert repaired.stdout.startswith("catalog: ") and "not repaired" in repaired.stdout
        return
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    if found.returncode != 0:
        store = "bm25" if "bm25" in name else "chroma"
        assert repaired.stdout.startswith(f"{store}: ") and "— fix: run `kamerzoek check --repair`" in repaired.stdout
    again = search(data_dir, mode)  # check --repair exits 0 only when its own check afterwards is clean
    assert again.returncode == 0, again.stderr
    assert ranking(again) == big[2][mode]


@pytest.mark.parametrize("index", INGEST_CASES)
def test_ingest_repairs_a_derived_store_or_refuses_a_damaged_catalog(big, tmp_path, index):
    name = store_files(big[0])[index]
    data_dir = damaged_copy(big, tmp_path, name, "random")
    result = kamerzoek("ingest", str(big[1]), "--quiet", data_dir=data_dir)
    assert result.returncode >= 0, f"ingest died of signal {-result.returncode}"
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    if result.returncode != 0:
        assert name == "catalog.sqlite3", result.stderr
        assert_refused(result, "kamerzoek check")
        return
    assert "55 unchanged" in result.stdout
    checked = kamerzoek("check", data_dir=data_dir)
    assert checked.returncode == 0, checked.stdout
    assert ranking(search(data_dir, "hybrid")) == big[2]["hybrid"]


@pytest.mark.parametrize("name", ["bm25", "data_level0.bin", "catalog.sqlite3"])
def test_serve_refuses_a_damaged_store_in_one_line(big, tmp_path, name):
    target = next(n for n in store_files(big[0]) if name in n if not n.endswith("chroma.sqlite3"))
    data_dir = damaged_copy(big, tmp_path, target, "random")
    if name == "catalog.sqlite3":  # random bytes may land on a page nothing reads: make sure
        damage(data_dir / target, "truncate")
    result = kamerzoek("serve", "--port", "0", data_dir=data_dir, timeout=120)
    assert result.returncode > 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "kamerzoek check" in result.stderr


def test_a_catalog_write_killed_midway_leaves_the_catalog_intact(cached_settings, corpus_dir, tmp_path):
    """SIGKILL while a document's transaction is open: the catalog holds the old state, intact."""
    docs = tmp_path / "docs"
    shutil.copytree(corpus_dir, docs)
    assert kamerzoek("ingest", str(docs), "--quiet", data_dir=cached_settings.data_dir).returncode == 0
    with_catalog = kamerzoek("check", data_dir=cached_settings.data_dir)
    assert with_catalog.returncode == 0, with_catalog.stdout
    name = "003_8bf5640112f1901c.txt"
    (docs / name).write_text((docs / name).read_text(encoding="utf-8")[:5000], encoding="utf-8")
    env = {**os.environ, "KAMERZOEK_TEST_KILL_AT": "mid-catalog-write", "KAMERZOEK_CHROMA_URL": ""}
    killed = subprocess.run([str(KAMERZOEK), "ingest", str(docs), "--quiet", "--data-dir",
                             str(cached_settings.data_dir)], env=env, cwd=ROOT, capture_output=True,
                            timeout=300)
    assert killed.returncode == -signal.SIGKILL
    conn = sqlite3.connect(cached_settings.catalog_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    old = conn.execute("SELECT COUNT(*) FROM passages WHERE source = ?", (name,)).fetchone()[0]
    conn.close()
    assert old > 5  # the killed transaction left the old version whole
    assert kamerzoek("check", data_dir=cached_settings.data_dir).returncode == 0
    completed = kamerzoek("ingest", str(docs), "--quiet", data_dir=cached_settings.data_dir)
    assert completed.returncode == 0 and f"{name}  updated" in completed.stdout
    assert kamerzoek("check", data_dir=cached_settings.data_dir).returncode == 0
