"""Footnote facts of the five corpus documents, counted by hand from the files."""
from __future__ import annotations

import pytest

from ingest.models import KamerstukRef

pytestmark = pytest.mark.unit

# number of footnotes, counted in the files; footnote numbers per page of the letter
FOOTNOTES = {"000": 6, "001": 15, "002": 41, "003": 12, "004": 18}
PAGES = {"000": 5, "001": 6, "002": 12, "003": 7, "004": 9}
PER_PAGE = {
    "000": {1: [1], 2: [2], 3: [], 4: [3, 4], 5: [5, 6]},
    "001": {1: [1, 2, 3], 2: [4, 5, 6], 3: [7, 8], 4: [9, 10, 11], 5: [12, 13], 6: [14, 15]},
    "003": {1: [1, 2, 3], 2: [4, 5, 6], 3: [7, 8], 4: [9, 10, 11, 12], 5: [], 6: [], 7: []},
    "004": {1: [1], 2: [2, 3, 4, 5], 3: [], 4: [6, 7, 8, 9], 5: [10], 6: [11], 7: [12, 13],
            8: [14, 15, 16, 17, 18], 9: []},
}


@pytest.mark.parametrize("key,count", FOOTNOTES.items())
def test_footnote_count(docs, key, count):
    assert len(docs[key].footnotes) == count


@pytest.mark.parametrize("key,count", PAGES.items())
def test_page_count(docs, key, count):
    assert [p.number for p in docs[key].pages] == list(range(1, count + 1))


@pytest.mark.parametrize("key", FOOTNOTES)
def test_footnotes_numbered_consecutively(docs, key):
    assert [f.number for f in docs[key].footnotes] == list(range(1, FOOTNOTES[key] + 1))


@pytest.mark.parametrize("key", PER_PAGE)
def test_footnotes_per_page(docs, key):
    doc = docs[key]
    found = {p.number: [f.number for f in doc.footnotes if f.page == p.number] for p in doc.pages}
    assert found == PER_PAGE[key]


@pytest.mark.parametrize("key", FOOTNOTES)
def test_every_marker_resolves_to_a_footnote_on_its_page(docs, key):
    doc = docs[key]
    assert sorted(m.number for m in doc.markers) == [f.number for f in doc.footnotes]
    for marker in doc.markers:
        note = doc.footnote(marker.number)
        assert note is not None
        assert marker.page == note.page, f"marker {marker.number} on page {marker.page}, note on {note.page}"
        assert marker.page == doc.page_at(marker.offset - 1)


@pytest.mark.parametrize("key", FOOTNOTES)
def test_no_footnote_text_in_body(docs, key):
    doc = docs[key]
    for note in doc.footnotes:
        assert note.text not in doc.text, f"footnote {note.number} leaked into the body"
    assert "<sup>" not in doc.text


@pytest.mark.parametrize("key,fragment", [
    ("000", "Zie brief Stand van zaken Covid-19"),
    ("000", "thuis-of-terug-naar-kantoor"),
    ("001", "Hamersma, M., Haas, de, M."),
    ("001", "Het rapport is te vinden op"),
    ("002", "KANS staat voor klachten aan arm"),
    ("002", "onderscheid naar vier groepen werknemers"),
    ("002", "van hun werktijd thuis werken"),
    ("003", "Kenmerk 2020-0000154934"),
    ("003", "kantoorruimte-schrappen"),
    ("003", "Gedragsonderzoek RIVM, 10e ronde"),
    ("004", "Veilig werken in coronatijd"),
    ("004", "Raadpleegbaar via"),
])
def test_distinctive_footnote_strings_absent_from_body(docs, key, fragment):
    assert fragment not in docs[key].text
    assert any(fragment in f.text for f in docs[key].footnotes)


