"""Extractive question answering: the retrieved sentences that answer best, each cited.

Offline and without a language model. For a question we

1. retrieve ``k`` passages with the hybrid searcher;
2. split each passage into sentences (Dutch abbreviations and initials kept whole),
   leaving out headings, signatures and questions;
3. score every sentence against the question: BM25 over Dutch-stemmed content
   words (idf taken over the retrieved sentences), partial credit for compounds
   (``thuiswerk`` inside ``thuiswerkkostenvergoeding``) and shared word starts
   (``vraagt``/``vraag``), a bonus when the sentence has what the question type
   asks for (``Hoeveel`` → a number, ``Wanneer`` → a date, ``Wie`` → a name,
   ``Waarom`` → a reason), weighted by how much of the question its passage
   covers and by a mild prior for the passage's retrieval rank;
4. keep the best 1–3 sentences, each followed by ``[n]``, where citation ``n``
   is the passage that holds that exact sentence.

A relevance floor guards against answering with unrelated text: a sentence is
only eligible when it (together with its passage) covers at least
``MIN_COVERAGE`` of the question's idf-weighted content words; when none does,
the answer is ``NOT_FOUND`` with no citations.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from index.models import Hit, SearchMode

if TYPE_CHECKING:
    from index.models import SearchFilters

NOT_FOUND = "Geen passage gevonden die deze vraag beantwoordt."
MIN_COVERAGE = 0.45  # share of the question's idf weight an answer sentence must cover
MAX_SENTENCES = 3
SECOND_SENTENCE_RATIO = 0.55  # a further sentence must score at least this share of the best
MIN_SENTENCE_CHARS = 25
RANK_DECAY = 0.1  # sentence score × 1 / (1 + RANK_DECAY × passage rank)
CUE_BONUS = 1.6
BM25_K1, BM25_B = 1.2, 0.75

# Words that carry no content in a question (on top of the Dutch stopword list).
_QUESTION_WORDS = frozenset(
    """
    hoeveel wanneer wie wat welke welk waarom hoe waar waarmee waarover waardoor waarvoor
    waarin waaruit wordt worden werd werden zijn is was waren heeft hebben had hadden
    kan kunnen kon konden moet moeten zal zullen zou zouden gaat gaan ging krijgt krijgen
    doet doen gedaan gebeurt gebeurd staat stond precies eigenlijk volgens noemt genoemd
    er al nog ook dan toe aan over uit bij sinds per welke soort aantal vaak veel
    """.split()
)
_ABBREVIATIONS = frozenset(
    """
    nr nrs o.a bijv bv d.w.z m.b.t art blz mr dhr mw mevr ca jl e.d etc vgl zgn resp
    incl excl t.a.v i.v.m p pag e.a m.i.v a.s z.s.m d.d st prof dr ing ir drs
    """.split()
)
_NUMBER_WORDS = (
    "twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
    "zestien|zeventien|achttien|negentien|twintig|dertig|veertig|vijftig|zestig|zeventig|"
    "tachtig|negentig|honderd|duizend|miljoen|miljard|helft|kwart|procent"
)
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"

_WORD = re.compile(r"\w+", re.UNICODE)
_BOUNDARY = re.compile(r"[.!?][\"'»”’)]*\s+|\n\s*\n|\n(?=\s*(?:[-•–*]|\d+[.)])\s)")
_NUMBER = re.compile(rf"\d|%|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)
_DATE = re.compile(
    rf"\b(?:{_MONTHS})\b|\b(?:19|20)\d{{2}}\b|\b\d{{1,2}}[-/]\d{{1,2}}[-/]\d{{2,4}}\b|"
    r"\b(?:voorjaar|najaar|zomer|winter|kwartaal|maandag|dinsdag|woensdag|donderdag|vrijdag)\b",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"(?<=[\w,;:] )[A-Z][a-zà-ÿ]{2,}|\b(?:minister|staatssecretaris|kabinet|lid|leden|"
    r"werkgevers?|werknemers?|SER|TNO|Kamer)\b"
)
_REASON = re.compile(r"\b(?:omdat|doordat|vanwege|daarom|zodat|wegens|teneinde|reden)\b", re.IGNORECASE)


class SearcherLike(Protocol):
    """What the answerer needs of ``index.search.Searcher``."""

    def search(self, query: str, k: int = 10, mode: SearchMode = SearchMode.HYBRID,
               filters: "SearchFilters | None" = None) -> list[Hit]: ...

    def hits(self, query: str, ranked: list[tuple[str, float]]) -> list[Hit]: ...

    @property
    def catalog(self) -> Any: ...


@dataclass(frozen=True)
class Citation:
    """Citation ``[n]``: ``quote`` is exactly ``hit.text[start:end]``."""

    n: int
    hit: Hit
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    found: bool
    citations: tuple[Citation, ...]
    passages: tuple[Hit, ...]


@dataclass(frozen=True)
class _Terms:
    """Content words of a text: Dutch stems (counted) and the words as written."""

    stems: Counter
    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> "_Terms":
        words = content_words(text)
        return cls(Counter(_stemmer().stemWords(words)), frozenset(words))

    def match(self, stem: str, word: str) -> float:
        """1 for the stem itself; 0.5 for a compound holding it (or held by it) or the same
        5-letter start as written (``vraagt``/``vraag``, which the stemmer keeps apart)."""
        if stem in self.stems:
            return 1.0
        if len(stem) >= 5 and any(stem in s for s in self.stems if len(s) > len(stem)):
            return 0.5
        if any(len(s) >= 5 and s in stem for s in self.stems):
            return 0.5
        if len(word) >= 5 and any(len(w) >= 5 and w[:5] == word[:5] for w in self.words):
            return 0.5
        return 0.0


@dataclass(frozen=True)
class _Sentence:
    rank: int  # retrieval rank of its passage, 0 first
    hit: Hit
    start: int
    end: int
    terms: _Terms
    passage: _Terms

    @property
    def text(self) -> str:
        return self.hit.text[self.start:self.end]


# --------------------------------------------------------------------------- text


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("dutch")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_DUTCH

    return frozenset(STOPWORDS_DUTCH) | _QUESTION_WORDS


def content_words(text: str) -> list[str]:
    """The lower-cased content words of ``text`` (stopwords and question words dropped)."""
    stop = _stopwords()
    return [w for w in _WORD.findall(text.lower()) if w not in stop and (len(w) > 1 or w.isdigit())]


def content_stems(text: str) -> list[str]:
    """Dutch-stemmed content words of ``text``."""
    return _stemmer().stemWords(content_words(text))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: ends at . ! ? before a capital, at blank lines and list items.

    A full stop after an abbreviation (``nr.``, ``o.a.``, ``bijv.``) or an
    initial (``M.I. Hamer``) does not end a sentence, nor does one followed by
    a lower-case letter.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if text[match.start()] == "." and not _ends_sentence(text, match.start(), end):
            continue
        spans.append((start, match.start() + (1 if text[match.start()] in ".!?" else 0)))
        start = end
    spans.append((start, len(text)))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


def _ends_sentence(text: str, dot: int, after: int) -> bool:
    word = re.search(r"([\w.]+)$", text[max(0, dot - 12):dot])
    token = word.group(1).lower() if word else ""
    if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return False
    if re.fullmatch(r"(?:\w\.)+\w", token):  # d.w.z, o.a, M.I
        return False
    nxt = text[after:after + 1]
    return not nxt or not nxt.islower()


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- scoring


def _cue(question: str) -> re.Pattern[str] | None:
    """What the question type asks for, as a pattern a good answer sentence contains."""
    q = question.lower().lstrip(" ¿\"'«“")
    if re.match(r"(hoeveel|hoe veel|hoe vaak|hoe groot|hoe hoog|welk percentage|welk aantal|wat kost)", q):
        return _NUMBER
    if re.match(r"(wanneer|sinds wanneer|per wanneer|tot wanneer|in welk jaar|op welke datum|welke datum)", q):
        return _DATE
    if re.match(r"(wie|door wie|van wie|welke minister|welk lid)", q):
        return _NAME
    if re.match(r"(waarom|om welke reden)", q):
        return _REASON
    return None


def _sentences(hits: list[Hit]) -> list[_Sentence]:
    """The answer candidates: whole sentences, not headings or questions."""
    out: list[_Sentence] = []
    for rank, hit in enumerate(hits):
        passage = _Terms.of(hit.text)
        for start, end in split_sentences(hit.text):
            text = hit.text[start:end]
            if len(text) < MIN_SENTENCE_CHARS or _is_heading_or_question(text):
                continue
            out.append(_Sentence(rank, hit, start, end, _Terms.of(text), passage))
    return out


def _is_heading_or_question(text: str) -> bool:
    """Headings, signatures and questions state nothing to quote as an answer."""
    words = len(text.split())
    if text.endswith("?") or words < 4:
        return True
    return not re.search(r"[.!:;)\"”»’]$", text) and words < 12


_HOW_PHRASE = re.compile(
    r"^\W*hoe\s+(?:hoog|groot|lang|laat|vaak|veel|duur|oud|snel|ver|zwaar|breed)\b", re.IGNORECASE)


def question_words(question: str) -> list[str]:
    """The content words of a question, without its "hoe hoog/lang/vaak…" phrase (the cue covers that)."""
    return content_words(_HOW_PHRASE.sub(" ", question))


def _score_all(question: str, sentences: list[_Sentence]) -> list[tuple[float, float, float, _Sentence]]:
    """(score, coverage, own coverage, sentence) for every sentence.

    ``own coverage`` is the idf-weighted share of the question's content words
    the sentence holds; ``coverage`` lifts it by what its passage holds (a
    sentence saying "hiervoor € 5 miljoen" draws its subject from its neighbours).
    """
    words = question_words(question)
    terms = list(dict.fromkeys(zip(_stemmer().stemWords(words), words)))
    n = len(sentences)
    avg_len = sum(sum(s.terms.stems.values()) for s in sentences) / max(n, 1) or 1.0
    idf = {}
    for stem, word in terms:
        df = sum(1 for s in sentences if s.terms.match(stem, word) > 0)
        idf[stem] = math.log(1 + (n - df + 0.5) / (df + 0.5))
    total = sum(idf.values()) or 1.0
    cue = _cue(question)
    scored = []
    for sentence in sentences:
        length = sum(sentence.terms.stems.values())
        norm = BM25_K1 * (1 - BM25_B + BM25_B * length / avg_len)
        score = covered = in_passage = 0.0
        for stem, word in terms:
            in_passage += idf[stem] * sentence.passage.match(stem, word)
            m = sentence.terms.match(stem, word)
            if not m:
                continue
            tf = sentence.terms.stems.get(stem, 1)
            score += idf[stem] * m * tf * (BM25_K1 + 1) / (tf + norm)
            covered += idf[stem] * m
        if score and cue is not None and cue.search(sentence.text):
            score *= CUE_BONUS
        own, context = covered / total, in_passage / total
        score *= (0.5 + 0.5 * context) / (1 + RANK_DECAY * sentence.rank)
        scored.append((score, max(own, (own + context) / 2), own, sentence))
    return scored


def _pick(scored: list[tuple[float, float, float, _Sentence]]) -> list[_Sentence]:
    """The best sentence above the relevance floor, plus up to two more that score
    close to it, cover the question by themselves and say something new."""
    ranked = sorted((x for x in scored if x[0] > 0 and x[1] >= MIN_COVERAGE),
                    key=lambda x: (-x[0], x[3].rank, x[3].start))
    if not ranked:
        return []
    best = ranked[0][0]
    chosen: list[_Sentence] = []
    seen: set[str] = set()
    for score, _coverage, own, sentence in ranked:
        if len(chosen) == MAX_SENTENCES or score < SECOND_SENTENCE_RATIO * best:
            break
        key = _one_line(sentence.text).lower()
        if key in seen or (chosen and own < MIN_COVERAGE) or any(_similar(sentence, c) for c in chosen):
            continue
        seen.add(key)
        chosen.append(sentence)
    return chosen


def _similar(a: _Sentence, b: _Sentence) -> bool:
    sa, sb = set(a.terms.stems), set(b.terms.stems)
    return bool(sa and sb) and len(sa & sb) / len(sa | sb) >= 0.7


# --------------------------------------------------------------------------- public


def answer_from_hits(question: str, hits: list[Hit]) -> Answer:
    """The extractive answer to ``question`` from already retrieved ``hits`` (best first)."""
    chosen = _pick(_score_all(question, _sentences(hits))) if question_words(question) else []
    if not chosen:
        return Answer(question, NOT_FOUND, False, (), tuple(hits))
    citations = tuple(
        Citation(n, s.hit, s.text, s.start, s.end) for n, s in enumerate(chosen, start=1)
    )
    text = " ".join(f"{_one_line(c.quote)} [{c.n}]" for c in citations)
    return Answer(question, text, True, citations, tuple(hits))


def answer(question: str, searcher: SearcherLike, k: int = 8,
           filters: "SearchFilters | None" = None) -> Answer:
    """Answer ``question`` from the ``k`` passages the hybrid searcher finds for it (within ``filters``);
    a question about what became of a motion or commitment from the registry's timeline."""
    settled = registry_status_answer(question, searcher) if filters is None else None
    if settled is not None:
        return settled
    hits = searcher.search(question, k=k, mode=SearchMode.HYBRID, filters=filters)
    return answer_from_hits(question, hits)


def registry_status_answer(question: str, searcher: SearcherLike) -> Answer | None:
    """The hook to ``index.registry_answer``: its text and cited mentions as an ``Answer``."""
    from index.registry_answer import answer_from_registry, locate

    found = answer_from_registry(question, searcher.catalog.connection)
    if found is None:
        return None
    hits = {h.chunk_id: h for h in searcher.hits(question, [(c.chunk_id, 0.0) for c in found.citations])}
    citations = []
    for n, c in enumerate(found.citations, start=1):
        hit = hits[c.chunk_id]
        start, end = locate(hit.text, c.quote)
        citations.append(Citation(n, hit, hit.text[start:end] if end else c.quote, start, end))
    return Answer(question, found.text, True, tuple(citations), tuple(hits.values()))
