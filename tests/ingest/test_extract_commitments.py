"""Commitments (toezeggingen): given or made, who, when given, deadline, status."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.extract import extract
from ingest.load import load_document
from ingest.manifest import load_manifest

pytestmark = pytest.mark.unit


def commitments(tmp_path: Path, body: str, date: str = "2022-05-10"):
    """Extract the commitments of ``body`` as a text letter dated ``date`` (via a manifest)."""
    path = tmp_path / "901_test.txt"
    path.write_text(body, encoding="utf-8")
    (tmp_path / "manifest.json").write_text(
        '{"901_test.txt": {"date": "%s", "sender": "minister van Sociale Zaken en Werkgelegenheid"}}' % date,
        encoding="utf-8")
    doc = load_document(path, load_manifest(tmp_path))
    return list(extract(doc, chunk_document(doc)).commitments)


def test_promise_to_inform_is_open_with_deadline(tmp_path):
    [c] = commitments(tmp_path, "Voor het einde van het jaar zal ik uw Kamer informeren over de pilots.\n")
    assert (c.kind, c.status, c.deadline, c.given_on) == ("made", "openstaand", "2022-12-31", "2022-05-10")
    assert c.who == "minister van Sociale Zaken en Werkgelegenheid"


def test_given_in_a_debate_and_fulfilled_here(tmp_path):
    [c] = commitments(tmp_path, "Zoals toegezegd in het commissiedebat op 3 maart jl. stuur ik u in deze brief\n"
                                "de resultaten van het onderzoek.\n")
    assert (c.kind, c.status) == ("given", "afgedaan")
    assert c.given_at == "het commissiedebat op 3 maart jl." and c.given_on == "2022-03-03"


def test_voldaan_counts_as_afgedaan_and_deels(tmp_path):
    found = commitments(tmp_path, "Aan de toezegging uit het debat van 2 februari is hiermee voldaan.\n\n"
                                  "De toezegging over de monitor is deels afgedaan.\n")
    assert [c.status for c in found] == ["afgedaan", "deels_afgedaan"]


def test_follow_up_sentences_join_the_commitment(tmp_path):
    [c] = commitments(tmp_path, "Mijn ambtsvoorganger heeft u op 12 februari 2021 toegezegd een campagne te\n"
                                "voeren. Ik heb deze toezegging herhaald. De toegezegde campagne heeft\n"
                                "plaatsgevonden in december 2021.\n")
    assert c.status == "afgedaan"
    assert c.citation.quote.endswith("heeft plaatsgevonden in december 2021.")
    assert c.who.startswith("ambtsvoorganger")


def test_topic_phrase_is_not_a_commitment(tmp_path):
    assert commitments(tmp_path, "In deze brief informeer ik uw Kamer over diverse moties en toezeggingen.\n") == []


def test_one_sentence_two_commitments_settled_together(tmp_path):
    found = commitments(tmp_path, "Tevens geef ik invulling aan de toezegging tijdens het debat op 1 maart jl. over\n"
                                  "scholing en de toezegging over een adviesaanvraag in de brief van 4 april 2021.\n"
                                  "Ik beschouw de moties en toezeggingen hiermee als afgedaan.\n")
    assert [(c.given_on, c.status) for c in found] == [("2022-03-01", "afgedaan"), ("2021-04-04", "afgedaan")]
    assert len({c.id for c in found}) == 2


# --- the corpus ---

def corpus_commitments(docs, key):
    doc = docs[key]
    return list(extract(doc, chunk_document(doc)).commitments)


def test_000_two_open_commitments_due_end_of_2021(docs):
    found = corpus_commitments(docs, "000")
    assert [(c.kind, c.status, c.deadline) for c in found] == [("made", "openstaand", "2021-12-31")] * 2
    assert found[0].who == "minister van SZW"


def test_001_commitments_with_when_given(docs):
    found = corpus_commitments(docs, "001")
    assert [(c.given_on, c.status) for c in found] == [
        ("2021-02-03", "afgedaan"), ("2021-01-28", "afgedaan"), ("2020-11-16", "openstaand")]
    assert found[1].given_at == "het coronadebat op 28 januari 2021"


def test_002_wet_flexibel_werken_commitment_fulfilled(docs):
    [c] = corpus_commitments(docs, "002")
    assert (c.given_on, c.status) == ("2021-02-12", "afgedaan")
    assert "publiekscampagne heeft plaatsgevonden" in c.citation.quote


def test_commitment_ids_are_stable(docs):
    assert [c.id for c in corpus_commitments(docs, "004")] == [c.id for c in corpus_commitments(docs, "004")]
