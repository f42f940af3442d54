"""Passages: sentence/paragraph boundaries, size limit, offsets, headings, footnotes, stable ids."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.chunking import MAX_CHARS, chunk_document
from ingest.load import load_document

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def passages(docs):
    return {key: chunk_document(doc) for key, doc in docs.items()}


def test_size_limit_and_offsets(docs, passages):
    for key, doc in docs.items():
        assert passages[key], key
        for p in passages[key]:
            assert 0 < len(p.text) <= MAX_CHARS
            assert doc.text[p.start:p.end] == p.text
            assert p.source == doc.source
            assert p.page_start == doc.page_at(p.start)
            assert p.page_end == doc.page_at(p.end - 1)
            assert p.page_start <= p.page_end


def test_passages_cover_the_body_in_order(docs, passages):
    for key, doc in docs.items():
        ps = passages[key]
        assert [p.ordinal for p in ps] == list(range(len(ps)))
        assert all(a.end <= b.start for a, b in zip(ps, ps[1:]))
        covered = "".join(p.text for p in ps)
        assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", doc.text)


def test_passages_end_at_sentence_or_paragraph_boundaries(docs, passages):
    for key, doc in docs.items():
        for p in passages[key]:
            following = doc.text[p.end:p.end + 1]
            assert following in ("", "\n", " "), (key, p.text[-40:])
            if following == " ":  # split inside a paragraph: only after a sentence or clause
                assert p.text[-1] in ".?!;:,»)", (key, p.text[-40:])


def test_headings_start_passages_and_are_never_crossed(docs, passages):
    for key, doc in docs.items():
        for heading in doc.headings:
            holder = next(p for p in passages[key] if p.start <= heading.start < p.end)
            # Only stacked headings ("Trends…" directly above "Omvang…") may precede it in its passage.
            before = [q for q in doc.paragraphs if holder.start <= q.start < heading.start]
            assert all(q.is_heading for q in before), (key, heading.text)
            assert heading.text in holder.heading.split(" › ") or holder.text.startswith(heading.text)


def test_heading_paths(passages):
    p = next(p for p in passages["001"] if "Sinds het begin van de coronacrisis" in p.text)
    assert p.heading == "Stand van zaken thuiswerken"
    assert p.text.startswith("Stand van zaken thuiswerken\n\nSinds het begin")
    p = next(p for p in passages["004"] if "Op basis van de derde COVID peiling" in p.text)
    assert p.heading == "Welbevinden van thuiswerkers t/m maart 2021 stabiel › Besmettingen op de werkvloer"
    p = next(p for p in passages["002"] if "Hybride werken heeft een vlucht genomen" in p.text)
    assert p.heading == "Omvang van hybride werken"
    assert passages["001"][0].heading == ""


def test_van_weyenberg_passage_carries_its_footnote(passages):
    p = next(p for p in passages["001"] if "de motie van de leden Van Weyenberg en Smeulders" in p.text)
    note = next(f for f in p.footnotes if f.number == 7)
    assert note.text == "Kamerstuk 35 669, nr. 36."
    assert note.references[0].id == "35669-36"
    assert "€ 5 miljoen vrijgemaakt conform de motie van de leden Van Weyenberg en Smeulders. Nu" in p.text


def test_footnotes_are_those_marked_inside(docs, passages):
    for key, doc in docs.items():
        carried = []
        for p in passages[key]:
            inside = sorted({m.number for m in doc.markers if p.start < m.offset <= p.end})
            assert sorted(f.number for f in p.footnotes) == inside
            carried.extend(inside)
        assert sorted(carried) == [f.number for f in doc.footnotes]


def test_chunk_ids_stable_across_runs(corpus_dir, passages):
    name = "002_017fb9ede22c3067.txt"
    again = chunk_document(load_document(corpus_dir / name))
    assert [p.chunk_id for p in again] == [p.chunk_id for p in passages["002"]]
    ids = [p.chunk_id for ps in passages.values() for p in ps]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)


def test_repeated_text_gets_distinct_ids(tmp_path: Path):
    para = "Dit is een alinea die twee keer voorkomt in dezelfde brief."
    path = tmp_path / "herhaling.txt"
    path.write_text(f"Eerste kop\n\n{para}\n\nTweede kop\n\n{para}\n", encoding="utf-8")
    doc = load_document(path)
    ps = [p for p in chunk_document(doc)]
    assert len(ps) == 2 and ps[0].chunk_id != ps[1].chunk_id
    assert [p.heading for p in ps] == ["Eerste kop", "Tweede kop"]


def test_small_limit_splits_at_sentences(docs):
    ps = chunk_document(docs["004"], max_chars=300)
    assert all(len(p.text) <= 300 for p in ps)
    assert all(docs["004"].text[p.start:p.end] == p.text for p in ps)
