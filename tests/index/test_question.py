"""What a Dutch question asks for: answer type, focus words, negation."""
from __future__ import annotations

import pytest

from index.question import AnswerType, analyse_question, answer_type, is_negative

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("question, expected", [
    ("Tot welk bedrag mag een werkgever een gift onbelast doen?", AnswerType.AMOUNT),
    ("Hoeveel geld is vrijgemaakt voor vitaal thuiswerken?", AnswerType.AMOUNT),
    ("Welk rentepercentage geldt voor de lening?", AnswerType.PERCENTAGE),
    ("Welk normbedrag geldt voor een maaltijd op de werkplek?", AnswerType.AMOUNT),
    ("Wat is het maximumbedrag van de subsidie?", AnswerType.AMOUNT),
    ("Welk belastingpercentage geldt voor de eindheffing?", AnswerType.PERCENTAGE),
    ("Hoeveel procent van de werknemers werkt thuis?", AnswerType.PERCENTAGE),
    ("Welk deel van de werkgevers denkt dat thuiswerken blijvend is?", AnswerType.PERCENTAGE),
    ("Hoeveel rijkshubs zijn er geopend?", AnswerType.COUNT),
    ("Wanneer is het commissiedocument ontvangen?", AnswerType.DATE),
    ("Per wanneer geldt de vrijstelling?", AnswerType.DATE),
    ("Sinds wanneer geldt de regel?", AnswerType.DATE),
    ("Wie ondertekende de brief?", AnswerType.PERSON),
    ("Welke organisatie voerde het onderzoek uit?", AnswerType.PERSON),
    ("Van welke organisaties is Vitaal Bedrijf een initiatief?", AnswerType.PERSON),
    ("Is niet-thuiswerken een overtreding?", AnswerType.YES_NO),
    ("Is bekend wanneer de revisie wordt voltooid?", AnswerType.YES_NO),
    ("Waarom verschillen de cijfers van RIVM en TNO?", AnswerType.REASON),
    ("Welke beroepen noemt de adviesaanvraag?", AnswerType.LIST),
    ("Wat is er gedaan met de motie van het lid Kröger?", AnswerType.STATUS),
    ("Is de motie afgedaan?", AnswerType.STATUS),
    ("Welke campagne startte het ministerie?", AnswerType.OTHER),
    ("Wat is de thuiswerkkostenvergoeding?", AnswerType.OTHER),
])
def test_answer_types(question, expected):
    assert answer_type(question) is expected


def test_focus_words_leave_out_the_words_that_only_name_the_type():
    question = analyse_question("Tot welk bedrag per thuisgewerkte dag mag een werkgever onbelast vergoeden?")
    assert question.type is AnswerType.AMOUNT
    assert "bedrag" not in question.focus and {"thuisgewerkte", "werkgever", "onbelast"} <= set(question.focus)


def test_the_letter_a_question_names_is_not_a_focus_word():
    question = analyse_question("Hoeveel meldingen waren er volgens de brief van februari 2021 binnengekomen?")
    assert "brief" not in question.focus and "februari" not in question.focus
    assert "meldingen" in question.focus


def test_names_in_the_question_are_kept_as_constraints():
    assert analyse_question("Wat verzoekt de motie van het lid Chakor de regering?").names == ("chakor",)


def test_negation_counts_words_not_the_prefix_of_a_compound():
    assert is_negative("Niet-thuiswerken is op zichzelf geen overtreding.")
    assert not is_negative("Niet-thuiswerken is een keuze.")
    assert not analyse_question("Is niet-thuiswerken een overtreding?").negated


def test_unknown_type_names_the_accepted_ones():
    with pytest.raises(ValueError, match="accepted: amount, percentage"):
        AnswerType.from_str("bedrag")
