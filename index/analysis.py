"""A query analysed once, and a passage tokenised once: what matching works with.

``QueryTerms`` is made once per request (by ``LexicalIndex.analyse``, which adds
the expansions that need the index's vocabulary, or by ``QueryTerms.plain``
without an index) and travels with the request: BM25 scoring, highlighting and
the answerer all read it instead of re-analysing the query text.

``passage_terms(text)`` tokenises a passage once — every word with its offsets,
folded form and stem — and keeps the result in a bounded cache keyed by the text
(passage texts do not change under their chunk id), so highlighting a hit costs
a few dictionary look-ups per query term rather than a pass over its characters.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ingest import dutch

PASSAGE_CACHE_SIZE = 4096  # passages kept tokenised (a hit list is 10–50 of them)


@dataclass(frozen=True)
class QueryTerms:
    """The analysis of one query.

    - ``words``: folded content words, in order (stop words dropped);
    - ``stems``: their Snowball stems, one per word;
    - ``searched``: the BM25 stems searched — the own stems plus agent-noun and
      compound expansions, only those the index knows (``LexicalIndex.analyse``);
    - ``grams``: character 4-grams of the words that the n-gram index knows.
    """

    text: str
    words: tuple[str, ...]
    stems: tuple[str, ...]
    searched: tuple[str, ...] = ()
    grams: tuple[str, ...] = ()
    highlight: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "highlight", frozenset(self.searched) | frozenset(self.stems))

    @classmethod
    def plain(cls, text: str) -> "QueryTerms":
        """Words and stems of ``text`` without an index to expand them against."""
        words = tuple(dutch.content_words(text))
        return cls(text, words, tuple(dutch.stem(words)))

    def __bool__(self) -> bool:
        return bool(self.words)


@dataclass(frozen=True)
class Token:
    """A word of a passage: ``text[start:end]``, folded and stemmed."""

    start: int
    end: int
    word: str
    stem: str


@dataclass(frozen=True)
class PassageTerms:
    """A passage's words, and where each content word and stem occurs."""

    tokens: tuple[Token, ...]
    by_word: dict[str, tuple[int, ...]]  # folded content word → token positions
    by_stem: dict[str, tuple[int, ...]]  # stem of a content word → token positions

    def highlight_spans(self, terms: QueryTerms) -> list[tuple[int, int]]:
        """[start, end) of the content words that equal a query word or share a searched stem.

        Stop words are never marked; spans are in text order and don't overlap.
        """
        positions: set[int] = set()
        for word in terms.words:
            positions.update(self.by_word.get(word, ()))
        for stem in terms.highlight:
            positions.update(self.by_stem.get(stem, ()))
        return [(self.tokens[i].start, self.tokens[i].end) for i in sorted(positions)]


@lru_cache(maxsize=PASSAGE_CACHE_SIZE)
def passage_terms(text: str) -> PassageTerms:
    """The tokens of ``text`` (cached: the same passage is tokenised once)."""
    spans = dutch.word_spans(text)
    stems = dutch.stem([w for _, _, w in spans])
    tokens = tuple(Token(s, e, w, st) for (s, e, w), st in zip(spans, stems))
    by_word: dict[str, list[int]] = {}
    by_stem: dict[str, list[int]] = {}
    for i, token in enumerate(tokens):
        if dutch.is_content(token.word):
            by_word.setdefault(token.word, []).append(i)
            by_stem.setdefault(token.stem, []).append(i)
    return PassageTerms(tokens, {k: tuple(v) for k, v in by_word.items()},
                        {k: tuple(v) for k, v in by_stem.items()})
