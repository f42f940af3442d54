"""Score the grouping of commitment statements into commitments against the gold list.

``eval/data/gold_commitments.json`` says which statements of the corpus are
mentions of one commitment. Scores are over pairs of matched statements: a
pair in one gold group is positive. Printed: the grouping as the registry does
it (explicit evidence, then similarity), the status of each commitment, and the
similarity threshold curve on the pairs of different letters, with the
threshold the rule picks (highest precision, then highest recall, then the
highest such threshold, the most cautious).

Run ``python -m eval.commitments [corpus_dir] [gold.json]``.
"""
from __future__ import annotations

import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from index.commitment_groups import (SIMILARITY_THRESHOLD, Statement, group_statements, promise_words,
                                     similarity)
from index.registry import latest_commitment_status
from ingest.chunking import chunk_document
from ingest.dutch import stem as stem_all
from ingest.extract import extract
from ingest.extract.text import normalise
from ingest.load import discover, load_document
from ingest.manifest import load_manifest

DEFAULT_GOLD = Path(__file__).resolve().parent / "data" / "gold_commitments.json"
THRESHOLDS = [round(0.01 * i, 2) for i in range(1, 100)]


@dataclass(frozen=True)
class PairScore:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 1.0


def corpus_statements(corpus: Path) -> tuple[list[Statement], dict[str, str]]:
    """Every commitment statement of the corpus, as the registry builds them, and their quotes."""
    manifest = load_manifest(corpus)
    out, quotes = [], {}
    for path in discover([corpus]):
        doc = load_document(path, manifest)
        kamerstuk = doc.metadata.kamerstuk.id if doc.metadata.kamerstuk else ""
        for i, c in enumerate(extract(doc, chunk_document(doc)).commitments):
            out.append(Statement(c.id, doc.source, doc.metadata.date, i, c.kind, c.status,
                                 c.text, c.given_at, c.given_on, c.refs, kamerstuk))
            quotes[c.id] = c.citation.quote
    return out, quotes


def gold_groups(gold: dict, statements: list[Statement], quotes: dict[str, str]) -> dict[str, str]:
    """statement id → gold group id, for the statements a gold mention anchors."""
    out: dict[str, str] = {}
    matched: dict[str, tuple[str, str]] = {}
    mentions = [(group["id"], m) for group in gold["groups"] for m in group["mentions"]]
    for where in (lambda s: s.text, lambda s: quotes.get(s.id, "")):  # own text first: one sentence
        for group_id, mention in mentions:                             # can hold two statements
            if any(v == (group_id, mention["anchor"]) for v in matched.values()):
                continue
            anchor = normalise(mention["anchor"])
            hit = next((s for s in statements if s.id not in out and s.source == mention["source"]
                        and anchor in normalise(where(s))), None)
            if hit is not None:
                out[hit.id] = group_id
                matched[hit.id] = (group_id, mention["anchor"])
    return out


def score_pairs(predicted: dict[str, int], gold: dict[str, str],
                pairs: list[tuple[str, str]] | None = None) -> PairScore:
    """Pairwise precision and recall of a grouping (statement id → group key) on the gold ids."""
    ids = sorted(gold)
    pairs = pairs if pairs is not None else list(itertools.combinations(ids, 2))
    tp = fp = fn = 0
    for a, b in pairs:
        same_gold, same_pred = gold[a] == gold[b], predicted.get(a) == predicted.get(b)
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return PairScore(tp, fp, fn)


def threshold_curve(statements: list[Statement], gold: dict[str, str]) -> list[tuple[float, PairScore]]:
    """Similarity alone as the linking rule, on the gold pairs from different letters."""
    by_id = {s.id: s for s in statements}
    words = {i: promise_words(by_id[i], stem_all) for i in gold}
    pairs = [(a, b) for a, b in itertools.combinations(sorted(gold), 2) if by_id[a].source != by_id[b].source]
    sims = {(a, b): similarity(words[a], words[b]) for a, b in pairs}
    curve = []
    for t in THRESHOLDS:
        tp = sum(gold[a] == gold[b] and sims[(a, b)] >= t for a, b in pairs)
        fp = sum(gold[a] != gold[b] and sims[(a, b)] >= t for a, b in pairs)
        fn = sum(gold[a] == gold[b] and sims[(a, b)] < t for a, b in pairs)
        curve.append((t, PairScore(tp, fp, fn)))
    return curve


def pick_threshold(curve: list[tuple[float, PairScore]]) -> float:
    """Precision first, then recall, then the highest threshold that reaches both."""
    return max(curve, key=lambda item: (item[1].precision, item[1].recall, item[0]))[0]


def evaluate(corpus: Path, gold_path: Path = DEFAULT_GOLD) -> dict:
    """The scores as a dict (for the test and for printing)."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    statements, quotes = corpus_statements(corpus)
    wanted = gold_groups(gold, statements, quotes)
    groups = group_statements(statements)
    predicted = {m.id: n for n, g in enumerate(groups) for m in g.members}
    status_right = 0
    for group in gold["groups"]:
        members = [g for g in groups if any(wanted.get(m.id) == group["id"] for m in g.members)]
        if len(members) == 1:
            found = latest_commitment_status((m.date, m.status) for m in members[0].members)
            status_right += found == group["status"]
    curve = threshold_curve(statements, wanted)
    pairs = score_pairs(predicted, wanted)
    return {"statements": len(statements), "matched": len(wanted),
            "gold_mentions": sum(len(g["mentions"]) for g in gold["groups"]),
            "precision": pairs.precision, "recall": pairs.recall,
            "pairs": (pairs.true_positives, pairs.false_positives, pairs.false_negatives),
            "status_right": status_right, "groups": len(gold["groups"]),
            "picked_threshold": pick_threshold(curve), "threshold": SIMILARITY_THRESHOLD,
            "curve": curve}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    corpus = Path(args[0]) if args else Path("corpus")
    result = evaluate(corpus, Path(args[1]) if len(args) > 1 else DEFAULT_GOLD)
    tp, fp, fn = result["pairs"]
    print(f"statements {result['statements']}, matched to gold {result['matched']}/{result['gold_mentions']}")
    print(f"grouping   precision {result['precision']:.2f} recall {result['recall']:.2f} "
          f"(pairs tp {tp}, fp {fp}, fn {fn}); status {result['status_right']}/{result['groups']}")
    print("similarity alone, pairs from different letters:")
    shown = None
    for t, score in result["curve"]:
        key = (score.true_positives, score.false_positives)
        if key != shown:
            print(f"  >= {t:.2f}: precision {score.precision:.2f} recall {score.recall:.2f} "
                  f"(tp {score.true_positives}, fp {score.false_positives}, fn {score.false_negatives})")
            shown = key
    print(f"picked threshold {result['picked_threshold']:.2f} (in use: {result['threshold']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
