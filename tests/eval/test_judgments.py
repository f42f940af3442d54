"""Evidence judging on hand-made passages: letters-only matching, first 1,500 chars, each evidence once."""
from __future__ import annotations

import pytest

from eval.judgments import (JUDGED_PREFIX, RetrievedPassage, evidence_id, judge_ranking, qrels_for,
                            reduce_letters, satisfies)
from eval.queries import Evidence, Query

pytestmark = pytest.mark.unit

SRC = "002_017fb9ede22c3067.txt"


def _query(*evidence: tuple[str, str]) -> Query:
    return Query(id="q1", query="rijkshubs", kind="measure",
                 relevant=tuple(Evidence(source=s, evidence=e) for s, e in evidence))


def test_reduce_letters_drops_everything_but_letters():
    assert reduce_letters("Het Ministerie van BZK heeft inmiddels 7 rijks-\nhubs geopend.") == \
        "hetministerievanbzkheeftinmiddelsrijkshubsgeopend"
    assert reduce_letters("ﬁnanciële") == "financiële"  # NFKC folds the ligature, keeps ë


def test_hyphenated_and_rewrapped_passage_satisfies_evidence():
    passage = RetrievedPassage("c1", SRC, "Het Ministerie van BZK heeft in-\nmiddels  zeven rijkshubs ge-\nopend.")
    assert satisfies(passage, Evidence(SRC, "heeft inmiddels zeven rijkshubs geopend"))


def test_evidence_from_another_source_does_not_count():
    passage = RetrievedPassage("c1", "004_66ea02ed325e333a.txt", "heeft inmiddels zeven rijkshubs geopend")
    assert not satisfies(passage, Evidence(SRC, "heeft inmiddels zeven rijkshubs geopend"))


def test_only_the_first_1500_characters_are_judged():
    evidence = Evidence(SRC, "heeft inmiddels zeven rijkshubs geopend")
    filler = "x " * (JUDGED_PREFIX // 2)
    late = RetrievedPassage("c1", SRC, filler + evidence.evidence)
    early = RetrievedPassage("c2", SRC, evidence.evidence + filler)
    assert not satisfies(late, evidence)
    assert satisfies(early, evidence)
    straddling = RetrievedPassage("c3", SRC, "y" * (JUDGED_PREFIX - 10) + " " + evidence.evidence)
    assert not satisfies(straddling, evidence)


def test_each_evidence_counts_once_at_its_first_hit():
    query = _query((SRC, "zeven rijkshubs geopend"), (SRC, "hubs gerealiseerd"))
    ranking = [
        RetrievedPassage("a", SRC, "niets relevants"),
        RetrievedPassage("b", SRC, "BZK heeft zeven rijkshubs geopend."),
        RetrievedPassage("c", SRC, "Nogmaals: zeven rijkshubs geopend."),  # same evidence again
        RetrievedPassage("d", SRC, "Op andere locaties worden hubs gerealiseerd."),
    ]
    rows = judge_ranking(query, ranking)
    assert [r.doc_id for r in rows] == ["a", evidence_id("q1", 0), "c", evidence_id("q1", 1)]
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    assert len({r.score for r in rows}) == len(rows)


def test_a_passage_holding_two_evidences_claims_the_first_unclaimed():
    query = _query((SRC, "zeven rijkshubs geopend"), (SRC, "hubs gerealiseerd"))
    both = "zeven rijkshubs geopend; ook worden hubs gerealiseerd"
    rows = judge_ranking(query, [RetrievedPassage("a", SRC, both), RetrievedPassage("b", SRC, both)])
    assert [r.doc_id for r in rows] == [evidence_id("q1", 0), evidence_id("q1", 1)]


def test_qrels_have_one_judgment_per_evidence():
    query = _query((SRC, "zeven rijkshubs geopend"), ("000_f9fde6f7b868fb2e.txt", "forfaitair bedrag"))
    assert [(q.query_id, q.doc_id, q.relevance) for q in qrels_for([query])] == [
        ("q1", "q1/e0", 1), ("q1", "q1/e1", 1)]
