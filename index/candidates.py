"""The candidates an answer is chosen from: the sentences and form lines of retrieved passages.

A passage is split once (``ingest.dutch.sentence_spans``, cached by its text)
into candidates: whole sentences, with page chrome (running heads and feet such
as ``Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 3``, page numbers) cut out;
``label value`` lines of form-like blocks (``Datum ontvangst … 25 november 2021``);
title lines (``MOTIE VAN HET LID CHAKOR``, ``Voorgesteld 6 juli 2021``); and a
document's own questions that list things. Headings, signatures and other
questions are left out. Each candidate carries its Dutch stems and words in
look-up form (``Terms``) for ``index.answer``'s scoring.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from index.analysis import PASSAGE_CACHE_SIZE, Token, passage_terms
from index.models import Hit
from index.question import AnswerType
from index.spans import typed_spans
from ingest import dutch

MIN_SENTENCE_CHARS = 25

_CHROME = re.compile(
    r"^[ \t]*(?:(?:Tweede|Eerste)\s+Kamer,?\s+vergaderjaar\s+\d{4}\s*[–-]\s*\d{4}\b.*"
    r"|(?:kst|ah-tk|ah-ek|stcrt|blg|h-tk|h-ek)-[\w-]+.*"
    r"|.*\bISSN\s+\d{4}\s*-?\s*\d{3,4}.*"
    r"|(?:Pagina|Blad)\s+\d+(?:\s+van\s+\d+)?"
    r"|\d{1,3})[ \t]*$", re.MULTILINE | re.IGNORECASE)
_FORM_LINE = re.compile(r"^[ \t]*(?P<label>[A-Za-zÀ-ÿ][^\n:]{2,60}?):?[ \t]+(?P<value>\S[^\n]*?)[ \t]*$",
                        re.MULTILINE)
_LIST_ITEM = re.compile(r"^\s*(?:[-•–−*]|\d+[.)]|[a-z][.)])\s")


@dataclass(frozen=True)
class Terms:
    """Content words of a text: Dutch stems (counted) and the folded words.

    ``joined``, ``parts`` and ``prefixes`` are look-up forms of the same stems
    and words, made once per text so that ``match`` costs a few set and
    substring look-ups rather than a loop over the text's stems.
    """

    stems: Counter
    words: frozenset[str]
    length: int = 0
    joined: str = ""
    parts: frozenset[str] = frozenset()  # stems of 4+ letters: possible parts of a compound
    prefixes: frozenset[str] = frozenset()  # the words' starts of 5 to 12 letters

    @classmethod
    def of_tokens(cls, tokens) -> "Terms":
        kept = [t for t in tokens if is_answer_word(t.word)]
        stems = Counter(t.stem for t in kept)
        words = frozenset(t.word for t in kept)
        return cls(stems, words, sum(stems.values()), "\x00".join(stems),
                   frozenset(s for s in stems if len(s) >= 4),
                   frozenset(w[:n] for w in words for n in range(5, min(len(w), 12) + 1)))

    def match(self, stem: str, word: str) -> float:
        """1 for the stem itself; for a compound, the share of it that the text's stems
        cover (``thuiswerkadvies`` ~ ``advies`` … ``thuis``), at least 0.5 when a longer
        stem holds it or a part of it is there; 0.5 for the same start as written
        (``vraagt``/``vraag``, which the stemmer keeps apart; longer words need longer starts)."""
        if stem in self.stems:
            return 1.0
        if len(stem) >= 5 and stem in self.joined:  # a longer stem of the text holds it
            return 0.5
        if self.parts and len(stem) >= 8:
            head = max((cut for cut in range(4, len(stem)) if stem[:cut] in self.parts), default=0)
            tail = max((len(stem) - cut for cut in range(1, len(stem) - 3) if stem[cut:] in self.parts), default=0)
            if head or tail:
                return max(0.5, 0.9 * min(len(stem), head + tail) / len(stem))
        if len(word) >= 5 and word[:max(5, min(12, round(0.6 * len(word))))] in self.prefixes:
            return 0.5
        return 0.0


@dataclass(frozen=True)
class Span:
    """A candidate of a passage — a sentence or a form line — with its terms (cached per passage)."""

    start: int
    end: int
    terms: Terms
    tokens: tuple[Token, ...]
    index: int  # position among the passage's candidates
    field: bool = False  # a "label value" line of a form-like block
    list_item: bool = False
    asked: bool = False  # a question in the document itself (a candidate only for a list)


@dataclass(frozen=True)
class Sentence:
    rank: int  # retrieval rank of its passage, 0 first
    hit: Hit
    span: Span
    passage: Terms
    count: int = 1  # candidates in its passage

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    @property
    def terms(self) -> Terms:
        return self.span.terms

    @property
    def text(self) -> str:
        return self.hit.text[self.span.start:self.span.end]




def is_answer_word(word: str) -> bool:
    """A folded word that counts for matching answers: content, not a question word, not one letter."""
    return dutch.is_content(word) and word not in dutch.QUESTION_WORDS and (len(word) > 1 or word.isdigit())


def content_words(text: str) -> list[str]:
    """The folded content words of ``text`` (stop words and question words dropped)."""
    return [w for w in dutch.words(text) if is_answer_word(w)]


def content_stems(text: str) -> list[str]:
    """Dutch-stemmed content words of ``text``."""
    return dutch.stem(content_words(text))


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of the lines of ``text`` that are page chrome (running heads, feet, page numbers)."""
    return [(m.start(), m.end()) for m in _CHROME.finditer(text) if m.group().strip()]


