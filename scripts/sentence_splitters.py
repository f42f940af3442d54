#!/usr/bin/env python
"""Compare kamerzoek's Dutch sentence rules (ingest.dutch.sentence_spans) with pysbd's Dutch.

Runs both over every paragraph of the corpus documents (as ingested: footnotes
out, lines rejoined) and prints where their boundaries differ, the counts and
the time each takes. The differences are for a person to judge; the verdict
is written down in ingest/dutch.py and the README.

    .venv/bin/python scripts/sentence_splitters.py corpus/ [--show 40]

pysbd is not a dependency of kamerzoek (the measurement kept the hand-written
rules); install it to run this: ``.venv/bin/pip install -e '.[splitters]'``.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def paragraphs(paths: list[Path]) -> list[str]:
    """The non-heading paragraphs of the documents, as ingestion leaves them."""
    from ingest.load import discover, load_document
    from ingest.manifest import load_manifest

    out = []
    for path in discover(paths):
        if path.suffix.lower() not in {".txt", ".md", ".pdf", ".html"}:
            continue
        manifest = load_manifest(path.parent / "manifest.json") if (path.parent / "manifest.json").is_file() else None
        document = load_document(path, manifest)
        for p in document.paragraphs:
            if not p.is_heading and document.text[p.start:p.end].strip():
                out.append(document.text[p.start:p.end])
    return out


def ends(spans: list[tuple[int, int]]) -> set[int]:
    return {end for _, end in spans[:-1]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=40, help="differences to print (default 40)")
    args = parser.parse_args(argv)
    import pysbd

    from ingest.dutch import sentence_spans

    segmenter = pysbd.Segmenter(language="nl", clean=False, char_span=True)
    texts = paragraphs(args.paths)
    started = time.perf_counter()
    ours = [sentence_spans(t) for t in texts]
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    theirs = [[(s.start, s.start + len(s.sent.rstrip())) for s in segmenter.segment(t)] for t in texts]
    theirs_s = time.perf_counter() - started
    only_ours = only_theirs = shown = 0
    for text, a, b in zip(texts, ours, theirs):
        ea, eb = ends(a), ends(b)
        for end in sorted(ea ^ eb):
            who = "kamerzoek" if end in ea else "pysbd"
            only_ours += who == "kamerzoek"
            only_theirs += who == "pysbd"
            if shown < args.show:
                shown += 1
                snippet = (text[max(0, end - 50):end] + " ‖ " + text[end:end + 40]).replace("\n", "⏎")
                print(f"only {who:<9} {snippet}")
    sentences = sum(len(a) for a in ours)
    print(f"\n{len(texts)} paragraphs, {sentences} sentences (kamerzoek), "
          f"{sum(len(b) for b in theirs)} (pysbd)")
    print(f"boundaries only kamerzoek has: {only_ours}; only pysbd has: {only_theirs}")
    print(f"time: kamerzoek {ours_s * 1000:.1f} ms, pysbd {theirs_s * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
