"""Status questions about motions and commitments answered from the registry timeline
(``index.registry_answer``), on the real corpus's registry."""
from __future__ import annotations

import pytest

from index.registry_answer import answer_from_registry, is_status_question, locate, telling_sentence
from tests.index.test_registry import build

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def catalog(corpus_dir, tmp_path_factory):
    with build(tmp_path_factory.mktemp("registry-answer") / "catalog.sqlite3", corpus_dir) as catalog:
        yield catalog


def test_motion_by_submitters_answered_with_status_letter_and_date(catalog):
    found = answer_from_registry("Wat is er gedaan met de motie Van Weyenberg en Smeulders?", catalog)
    assert set(found.item_ids) == {"35669-36", "35570-XV-54"}
    assert "afgedaan" in found.text and "28 maart 2024" in found.text and "30 april 2021" in found.text
    settled = catalog.registry.motion("35669-36").mentions
    assert found.citations[0].chunk_id in {m.chunk_id for m in settled if m.status == "afgedaan"}
    assert "[1]" in found.text and f"[{len(found.citations)}]" in found.text


def test_commitment_question_answered_from_its_timeline(catalog):
    found = answer_from_registry("Is de toezegging over de SER-adviesaanvraag nagekomen?", catalog)
    record = catalog.registry.commitment(found.item_ids[0])
    assert record.given_on == "2020-11-16" and record.status == "afgedaan"
    assert "afgedaan" in found.text and "30 april 2021" in found.text and "16 november 2020" in found.text
    assert "als afgedaan" in found.citations[0].quote


def test_motion_by_number_and_by_subject(catalog):
    assert answer_from_registry("Is motie 35714-17 afgedaan?", catalog).item_ids == ("35714-17",)
    assert answer_from_registry("Is de motie over mentale gezondheid uitgevoerd?", catalog).item_ids == ("35570-XV-54",)


def test_fact_questions_are_left_to_the_answerer(catalog):
    question = "Hoeveel geld is vrijgemaakt voor vitaal thuiswerken naar aanleiding van de motie Van Weyenberg en Smeulders?"
    assert not is_status_question(question)
    assert answer_from_registry(question, catalog) is None
    assert answer_from_registry("Hoeveel rijkshubs zijn er geopend?", catalog) is None
    assert answer_from_registry("Is de toezegging over glasvezel nagekomen?", catalog) is None


@pytest.mark.unit
def test_telling_sentence_and_locate():
    quote = "De campagne is gestart. Hiermee beschouw ik de motie als afgedaan. Dat was het."
    assert telling_sentence(quote) == "Hiermee beschouw ik de motie als afgedaan."
    text = "Tekst. Hiermee beschouw ik de\nmotie als afgedaan. Meer."
    start, end = locate(text, "Hiermee beschouw ik de motie als afgedaan.")
    assert text[start:end] == "Hiermee beschouw ik de\nmotie als afgedaan."
    assert locate(text, "niet hier") == (0, 0)