@lru_cache(maxsize=PASSAGE_CACHE_SIZE)
def passage_candidates(text: str) -> tuple[Terms, tuple[Span, ...]]:
    """The terms of a passage and its candidates: sentences (page chrome cut out, headings and
    questions left out) and the ``label value`` lines of form-like blocks; once per passage text."""
    tokens = passage_terms(text).tokens
    chrome = chrome_spans(text)
    pieces: list[tuple[int, int, bool]] = []
    for start, end in dutch.sentence_spans(text):
        for a, b in _without(start, end, chrome, text):
            sentence = text[a:b]
            if _is_form_block(sentence):
                pieces += [(a + m.start(), a + m.end(), True) for m in _FORM_LINE.finditer(sentence)
                           if _has_value(m.group())]
            elif len(sentence) >= MIN_SENTENCE_CHARS and not _is_heading_or_question(sentence):
                pieces.append((a, b, False))
            elif _is_title_line(sentence):  # "MOTIE VAN HET LID CHAKOR", "Voorgesteld 6 juli 2021"
                pieces.append((a, b, True))
            elif sentence.endswith("?") and any(t.type is AnswerType.LIST for t in typed_spans(sentence)):
                pieces.append((a, b, None))  # a document's own question that lists things ("… waaronder: a, b, c?")
    spans = []
    for i, (start, end, field) in enumerate(pieces):
        inside = tuple(t for t in tokens if start <= t.start and t.end <= end)
        spans.append(Span(start, end, Terms.of_tokens(inside), inside, i, bool(field),
                           bool(_LIST_ITEM.match(text[start:end])), field is None))
    return Terms.of_tokens(tokens), tuple(spans)


def _without(start: int, end: int, cut: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` outside the ``cut`` spans, trimmed of whitespace."""
    parts, pos = [], start
    for a, b in cut:
        if b <= pos or a >= end:
            continue
        parts.append((pos, a))
        pos = b
    parts.append((pos, end))
    out = []
    for a, b in parts:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _is_form_block(text: str) -> bool:
    """Lines of ``label value`` fields: several short lines, none ending a sentence."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return len(lines) >= 2 and all(len(ln.split()) <= 10 and not ln.rstrip().endswith((".", "?", "!", ";"))
                                   for ln in lines)


def _is_title_line(text: str) -> bool:
    """A short line with a name or a date in it that no sentence ends (a document's title,
    its "Voorgesteld …" line, a signature): a candidate only for a question of that type."""
    return "\n" not in text.strip() and len(text.split()) <= 12 and not text.rstrip().endswith("?") and any(
        s.type in (AnswerType.PERSON, AnswerType.DATE) for s in typed_spans(text))


def _has_value(line: str) -> bool:
    """Whether a form line ends in a typed value (a date, an amount, a number, a name)."""
    spans = typed_spans(line)
    return bool(spans) and spans[-1].end >= len(line.rstrip()) - 1


def _is_heading_or_question(text: str) -> bool:
    """Headings, signatures and questions state nothing to quote as an answer."""
    words = len(text.split())
    if text.endswith("?") or words < 4:
        return True
    return not re.search(r"[.!:;)\"”»’]$", text) and words < 12


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- scoring


def candidates_of(hits: list[Hit], following: dict[str, Hit] | None = None) -> list[Sentence]:
    """The answer candidates of every hit, best hit first; after a hit, the passage that
    follows it in its document when given in ``following`` (a sentence may continue there)."""
    out: list[Sentence] = []
    seen = {h.chunk_id for h in hits}
    for rank, hit in enumerate(hits):
        passages = [hit]
        while (nxt := (following or {}).get(passages[-1].chunk_id)) is not None and nxt.chunk_id not in seen:
            seen.add(nxt.chunk_id)
            passages.append(nxt)
        for part, passage_hit in enumerate(passages):
            spans = passage_candidates(passage_hit.text)[1]
            passage = with_heading(passage_hit.text, passage_hit.heading)
            out += [Sentence(rank + part, passage_hit, span, passage, len(spans)) for span in spans]
    return out


@lru_cache(maxsize=PASSAGE_CACHE_SIZE)
def heading_terms(heading: str) -> Terms:
    return Terms.of_tokens(passage_terms(heading).tokens)


@lru_cache(maxsize=PASSAGE_CACHE_SIZE)
def with_heading(text: str, heading: str) -> Terms:
    """A passage's terms with those of its heading path ("Motie Kröger"): the heading says what it is about."""
    passage = passage_candidates(text)[0]
    if not heading:
        return passage
    extra = heading_terms(heading)
    stems = passage.stems + extra.stems
    words = passage.words | extra.words
    return Terms(stems, words, passage.length, "\x00".join(stems), passage.parts | extra.parts,
                  passage.prefixes | extra.prefixes)


def continues(a: Sentence, b: Sentence, step: int) -> bool:
    """Whether ``b`` stands ``step`` candidates after ``a``: in one passage, or across into
    the next passage of the same document under the same heading."""
    if a.hit.chunk_id == b.hit.chunk_id:
        return b.span.index == a.span.index + step
    return (b.hit.source == a.hit.source and b.hit.ordinal == a.hit.ordinal + 1
            and b.hit.heading == a.hit.heading and (a.count - a.span.index) + b.span.index == step)
