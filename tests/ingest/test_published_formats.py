"""One document with footnotes in the three published forms: official HTML page, official XML, PDF.

The HTML is laid out as the official site serves it (cookie bar, breadcrumb and site footer
around ``#broodtekst``, ``<sup><a class="nootnum" href="#…-n1">`` markers, the notes gathered
in ``<div class="voet noot">`` blocks), the XML as the op-xsd schema writes a kamerstuk
(``noot`` elements where the markers are), the PDF in the XPP layout (reportlab). All three
give the same body, the same footnotes and the same markers. Bad markup gets one line.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.errors import IngestError, MalformedDocumentError, UnknownSchemaError
from ingest.load import load_document

pytestmark = pytest.mark.unit

NOTES = ["Kamerstuk 25 883, nr. 484.", "Stichting van de Arbeid, Handreiking hybride werken, 2023."]

HTML = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" lang="nl"><head>
<meta name="DC.identifier" scheme="OVERHEIDop.ParlID" content="kst-25883-500" />
<meta name="OVERHEIDop.dossiernummer" content="25883" />
<meta name="OVERHEIDop.ondernummer" content="500" />
<meta name="DC.type" scheme="OVERHEIDop.KamerstukTypen" content="Brief" />
<meta name="OVERHEIDop.documenttitel" content="Brief over hybride werken" />
<meta name="OVERHEIDop.dossiertitel" content="Arbeidsomstandigheden" />
<meta name="DCTERMS.issued" scheme="DCTERMS.W3CDTF" content="2024-05-30" />
<title>Kamerstuk 25883, nr. 500 | Overheid.nl</title></head>
<body>
<div id="cookiebar" class="cookie-consent"><p>Deze website gebruikt cookies. <button>Akkoord</button></p></div>
<nav class="breadcrumb"><ol><li><a href="/">Home</a></li><li>Kamerstukken</li></ol></nav>
<main>
<div id="broodtekst">
 <h1 class="dossiertitel"><span class="dossiernummer">25 883</span> Arbeidsomstandigheden</h1>
 <div class="stuk">
  <h1 class="stuktitel"><span class="stuknummer">Nr. 500</span> BRIEF VAN DE MINISTER VAN SOCIALE ZAKEN EN
   WERKGELEGENHEID</h1>
  <p>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</p>
  <p class="dagtekening">Den Haag, 30 mei 2024</p>
  <p>In mijn vorige brief<sup><a class="nootnum supernote-click-ID1" href="#kst-25883-500-n1">1</a></sup>
   heb ik u over de agenda voor hybride werken geïnformeerd.</p>
  <h2>Afspraken met werkgevers</h2>
  <p>Werkgevers en werknemers maken afspraken over de werkplek<sup><a class="nootnum" href="#kst-25883-500-n2">2</a></sup>.
   Het kabinet ondersteunt dat.</p>
  <p>De Minister van Sociale Zaken en Werkgelegenheid,</p>
  <p>C.E.G. van Gennip</p>
 </div>
 <div class="voet noot snippet-ID1" id="ID1"><p><span class="nootnum"><a id="kst-25883-500-n1">1</a></span>
  Kamerstuk 25 883, nr. 484.</p></div>
 <div class="voet noot" id="ID2"><p><span class="nootnum"><a id="kst-25883-500-n2">2</a></span>
  Stichting van de Arbeid, Handreiking hybride werken, 2023.</p></div>
</div>
</main>
<footer class="site-footer"><p>Over deze site · Contact · Privacy</p></footer>
</body></html>
"""

XML = """<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie>
  <metadata><meta name="OVERHEIDop.externMetadataRecord" content="https://zoek.officielebekendmakingen.nl/kst-25883-500/metadata.xml"/></metadata>
  <kamerstuk>
    <kamerstukkop><tekstregel inhoud="vergaderjaar">Vergaderjaar 2023-2024</tekstregel></kamerstukkop>
    <dossier><dossiernummer><dossiernr>25 883</dossiernr></dossiernummer><titel>Arbeidsomstandigheden</titel></dossier>
    <stuk>
      <stuknr>Nr. <ondernummer kamer="2">500</ondernummer></stuknr>
      <titel>BRIEF VAN DE MINISTER VAN SOCIALE ZAKEN EN WERKGELEGENHEID</titel>
      <brief>
        <aanhef><al>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</al></aanhef>
        <dagtekening>Den Haag, <datum isodatum="2024-05-30">30 mei 2024</datum></dagtekening>
        <al>In mijn vorige brief<noot id="ID1" type="voet"><nootnr>1</nootnr><al>Kamerstuk 25 883, nr. 484.</al></noot>
          heb ik u over de agenda voor hybride werken geïnformeerd.</al>
        <kop><titel>Afspraken met werkgevers</titel></kop>
        <al>Werkgevers en werknemers maken afspraken over de werkplek<noot id="ID2" type="voet"><nootnr>2</nootnr><al>Stichting van de Arbeid, Handreiking hybride werken, 2023.</al></noot>. Het kabinet ondersteunt dat.</al>
        <slotformule><al>De Minister van Sociale Zaken en Werkgelegenheid,</al></slotformule>
        <ondertekening><al>C.E.G. van Gennip</al></ondertekening>
      </brief>
    </stuk>
  </kamerstuk>
</officiele-publicatie>
"""


