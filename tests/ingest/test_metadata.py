"""Metadata a document states about itself: the rules on header lines and on official meta tags."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.load import load_document
from ingest.metadata import from_lines, from_meta_tags, kamerstuk_from_id, merge_metadata, submitters_from_title
from ingest.models import DocumentMetadata

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.mark.parametrize("lines, date", [
    (["Den Haag, 30 april 2021"], "2021-04-30"),
    (["’s-Gravenhage, 2 maart 2020"], "2020-03-02"),
    (["Datum 1 maart 2011"], "2011-03-01"),
    (["Datum", "1 maart 2011"], "2011-03-01"),  # the margin label on its own line
    (["Voorgesteld 6 juli 2021"], "2021-07-06"),
    (["Antwoord van minister Van Gennip (ontvangen 14 juni 2024)."], "2024-06-14"),
    # the answer's receipt wins over the date the questions were sent
    (["Vragen van het lid X aan de minister (ingezonden 29 mei 2024).",
      "Antwoord van minister Y (ontvangen 14 juni 2024)"], "2024-06-14"),
    (["Den Haag, 31 februari"], ""),
])
def test_dates(lines, date):
    assert from_lines(lines).date == date


@pytest.mark.parametrize("lines, doc_type", [
    (["MOTIE VAN HET LID CHAKOR"], "Motie"),
    (["GEWIJZIGDE MOTIE VAN DE LEDEN A EN B"], "Motie"),
    (["AMENDEMENT VAN HET LID X"], "Amendement"),
    (["Aanhangsel van de Handelingen"], "Antwoord op Kamervragen"),
    (["Fiche 3: Verordening over platformwerk"], "BNC-fiche"),
    (["BRIEF VAN DE MINISTER VAN SOCIALE ZAKEN EN WERKGELEGENHEID"], "Kamerbrief"),
    (["Geachte voorzitter,"], "Kamerbrief"),
    (["Een notitie zonder aanduiding."], ""),
])
def test_types(lines, doc_type):
    assert from_lines(lines).doc_type == doc_type


def test_kamerstuk_from_kop_running_line_and_id():
    kop = from_lines(["36 410 VIII Vaststelling van de begrotingsstaten", "Nr. 82 BRIEF VAN DE MINISTER VAN OCW"])
    assert (kop.kamerstuk.id, kop.dossier_title, kop.publication_id) == (
        "36410-VIII-82", "Vaststelling van de begrotingsstaten", "kst-36410-VIII-82")
    running = from_lines(["Tweede Kamer, vergaderjaar 2020–2021, 25 295, nr. 1172"])
    assert running.kamerstuk.id == "25295-1172"
    assert kamerstuk_from_id("kst-36410-VIII-82").id == "36410-VIII-82"
    assert kamerstuk_from_id("ah-tk-20232024-1432") is None
    assert from_lines(["ah-tk-20232024-1432"]).publication_id == "ah-tk-20232024-1432"


def test_sender_title_reference_and_submitters():
    meta = from_lines(["Ministerie van Sociale Zaken en Werkgelegenheid", "Onze referentie", "2024-0000123",
                       "Betreft Voortgang hybride werken", "Geachte voorzitter,",
                       "De Minister van Sociale Zaken en Werkgelegenheid, C.E.G. van Gennip"])
    assert (meta.sender, meta.title, meta.reference) == (
        "minister van Sociale Zaken en Werkgelegenheid", "Voortgang hybride werken", "2024-0000123")
    assert from_lines(["Directie X", "Ministerie van Financiën"]).sender == "Ministerie van Financiën"
    assert submitters_from_title("MOTIE VAN DE LEDEN VAN WEYENBERG EN SMEULDERS") == ("Van Weyenberg", "Smeulders")
    assert submitters_from_title("Motie van het lid Kröger c.s. over thuiswerken") == ("Kröger",)


def test_meta_tags():
    meta = from_meta_tags([
        ("DC.identifier", "OVERHEIDop.ParlID", "kst-35570-XV-54"),
        ("OVERHEIDop.dossiernummer", "", "35570-XV"),
        ("OVERHEIDop.ondernummer", "", "54"),
        ("DC.type", "OVERHEIDop.KamerstukTypen", "Motie"),
        ("DC.type", "OVERHEIDop.Parlementair", "Kamerstuk"),
        ("OVERHEIDop.documenttitel", "", "Motie van het lid Van Weyenberg over thuiswerken"),
        ("DCTERMS.issued", "DCTERMS.W3CDTF", "2020-11-12"),
        ("DCTERMS.available", "DCTERMS.W3CDTF", "2020-11-13"),
    ])
    assert (meta.kamerstuk.id, meta.publication_id, meta.doc_type, meta.date, meta.submitters) == (
        "35570-XV-54", "kst-35570-XV-54", "Motie", "2020-11-12", ("Van Weyenberg",))


def test_manifest_wins_where_it_has_a_value():
    manifest = DocumentMetadata(title="Titel uit het manifest", date="")
    merged = merge_metadata(manifest, from_lines(["Den Haag, 3 februari 2021", "Betreft Andere titel"]))
    assert (merged.title, merged.date) == ("Titel uit het manifest", "2021-02-03")


def test_corpus_letters_without_manifest_state_their_sender(tmp_path):
    """The signature names the sender, as the manifest does."""
    shutil.copy(CORPUS / "000_f9fde6f7b868fb2e.txt", tmp_path / "brief.txt")
    assert load_document(tmp_path / "brief.txt").metadata.sender == "staatssecretaris van Sociale Zaken en Werkgelegenheid"
