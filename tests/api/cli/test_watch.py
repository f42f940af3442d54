"""`kamerzoek watch add|list|check|remove` around an ingest of a new letter (002)."""
from __future__ import annotations

import json
import shutil

import pytest

from api.cli import main
from index.pipeline import ingest_paths
from tests.conftest import CORPUS, S002

pytestmark = pytest.mark.integration


def test_watch_cli(cached_settings, corpus_without_002, capsys):
    assert ingest_paths([corpus_without_002], cached_settings, progress=False).ok
    data = ["--data-dir", str(cached_settings.data_dir)]
    assert main(["watch", "add", "rijkshubs", "--dossier", "25 883", *data]) == 0
    watch_id = capsys.readouterr().out.strip()
    assert watch_id.startswith("w-") and "\n" not in watch_id
    assert main(["watch", "list", "--json", *data]) == 0
    [listed] = json.loads(capsys.readouterr().out)["data"]
    assert listed["filters"] == {"dossier": "25883"}
    shutil.copy(CORPUS / S002, corpus_without_002 / S002)
    assert ingest_paths([corpus_without_002], cached_settings, progress=False).ok
    assert main(["watch", "check", watch_id, "--json", *data]) == 0
    hits = json.loads(capsys.readouterr().out)["data"]
    assert hits and {h["source"] for h in hits} == {S002}
    assert set(hits[0]) >= {"chunk_id", "source", "title", "date", "page_start", "quote"}
    assert main(["watch", "check", "--json", *data]) == 0
    assert json.loads(capsys.readouterr().out) == {"data": []}
    assert main(["watch", "remove", watch_id, *data]) == 0
    capsys.readouterr()
    assert main(["watch", "remove", watch_id, *data]) == 2
    assert "no watch" in capsys.readouterr().err
    assert main(["watch", "add", "x", "--date-from", "gisteren", *data]) == 2
