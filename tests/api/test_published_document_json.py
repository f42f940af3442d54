"""A published PDF as the API and the CLI show it: the document's own metadata, in one model.

The real motion kst-32545-143 (tests/data/real) ingested alone, without its
metadata.xml: what ``GET /documents/{source}`` and ``kamerzoek document --json``
return is read from the PDF itself, and both print the same ``DocumentOut``.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.cli import main
from api.main import create_app
from index.pipeline import ingest_paths
from tests.conftest import make_settings

pytestmark = pytest.mark.integration

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
MOTION = "kst-32545-143.pdf"


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    root = tmp_path_factory.mktemp("published")
    (root / "in").mkdir()
    shutil.copy(REAL / MOTION, root / "in" / MOTION)
    settings = make_settings(root / "data")
    report = ingest_paths([root / "in"], settings, progress=False)
    assert report.ok, [r.message for r in report.failures]
    return settings


def test_a_motion_pdf_carries_its_own_metadata(settings, capsys):
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
