"""The whole fault matrix: every store file × every damage, what `search` and `check --repair` do.

    .venv/bin/python scripts/fault_matrix.py --data-dir DIR

DIR must be an ingested data dir (embedded Chroma, > 1,000 passages so that Chroma
has written its HNSW segment files); it is not changed: each case damages a copy.
Prints a Markdown table. tests/index/test_faults.py runs a part of it in the suite.
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _faults():
    """The helpers of the fault suite (damage, the command runner, the list of store files)."""
    spec = importlib.util.spec_from_file_location("test_faults", ROOT / "tests" / "index" / "test_faults.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT))
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    faults = _faults()
    baseline = {mode: faults.ranking(faults.search(args.data_dir, mode)) for mode in ("hybrid", "lexical")}
    print("| file | damage | search | last line | check --repair | search after |")
    print("|---|---|---|---|---|---|")
    for name in faults.store_files(args.data_dir):
        for how in faults.DAMAGES:
            with tempfile.TemporaryDirectory() as tmp:
                data_dir = Path(tmp) / "data"
                shutil.copytree(args.data_dir, data_dir, symlinks=True)
                faults.damage(data_dir / name, how)
                mode = faults.mode_for(name)
                found = faults.search(data_dir, mode)
                if found.returncode == 0:
                    outcome = "same results" if faults.ranking(found) == baseline[mode] else "DIFFERENT results"
                else:
                    outcome = f"refused, exit {found.returncode}"
                last = found.stderr.strip().splitlines()[-1][:120] if found.returncode else ""
                repaired = faults.kamerzoek("check", "--repair", "--quiet", data_dir=data_dir)
                after = faults.search(data_dir, mode)
                again = ("same results" if after.returncode == 0 and faults.ranking(after) == baseline[mode]
                         else f"exit {after.returncode}")
                shown = name.split("/", 1)[1] if name.startswith(".bm25") else name
                print(f"| {shown} | {how} | {outcome} | {last} | exit {repaired.returncode} | {again} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
