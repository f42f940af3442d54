"""Extractive QA (index.answer): sentence splitting, scoring cues, the relevance floor, and real answers."""
from __future__ import annotations

import re

import pytest

from index.answer import NOT_FOUND, answer, answer_from_hits, content_stems, question_words
from index.models import Hit
from ingest.dutch import sentence_spans
from tests.conftest import CORPUS


def corpus_paragraph(source: str, starts_with: str, chars: int = 900) -> str:
    """A stretch of a corpus file from ``starts_with`` on, lines rejoined as the cleaner does."""
    raw = (CORPUS / source).read_text(encoding="utf-8")
    text = raw[raw.index(starts_with):][:chars]
    text = re.sub(r"-\n(?=[a-z])", "", text)
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text)


def hit(chunk_id: str, text: str) -> Hit:
    return Hit(chunk_id, "002_017fb9ede22c3067.txt", "Stand-van-zakenbrief hybride werken", "2024-03-28",
               1, 1, "", text, 1.0)


@pytest.mark.unit
def test_split_keeps_abbreviations_and_initials_whole():
    text = ("De motie van het lid Kröger (Kamerstuk 35 669, nr. 36) is o.a. door M.I. Hamer besproken. "
            "Daarna volgde bijv. een brief, d.w.z. een reactie. Het kabinet 2021! Klaar?")
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    assert sentences == [
        "De motie van het lid Kröger (Kamerstuk 35 669, nr. 36) is o.a. door M.I. Hamer besproken.",
        "Daarna volgde bijv. een brief, d.w.z. een reactie.",
        "Het kabinet 2021!",
        "Klaar?",
    ]


@pytest.mark.unit
def test_split_ends_at_headings_and_list_items():
    text = "Landelijk netwerk van rijkshubs\n\nHet Ministerie opende hubs:\n- in Zwolle\n- in Eindhoven"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Landelijk netwerk van rijkshubs", "Het Ministerie opende hubs:", "- in Zwolle", "- in Eindhoven"]


@pytest.mark.unit
def test_question_words_are_not_content():
    assert content_stems("Hoeveel rijkshubs zijn er geopend?") == ["rijkshub", "geop"]
    assert content_stems("Wie? Wat? Wanneer?") == []


@pytest.mark.unit
def test_how_phrase_is_the_cue_not_a_content_word():
    assert question_words("Hoe hoog is de thuiswerkkostenvergoeding per dag?") == [
        "thuiswerkkostenvergoeding", "dag"]


@pytest.mark.unit
def test_headings_and_questions_are_never_the_answer():
    text = ("Thuiswerkkostenvergoeding.\n\nVersoepeling thuiswerkadvies: wat is mogelijk?\n\n"
            "De thuiswerkkostenvergoeding wordt per 2024 verhoogd naar € 2,35 per dag.")
    result = answer_from_hits("Wat is de thuiswerkkostenvergoeding?", [hit("a", text)])
    assert [c.quote for c in result.citations] == [
        "De thuiswerkkostenvergoeding wordt per 2024 verhoogd naar € 2,35 per dag."]


@pytest.mark.unit
def test_how_many_prefers_the_sentence_with_a_number():
    hubs = corpus_paragraph("002_017fb9ede22c3067.txt", "Landelijk netwerk van rijkshubs")
    result = answer_from_hits("Hoeveel rijkshubs zijn er geopend?", [hit("a", hubs)])
    assert result.found
    first = result.citations[0]
    assert first.quote == hubs[first.start:first.end]
    assert "zeven rijkshubs geopend" in first.quote
    assert result.text.startswith(f"{first.quote} [1]")


@pytest.mark.unit
def test_citation_points_to_the_passage_holding_the_sentence():
    hours = corpus_paragraph("002_017fb9ede22c3067.txt", "Tussen 2014 en 2019", 500)
    hubs = corpus_paragraph("002_017fb9ede22c3067.txt", "Landelijk netwerk van rijkshubs")
    result = answer_from_hits("Hoeveel rijkshubs zijn er geopend?", [hit("hours", hours), hit("hubs", hubs)])
    assert [c.hit.chunk_id for c in result.citations][0] == "hubs"
    for citation in result.citations:
        assert citation.quote in citation.hit.text
        assert f"[{citation.n}]" in result.text


@pytest.mark.unit
def test_when_prefers_a_sentence_with_a_date():
    text = ("Het kabinet heeft het thuiswerkadvies aangepast na overleg met het OMT. "
            "Per 25 september 2021 is het thuiswerkadvies versoepeld tot een advies om deels thuis te werken.")
    result = answer_from_hits("Wanneer is het thuiswerkadvies versoepeld?", [hit("a", text)])
    assert result.citations[0].quote.startswith("Per 25 september 2021")


@pytest.mark.unit
@pytest.mark.parametrize("question", [
    "Wat is de hoofdstad van Australië?",
    "Hoeveel kost een brood bij de bakker?",
    "Wie won het WK voetbal?",
])
def test_unrelated_question_gets_no_unrelated_sentences(question):
    hubs = corpus_paragraph("002_017fb9ede22c3067.txt", "Landelijk netwerk van rijkshubs")
    hours = corpus_paragraph("002_017fb9ede22c3067.txt", "Tussen 2014 en 2019", 500)
    result = answer_from_hits(question, [hit("a", hubs), hit("b", hours)])
    assert (result.text, result.found, result.citations) == (NOT_FOUND, False, ())
    assert len(result.passages) == 2


@pytest.mark.unit
def test_no_passages_no_answer():
    assert answer_from_hits("Hoeveel rijkshubs zijn er geopend?", []).text == NOT_FOUND


@pytest.mark.integration
def test_real_searcher_answers_with_cited_sentences(indexed_settings):
    from index.catalog import Catalog
    from index.search import Searcher

    with Searcher(indexed_settings) as searcher, Catalog(indexed_settings.catalog_path) as catalog:
        result = answer("Hoeveel rijkshubs zijn er geopend?", searcher, k=8)
        assert result.found and 1 <= len(result.citations) <= 3
        assert "rijkshubs geopend" in result.citations[0].quote
        for citation in result.citations:
            assert citation.quote in catalog.passage(citation.hit.chunk_id).text
        assert answer("Welke kleur heeft de maan op Mars?", searcher, k=8).text == NOT_FOUND
