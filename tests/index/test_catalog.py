"""The catalog on small hand-made documents: replace, failure, delete, filters, links."""
from __future__ import annotations

import threading

import pytest

from index.catalog import Catalog, refers_to
from index.errors import IndexNotBuiltError, UnknownChunkError, UnknownSourceError
from index.models import SearchFilters
from ingest.models import Document, DocumentMetadata, Footnote, KamerstukRef, Page, Passage

pytestmark = pytest.mark.unit

REF_1025 = KamerstukRef(dossier="25 295", number="1025", also=("25 883",))


def make_document(source: str, texts: list[str], *, date: str = "2021-02-24",
                  kamerstuk: KamerstukRef | None = None,
                  footnotes: tuple[Footnote, ...] = ()) -> tuple[Document, list[Passage]]:
    """A tiny document whose passages are the given texts, one per page."""
    text = "\n\n".join(texts)
    passages, offset = [], 0
    for i, chunk in enumerate(texts):
        notes = tuple(f for f in footnotes if f.page == i + 1)
        passages.append(Passage(chunk_id=f"{source}#{i}-{hash(chunk) & 0xffff:x}", source=source,
                                ordinal=i, text=chunk, start=offset, end=offset + len(chunk),
                                page_start=i + 1, page_end=i + 1, heading="Inleiding",
                                footnotes=notes))
        offset += len(chunk) + 2
    doc = Document(source=source, kind="text",
                   metadata=DocumentMetadata(title=f"Brief {source}", date=date, kamerstuk=kamerstuk),
                   text=text, pages=tuple(Page(i + 1, 0, 0) for i in range(len(texts))),
                   paragraphs=(), headings=(), footnotes=footnotes, markers=(), content_hash="h-" + text)
    return doc, passages


@pytest.fixture
def catalog(tmp_path):
    with Catalog(tmp_path / "catalog.sqlite3") as cat:
        yield cat


def test_replace_document_round_trips_passages_and_footnotes(catalog):
    note = Footnote(1, "Kamerstukken 25 295 en 25 883, nr. 1025", 2, (REF_1025,))
    doc, passages = make_document("a.txt", ["Eerste alinea.", "Tweede alinea met noot."],
                                  footnotes=(note,))
    catalog.replace_document(doc, passages, None)
    stored = catalog.document("a.txt")
    assert stored.status == "ok" and stored.passage_count == 2
    assert stored.metadata == doc.metadata and stored.footnotes == (note,)
    assert catalog.passages("a.txt") == passages
    assert catalog.passage(passages[1].chunk_id).footnotes == (note,)
    assert catalog.chunk_ids() == {p.chunk_id for p in passages}


def test_changed_document_leaves_no_stale_passage(catalog):
    doc, old = make_document("a.txt", ["Oud één.", "Oud twee.", "Oud drie."])
    catalog.replace_document(doc, old, None)
    doc, new = make_document("a.txt", ["Nieuw één."])
    before = catalog.generation()
    catalog.replace_document(doc, new, None)
    assert catalog.chunk_ids() == {new[0].chunk_id}
    assert catalog.generation() > before
    with pytest.raises(UnknownChunkError):
        catalog.passage(old[0].chunk_id)


def test_failed_replace_rolls_back_whole_document(catalog):
    doc, passages = make_document("a.txt", ["Een.", "Twee."])
    catalog.replace_document(doc, passages, None)
    broken = passages + [passages[0]]  # duplicate chunk id: the insert fails half-way
    with pytest.raises(Exception):
        catalog.replace_document(doc, broken, None)
    assert catalog.passages("a.txt") == passages


