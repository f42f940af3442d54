"""Extraction against the hand-made gold list of the five corpus documents.

Prints precision and recall per kind (run with ``-s``, or see the assertion
messages); the same report: ``python -m eval.extraction``. Every motion must
be found with its id and latest status and no false motion; commitments and
measures must reach precision and recall 0.8. The rules were written while
reading these same letters, so these figures are not a held-out estimate.
"""
from __future__ import annotations

import pytest

from eval.extraction import extract_corpus, load_gold, score_all

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def corpus_extraction(corpus_dir):
    return extract_corpus(corpus_dir)


@pytest.fixture(scope="module")
def scores(corpus_extraction):
    extractions, dates = corpus_extraction
    result = {s.kind: s for s in score_all(load_gold(), extractions, dates)}
    print("\n" + "\n".join(s.line() for s in result.values()))
    return result


def test_gold_list_covers_the_corpus(corpus_extraction):
    extractions, _ = corpus_extraction
    gold = load_gold()
    sources = {m["source"] for motion in gold["motions"] for m in motion["mentions"]}
    assert sources | {c["source"] for c in gold["commitments"]} | {m["source"] for m in gold["measures"]} \
        <= set(extractions)


def test_motions_exactly_the_gold_set(corpus_extraction, scores):
    extractions, _ = corpus_extraction
    found = {m.motion_id for ex in extractions.values() for m in ex.motion_mentions if not m.via_ref}
    assert found == {m["id"] for m in load_gold()["motions"]}, scores["motions"].line()


def test_no_letter_reference_taken_for_a_motion(corpus_extraction):
    extractions, _ = corpus_extraction
    found = {m.motion_id for ex in extractions.values() for m in ex.motion_mentions if not m.via_ref}
    assert not found & set(load_gold()["not_motions"])


def test_motion_statuses_per_letter_and_latest(scores):
    s = scores["motions"]
    assert s.status_right == s.status_total, s.line()


def test_motion_submitters_and_subject(corpus_extraction):
    extractions, dates = corpus_extraction
    for gold in load_gold()["motions"]:
        mentions = sorted((m for ex in extractions.values() for m in ex.motion_mentions
                           if m.motion_id == gold["id"] and not m.via_ref),
                          key=lambda m: (dates[m.citation.source], m.offset))
        assert list(mentions[0].submitters) == gold["submitters"], gold["id"]
        assert any(m.cosigned for m in mentions) == gold["cosigned"], gold["id"]
        subject = next(m.subject for m in mentions if m.subject)
        assert gold["subject_keyword"].lower() in subject.lower(), (gold["id"], subject)
        assert (mentions[0].dossier, mentions[0].number) == (gold["dossier"], gold["number"])


def test_commitments_precision_recall_and_status(scores):
    s = scores["commitments"]
    assert s.precision >= 0.8 and s.recall >= 0.8, (s.line(), s.false_positives, s.missed)
    assert s.status_right == s.status_total, s.line()


def test_measures_precision_recall(scores):
    s = scores["measures"]
    assert s.precision >= 0.8 and s.recall >= 0.8, (s.line(), s.false_positives, s.missed)
