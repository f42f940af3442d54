"""What a Dutch question asks for: its answer type and its focus words.

``analyse_question("Tot welk bedrag mag een werkgever onbelast vergoeden?")`` →
``Question(type=AMOUNT, focus=("werkgever", "onbelast", "vergoeden"))``. The
type says what an answer must contain (an amount, a date, a name …); the focus
words are what it must be about — the question's content words without the
words that only name the type (``bedrag``, ``percentage``, ``datum``).

Rules on the question's own words, first match wins, in this order: reason
(``waarom``), status (``wat is er gedaan met``, ``afgedaan``), date
(``wanneer``, ``welke datum``, ``in welk jaar``), percentage (``procent``,
``percentage``, ``welk deel``), amount (``bedrag``, ``hoeveel geld``, ``hoe hoog is
de vergoeding``), count (``hoeveel``, ``hoe vaak``), person or body (``wie``,
``welke organisatie``), list (``welke`` + a plural noun), yes/no (a question that
opens with a finite verb: ``Is``, ``Heeft``, ``Wordt`` …), else other.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from index.analysis import QueryTerms
from ingest import dutch


class AnswerType(str, Enum):
    AMOUNT = "amount"
    PERCENTAGE = "percentage"
    COUNT = "count"
    DATE = "date"
    PERSON = "person"  # a person or a body: minister, ministerie, organisatie
    YES_NO = "yes_no"
    REASON = "reason"
    LIST = "list"
    STATUS = "status"
    OTHER = "other"

    @classmethod
    def from_str(cls, value: str) -> "AnswerType":
        try:
            return cls(value.strip().lower())
        except ValueError:
            accepted = ", ".join(t.value for t in cls)
            raise ValueError(f"unknown answer type {value!r}; accepted: {accepted}") from None


# Types whose answer is a span of a known kind inside the sentence (index.spans).
TYPED = frozenset({AnswerType.AMOUNT, AnswerType.PERCENTAGE, AnswerType.COUNT, AnswerType.DATE,
                   AnswerType.PERSON, AnswerType.STATUS})

_REASON = re.compile(r"^(?:waarom|om welke reden|wat is de reden|hoe komt het dat|waardoor)\b")
_STATUS = re.compile(r"\b(?:wat is er gedaan met|wat (?:heeft|hebben) .{0,40}\bgedaan met|"
                     r"wat is de (?:status|stand van zaken) van|hoe staat het (?:met|ervoor)|afgedaan|"
                     r"is .{0,60}\buitgevoerd)\b")
_DATE = re.compile(r"\b(?:wanneer|welke datum|welk jaar|welke maand|welke periode|welk kwartaal|"
                   r"hoe lang|sinds wanneer|per wanneer)\b")
_PERCENTAGE = re.compile(r"\b(?:procent|\w*percentage|welk deel|welk aandeel|"
                         r"hoe groot (?:is|was) het aandeel|welke fractie)\b")
_AMOUNT = re.compile(r"\b(?:\w*bedrag|\w*bedragen|hoeveel geld|hoeveel euro|wat kost|wat kosten|hoeveel kost|"
                     r"hoeveel kosten|welk budget|hoe hoog (?:is|was|wordt|zijn) (?:de|het) "
                     r"(?:vergoeding|bijdrage|subsidie|budget|premie|uitkering|boete|kosten))\b|"
                     r"^hoeveel (?:bedraagt|bedragen|bedroeg)\b")
_COUNT = re.compile(r"^(?:hoeveel|hoe veel|hoe vaak|tot hoeveel|met hoeveel|tussen hoeveel|"
                    r"voor hoeveel|van hoeveel|in hoeveel|welk aantal)\b|\bhoeveel\b")
_PERSON = re.compile(r"^(?:wie|door wie|van wie|met wie|aan wie|voor wie)\b|"
                     r"^(?:(?:van|door|met|aan|bij|voor|namens)\s+)?(?:welke|welk)\s+(?:\w+\s+)?(?:minister|ministers|staatssecretaris|organisatie|"
                     r"organisaties|instantie|instanties|ministerie|ministeries|partij|partijen|kamerleden|"
                     r"kamerlid|leden|lid|bedrijf|bedrijven|instituut|onderzoeksbureau|vereniging|"
                     r"bewindspersoon|toezichthouder|inspectie|gemeente|gemeenten)\b")
_WHICH = re.compile(r"^(?:\w+\s+)?(?:welke|wat zijn de|noem)\s+(?P<rest>.*)")
_FINITE_VERB = re.compile(
    r"^(?:is|zijn|was|waren|heeft|hebben|had|hadden|wordt|worden|werd|werden|kan|kunnen|kon|konden|"
    r"mag|mogen|moet|moeten|zal|zullen|zou|zouden|gaat|gaan|blijft|blijven|komt|komen|staat|staan|"
    r"ziet|zien|geldt|gelden|bestaat|bestaan|leidt|leiden|vindt|vinden|wil|willen|krijgt|krijgen|"
    r"doet|doen|valt|vallen|neemt|nemen|werkt|werken|biedt|bieden|telt|tellen|hoeft|hoeven|"
    r"verwacht|verwachten|beschouwt|beschouwen)\b")

# Words that only say which type is asked for; an answer need not repeat them.
_TYPE_WORDS = frozenset(
    """
    bedrag bedragen geld euro kost kosten kostte budget percentage procent deel aandeel fractie
    aantal datum jaar maand periode kwartaal reden oorzaak organisatie organisaties instantie
    instanties status stand zaken lang hoog groot welk welke vanaf
    """.split())


@dataclass(frozen=True)
class Question:
    """A question analysed: its text, expected answer type and focus words (folded)."""

    text: str
    type: AnswerType
    focus: tuple[str, ...]
    negated: bool = False  # the question itself says "niet"/"geen" (for a yes/no verdict)
    names: tuple[str, ...] = ()  # folded words of the names it mentions ("Chakor", "TNO")
    signature: bool = False  # asks who signed the document ("Wie ondertekende de brief …?")


def answer_type(text: str) -> AnswerType:
    """The answer type of a question (module docstring: the rules and their order)."""
    q = " ".join(dutch.words(text))
    if _REASON.search(q):
        return AnswerType.REASON
    if _FINITE_VERB.match(q) and not _STATUS.search(q):
        return AnswerType.YES_NO  # "Is bekend wanneer …?" asks yes or no
    if _STATUS.search(q):
        return AnswerType.STATUS
    if _DATE.search(q):
        return AnswerType.DATE
    if _PERCENTAGE.search(q):
        return AnswerType.PERCENTAGE
    if _AMOUNT.search(q):
        return AnswerType.AMOUNT
    if _COUNT.search(q):
        return AnswerType.COUNT
    if _PERSON.search(q):
        return AnswerType.PERSON
    which = _WHICH.match(q)
    if which and _plural_noun_follows(which.group("rest")):
        return AnswerType.LIST
    return AnswerType.OTHER


def _plural_noun_follows(rest: str) -> bool:
    """Whether one of the first three words after ``welke`` is a plural noun (``beroepen``, ``regelingen``)."""
    for word in rest.split()[:3]:
        if _FINITE_VERB.match(word):
            return False
        if len(word) > 4 and word.endswith(("en", "s")) and not word.endswith(("ische", "iele")):
            return True
    return False


# "volgens de brief van februari 2021": which letter, not what the answer says.
_SOURCE_QUALIFIER = re.compile(
    rf"\b(?:volgens|in|uit)\s(?:de|het)\s(?:kamer)?brief\svan\s(?:\d{{1,2}}\s)?(?:{dutch.MONTH_NAMES})?\s?(?:\d{{4}})?",
    re.IGNORECASE)


def analyse_question(question: str | QueryTerms, words: list[str] | None = None) -> Question:
    """The type and focus words of ``question``; ``words`` are its content words if already known."""
    text = question.text if isinstance(question, QueryTerms) else question
    kind = answer_type(text)
    content = words if words is not None else [w for w in dutch.content_words(text)
                                               if w not in dutch.QUESTION_WORDS]
    qualifier = {w for m in _SOURCE_QUALIFIER.finditer(text) for w in dutch.words(m.group())}
    focus = tuple(w for w in content if w not in _TYPE_WORDS and w not in qualifier)
    negated = bool(_negations(text))
    names = tuple(w for w in _names(text) if w in focus)
    signature = kind is AnswerType.PERSON and bool(_SIGNED.search(text))
    if signature:  # the signing is not in the text: the letter is found by the rest
        focus = tuple(w for w in focus if not _SIGNED.match(w) and w not in _DOCUMENT_WORDS)
    return Question(text, kind, focus or tuple(content), negated, names, signature)


_DOCUMENT_WORDS = frozenset({"brief", "kamerbrief", "stuk", "document", "letter", "antwoorden", "nota"})
_SIGNED = re.compile(r"\b(?:onderteken\w*|getekend\w*|afzender|verstuurd\w*|schreef|stuurde)\b", re.IGNORECASE)


_NAME_WORD = re.compile(r"(?<=\s)(?:[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?|[A-Z]{2,}[\w-]*)")


def _names(text: str) -> list[str]:
    """Folded capitalised words that are not the question's first word: names of people and bodies."""
    return [dutch.fold(m.group()) for m in _NAME_WORD.finditer(text)
            if m.group() not in {"Kamer", "Eerste", "Tweede", "Kamerleden"}]


_NEGATION = re.compile(r"\b(?:niet|geen|nooit|noch|niemand|niets)\b(?!-)", re.IGNORECASE)


def _negations(text: str) -> list[str]:
    """The negating words of a text (``niet``, ``geen`` …), not the prefix of ``niet-thuiswerken``."""
    return _NEGATION.findall(text)


def is_negative(text: str) -> bool:
    """Whether a statement is negated (an odd number of negating words)."""
    return len(_negations(text)) % 2 == 1
