"""``/search`` with a reference as the query, sorting, facets and CSV, on the real corpus."""
from __future__ import annotations

import csv
import io

import pytest

pytestmark = pytest.mark.integration


def on_motion(client, motion_id: str) -> set[str]:
    return {m["chunk_id"] for m in client.get(f"/motions/{motion_id}").json()["mentions"]}


@pytest.mark.parametrize("query", ["Kamerstuk 35 669, nr. 36", "35669-36", "motie 35 669 nr. 36"])
def test_kamerstuk_reference_puts_the_citing_passages_first(client, query):
    body = client.get("/search", params={"q": query}).json()
    assert body["reference"]["ids"] == ["35669-36"] and body["reference"]["kind"] == "motion"
    assert "Van Weyenberg" in body["reference"]["label"]
    top3 = [h["chunk_id"] for h in body["results"][:3]]
    assert set(top3) <= on_motion(client, "35669-36")
    assert body["reference"]["citing"][:3] == top3


def test_motion_with_a_chapter_and_a_publication_id(client):
    body = client.get("/search", params={"q": "motie 35 570 XV nr. 54"}).json()
    assert body["reference"]["ids"] == ["35570-XV-54"]
    assert body["results"][0]["chunk_id"] in on_motion(client, "35570-XV-54")
    letter = client.get("/search", params={"q": "kst-25295-1172"}).json()
    assert letter["reference"]["kind"] == "kamerstuk" and letter["reference"]["ids"] == ["25295-1172"]
    # first the passage whose footnote cites it (in 000), then the letter itself (004)
    sources = [h["source"] for h in letter["results"]]
    cited = len(letter["reference"]["citing"])
    assert cited >= 1 and "000_f9fde6f7b868fb2e.txt" in sources[:cited]
    assert sources[cited] == "004_66ea02ed325e333a.txt"
    assert letter["reference"]["named"]


def test_motion_by_its_submitters(client):
    body = client.get("/search", params={"q": "motie Van Weyenberg Smeulders"}).json()
    assert set(body["reference"]["ids"]) == {"35669-36", "35570-XV-54"}
    both = on_motion(client, "35669-36") | on_motion(client, "35570-XV-54")
    assert all(h["chunk_id"] in both for h in body["results"][:len(body["reference"]["citing"])])
    assert client.get("/search", params={"q": "motie thuiswerken"}).json()["reference"] is None
    assert client.get("/search", params={"q": "thuiswerken 2021"}).json()["reference"] is None


def test_sort_by_date_and_facets(client):
    relevance = client.get("/search", params={"q": "thuiswerken", "k": 20}).json()
    by_date = client.get("/search", params={"q": "thuiswerken", "k": 20, "sort": "date"}).json()
    dates = [h["date"] for h in by_date["results"]]
    assert by_date["sort"] == "date" and dates == sorted(dates, reverse=True)
    assert relevance["sort"] == "relevance"
    facets = relevance["facets"]
    assert set(facets) == {"document", "year", "doc_type", "dossier"}
    total = sum(f["count"] for f in facets["document"])
    assert total >= len(relevance["results"])
    assert sum(f["count"] for f in facets["year"]) == total
    assert {f["value"] for f in facets["doc_type"]} <= {"Kamerbrief", "SER-adviesaanvraag"}
    assert "25883" in {f["value"] for f in facets["dossier"]}
    typed = client.get("/search", params={"q": "thuiswerken", "doc_type": "SER-adviesaanvraag"}).json()
    assert typed["results"] and {h["source"] for h in typed["results"]} == {"003_8bf5640112f1901c.txt"}
    assert client.get("/search", params={"q": "x", "sort": "oldest"}).status_code == 422


def test_search_as_csv(client):
    response = client.get("/search", params={"q": "rijkshubs", "k": 5, "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    api = client.get("/search", params={"q": "rijkshubs", "k": 5}).json()["results"]
    assert [r["chunk_id"] for r in rows] == [h["chunk_id"] for h in api]
    assert rows[0]["rank"] == "1" and rows[0]["title"] == api[0]["title"]


def test_ask_about_a_motion_answers_from_the_registry(client):
    body = client.post("/ask", json={"question": "Wat is er gedaan met de motie Van Weyenberg en Smeulders?"}).json()
    assert body["found"] and "afgedaan" in body["answer"] and "28 maart 2024" in body["answer"]
    cited = {c["chunk_id"] for c in body["citations"]}
    assert cited & on_motion(client, "35669-36") and cited & on_motion(client, "35570-XV-54")
    for c in body["citations"]:
        passage = client.get(f"/passages/{c['chunk_id']}").json()["passage"]
        assert c["quote"] in passage["text"] and f"[{c['n']}]" in body["answer"]
    fact = client.post("/ask", json={"question": "Hoeveel geld is vrijgemaakt voor vitaal thuiswerken naar "
                                                 "aanleiding van de motie Van Weyenberg en Smeulders?"}).json()
    assert "5 miljoen" in fact["answer"]
