"""Real published documents, byte for byte as downloaded (tests/data/real/, see its README).

Exact facts: body and footnotes, no running line, colophon or kop text in either,
sentences that a page break cut are whole again, and the metadata each document states.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ingest.load import discover, load_document

pytestmark = pytest.mark.unit

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
KST = "kst-32545-143"
AH_1432 = "1b62ee8d-e406-4042-b7f5-7e235f7bd1c0.pdf"
AH_1984 = "1c83f4f5-0047-4b11-8051-e11def445937.pdf"
CHAKOR = "c11191ce-2336-4b7a-ac21-330edb5a03fa.xml"
# Text that is never body or footnote: running lines, colophon, kamerstukkop.
NOT_BODY = re.compile(r"Tweede Kamer, vergaderjaar|ISSN|’s-Gravenhage 20|ah-tk-|kst-\d|Staten-Generaal|"
                      r"Aanhangsel van de Handelingen|Vergaderjaar 20|Vragen gesteld door de leden")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _alone(name: str, tmp_path: Path) -> Path:
    """The file copied into a folder of its own (no metadata.xml beside it)."""
    target = tmp_path / name
    shutil.copy(REAL / name, target)
    return target


def _clean(doc) -> None:
    assert not NOT_BODY.search(doc.text), NOT_BODY.search(doc.text)
    for note in doc.footnotes:
        assert not NOT_BODY.search(note.text), note.text


@pytest.fixture(scope="module")
def kst_versions(tmp_path_factory):
    """kst-32545-143 as PDF, HTML and XML, each parsed alone (metadata from the document itself)."""
    out = tmp_path_factory.mktemp("kst")
    return {suffix: load_document(_alone(f"{KST}.{suffix}", out)) for suffix in ("pdf", "html", "xml")}


def test_kst_same_body_from_pdf_html_and_xml(kst_versions):
    pdf, html, xml = kst_versions["pdf"], kst_versions["html"], kst_versions["xml"]
    assert (pdf.kind, html.kind, xml.kind) == ("pdf", "html", "xml")
    assert _norm(pdf.text) == _norm(html.text) == _norm(xml.text)
    assert pdf.text.startswith("MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS\n\nVoorgesteld 6 juli 2021\n\nDe Kamer,\n\n"
                               "gehoord de beraadslaging,\n\nconstaterende dat diverse financiële instellingen")
    assert _norm(pdf.text).endswith("en gaat over tot de orde van de dag. Inge van Dijk Grinwis")
    for doc in (pdf, html, xml):
        assert [h.text for h in doc.headings] == ["MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS"]
        assert doc.footnotes == () and doc.markers == ()
        assert [p.text for p in doc.paragraphs][2:4] == ["De Kamer,", "gehoord de beraadslaging,"]
        _clean(doc)
        assert "Wet- en regelgeving financiële markten" not in doc.text  # the dossier title is metadata


def test_kst_pdf_metadata_from_kop_colophon_and_running_line(kst_versions):
    meta = kst_versions["pdf"].metadata
    assert meta.publication_id == "kst-32545-143"
    assert meta.kamerstuk.id == "32545-143" and meta.kamerstuk.dossier == "32 545"
    assert meta.dossier_title == "Wet- en regelgeving financiële markten"
    assert meta.date == "2021-07-06"
    assert meta.doc_type == "Motie"
    assert meta.title == "MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS"
    assert meta.submitters == ("Inge van Dijk", "Grinwis")


@pytest.mark.parametrize("suffix", ["html", "xml"])
def test_kst_html_and_xml_metadata(kst_versions, suffix):
    meta = kst_versions[suffix].metadata
    assert (meta.publication_id, meta.kamerstuk.id, meta.date, meta.doc_type) == \
           ("kst-32545-143", "32545-143", "2021-07-06", "Motie")
    assert meta.dossier_title == "Wet- en regelgeving financiële markten"
    assert meta.submitters == ("Inge van Dijk", "Grinwis")


def test_html_meta_tags_give_the_official_title(kst_versions):
    assert kst_versions["html"].metadata.title == (
        "Motie van de leden Inge van Dijk en Grinwis over het definiëren van een grensspaarsaldo voor "
        "negatieve spaarrente")


def test_metadata_xml_beside_the_file_is_read_and_not_ingested():
    doc = load_document(REAL / f"{KST}.pdf")  # kst-32545-143.metadata.xml lies beside it
    assert doc.metadata.title.startswith("Motie van de leden Inge van Dijk en Grinwis over het definiëren")
    assert doc.metadata.publication_id == "kst-32545-143"
    assert f"{KST}.metadata.xml" not in [p.name for p in discover([REAL])]


def test_a_lone_metadata_xml_in_the_folder_counts_for_its_publication(tmp_path):
    shutil.copy(REAL / f"{KST}.xml", tmp_path / "document.xml")
    shutil.copy(REAL / f"{KST}.metadata.xml", tmp_path / "metadata.xml")
    doc = load_document(tmp_path / "document.xml")
    assert doc.metadata.title.endswith("voor negatieve spaarrente")
    assert [p.name for p in discover([tmp_path])] == ["document.xml"]


def test_aanhangsel_1432_footnotes_and_body(tmp_path):
    doc = load_document(_alone(AH_1432, tmp_path))
    assert [(f.number, f.page, f.text) for f in doc.footnotes] == [
        (1, 1, "Kamerstuk 36 410 VIII, nr. 106"),
        (2, 1, "Kamerstuk 36 410 VIII, nr. 82"),
        (3, 2, "bis: culturele basisinfrastructuur"),
    ]
    assert [r.id for r in doc.footnotes[0].references] == ["36410-VIII-106"]
    assert [(m.number, m.page) for m in doc.markers] == [(1, 1), (2, 1), (3, 2)]
    assert len(doc.pages) == 4
    _clean(doc)
    # cut by the page break, the footnote block and the running footer of page 2
    assert "waren er al aanvragen van instellingen ontvangen en was het sluiten van het loket zeer nabij." in doc.text
    assert "de invulling van deze code niet dwingend" in doc.text  # "benadruk- / ken" across pages 1-2
    assert "nogmaals benadrukken dat" in doc.text
    assert doc.text.startswith("Vragen van het lid Van Zanten (BBB) aan de Staatssecretaris van Onderwijs,")
    assert "Vraag 1" in [h.text for h in doc.headings] and "Antwoord 6" in [h.text for h in doc.headings]


def test_aanhangsel_1432_metadata(tmp_path):
    meta = load_document(_alone(AH_1432, tmp_path)).metadata
    assert meta.publication_id == "ah-tk-20232024-1432"
    assert meta.date == "2024-04-05"  # (ontvangen 5 april 2024), not the date asked
    assert meta.doc_type == "Antwoord op Kamervragen"
    assert meta.kamerstuk is None
    assert meta.sender == "Staatssecretaris Gräper-van Koolwijk (Onderwijs, Cultuur en Wetenschap)"
    assert meta.submitters == ("Van Zanten",)
    assert meta.title.startswith("Vragen van het lid Van Zanten (BBB) aan de Staatssecretaris")
    assert meta.title.endswith("evenredigere verdeling van cultuursubsidies over Nederland")


def test_aanhangsel_1984_footnotes_wrap_and_sentences_rejoin(tmp_path):
    doc = load_document(_alone(AH_1984, tmp_path))
    assert [(f.number, f.page, f.text) for f in doc.footnotes] == [
        (1, 2, "Gezonde lunch onder oude wetgeving (tot en met 2021) vrijgesteld (belastingdienst.nl)"),
        (2, 2, "Paragraaf 23, achtste lid onderdeel b, twaalfde lid, en dertiende lid, Besluit Fiscaal "
               "Bestuursrecht."),
        (3, 4, "1,92% van de totale loonsom van de werkgever tot € 400.000 en daarboven 1,18%. Bij overschrijding "
               "van de vrije ruimte is de werkgever een eindheffing van 80% verschuldigd. Deze eindheffing staat "
               "gelijk aan een reguliere IB-heffing van 44,44%."),
    ]
    assert [(m.number, m.page) for m in doc.markers] == [(1, 2), (2, 2), (3, 4)]
    _clean(doc)
    assert "gezondheid, vitaliteit en het werkplezier van medewerkers, voor zover" in doc.text  # pages 1-2
    assert "zogenoemde nieuwe jurisprudentie. Overigens" in doc.text
    meta = doc.metadata
    assert (meta.publication_id, meta.date, meta.doc_type) == (
        "ah-tk-20232024-1984", "2024-06-14", "Antwoord op Kamervragen")
    assert meta.submitters == ("Van Eijk", "Aartsen")
    assert meta.sender.startswith("Staatssecretaris Van Rij (Financiën – Fiscaliteit en Belastingdienst)")


def test_chakor_motion_xml():
    doc = load_document(REAL / CHAKOR)
    meta = doc.metadata
    assert (meta.publication_id, meta.kamerstuk.id, meta.date, meta.doc_type) == (
        "kst-31490-353", "31490-353", "2024-12-05", "Motie")
    assert meta.dossier_title == "Vernieuwing van de rijksdienst"
    assert meta.submitters == ("Chakor",)
    assert [h.text for h in doc.headings] == ["MOTIE VAN HET LID CHAKOR"]
    assert [p.text for p in doc.paragraphs][-2:] == ["en gaat over tot de orde van de dag.", "Chakor"]
    assert "verzoekt de regering de extra rijksontmoetingspleinen te creëren buiten de Randstad" in doc.text