def _pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842))

    def text(x, y, s, size, bold=False):
        c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        c.drawString(x, y, s)

    def runs(x, y, parts):
        t = c.beginText(x, y)
        for s, size in parts:
            t.setFont("Helvetica", size)
            t.setRise(3 if size < 8 else 0)
            t.textOut(s)
        c.drawText(t)

    text(55, 762, "Tweede Kamer der Staten-Generaal", 18, True)
    text(55, 705, "Vergaderjaar 2023–2024", 9.6)
    text(55, 653, "25 883", 12.3, True)
    text(221, 653, "Arbeidsomstandigheden", 12.3, True)
    text(55, 560, "Nr. 500  BRIEF VAN DE MINISTER VAN SOCIALE ZAKEN EN", 9.1, True)
    text(221, 549, "WERKGELEGENHEID", 9.1, True)
    text(221, 520, "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", 9.1)
    text(221, 499, "Den Haag, 30 mei 2024", 9.1)
    runs(221, 478, [("In mijn vorige brief", 9.1), ("1", 5.5), (" heb ik u over de agenda voor hybride werken", 9.1)])
    text(221, 467.3, "geïnformeerd.", 9.1)
    text(221, 446, "Afspraken met werkgevers", 9.1, True)
    runs(221, 435.3, [("Werkgevers en werknemers maken afspraken over de werkplek", 9.1), ("2", 5.5),
                      (". Het kabinet", 9.1)])
    text(221, 424.6, "ondersteunt dat.", 9.1)
    text(221, 403, "De Minister van Sociale Zaken en Werkgelegenheid,", 9.1)
    text(221, 382, "C.E.G. van Gennip", 9.1)
    text(221, 160, "1 " + NOTES[0], 6.9)
    text(221, 151, "2 " + NOTES[1], 6.9)
    text(55, 82, "kst-25883-500", 5.9)
    text(55, 76, "ISSN 0921 - 7371", 5.9)
    text(55, 69, "’s-Gravenhage 2024", 5.9)
    text(221, 69, "Tweede Kamer, vergaderjaar 2023–2024, 25 883, nr. 500", 9.1)
    c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    out = tmp_path_factory.mktemp("forms")
    (out / "kst-25883-500.html").write_text(HTML, encoding="utf-8")
    (out / "kst-25883-500.xml").write_text(XML, encoding="utf-8")
    return {"html": load_document(out / "kst-25883-500.html"), "xml": load_document(out / "kst-25883-500.xml"),
            "pdf": load_document(_pdf(out / "kst-25883-500.pdf"))}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_same_body_from_html_xml_and_pdf(forms):
    bodies = {k: _norm(d.text) for k, d in forms.items()}
    assert bodies["html"] == bodies["xml"] == bodies["pdf"]
    assert bodies["html"] == (
        "BRIEF VAN DE MINISTER VAN SOCIALE ZAKEN EN WERKGELEGENHEID Aan de Voorzitter van de Tweede Kamer der "
        "Staten-Generaal Den Haag, 30 mei 2024 In mijn vorige brief heb ik u over de agenda voor hybride werken "
        "geïnformeerd. Afspraken met werkgevers Werkgevers en werknemers maken afspraken over de werkplek. Het "
        "kabinet ondersteunt dat. De Minister van Sociale Zaken en Werkgelegenheid, C.E.G. van Gennip")
    for doc in forms.values():
        assert [h.text for h in doc.headings] == ["BRIEF VAN DE MINISTER VAN SOCIALE ZAKEN EN WERKGELEGENHEID",
                                                  "Afspraken met werkgevers"]


