"""Dutch BM25 on the real corpus passages: stemming, stop words, compounds, persistence, filters."""
from __future__ import annotations

import json

import pytest

from index.errors import DamagedStoreError, IndexNotBuiltError
from index.lexical import CHECKSUMS_FILE, FORMAT_VERSION, PARAMS_FILE, WORDS_FILE, LexicalIndex, SavedState
from index.sums import file_sum
from ingest.chunking import chunk_document
from ingest.dutch import split_compound
from ingest.load import discover, load_document
from ingest.manifest import load_manifest

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def passages(corpus_dir):
    manifest = load_manifest(corpus_dir)
    return [p for f in discover([corpus_dir]) for p in chunk_document(load_document(f, manifest))]


@pytest.fixture(scope="module")
def index(passages):
    return LexicalIndex().build([p.chunk_id for p in passages], [p.text for p in passages])


def _text(passages, chunk_id):
    return next(p.text for p in passages if p.chunk_id == chunk_id)


def test_thuiswerkers_finds_thuiswerken(index, passages):
    only_verb = [p for p in passages if "thuiswerken" in p.text.lower() and "thuiswerker" not in p.text.lower()]
    assert only_verb
    found = {cid for cid, _ in index.search("thuiswerkers", k=len(passages))}
    assert any(p.chunk_id in found for p in only_verb)


def test_inflected_forms_share_a_stem(index, passages):
    assert index.query_terms("richtlijnen") == index.query_terms("richtlijn") == ["richtlijn"]
    words_only = LexicalIndex(ngram_weight=0).build(index.chunk_ids, [p.text for p in passages])
    assert words_only.search("richtlijnen", k=3) == words_only.search("richtlijn", k=3)


def test_stop_words_alone_find_nothing(index):
    assert index.search("de het een van en", k=5) == []
    with_stop = index.search("de Inspectie SZW", k=5)
    assert with_stop == index.search("Inspectie SZW", k=5)


def test_results_best_first_with_positive_scores(index, passages):
    hits = index.search("Inspectie SZW onderzoekswaardige melding", k=5)
    assert 0 < len(hits) <= 5
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    assert "melding" in _text(passages, hits[0][0]).lower()


def test_compound_split_against_the_corpus_vocabulary():
    vocabulary = {"thuiswerk", "kosten", "vergoeding", "beeldscherm", "werk"}
    assert split_compound("thuiswerkkostenvergoeding", vocabulary) == ["thuiswerk", "kosten", "vergoeding"]
    assert split_compound("beeldschermwerk", vocabulary) == ["beeldscherm", "werk"]
    assert split_compound("onbekendwoord", vocabulary) == []


def test_unseen_compound_query_searches_its_parts(index, passages):
    word = "beeldschermrichtlijn"  # not in the corpus; "beeldscherm" and "richtlijn" are
    assert not any(word in p.text.lower() for p in passages)
    assert set(index.query_terms(word)) >= {"beeldscherm", "richtlijn"}
    hits = index.search(word, k=3)
    assert hits and all(any(part in _text(passages, cid).lower() for part in ("beeldscherm", "richtlijn"))
                        for cid, _ in hits)
    assert LexicalIndex(decompound=False).build(index.chunk_ids, [p.text for p in passages]).query_terms(word) == []


def test_filter_restricts_and_does_not_starve(index, passages):
    source = passages[-1].source
    allowed = {p.chunk_id for p in passages if p.source == source}
    hits = index.search("thuiswerken", k=5, ids_filter=allowed)
    assert hits and {cid for cid, _ in hits} <= allowed
    assert len(hits) == min(5, len([p for p in passages if p.source == source
                                    and "thuiswerk" in p.text.lower()]))
    assert index.search("thuiswerken", k=5, ids_filter=set()) == []


def test_save_load_round_trip(index, tmp_path):
    index.save(tmp_path / "bm25", generation=7)
    loaded = LexicalIndex.load(tmp_path / "bm25")
    assert loaded.generation == 7
    assert loaded.chunk_ids == index.chunk_ids
    query = "Herziening van de Europese richtlijn voor beeldschermwerk"
    assert loaded.search(query, k=10) == index.search(query, k=10)


