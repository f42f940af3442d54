"""``/watches`` over HTTP and the Atom feed (parsed back as XML)."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from api.atom import watch_feed
from index.watches import Watch, WatchHit

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.integration
def test_watch_lifecycle(client):
    created = client.post("/watches", json={"query": "rijkshubs", "dossier": "25883"})
    assert created.status_code == 201
    body = created.json()
    assert body["id"].startswith("w-") and body["query"] == "rijkshubs" and body["filters"] == {"dossier": "25883"}
    assert body["feed_url"] == f"/watches/{body['id']}/feed.atom"
    assert body["id"] in {w["id"] for w in client.get("/watches").json()["data"]}

    feed = client.get(body["feed_url"])
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    assert root.tag == f"{ATOM}feed" and "rijkshubs" in root.find(f"{ATOM}title").text
    assert root.findall(f"{ATOM}entry") == []  # nothing ingested since the watch was made

    motion = client.post("/watches", json={"query": "35669-36"}).json()
    assert (motion["target_kind"], motion["target_id"]) == ("motion", "35669-36")
    assert client.delete(f"/watches/{body['id']}").status_code == 204
    assert client.delete(f"/watches/{body['id']}").status_code == 404
    assert client.get(f"/watches/{body['id']}/feed.atom").status_code == 404
    assert client.post("/watches", json={"query": "  "}).status_code == 422
    assert client.post("/watches", json={"query": "x", "date_from": "2024-13-01"}).status_code == 422
    assert client.post("/watches", json={"query": "x", "source": "nope.txt"}).status_code == 404
    client.delete(f"/watches/{motion['id']}")


@pytest.mark.unit
def test_atom_entry_per_new_passage():
    watch = Watch("w-0001", "rijkshubs", "lexical", {}, "", "", "2026-01-01T10:00:00Z", "")
    hits = [WatchHit("w-0001", "abc123", "002.txt", "Stand-van-zakenbrief hybride werken", "2024-03-28", 9,
                     "Het Ministerie van BZK heeft inmiddels zeven rijkshubs geopend.", "", "2026-01-02T08:00:00Z"),
            WatchHit("w-0001", "def456", "002.txt", "Stand-van-zakenbrief hybride werken", "2024-03-28", 10,
                     "Rijkshubs in Zwolle.", "", "2026-01-01T12:00:00Z")]
    root = ET.fromstring(watch_feed(watch, hits, "http://127.0.0.1:8000/"))
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    first = entries[0]
    assert first.find(f"{ATOM}title").text == "Stand-van-zakenbrief hybride werken, 2024-03-28, p. 9"
    assert first.find(f"{ATOM}link").get("href") == "http://127.0.0.1:8000/#passage/abc123"
    assert "zeven rijkshubs" in first.find(f"{ATOM}summary").text
    assert first.find(f"{ATOM}published").text.startswith("2024-03-28")
    assert first.find(f"{ATOM}updated").text.startswith("2026-01-02T08:00:00")
    assert root.find(f"{ATOM}id").text == "http://127.0.0.1:8000/watches/w-0001"
    self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link[0].get("href") == "http://127.0.0.1:8000/watches/w-0001/feed.atom"
