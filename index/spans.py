"""Typed spans in a Dutch sentence: amounts, percentages, counts, dates, names, statuses, reasons.

``typed_spans("Per 2024 wordt de vergoeding verhoogd naar € 2,35 per thuisgewerkte dag.")``
→ a DATE span ``2024`` and an AMOUNT span ``€ 2,35`` (value 2.35). Spans are
character offsets into the text, found by patterns for the words inside a line;
values are normalised so that ``€ 5 miljoen``, ``5 miljoen euro`` and ``vijf
miljoen euro`` are all 5,000,000 — Dutch number words by text2num, Dutch dates
by dateparser (only for the span that becomes an answer: ``value_of``).

Where spans overlap, the more specific kind wins: an amount or a percentage
over the count inside it, a date over the year or day number inside it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest import dutch
from index.question import AnswerType

_NUMBER_WORDS = (
    "een|één|eén|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
    "zestien|zeventien|achttien|negentien|twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|"
    "negentig|honderd|duizend")
_WORD_NUMBER = rf"(?:(?:{_NUMBER_WORDS})(?:en(?:{_NUMBER_WORDS}))?)"  # "tweeëntwintig" is rare; keep simple
_DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = r"(?:miljoen|miljard|duizend|mln\.?|mld\.?)"
_AMOUNT = re.compile(
    rf"€\s?(?P<a>{_DIGITS})(?:\s?(?P<as>{_SCALE}))?(?:,[-–]+)?"
    rf"|(?P<b>{_DIGITS}|{_WORD_NUMBER})(?:\s(?P<bs>{_SCALE}))?\s(?:euro)\b", re.IGNORECASE)
_PERCENTAGE = re.compile(
    rf"(?P<n>{_DIGITS})\s?(?:%|procent\b|procentpunt(?:en)?\b)"
    rf"|\b(?P<w>{_WORD_NUMBER})\s(?:procent)\b"
    r"|\b(?:de\s|ruim\sde\s|bijna\sde\s)?helft\b|\b(?:een\s)?kwart\b|\bdriekwart\b|\been\sderde\b|\btwee\sderde\b"
    rf"|\b(?:{_WORD_NUMBER}|\d+)\sop\sde\s(?:{_WORD_NUMBER}|\d+)\b", re.IGNORECASE)
_MONTH = dutch.MONTH_NAMES
_DATE = re.compile(
    rf"\b\d{{1,2}}\s(?:{_MONTH})(?:\s(?:19|20)\d{{2}})?(?:\s(?:jl\.|a\.s\.|aanstaande))?"
    rf"|\b(?:(?:begin|eind|medio|half|midden)\s)?(?:{_MONTH})(?:\s(?:19|20)\d{{2}})"
    rf"|\b(?:begin|eind|medio|half|midden)\s(?:19|20)\d{{2}}(?:\s?/\s?(?:begin|eind)\s(?:19|20)\d{{2}})?"
    r"|\bQ[1-4]\s(?:19|20)\d{2}"
    r"|\b(?:het\s)?(?:eerste|tweede|derde|vierde|laatste)\skwartaal(?:\s(?:van\s)?(?:19|20)\d{2})?"
    r"|\b(?:het\s)?(?:voorjaar|najaar|zomer|winter)(?:\s(?:van\s)?(?:19|20)\d{2})?"
    r"|\b\d{1,2}-\d{1,2}-(?:19|20)\d{2}\b"
    r"|\b(?:19|20)\d{2}\s?[–-]\s?(?:19|20)\d{2}\b"
    r"|(?<![\d.,])\b(?:19|20)\d{2}\b(?![.,]\d)", re.IGNORECASE)
_COUNT = re.compile(
    rf"(?<![\d.,€])\b(?P<d>{_DIGITS})(?:\s(?P<ds>miljoen|miljard))?\b(?![.,]\d)"
    rf"|\b(?P<w>{_WORD_NUMBER}|anderhalf)(?:\s(?P<ws>miljoen|miljard))?\b", re.IGNORECASE)
_ROLE = (r"(?:minister|staatssecretaris|ministerie|ministeries|Ministerie|Minister|Staatssecretaris|"
         r"Inspectie|inspectie|lid|leden|commissie|Commissie|kabinet|Raad|raad)")
_CAP = r"(?:[A-Z][\w’'.&-]*|[A-Z]{2,}[\w-]*)"
_NAME = re.compile(
    rf"\b{_ROLE}(?:\s(?:van|voor)\s(?:de\s|het\s)?{_CAP}(?:\s(?:en\s)?{_CAP})*)"
    rf"|(?:\b(?:[A-Z]\.){{1,4}}\s?)?{_CAP}(?:\s(?:(?:van|de|der|den|voor|en|in|op|ter|het|-)\s)?{_CAP})*")
_STATUS = re.compile(
    r"\b(?:als\s)?(?:afgedaan|uitgevoerd|aangenomen|verworpen|ingetrokken|aangehouden|ontraden|"
    r"in\suitvoering|invulling\s(?:gegeven|geven|aan)|voldaan|opgevolgd|toegezegd|afgerond)\b", re.IGNORECASE)
# A reason after its marker ("omdat …", "met piekdrukte … tot gevolg"), or before it ("…, vandaar dat").
_REASON = re.compile(
    r"\b(?:omdat|doordat|vanwege|wegens|aangezien|want|immers|zodat|teneinde|om\sdie\sreden|"
    r"(?:dit|dat)\s(?:komt|is)\s(?:onder\sandere\s|mede\s|vooral\s)?(?:doordat|omdat|door)|"
    r"met\s[^,.;]{3,80}\stot\sgevolg|(?:zit|ligt)\s(?:vooral\s|met\sname\s)?in)\b", re.IGNORECASE)
_REASON_BEFORE = re.compile(r"[,;]?\s*\b(?:vandaar\s(?:dat)?|daarom|daardoor|hierdoor|dus)\b", re.IGNORECASE)
# Examples given: "Denk aan een ergonomische stoel of een veiligheidshelm", "zoals a en b".
_EXAMPLES = re.compile(r"\b(?:denk\s(?:bijvoorbeeld\s)?aan|zoals|waaronder(?:\sin\sieder\sgeval)?)\s[^.;:?!]{3,160}"
                       r"\s(?:en|of)\s[^.;:?!]{2,80}", re.IGNORECASE)
# An enumeration: three or more items ("a, b en c"), or two joined by a comma and "en"/"of".
_ITEM = r"(?:[^,;:.?!]|\.(?=\w))"  # a character of a list item ("hoewerktnederland.nl" keeps its dot)
_ENUMERATION = re.compile(rf"\b{_ITEM}{{3,80}}(?:,\s{_ITEM}{{2,80}}){{1,}}\s(?:en|of)\s{_ITEM}{{2,80}}")
# Capitalised words that open sentences or name things, not people or bodies.
_NOT_NAMES = frozenset(
    """
    De Het Een Dit Deze Dat Die Daarnaast Ook Zo Op In Met Voor Van Uit Bij Naar Als Om Tot Per Na
    Sinds Vanaf Hierbij Hiermee Daarbij Daarom Verder Tevens Tegelijk Wel Niet Er Zij Ze Wij We Ik
    Hoe Wat Welke Waarom Wanneer Wie Nu Toch Maar En Of Dan Thuiswerken Thuiswerkers Werkgevers
    Werknemers Werkenden Uw Mijn Onze Kamer Kamerstuk Kamerstukken Zie Graag Hybride
    """.split()) | frozenset(m.capitalize() for m in dutch.MONTHS)


@dataclass(frozen=True)
class TypedSpan:
    """A span ``text[start:end]`` of one answer type; ``value`` normalised (a number) where it can be."""

    type: AnswerType
    start: int
    end: int
    value: float | None = None


@lru_cache(maxsize=8192)
def typed_spans(text: str) -> tuple[TypedSpan, ...]:
    """The typed spans of a sentence, in text order, overlaps resolved (module docstring)."""
    found: list[TypedSpan] = []
    for m in _AMOUNT.finditer(text):
        number = m.group("a") or m.group("b")
        scale = m.group("as") or m.group("bs")
        found.append(TypedSpan(AnswerType.AMOUNT, m.start(), m.end(), _number(number, scale)))
    for m in _PERCENTAGE.finditer(text):
        found.append(TypedSpan(AnswerType.PERCENTAGE, m.start(), m.end(), _percentage(m)))
    for m in _DATE.finditer(text):
        found.append(TypedSpan(AnswerType.DATE, m.start(), m.end()))
    for m in _STATUS.finditer(text):
        found.append(TypedSpan(AnswerType.STATUS, m.start(), m.end()))
    for m in _REASON.finditer(text):
        end = m.end() if m.group().lower().endswith("tot gevolg") else _clause_end(text, m.end())
        inner = re.search(r"\b(?:doordat|omdat|door)\b", m.group(), re.IGNORECASE)
        start = m.start() + inner.start() if inner and m.group()[:3].lower() in {"dit", "dat"} else m.start()
        found.append(TypedSpan(AnswerType.REASON, start, end))
    for m in _REASON_BEFORE.finditer(text):
        if m.start() > 10:  # the clause before the marker is the reason ("…, vandaar dat")
            start = _clause_start(text, m.start())
            end = start + len(re.sub(r"\s+(?:en|maar)(?:\s\w+)?$", "", text[start:m.start()]))
            found.append(TypedSpan(AnswerType.REASON, start, end))
    for m in _EXAMPLES.finditer(text):
        found.append(TypedSpan(AnswerType.LIST, m.start(), m.end()))
    for m in _ENUMERATION.finditer(text):
        found.append(TypedSpan(AnswerType.LIST, m.start() + len(m.group()) - len(m.group().lstrip()), m.end()))
    taken = [(s.start, s.end) for s in found if s.type not in (AnswerType.REASON, AnswerType.LIST)]
    for m in _COUNT.finditer(text):
        if not _overlaps(m.start(), m.end(), taken) and (m.group("w") or "").lower() not in {"een", "één", "eén"}:
            value = _number(m.group("d") or m.group("w"), m.group("ds") or m.group("ws"))
            found.append(TypedSpan(AnswerType.COUNT, m.start(), m.end(), value))
    for m in _NAME.finditer(text):
        span = _name_span(text, m.start(), m.end())
        if span and not _overlaps(*span, taken):
            found.append(TypedSpan(AnswerType.PERSON, *span))
    return tuple(_merge_names(text, sorted(_resolve(found), key=lambda s: (s.start, s.end))))


_NAME_GLUE = re.compile(r"^[\s(),&]*(?:\ben\b)?[\s(),&]*$")


def _merge_names(text: str, spans: list[TypedSpan]) -> list[TypedSpan]:
    """Names side by side ("Van Weyenberg (PvdA) en Maatoug (GroenLinks)") as one span."""
    out: list[TypedSpan] = []
    for span in spans:
        last = out[-1] if out else None
        if (last is not None and last.type is span.type is AnswerType.PERSON
                and _NAME_GLUE.match(text[last.end:span.start])):
            end = span.end
            if text[last.start:end].count("(") > text[last.start:end].count(")") and text[end:end + 1] == ")":
                end += 1
            out[-1] = TypedSpan(AnswerType.PERSON, last.start, end)
        else:
            out.append(span)
    return out


def _resolve(spans: list[TypedSpan]) -> list[TypedSpan]:
    """Drop a span inside a longer one of a more specific kind (amount/percentage > date > count)."""
    rank = {AnswerType.AMOUNT: 0, AnswerType.PERCENTAGE: 0, AnswerType.DATE: 1, AnswerType.STATUS: 1,
            AnswerType.PERSON: 2, AnswerType.COUNT: 3}
    clauses = (AnswerType.REASON, AnswerType.LIST)  # clause spans overlap the others freely
    kept: list[TypedSpan] = [s for s in spans if s.type in clauses]
    for span in sorted((s for s in spans if s.type not in clauses), key=lambda s: (rank[s.type], -(s.end - s.start))):
        if not any(k.type not in clauses and k.start < span.end and span.start < k.end for k in kept):
            kept.append(span)
    return kept


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in taken)


_CONNECTORS = frozenset({"van", "de", "der", "den", "voor", "en", "in", "op", "ter", "het", "-"})


def _name_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name in ``text[start:end]`` without leading sentence words (``De``) or trailing
    connectors; None when nothing is left, or only one ordinary word opening the sentence."""
    tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text[start:end])]
    while tokens and start + tokens[0][0] == 0 and tokens[0][2].rstrip(",.;:") in _NOT_NAMES:
        tokens.pop(0)  # an ordinary word opening the sentence ("De", "Werkgevers")
    if len(tokens) == 1 and tokens[0][2].rstrip(",.;:") in _NOT_NAMES:
        return None
    while tokens and tokens[-1][2] in _CONNECTORS:
        tokens.pop()
    if not tokens:
        return None
    first, last = start + tokens[0][0], start + tokens[-1][1]
    while last > first and text[last - 1] in ".,;:":
        last -= 1
    name = text[first:last]
    if len(name) < 2 or (first == 0 and len(tokens) == 1 and not name.isupper()):
        return None
    return first, last


