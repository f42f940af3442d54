"""Headings and heading paths of the corpus documents."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.unit


def test_001_headings(docs):
    assert [h.text for h in docs["001"].headings] == [
        "Stand van zaken thuiswerken", "Criteria voor thuiswerken",
        "Interventies meldingen thuiswerken Inspectie SZW", "Extra impuls vitaal thuiswerken",
        "Onderzoek naar gedragseffecten", "Thuiswerken na corona", "Tot slot",
    ]


def test_000_headings(docs):
    assert [h.text for h in docs["000"].headings] == [
        "Versoepeling thuiswerkadvies: wat is mogelijk?", "Activiteiten ter ondersteuning van huidige fase",
        "Doorkijkje naar toekomst: hybride werken", "Rijksbrede Kennisagenda Online Samenleving",
        "Advies SER over de toekomst van hybride werken",
    ]


def test_003_heading_directly_followed_by_text(docs):
    assert [h.text for h in docs["003"].headings] == [
        "Aanleiding toekom stagenda hybride werken", "C ontext van deze adviesaanvraag",
        "Adviesvragen toekom st hybride werken",
    ]


def test_002_multi_line_heading_and_table_title(docs):
    texts = [h.text for h in docs["002"].headings]
    assert "Ondersteuning werkgevers om maatschappelijke meerwaarde te vergroten" in texts
    assert "TABEL 1 OVERZICHT BESTAANDE FINANCIËLE REGELINGEN VOOR THUISWERKERS" in texts
    assert "Thema 3: Arbeidsmarkt en de positie van groepen werkenden" in texts
    assert len(texts) == 30
    assert texts[-2:] == ["TABEL 1 OVERZICHT BESTAANDE FINANCIËLE REGELINGEN VOOR THUISWERKERS", "Financiële regelingen"]
    # signatures and table rows are not headings
    assert not any(t.startswith(("C.E.G.", "De Minister", "2024")) for t in texts)


def test_004_markdown_heading_levels(docs):
    heads = [(h.level, h.text) for h in docs["004"].headings]
    assert heads[0] == (2, "Recente cijfers: groot deel werkenden werkt nog steeds thuis")
    assert (3, "Besmettingen op de werkvloer") in heads
    para = next(p for p in docs["004"].paragraphs if p.text.startswith("Op basis van de derde COVID peiling"))
    assert para.heading_path == ("Welbevinden van thuiswerkers t/m maart 2021 stabiel", "Besmettingen op de werkvloer")


def test_paragraph_heading_path(docs):
    para = next(p for p in docs["001"].paragraphs if p.text.startswith("Sinds het begin van de coronacrisis"))
    assert para.heading_path == ("Stand van zaken thuiswerken",)
    first = docs["001"].paragraphs[0]
    assert first.heading_path == () and not first.is_heading
