"""The embedding model's identity: one format, recorded once in the catalog, older records migrated."""
from __future__ import annotations

import shutil

import pytest

from index.catalog import LEGACY_MODEL_KEY, MODEL_KEY, Catalog
from index.dense import LEGACY_MODEL_KEY as CHROMA_LEGACY_KEY
from index.dense import DenseStore
from index.embeddings import Embedder, configured_identity, model_fingerprint
from index.errors import ModelMismatchError
from index.model_identity import ModelIdentity, recorded_model, require_same_model
from index.models import SearchMode
from index.pipeline import ingest_paths
from index.search import Searcher

E5 = ModelIdentity("multilingual-e5-small", "e4cee6ffd2b5", "#int8#w256")
DOC = "003_8bf5640112f1901c.txt"


@pytest.mark.unit
def test_the_identity_is_written_and_read_in_one_format():
    assert str(E5) == "multilingual-e5-small@e4cee6ffd2b5#int8#w256"
    assert E5.label == "multilingual-e5-small#int8#w256" and str(E5.base) == "multilingual-e5-small@e4cee6ffd2b5"
    for identity in (E5, ModelIdentity("/models/my-e5", "0123456789ab"), ModelIdentity("m", "ab", "#w128")):
        assert ModelIdentity.parse(str(identity)) == identity


@pytest.mark.unit
def test_an_older_record_parses_without_a_fingerprint_and_matches_on_its_label():
    older = ModelIdentity.parse("multilingual-e5-small#int8#w256")
    assert older == ModelIdentity("multilingual-e5-small", "", "#int8#w256") and str(older) == older.label
    assert older.same_vectors(E5) and E5.same_vectors(older)
    assert not older.same_vectors(ModelIdentity("multilingual-e5-small", "e4cee6ffd2b5", "#w256"))
    assert not E5.same_vectors(ModelIdentity("multilingual-e5-small", "000000000000", "#int8#w256"))


@pytest.mark.unit
def test_another_model_is_refused_with_the_fix(tmp_path):
    with pytest.raises(ModelMismatchError, match=r"built with embedding model 'test-model#w128', not"
                                                 r" 'other-model#w128'.*kamerzoek reindex"):
        require_same_model(ModelIdentity("test-model", "0123456789ab", "#w128"),
                           ModelIdentity("other-model", "0123456789ab", "#w128"), tmp_path)
    with pytest.raises(ModelMismatchError, match=r"'test-model@0123456789ab', not 'test-model@ba9876543210'"):
        require_same_model(ModelIdentity("test-model", "0123456789ab"), ModelIdentity("test-model", "ba9876543210"),
                           tmp_path)
    require_same_model(None, E5, tmp_path)  # nothing on record yet: anything goes
    require_same_model(E5, E5, tmp_path)


@pytest.mark.integration
def test_the_embedder_and_the_configured_identity_agree(fresh_settings):
    identity = configured_identity(fresh_settings)
    embedder = Embedder(fresh_settings, identity=identity)
    assert embedder.identity == identity == Embedder(fresh_settings).identity
    assert identity.fingerprint == model_fingerprint(embedder.path)
    with pytest.raises(ValueError, match="not that of"):
        Embedder(fresh_settings, backend="torch", identity=identity)


@pytest.mark.integration
def test_an_older_catalog_key_is_migrated_on_open(tmp_path):
    path = tmp_path / "catalog.sqlite3"
    with Catalog(path) as catalog:  # what an older kamerzoek wrote: another key, no fingerprint
        catalog.set_meta(LEGACY_MODEL_KEY, E5.label)
        catalog.connection.execute("PRAGMA user_version = 0")  # and no schema version of its own
    with Catalog(path) as catalog:
        assert catalog.meta(LEGACY_MODEL_KEY) is None and catalog.meta(MODEL_KEY) == E5.label
        assert catalog.model_identity() == ModelIdentity(E5.name, "", E5.variant)


def _older_data_dir(settings, chroma_id: str) -> None:
    """Rewrite a data dir's model records the way an older kamerzoek kept them."""
    with Catalog(settings.catalog_path) as catalog:
        identity = catalog.model_identity()
        with catalog.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (MODEL_KEY,))
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (LEGACY_MODEL_KEY, identity.label))
            conn.execute("PRAGMA user_version = 0")  # an older kamerzoek kept no schema version
    DenseStore(settings).collection.modify(metadata={CHROMA_LEGACY_KEY: chroma_id})


@pytest.mark.integration
def test_an_older_data_dir_gets_its_fingerprint_from_chroma_on_the_next_ingest(cached_settings, corpus_dir,
                                                                                 tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(corpus_dir / DOC, docs / DOC)
    assert ingest_paths([docs], cached_settings, progress=False).ok
    configured = configured_identity(cached_settings)
    _older_data_dir(cached_settings, str(configured))
    with Catalog(cached_settings.catalog_path) as catalog:
        assert recorded_model(catalog, DenseStore(cached_settings)) == configured

    again = ingest_paths([docs], cached_settings, progress=False)
    assert again.ok and again.counts()["unchanged"] == 1 and again.embedded == 0
    with Catalog(cached_settings.catalog_path) as catalog:
        assert catalog.meta(MODEL_KEY) == str(configured) and catalog.meta(LEGACY_MODEL_KEY) is None
    assert DenseStore(cached_settings).legacy_model_identity() is None  # one record left: the catalog's


@pytest.mark.integration
def test_an_older_data_dir_built_from_other_model_files_is_refused(cached_settings, corpus_dir, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(corpus_dir / DOC, docs / DOC)
    assert ingest_paths([docs], cached_settings, progress=False).ok
    configured = configured_identity(cached_settings)
    other_files = ModelIdentity(configured.name, "0" * 12, configured.variant)
    _older_data_dir(cached_settings, str(other_files))
    with pytest.raises(ModelMismatchError, match=f"{other_files}.*kamerzoek reindex"):
        ingest_paths([docs], cached_settings, progress=False)
    with Searcher(cached_settings) as searcher, pytest.raises(ModelMismatchError, match="kamerzoek reindex"):
        searcher.search("thuiswerken", k=3, mode=SearchMode.DENSE)
