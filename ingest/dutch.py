"""Dutch text: the one place for what kamerzoek knows about the language.

Every stage imports this module instead of keeping its own lists: ingestion and
extraction (sentences, month names), the lexical index and highlighting (folding,
stop words, stemming, decompounding), and the answerer (question words).

- ``fold``: lower case without accents (``Geïnformeerd`` → ``geinformeerd``);
  ``fold_text`` does the same to a whole text keeping every offset.
- ``STOPWORDS``: bm25s's Dutch list, folded; ``QUESTION_WORDS`` on top of it for
  questions (``hoeveel``, ``wanneer``, ``wordt`` …).
- ``stem``: Snowball Dutch (PyStemmer), one instance behind a lock — a PyStemmer
  object keeps internal state and must not be called from two threads at once.
- ``content_words``, ``word_spans``, ``split_compound``, ``char_ngrams``.
- ``MONTHS`` (name → number) and ``MONTH_NAMES`` (for regular expressions).
- ``ABBREVIATIONS`` and ``sentence_spans(text) -> [(start, end)]``.

Sentences: hand-written rules (below) rather than pysbd's Dutch rules, measured
on the 209 body paragraphs of the five corpus letters
(``scripts/sentence_splitters.py corpus/``): the rules were first wrong on 11
boundaries where pysbd was right (plurals with an apostrophe, ``collega's.``;
numbered items, ``1. Informatie``; ``jl.`` and ``etc.`` ending a sentence;
``!»`` before a lower-case word) and were fixed for those general cases; after
that the two differ on 10 boundaries and the rules are right on all 10 (pysbd
splits ``Marijnissen c.s. d.d. 26 januari`` three times and misses five plain
sentence ends), at 2.4 ms against pysbd's 800 ms for the whole corpus — which
matters because the answerer splits passages on every request.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Iterable, Sequence

import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH

# --------------------------------------------------------------------------- words

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(word: str) -> str:
    """Lower case without accents: ``Geïnformeerd`` → ``geinformeerd``."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = fold(char)
    return folded if len(folded) == 1 else char.lower() if len(char.lower()) == 1 else char


def fold_text(text: str) -> str:
    """``text`` folded character by character, so offsets into it are offsets into ``text``.

    ASCII text is only lower-cased (the common case, done in C); other
    characters fold to their one-character base (``ï`` → ``i``), or stay as
    they are when they have none (``ß``).
    """
    lowered = text.lower()
    if text.isascii():
        return lowered
    if len(lowered) != len(text):  # a character whose lower case is longer (``İ``)
        return "".join(_fold_char(c) for c in text)
    return "".join(c if c.isascii() else _fold_char(c) for c in lowered)


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Every word of ``text`` as (start, end, folded word)."""
    folded = fold_text(text)
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    return _WORD.findall(fold_text(text))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """bm25s's Dutch stop words, folded."""
    return frozenset(fold(w) for w in STOPWORDS_DUTCH)


# Words that carry no content in a question (on top of the stop words).
QUESTION_WORDS = frozenset(
    """
    hoeveel wanneer wie wat welke welk waarom hoe waar waarmee waarover waardoor waarvoor
    waarin waaruit wordt worden werd werden zijn is was waren heeft hebben had hadden
    kan kunnen kon konden moet moeten zal zullen zou zouden gaat gaan ging krijgt krijgen
    doet doen gedaan gebeurt gebeurd staat stond precies eigenlijk volgens noemt genoemd
    er al nog ook dan toe aan over uit bij sinds per welke soort aantal vaak veel
    moest moesten mocht mochten wilde wilden wil willen
    """.split()
)


def is_content(word: str) -> bool:
    """Whether a folded word carries content (not a stop word, not a lone underscore)."""
    return word not in stopwords() and bool(word.strip("_"))


def content_words(text: str) -> list[str]:
    """Folded words of ``text`` without stop words and lone underscores."""
    return [w for w in words(text) if is_content(w)]


class _Stemmer:
    """PyStemmer's Dutch Snowball stemmer, one instance shared by all threads behind a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stemmer = None

    def stem_words(self, items: Sequence[str]) -> list[str]:
        with self._lock:
            if self._stemmer is None:
                self._stemmer = Stemmer.Stemmer("dutch")
            return self._stemmer.stemWords(list(items))


_STEMMER = _Stemmer()


def stem(words_: Iterable[str]) -> list[str]:
    """Snowball Dutch stems of folded words (``rijkshubs`` → ``rijkshub``)."""
    items = list(words_)
    return _STEMMER.stem_words(items) if items else []


def char_ngrams(word: str, n: int = 4) -> list[str]:
    """Character ``n``-grams of ``#word#`` (the ``#`` marks the word's edges)."""
    padded = f"#{word}#"
    return [padded[i : i + n] for i in range(max(1, len(padded) - n + 1))]


