"""Grouping commitment statements into commitments: explicit evidence, similarity, never across
a known difference (``index.commitment_groups``). Small statements built here; the corpus case
is in tests/index/test_registry.py and tests/eval/test_commitments_eval.py."""
from __future__ import annotations

import pytest

from index.commitment_groups import SIMILARITY_THRESHOLD, Statement, group_statements

pytestmark = pytest.mark.unit


def st(id, source, date, text, kind="given", status="openstaand", given_at="", given_on="", refs=(),
       kamerstuk="", ordinal=0) -> Statement:
    return Statement(id, source, date, ordinal, kind, status, text, given_at, given_on, tuple(refs), kamerstuk)


def test_same_origin_letter_joins_and_says_why():
    a = st("a", "A", "2021-01-10", "Zoals aangekondigd in de brief van 3 december jl. zal ik een monitor opzetten.",
           given_at="de brief van 3 december jl.", given_on="2020-12-03")
    b = st("b", "B", "2021-06-01", "Aan de toezegging in de brief van 3 december 2020 is voldaan.",
           status="afgedaan", given_at="de brief van 3 december 2020", given_on="2020-12-03")
    [group] = group_statements([b, a])
    assert [m.id for m in group.members] == ["a", "b"]  # timeline order
    assert group.reasons == {"a": "first mention", "b": "same origin: letter of 2020-12-03"}


def test_different_origins_never_join_however_similar():
    text = "Zoals toegezegd zal ik uw Kamer informeren over de monitor thuiswerken en de pilots."
    a = st("a", "A", "2021-01-10", text, given_at="het debat op 1 december", given_on="2020-12-01")
    b = st("b", "B", "2021-06-01", text, given_at="de brief van 3 december", given_on="2020-12-03")
    assert len(group_statements([a, b])) == 2


def test_two_promises_of_one_letter_stay_two():
    a = st("a", "A", "2021-09-24", "Eind van dit jaar zal ik uw Kamer informeren over de pilots thuiswerken.",
           kind="made", given_at="deze brief", given_on="2021-09-24", ordinal=0)
    b = st("b", "A", "2021-09-24", "Voor de zomer zal ik uw Kamer informeren over de pilots thuiswerken.",
           kind="made", given_at="deze brief", given_on="2021-09-24", ordinal=1)
    assert len(group_statements([a, b])) == 2


def test_later_letter_citing_the_letter_a_promise_was_made_in():
    made = st("a", "A", "2021-09-24", "Eind van dit jaar zal ik uw Kamer informeren over grenswerkers.",
              kind="made", given_at="deze brief", given_on="2021-09-24", kamerstuk="25883-419")
    later = st("b", "B", "2022-01-20", "Hiermee doe ik de toezegging gestand.", status="afgedaan",
               refs=["25883-419"])
    [group] = group_statements([made, later])
    assert group.reasons["b"] == "cites the letter it was made in: Kamerstuk 25883-419"


def test_similar_promise_joins_above_the_threshold_only():
    a = st("a", "A", "2021-01-10", "Ik zal uw Kamer informeren over de evaluatie van de subsidieregeling "
                                   "mentale vitaliteit van werkenden.", kind="made", given_on="2021-01-10")
    b = st("b", "B", "2021-08-01", "De toezegging over de evaluatie van de subsidieregeling mentale vitaliteit "
                                   "is hiermee afgedaan.", status="afgedaan")
    c = st("c", "C", "2021-09-01", "De toezegging over het thuiswerkadvies is afgedaan.", status="afgedaan")
    groups = group_statements([a, b, c])
    joined = next(g for g in groups if len(g.members) == 2)
    assert [m.id for m in joined.members] == ["a", "b"]
    assert joined.reasons["b"].startswith("similar promise (")
    assert len(group_statements([a, b], threshold=1.01)) == 2
    assert 0 < SIMILARITY_THRESHOLD < 1
