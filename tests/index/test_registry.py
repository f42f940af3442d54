"""The registry in the catalog: motions across letters, commitments, measures, replacement.

Built with the real catalog (SQLite) from the real corpus: each letter parsed,
chunked and extracted, then stored with ``Catalog.replace_document`` as the
ingest pipeline does (no embeddings needed for the registry).
"""
from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from api.models import CommitmentOut, MotionOut
from index import registry
from index.catalog import Catalog
from index.errors import InvalidStatusError, UnknownCommitmentError, UnknownMotionError
from index.models import PassageKind, SearchFilters
from ingest.chunking import chunk_document
from ingest.extract import extract
from ingest.load import discover, load_document
from ingest.manifest import load_manifest

pytestmark = pytest.mark.integration

S000, S001, S002, S004 = ("000_f9fde6f7b868fb2e.txt", "001_0fad4857e130a749.txt",
                          "002_017fb9ede22c3067.txt", "004_66ea02ed325e333a.txt")


def store(catalog: Catalog, path: Path, manifest) -> None:
    doc = load_document(path, manifest)
    passages = chunk_document(doc)
    catalog.replace_document(doc, passages, extract(doc, passages), path=path)


def build(catalog_path: Path, corpus: Path) -> Catalog:
    catalog = Catalog(catalog_path)
    manifest = load_manifest(corpus)
    for path in discover([corpus]):
        store(catalog, path, manifest)
    return catalog


@pytest.fixture(scope="module")
def catalog(corpus_dir, tmp_path_factory):
    with build(tmp_path_factory.mktemp("registry") / "catalog.sqlite3", corpus_dir) as cat:
        yield cat


@pytest.fixture
def own_catalog(corpus_dir, tmp_path):
    """A catalog of the corpus this test may change."""
    with build(tmp_path / "catalog.sqlite3", corpus_dir) as cat:
        yield cat


def test_35669_36_timeline_across_three_letters(catalog):
    record = catalog.registry.motion("35669-36")
    sources = [m.source for m in record.mentions]
    assert list(dict.fromkeys(sources)) == [S001, S004, S002]  # by letter date: Feb 2021, Apr 2021, Mar 2024
    dates = [m.date for m in record.mentions]
    assert dates == sorted(dates) and dates[-1] == "2024-03-28"
    assert record.status == "afgedaan"
    assert record.submitters == ["Van Weyenberg", "Smeulders"]
    assert (record.dossier, record.number) == ("35669", "36")


def test_motion_json_shape(catalog):
    data = MotionOut.model_validate(catalog.registry.motion("35570-XV-54")).model_dump(mode="json")
    assert {"id", "dossier", "number", "submitters", "subject", "status", "mentions"} <= set(data)
    assert set(data["mentions"][0]) == {"source", "date", "page_start", "chunk_id", "status", "quote"}
    assert data["id"] == "35570-XV-54" and data["dossier"] == "35570-XV"
    assert [m["status"] for m in data["mentions"]][::len(data["mentions"]) - 1] == ["betrokken", "afgedaan"]
    json.dumps(data)


def test_all_motions_and_status_filter(catalog):
    ids = {r.id for r in catalog.registry.motions()}
    assert ids == {"35420-135", "25295-926", "35669-36", "35570-XV-54", "35570-XV-35", "35714-17"}
    assert {r.id for r in catalog.registry.motions(status="afgedaan")} == ids
    assert catalog.registry.motions(status="betrokken") == []
    with pytest.raises(InvalidStatusError, match="status must be one of"):
        catalog.registry.motions(status="klaar")


def test_motion_id_written_as_in_a_footnote(catalog):
    assert catalog.registry.motion("Kamerstuk 35 669, nr. 36").id == "35669-36"
    assert catalog.registry.motion("35570 xv 54").id == "35570-XV-54"


def test_unknown_motion(catalog):
    with pytest.raises(UnknownMotionError, match="no motion '25883-394'"):
        catalog.registry.motion("25883-394")  # a letter, not a motion


def test_motions_in_one_passage(catalog):
    record = catalog.registry.motion("35714-17")
    chunk = record.mentions[0].chunk_id
    assert "35714-17" in {r.id for r in catalog.registry.motions(chunk_id=chunk)}


def test_motion_ids_by_chunk_links_hits_to_timelines(catalog):
    record = catalog.registry.motion("35669-36")
    chunks = [m.chunk_id for m in record.mentions]
    linked = catalog.registry.motion_ids_by_chunk(chunks + ["no-such-chunk"])
    assert set(linked) == set(chunks)
    assert all("35669-36" in ids for ids in linked.values())


