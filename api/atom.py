"""The Atom 1.0 feed of a watch (feedgen): one entry per new passage, with its title, date,
page, quote and a link to the passage on the search page."""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from index.watches import Watch, WatchHit

ATOM_MEDIA_TYPE = "application/atom+xml; charset=utf-8"


def _time(iso: str) -> dt.datetime:
    """An ISO timestamp ("2026-12-01T09:40:00Z") or date as an aware UTC datetime."""
    value = dt.datetime.fromisoformat(iso.replace("Z", "+00:00")) if "T" in iso else \
        dt.datetime.fromisoformat(f"{iso}T00:00:00+00:00")
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def watch_feed(watch: Watch, hits: list[WatchHit], base_url: str) -> bytes:
    """The feed of ``watch`` with ``hits`` (newest first)."""
    base = base_url.rstrip("/")
    feed = FeedGenerator()
    feed.id(f"{base}/watches/{watch.id}")
    feed.title(f"kamerzoek — {watch.query}")
    feed.subtitle(f"New passages for the watch {watch.id} ({watch.target_kind or 'search'}: {watch.query})")
    feed.link(href=f"{base}/watches/{watch.id}/feed.atom", rel="self")
    feed.link(href=f"{base}/?q={quote(watch.query)}", rel="alternate")
    feed.language("nl")
    feed.updated(_time(hits[0].found_at) if hits else _time(watch.created_at))
    for hit in reversed(hits):  # feedgen lists the last added first
        entry = feed.add_entry()
        entry.id(f"{base}/watches/{watch.id}/hits/{hit.chunk_id}")
        date = f", {hit.date}" if hit.date else ""
        entry.title(f"{hit.title}{date}, p. {hit.page_start}")
        entry.link(href=f"{base}/#passage/{hit.chunk_id}", rel="alternate")
        entry.summary(hit.quote + (f" [{hit.status}]" if hit.status else ""))
        entry.updated(_time(hit.found_at))
        if hit.date:
            entry.published(_time(hit.date))
    return feed.atom_str(pretty=True)

