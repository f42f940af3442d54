"""Motion mentions: ids from footnotes and inline references, submitters, subjects, statuses.

Small letters written for the case (parsed by the real loader) check each rule;
the corpus tests check the motions of the five letters as read by hand.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.extract import extract
from ingest.extract.motions import sentence_status, submitter_key, submitter_names
from ingest.load import load_document

pytestmark = pytest.mark.unit


def letter(tmp_path: Path, body: str, name: str = "900_test.txt"):
    """Parse ``body`` as a corpus-style text letter and extract from it."""
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    doc = load_document(path)
    return doc, extract(doc, chunk_document(doc))


def named(extraction):
    return [m for m in extraction.motion_mentions if not m.via_ref]


def test_id_from_footnote_after_the_phrase(tmp_path):
    _, ex = letter(tmp_path, "Het kabinet heeft € 3 miljoen vrijgemaakt conform de motie van de leden\n"
                             "Omtzigt en Leijten1 over de hersteloperatie.\n\n"
                             "1 Kamerstuk 35 510, nr. 7.\n")
    [m] = named(ex)
    assert (m.motion_id, m.dossier, m.number) == ("35510-7", "35510", "7")
    assert m.submitters == ("Omtzigt", "Leijten")
    assert m.subject == "de hersteloperatie"
    assert m.status == "in_uitvoering"
    assert m.citation.quote.startswith("Het kabinet heeft € 3 miljoen vrijgemaakt")


def test_id_from_inline_reference_and_cosigned(tmp_path):
    _, ex = letter(tmp_path, "De motie van het lid Omtzigt c.s. (Kamerstuk 35 300, nr. 12) over de bijstand\n"
                             "noem ik hier alleen.\n")
    [m] = named(ex)
    assert m.motion_id == "35300-12"
    assert m.submitters == ("Omtzigt",) and m.cosigned
    assert m.subject.startswith("de bijstand")
    assert m.status == "genoemd"


def test_phrase_without_reference_takes_the_id_of_the_same_members(tmp_path):
    _, ex = letter(tmp_path, "Ik betrek de motie van de leden Omtzigt en Leijten1 bij de evaluatie.\n\n"
                             "Hiermee geef ik invulling aan de motie van de leden Omtzigt en Leijten.\n\n"
                             "1 Kamerstuk 35 510, nr. 7.\n")
    statuses = [(m.motion_id, m.status) for m in named(ex)]
    assert statuses == [("35510-7", "betrokken"), ("35510-7", "afgedaan")]


def test_same_members_different_references_are_different_motions(tmp_path):
    _, ex = letter(tmp_path, "Ik betrek de motie van de leden Jansen en De Vries1 over wonen en de motie van\n"
                             "de leden Jansen en De Vries2 over zorg bij de adviesaanvraag.\n\n"
                             "1 Kamerstuk 35 000 XV, nr. 4.\n2 Kamerstuk 35 000 XV, nr. 9.\n")
    assert [(m.motion_id, m.subject) for m in named(ex)] == [("35000-XV-4", "wonen"), ("35000-XV-9", "zorg")]


def test_motie_dash_name_and_anaphor_settles_it(tmp_path):
    _, ex = letter(tmp_path, "De motie-Van Dijk1 vraagt om een onderzoek. Dat onderzoek is gedaan.\n"
                             "Ik beschouw deze motie hiermee als afgedaan.\n\n"
                             "1 Kamerstuk 36 100, nr. 21.\n")
    [m] = named(ex)
    assert m.motion_id == "36100-21" and m.submitters == ("Van Dijk",)
    assert m.status == "afgedaan"
    assert "als afgedaan" in m.citation.quote  # the settling sentence joins the quote


def test_a_letter_reference_is_not_a_motion(tmp_path):
    _, ex = letter(tmp_path, "Zoals gemeld in mijn brief van 3 februari jl.1 werken we aan criteria.\n\n"
                             "1 Kamerstukken 25 295 en 25 883, nr. 983.\n")
    assert named(ex) == []
    assert [m.motion_id for m in ex.motion_mentions if m.via_ref] == ["25295-983"]


def test_motion_without_any_reference_is_left_out(tmp_path):
    _, ex = letter(tmp_path, "De motie van het lid Pietersen vraagt veel.\n")
    assert named(ex) == []


@pytest.mark.parametrize("text,status", [
    ("Ik beschouw deze motie hiermee als afgedaan.", "afgedaan"),
    ("Hiermee is invulling gegeven aan de gewijzigde motie.", "afgedaan"),
    ("Bij de verdere invulling van de motie let ik hierop.", "in_uitvoering"),
    ("Het kabinet heeft € 5 miljoen vrijgemaakt.", "in_uitvoering"),
    ("Ik betrek de motie bij de adviesaanvraag aan de SER.", "betrokken"),
    ("Ten slotte geef ik aan hoe ik de motie afdoe.", "genoemd"),
])
def test_status_cues(text, status):
    assert sentence_status(text) == status


def test_submitter_names_and_key():
    names, cosigned = submitter_names("Van Weyenberg (D66) en Smeulders (GroenLinks)")
    assert names == ("Van Weyenberg", "Smeulders") and not cosigned
    assert submitter_key(submitter_names("Van Nijkerken – De Haan en Tielen")[0]) == \
        submitter_key(submitter_names("Nijkerken-De Haan en Tielen")[0])


# --- the corpus, as read by hand ---

def corpus_mentions(docs, key):
    doc = docs[key]
    return [m for m in extract(doc, chunk_document(doc)).motion_mentions if not m.via_ref]


def test_001_marijnissen_from_footnote_after_the_date(docs):
    """"de motie van het lid Marijnissen c.s. d.d. 26 januari jl.⁵": the marker follows the date."""
    mentions = [m for m in corpus_mentions(docs, "001") if "Marijnissen" in m.submitters]
    assert {m.motion_id for m in mentions} == {"25295-926"}
    assert all(m.cosigned for m in mentions)
    assert mentions[-1].status == "afgedaan"
    assert "als afgedaan" in mentions[-1].citation.quote


def test_001_two_van_weyenberg_smeulders_motions(docs):
    ids = {m.motion_id for m in corpus_mentions(docs, "001") if m.submitters == ("Van Weyenberg", "Smeulders")}
    assert ids == {"35669-36", "35570-XV-54"}


def test_004_unreferenced_mention_resolves_to_the_preceding_motion(docs):
    """004 names Van Weyenberg/Smeulders without a footnote between two referenced mentions
    (35669-36 before, 35570-XV-54 after): it is the one before."""
    [m] = [m for m in corpus_mentions(docs, "004") if m.citation.quote.startswith("Uw Kamer heeft met de motie")]
    assert m.motion_id == "35669-36"


def test_002_kroeger_settled_by_anaphor_in_a_later_paragraph(docs):
    kroeger = [m for m in corpus_mentions(docs, "002") if m.motion_id == "35714-17"]
    assert kroeger[-1].status == "afgedaan"
    assert kroeger[-1].citation.quote == "Hiermee beschouwt het kabinet de motie als afgedaan."
    assert kroeger[-1].citation.page_start == 10


def test_003_has_no_motions(docs):
    assert corpus_mentions(docs, "003") == []


def test_every_mention_is_cited(docs):
    for key in docs:
        doc = docs[key]
        passages = {p.chunk_id: p for p in chunk_document(doc)}
        for m in extract(doc, list(passages.values())).motion_mentions:
            c = m.citation
            assert c.source == doc.source and c.date == doc.metadata.date
            assert c.chunk_id in passages
            assert c.quote and c.page_start >= 1


def test_letter_without_items_gives_an_empty_extraction(tmp_path):
    doc, ex = letter(tmp_path, "Met vriendelijke groet,\n\nDe Minister\n")
    assert ex.motion_mentions == ex.commitments == ex.measures == ()
    assert doc.source == "900_test.txt"


def test_marker_whose_footnote_has_no_reference(tmp_path):
    _, ex = letter(tmp_path, "Ik betrek de motie van het lid Bos1 bij de evaluatie.\n\n"
                             "1 Zie de website van de Tweede Kamer.\n")
    assert ex.motion_mentions == ()  # no Kamerstuk id anywhere: not registered


@pytest.mark.slow
@pytest.mark.parametrize("key", ["001", "002", "004"])
def test_same_motions_from_the_letter_as_pdf(docs, pdf_renderer, tmp_path, key):
    """The letter typeset as a PDF (superscript markers) yields the same motions and statuses."""
    from dataclasses import replace

    doc = docs[key]
    pdf = replace(load_document(pdf_renderer(doc, tmp_path / f"{key}.pdf")), metadata=doc.metadata)

    def summary(d):
        return sorted({(m.motion_id, m.status) for m in extract(d, chunk_document(d)).motion_mentions
                       if not m.via_ref})

    assert summary(pdf) == summary(doc)