def test_record_failure_and_delete(catalog):
    doc, passages = make_document("a.txt", ["Een."])
    catalog.replace_document(doc, passages, None)
    catalog.record_failure("a.txt", "a.txt: empty file", content_hash="x")
    failed = catalog.document("a.txt")
    assert (failed.status, failed.error, failed.passage_count) == ("failed", "a.txt: empty file", 0)
    assert catalog.content_hash("a.txt") == "x"
    generation = catalog.generation()
    catalog.record_failure("a.txt", "a.txt: empty file", content_hash="x")  # the same failure again
    assert catalog.generation() == generation
    catalog.delete_document("a.txt")
    with pytest.raises(UnknownSourceError, match="unknown source 'a.txt'"):
        catalog.document("a.txt")
    assert catalog.content_hash("a.txt") is None


def test_neighbours_are_the_surrounding_passages(catalog):
    doc, passages = make_document("a.txt", [f"Alinea {i}." for i in range(5)])
    catalog.replace_document(doc, passages, None)
    assert catalog.neighbours(passages[2].chunk_id) == [passages[1], passages[3]]
    assert catalog.neighbours(passages[0].chunk_id, n=2) == passages[1:3]


def test_filters_by_source_date_and_any_dossier(catalog):
    a, pa = make_document("a.txt", ["A."], date="2021-02-24", kamerstuk=REF_1025)
    b, pb = make_document("b.txt", ["B."], date="2024-03-28",
                          kamerstuk=KamerstukRef(dossier="25 883", number="484"))
    c, pc = make_document("c.txt", ["C."], date="", kamerstuk=None)
    for doc, passages in ((a, pa), (b, pb), (c, pc)):
        catalog.replace_document(doc, passages, None)
    ids = {name: {p.chunk_id for p in ps} for name, ps in (("a", pa), ("b", pb), ("c", pc))}
    assert catalog.chunk_ids_matching(SearchFilters()) is None
    assert catalog.chunk_ids_matching(SearchFilters(source="b.txt")) == ids["b"]
    assert catalog.chunk_ids_matching(SearchFilters(date_from="2022-01-01")) == ids["b"]
    assert catalog.chunk_ids_matching(SearchFilters(date_to="2021-12-31")) == ids["a"]
    # a joint Kamerstuk matches under each of its dossiers
    assert catalog.chunk_ids_matching(SearchFilters(dossier="25 883")) == ids["a"] | ids["b"]
    assert catalog.chunk_ids_matching(SearchFilters(dossier="25295")) == ids["a"]
    assert catalog.chunk_ids_matching(SearchFilters(dossier="99999")) == set()


def test_linked_source_matches_any_dossier_and_number(catalog):
    a, pa = make_document("001.txt", ["A."], kamerstuk=REF_1025)
    catalog.replace_document(a, pa, None)
    assert catalog.linked_source(KamerstukRef(dossier="25 883", number="1025")) == "001.txt"
    assert catalog.linked_source(KamerstukRef(dossier="25 295", number="1025")) == "001.txt"
    assert catalog.linked_source(KamerstukRef(dossier="25 295", number="1172")) is None
    assert not refers_to(KamerstukRef("35 570", "54", sub="XV"),
                         KamerstukRef("35 570", "54", sub="XIV"))


def test_open_existing_refuses_a_missing_catalog(tmp_path):
    with pytest.raises(IndexNotBuiltError, match="run `kamerzoek ingest` first"):
        Catalog.open_existing(tmp_path / "nothing" / "catalog.sqlite3")


def test_catalog_is_usable_from_threads(catalog):
    doc, passages = make_document("a.txt", [f"Alinea {i}." for i in range(20)])
    catalog.replace_document(doc, passages, None)
    errors = []

    def read():
        try:
            for _ in range(50):
                assert len(catalog.passages("a.txt")) == 20
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


@pytest.fixture(scope="module")
def corpus_catalog(tmp_path_factory, corpus_dir):
    """The real corpus parsed and chunked into a catalog (no vector store needed)."""
    from ingest.chunking import chunk_document
    from ingest.load import discover, load_document
    from ingest.manifest import load_manifest

    manifest = load_manifest(corpus_dir)
    catalog = Catalog(tmp_path_factory.mktemp("catalog") / "catalog.sqlite3")
    for path in discover([corpus_dir]):
        document = load_document(path, manifest)
        catalog.replace_document(document, chunk_document(document), None)
    yield catalog
    catalog.close()


