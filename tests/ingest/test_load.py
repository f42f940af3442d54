"""Loading files: dispatch, decoding, discovery, the manifest, and one clear line for bad input."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from ingest.errors import (BinaryFileError, CorruptPdfError, EmptyFileError, EncryptedPdfError,
                           IngestError, ManifestError, UnsupportedFileError)
from ingest.load import SUPPORTED_SUFFIXES, discover, load_document
from ingest.manifest import load_manifest

pytestmark = pytest.mark.unit

LETTER = (
    " Geachte voorzitter, hierbij informeer ik u over het café-overleg met de werkgevers. Het kabinet\n"
    "heeft € 5 miljoen gereserveerd voor geïnformeerde keuzes van werknemers1 over thuiswerken in het\n"
    "café. Zie ook de brief van 3 februari jl.2 over de criteria.\n"
    "\n"
    "1 Kamerstuk 35 669, nr. 36.\n"
    "2 Kamerstukken 25 295 en 25 883, nr. 983.\n"
)


def _assert_one_line(err: IngestError, path: Path, reason: str) -> None:
    message = str(err)
    assert "\n" not in message
    assert message.startswith(f"{path.name}: ")
    assert reason in message


def test_cp1252_text_is_decoded(tmp_path):
    path = tmp_path / "brief_cp1252.txt"
    path.write_bytes(LETTER.encode("cp1252"))
    doc = load_document(path)
    assert "het café-overleg" in doc.text
    assert "€ 5 miljoen gereserveerd voor geïnformeerde keuzes van werknemers over" in doc.text
    assert [f.text for f in doc.footnotes] == ["Kamerstuk 35 669, nr. 36.", "Kamerstukken 25 295 en 25 883, nr. 983."]
    assert doc.kind == "text" and doc.source == "brief_cp1252.txt"


def test_utf8_with_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + LETTER.encode("utf-8"))
    assert load_document(path).text.startswith("Geachte voorzitter")


@pytest.mark.parametrize("content", [b"", b"   \n\n \t\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "leeg.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyFileError) as err:
        load_document(path)
    _assert_one_line(err.value, path, "empty file")


def test_binary_junk(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(BinaryFileError) as err:
        load_document(path)
    _assert_one_line(err.value, path, "not a text file")


def test_binary_junk_without_nul_bytes(tmp_path):
    path = tmp_path / "junk.md"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 100)
    with pytest.raises(BinaryFileError):
        load_document(path)


def test_unsupported_extension(tmp_path):
    path = tmp_path / "brief.docx"
    path.write_bytes(b"PK\x03\x04 not read")
    with pytest.raises(UnsupportedFileError) as err:
        load_document(path)
    _assert_one_line(err.value, path, "unsupported file type")
    assert ".docx" in str(err.value)


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "kapot.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref\n")
    with pytest.raises(CorruptPdfError) as err:
        load_document(path)
    _assert_one_line(err.value, path, "corrupt or unreadable PDF")


def test_not_a_pdf_at_all(tmp_path):
    path = tmp_path / "nep.pdf"
    path.write_text("dit is geen pdf", encoding="utf-8")
    with pytest.raises(CorruptPdfError) as err:
        load_document(path)
    _assert_one_line(err.value, path, "no PDF header")


def test_encrypted_pdf(tmp_path):
    from pypdf import PdfWriter
    from reportlab.pdfgen import canvas

    plain = io.BytesIO()
    c = canvas.Canvas(plain)
    c.drawString(72, 720, "Vertrouwelijke brief over thuiswerken.")
    c.showPage()
    c.save()
    writer = PdfWriter(clone_from=io.BytesIO(plain.getvalue()))
    writer.encrypt(user_password="geheim", owner_password="eigenaar", algorithm="RC4-128")
    path = tmp_path / "versleuteld.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(EncryptedPdfError) as err:
        load_document(path)
    _assert_one_line(err.value, path, "encrypted PDF")


def test_missing_file_is_an_ingest_error(tmp_path):
    with pytest.raises(IngestError) as err:
        load_document(tmp_path / "bestaat-niet.txt")
    assert str(err.value).startswith("bestaat-niet.txt: ")


def test_supported_suffixes():
    assert {".pdf", ".txt", ".md", ".html"} <= set(SUPPORTED_SUFFIXES)


def test_discover(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".verborgen").mkdir()
    for name in ("b.txt", "a.pdf", "notities.docx", "manifest.json", ".hidden.txt", "sub/c.md",
                 ".verborgen/d.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    extra = tmp_path / "sub" / "c.md"
    found = discover([tmp_path, extra])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.pdf", "b.txt", "notities.docx", "sub/c.md"]


def test_discover_corpus(corpus_dir):
    assert [p.name for p in discover([corpus_dir])] == sorted(
        p.name for p in corpus_dir.iterdir() if p.suffix == ".txt")


def test_manifest(corpus_dir, docs):
    manifest = load_manifest(corpus_dir)
    assert len(manifest) == 5
    assert manifest["001_0fad4857e130a749.txt"].kamerstuk.id == "25295-1025"
    assert manifest["003_8bf5640112f1901c.txt"].kamerstuk is None
    assert manifest["003_8bf5640112f1901c.txt"].doc_type == "SER-adviesaanvraag"
    assert docs["002"].metadata.date == "2024-03-28"
    assert docs["000"].metadata.document_number == "2021D35123"


def test_manifest_missing_and_invalid(tmp_path):
    assert load_manifest(tmp_path) == {}
    (tmp_path / "manifest.json").write_text("{niet json", encoding="utf-8")
    with pytest.raises(IngestError) as err:
        load_manifest(tmp_path)
    assert str(err.value).startswith("manifest.json: invalid manifest: ")
    (tmp_path / "manifest.json").write_text(json.dumps({"a.txt": {"kamerstuk": {"dossier": "1"}}}))
    with pytest.raises(ManifestError, match="entry 'a.txt'"):
        load_manifest(tmp_path)


def test_letterhead_fills_what_the_manifest_lacks(corpus_dir, tmp_path):
    path = tmp_path / "kopie.txt"
    path.write_bytes((corpus_dir / "004_66ea02ed325e333a.txt").read_bytes())
    meta = load_document(path).metadata
    assert meta.date == "2021-04-30"
    assert meta.kamerstuk.id == "25295-1172" and meta.kamerstuk.also == ("25 883",)
    assert meta.sender == "minister van Sociale Zaken en Werkgelegenheid"