def test_same_footnotes_and_markers(forms):
    for kind, doc in forms.items():
        assert [(f.number, f.text) for f in doc.footnotes] == [(1, NOTES[0]), (2, NOTES[1])], kind
        assert [r.id for r in doc.footnotes[0].references] == ["25883-484"]
        before = [_norm(doc.text[:m.offset]) for m in doc.markers]
        assert before[0].endswith("30 mei 2024 In mijn vorige brief"), kind
        assert before[1].endswith("maken afspraken over de werkplek"), kind


def test_html_chrome_and_notes_stay_out_of_the_body(forms):
    text = forms["html"].text
    for chrome in ("cookies", "Akkoord", "Home", "Kamerstukken", "Over deze site", "Privacy", "Handreiking",
                   "Overheid.nl", "Arbeidsomstandigheden", "Nr. 500"):
        assert chrome not in text


@pytest.mark.parametrize("kind", ["html", "xml", "pdf"])
def test_metadata_of_each_form(forms, kind):
    meta = forms[kind].metadata
    assert (meta.publication_id, meta.kamerstuk.id, meta.date, meta.dossier_title) == (
        "kst-25883-500", "25883-500", "2024-05-30", "Arbeidsomstandigheden")


def test_html_without_official_markup_uses_main_or_the_largest_block(tmp_path):
    path = tmp_path / "pagina.html"
    path.write_text("""<html><body><div class="menu"><a href="/">Home</a> <a href="/a">Actueel</a></div>
<div class="content"><h1>Hybride werken</h1><p>Het kabinet werkt aan een agenda voor hybride werken met
sociale partners.</p><p>Werkgevers maken afspraken met werknemers.</p></div>
<div class="site-footer">Contact en privacy</div></body></html>""", encoding="utf-8")
    doc = load_document(path)
    assert doc.text == ("Hybride werken\n\nHet kabinet werkt aan een agenda voor hybride werken met sociale "
                        "partners.\n\nWerkgevers maken afspraken met werknemers.")


