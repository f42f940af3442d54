"""PDF layouts the tests typeset themselves (reportlab), parsed back by pypdf's text visitor.

Each fixture places its text the way a producer does: the Tweede Kamer's XPP layout
(kamerstukkop, colophon, running footer with a changing number, footnotes between body
and footer, notes with hanging indents and numbers set apart), and a ministry letter
(letterhead and address block, margin column repeated on every page, "Pagina N van M").
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.load import load_document

pytestmark = pytest.mark.unit

NOT_BODY = re.compile(r"Tweede Kamer, vergaderjaar|ISSN|’s-Gravenhage|ah-tk-|Staten-Generaal|Vergaderjaar|"
                      r"Aanhangsel van de Handelingen|Retouradres|Postbus|Onze referentie|Bijlage|Pagina \d|"
                      r"Directie|rijksoverheid\.nl|Betreft|DEN HAAG")


class Page:
    """Text placed on one page: ``text(x, y, s, size, bold)``; ``runs`` for a line of mixed sizes."""

    def __init__(self, canvas) -> None:
        self.c = canvas

    def text(self, x: float, y: float, s: str, size: float, bold: bool = False) -> None:
        self.c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        self.c.drawString(x, y, s)

    def runs(self, x: float, y: float, runs: list[tuple[str, float]]) -> None:
        """One line of runs (text, size); a smaller digits-only run is raised like a superscript."""
        t = self.c.beginText(x, y)
        for s, size in runs:
            t.setFont("Helvetica", size)
            t.setRise(3 if size < 8 and s.isdigit() else 0)
            t.textOut(s)
        t.setRise(0)
        self.c.drawText(t)

    def lines(self, x: float, y: float, lines: list[str], size: float, leading: float) -> float:
        for line in lines:
            self.text(x, y, line, size)
            y -= leading
        return y


def render(path: Path, pages) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for draw in pages:
        draw(Page(c))
        c.showPage()
    c.save()
    return path


# --- Tweede Kamer XPP layout (Aanhangsel van de Handelingen) ------------------------------------

BODY, NOTE, LEFT = 8.5, 6.9, 221.0


def _kop(p: Page, number: str) -> None:
    p.text(55, 762, "Tweede Kamer der Staten-Generaal", 18, bold=True)
    p.text(506, 740, "2", 40, bold=True)
    p.text(55, 705, "Vergaderjaar 2023–2024", 9.6)
    p.text(LEFT, 705, "Aanhangsel van de Handelingen", 10, bold=True)
    p.text(LEFT, 649, "Vragen gesteld door de leden der Kamer, met de daarop door de", 9.1, bold=True)
    p.text(LEFT, 639, "regering gegeven antwoorden", 9.1, bold=True)
    p.text(LEFT, 538, number, 12.8, bold=True)


def _footer(p: Page, page: int) -> None:
    p.text(LEFT, 69, f"Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel {page}", 9.1)


def aanhangsel_page_1(p: Page) -> None:
    _kop(p, "2345")
    y = p.lines(LEFT, 509, [
        "Vragen van het lid Jansen (GL-PvdA) aan de Minister van Sociale Zaken en",
        "Werkgelegenheid over hybride werken (ingezonden 3 maart 2024).",
    ], BODY, 9.6)
    y = p.lines(LEFT, y - 6, [
        "Antwoord van Minister Van Gennip (Sociale Zaken en Werkgelegenheid)",
        "(ontvangen 2 april 2024).",
    ], BODY, 9.6)
    p.text(LEFT, y - 10, "Vraag 1", BODY)
    p.runs(LEFT, y - 19.6, [("Hoe staat het met de agenda voor hybride werken", BODY), ("1", 5.5),
                            (" en wanneer hoort de", BODY)])
    p.text(LEFT, y - 29.2, "Kamer meer over de resultaten?", BODY)
    p.text(LEFT, y - 48, "Antwoord 1", BODY)
    p.runs(LEFT, y - 57.6, [("De agenda voor de toekomst van hybride werken loopt volgens plan", BODY), ("2", 5.5),
                            (". Het", BODY)])
    p.lines(LEFT, y - 67.2, [
        "kabinet werkt samen met sociale partners en de SER. Een werkgroep van het",
        "ministerie houdt zich",
    ], BODY, 9.6)
    # footnotes between the body and the running footer; note 2 wraps with a hanging indent
    p.text(LEFT, 160, "1 Kamerstuk 25 883, nr. 484.", NOTE)
    p.text(LEFT, 151, "2 Zie de brief van 28 maart 2024 over de stand van zaken van hybride werken, met", NOTE)
    p.text(LEFT + 6, 142, "de resultaten van het onderzoek naar thuiswerken.", NOTE)
    # the colophon of page 1, beside the running footer
    p.text(55, 82, "ah-tk-20232024-2345", 5.9)
    p.text(55, 76, "ISSN 0921 - 7398", 5.9)
    p.text(55, 69, "’s-Gravenhage 2024", 5.9)
    _footer(p, 1)


def aanhangsel_page_2(p: Page) -> None:
    p.text(LEFT, 771, "specifiek bezig met de rol van de leidinggevende. Ook de", BODY)
    p.lines(LEFT, 761.4, [
        "regionale spreiding van werkplekken krijgt aandacht.",
    ], BODY, 9.6)
    p.text(LEFT, 742, "Vraag 2", BODY)
    p.runs(LEFT, 732.4, [("Welke afspraken zijn gemaakt met de werkgevers", BODY), ("3", 5.5),
                         (" over thuiswerken en de", BODY)])
    p.text(LEFT, 722.8, "vergoedingen daarvoor?", BODY)
    p.text(LEFT, 703, "Antwoord 2", BODY)
    p.runs(LEFT, 693.4, [("Werkgevers en werknemers maken samen afspraken over de werkplek", BODY), ("4", 5.5),
                         (".", BODY)])
    # note 3: its number in a column of its own; note 4: the number alone on its line
    p.text(LEFT, 160, "3", NOTE)
    p.text(LEFT + 14, 160, "Stichting van de Arbeid, Handreiking hybride werken, 2023.", NOTE)
    p.text(LEFT, 151, "4", NOTE)
    p.text(LEFT + 14, 142, "Artikel 2 Wet flexibel werken.", NOTE)
    _footer(p, 2)


@pytest.fixture(scope="module")
def aanhangsel(tmp_path_factory):
    path = tmp_path_factory.mktemp("xpp") / "ah-tk-20232024-2345.pdf"
    return load_document(render(path, [aanhangsel_page_1, aanhangsel_page_2]))


def test_xpp_sentence_cut_by_page_break_footnotes_and_running_footer_is_rejoined(aanhangsel):
    assert ("Een werkgroep van het ministerie houdt zich specifiek bezig met de rol van de leidinggevende. "
            "Ook de regionale spreiding van werkplekken krijgt aandacht.") in aanhangsel.text


def test_xpp_no_running_line_colophon_or_kop_in_body_or_notes(aanhangsel):
    assert not NOT_BODY.search(aanhangsel.text), NOT_BODY.search(aanhangsel.text)
    assert not any(NOT_BODY.search(f.text) for f in aanhangsel.footnotes)
    assert aanhangsel.text.startswith("Vragen van het lid Jansen (GL-PvdA) aan de Minister")


def test_xpp_footnotes_wrapped_and_set_apart(aanhangsel):
    assert [(f.number, f.page, f.text) for f in aanhangsel.footnotes] == [
        (1, 1, "Kamerstuk 25 883, nr. 484."),
        (2, 1, "Zie de brief van 28 maart 2024 over de stand van zaken van hybride werken, met de resultaten "
               "van het onderzoek naar thuiswerken."),
        (3, 2, "Stichting van de Arbeid, Handreiking hybride werken, 2023."),
        (4, 2, "Artikel 2 Wet flexibel werken."),
    ]
    assert [(m.number, m.page) for m in aanhangsel.markers] == [(1, 1), (2, 1), (3, 2), (4, 2)]
    text = aanhangsel.text
    assert text[:aanhangsel.markers[0].offset].endswith("de agenda voor hybride werken")
    assert text[:aanhangsel.markers[3].offset].endswith("samen afspraken over de werkplek")


def test_xpp_headings_and_pages(aanhangsel):
    assert [h.text for h in aanhangsel.headings] == ["Vraag 1", "Antwoord 1", "Vraag 2", "Antwoord 2"]
    assert len(aanhangsel.pages) == 2
    assert aanhangsel.text[aanhangsel.pages[1].start:].startswith("specifiek bezig met de rol")


def test_xpp_metadata(aanhangsel):
    meta = aanhangsel.metadata
    assert meta.publication_id == "ah-tk-20232024-2345"
    assert meta.date == "2024-04-02"
    assert meta.doc_type == "Antwoord op Kamervragen"
    assert meta.sender == "Minister Van Gennip (Sociale Zaken en Werkgelegenheid)"
    assert meta.submitters == ("Jansen",)
    assert meta.title == ("Vragen van het lid Jansen (GL-PvdA) aan de Minister van Sociale Zaken en "
                          "Werkgelegenheid over hybride werken")


# --- a ministry letter in the Rijksoverheid house style ----------------------------------------

LETTER, MARGIN = 9.5, 7.0


def _margin(p: Page, first: bool) -> None:
    lines = ["Directie Arbeidsverhoudingen", "Postbus 90801", "2509 LV Den Haag", "www.rijksoverheid.nl", ""]
    lines += ["Onze referentie", "AV/2024/12345"] + (["Bijlage(n)", "2"] if first else [])
    y = 700.0
    for line in lines:
        if line:
            p.text(450, y, line, MARGIN)
        y -= 9


def letter_page_1(p: Page) -> None:
    p.text(330, 800, "Ministerie van Sociale Zaken en", 9, bold=True)
    p.text(330, 789, "Werkgelegenheid", 9, bold=True)
    p.text(100, 720, "> Retouradres Postbus 90801 2509 LV Den Haag", 5.5)
    p.lines(100, 700, ["De Voorzitter van de Tweede Kamer", "der Staten-Generaal", "Postbus 20018",
                       "2500 EA DEN HAAG"], LETTER, 12)
    p.text(100, 610, "Datum 28 maart 2024", LETTER)
    p.text(100, 598, "Betreft Stand van zaken hybride werken", LETTER)
    _margin(p, first=True)
    p.text(100, 560, "Geachte voorzitter,", LETTER)
    p.runs(100, 536, [("Met deze brief informeer ik u over hybride werken en de afspraken met werkgevers", LETTER),
                      ("1", 5.5), (".", LETTER)])
    p.lines(100, 524, ["Het kabinet blijft de ontwikkelingen volgen. Voor de zomer stuur ik uw Kamer een",
                       "nieuwe brief over de resultaten van het onderzoek en over de vervolgstappen die"],
            LETTER, 12)
    p.text(100, 100, "1 Kamerstuk 25 883, nr. 484.", MARGIN)
    p.text(450, 40, "Pagina 1 van 2", MARGIN)


def letter_page_2(p: Page) -> None:
    _margin(p, first=False)
    p.lines(100, 700, ["het kabinet daarna zet.", ""], LETTER, 12)
    p.text(100, 670, "De minister van Sociale Zaken en Werkgelegenheid,", LETTER)
    p.text(100, 640, "C.E.G. van Gennip", LETTER)
    p.text(450, 40, "Pagina 2 van 2", MARGIN)


@pytest.fixture(scope="module")
def letter(tmp_path_factory):
    path = tmp_path_factory.mktemp("letter") / "kamerbrief.pdf"
    return load_document(render(path, [letter_page_1, letter_page_2]))


def test_letter_body_without_letterhead_margin_or_page_numbers(letter):
    assert letter.text.startswith("Geachte voorzitter,\n\nMet deze brief informeer ik u")
    assert not NOT_BODY.search(letter.text), NOT_BODY.search(letter.text)
    assert ("over de resultaten van het onderzoek en over de vervolgstappen die het kabinet daarna zet."
            in letter.text)
    assert letter.text.endswith("De minister van Sociale Zaken en Werkgelegenheid,\n\nC.E.G. van Gennip")


def test_letter_footnote_and_metadata(letter):
    assert [(f.number, f.page, f.text) for f in letter.footnotes] == [(1, 1, "Kamerstuk 25 883, nr. 484.")]
    assert [(m.number, m.page) for m in letter.markers] == [(1, 1)]
    meta = letter.metadata
    assert (meta.date, meta.title, meta.reference) == ("2024-03-28", "Stand van zaken hybride werken",
                                                       "AV/2024/12345")


def test_single_page_kamerstuk_running_line_by_its_formula(tmp_path):
    """One page: no repetition to learn from; the running line is known by its formula and place."""
    def page(p: Page) -> None:
        p.text(55, 653, "25 883", 12.3, bold=True)
        p.text(LEFT, 653, "Arbeidsomstandigheden en de toekomst van", 12.3, bold=True)
        p.text(LEFT, 639, "hybride werken", 12.3, bold=True)
        p.text(55, 560, "Nr. 999  BRIEF VAN DE MINISTER VAN SOCIALE ZAKEN EN WERKGELEGENHEID", 9.1, bold=True)
        p.text(LEFT, 530, "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", 9.1)
        p.text(LEFT, 505, "Den Haag, 12 januari 2024", 9.1)
        p.text(LEFT, 480, "Hierbij stuur ik u de voortgangsrapportage over hybride werken.", 9.1)
        p.text(55, 82, "kst-25883-999", 5.9)
        p.text(55, 76, "ISSN 0921 - 7371", 5.9)
        p.text(55, 69, "’s-Gravenhage 2024", 5.9)
        p.text(LEFT, 69, "Tweede Kamer, vergaderjaar 2023–2024, 25 883, nr. 999", 9.1)

    doc = load_document(render(tmp_path / "kst.pdf", [page]))
    assert not re.search(r"Tweede Kamer, vergaderjaar|ISSN|’s-Gravenhage|kst-|25 883|Nr\. 999|hybride werken\n",
                         doc.text)
    assert doc.headings[0].text == "BRIEF VAN DE MINISTER VAN SOCIALE ZAKEN EN WERKGELEGENHEID"
    assert doc.text.endswith("Den Haag, 12 januari 2024\n\nHierbij stuur ik u de voortgangsrapportage over hybride"
                             " werken.")
    meta = doc.metadata
    assert (meta.publication_id, meta.kamerstuk.id, meta.date, meta.doc_type, meta.sender, meta.dossier_title) == (
        "kst-25883-999", "25883-999", "2024-01-12", "Kamerbrief", "minister van Sociale Zaken en Werkgelegenheid",
        "Arbeidsomstandigheden en de toekomst van hybride werken")


def test_footnote_numbers_hung_into_the_margin(tmp_path):
    """Numbers set left of the body column, the note texts aligned with the body."""
    def page(p: Page) -> None:
        p.runs(LEFT, 700, [("Het kabinet steunt de motie", BODY), ("1", 5.5), (" en de aanpak van de SER", BODY),
                           ("2", 5.5), (". Werkgevers", BODY)])
        p.lines(LEFT, 690.4, ["en werknemers maken samen afspraken over de plek waar het werk",
                              "wordt gedaan, en over de vergoeding van de kosten van thuiswerken."], BODY, 9.6)
        p.text(LEFT - 24, 160, "1", NOTE)
        p.text(LEFT, 160, "Kamerstuk 35 669, nr. 36.", NOTE)
        p.text(LEFT - 24, 151, "2", NOTE)
        p.text(LEFT, 151, "SER-advies Hybride werken,", NOTE)
        p.text(LEFT, 142, "juni 2022.", NOTE)

    doc = load_document(render(tmp_path / "hangend.pdf", [page]))
    assert doc.text == ("Het kabinet steunt de motie en de aanpak van de SER. Werkgevers en werknemers maken samen "
                        "afspraken over de plek waar het werk wordt gedaan, en over de vergoeding van de kosten van "
                        "thuiswerken.")
    assert [(f.number, f.text) for f in doc.footnotes] == [(1, "Kamerstuk 35 669, nr. 36."),
                                                          (2, "SER-advies Hybride werken, juni 2022.")]


def test_repeated_body_lines_at_the_same_height_stay_body(tmp_path):
    """"Vraag N" opening two pages at the same height is body (a heading), not a running header."""
    def page(n: int):
        def draw(p: Page) -> None:
            p.text(72, 770, f"Vraag {n}", 11)
            p.text(72, 756, f"Dit is de tekst van vraag {n} en het antwoord daarop.", 11)
            p.text(300, 40, str(n), 9)
        return draw

    doc = load_document(render(tmp_path / "vragen.pdf", [page(1), page(2)]))
    assert [h.text for h in doc.headings] == ["Vraag 1", "Vraag 2"]
    assert "\n\n1" not in doc.text and not doc.text.endswith("2")


def test_two_column_handelingen_page_reads_column_by_column(tmp_path):
    """Handelingen are set in two columns: the left column is read first, the right one follows."""
    def page(n: int):
        def draw(p: Page) -> None:
            p.text(56, 805, f"Tweede Kamer Hybride werken 12 maart 2024 TK 60 60-{n}-1", 7)
            left = [f"De heer Van Dijk (CDA): Voorzitter. Dit is mijn betoog {n} over",
                    "hybride werken. Werkgevers en werknemers maken",
                    "samen afspraken over de plek van het werk. Ik",
                    "vraag de minister om"]
            right = ["duidelijkheid over de regels voor thuiswerken.",
                     "Minister Van Gennip: Die duidelijkheid komt er",
                     "voor de zomer, met een brief aan de Kamer."]
            p.lines(56, 770, left, 9, 11)
            p.lines(305, 770, right, 9, 11)
        return draw

    doc = load_document(render(tmp_path / "handelingen.pdf", [page(1), page(2)]))
    assert "TK 60" not in doc.text and "Tweede Kamer Hybride" not in doc.text
    assert ("Ik vraag de minister om duidelijkheid over de regels voor thuiswerken. Minister Van Gennip: "
            "Die duidelijkheid komt er voor de zomer, met een brief aan de Kamer.") in doc.text
    assert doc.text.index("mijn betoog 1") < doc.text.index("duidelijkheid over") < doc.text.index("betoog 2")


def test_a_damaged_page_is_reported_in_one_line_and_the_rest_is_read(tmp_path, caplog):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    def text(s: str):
        return lambda p: p.text(72, 700, s, 11)

    good = render(tmp_path / "goed.pdf", [text("Eerste pagina over hybride werken."), text("Tweede pagina.")])
    writer = PdfWriter()
    for page in PdfReader(good).pages:
        writer.add_page(page)
    broken = StreamObject()
    broken._data = b"x\x9c\x00 not a zlib stream"
    broken[NameObject("/Filter")] = NameObject("/FlateDecode")
    writer.pages[1][NameObject("/Contents")] = writer._add_object(broken)
    path = tmp_path / "beschadigd.pdf"
    with path.open("wb") as handle:
        writer.write(handle)

    doc = load_document(path)
    assert doc.text == "Eerste pagina over hybride werken." and len(doc.pages) == 2
    lines = [r.getMessage() for r in caplog.records if r.name == "ingest.pdf"]
    assert len(lines) == 1 and "\n" not in lines[0]
    assert lines[0].startswith("beschadigd.pdf: page 2: damaged content (") and lines[0].endswith("page skipped")


def test_one_note_per_page_at_the_same_height_is_no_running_line(tmp_path):
    """Notes of one shape ("N Kamerstuk …") at the same height on every page stay notes; the page
    footer beside them ("Pagina N van 4") is the running line."""
    refs = ["25 883, nr. 484", "35 669, nr. 36", "25 295, nr. 1025", "31 490, nr. 353"]

    def page(n: int):
        def draw(p: Page) -> None:
            p.runs(72, 770, [(f"Op pagina {n} verwijst de brief naar een eerder stuk", 11), (str(n), 7),
                             (" over hybride werken.", 11)])
            p.lines(72, 756, ["Het kabinet werkt verder aan de agenda en informeert de Kamer."], 11, 14)
            p.text(72, 90, f"{n} Kamerstuk {refs[n - 1]}.", 8)
            p.text(260, 40, f"Pagina {n} van 4", 8)
        return draw

    doc = load_document(render(tmp_path / "noten.pdf", [page(n) for n in range(1, 5)]))
    assert [(f.number, f.page, f.text) for f in doc.footnotes] == [
        (n, n, f"Kamerstuk {refs[n - 1]}.") for n in range(1, 5)]
    assert "Pagina" not in doc.text and len(doc.markers) == 4


@pytest.mark.parametrize("info, title", [
    ("Kamerbrief over hybride werken", "Kamerbrief over hybride werken"),
    ("None", ""), ("Microsoft Word - brief 2024.docx", ""), ("brief-definitief.pdf", ""),
])
def test_document_info_title_where_the_text_states_none(tmp_path, info, title):
    from reportlab.pdfgen import canvas

    path = tmp_path / "info.pdf"
    c = canvas.Canvas(str(path))
    c.setTitle(info)
    c.setFont("Helvetica", 11)
    c.drawString(72, 700, "Het kabinet werkt aan de agenda voor hybride werken.")
    c.showPage()
    c.save()
    assert load_document(path).metadata.title == title
