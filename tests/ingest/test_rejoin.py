"""Regression tests for text that page breaks, footnote blocks and hyphenation interrupt."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.unit


def test_002_mobiliteitsbeleid_rejoined(docs):
    assert "Uit onderzoek van het Kennisinstituut voor Mobiliteitsbeleid blijkt dat de helft" in docs["002"].text


def test_001_coronadashboard_dehyphenated(docs):
    assert "De meest recente cijfers van het coronadashboard van het RIVM" in docs["001"].text


def test_001_thuiswerken_dehyphenated_after_stray_blank_line(docs):
    assert ("d.d. 26 januari jl. samen met sociale partners gewerkt aan algemene criteria voor "
            "thuiswerken. Dit is uw Kamer") in docs["001"].text


def test_001_elided_compound_keeps_hyphen(docs):
    text = docs["001"].text
    assert "die ik samen met werkgevers- en werknemersorganisaties heb opgesteld" in text
    assert "in samenspraak met werkgevers- en werknemersorganisaties" in text
    assert "werkgeversen" not in text


def test_001_name_keeps_hyphen(docs):
    assert "de motie van de leden Nijkerken-De Haan en Tielen" in docs["001"].text


def test_001_co2_uitstoot(docs):
    assert "minder CO2-uitstoot" in docs["001"].text


def test_001_dehyphenation_inside_words(docs):
    text = docs["001"].text
    for word in ("medezeggenschap", "noodzakelijk", "bijvoorbeeld", "binnengekomen", "verantwoording",
                 "coronapandemie", "persoonlijkheidskenmerken", "ondersteuning", "brancheorganisaties",
                 "wet- en regelgeving"):
        assert word in text, word
    assert "medezeggen-" not in text and "noodza-" not in text


def test_001_sentence_continues_after_page_break(docs):
    text = docs["001"].text
    assert "heeft het Ministerie van SZW aan Happiness Lab gevraagd dit te onderzoeken" in text
    assert "in de toekomst belangrijk. Zo blijkt uit onderzoek dat werkenden" in text


def test_000_sentence_continues_after_url_footnote(docs):
    assert "trend van digitalisering is daarbij het uitgangspunt. Er zijn diverse kennisateliers" in docs["000"].text


def test_000_link_annotation_is_not_body_text(docs):
    text = docs["000"].text
    assert "http://www.rie.nl/" not in text
    assert "over de RI&E ook www.rie.nl." in text


def test_002_sentence_continues_on_next_page_with_capital(docs):
    assert "werknemer de huurkosten voorschiet voor diens werkgever. In het Handboek Loonheffingen is" in docs["002"].text


def test_002_number_continues_on_next_page(docs):
    assert "In 2024 is de vrije ruimte 1,92% over de eerste € 400.000 fiscale loonsom" in docs["002"].text


def test_002_bullet_split_by_blank_line_rejoined(docs):
    assert "minimaal 6 uur per dag beeldschermwerk doet is toegenomen van 45% naar 54%" in docs["002"].text


def test_002_hyphen_before_closing_parenthesis(docs):
    text = docs["002"].text
    assert "hoe we (samen)werken" in text
    assert "de manier waarop wij (samen)werken in hoog tempo" in text


def test_002_thuiswerkvergoedingen_across_page(docs):
    assert "bijvoorbeeld over thuiswerkvergoedingen en over (budgetten voor)" in docs["002"].text


def test_003_prefix_hyphen_kept(docs):
    assert "verschillen tussen thuiswerkers en niet-thuiswerkers" in docs["003"].text


def test_003_list_items_rejoined_over_blank_lines(docs):
    text = docs["003"].text
    assert "1. Welke ontwikkelingen, voor- en nadelen voor werkenden, werkgevers en de maatschappij ziet u" in text
    assert "g) Welke concrete opgaven voorziet de SER voor het kabinet en voor andere partijen?" in text


def test_004_paragraph_cut_by_page_break_rejoined(docs):
    text = docs["004"].text
    assert "onder werkenden die niet thuiswerken. Uit het onderzoek van CNV onder werkenden met een vitaal beroep" in text
    assert "ontstaat. Op korte termijn is het conform de motie" in text
    assert "concrete oplossingen te voorzien startte het Ministerie van SZW op 8 april jl." in text
    assert "zoals is aangekondigd in de brief van 16 november jl. Het doel van deze agenda" in text
    assert "inzetten voor het stimuleren van vitaal thuiswerken op de korte termijn" in text


def test_004_letterhead_stripped_from_body(docs):
    doc = docs["004"]
    assert doc.text.startswith("Om de verspreiding van het coronavirus af te remmen")
    for header in ("Vergaderjaar", "Infectieziektenbestrijding", "Nr. 1172", "Den Haag, 30 april 2021", "**"):
        assert header not in doc.text
    assert doc.metadata.date == "2021-04-30"


def test_004_markdown_links_and_emphasis_become_text(docs):
    doc = docs["004"]
    assert "de websites slimwerkgeven.nl en hoewerknederland.nl ingericht" in doc.text
    assert doc.footnote(6).text == "CNV (februari 2021), Veilig werken in coronatijd"
    assert doc.footnote(9).text == "Zie: www.rijksoverheid.nl/thuiswerkenincoronatijd"


def test_pages_are_contiguous_spans_of_the_body(docs):
    for doc in docs.values():
        assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
        for a, b in zip(doc.pages, doc.pages[1:]):
            assert a.end == b.start and a.start < a.end


def test_paragraph_offsets_match_body(docs):
    for doc in docs.values():
        for para in doc.paragraphs:
            assert doc.text[para.start:para.end] == para.text
            assert para.page_start == doc.page_at(para.start)
            assert para.page_start <= para.page_end


def test_page_spans_follow_the_letter(docs):
    doc = docs["002"]
    page2 = doc.text[doc.pages[1].start:doc.pages[1].end]
    assert page2.startswith("teitsbeleid blijkt")  # the page break falls inside the rejoined word
    assert docs["001"].text[docs["001"].pages[2].start:].startswith("Interventies meldingen thuiswerken")


def test_content_hash_is_sha256_of_file(docs, corpus_dir):
    import hashlib

    for doc in docs.values():
        assert doc.content_hash == hashlib.sha256((corpus_dir / doc.source).read_bytes()).hexdigest()
