"""Motions as documents: a motion's own text opens its registry timeline; later letters follow.

Real motions (tests/data/real/) parsed, chunked and extracted, stored in a real catalog
(SQLite) the way the ingest pipeline stores them; the registry is read back.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index import registry
from index.catalog import Catalog
from ingest.chunking import chunk_document
from ingest.extract import extract
from ingest.load import load_document

pytestmark = pytest.mark.integration

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
CHAKOR = "c11191ce-2336-4b7a-ac21-330edb5a03fa.xml"
LETTER = """Den Haag, 20 maart 2025

Geachte voorzitter,

Met deze brief informeer ik u over de spreiding van rijkswerkgelegenheid. Hiermee geef ik invulling
aan de motie van het lid Chakor1 over rijksontmoetingspleinen buiten de Randstad.

1 Kamerstuk 31 490, nr. 353.
"""


def _store(catalog: Catalog, path: Path) -> None:
    doc = load_document(path)
    passages = chunk_document(doc)
    catalog.replace_document(doc, passages, extract(doc, passages), path=path)


def test_motion_document_is_the_first_entry_of_its_timeline(tmp_path):
    shutil.copy(REAL / CHAKOR, tmp_path / CHAKOR)
    (tmp_path / "brief.txt").write_text(LETTER, encoding="utf-8")
    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        _store(catalog, tmp_path / CHAKOR)
        alone = catalog.registry.motion("31 490, nr. 353")
        assert (alone.status, alone.first_date, alone.submitters) == ("ingediend", "2024-12-05", ["Chakor"])
        assert alone.subject == "de extra rijksontmoetingspleinen te creëren buiten de Randstad"
        assert alone.mentions[0].quote.startswith("verzoekt de regering de extra rijksontmoetingspleinen")

        _store(catalog, tmp_path / "brief.txt")
        motion = catalog.registry.motion("31490-353")
    assert [(m.source, m.date, m.status) for m in motion.mentions] == [
        (CHAKOR, "2024-12-05", "ingediend"), ("brief.txt", "2025-03-20", "afgedaan")]
    assert (motion.status, motion.first_date, motion.last_date) == ("afgedaan", "2024-12-05", "2025-03-20")
    assert motion.submitters == ["Chakor"] and not motion.cosigned


def test_motion_pdf_and_status_filter(tmp_path):
    shutil.copy(REAL / "kst-32545-143.pdf", tmp_path / "kst-32545-143.pdf")
    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        _store(catalog, tmp_path / "kst-32545-143.pdf")
        found = catalog.registry.motions(status="ingediend")
    assert [(m.id, m.submitters, m.first_date) for m in found] == [
        ("32545-143", ["Inge van Dijk", "Grinwis"], "2021-07-06")]
    assert found[0].mentions[0].quote.startswith("verzoekt de regering, om een grensspaarsaldo te definiëren")


def test_a_letter_is_no_motion_document():
    doc = load_document(REAL / "1b62ee8d-e406-4042-b7f5-7e235f7bd1c0.pdf")  # answers that mention a motion
    passages = chunk_document(doc)
    assert not any(m.status == "ingediend" for m in extract(doc, passages).motion_mentions)
