"""The Markdown and HTML paths on small documents."""
from __future__ import annotations

import pytest

from ingest.load import load_document

pytestmark = pytest.mark.unit

HTML = """<html><head><title>Brief</title></head><body>
<p>Den Haag, 3 februari 2021</p>
<h2>Vitaal thuiswerken</h2>
<p>Het kabinet steunt de motie van de leden Van Weyenberg en Smeulders<sup>1</sup> en het
<a href="https://www.rivm.nl">RIVM</a> meet de 10<sup>e</sup> ronde. De inzet gaat door op de</p>
<p><sup>1</sup> Kamerstuk 35 669, nr. 36.</p>
<p>volgende pagina, midden in de zin.</p>
</body></html>"""


def test_html_export(tmp_path):
    path = tmp_path / "brief.html"
    path.write_text(HTML, encoding="utf-8")
    doc = load_document(path)
    assert doc.kind == "html"
    assert [h.text for h in doc.headings] == ["Vitaal thuiswerken"]
    assert "Smeulders en het RIVM meet de 10e ronde. De inzet gaat door op de volgende pagina" in doc.text
    assert [(f.number, f.text, f.page) for f in doc.footnotes] == [(1, "Kamerstuk 35 669, nr. 36.", 1)]
    assert [(m.number, m.page) for m in doc.markers] == [(1, 1)]
    assert len(doc.pages) == 2
    assert doc.metadata.date == "2021-02-03"


def test_markdown_file(tmp_path):
    path = tmp_path / "brief.md"
    path.write_text("## **Kop**\n\nTekst met noot<sup>1</sup>.\n\n<sup>1</sup> Zie *bron*.\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.text == "Kop\n\nTekst met noot."
    assert doc.footnote(1).text == "Zie bron."
    assert doc.markers[0].offset == len("Kop\n\nTekst met noot")