@pytest.mark.integration
def test_corpus_round_trips_through_the_catalog(corpus_catalog, corpus_dir):
    from ingest.chunking import chunk_document
    from ingest.load import load_document
    from ingest.manifest import load_manifest

    manifest = load_manifest(corpus_dir)
    for path in sorted(corpus_dir.glob("*.txt")):
        document = load_document(path, manifest)
        stored = corpus_catalog.document(path.name)
        assert stored.text == document.text and stored.metadata == document.metadata
        assert stored.footnotes == document.footnotes
        assert corpus_catalog.passages(path.name) == chunk_document(document)


@pytest.mark.integration
def test_corpus_footnote_references_link_to_corpus_documents(corpus_catalog):
    notes = {f.number: f for f in corpus_catalog.footnotes("000_f9fde6f7b868fb2e.txt")}
    # "Kamerstukken 25 295 en 25 883, nr. 1025." is the letter 001; nr. 1172 is 004
    assert [corpus_catalog.linked_source(r) for r in notes[5].references] == ["001_0fad4857e130a749.txt"]
    assert [corpus_catalog.linked_source(r) for r in notes[6].references] == ["004_66ea02ed325e333a.txt"]


@pytest.mark.integration
def test_corpus_dossier_filter_uses_every_dossier_of_a_joint_kamerstuk(corpus_catalog):
    by_source = {}
    for passage in corpus_catalog.passages():
        by_source.setdefault(passage.source, set()).add(passage.chunk_id)
    in_25295 = corpus_catalog.chunk_ids_matching(SearchFilters(dossier="25 295"))
    in_25883 = corpus_catalog.chunk_ids_matching(SearchFilters(dossier="25883"))
    assert in_25295 == by_source["000_f9fde6f7b868fb2e.txt"] | by_source["001_0fad4857e130a749.txt"] \
        | by_source["004_66ea02ed325e333a.txt"]
    assert in_25883 == in_25295 | by_source["002_017fb9ede22c3067.txt"]
    spring_2021 = corpus_catalog.chunk_ids_matching(SearchFilters(date_from="2021-03-01",
                                                                  date_to="2021-04-30"))
    assert spring_2021 == by_source["003_8bf5640112f1901c.txt"] | by_source["004_66ea02ed325e333a.txt"]


def test_titles_come_without_the_texts(catalog):
    for source, title in (("a.txt", "Brief a.txt"), ("b.txt", "Brief b.txt")):
        catalog.replace_document(*make_document(source, [f"Tekst van {source} over thuiswerken."]))
    catalog.record_failure("kapot.pdf", "not a PDF")
    assert catalog.titles() == {"a.txt": ("Brief a.txt", "2021-02-24"), "b.txt": ("Brief b.txt", "2021-02-24")}


def test_each_thread_reads_through_its_own_connection(catalog):
    doc, passages = make_document("a.txt", [f"Passage {i} over hybride werken." for i in range(20)])
    catalog.replace_document(doc, passages)
    expected = catalog.passages_by_ids(p.chunk_id for p in passages)
    seen, errors = [], []

    def read() -> None:
        try:
            for _ in range(30):
                assert catalog.passages_by_ids(p.chunk_id for p in passages) == expected
                assert catalog.generation() == 1
            seen.append(catalog.connection)
        except Exception as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=read) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(seen) == 6
    assert len({id(c) for c in seen} | {id(catalog.connection)}) == 7  # six threads, and this one


def test_a_write_in_one_thread_is_seen_by_readers_in_others(catalog):
    catalog.replace_document(*make_document("a.txt", ["Eerste versie van de brief."]))
    before = catalog.generation()
    done = threading.Event()
    threading.Thread(target=lambda: (catalog.replace_document(*make_document("a.txt", ["Tweede versie."])),
                                     done.set())).start()
    assert done.wait(10)
    assert catalog.generation() == before + 1
    assert [p.text for p in catalog.passages("a.txt")] == ["Tweede versie."]