def test_load_refuses_a_count_mismatch(index, tmp_path):
    index.save(tmp_path / "bm25", generation=1)
    params = json.loads((tmp_path / "bm25" / PARAMS_FILE).read_text())
    params["count"] += 1
    (tmp_path / "bm25" / PARAMS_FILE).write_text(json.dumps(params))
    with pytest.raises(DamagedStoreError, match="params.kamerzoek.json does not match its checksum"):
        LexicalIndex.load(tmp_path / "bm25")  # the edit is caught by the checksums first
    sums = json.loads((tmp_path / "bm25" / CHECKSUMS_FILE).read_text())
    sums[PARAMS_FILE] = list(file_sum(tmp_path / "bm25" / PARAMS_FILE))
    (tmp_path / "bm25" / CHECKSUMS_FILE).write_text(json.dumps(sums))
    with pytest.raises(IndexNotBuiltError, match="inconsistent"):
        LexicalIndex.load(tmp_path / "bm25")


@pytest.mark.parametrize("damage", ["truncate", "overwrite", "delete"])
def test_load_refuses_a_damaged_file(index, tmp_path, damage):
    index.save(tmp_path / "bm25", generation=1)
    target = tmp_path / "bm25" / "data.csc.index.npy"
    raw = target.read_bytes()
    if damage == "truncate":
        target.write_bytes(raw[: len(raw) // 2])
    elif damage == "overwrite":  # same size, bytes changed in place: only a checksum sees it
        target.write_bytes(raw[:200] + bytes(255 - b for b in raw[200:400]) + raw[400:])
    else:
        target.unlink()
    with pytest.raises(DamagedStoreError, match="data.csc.index.npy .*kamerzoek check --repair"):
        LexicalIndex.load(tmp_path / "bm25")


def test_load_of_missing_index_says_to_ingest(tmp_path):
    with pytest.raises(IndexNotBuiltError, match="kamerzoek ingest"):
        LexicalIndex.load(tmp_path / "nothing")


def test_build_refuses_duplicate_ids():
    with pytest.raises(ValueError, match="duplicate"):
        LexicalIndex().build(["a", "a"], ["een tekst", "nog een"])


def test_publish_swaps_the_link_and_leaves_one_saved_directory(index, tmp_path):
    link = tmp_path / "bm25"
    assert LexicalIndex.published_generation(link) is None and LexicalIndex.saved_state(link) is None
    index.publish(link, generation=3)
    first = link.resolve()
    index.publish(link, generation=4)
    assert link.is_symlink() and link.resolve() != first and not first.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".bm25-")] == [link.resolve().name]
    assert LexicalIndex.published_generation(link) == 4
    assert LexicalIndex.saved_state(link) == SavedState(FORMAT_VERSION, 4, len(index))
    assert LexicalIndex.load(link).search("thuiswerken", k=5) == index.search("thuiswerken", k=5)
    LexicalIndex.remove(link)
    assert not link.exists() and not link.is_symlink() and not list(tmp_path.iterdir())


def test_the_params_file_stays_small_and_the_vocabulary_has_its_own(index, tmp_path):
    """A writer reads the params to learn the generation on disk: they must not grow with the corpus."""
    index.save(tmp_path / "bm25", generation=1)
    assert (tmp_path / "bm25" / PARAMS_FILE).stat().st_size < 300
    assert len(json.loads((tmp_path / "bm25" / WORDS_FILE).read_text())) > 100


def test_an_index_saved_in_format_1_is_still_read(index, tmp_path):
    """Format 1 kept the compound vocabulary inside the params file."""
    directory = tmp_path / "bm25"
    index.save(directory, generation=2)
    params = json.loads((directory / PARAMS_FILE).read_text())
    params.update(format=1, words=json.loads((directory / WORDS_FILE).read_text()))
    (directory / WORDS_FILE).unlink()
    (directory / PARAMS_FILE).write_text(json.dumps(params))
    sums = json.loads((directory / CHECKSUMS_FILE).read_text())
    del sums[WORDS_FILE]
    sums[PARAMS_FILE] = list(file_sum(directory / PARAMS_FILE))
    (directory / CHECKSUMS_FILE).write_text(json.dumps(sums))
    older = LexicalIndex.load(directory)
    query = "beeldschermrichtlijn"  # not in the corpus: found through the compound vocabulary only
    assert older.query_terms(query) == index.query_terms(query) and len(index.query_terms(query)) > 1
    assert LexicalIndex.saved_state(directory).format == 1  # a writer rebuilds it in the current format
