"""Query-file validation (errors name file and line) and the validity of the bundled dev sets."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eval.answers import reduce_alnum
from eval.judgments import reduce_letters
from eval.queries import (DEFAULT_ASK_QUESTIONS, DEFAULT_QUERIES, KINDS, QueryFileError, load_ask_questions,
                          load_queries)

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
REAL = Path(__file__).resolve().parents[1] / "data" / "real"  # published documents (tests/data/real)
GOOD = {"id": "q1", "query": "Hoeveel rijkshubs?", "kind": "measure",
        "relevant": [{"source": "002_017fb9ede22c3067.txt", "evidence": "heeft inmiddels zeven rijkshubs geopend"}]}


def _write(tmp_path: Path, *records: object) -> Path:
    path = tmp_path / "queries.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("bad, message", [
    ("{not json", "not valid JSON"),
    ([1, 2], "expected a JSON object"),
    ({**GOOD, "kind": "opinion"}, "field 'kind' is 'opinion'; accepted: fact, motion, commitment, measure"),
    ({**GOOD, "query": ""}, "field 'query' must be a non-empty string"),
    ({k: v for k, v in GOOD.items() if k != "relevant"}, "field 'relevant' must be a non-empty list"),
    ({**GOOD, "relevant": [{"source": "x.txt"}]}, "relevant[0]: field 'evidence' must be a non-empty string"),
    ({**GOOD, "relevant": [{"source": "x.txt", "evidence": "12 34"}]}, "relevant[0]: field 'evidence' has no letters"),
])
def test_a_bad_record_is_reported_with_file_and_line(tmp_path, bad, message):
    path = _write(tmp_path, {**GOOD, "id": "q0"}, "", bad)
    with pytest.raises(QueryFileError) as err:
        load_queries(path)
    assert str(err.value).startswith(f"{path}:3: ")
    assert message in str(err.value)


def test_duplicate_ids_name_both_lines(tmp_path):
    path = _write(tmp_path, GOOD, GOOD)
    with pytest.raises(QueryFileError, match=r":2: duplicate id 'q1' \(first on line 1\)"):
        load_queries(path)


def test_missing_and_empty_files_are_one_clear_error(tmp_path):
    with pytest.raises(QueryFileError, match="no such query file"):
        load_queries(tmp_path / "nope.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(QueryFileError, match="no queries in file"):
        load_queries(tmp_path / "empty.jsonl")


def test_ask_file_rules(tmp_path):
    base = {"id": "a1", "question": "Hoeveel?", "required": ["7"], "source": "x.txt"}
    with pytest.raises(QueryFileError, match=r":1: field 'required' is empty but 'unanswerable' is not true"):
        load_ask_questions(_write(tmp_path, {**base, "required": []}))
    with pytest.raises(QueryFileError, match=r":1: an unanswerable question must have an empty 'required'"):
        load_ask_questions(_write(tmp_path, {**base, "unanswerable": True}))
    [q] = load_ask_questions(_write(tmp_path, base))
    assert q.required == ("7",) and not q.unanswerable


def _corpus_letters() -> dict[str, str]:
    return {p.name: reduce_letters(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt")}


def test_dev_set_is_valid_and_every_evidence_is_in_its_source():
    queries = load_queries(DEFAULT_QUERIES)
    assert len(queries) >= 80
    kinds = Counter(q.kind for q in queries)
    assert set(kinds) == set(KINDS) and min(kinds.values()) >= 15
    texts = _corpus_letters()
    assert {e.source for q in queries for e in q.relevant} == set(texts)
    missing = [(q.id, e.evidence) for q in queries for e in q.relevant
               if reduce_letters(e.evidence) not in texts[e.source]]
    assert missing == []
    lengths = [len(e.evidence.split()) for q in queries for e in q.relevant]
    assert min(lengths) >= 5 and max(lengths) <= 12


def test_ask_set_is_valid_and_required_facts_are_in_the_source():
    questions = load_ask_questions(DEFAULT_ASK_QUESTIONS)
    answerable = [q for q in questions if not q.unanswerable]
    assert len(answerable) >= 20 and sum(q.unanswerable for q in questions) >= 3
    texts = {p.name: reduce_alnum(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt")}
    texts |= _real_texts({q.source for q in answerable} - set(texts))
    facts = [(q.id, r) for q in answerable for r in (*q.required, *(r for g in q.any_of for r in g))]
    by_id = {q.id: q for q in answerable}
    assert [(i, r) for i, r in facts if reduce_alnum(r) not in texts[by_id[i].source]] == []
    spans = [(q.id, q.span) for q in answerable if q.span and reduce_alnum(q.span) not in texts[q.source]]
    assert spans == []


def test_ask_set_has_every_answer_type_and_questions_on_published_documents():
    questions = load_ask_questions(DEFAULT_ASK_QUESTIONS)
    assert len(questions) >= 80 and sum(q.unanswerable for q in questions) >= 5
    types = Counter(q.type for q in questions if not q.unanswerable)
    assert set(types) >= {"amount", "percentage", "count", "date", "person", "yes_no", "reason", "list", "status"}
    assert min(types[t] for t in types if t != "other") >= 5
    assert sum((REAL / (q.source or "")).is_file() and q.source is not None for q in questions) >= 10


def _real_texts(sources: set[str]) -> dict[str, str]:
    """The ingested body of each published document (tests/data/real) the ask set asks about."""
    from ingest.load import load_document

    return {s: reduce_alnum(load_document(REAL / s).text) for s in sources}
