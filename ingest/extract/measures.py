"""Measures (maatregelen): concrete government measures with a figure or a date.

A sentence is a measure when it holds a measure cue (money made available, an
exemption, a limit raised, hubs opened, a campaign, a subsidy, an arrangement in
force, …) together with a figure (amount, percentage, count) or a date/year, and
is neither a request to the government nor a survey statistic. Consecutive
measure sentences of one paragraph, and those with the same cue in one
paragraph, are one measure; a figure repeated later in the letter is not a new one.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ingest.dutch import MONTH_NAMES
from ingest.extract.models import Measure
from ingest.extract.text import DATE_RE, Citer, Sentence, letter_date, normalise, resolve_date
from ingest.models import Document

# Each cue names a kind of government action (the key is used to merge same-kind sentences).
CUES: dict[str, re.Pattern[str]] = {
    "budget": re.compile(r"\bvrijgemaakt\b", re.I),  # money made available
    "exemption": re.compile(r"\bvrijstelling\w*|\bvrijgestelde\b", re.I),  # tax exemption
    "limit": re.compile(r"\bverruimd\b|\bverhoogd\b", re.I),  # a limit or allowance raised
    "opened": re.compile(r"\bgeopend\b", re.I),  # facilities opened (rijkshubs)
    "campaign": re.compile(r"campagne\w*", re.I),  # a (media/public) campaign
    "subsidy": re.compile(r"\bsubsidie\w*|\bgesubsidieerd\w*|\bgefinancierd\b", re.I),  # subsidy/funding
    "in_force": re.compile(r"\bin\s+werking\s+getreden\b|\bblijft\s+gelden\b", re.I),  # arrangement in force
    "relaxed": re.compile(r"\bversoepeld\b", re.I),  # a rule or advice relaxed
    "extended": re.compile(r"\buit\s+te\s+breiden\b|\buitbreiden\b|\buitgebreid\b", re.I),  # a service extended
    "event": re.compile(r"\bconferentie\b|\borganiseert\b", re.I),  # an event organised
}
# Money with optional "miljoen" and a unit: "€ 5 miljoen", "€ 2 per thuisgewerkte dag", "€ 400.000,–".
_MONEY = (r"€\s?\d[\d.]*(?:,\d+)?(?:,[–-])?(?:\s+(?:miljoen|miljard))?"
          r"(?:\s+\(\d{4}\))?(?:\s+per\s+(?:thuisgewerkte\s+dag|dag|zakelijke\s+km|km|jaar|maand))?")
# A percentage: "3%", "1,92%".
_PERCENT = r"\d+(?:,\d+)?\s?%"
# A count of things: "zeven rijkshubs", "16 projecten", "1,7 miljoen mensen".
_COUNT = (r"\b(?:\d+(?:,\d+)?\s+miljoen|\d+|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf)\s+"
          r"(?!procent|uur|dagen|jaar|maanden|weken|per\b)[a-z]\w*(?:en|s)\b")
FIGURE_RE = re.compile(rf"{_MONEY}|{_PERCENT}|{_COUNT}")
# A date or time: "1 januari 2022", "december 2023", "in 2024", "Q1 2024", "het tweede kwartaal".
WHEN_RE = re.compile(
    rf"\b\d{{1,2}}\s+(?:{MONTH_NAMES})(?:\s+\d{{4}})?|\b(?:{MONTH_NAMES})\s+\d{{4}}"
    r"|\b(?:in|per|vanaf|sinds|tot|eind|begin)\s+(?:19|20)\d{2}\b|\(\s*(?:19|20)\d{2}\s*\)"
    r"|\bQ[1-4]\s+(?:19|20)\d{2}\b|\bhet\s+(?:eerste|tweede|derde|vierde)\s+kwartaal\b", re.I)
# Not a measure: a request or advice to the government ("verzocht", "adviseerde"), or a survey
# statistic ("van de werknemers", "geeft aan", "uit onderzoek blijkt").
EXCLUDE_RE = re.compile(
    r"\bverzo(?:cht|ekt)\b|\badviseerde\b|\badviseert\b"
    r"|\bvan\s+(?:de|alle)\s+(?:werknemers|werkenden|werkgevers|thuiswerkers|ondervraagden)\b"
    r"|\bgeeft\s+aan\b|\bgeven\s+aan\b|\bblijkt\b|\bbleek\b|\bmeting\b", re.I)
# The amount lives in the sentence before: "heeft het kabinet deze middelen vrijgemaakt".
_BACK_REF_RE = re.compile(r"\bdeze\s+middelen\b|\bdit\s+bedrag\b", re.I)


@dataclass
class _Open:
    sentences: list[Sentence]
    cues: set[str]
    amount: str
    when: str
    when_weight: int


def _cues(text: str) -> set[str]:
    return {name for name, cue in CUES.items() if cue.search(text)}


def _amount(text: str, cues: set[str]) -> str:
    """The figure the measure is about: the first after its cue (“verruimd naar 3%”), else the first."""
    positions = [m.end() for name in cues if (m := CUES[name].search(text))]
    after = FIGURE_RE.search(text, min(positions)) if positions else None
    first = after or FIGURE_RE.search(text)
    return normalise(first.group(0)) if first else ""


def _when(text: str, document: Document) -> tuple[str, int]:
    """The measure's date or year, normalised ("2021-09-25", "2024", "Q2 2021", "december 2023"),
    and its weight: 2 when it says from/until when it applies ("per 1 januari 2022"), else 1."""
    m = WHEN_RE.search(text)
    if not m:
        return "", 0
    raw = normalise(m.group(0))
    weight = 2 if re.match(r"(?:per|vanaf|sinds|tot)\b", raw, re.I) or re.search(
        r"\b(?:per|vanaf|sinds|tot)\s+$", text[: m.start()], re.I) else 1
    ref = letter_date(document)
    day = DATE_RE.match(text, m.start()) or DATE_RE.search(raw)  # from the text: keeps "a.s."/"jl."
    if day:
        return resolve_date(day, ref) or raw, weight
    year = re.search(r"(?:19|20)\d{2}", raw)
    quarter = re.search(r"Q([1-4])|(eerste|tweede|derde|vierde)\s+kwartaal", raw, re.I)
    if quarter:
        q = quarter.group(1) or str(["eerste", "tweede", "derde", "vierde"].index(quarter.group(2).lower()) + 1)
        y = year.group(0) if year else (str(ref.year) if ref else "")
        return f"Q{q} {y}".strip(), weight
    if re.match(rf"(?:{MONTH_NAMES})\b", raw, re.I):
        return raw.lower(), weight
    return (year.group(0) if year else raw), weight


def _candidate(sent: Sentence, previous: Sentence | None, document: Document) -> _Open | None:
    text = sent.text
    cues = _cues(text)
    if not cues or EXCLUDE_RE.search(text):
        return None
    amount, (when, weight) = _amount(text, cues), _when(text, document)
    if not amount and previous is not None and _BACK_REF_RE.search(text):
        money = re.search(_MONEY, previous.text)
        amount = normalise(money.group(0)) if money else ""
    if not (amount or when):
        return None
    return _Open([sent], cues, amount, when, weight)


def _id(source: str, quote: str) -> str:
    return "m-" + hashlib.sha1(f"{source}\x00{quote}".encode()).hexdigest()[:12]


def extract_measures(document: Document, sents: list[Sentence], citer: Citer) -> list[Measure]:
    """All measures of one letter, in document order."""
    found: list[_Open] = []
    for i, sent in enumerate(sents):
        if sent.is_heading:
            continue
        previous = sents[i - 1] if i > 0 else None
        cand = _candidate(sent, previous, document)
        if cand is None:
            continue
        if re.fullmatch(_COUNT, cand.amount) and any(cand.amount == f.amount for f in found):
            continue  # the same count again ("16 projecten"): that measure is already listed
        last = found[-1] if found else None
        if last is not None and last.sentences[-1].paragraph == sent.paragraph and (
                last.sentences[-1].index == sent.index - 1 or last.cues & cand.cues):
            last.sentences.append(sent)
            last.cues |= cand.cues
            last.amount = last.amount or cand.amount
            if cand.when_weight > last.when_weight:
                last.when, last.when_weight = cand.when, cand.when_weight
            continue
        found.append(cand)
    out = []
    for f in found:
        first, final = f.sentences[0], f.sentences[-1]
        citation = citer.cite(first.start, final.end)
        out.append(Measure(id=_id(document.source, normalise(first.text)), text=normalise(first.text),
                           amount=f.amount, when=f.when, citation=citation))
    return out


__all__ = ["extract_measures"]
