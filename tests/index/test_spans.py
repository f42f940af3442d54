"""Typed spans in Dutch sentences, with normalised values (text2num for number words, dateparser for dates)."""
from __future__ import annotations

import pytest

from index.question import AnswerType
from index.spans import date_value, typed_spans

pytestmark = pytest.mark.unit


def spans(text: str, kind: AnswerType) -> list[tuple[str, float | None]]:
    return [(text[s.start:s.end], s.value) for s in typed_spans(text) if s.type is kind]


@pytest.mark.parametrize("text, span", [
    ("Het kabinet heeft € 5 miljoen vrijgemaakt.", "€ 5 miljoen"),
    ("Het kabinet heeft 5 miljoen euro vrijgemaakt.", "5 miljoen euro"),
    ("Het kabinet heeft vijf miljoen euro vrijgemaakt.", "vijf miljoen euro"),
])
def test_amounts_written_three_ways_have_one_value(text, span):
    assert spans(text, AnswerType.AMOUNT) == [(span, 5_000_000.0)]


def test_amounts_with_thousands_and_cents():
    text = "De gift is belastingvrij, namelijk tot maximaal 10.271 euro; de vergoeding is € 2,35 per dag."
    assert spans(text, AnswerType.AMOUNT) == [("10.271 euro", 10271.0), ("€ 2,35", 2.35)]
    assert spans(text, AnswerType.COUNT) == []  # the numbers inside an amount are not counts


def test_percentages_in_digits_words_and_shares():
    text = "De rente is vastgesteld op 8 procent; 45% werkt thuis, Eén op de vier wil dat blijven en de helft niet."
    assert spans(text, AnswerType.PERCENTAGE) == [("8 procent", 8.0), ("45%", 45.0), ("Eén op de vier", 25.0),
                                                   ("de helft", 50.0)]


def test_dates_and_periods():
    text = ("Datum ontvangst Commissiedocument 25 november 2021; het protocol verschijnt in Q1 2024, "
            "het advies eind 2021/begin 2022 en de regel geldt per 2022.")
    assert [t for t, _ in spans(text, AnswerType.DATE)] == ["25 november 2021", "Q1 2024", "eind 2021/begin 2022",
                                                            "2022"]
    assert date_value("25 november 2021") == "2021-11-25"
    assert date_value("juli 2021") == "2021-07"
    assert date_value("2024") == "2024"
    assert date_value("25 september a.s.") is None  # no year of its own


def test_counts_in_digits_and_words():
    text = "Het Ministerie van BZK heeft zeven rijkshubs geopend; er kwamen 746 meldingen en 1,7 miljoen mensen."
    assert spans(text, AnswerType.COUNT) == [("zeven", 7.0), ("746", 746.0), ("1,7 miljoen", 1_700_000.0)]


def test_names_side_by_side_are_one_span_and_roles_are_names():
    text = "Daarom hebben de leden Van Weyenberg (PvdA) en Maatoug (GroenLinks) het voorstel ingediend bij de minister van SZW."
    assert [t for t, _ in spans(text, AnswerType.PERSON)] == ["Van Weyenberg (PvdA) en Maatoug (GroenLinks)",
                                                              "minister van SZW"]


def test_statuses_and_reasons():
    assert [t for t, _ in spans("Hiermee beschouwt het kabinet de motie als afgedaan.", AnswerType.STATUS)] == [
        "als afgedaan"]
    reason = "Dit komt onder andere doordat zij minder dreiging ervaren van het coronavirus."
    assert "doordat zij minder dreiging ervaren van het coronavirus" in [t for t, _ in spans(reason, AnswerType.REASON)]
    before = "Dit kost tijd, vandaar dat het kabinet nu al advies vraagt."
    assert [t for t, _ in spans(before, AnswerType.REASON)] == ["Dit kost tijd"]
