"""Extractive question answering: the sentence that carries what the question asks for, cited.

Offline and without a language model. For a question we

1. analyse it (``index.question``): the answer type it expects — an amount, a
   percentage, a count, a date, a person or body, yes/no, a reason, a list, a
   status — and its focus words;
2. retrieve ``k`` passages with the hybrid searcher, the question analysed once
   (``QueryTerms``) for search and answerer alike;
3. take every sentence of those passages as a candidate (``index.candidates``, ``ingest.dutch``
   sentences, cached per passage), and every ``label value`` line of a form-like
   block (``Datum ontvangst 25 november 2021``); page chrome (running headers
   and footers such as ``Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 3``) is
   never a candidate nor part of one; headings and questions are left out;
4. score each candidate against the focus words — BM25 over Dutch stems, idf
   over the candidates, partial credit for compounds and shared word starts,
   lifted by what its passage covers, with a mild prior for retrieval rank —
   and by its typed spans (``index.spans``): a sentence that holds a span of the
   expected type near the focus words gains, one without loses;
5. answer with the best sentence and, marked as ``answer_span``, its best span
   (``€ 2,35``, ``25 september 2021``, ``de leden Van Weyenberg en Maatoug``, the
   ``doordat …`` clause of a reason); a second sentence where the question needs
   it (the cause before ``daarom``, the items of a list) or, for untyped
   questions, where it scores close and says something new;
6. abstain (``NOT_FOUND``) when the best answer's confidence — the idf-weighted
   share of the focus words it covers with its passage, lowered when it lacks
   the expected type — is under ``MIN_CONFIDENCE``, chosen on the dev questions
   (see below).

Each citation is the passage that holds the quoted sentence, with the
sentence's own page and the quote exactly as in the document (``offset`` into
the body, ``quote == hit.text[start:end]``).

``MIN_CONFIDENCE`` was swept over 0.30–0.70 on eval/data/ask_questions.jsonl
(``python -m eval.answers --sweep``); the README has the table.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any, Protocol

from index.analysis import QueryTerms, Token
from index.candidates import Sentence, candidates_of, content_words, continues, is_answer_word, one_line
from index.models import Hit, SearchFilters, SearchMode
from index.question import TYPED, AnswerType, Question, analyse_question, is_negative
from index.registry_answer import answer_from_registry, locate
from index.spans import TypedSpan, date_value, typed_spans
from ingest import dutch

NOT_FOUND = "Geen passage gevonden die deze vraag beantwoordt."
MIN_CONFIDENCE = 0.45  # the best answer's confidence must reach this (swept on the dev questions: README)
FOLLOWING_DEPTH = (2, 1, 1)  # passages read after the first, second and third hit
MAX_SENTENCES = 3
MAX_LIST_PARTS = 5  # a list's introduction and its items
STATUS_REACH = 15  # candidates to look ahead (within the section) for the sentence that settles a status
SECOND_SENTENCE_RATIO = 0.55  # a further sentence must score at least this share of the best
RANK_DECAY = 0.1  # sentence score × 1 / (1 + RANK_DECAY × passage rank)
TYPE_BONUS = 1.5  # score × (1 + TYPE_BONUS × nearness) with a span of the expected type
MISSING_TYPE = 0.35  # score × this without one
YEAR_WEIGHT = 0.3  # idf × this for a year in the question
LEAD_SHARE = 0.8  # what a sentence inherits of the focus words in the sentence it continues
NEIGHBOUR_SHARE = 0.3  # … and of those in the sentence before it in any case
MISSING_REASON = 0.7  # a reason needs no marker word as much ("…, met piekdrukte tot gevolg")
MISSING_TYPE_CONFIDENCE = 0.8  # confidence × this without one
BM25_K1, BM25_B = 1.2, 0.75

# Running heads and feet of published parliamentary documents, and bare page numbers.
_ANAPHOR = re.compile(r"^\W*(?:deze|dit|dat|die|zo|daarnaast|bovendien|verder|ook|hiervan|daarvan|hiermee|daarmee|hierdoor|daardoor|daarom|"
                     r"zij|ze|hij|het\sgaat|het\sbetreft|denk|zoals|dat\skomt|dit\skomt)\b", re.IGNORECASE)
# A sentence that refers back in its first words: "Hiervan zijn er 627 …", "Ik beschouw deze motie …".
_REFERS_BACK = re.compile(r"^\W*(?:\S+\s+){0,4}?(?:hiervan|daarvan|hiermee|daarmee|hierdoor|daardoor|hiervoor|"
                          r"daarvoor|hierbij|daarbij|deze|dit|dat|die|zij|ze)\b", re.IGNORECASE)
_BACK_REFERENCE = re.compile(r"^\W*(?:daarom|hierdoor|daardoor|dit komt|om die reden|hiermee|dat)\b",
                             re.IGNORECASE)


class SearcherLike(Protocol):
    """What the answerer needs of ``index.search.Searcher``."""

    def analyse(self, query: str) -> QueryTerms: ...

    def following(self, hit: Hit) -> Hit | None: ...

    def closing(self, hit: Hit) -> Hit | None: ...

    def search(self, query: str | QueryTerms, k: int = 10, mode: SearchMode = SearchMode.HYBRID,
               filters: SearchFilters | None = None) -> list[Hit]: ...

    def hits(self, query: str, ranked: list[tuple[str, float]]) -> list[Hit]: ...

    @property
    def catalog(self) -> Any: ...


@dataclass(frozen=True)
class Citation:
    """Citation ``[n]``: ``quote`` is exactly ``hit.text[start:end]``, on page ``page``.

    ``offset`` is where the quote starts in the document's body; ``answer_span``
    is the (start, end) of what the question asked for within the quote, if any.
    """

    n: int
    hit: Hit
    quote: str
    start: int
    end: int
    page: int = 0
    offset: int = 0
    answer_span: tuple[int, int] | None = None
    answer_value: str | None = None  # the span normalised: "5000000" for € 5 miljoen, "2021-11-25" for a date


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    found: bool
    citations: tuple[Citation, ...]
    passages: tuple[Hit, ...]
    type: AnswerType = AnswerType.OTHER
    confidence: float = 0.0


@dataclass(frozen=True)
class _Scored:
    score: float
    coverage: float  # own coverage lifted by the passage's
    own: float  # idf-weighted share of the focus words the candidate itself holds
    sentence: Sentence
    typed: TypedSpan | None  # the span of the expected type it offers, if any
    expects_span: bool = False  # the question's type is one a span answers
    follow: Sentence | None = None  # the next sentence, when it holds the span ("Deze … tot 31 december")
    lead: Sentence | None = None  # the sentence this one continues ("Hiervan zijn er 627 …")

    @property
    def confidence(self) -> float:
        return self.coverage * (MISSING_TYPE_CONFIDENCE if self.missing_type else 1.0)

    @property
    def missing_type(self) -> bool:
        return self.typed is None and self.expects_span


_HOW_PHRASE = re.compile(
    r"^\W*hoe\s+(?:hoog|groot|lang|laat|vaak|veel|duur|oud|snel|ver|zwaar|breed)\b", re.IGNORECASE)


def question_words(question: str | QueryTerms) -> list[str]:
    """The content words of a question, without its "hoe hoog/lang/vaak…" phrase (the type covers that).

    From a ``QueryTerms`` its words are reused, not the text analysed again.
    """
    if not isinstance(question, QueryTerms):
        return content_words(_HOW_PHRASE.sub(" ", question))
    words = [w for w in question.words if is_answer_word(w)]
    phrase = _HOW_PHRASE.match(question.text)
    if phrase:
        adjective = dutch.fold(phrase.group().split()[-1])
        if adjective in words:
            words.remove(adjective)
    return words


def _score_all(question: Question, sentences: list[Sentence]) -> list[_Scored]:
    """Every candidate scored against the focus words and the expected type.

    ``own`` is the idf-weighted share of the focus words the candidate holds;
    ``coverage`` lifts it by what its passage holds (a sentence saying "hiervoor
    € 5 miljoen" draws its subject from its neighbours).
    """
    words = list(question.focus)
    terms = list(dict.fromkeys(zip(dutch.stem(words), words)))
    n = len(sentences)
    avg_len = sum(s.terms.length for s in sentences) / max(n, 1) or 1.0
    matches = [[s.terms.match(stem, word) for stem, word in terms] for s in sentences]
    by_stem: dict[str, float] = {}  # one idf per stem (two words of one stem: the later's)
    for i, (stem, _word) in enumerate(terms):
        df = sum(1 for row in matches if row[i] > 0)
        by_stem[stem] = math.log(1 + (n - df + 0.5) / (df + 0.5))
    for stem, _word in terms:  # a year weighs little: it is checked as a constraint instead
        if _YEAR.fullmatch(stem):
            by_stem[stem] *= YEAR_WEIGHT
    idf = [by_stem[stem] for stem, _word in terms]
    total = sum(by_stem.values()) or 1.0
    expects_span = question.type in TYPED or question.type in (AnswerType.REASON, AnswerType.LIST)
    strict = question.type in TYPED  # without a span of its type a candidate is a weak answer
    asked = " ".join(question.text.lower().split())
    in_passage: dict[int, float] = {}  # the passage's share, once per passage
    scored = []
    for index, (sentence, row) in enumerate(zip(sentences, matches)):
        lead = _lead(sentence, sentences, index)
        if lead is not None:  # a sentence that continues the one before it shares its subject
            row = [max(m, LEAD_SHARE * p) for m, p in zip(row, matches[index - 1])]
        elif _previous(sentence, sentences, index) is not None:  # and any sentence a little of its context
            row = [max(m, NEIGHBOUR_SHARE * p) for m, p in zip(row, matches[index - 1])]
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
        typed = None
        follow = None
        if sentence.span.field and not (strict and any(t.type is question.type for t in typed_spans(sentence.text))):
            score = 0.0  # a form line or title line answers only a question for its value
        if sentence.span.asked and question.type is not AnswerType.LIST:
            score = 0.0
        if score and expects_span:
            typed, nearness = _best_span(question, sentence, terms, idf, row, asked)
            if (typed is None or _weak_status(sentence, typed)) and \
                    (follow := _follow_up(sentence, sentences, index, question.type is AnswerType.STATUS)) is not None:
                typed, nearness = _best_span(question, follow, terms, idf, [1.0] * len(terms), asked)
                nearness *= 0.8 if typed else 0.0
                follow = follow if typed else None
            missing = MISSING_TYPE if strict else MISSING_REASON
            if question.type is AnswerType.LIST and typed is None and _introduces_items(sentence, sentences, index):
                missing = 1 + TYPE_BONUS  # "… langs drie lijnen:" and its items are the list
            score *= (1 + TYPE_BONUS * nearness) if typed else missing
        own, context = covered / total, in_passage[key] / total
        score *= (0.5 + 0.5 * context) / (1 + RANK_DECAY * sentence.rank)
        coverage = max(own, (own + context) / 2) * _constraint_factor(question, sentence, lead, passage=True)
        if sentence.span.field:  # a title or form line speaks for its passage
            coverage = max(coverage, context)
        score *= _constraint_factor(question, sentence, lead)
        scored.append(_Scored(score, coverage, own, sentence, typed, strict, follow, lead))
    return scored


_NUMBER_WORD = re.compile(r"\d")
_YEAR = re.compile(r"(?:19|20)\d{2}")


def _constraint_factor(question: Question, sentence: Sentence, lead: Sentence | None,
                       passage: bool = False) -> float:
    """Halve a candidate that lacks a number, year or name the question names: "… in 2022?"
    asks about another fact than a sentence about 2019 states, "… de motie-Chakor?" about
    another motion than Kröger's. A year is also met by the document's own date; names are
    looked for in the whole passage; ``passage`` checks numbers there too."""
    numbers = [w for w in question.focus if _NUMBER_WORD.search(w)]
    factor = 1.0
    if numbers:
        if passage:
            words = sentence.passage.words
        else:
            words = sentence.terms.words | (lead.terms.words if lead is not None else frozenset())
        year = sentence.hit.date[:4]
        if any(w not in words and w != year for w in numbers):
            factor *= 0.5
    names = [w for w in question.names if w not in sentence.passage.words]  # passage words include the heading
    if names:
        factor *= 0.5
    return factor


def _lead(sentence: Sentence, sentences: list[Sentence], index: int) -> Sentence | None:
    """The previous candidate of the same passage when this one refers back to it in its first words."""
    return _previous(sentence, sentences, index) if _REFERS_BACK.match(sentence.text) else None


def _previous(sentence: Sentence, sentences: list[Sentence], index: int) -> Sentence | None:
    """The candidate just before this one in the same passage, if any."""
    if index == 0:
        return None
    prev = sentences[index - 1]
    return prev if continues(prev, sentence, 1) else None


def _follow_up(sentence: Sentence, sentences: list[Sentence], index: int,
               final_status: bool = False) -> Sentence | None:
    """The next candidate of the same passage when it continues this one ("Deze maatregel …",
    "Dit komt …"); with ``final_status``, when it refers back and settles a status ("… als afgedaan")."""
    for step in range(1, STATUS_REACH + 1 if final_status else 2):  # a status may be settled further on
        if index + step >= len(sentences):
            return None
        nxt = sentences[index + step]
        if not continues(sentence, nxt, step):
            return None
        if not final_status:
            return nxt if _ANAPHOR.match(nxt.text) else None
        final = any(s.type is AnswerType.STATUS and not _weak_status(nxt, s) for s in typed_spans(nxt.text))
        if final and _SETTLES.search(nxt.text):
            return nxt
    return None


# A sentence that settles what came before: "Ik beschouw … hiermee als afgedaan", "… deze motie …".
_SETTLES = re.compile(r"\b(?:hiermee|daarmee|deze\s+motie|deze\s+moties|de\s+benoemde|de\s+motie)\b",
                      re.IGNORECASE)


_WEAK_STATUS = re.compile(r"invulling|toegezegd|uitvoering|aangehouden|opgevolgd", re.IGNORECASE)


def _weak_status(sentence: Sentence, span: TypedSpan | None) -> bool:
    """A status on the way (``invulling aan``, ``toegezegd``) rather than a settled one (``afgedaan``)."""
    return span is not None and span.type is AnswerType.STATUS and bool(
        _WEAK_STATUS.search(sentence.text[span.start:span.end]))


def _folded_alnum(text: str) -> str:
    return " ".join(dutch.words(text))


def _best_span(question: Question, sentence: Sentence, terms, idf: list[float], row: list[float],
               asked: str) -> tuple[TypedSpan | None, float]:
    """The span of the expected type that sits best among the focus words, and how well (0–1).

    Each focus word found in the sentence counts with its idf, the more the
    nearer it stands to the span; a span the question itself states (``in 2022``
    in "… in 2022?") is no answer, nor the first value of "van X naar Y".
    """
    text = sentence.text
    spans = [s for s in typed_spans(text) if s.type is question.type
             and not _stated_in(text[s.start:s.end], asked) and not _from_value(text, s)
             and not (s.type is AnswerType.PERSON and _mostly_asked(text[s.start:s.end], asked))]
    if not spans:
        return None, 0.0
    base = sentence.span.start
    present = [(w, [(t.start - base, t.end - base) for t in sentence.span.tokens if _token_matches(t, stem, word)])
               for (stem, word), w, m in zip(terms, idf, row) if m]
    weight = sum(w for w, places in present if places) or 1.0
    best, best_fit = spans[0], -1.0
    for span in spans:
        fit = sum(w * max((1.0 / (1.0 + max(span.start - e, s - span.end, 0) / 25.0) for s, e in places),
                          default=0.0) for w, places in present) / weight
        if fit > best_fit + 1e-9:
            best, best_fit = span, fit
    return best, max(best_fit, 0.3)


def _stated_in(span_text: str, asked: str) -> bool:
    """Whether the question itself states this span (compared as lower-case text with word edges)."""
    needle = " ".join(span_text.lower().split())
    return bool(re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", asked))


def _mostly_asked(span_text: str, asked: str) -> bool:
    """Whether half or more of a name's words are words of the question (the question names it)."""
    words = dutch.words(span_text)
    asked_words = set(dutch.words(asked))
    return bool(words) and sum(w in asked_words for w in words) * 2 >= len(words)


_FROM_TO = re.compile(r"\bvan\s*$")


def _from_value(text: str, span: TypedSpan) -> bool:
    """Whether ``span`` is the first value of "van X naar Y" (a change: Y is the current value)."""
    return bool(_FROM_TO.search(text[max(0, span.start - 6):span.start])) and \
        re.match(r"\s*(?:in\s\d{4}\s)?naar\b", text[span.end:span.end + 12]) is not None


def _token_matches(token: Token, stem: str, word: str) -> bool:
    return token.stem == stem or token.word == word or (len(stem) >= 5 and stem in token.stem)


def _pick(question: Question, scored: list[_Scored], min_confidence: float) -> list[_Scored]:
    """The best candidate if confident enough, and the sentences the question type needs with it."""
    ranked = sorted((x for x in scored if x.score > 0 and x.confidence >= min_confidence),
                    key=lambda x: (-x.score, x.sentence.rank, x.sentence.start))
    if not ranked:
        return []
    best = ranked[0]
    if question.type is AnswerType.LIST:
        return _with_items(best, scored)
    if best.follow is not None:  # the span is in the next sentence: quote both, mark it there
        return [replace(best, typed=None), replace(best, sentence=best.follow, follow=None)]
    if best.lead is not None:  # "Hiervan zijn er 627 …": quote the sentence it continues first
        return [replace(best, sentence=best.lead, typed=None, lead=None), best]
    if question.type in TYPED:
        return [best]
    if question.type is AnswerType.REASON:
        return _with_cause(best, scored)
    chosen = [best]
    seen = {one_line(best.sentence.text).lower()}
    for other in ranked[1:]:
        if len(chosen) == MAX_SENTENCES or other.score < SECOND_SENTENCE_RATIO * best.score:
            break
        key = one_line(other.sentence.text).lower()
        if key in seen or other.own < min_confidence or any(_similar(other.sentence, c.sentence) for c in chosen):
            continue
        seen.add(key)
        chosen.append(other)
    return chosen


def _neighbour(item: _Scored, scored: list[_Scored], step: int) -> _Scored | None:
    """The candidate ``step`` places after (or, negative, before) ``item``, in its passage or the next."""
    current = item
    for _ in range(abs(step)):  # one candidate at a time, so that a walk can cross several passages
        if step < 0:
            current = next((x for x in scored if continues(x.sentence, current.sentence, 1)), None)
        else:
            current = next((x for x in scored if continues(current.sentence, x.sentence, 1)), None)
        if current is None:
            return None
    return current


def _with_cause(best: _Scored, scored: list[_Scored]) -> list[_Scored]:
    """A reason sentence that points back ("Daarom …", "Dit komt doordat …") with the sentence before it."""
    before = _neighbour(best, scored, -1)
    if before is not None and _BACK_REFERENCE.match(best.sentence.text):
        return [before, best]
    return [best]


def _introduces_items(sentence: Sentence, sentences: list[Sentence], index: int) -> bool:
    """Whether a sentence ends in a colon and list items follow it in its passage."""
    return sentence.text.rstrip().endswith(":") and index + 1 < len(sentences) and \
        sentences[index + 1].hit.chunk_id == sentence.hit.chunk_id and sentences[index + 1].span.list_item


def _with_items(best: _Scored, scored: list[_Scored]) -> list[_Scored]:
    """A list: the best candidate with the rest of its list — the items after an introduction
    ending in a colon (numbered items also when text stands between them), the enumeration or
    items in the next sentence, and enumerations just before it (a list split over sentences)."""
    if best.follow is not None:
        return [replace(best, typed=None), replace(best, sentence=best.follow, follow=None)]
    chosen = [best]
    intro = best.sentence.text.rstrip().endswith(":")
    step, number = 1, 1
    while len(chosen) < MAX_LIST_PARTS:
        nxt = _neighbour(best, scored, step)
        if nxt is None:
            break
        step += 1
        numbered = re.match(rf"\s*{number}[.)]\s", nxt.sentence.text)
        if intro and numbered:
            chosen.append(nxt)
            number += 1
        elif intro and number > 1:
            continue  # text between numbered items
        elif nxt.sentence.span.list_item and (intro or len(chosen) > 1 or best.sentence.span.list_item):
            chosen.append(nxt)
        else:
            break
    if not intro and best.typed is not None:  # an enumeration one or two sentences before belongs to it
        before = [_neighbour(best, scored, -b) for b in (1, 2)]
        reach = max((b for b, x in zip((1, 2), before) if x is not None and x.typed is not None), default=0)
        if reach and all(x is not None for x in before[:reach]):
            chosen = [*reversed(before[:reach]), *chosen][:MAX_LIST_PARTS]
    return chosen


def _similar(a: Sentence, b: Sentence) -> bool:
    sa, sb = set(a.terms.stems), set(b.terms.stems)
    return bool(sa and sb) and len(sa & sb) / len(sa | sb) >= 0.7


def _citation(n: int, item: _Scored) -> Citation:
    """Citation ``n`` of a chosen candidate: its page, its offset in the body, its answer span."""
    sentence = item.sentence
    span = (item.typed.start, item.typed.end) if item.typed is not None and item.typed.type is not AnswerType.LIST \
        else None
    value = normalised(item.typed, sentence.text) if span else None
    return Citation(n, sentence.hit, sentence.text, sentence.start, sentence.end,
                    page=sentence.hit.page_at(sentence.start), offset=sentence.hit.start + sentence.start,
                    answer_span=span, answer_value=value)


def normalised(span: TypedSpan, text: str) -> str | None:
    """A typed span's value as plain text: a number for amounts (in euros), percentages and counts,
    an ISO date (or year-month, or year) for dates by dateparser; None for the other kinds."""
    if span.type is AnswerType.DATE:
        return date_value(text[span.start:span.end])
    if span.value is None or span.type not in (AnswerType.AMOUNT, AnswerType.PERCENTAGE, AnswerType.COUNT):
        return None
    return f"{span.value:.10g}"


def _verdict(question: Question, best: _Scored) -> str:
    """``Ja. `` or ``Nee. `` before the ground of a yes/no question, when the ground covers it well."""
    if question.type is not AnswerType.YES_NO or best.own < 0.6:
        return ""
    return "Nee. " if is_negative(best.sentence.text) != question.negated else "Ja. "


# --------------------------------------------------------------------------- public


def answer_from_hits(question: str | QueryTerms, hits: list[Hit], *,
                     min_confidence: float = MIN_CONFIDENCE, following: dict[str, Hit] | None = None) -> Answer:
    """The extractive answer to ``question`` (its text, or its analysis) from retrieved ``hits``.

    ``following`` maps a hit's chunk id to the passage after it, where a sentence of
    the hit may continue ("Met de realisatie van deze initiatieven … afgedaan").
    """
    text = question.text if isinstance(question, QueryTerms) else question
    words = question_words(question)
    analysed = analyse_question(text, words)
    scored = _score_all(analysed, candidates_of(hits, following)) if words else []
    chosen = _pick(analysed, scored, min_confidence)
    if not chosen:
        best = max((x.confidence for x in scored if x.score > 0), default=0.0)
        return Answer(text, NOT_FOUND, False, (), tuple(hits), analysed.type, best)
    citations = tuple(_citation(n, item) for n, item in enumerate(chosen, start=1))
    body = " ".join(f"{one_line(c.quote)} [{c.n}]" for c in citations)
    return Answer(text, _verdict(analysed, chosen[0]) + body, True, citations, tuple(hits), analysed.type,
                  chosen[0].confidence)


def answer(question: str, searcher: SearcherLike, k: int = 8,
           filters: SearchFilters | None = None, *, min_confidence: float = MIN_CONFIDENCE) -> Answer:
    """Answer ``question`` from the ``k`` passages the hybrid searcher finds for it (within ``filters``);
    a question about what became of a motion or commitment from the registry's timeline.

    The question is analysed once (``searcher.analyse``); search and answerer share that analysis.
    """
    settled = registry_status_answer(question, searcher) if filters is None else None
    if settled is not None:
        return settled
    terms = searcher.analyse(question)
    hits = searcher.search(terms, k=k, mode=SearchMode.HYBRID, filters=filters)
    if (signed := _signature_answer(question, hits, searcher)) is not None:
        return signed
    following: dict[str, Hit] = {}
    for depth, hit in zip(FOLLOWING_DEPTH, hits):  # the best hit's next two passages, the others' next one
        for _ in range(depth):
            if (nxt := searcher.following(hit)) is None:
                break
            following[hit.chunk_id] = hit = nxt
    return answer_from_hits(terms, hits, min_confidence=min_confidence, following=following)


# A closing signature: the office ("De staatssecretaris van …,") and the initials and name after it.
_SIGNATURE = re.compile(r"(?:De|Het)\s[^\n,.]{3,90},?\s+(?P<name>(?:[A-Z]\.\s?){1,5}[A-Za-zÀ-ÿ' -]{2,40}?)\s*$")


def _signature_answer(question: str, hits: list[Hit], searcher: SearcherLike) -> Answer | None:
    """"Wie ondertekende de brief over …?": the signature at the end of the letter the best hit is from."""
    analysed = analyse_question(question)
    if not analysed.signature or not hits:
        return None
    closing = searcher.closing(hits[0])
    match = _SIGNATURE.search(closing.text) if closing is not None else None
    if match is None:
        return None
    start, end = match.start(), match.end("name")
    name = (match.start("name") - start, match.end("name") - start)
    citation = Citation(1, closing, closing.text[start:end], start, end, page=closing.page_at(start),
                        offset=closing.start + start, answer_span=name)
    return Answer(question, f"{one_line(citation.quote)} [1]", True, (citation,), tuple(hits),
                  AnswerType.PERSON, 1.0)


def registry_status_answer(question: str, searcher: SearcherLike) -> Answer | None:
    """The hook to ``index.registry_answer``: its text and cited mentions as an ``Answer``."""
    found = answer_from_registry(question, searcher.catalog)
    if found is None:
        return None
    hits = {h.chunk_id: h for h in searcher.hits(question, [(c.chunk_id, 0.0) for c in found.citations])}
    citations = []
    for n, c in enumerate(found.citations, start=1):
        hit = hits[c.chunk_id]
        start, end = locate(hit.text, c.quote)
        citations.append(Citation(n, hit, hit.text[start:end] if end else c.quote, start, end,
                                  page=hit.page_at(start), offset=hit.start + start))
    return Answer(question, found.text, True, tuple(citations), tuple(hits.values()), AnswerType.STATUS, 1.0)
