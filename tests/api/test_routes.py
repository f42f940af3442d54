"""Every endpoint of the API on the real indexed corpus: shapes, filters, and bad input."""
from __future__ import annotations

import re

import pytest

from tests.api.conftest import MANIFEST
from tests.conftest import CORPUS

pytestmark = pytest.mark.integration

HIT_FIELDS = {"chunk_id", "source", "title", "date", "page_start", "page_end", "heading", "text",
              "score", "footnotes", "highlights"}


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- health, documents


def test_health_counts_what_the_catalog_holds(client):
    health = client.get("/health").json()
    documents = client.get("/documents").json()
    assert health["status"] == "ok"
    assert health["documents"] == len(MANIFEST) == documents["count"]
    assert health["passages"] == sum(d["passage_count"] for d in documents["data"]) > 0
    assert health["model"]
    assert health["generation"] >= 1


def test_documents_list_has_manifest_metadata(client):
    body = client.get("/documents").json()
    assert body["count"] == len(body["data"])
    by_source = {d["source"]: d for d in body["data"]}
    assert set(by_source) == set(MANIFEST)
    for source, meta in MANIFEST.items():
        doc = by_source[source]
        assert doc["title"] == meta["title"]
        assert doc["date"] == meta["date"]
        assert doc["status"] == "ok"
        assert doc["file_url"] == f"/documents/{source}/file"
    assert by_source["002_017fb9ede22c3067.txt"]["kamerstuk"] == "25883-484"


def test_document_has_text_footnotes_and_ordered_passages(client):
    source = "002_017fb9ede22c3067.txt"
    doc = client.get(f"/documents/{source}").json()
    assert doc["source"] == source and "rijkshubs" in doc["text"]
    assert doc["footnotes"] and all(f["text"] for f in doc["footnotes"])
    assert [p["ordinal"] for p in doc["passages"]] == sorted(p["ordinal"] for p in doc["passages"])
    assert len(doc["passages"]) == doc["passage_count"]
    for passage in doc["passages"]:
        assert passage["source"] == source
        assert passage["page_start"] <= passage["page_end"]
    cited = [f for f in doc["footnotes"] if f["references"]]
    assert cited, "footnotes citing Kamerstukken carry their ids"
    assert all(re.fullmatch(r"\d+(-[A-Z]+)?-\d+", ref) for f in cited for ref in f["references"])


def test_document_file_is_the_original_file(client):
    source = "000_f9fde6f7b868fb2e.txt"
    response = client.get(f"/documents/{source}/file")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.content == (CORPUS / source).read_bytes()


