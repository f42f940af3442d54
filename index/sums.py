"""Checks of store files: size and sha256 of every file under a directory; SQLite's quick_check.

Recorded when kamerzoek writes a store and verified before the store is read,
in the way Lucene checks its segment footers: a truncated, overwritten or
deleted file is found before a library parses it (Chroma's HNSW reader crashes
the process on garbage, bm25s silently returns other scores).
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

Sums = dict[str, tuple[int, str]]  # relative path → (size, sha256)
_BLOCK = 1 << 20


def file_sum(path: Path) -> tuple[int, str]:
    """(size, sha256 hex) of one file, read in blocks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def directory_sums(directory: Path, skip: tuple[str, ...] = ()) -> Sums:
    """Sums of every regular file under ``directory`` except the names in ``skip``."""
    sums: Sums = {}
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            rel = path.relative_to(directory).as_posix()
            if name in skip or rel in skip:
                continue
            sums[rel] = file_sum(path)
    return sums


def compare_sums(recorded: Sums, found: Sums) -> str:
    """'' when ``found`` matches ``recorded``, else what differs (first few files)."""
    problems = []
    for name, (size, digest) in sorted(recorded.items()):
        if name not in found:
            problems.append(f"{name} is missing")
        elif found[name][0] != size:
            problems.append(f"{name} has {found[name][0]} bytes, {size} were written")
        elif found[name][1] != digest:
            problems.append(f"{name} does not match its checksum")
    problems += [f"{name} was not written by kamerzoek" for name in sorted(set(found) - set(recorded))]
    if len(problems) > 3:
        problems = problems[:3] + [f"{len(problems) - 3} more"]
    return "; ".join(problems)


def sqlite_problem(path: Path) -> str:
    """'' when the SQLite file passes ``PRAGMA quick_check``, else the reason."""
    if not path.is_file():
        return f"{path.name} is missing"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        return f"{path.name}: {err}"
    return "" if rows == ["ok"] else f"{path.name}: {one_line(rows)}"


def one_line(rows: list[str], limit: int = 160) -> str:
    """SQLite's integrity report (rows, some of several lines) as one short line."""
    text = "; ".join(" ".join(row.split()) for row in rows)
    return text if len(text) <= limit else text[:limit] + "…"