# --------------------------------------------------------------------------- compounds

MIN_COMPOUND_PART = 4  # shortest compound part; shorter ones split too eagerly
_LINKS = ("", "s", "e", "en")


def split_compound(word: str, vocabulary: frozenset[str] | set[str]) -> list[str]:
    """Split ``word`` into words of ``vocabulary`` (longest first part first); [] when it cannot.

    ``thuiswerkkostenvergoeding`` → ``thuiswerk``, ``kosten``, ``vergoeding``;
    a linking ``s``/``e``/``en`` between parts is allowed.
    """
    if len(word) < 2 * MIN_COMPOUND_PART:
        return []
    return _split(word, vocabulary, depth=0) or []


def _split(word: str, vocabulary: frozenset[str] | set[str], depth: int) -> list[str] | None:
    if word in vocabulary and depth > 0:
        return [word]
    if depth >= 3:
        return None
    for cut in range(len(word) - MIN_COMPOUND_PART, MIN_COMPOUND_PART - 1, -1):
        head = word[:cut]
        if head not in vocabulary:
            continue
        for link in _LINKS:
            rest = word[cut:]
            if link and not rest.startswith(link):
                continue
            tail = _split(rest[len(link):], vocabulary, depth + 1)
            if tail:
                return [head, *tail]
    return None


# --------------------------------------------------------------------------- dates

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
MONTH_NAMES = "|".join(MONTHS)  # for regular expressions: "januari|februari|…"


# --------------------------------------------------------------------------- sentences

# Words that end in a full stop without ending the sentence ("jl." = last, "c.s." = and others).
ABBREVIATIONS = frozenset(
    """
    jl c.s d.d nr nrs o.a bijv bv i.p.v a.s m.b.t e.d etc dhr mw mevr mr dr prof ing ir drs ca
    t.a.v z.g zgn resp vs d.w.z m.i incl excl art blz pag p e.a t/m n.a.v i.c.m m.i.v z.s.m
    vgl st
    """.split()
)
# Of those, the ones that often end a sentence too: before a capital they do.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"jl", "a.s", "etc", "e.d", "e.a", "c.s"})
_CLOSERS = "\"'»”’)"
# A candidate end: . ! ? with closing quotes or brackets and whitespace; a blank line;
# a line break before a list item ("- ", "• ", "1. ", "2) ").
_BOUNDARY = re.compile(
    rf"(?P<mark>[.!?])(?P<close>[{_CLOSERS}]*)\s+|\n\s*\n|\n(?=\s*(?:[-•–*]|\d+[.)])\s)")
_TOKEN_BEFORE = re.compile(r"([\w./'’]+)$")
_LIST_NUMBER = re.compile(r"\s*\(?\d{1,2}")  # "1." or "(2)." opening a numbered item
_DOTTED = re.compile(r"(?:\w\.)+\w")  # d.w.z, o.a, M.I


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of the sentences of ``text``, without surrounding whitespace.

    A sentence ends at . ! ? (with its closing quotes or brackets) before
    whitespace and anything but a lower-case letter, at a blank line and before
    a list item. A full stop does not end one after an abbreviation (``nr.``,
    ``o.a.``, ``bijv.``), an initial (``M.I. Hamer``) or an item number
    (``1. Informatie``); after ``jl.``, ``etc.`` or ``c.s.`` it does when a
    capital follows.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        mark = match.group("mark")
        following = text[match.end():match.end() + 1]
        if mark and following.islower():
            continue
        if mark == "." and not _full_stop_ends(text, start, match.start(), following):
            continue
        end = match.start("close") + len(match.group("close")) if mark else match.start()
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


def _full_stop_ends(text: str, start: int, dot: int, following: str) -> bool:
    """Whether the full stop at ``dot`` ends the sentence that began at ``start``."""
    if _LIST_NUMBER.fullmatch(text[start:dot]):
        return False
    token = _TOKEN_BEFORE.search(text[max(start, dot - 12):dot])
    word = token.group(1).lower() if token else ""
    if word in SENTENCE_FINAL_ABBREVIATIONS:
        return following.isupper()
    return not (word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or _DOTTED.fullmatch(word))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