@pytest.mark.parametrize("content, error, reason", [
    (b"<officiele-publicatie><kamerstuk><al>open", MalformedDocumentError, "malformed markup: XML: "),
    (b"<?xml version='1.0'?><rss><channel><title>Nieuws</title></channel></rss>", UnknownSchemaError,
     "unsupported XML schema: root element <rss>, expected <officiele-publicatie>"),
    (b"<officiele-publicatie><metadata/><besluit/></officiele-publicatie>", UnknownSchemaError,
     "<officiele-publicatie> holds <besluit>, expected one of <kamerstuk>, <kamervragen>, <handelingen>"),
])
def test_bad_xml_is_one_line(tmp_path, content, error, reason):
    path = tmp_path / "stuk.xml"
    path.write_bytes(content)
    with pytest.raises(error) as err:
        load_document(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith("stuk.xml: ") and reason in message


def test_metadata_xml_on_its_own_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "los.xml"
    path.write_bytes(b"<metadata_gegevens><metadata name='DC.title' content='x'/></metadata_gegevens>")
    with pytest.raises(UnknownSchemaError) as err:
        load_document(path)
    assert "a metadata.xml holds no text" in str(err.value)


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf", b"<!-- alleen commentaar -->", b"<html></html>"])
def test_html_without_content_is_one_line(tmp_path, content):
    path = tmp_path / "leeg.html"
    path.write_bytes(content)
    with pytest.raises(IngestError) as err:
        load_document(path)
    assert str(err.value).startswith("leeg.html: ") and "\n" not in str(err.value)


KAMERVRAGEN = """<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie>
  <kamervragen>
    <kamervraagkop>
      <kamervraagnummer>2024Z09876</kamervraagnummer>
      <kamervraagomschrijving>Vragen van het lid Jansen (GL-PvdA) aan de Minister van Sociale Zaken en
        Werkgelegenheid over thuiswerken (ingezonden 3 mei 2024).</kamervraagomschrijving>
      <kamervraagopmerking>Antwoord van Minister Van Gennip (Sociale Zaken en Werkgelegenheid) (ontvangen
        28 mei 2024).</kamervraagopmerking>
    </kamervraagkop>
    <vraag><nr>Vraag 1</nr><al>Kent u het onderzoek naar thuiswerken<noot id="n1" type="voet"><nootnr>1</nootnr><al>TNO, Thuiswerken na corona, 2024.</al></noot>?</al></vraag>
    <antwoord><nr>Antwoord 1</nr><al>Ja.</al></antwoord>
    <vraag><al>Vraag 2</al><al>Wat doet u met de uitkomsten?</al></vraag>
    <antwoord><al>Antwoord 2</al><al>Ik bespreek ze met sociale partners.</al></antwoord>
  </kamervragen>
</officiele-publicatie>
"""

HANDELINGEN = """<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie>
  <handelingen>
    <agendapunt>
      <kop><titel>Hybride werken</titel></kop>
      <spreekbeurt>
        <spreker><voorvoegsels>De heer</voorvoegsels><naam><achternaam>Van Dijk</achternaam></naam><politiek>(CDA)</politiek></spreker>
        <tekst><al>Voorzitter. Ik vraag de minister om duidelijkheid over thuiswerken.</al></tekst>
      </spreekbeurt>
      <spreekbeurt>
        <spreker><voorvoegsels>Minister</voorvoegsels><naam><achternaam>Van Gennip</achternaam></naam></spreker>
        <tekst><al>Die duidelijkheid komt er voor de zomer.</al></tekst>
      </spreekbeurt>
    </agendapunt>
  </handelingen>
</officiele-publicatie>
"""


def test_kamervragen_xml(tmp_path):
    path = tmp_path / "ah-tk-20232024-9999.xml"
    path.write_text(KAMERVRAGEN, encoding="utf-8")
    doc = load_document(path)
    assert [h.text for h in doc.headings] == ["Vraag 1", "Antwoord 1", "Vraag 2", "Antwoord 2"]
    assert doc.text.startswith("Vragen van het lid Jansen (GL-PvdA) aan de Minister van Sociale Zaken en "
                               "Werkgelegenheid over thuiswerken (ingezonden 3 mei 2024).\n\nAntwoord van Minister")
    assert "2024Z09876" not in doc.text
    assert "Vraag 2\n\nWat doet u met de uitkomsten?\n\nAntwoord 2\n\nIk bespreek ze met sociale partners." in doc.text
    assert [(f.number, f.text) for f in doc.footnotes] == [(1, "TNO, Thuiswerken na corona, 2024.")]
    assert doc.text[:doc.markers[0].offset].endswith("het onderzoek naar thuiswerken")
    meta = doc.metadata
    assert (meta.doc_type, meta.date, meta.submitters) == ("Antwoord op Kamervragen", "2024-05-28", ("Jansen",))
    assert meta.sender == "Minister Van Gennip (Sociale Zaken en Werkgelegenheid)"


def test_handelingen_xml(tmp_path):
    path = tmp_path / "h-tk-20232024-60-5.xml"
    path.write_text(HANDELINGEN, encoding="utf-8")
    doc = load_document(path)
    assert doc.text == ("Hybride werken\n\nDe heer Van Dijk (CDA):\n\nVoorzitter. Ik vraag de minister om "
                        "duidelijkheid over thuiswerken.\n\nMinister Van Gennip:\n\nDie duidelijkheid komt er voor "
                        "de zomer.")
    assert [h.text for h in doc.headings] == ["Hybride werken"]
    assert doc.metadata.doc_type == "Handelingen"


def test_html_export_with_linked_endnotes(tmp_path):
    """Notes as many HTML producers write them: a numbered superscript link to a list at the end."""
    path = tmp_path / "export.html"
    path.write_text("""<html><body><main>
<h1>Kamerbrief hybride werken</h1>
<p>Het kabinet steunt de motie van de leden Van Weyenberg en Smeulders<sup><a href="#fn1" id="fnref1">1</a></sup>
en voert haar uit<sup><a href="#fn2" id="fnref2">2</a></sup>.</p>
<p>Zie ook <a href="#sectie-2">de volgende paragraaf</a>.</p>
<h2 id="sectie-2">Uitvoering</h2>
<p>De uitvoering begint in 2025.</p>
<section class="footnotes" role="doc-endnotes"><hr/><ol>
<li id="fn1"><p>Kamerstuk 35 669, nr. 36. <a href="#fnref1" class="footnote-back">↩︎</a></p></li>
<li id="fn2"><p>Zie de brief van 3 februari 2021. <a href="#fnref2" class="footnote-back">↩︎</a></p></li>
</ol></section></main></body></html>""", encoding="utf-8")
    doc = load_document(path)
    assert [(f.number, f.text) for f in doc.footnotes] == [(1, "Kamerstuk 35 669, nr. 36."),
                                                          (2, "Zie de brief van 3 februari 2021.")]
    assert [(m.number, doc.text[:m.offset][-9:]) for m in doc.markers] == [(1, "Smeulders"), (2, "voert haar uit"[-9:])]
    assert doc.text == ("Kamerbrief hybride werken\n\nHet kabinet steunt de motie van de leden Van Weyenberg en "
                        "Smeulders en voert haar uit.\n\nZie ook de volgende paragraaf.\n\nUitvoering\n\n"
                        "De uitvoering begint in 2025.")
