"""`kamerzoek ask` from the command line, on a copy of the indexed corpus (``cli_settings``)."""
from __future__ import annotations

import json
import re

import pytest

from api.cli import main
from tests.api.cli.conftest import run_cli


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


@pytest.mark.integration
def test_ask_takes_the_filters_of_post_ask(client, cli_settings, capsys):
    source, question = "004_66ea02ed325e333a.txt", "Wat is vitaal thuiswerken?"
    code, out, _ = run_cli(capsys, "ask", question, "--source", source, "--json",
                           "--data-dir", str(cli_settings.data_dir))
    http = client.post("/ask", json={"question": question, "source": source}).json()
    cli_json = json.loads(out)
    assert code == 0 and cli_json["passages"] and {p["source"] for p in cli_json["passages"]} == {source}
    assert cli_json["answer"] == http["answer"]
    assert [c["chunk_id"] for c in cli_json["citations"]] == [c["chunk_id"] for c in http["citations"]]
    code, out, err = run_cli(capsys, "ask", question, "--source", "nope.pdf", "--data-dir", str(cli_settings.data_dir))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith("kamerzoek ask: unknown source 'nope.pdf'")