def test_multi_line_footnotes_stay_whole(docs):
    notes = {(k, f.number): f.text for k, d in docs.items() for f in d.footnotes}
    assert notes[("002", 10)] == (
        "18% van de werknemers rapporteerde burn-outklachten, 42% van de werknemers had "
        "KANS-klachten en 8% van de werknemers voelde zich sterk eenzaam.")
    assert notes[("002", 11)] == (
        "volledige locatiewerkers zijn werknemers die zelf hebben aangegeven dat zij minder "
        "dan 10% van hun werktijd thuis werken.")
    assert notes[("002", 8)].endswith(
        "werknemers die hoofdzakelijk thuis werkten en werknemers die volledig thuis werkten.")
    assert notes[("001", 12)] == (
        "Hamersma, M., Haas, de, M., Faber, R. (2020) Thuiswerken en de coronacrisis. Een overzicht "
        "van studies naar de omvang, beleving en toekomstverwachting van thuiswerken in coronatijd. "
        "Den Haag: Kennisinstituut voor Mobiliteitsbeleid.")
    assert notes[("001", 9)].endswith("februari 2021. Het rapport is te vinden op www.rijksoverheid.nl.")
    assert notes[("003", 3)].endswith("De secretariële ondersteuning van de Denktank Coronacrisis is bij de SER ondergebracht.")
    assert notes[("002", 39)] == (
        "Zie o.a. de brieven van 21 december 2021 (Kamerstuk II 2021–2022, 25 295, nr. 1705), en "
        "21 maart 2022 (Kamerstuk II 2021–2022, 25 883, nr. 425).")
    assert notes[("002", 13)].startswith(
        "In rapporten die gebaseerd zijn op data die tijdens de Covid-19 crisis zijn verzameld, "
        "bijvoorbeeld het RIVM-rapport")


def test_000_url_footnote_hyphen_not_glued_to_next_page(docs):
    doc = docs["000"]
    assert doc.footnote(4).text == (
        "Zie https://www.monitorarbeid.tno.nl/nl-nl/publicaties/de-impact-van-de-covid-19-pandemie-")
    assert "Er zijn diverse kennisateliers gehouden" in doc.text
    assert "pandemie-zijn" not in doc.text + doc.footnote(4).text


def test_003_url_footnote_continuation_belongs_to_footnote(docs):
    doc = docs["003"]
    assert doc.footnote(6).text == (
        "https://nos.nl/nieuwsuur/artikel/2366749-grote-werkgevers-gaan-na-corona-kantoorruimte-schrappen.html")
    assert doc.footnote(12).text == (
        "https://www.fnv.nl/nieuwsbericht/sectornieuws/fnv-overheid/2020/10/"
        "akkoord-thuiswerkbudaet-en-thuiswerkveraoedina")
    assert "een lagere CO2-uitstoot. In principe" in doc.text


def test_002_url_split_over_blank_line_stays_whole(docs):
    assert docs["002"].footnote(25).text == (
        "Zie https://www.nlarbeidsinspectie.nl/publicaties/richtlijnen/2023/02/14/"
        "werkinstructie-werkstress-door-werkdruk-voorkomen-en-beperken.")


def test_footnote_references_parsed(docs):
    assert docs["001"].footnote(7).references == (KamerstukRef("35 669", "36"),)
    assert docs["001"].footnote(14).references == (KamerstukRef("35 570", "54", sub="XV"),)
    assert docs["004"].footnote(12).references[0].id == "25883-394"
    assert docs["002"].footnote(30).references == (KamerstukRef("26 834", "57", also=("25 883",)),)
    assert [r.id for r in docs["002"].footnote(39).references] == ["25295-1705", "25883-425"]
    assert docs["002"].footnote(9).references == ()


def test_footnotes_cite_documents_of_the_corpus(docs):
    """Footnotes of 000 and 004 cite 001 by its Kamerstuk id, as SOURCES.md says."""
    cited = {r.id for key in ("000", "004") for f in docs[key].footnotes for r in f.references}
    assert docs["001"].metadata.kamerstuk.id in cited
    assert docs["004"].metadata.kamerstuk.id in cited