@pytest.mark.parametrize("path", [
    "/documents/nope.txt",
    "/documents/nope.txt/file",
    "/documents/..%2F..%2Fpyproject.toml/file",
    "/documents/%2Fetc%2Fpasswd/file",
    "/passages/does-not-exist",
])
def test_unknown_ids_are_404_with_a_clear_detail(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["detail"]


def test_unknown_source_names_the_known_ones(client):
    detail = client.get("/documents/nope.txt").json()["detail"]
    assert "unknown source 'nope.txt'" in detail and "000_f9fde6f7b868fb2e.txt" in detail


# --------------------------------------------------------------------------- passages


def test_passage_in_context(client):
    source = "002_017fb9ede22c3067.txt"
    passages = client.get(f"/documents/{source}").json()["passages"]
    middle = passages[len(passages) // 2]
    body = client.get(f"/passages/{middle['chunk_id']}").json()
    assert body["passage"] == middle
    assert body["document"]["source"] == source
    assert [p["chunk_id"] for p in body["previous"]] == [passages[len(passages) // 2 - 1]["chunk_id"]]
    assert [p["chunk_id"] for p in body["next"]] == [passages[len(passages) // 2 + 1]["chunk_id"]]
    text = client.get(f"/documents/{source}").json()["text"]
    assert body["paragraph_before"] and body["paragraph_before"] in text[:middle["start"]]
    assert body["paragraph_after"] and body["paragraph_after"] in text[middle["end"]:]
    assert body["page_url"] == f"/documents/{source}/file"  # a text file: no #page


def test_first_passage_has_no_previous(client):
    passages = client.get("/documents/000_f9fde6f7b868fb2e.txt").json()["passages"]
    body = client.get(f"/passages/{passages[0]['chunk_id']}").json()
    assert body["previous"] == []
    assert body["next"][0]["chunk_id"] == passages[1]["chunk_id"]


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid"])
def test_search_result_shape(client, mode):
    body = client.get("/search", params={"q": "thuiswerken", "k": 5, "mode": mode}).json()
    assert body["query"] == "thuiswerken" and body["mode"] == mode
    assert 0 < len(body["results"]) <= 5
    for hit in body["results"]:
        assert set(hit) == HIT_FIELDS
        assert all(set(f) == {"number", "text"} for f in hit["footnotes"])
        for start, end in hit["highlights"]:
            assert 0 <= start < end <= len(hit["text"])
    scores = [h["score"] for h in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_search_highlights_mark_the_query_terms(client):
    body = client.get("/search", params={"q": "rijkshubs", "mode": "lexical"}).json()
    top = body["results"][0]
    marked = [top["text"][s:e].lower() for s, e in top["highlights"]]
    assert marked and all(m.startswith("rijkshub") for m in marked)


def test_search_source_filter(client):
    source = "004_66ea02ed325e333a.txt"
    body = client.get("/search", params={"q": "thuiswerken", "source": source, "k": 20}).json()
    assert body["results"] and {h["source"] for h in body["results"]} == {source}


def test_search_period_filter(client):
    params = {"q": "thuiswerken", "date_from": "2021-03-01", "date_to": "2021-12-31", "k": 30}
    results = client.get("/search", params=params).json()["results"]
    assert results
    assert all("2021-03-01" <= h["date"] <= "2021-12-31" for h in results)


def test_search_dossier_filter(client):
    results = client.get("/search", params={"q": "thuiswerken", "dossier": "25 883", "k": 30}).json()["results"]
    expected = {s for s, m in MANIFEST.items()
                if m["kamerstuk"] and "25 883" in [m["kamerstuk"]["dossier"], *m["kamerstuk"]["also"]]}
    assert results and {h["source"] for h in results} <= expected


@pytest.mark.parametrize("kind", ["motion", "commitment", "measure"])
def test_search_kind_filter_keeps_only_such_passages(client, app, kind):
    from index.models import SearchFilters

    allowed = app.state.catalog.chunk_ids_matching(SearchFilters(kind=kind))
    response = client.get("/search", params={"q": "motie toezegging maatregel", "kind": kind, "k": 50})
    assert response.status_code == 200
    results = response.json()["results"]
    assert {h["chunk_id"] for h in results} <= allowed
    assert bool(results) == bool(allowed)


def test_unknown_source_filter_is_404(client):
    response = client.get("/search", params={"q": "thuiswerken", "source": "nope.pdf"})
    assert response.status_code == 404
    assert "unknown source 'nope.pdf'" in response.json()["detail"]


@pytest.mark.parametrize(("params", "field", "words"), [
    ({"q": ""}, "q", "at least 1 character"),
    ({"q": "   \t "}, "q", "empty or only whitespace"),
    ({"q": "x" * 1001}, "q", "at most 1000 characters"),
    ({"q": "thuiswerken", "k": 0}, "k", "greater than or equal to 1"),
    ({"q": "thuiswerken", "k": 101}, "k", "less than or equal to 100"),
    ({"q": "thuiswerken", "k": "tien"}, "k", "valid integer"),
    ({"q": "thuiswerken", "mode": "fuzzy"}, "mode", "'lexical', 'dense' or 'hybrid'"),
    ({"q": "thuiswerken", "kind": "law"}, "kind", "'motion', 'commitment' or 'measure'"),
    ({"q": "thuiswerken", "date_from": "24-09-2021"}, "date_from", "YYYY-MM-DD"),
    ({"q": "thuiswerken", "date_to": "2021-02-30"}, "date_to", "not a calendar date"),
    ({"q": "thuiswerken", "date_from": "2022-01-01", "date_to": "2021-01-01"}, "query", "after date_to"),
    ({"q": "thuiswerken", "dossier": "abc"}, "dossier", "dossier number"),
    ({}, "q", "Field required"),
])
def test_search_bad_input_is_422_saying_what_is_wrong(client, params, field, words):
    response = client.get("/search", params=params)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith(f"{field}: ") and words in detail, detail


def test_validation_errors_name_every_wrong_field(client):
    response = client.get("/search", params={"q": " ", "k": 0, "mode": "x"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("q: q must not be empty or only whitespace; ")
    assert "k: Input should be greater than or equal to 1" in detail
    assert "mode: Input should be 'lexical', 'dense' or 'hybrid'" in detail
    assert {tuple(e["loc"]) for e in response.json()["errors"]} == {("query", "q"), ("query", "k"), ("query", "mode")}


@pytest.mark.parametrize("q", [
    "thuis\x00werken\x07\x1b[31m",
    "\u202ethuiswerken\u200f\u200e",
    "'; DROP TABLE passages; --",
    "\" OR 1=1 --",
    "%s%s%n {0} {q!r} {__class__.__mro__} ${jndi:ldap://x}",
    "☃ 🏠💻 ",
    "a",
    "?",
])
def test_odd_text_is_just_text(client, q):
    for mode in ("lexical", "hybrid"):
        response = client.get("/search", params={"q": q, "mode": mode})
        assert response.status_code == 200, response.text
        assert response.json()["query"] == q
    assert client.post("/ask", json={"question": q}).status_code == 200
    assert client.get("/health").json()["documents"] == len(MANIFEST)


# --------------------------------------------------------------------------- ask


def assert_citations_hold(client, body):
    """Every [n] in the answer follows its quote, and the cited passage really contains it."""
    assert body["citations"], body
    for citation in body["citations"]:
        passage = client.get(f"/passages/{citation['chunk_id']}").json()["passage"]
        assert citation["quote"] in passage["text"]
        assert f"{one_line(citation['quote'])} [{citation['n']}]" in body["answer"]
        assert citation["source"] == passage["source"]
        assert citation["page_start"] >= passage["page_start"]
    assert sorted(int(n) for n in re.findall(r"\[(\d+)\]", body["answer"])) == [
        c["n"] for c in body["citations"]]


def test_ask_how_many_gets_the_sentence_with_the_number(client):
    body = client.post("/ask", json={"question": "Hoeveel rijkshubs zijn er geopend?"}).json()
    assert body["found"] is True
    assert_citations_hold(client, body)
    first = body["citations"][0]["quote"].lower()
    assert "rijkshubs" in first and "geopend" in first
    assert re.search(r"\d|\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien)\b", first)
    assert body["passages"] and set(body["passages"][0]) == HIT_FIELDS


def test_ask_answers_cite_real_passages(client):
    for question in ("Wat is de thuiswerkkostenvergoeding?", "Wanneer werd het thuiswerkadvies versoepeld?",
                     "Wat vraagt de minister aan de SER?"):
        body = client.post("/ask", json={"question": question, "k": 10}).json()
        if body["found"]:
            assert_citations_hold(client, body)
        assert len(body["passages"]) <= 10


def test_ask_quotes_the_body_exactly_and_marks_the_answer(client):
    body = client.post("/ask", json={"question": "Welk bedrag per thuisgewerkte dag mag een werkgever per 2024 "
                                                 "maximaal onbelast vergoeden?"}).json()
    assert body["found"], body
    citation = body["citations"][0]
    document = client.get(f"/documents/{citation['source']}").json()
    assert document["text"][citation["start"]:citation["end"]] == citation["quote"]
    start, end = citation["answer_span"]
    assert citation["quote"][start:end] == "€ 2,35"
    passage = client.get(f"/passages/{citation['chunk_id']}").json()["passage"]
    assert passage["page_start"] <= citation["page_start"] <= passage["page_end"]


def test_ask_unanswerable_says_so(client):
    from index.answer import NOT_FOUND

    body = client.post("/ask", json={"question": "Wat is de hoofdstad van Australië?"}).json()
    assert body == {**body, "answer": NOT_FOUND, "found": False, "citations": []}


@pytest.mark.parametrize(("payload", "words"), [
    ({}, "question: Field required"),
    ({"question": "  "}, "question: question must not be empty"),
    ({"question": "x" * 1001}, "question: String should have at most 1000 characters"),
    ({"question": "Wat is hybride werken?", "k": 0}, "k: Input should be greater than or equal to 1"),
    ({"question": "Wat is hybride werken?", "k": 500}, "k: Input should be less than or equal to 100"),
    ({"question": 42}, "question: Input should be a valid string"),
])
def test_ask_bad_input_is_422(client, payload, words):
    response = client.post("/ask", json=payload)
    assert response.status_code == 422
    assert words in response.json()["detail"]


def test_ask_within_filters(client):
    source = "004_66ea02ed325e333a.txt"
    body = client.post("/ask", json={"question": "Wat is vitaal thuiswerken?", "source": source}).json()
    assert body["passages"] and {p["source"] for p in body["passages"]} == {source}
    assert {c["source"] for c in body["citations"]} <= {source}
    missing = client.post("/ask", json={"question": "Wat is vitaal thuiswerken?", "source": "nope.pdf"})
    assert missing.status_code == 404 and "unknown source 'nope.pdf'" in missing.json()["detail"]
    bad = client.post("/ask", json={"question": "Wat?", "date_to": "2021-02-30"})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("date_to: ")


def test_ask_malformed_json_is_422(client):
    response = client.post("/ask", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "JSON" in response.json()["detail"]


# --------------------------------------------------------------------------- page and spec


def test_page_lists_the_documents(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    for source, meta in MANIFEST.items():
        assert f'value="{source}"' in response.text
    assert "/static/app.js" in response.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_openapi_documents_every_route(client):
    spec = client.get("/openapi.json").json()
    for path in ("/search", "/ask", "/documents", "/documents/{source}", "/documents/{source}/file",
                 "/passages/{chunk_id}", "/health"):
        assert path in spec["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static-docs/swagger-ui-bundle.js" in docs.text  # no CDN
    assert client.get("/static-docs/swagger-ui-bundle.js").status_code == 200
    assert client.get("/redoc").status_code == 200
