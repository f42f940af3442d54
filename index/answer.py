"""Extractive question answering: the retrieved sentences that answer best, each cited.

Offline and without a language model. For a question we

1. retrieve ``k`` passages with the hybrid searcher;
2. split each passage into sentences (``ingest.dutch.sentence_spans``, cached per passage),
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

from index.analysis import PASSAGE_CACHE_SIZE, QueryTerms, passage_terms
from index.models import Hit, SearchMode
from ingest import dutch

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

_NUMBER_WORDS = (
    "twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
    "zestien|zeventien|achttien|negentien|twintig|dertig|veertig|vijftig|zestig|zeventig|"
    "tachtig|negentig|honderd|duizend|miljoen|miljard|helft|kwart|procent"
)
_NUMBER = re.compile(rf"\d|%|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)
_DATE = re.compile(
    rf"\b(?:{dutch.MONTH_NAMES})\b|\b(?:19|20)\d{{2}}\b|\b\d{{1,2}}[-/]\d{{1,2}}[-/]\d{{2,4}}\b|"
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

    def analyse(self, query: str) -> QueryTerms: ...

    def search(self, query: str | QueryTerms, k: int = 10, mode: SearchMode = SearchMode.HYBRID,
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
    """Content words of a text: Dutch stems (counted) and the folded words.

    ``joined``, ``long_stems`` and ``prefixes`` are look-up forms of the same
    stems and words, made once per text so that ``match`` costs a few set and
    substring look-ups rather than a loop over the text's stems.
    """

    stems: Counter
    words: frozenset[str]
    length: int = 0
    joined: str = ""
    long_stems: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()

    @classmethod
    def of_tokens(cls, tokens) -> "_Terms":
        kept = [t for t in tokens if _is_answer_word(t.word)]
        stems = Counter(t.stem for t in kept)
        words = frozenset(t.word for t in kept)
        return cls(stems, words, sum(stems.values()), "\x00".join(stems),
                   frozenset(s for s in stems if len(s) >= 5),
                   frozenset(w[:5] for w in words if len(w) >= 5))

    def match(self, stem: str, word: str) -> float:
        """1 for the stem itself; 0.5 for a compound holding it (or held by it) or the same
        5-letter start as written (``vraagt``/``vraag``, which the stemmer keeps apart)."""
        if stem in self.stems:
            return 1.0
        if len(stem) >= 5 and stem in self.joined:  # a longer stem of the text holds it
            return 0.5
        if self.long_stems and any(stem[i:j] in self.long_stems
                                   for i in range(len(stem) - 4) for j in range(i + 5, len(stem) + 1)):
            return 0.5
        if len(word) >= 5 and word[:5] in self.prefixes:
            return 0.5
        return 0.0


@dataclass(frozen=True)
class _Span:
    """A sentence of a passage, with its terms (cached per passage text)."""

    start: int
    end: int
    terms: _Terms


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


def _is_answer_word(word: str) -> bool:
    """A folded word that counts for matching answers: content, not a question word, not one letter."""
    return dutch.is_content(word) and word not in dutch.QUESTION_WORDS and (len(word) > 1 or word.isdigit())


def content_words(text: str) -> list[str]:
    """The folded content words of ``text`` (stop words and question words dropped)."""
    return [w for w in dutch.words(text) if _is_answer_word(w)]


def content_stems(text: str) -> list[str]:
    """Dutch-stemmed content words of ``text``."""
    return dutch.stem(content_words(text))


@lru_cache(maxsize=PASSAGE_CACHE_SIZE)
def _passage_sentences(text: str) -> tuple[_Terms, tuple[_Span, ...]]:
    """The terms of a passage and of each candidate sentence (whole sentences, not headings
    or questions); computed once per passage text from its cached tokens."""
    tokens = passage_terms(text).tokens
    spans = []
    for start, end in dutch.sentence_spans(text):
        sentence = text[start:end]
        if len(sentence) < MIN_SENTENCE_CHARS or _is_heading_or_question(sentence):
            continue
        inside = [t for t in tokens if start <= t.start and t.end <= end]
        spans.append(_Span(start, end, _Terms.of_tokens(inside)))
    return _Terms.of_tokens(tokens), tuple(spans)


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
    """The answer candidates: the whole sentences of every hit, not headings or questions."""
    out: list[_Sentence] = []
    for rank, hit in enumerate(hits):
        passage, spans = _passage_sentences(hit.text)
        out += [_Sentence(rank, hit, span.start, span.end, span.terms, passage) for span in spans]
    return out


def _is_heading_or_question(text: str) -> bool:
    """Headings, signatures and questions state nothing to quote as an answer."""
    words = len(text.split())
    if text.endswith("?") or words < 4:
        return True
    return not re.search(r"[.!:;)\"”»’]$", text) and words < 12


_HOW_PHRASE = re.compile(
    r"^\W*hoe\s+(?:hoog|groot|lang|laat|vaak|veel|duur|oud|snel|ver|zwaar|breed)\b", re.IGNORECASE)


def question_words(question: str | QueryTerms) -> list[str]:
    """The content words of a question, without its "hoe hoog/lang/vaak…" phrase (the cue covers that).

    From a ``QueryTerms`` its words are reused, not the text analysed again.
    """
    if not isinstance(question, QueryTerms):
        return content_words(_HOW_PHRASE.sub(" ", question))
    words = [w for w in question.words if _is_answer_word(w)]
    phrase = _HOW_PHRASE.match(question.text)
    if phrase:
        adjective = dutch.fold(phrase.group().split()[-1])
        if adjective in words:
            words.remove(adjective)
    return words


def _score_all(question: str, words: list[str], sentences: list[_Sentence]) -> list[tuple[float, float, float, _Sentence]]:
    """(score, coverage, own coverage, sentence) for every sentence.

    ``own coverage`` is the idf-weighted share of the question's content words
    the sentence holds; ``coverage`` lifts it by what its passage holds (a
    sentence saying "hiervoor € 5 miljoen" draws its subject from its neighbours).
    """
    terms = list(dict.fromkeys(zip(dutch.stem(words), words)))
    n = len(sentences)
    avg_len = sum(s.terms.length for s in sentences) / max(n, 1) or 1.0
    matches = [[s.terms.match(stem, word) for stem, word in terms] for s in sentences]
    by_stem: dict[str, float] = {}  # one idf per stem (two words of one stem: the later's)
    for i, (stem, _word) in enumerate(terms):
        df = sum(1 for row in matches if row[i] > 0)
        by_stem[stem] = math.log(1 + (n - df + 0.5) / (df + 0.5))
    idf = [by_stem[stem] for stem, _word in terms]
    total = sum(by_stem.values()) or 1.0
    cue = _cue(question)
    in_passage: dict[int, float] = {}  # the passage's share, once per passage
    scored = []
    for sentence, row in zip(sentences, matches):
        key = id(sentence.passage)
        if key not in in_passage:
            in_passage[key] = sum(w * sentence.passage.match(stem, word)
                                  for w, (stem, word) in zip(idf, terms))
        norm = BM25_K1 * (1 - BM25_B + BM25_B * sentence.terms.length / avg_len)
        score = covered = 0.0
        for w, (stem, _word), m in zip(idf, terms, row):
            if not m:
                continue
            tf = sentence.terms.stems.get(stem, 1)
            score += w * m * tf * (BM25_K1 + 1) / (tf + norm)
            covered += w * m
        if score and cue is not None and cue.search(sentence.text):
            score *= CUE_BONUS
        own, context = covered / total, in_passage[key] / total
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


def answer_from_hits(question: str | QueryTerms, hits: list[Hit]) -> Answer:
    """The extractive answer to ``question`` (its text, or its analysis) from retrieved ``hits``."""
    text = question.text if isinstance(question, QueryTerms) else question
    words = question_words(question)
    chosen = _pick(_score_all(text, words, _sentences(hits))) if words else []
    if not chosen:
        return Answer(text, NOT_FOUND, False, (), tuple(hits))
    citations = tuple(
        Citation(n, s.hit, s.text, s.start, s.end) for n, s in enumerate(chosen, start=1)
    )
    answer_text = " ".join(f"{_one_line(c.quote)} [{c.n}]" for c in citations)
    return Answer(text, answer_text, True, citations, tuple(hits))


def answer(question: str, searcher: SearcherLike, k: int = 8,
           filters: "SearchFilters | None" = None) -> Answer:
    """Answer ``question`` from the ``k`` passages the hybrid searcher finds for it (within ``filters``);
    a question about what became of a motion or commitment from the registry's timeline.

    The question is analysed once (``searcher.analyse``); search and answerer share that analysis.
    """
    settled = registry_status_answer(question, searcher) if filters is None else None
    if settled is not None:
        return settled
    terms = searcher.analyse(question)
    hits = searcher.search(terms, k=k, mode=SearchMode.HYBRID, filters=filters)
    return answer_from_hits(terms, hits)


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
