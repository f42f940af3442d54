"""Markers glued to words and numbers are found from the footnote numbering, never by stripping digits."""
from __future__ import annotations

import pytest

from ingest.footnotes import find_marker, resolve_markers
from ingest.marks import mark

pytestmark = pytest.mark.unit


def _marker(doc, number):
    return next(m for m in doc.markers if m.number == number)


@pytest.mark.parametrize("key,number,before,after", [
    ("002", 1, "Met mijn brief van 20 juni 2022", " informeerde ik uw Kamer"),   # 20221 = 2022 + 1
    ("002", 29, "Zoals beschreven in de brief van 20 juni 2022", ", onderschrijf ik"),
    ("001", 3, "(onderzoek TNO, november 2020", ") meer (uren) thuiswerken"),  # 20203)
    ("001", 1, "in de Kamerbrief van 3 februari jl.", " ga ik in deze brief"),   # jl.1
    ("000", 2, "de gewijzigde motie van het lid Brenk", ", waarin de regering"),  # Brenk2
    ("000", 3, "Uit onderzoek van het SCP", " blijkt dat 50%"),                     # SCP3
    ("000", 4, "De TNO NEA-Covid19 meting van maart 2021", " laat een vergelijkbaar"),  # maart\n20214
    ("001", 12, "Zo blijkt uit onderzoek", " dat werkenden die thuis"),              # onderzoek12
    ("001", 13, "in de voor- en nadelen die zij ervaren.", " Dit hangt af van"),      # ervaren.13
    ("002", 10, "vergelijkbaar met 2019.", " Dit patroon was"),                      # 2019.10
    ("002", 6, "tussen de 65 en 75 jaar (36,1%).", ""),                              # (36,1%).6
    ("002", 28, "de website «Ik vermoed huiselijk geweld»", ", waar uitgebreide"),
    ("004", 6, "het onderzoek van CNV", " onder werkenden"),                          # <sup>6</sup>
    ("004", 11, "Zet ook de stap«", " aandacht aan het belang"),
])
def test_marker_offsets(docs, key, number, before, after):
    doc = docs[key]
    marker = _marker(doc, number)
    assert doc.text[:marker.offset].endswith(before)
    assert doc.text[marker.offset:].startswith(after)


@pytest.mark.parametrize("key,fragment", [
    ("002", "nam dit toe naar gemiddeld 19,4 uur"),
    ("002", "over de eerste € 400.000 fiscale loonsom"),
    ("002", "(36,1%)"),
    ("002", "Op 1 juli 2023 is de kaderovereenkomst"),
    ("002", "Q1 2024 door UWV"),
    ("002", "de 20 ondertekenende lidstaten"),
    ("001", "(Kamerstuk 25 295, nr. 988)"),
    ("001", "€ 5 miljoen vrijgemaakt"),
    ("001", "coronadebat op 28 januari 2021. Deze"),
    ("001", "Werknemers tussen 18 en 34 jaar"),
    ("000", "bedrag van maximaal € 2 per thuisgewerkte dag"),
    ("000", "Het ministerie van Financiën heeft uw Kamer op 21 september 2021"),
    ("004", "bleek dat bij gemiddeld 15,2% van alle"),
    ("004", "(Bijlage bij Kamerstukken 29 861 en 25 295, nr. 54)"),
])
def test_years_amounts_and_numbers_intact(docs, key, fragment):
    assert fragment in docs[key].text


def test_004_ordinal_is_not_a_marker(docs):
    doc = docs["004"]
    assert doc.footnote(2).text == "Covid-19 Trendonderzoek, 10e meting (29 maart – 4 april), Trendonderzoek gedrag RIVM"
    assert doc.footnote(3).text.startswith("Gedragsonderzoek RIVM, 11e ronde")
    assert sorted(m.number for m in doc.markers) == list(range(1, 19))


def test_resolve_uses_numbering_not_trailing_digits():
    text = "in 2021 werkten 45% thuis (19,4 uur), nr. 36 en € 400.000; lid Brenk2, van 20 juni 20223."
    resolved, missing = resolve_markers(text, [2, 3])
    assert missing == []
    assert resolved == (
        "in 2021 werkten 45% thuis (19,4 uur), nr. 36 en € 400.000; lid Brenk" + mark(2)
        + ", van 20 juni 2022" + mark(3) + ".")


@pytest.mark.parametrize("text,number", [
    ("in 2021 en", 1),          # a year is not 202 + 1
    ("gemiddeld 19,4 uur", 4),  # decimal
    ("€ 400.000 fiscale", 0),   # thousands
    ("naar 45% thuis", 5),      # percentage
    ("nr. 36 van", 36),         # spaced number
    ("minder CO2 uitstoot", 2),
    ("de Covid-19 crisis", 19),
    ("in Q1 2024", 1),
])
def test_not_markers(text, number):
    assert find_marker(text, number) is None