def _clause_end(text: str, start: int) -> int:
    """Where the clause that begins at ``start`` ends (a comma or semicolon not in a number, or the end)."""
    m = re.compile(r"[;:]|,(?!\d)|\.(?=\s|$)").search(text, start)
    return m.start() if m else len(text.rstrip())


def _clause_start(text: str, end: int) -> int:
    """Where the clause that ends at ``end`` begins (after a comma, semicolon or colon, or the start)."""
    cut = max(text.rfind(",", 0, end - 1), text.rfind(";", 0, end - 1), text.rfind(":", 0, end - 1))
    start = cut + 1 if cut >= 0 else 0
    while start < end and text[start].isspace():
        start += 1
    return start


def _number(digits: str | None, scale: str | None) -> float | None:
    """``1.250,5`` → 1250.5; ``vijf`` → 5 (text2num); times ``miljoen``/``miljard``/``duizend``."""
    if not digits:
        return None
    if digits[0].isdigit():
        value = float(digits.replace(".", "").replace(",", "."))
    else:
        value = _word_number(digits.lower())
        if value is None:
            return None
    factor = {"miljoen": 1e6, "mln": 1e6, "mln.": 1e6, "miljard": 1e9, "mld": 1e9, "mld.": 1e9,
              "duizend": 1e3}.get((scale or "").lower(), 1.0)
    return value * factor