def test_open_commitments_oldest_first(catalog):
    open_ = catalog.registry.commitments(status="openstaand", sort="age")
    assert [c.status for c in open_] == ["openstaand"] * 2
    assert [c.since for c in open_] == ["2021-09-24", "2021-09-24"]
    assert all(CommitmentOut.model_validate(c).since for c in open_)
    every = catalog.registry.commitments()
    assert len(every) == 7 and {c.status for c in every} == {"openstaand", "afgedaan"}
    assert [c.status for c in every[:2]] == ["openstaand"] * 2  # open ones first
    settled = [c.since for c in every[2:]]
    assert settled == sorted(settled)
    assert catalog.registry.commitments(status="voldaan") == \
        catalog.registry.commitments(status="afgedaan")
    by_date = catalog.registry.commitments(sort="date")
    assert [c.last_date for c in by_date] == sorted((c.last_date for c in by_date), reverse=True)


def test_ser_request_commitment_followed_across_three_letters(catalog):
    """Given in the letter of 16 November 2020; restated in 001 and 003; settled in 004."""
    [record] = [c for c in catalog.registry.commitments() if len(c.mentions) > 1]
    assert record.given_on == "2020-11-16" and record.status == "afgedaan"
    assert [m.source for m in record.mentions] == [S001, "003_8bf5640112f1901c.txt", S004, S004]
    assert [m.status for m in record.mentions] == ["openstaand", "openstaand", "openstaand", "afgedaan"]
    assert record.mentions[0].reason == "first mention"
    assert all(m.reason.startswith("same origin: letter of 2020-11-16") for m in record.mentions[1:])
    assert "adviesaanvraag aan de SER" in record.subject
    assert record.first_date == "2021-02-24" and record.last_date == "2021-04-30"
    # found by its own id and by any of its statements' ids
    for mention in record.mentions:
        assert catalog.registry.commitment(mention.id).id == record.id
    with pytest.raises(UnknownCommitmentError):
        catalog.registry.commitment("c-000000000000")


def test_commitment_of_a_debate_is_not_joined_to_the_letter_of_that_week(catalog):
    """Begrotingsbehandeling of 19 November 2020 vs letter of 16 November: two commitments."""
    records = catalog.registry.commitments()
    budget = next(c for c in records if c.given_on == "2020-11-19")
    assert len(budget.mentions) == 1 and "wet- en regelgeving" in budget.subject


def test_regrouping_follows_a_removed_letter(own_catalog):
    own_catalog.delete_document(S004)
    [record] = [c for c in own_catalog.registry.commitments() if c.given_on == "2020-11-16"]
    assert record.status == "openstaand" and len(record.mentions) == 2
    assert own_catalog.registry.commitments(status="openstaand", sort="age")[0].id == record.id


def test_measures_cited(catalog):
    found = catalog.registry.measures()
    assert len(found) == 19
    passages = catalog.passages_by_ids([m.chunk_id for m in found])
    for m in found:
        assert m.chunk_id in passages and passages[m.chunk_id].source == m.source
        assert m.quote and m.page_start >= 1 and (m.amount or m.when)


def test_chunk_ids_with_kind_feed_the_search_filter(catalog):
    for kind in PassageKind:
        ids = catalog.registry.chunk_ids_with_kind(kind)
        assert ids and ids <= catalog.chunk_ids()
        assert catalog.chunk_ids_matching(SearchFilters(kind=kind)) == ids
    motion_passages = catalog.passages_by_ids(catalog.registry.chunk_ids_with_kind("motion"))
    assert all("motie" in p.text.lower() for p in motion_passages.values())
    with pytest.raises(InvalidStatusError):
        catalog.registry.chunk_ids_with_kind("law")


def test_replacing_a_letter_leaves_no_stale_rows(own_catalog, corpus_dir, tmp_path):
    """002 re-ingested without its settling sentences: the motions fall back to 004's status."""
    changed = tmp_path / "changed"
    changed.mkdir()
    shutil.copy(corpus_dir / "manifest.json", changed / "manifest.json")
    text = (corpus_dir / S002).read_text(encoding="utf-8")
    for sentence in ("Hiermee beschouwt het kabinet de motie als afgedaan.",
                     "Met de realisatie van deze initiatieven beschouwt het kabinet deze motie\nals afgedaan."):
        assert sentence in text
        text = text.replace(sentence, "")
    (changed / S002).write_text(text, encoding="utf-8")
    before = own_catalog.registry.motion("35669-36")

    store(own_catalog, changed / S002, load_manifest(changed))

    after = own_catalog.registry.motion("35669-36")
    assert after.status == "in_uitvoering"  # 004 (April 2021) is now the latest telling letter
    assert own_catalog.registry.motion("35714-17").status == "genoemd"
    assert len(after.mentions) == len(before.mentions) - 1
    assert not any("als afgedaan" in m.quote for m in after.mentions if m.source == S002)
    rows = own_catalog.connection.execute(
        "SELECT COUNT(*) FROM motion_mentions WHERE source = ?", (S002,)).fetchone()[0]
    doc = load_document(changed / S002, load_manifest(changed))
    assert rows == len(extract(doc, chunk_document(doc)).motion_mentions)


