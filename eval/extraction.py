"""Compare extractions with the hand-made gold list (``eval/data/gold_registry.json``).

Motions are compared by id (set equality is the goal), with the status each
letter expresses and the latest status. Commitments and measures match when the
source is the same and one of the gold item's anchors is part of the extracted
quote; each gold item matches once, so a duplicate counts as a false positive.

Run ``python -m eval.extraction [corpus_dir] [gold.json]`` to print the scores.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from index.registry import latest_status  # the registry's own rule for "latest"
from ingest.chunking import chunk_document
from ingest.extract import extract
from ingest.extract.models import Extraction, MotionStatus
from ingest.extract.text import normalise
from ingest.load import discover, load_document
from ingest.manifest import load_manifest

DEFAULT_GOLD = Path(__file__).resolve().parent / "data" / "gold_registry.json"


@dataclass
class KindScore:
    """Precision and recall of one kind, with what was missed and what was wrong."""

    kind: str
    true_positives: int = 0
    false_positives: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    status_right: int = 0
    status_total: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + len(self.false_positives)
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + len(self.missed)
        return self.true_positives / gold if gold else 0.0

    def line(self) -> str:
        status = f", status {self.status_right}/{self.status_total}" if self.status_total else ""
        return (f"{self.kind:<12} precision {self.precision:.2f} recall {self.recall:.2f} "
                f"(tp {self.true_positives}, fp {len(self.false_positives)}, fn {len(self.missed)}{status})")


def load_gold(path: Path = DEFAULT_GOLD) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def letter_statuses(extractions: dict[str, Extraction]) -> dict[tuple[str, str], str]:
    """(motion id, source) → the strongest status that letter expresses (named mentions only)."""
    out: dict[tuple[str, str], str] = {}
    for source, ex in extractions.items():
        for m in ex.motion_mentions:
            if m.via_ref:
                continue
            key = (m.motion_id, source)
            if key not in out or MotionStatus(m.status).rank > MotionStatus(out[key]).rank:
                out[key] = m.status
    return out


def score_motions(gold: dict, extractions: dict[str, Extraction], dates: dict[str, str]) -> KindScore:
    """Ids found vs gold ids; statuses per letter and latest status count as status checks."""
    per_letter = letter_statuses(extractions)
    found = {mid for mid, _ in per_letter}
    wanted = {m["id"] for m in gold["motions"]}
    score = KindScore("motions", true_positives=len(found & wanted),
                      false_positives=sorted(found - wanted), missed=sorted(wanted - found))
    for m in gold["motions"]:
        for mention in m["mentions"]:
            score.status_total += 1
            score.status_right += per_letter.get((m["id"], mention["source"])) == mention["status"]
        latest = latest_status((dates[s], st) for (mid, s), st in per_letter.items() if mid == m["id"])
        score.status_total += 1
        score.status_right += latest == m["status"]
    return score


def _match(kind: str, gold_items: list[dict], predicted: Iterable[tuple[str, str, str, str]]) -> KindScore:
    """Match (source, text, quote, status) predictions to gold items by anchor.

    An anchor in the item's own text wins over one only in its quote (one sentence
    can hold two commitments); each gold item is matched once.
    """
    score = KindScore(kind)
    used: set[int] = set()
    for source, text, quote, status in predicted:
        quote_n = normalise(quote)
        hit = None
        for where in (normalise(text), quote_n):
            hit = next((i for i, g in enumerate(gold_items) if i not in used and g["source"] == source
                        and any(normalise(a) in where for a in g["anchors"])), None)
            if hit is not None:
                break
        if hit is None:
            score.false_positives.append(f"{source}: {quote_n[:100]}")
            continue
        used.add(hit)
        score.true_positives += 1
        if "status" in gold_items[hit]:
            score.status_total += 1
            score.status_right += gold_items[hit]["status"] == status
    score.missed = [f"{g['source']}: {g['anchors'][0]}" for i, g in enumerate(gold_items) if i not in used]
    return score


def score_all(gold: dict, extractions: dict[str, Extraction], dates: dict[str, str]) -> list[KindScore]:
    """Scores for motions, commitments and measures."""
    commitments = [(s, c.text, c.citation.quote, c.status) for s, ex in extractions.items() for c in ex.commitments]
    measures = [(s, m.text, m.citation.quote, "") for s, ex in extractions.items() for m in ex.measures]
    return [score_motions(gold, extractions, dates),
            _match("commitments", gold["commitments"], commitments),
            _match("measures", gold["measures"], measures)]


def extract_corpus(corpus: Path) -> tuple[dict[str, Extraction], dict[str, str]]:
    """Load, chunk and extract every document of ``corpus`` (ingestion's own loader)."""
    manifest = load_manifest(corpus)
    extractions, dates = {}, {}
    for path in discover([corpus]):
        doc = load_document(path, manifest)
        extractions[doc.source] = extract(doc, chunk_document(doc))
        dates[doc.source] = doc.metadata.date
    return extractions, dates


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    corpus = Path(args[0]) if args else Path("corpus")
    gold = load_gold(Path(args[1]) if len(args) > 1 else DEFAULT_GOLD)
    extractions, dates = extract_corpus(corpus)
    for score in score_all(gold, extractions, dates):
        print(score.line())
        for fp in score.false_positives:
            print(f"    false positive: {fp}")
        for miss in score.missed:
            print(f"    missed: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
