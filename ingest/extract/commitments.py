"""Commitments (toezeggingen): given earlier and referred to, or made in this letter.

Given: "Zoals toegezegd in de Kamerbrief van 3 februari jl.", "Dit is uw Kamer ook
toegezegd in het coronadebat op 28 januari 2021", "de toezegging tijdens de
begrotingsbehandeling …". Made: "Eind van dit jaar zal ik uw Kamer nader
informeren", "De minister van SZW hoopt uw Kamer … te informeren". Status in the
Kamer's vocabulary: afgedaan (fulfilled; "voldaan" is the same), deels_afgedaan,
openstaand.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ingest.dutch import MONTH_NAMES
from ingest.extract.models import Commitment
from ingest.extract.text import DATE_RE, Citer, Sentence, letter_date, normalise, resolve_date
from ingest.models import Document

# An earlier commitment named: "toegezegd", "toegezegde", "de toezegging" (singular: the
# plural "moties en toezeggingen" is a topic, not one commitment), "ik zeg (uw Kamer) toe".
GIVEN_RE = re.compile(r"\btoegezegde?\b|\btoezegging\b"
                      r"|\bzeg(?:t)?\s+(?:ik\s+|het\s+kabinet\s+)?(?:uw\s+Kamer\s+)?toe\b", re.IGNORECASE)
# A promise to inform the Kamer: "zal ik uw Kamer (nader) informeren", "hoopt uw Kamer … te informeren".
MADE_RE = re.compile(
    r"\b(?:zal|zullen)\s+(?:ik|wij|we|het\s+kabinet)\b[^.]*?\b(?:uw|de)\s+Kamer\b[^.]*?\b(?:informeren|rapporteren)\b"
    r"|\bhoopt?\s+uw\s+Kamer\b[^.]*?\bte\s+(?:informeren|rapporteren)\b", re.IGNORECASE)
# A plan announced in an earlier letter and restated: "Zoals aangekondigd in de brief van … zal ik …",
# "… een Agenda … vormgeven, zoals is aangekondigd in de brief van 16 november jl.".
ANNOUNCED_RE = re.compile(r"\bzoals\s+aangekondigd\s+in\b.*?\bzal\s+ik\b"
                          r"|\bzoals\s+(?:is\s+)?aangekondigd\s+in\s+de\s+[\w-]*brief\b", re.IGNORECASE | re.DOTALL)
# Refers back to the commitment just named: "deze toezegging", "de toegezegde campagne".
ANAPHOR_RE = re.compile(r"\bdeze\s+toezegging\b|\bde\s+toegezegde\b", re.IGNORECASE)
# Several commitments settled at once: "de benoemde moties en toezeggingen … afgedaan".
PLURAL_SETTLED_RE = re.compile(r"\btoezeggingen\b[^.]*\b(?:afgedaan|voldaan)\b", re.IGNORECASE)
# One sentence naming several: split before each further "de toezegging".
_SPLIT_RE = re.compile(r"\b(?:en\s+)?de\s+toezegging\b", re.IGNORECASE)

# Fulfilled: "afgedaan"/"voldaan", "geef ik invulling aan", "heeft plaatsgevonden",
# "ga ik in deze brief in op" (this letter is the fulfilment).
DONE_RE = re.compile(r"(?<!deels )(?<!gedeeltelijk )\b(?:afgedaan|voldaan)\b"
                     r"|(?<!verdere )\binvulling\s+(?:gegeven\s+)?aan\b"
                     r"|\bheeft\s+plaatsgevonden\b|\bin\s+deze\s+brief\b|\bis\s+nagekomen\b", re.IGNORECASE)
# Partly fulfilled: "deels/gedeeltelijk afgedaan|voldaan|uitgevoerd".
PARTLY_RE = re.compile(r"\b(?:deels|gedeeltelijk)\s+(?:afgedaan|voldaan|uitgevoerd|nagekomen)\b", re.IGNORECASE)
# "Dit is uw Kamer ook toegezegd": the commitment is the work the sentence before reports.
_THIS_WAS_PROMISED = re.compile(r"^\s*Dit\s+is\b[^.]*\btoegezegd\b", re.IGNORECASE)
# A sentence reporting work done: perfect tense (heeft/hebben/is/zijn … ge…d/t/en), not future.
_PERFECT_RE = re.compile(r"\b(?:heeft|hebben|is|zijn)\b.*\bge\w+(?:d|t|en)\b", re.IGNORECASE)
_FUTURE_RE = re.compile(r"\b(?:zal|zullen|wil|willen|gaat|gaan)\b", re.IGNORECASE)

# Where it was given: "in het coronadebat op 28 januari 2021", "in de Kamerbrief van 3 februari jl.",
# "tijdens de begrotingsbehandeling SZW op 19 november 2020", "bij de aanbieding van … op 12 februari 2021".
GIVEN_AT_RE = re.compile(
    r"\b(?:in|tijdens|bij)\s+(?P<what>(?:het|de)\s+(?:[\w-]*debat|[Kk]amerbrief|brief|begrotingsbehandeling"
    r"|plenaire\s+behandeling|aanbieding|algemeen\s+overleg|commissiedebat)[^,.;()]*?)"
    rf"\s+\(?(?:op|van|d\.d\.)\s+(?P<date>\d{{1,2}}\s+(?:{MONTH_NAMES})(?:\s+\d{{4}})?(?:\s+jl\.)?)", re.IGNORECASE)
# Who: "De minister van SZW", "de staatssecretaris van Financiën"; "mijn ambtsvoorganger".
WHO_RE = re.compile(r"\b(?P<who>(?:[Mm]inister|[Ss]taatssecretaris)\s+van\s+[A-Z][\w&]*(?:\s+[A-Z][\w&]*)*)")
_PREDECESSOR_RE = re.compile(r"\bmijn\s+ambtsvoorganger\b", re.IGNORECASE)
# Deadlines: "voor het einde van het jaar", "Eind van dit jaar" (the letter's year), "vóór 1 augustus".
_YEAR_END_RE = re.compile(r"\b(?:voor|vóór)\s+het\s+einde?\s+van\s+(?:het|dit)\s+jaar\b"
                          r"|\beinde?\s+van\s+dit\s+jaar\b", re.IGNORECASE)
_BEFORE_DATE_RE = re.compile(r"\b(?:voor|vóór|uiterlijk)\s+(?=\d{1,2}\s+(?:" + MONTH_NAMES + r"))", re.IGNORECASE)


@dataclass
class _Open:
    """A commitment while being assembled (the paragraph's last one can absorb follow-ups)."""

    text: str
    kind: str
    status: str
    who: str
    given_at: str
    given_on: str
    deadline: str
    sentence: Sentence
    quote_start: int
    quote_end: int
    part: int
    refs: tuple[str, ...] = ()


def _status(text: str) -> str:
    if PARTLY_RE.search(text):
        return "deels_afgedaan"
    return "afgedaan" if DONE_RE.search(text) else "openstaand"


def _who(text: str, document: Document) -> str:
    m = WHO_RE.search(text)
    if m:
        return m.group("who")
    sender = document.metadata.sender
    if _PREDECESSOR_RE.search(text):
        return f"ambtsvoorganger van de {sender}" if sender else "ambtsvoorganger"
    return sender


def _deadline(text: str, document: Document) -> str:
    ref = letter_date(document)
    if _YEAR_END_RE.search(text) and ref is not None:
        return f"{ref.year}-12-31"
    m = _BEFORE_DATE_RE.search(text)
    if m:
        d = DATE_RE.match(text, m.end())
        if d:
            return resolve_date(d, ref)
    return ""


def _segments(text: str) -> list[tuple[int, str]]:
    """A sentence naming several commitments ("de toezegging … en de toezegging …") split up,
    each part with its offset in the sentence."""
    cuts = [m.start() for m in _SPLIT_RE.finditer(text)]
    if len(cuts) < 2:
        return [(0, text)]
    bounds = [0] + cuts[1:] + [len(text)]
    return [(a, text[a:b]) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def _refs(document: Document, start: int, end: int) -> tuple[str, ...]:
    """Kamerstuk ids cited by the footnote markers in ``start:end`` of the body (the origin letter,
    the debate's Handelingen), in order, without duplicates."""
    out: list[str] = []
    for marker in document.markers:
        if start <= marker.offset <= end:
            note = document.footnote(marker.number)
            for ref in note.references if note else ():
                if ref.id not in out:
                    out.append(ref.id)
    return tuple(out)


def _new(segment: str, kind: str, sent: Sentence, part: int, document: Document,
         previous: Sentence | None, refs: tuple[str, ...] = ()) -> _Open:
    ref = letter_date(document)
    at = GIVEN_AT_RE.search(segment) if kind == "given" else None
    given_at = normalise(segment[at.start("what"):at.end()].replace("(", "")) if at else ""
    given_on = ""
    if at:
        d = DATE_RE.search(at.group("date"))
        given_on = resolve_date(d, ref) if d else ""
    elif kind == "made":
        given_at, given_on = "deze brief", document.metadata.date
    status = _status(sent.text) if kind == "given" else "openstaand"
    if (kind == "given" and status == "openstaand" and previous is not None
            and _THIS_WAS_PROMISED.search(segment)
            and _PERFECT_RE.search(previous.text) and not _FUTURE_RE.search(previous.text)):
        status = "afgedaan"
    text, start = normalise(segment), sent.start
    if previous is not None and _THIS_WAS_PROMISED.search(segment):  # what was promised is said before
        text, start = normalise(f"{previous.text} {segment}"), previous.start
    return _Open(text, kind, status, _who(segment, document), given_at, given_on,
                 _deadline(segment, document), sent, start, sent.end, part, refs)


def _id(source: str, quote: str, part: int) -> str:
    return "c-" + hashlib.sha1(f"{source}\x00{quote}\x00{part}".encode()).hexdigest()[:12]


def extract_commitments(document: Document, sents: list[Sentence], citer: Citer) -> list[Commitment]:
    """All commitments of one letter, in document order."""
    found: list[_Open] = []
    for i, sent in enumerate(sents):
        if sent.is_heading:
            continue
        text = sent.text
        in_para = [c for c in found if c.sentence.paragraph == sent.paragraph]
        if PLURAL_SETTLED_RE.search(text):
            for c in in_para:
                c.status = "afgedaan"
                c.quote_end = max(c.quote_end, sent.end)
            continue
        if ANAPHOR_RE.search(text) and in_para:
            last = in_para[-1]
            last.quote_end = max(last.quote_end, sent.end)
            if _status(text) != "openstaand":
                last.status = _status(text)
            continue
        if GIVEN_RE.search(text) or ANNOUNCED_RE.search(text):
            kind = "given"
        elif MADE_RE.search(text):
            kind = "made"
        else:
            continue
        previous = sents[i - 1] if i > 0 and sents[i - 1].paragraph == sent.paragraph else None
        for part, (at, segment) in enumerate(_segments(text)):
            refs = _refs(document, sent.start + at, sent.start + at + len(segment))
            found.append(_new(segment, kind, sent, part, document, previous, refs))
    out = []
    for c in found:
        citation = citer.cite(c.quote_start, c.quote_end)
        out.append(Commitment(id=_id(document.source, normalise(c.sentence.text), c.part), text=c.text,
                              kind=c.kind, status=c.status, who=c.who, given_at=c.given_at,
                              given_on=c.given_on, deadline=c.deadline, citation=citation, refs=c.refs))
    return out


__all__ = ["extract_commitments"]