def test_deleting_a_letter_removes_its_items(own_catalog):
    own_catalog.delete_document(S002)
    ids = {r.id for r in own_catalog.registry.motions()}
    assert "35714-17" not in ids  # only 002 names Kröger's motion
    assert {m.source for m in own_catalog.registry.motion("35669-36").mentions} == {S001, S004}
    conn = own_catalog.connection
    for table in ("motion_mentions", "commitments", "measures"):
        assert conn.execute(f"SELECT COUNT(*) FROM {table} WHERE source = ?", (S002,)).fetchone()[0] == 0


def test_bare_footnote_reference_counts_once_the_id_is_a_motion(tmp_path):
    """A letter that cites a motion only by footnote adds to its timeline; a bare reference
    to something no letter calls a motion is not listed."""
    (tmp_path / "a.txt").write_text("Ik betrek de motie van het lid Bos1 bij de evaluatie.\n\n"
                                    "1 Kamerstuk 36 200, nr. 5.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Het kabinet heeft hiervoor geld vrijgemaakt.1 Zie ook de nota.2\n\n"
                                    "1 Kamerstuk 36 200, nr. 5.\n2 Kamerstuk 36 200, nr. 1.\n", encoding="utf-8")
    (tmp_path / "manifest.json").write_text('{"a.txt": {"date": "2022-01-10"}, "b.txt": {"date": "2023-06-01"}}',
                                            encoding="utf-8")
    with Catalog(tmp_path / "catalog.sqlite3") as cat:
        manifest = load_manifest(tmp_path)
        store(cat, tmp_path / "b.txt", manifest)
        assert cat.registry.motions() == []  # b alone names no motion
        store(cat, tmp_path / "a.txt", manifest)
        record = cat.registry.motion("36200-5")
        assert [(m.source, m.status) for m in record.mentions] == [("a.txt", "betrokken"), ("b.txt", "in_uitvoering")]
        assert record.status == "in_uitvoering"
        assert [r.id for r in cat.registry.motions()] == ["36200-5"]


def test_latest_status_rule():
    assert registry.latest_status([("2021-02-24", "afgedaan"), ("2024-03-28", "genoemd")]) == "afgedaan"
    assert registry.latest_status([("2021-02-24", "afgedaan"), ("2024-03-28", "betrokken")]) == "betrokken"
    assert registry.latest_status([("2024-03-28", "in_uitvoering"), ("2024-03-28", "afgedaan")]) == "afgedaan"
    assert registry.latest_status([("2024-03-28", "genoemd")]) == "genoemd"
    assert registry.latest_status([]) == "genoemd"


def test_schema_upgrades_an_older_registry(tmp_path, corpus_dir):
    """A catalog whose registry tables predate a column gets it added, and ingests again."""
    import sqlite3

    path = tmp_path / "catalog.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE measures (id TEXT PRIMARY KEY, source TEXT NOT NULL)")
    conn.commit()
    conn.close()
    with Catalog(path) as cat:
        store(cat, corpus_dir / S002, load_manifest(corpus_dir))
        assert any(m.amount == "zeven rijkshubs" for m in cat.registry.measures())


def test_grouping_is_redone_once_before_the_next_read(own_catalog):
    """Writes only mark the grouping stale; the next read regroups (one regroup per ingest)."""
    conn = own_catalog.connection
    stale = "SELECT value FROM meta WHERE key = 'commitments_ungrouped'"
    own_catalog.registry.commitments()
    assert conn.execute(stale).fetchone() is None
    own_catalog.delete_document(S002)
    assert conn.execute(stale).fetchone() == ("1",)
    assert S002 not in {m.source for c in own_catalog.registry.commitments() for m in c.mentions}
    assert conn.execute(stale).fetchone() is None


def test_registry_reads_wait_for_a_write_of_this_process(own_catalog):
    """A registry read holds the catalog's lock: while a transaction is open in this process it
    waits, and then sees the committed state (here: the letter deleted)."""
    found: list[set[str]] = []
    reader = threading.Thread(target=lambda: found.append({m.source for m in own_catalog.registry.measures()}))
    with own_catalog.transaction() as conn:
        conn.execute("DELETE FROM measures WHERE source = ?", (S002,))
        reader.start()
        reader.join(timeout=0.5)
        assert reader.is_alive() and not found  # blocked on the lock, not reading half a write
    reader.join(timeout=30)
    assert found and S002 not in found[0]