@lru_cache(maxsize=256)
def _word_number(words: str) -> float | None:
    """A Dutch number written in words (``zestien``), by text2num; ``anderhalf`` is 1.5."""
    if words == "anderhalf":
        return 1.5
    from text_to_num import text2num

    try:
        return float(text2num(dutch.fold(words), "nl"))
    except ValueError:
        return None


def _percentage(m: re.Match[str]) -> float | None:
    if m.group("n"):
        return _number(m.group("n"), None)
    if m.group("w"):
        return _word_number(m.group("w").lower())
    phrase = m.group().lower()
    for words, value in (("driekwart", 75.0), ("kwart", 25.0), ("helft", 50.0), ("twee derde", 66.7),
                         ("een derde", 33.3)):
        if words in phrase:
            return value
    parts = re.findall(r"\w+", phrase)
    if "op" in parts:  # "één op de vier"
        a, b = _number(parts[0], None), _number(parts[-1], None)
        return 100.0 * a / b if a and b else None
    return None


@lru_cache(maxsize=1024)
def date_value(text: str) -> str | None:
    """An ISO date (or year, or year-month) for a Dutch date span, by dateparser; None when vague."""
    if re.fullmatch(r"(?:19|20)\d{2}", text.strip()):
        return text.strip()
    if not re.search(r"(?:19|20)\d{2}", text):
        return None  # a day without its year: the year is the letter's, not the span's
    import dateparser

    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"]}
    parsed = dateparser.parse(re.sub(r"\s(?:jl\.|a\.s\.|aanstaande)$", "", text.strip()), languages=["nl"],
                              settings=settings)
    if parsed is None:
        return None
    has_day = bool(re.match(r"\d{1,2}[\s-]", text.strip()))
    return parsed.date().isoformat() if has_day else parsed.strftime("%Y-%m")
