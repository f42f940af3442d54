"""`kamerzoek document`: its JSON is the API's ``DocumentOut`` (``GET /documents/{source}``).

On corpus letters, and on the real motion kst-32545-143 (tests/data/real) ingested
alone, without its metadata.xml: what both return is read from the PDF itself.
"""
from __future__ import annotations

import json
import shutil

import pytest
from fastapi.testclient import TestClient

from api.cli import main
from api.main import create_app
from index.pipeline import ingest_paths
from tests.api.cli.conftest import run_cli
from tests.conftest import ROOT, make_settings

DOCUMENTS = ["000_f9fde6f7b868fb2e.txt", "002_017fb9ede22c3067.txt"]  # letters with footnotes
REAL = ROOT / "tests" / "data" / "real"
MOTION = "kst-32545-143.pdf"
DOC_A = "000_f9fde6f7b868fb2e.txt"
DOC_B = "001_0fad4857e130a749.txt"
DOC_D = "004_66ea02ed325e333a.txt"


@pytest.fixture(scope="module")
def motion_settings(tmp_path_factory):
    """A data dir holding the real motion PDF alone."""
    root = tmp_path_factory.mktemp("published")
    (root / "in").mkdir()
    shutil.copy(REAL / MOTION, root / "in" / MOTION)
    settings = make_settings(root / "data")
    report = ingest_paths([root / "in"], settings, progress=False)
    assert report.ok, [r.message for r in report.failures]
    return settings


@pytest.mark.integration
@pytest.mark.parametrize("source", DOCUMENTS)
def test_document_json_is_exactly_the_http_document(client, cli_settings, capsys, source):
    code, out, _ = run_cli(capsys, "document", source, "--json", "--data-dir", str(cli_settings.data_dir))
    http = client.get(f"/documents/{source}")
    assert code == 0 and http.status_code == 200
    cli_json = json.loads(out)
    assert cli_json["footnotes"] and cli_json["passages"]
    assert cli_json == http.json()


@pytest.mark.integration
def test_a_motion_pdf_carries_its_own_metadata(motion_settings, capsys):
    settings = motion_settings
    assert main(["document", MOTION, "--json", "--data-dir", str(settings.data_dir)]) == 0
    cli = json.loads(capsys.readouterr().out)
    with TestClient(create_app(settings, hold_lock=False)) as client:
        http = client.get(f"/documents/{MOTION}").json()
        listed = client.get("/documents").json()["data"]
    assert cli == http
    assert (http["doc_type"], http["date"], http["kamerstuk"]) == ("Motie", "2021-07-06", "32545-143")
    assert http["submitters"] == ["Inge van Dijk", "Grinwis"]
    assert http["dossier_title"] == "Wet- en regelgeving financiële markten"
    assert http["status"] == "ok" and http["error"] == "" and len(http["content_hash"]) == 64
    assert http["ocr_pages"] == []  # a text layer: nothing read by OCR
    summary = next(d for d in listed if d["source"] == MOTION)
    assert summary["submitters"] == http["submitters"] and "text" not in summary


@pytest.mark.integration
def test_document_json_lists_footnote_references_and_chunks(indexed_settings, capsys):
    assert main(["document", DOC_A, "--json", "--data-dir", str(indexed_settings.data_dir)]) == 0
    data = json.loads(capsys.readouterr().out)  # GET /documents/{source}'s DocumentOut
    assert data["source"] == DOC_A and data["date"] == "2021-09-24"
    assert "Kamerstukken 25 295" not in data["text"]  # footnote text stays out of the body
    references = {ref for note in data["footnotes"] for ref in note["references"]}
    assert {"25295-1025", "25295-1172"} <= references
    assert data["linked_sources"]["25295-1025"] == DOC_B and data["linked_sources"]["25295-1172"] == DOC_D
    chunk_notes = [n for chunk in data["passages"] for n in chunk["footnotes"]]
    assert {n["number"] for n in chunk_notes} <= {n["number"] for n in data["footnotes"]}
    assert all(set(c) >= {"chunk_id", "text", "page_start", "page_end", "heading", "footnotes"}
               for c in data["passages"])
    body = " ".join(data["text"].split())
    assert all(" ".join(c["text"].split()) in body for c in data["passages"])


@pytest.mark.integration
def test_document_summary_links_footnote_references_to_corpus_documents(indexed_settings, capsys):
    assert main(["document", DOC_A, "--data-dir", str(indexed_settings.data_dir)]) == 0
    out = capsys.readouterr().out
    assert f"25295-1025 → {DOC_B}" in out and f"25295-1172 → {DOC_D}" in out


@pytest.mark.integration
def test_document_unknown_source_is_one_line_exit_2(indexed_settings, capsys):
    assert main(["document", "nope.txt", "--data-dir", str(indexed_settings.data_dir)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "unknown source 'nope.txt'" in err and DOC_A in err


@pytest.mark.integration
def test_document_readable_summary(indexed_settings, capsys):
    assert main(["document", DOC_B, "--data-dir", str(indexed_settings.data_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(DOC_B) and "kamerstuk: 25295-1025" in out and "chunks:" in out
