"""Measures (maatregelen): a measure cue with a figure or a date, cited, not repeated."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.extract import extract
from ingest.load import load_document

pytestmark = pytest.mark.unit


def measures(tmp_path: Path, body: str):
    path = tmp_path / "902_test.txt"
    path.write_text(body, encoding="utf-8")
    doc = load_document(path)
    return list(extract(doc, chunk_document(doc)).measures)


def test_budget_with_amount(tmp_path):
    [m] = measures(tmp_path, "In 2022 heeft het ministerie € 12 miljoen vrijgemaakt voor scholing.\n")
    assert (m.amount, m.when) == ("€ 12 miljoen", "2022")


def test_limit_raised_takes_the_figure_after_the_cue(tmp_path):
    [m] = measures(tmp_path, "Over de eerste € 400.000 loonsom is de vrije ruimte verruimd naar 3% in 2023.\n")
    assert m.amount == "3%"


def test_statistic_and_request_are_not_measures(tmp_path):
    assert measures(tmp_path, "Uit de meting blijkt dat 45% van de werknemers thuiswerkt.\n\n"
                              "De Kamer heeft het kabinet verzocht € 5 miljoen vrij te maken en dat in\n"
                              "een campagne in 2021 te gebruiken.\n") == []


def test_cue_without_figure_or_date_is_not_a_measure(tmp_path):
    assert measures(tmp_path, "Verder versterkt het ministerie zijn lopende campagnes.\n") == []


def test_consecutive_sentences_are_one_measure(tmp_path):
    [m] = measures(tmp_path, "In december 2023 heeft de publiekscampagne plaatsgevonden. De campagne heeft\n"
                             "1,7 miljoen mensen bereikt.\n")
    assert (m.amount, m.when) == ("1,7 miljoen mensen", "december 2023")
    assert m.citation.quote.endswith("bereikt.")


def test_000_home_working_exemption(docs):
    doc = docs["000"]
    found = extract(doc, chunk_document(doc)).measures
    [exemption] = [m for m in found if "€ 2" in m.amount]
    assert exemption.amount == "€ 2 per thuisgewerkte dag"
    assert exemption.when == "2022-01-01"  # "per 1 januari 2022" wins over the date of informing
    [relaxed] = [m for m in found if "versoepeld" in m.text]
    assert relaxed.when == "2021-09-25"  # "25 september a.s." in a letter of 24 September 2021


def test_002_sixteen_projects_listed_once(docs):
    doc = docs["002"]
    found = extract(doc, chunk_document(doc)).measures
    assert [m.amount for m in found].count("16 projecten") == 1
    assert {"zeven rijkshubs", "3%", "€ 2,35 per thuisgewerkte dag"} <= {m.amount for m in found}
