"""Extractive QA (index.answer): sentence splitting, scoring cues, the relevance floor, and real answers."""
from __future__ import annotations

import re

import pytest

from index.answer import NOT_FOUND, answer, answer_from_hits, question_words
from index.candidates import content_stems
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


# --------------------------------------------------------------------------- typed answers (issue 17)


def typed_hit(chunk_id: str, text: str, **fields) -> Hit:
    return Hit(chunk_id, fields.pop("source", "brief.pdf"), "Brief", "2024-03-28", fields.pop("page_start", 1),
               fields.pop("page_end", 1), fields.pop("heading", ""), text, 1.0, **fields)


def marked(citation) -> str:
    start, end = citation.answer_span
    return citation.quote[start:end]


@pytest.mark.unit
def test_a_rate_question_gets_the_sentence_with_the_rate():
    text = ("Bij de hoogte van de rente voor de lening geldt als uitgangspunt dat deze rente marktconform is. "
            "De rente wordt elk jaar door de minister bekeken. Voor 2024 is het rentepercentage van de lening "
            "vastgesteld op 8 procent.")
    result = answer_from_hits("Welk rentepercentage geldt in 2024 voor de lening?", [typed_hit("a", text)])
    assert result.found and result.type.value == "percentage"
    assert marked(result.citations[0]) == "8 procent"
    assert "vastgesteld op 8 procent" in result.citations[0].quote


@pytest.mark.unit
def test_an_amount_question_gets_the_maximum_not_the_definition():
    text = ("Een schenking is een gift van een werkgever aan een werknemer zonder tegenprestatie. "
            "Deze schenking is vrijgesteld van belasting, namelijk tot maximaal 10.271 euro per jaar.")
    result = answer_from_hits("Tot welk bedrag is een schenking van een werkgever vrijgesteld?", [typed_hit("a", text)])
    assert result.found and marked(result.citations[-1]) == "10.271 euro"
    assert result.citations[-1].answer_value == "10271"


@pytest.mark.unit
def test_a_date_given_as_a_form_field_is_answered():
    text = "Datum ontvangst Commissiedocument 25 november 2021\nKenmerk 2021-0000123456\nBetreft Reactie op motie"
    result = answer_from_hits("Wanneer is het commissiedocument ontvangen?", [typed_hit("a", text)])
    assert result.found
    assert result.citations[0].quote == "Datum ontvangst Commissiedocument 25 november 2021"
    assert marked(result.citations[0]) == "25 november 2021"
    assert result.citations[0].answer_value == "2021-11-25"  # read by dateparser


@pytest.mark.unit
def test_page_chrome_is_never_part_of_an_answer():
    text = ("De regeling kent drie belangrijkste onderdelen: de vrije ruimte, de gerichte vrijstellingen en de\n"
            "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 3\n"
            "nihilwaarderingen, zoals besproken in de werkkostenregeling.")
    result = answer_from_hits("Welke onderdelen kent de regeling?", [typed_hit("a", text)])
    assert all("vergaderjaar" not in c.quote for c in result.citations)


@pytest.mark.unit
def test_the_citation_has_the_sentence_page_and_its_place_in_the_body():
    first = "Het kabinet heeft het thuiswerkadvies aangepast na overleg met het OMT. " * 3
    text = first + "Per 25 september 2021 is het thuiswerkadvies versoepeld tot deels thuis werken."
    hit = typed_hit("a", text, page_start=3, page_end=4, start=1000, page_breaks=(len(first) - 5,))
    result = answer_from_hits("Wanneer is het thuiswerkadvies versoepeld?", [hit])
    citation = result.citations[0]
    assert citation.quote.startswith("Per 25 september 2021") and citation.page == 4
    assert citation.offset == 1000 + citation.start and text[citation.start:citation.end] == citation.quote


@pytest.mark.unit
def test_a_date_in_the_next_sentence_is_quoted_with_it():
    text = ("Met betrekking tot grenswerkers geldt nog de afspraak in Europees verband dat thuiswerken niet "
            "leidt tot een wijziging van de lidstaat waar premies betaald worden. Deze maatregel blijft "
            "gelden tot 31 december 2021.")
    result = answer_from_hits("Tot wanneer geldt de Europese afspraak over premies van grenswerkers?",
                              [typed_hit("a", text)])
    assert len(result.citations) == 2 and result.citations[0].answer_span is None
    assert marked(result.citations[1]) == "31 december 2021"


@pytest.mark.unit
def test_a_number_in_a_sentence_that_continues_another_is_found_with_its_subject():
    text = ("Sinds eind januari zijn er 432 meldingen over thuiswerken binnengekomen bij de inspectie. "
            "Hiervan zijn er 376 doorgezet voor verder onderzoek.")
    result = answer_from_hits("Hoeveel meldingen over thuiswerken zijn doorgezet voor verder onderzoek?",
                              [typed_hit("a", text)])
    assert marked(result.citations[-1]) == "376"
    assert result.citations[0].quote.startswith("Sinds eind januari")


@pytest.mark.unit
def test_a_yes_no_question_gets_its_verdict_and_ground():
    text = ("Niet-thuiswerken is op zichzelf geen overtreding. Een ongezonde en onveilige arbeidsplaats is "
            "daarentegen wel een overtreding.")
    result = answer_from_hits("Is niet-thuiswerken op zichzelf een overtreding?", [typed_hit("a", text)])
    assert result.text.startswith("Nee. Niet-thuiswerken is op zichzelf geen overtreding.")


@pytest.mark.unit
def test_a_reason_is_marked_in_its_sentence():
    text = ("Werknemers tussen 18 en 34 jaar hebben de laagste intentie om thuis te werken. Dit komt onder "
            "andere doordat zij persoonlijk minder dreiging ervaren van het coronavirus.")
    result = answer_from_hits("Waarom hebben jonge werknemers de laagste intentie om thuis te werken?",
                              [typed_hit("a", text)])
    assert "minder dreiging" in marked(result.citations[-1])


@pytest.mark.unit
def test_a_list_introduced_by_a_colon_comes_with_its_items():
    text = ("Deze acties zetten we in gang langs drie lijnen:\n\n1. Informatie blijven verspreiden over vitaal "
            "thuiswerken.\nIn de afgelopen periode is er veel gedaan.\n\n2. Podium geven aan ervaringen.\n\n"
            "3. Ruimte geven voor collectief leren en pilots.")
    result = answer_from_hits("Langs welke lijnen zet het kabinet acties in gang?", [typed_hit("a", text)])
    assert [c.quote[:2] for c in result.citations] == ["De", "1.", "2.", "3."]
