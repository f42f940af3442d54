"""`kamerzoek ask` and `kamerzoek serve` from the command line."""
from __future__ import annotations

import json
import re

import pytest

from api.cli import main
from index.lock import DataDirLock
from tests.api.conftest import copy_data_dir
from tests.conftest import make_settings


@pytest.fixture(scope="module")
def cli_settings(indexed_settings, tmp_path_factory):
    """A copy of the indexed data dir: the CLI opens its own Chroma client on it."""
    return copy_data_dir(indexed_settings, tmp_path_factory.mktemp("cli") / "data")


@pytest.mark.integration
def test_ask_prints_the_answer_then_numbered_citations(cli_settings, capsys):
    code = main(["ask", "Hoeveel rijkshubs zijn er geopend?", "--data-dir", str(cli_settings.data_dir)])
    out = capsys.readouterr().out
    assert code == 0
    answer, _, citations = out.partition("\n\n")
    assert "rijkshubs" in answer and "[1]" in answer
    lines = citations.splitlines()
    assert lines and all(re.match(rf"\[{n}\] .+ — \d{{4}}-\d{{2}}-\d{{2}}, p\. \d+", line)
                         for n, line in enumerate(lines, start=1)), lines


@pytest.mark.integration
def test_ask_json_has_the_api_shape(cli_settings, capsys):
    code = main(["ask", "Hoeveel rijkshubs zijn er geopend?", "--json", "--k", "5",
                 "--data-dir", str(cli_settings.data_dir)])
    body = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(body) == {"answer", "found", "citations", "passages"}
    assert len(body["passages"]) <= 5
    for citation in body["citations"]:
        passage = next(p for p in body["passages"] if p["chunk_id"] == citation["chunk_id"])
        assert citation["quote"] in passage["text"]


@pytest.mark.integration
def test_ask_unanswerable_exits_1(cli_settings, capsys):
    code = main(["ask", "Wat is de hoofdstad van Australië?", "--data-dir", str(cli_settings.data_dir)])
    assert code == 1
    assert capsys.readouterr().out.strip() == "Geen passage gevonden die deze vraag beantwoordt."


@pytest.mark.unit
@pytest.mark.parametrize(("argv", "message"), [
    (["ask", "   "], "kamerzoek ask: question must not be empty or only whitespace"),
    (["ask", "x" * 1001], "kamerzoek ask: QUESTION: String should have at most 1000 characters"),
    (["ask", "Wat?", "--k", "0"], "kamerzoek ask: --k: Input should be greater than or equal to 1"),
])
def test_ask_bad_arguments_are_one_line(argv, message, capsys):
    assert main(argv) == 2
    assert capsys.readouterr().err.strip() == message


@pytest.mark.unit
def test_a_bad_setting_in_the_environment_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KAMERZOEK_EMBED_BACKEND", "gpu")
    assert main(["search", "thuiswerken", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("kamerzoek search: setting embed_backend (KAMERZOEK_EMBED_BACKEND): Input should be")
    assert err.count("\n") == 0 and "'onnx-int8', 'onnx' or 'torch'" in err


@pytest.mark.unit
def test_serve_refuses_an_empty_data_dir(tmp_path, capsys):
    assert main(["serve", "--data-dir", str(tmp_path / "nothing"), "--port", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "no index in" in err and "run `kamerzoek ingest` first" in err


@pytest.mark.integration
def test_serve_refuses_a_data_dir_in_use(cli_settings, capsys):
    with DataDirLock(make_settings(cli_settings.data_dir), holder="kamerzoek ingest"):
        assert main(["serve", "--data-dir", str(cli_settings.data_dir), "--port", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("kamerzoek serve: data dir") and "kamerzoek ingest" in err
