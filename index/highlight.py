"""Character spans of the words in a hit that match the query (same stem or same word)."""
from __future__ import annotations

from index.lexical import content_words, stem_all, stopwords, word_spans


def highlight_spans(text: str, query: str, stems: set[str]) -> list[tuple[int, int]]:
    """[start, end) spans of words of ``text`` whose stem is in ``stems`` or that equal a query word.

    Stop words are never marked; spans are in text order and don't overlap.
    """
    words = set(content_words(query))
    spans = word_spans(text)
    if not spans or not (words or stems):
        return []
    text_stems = stem_all([w for _, _, w in spans])
    stop = stopwords()
    return [(start, end) for (start, end, word), stem in zip(spans, text_stems)
            if word not in stop and (word in words or stem in stems)]


def mark(text: str, spans: list[tuple[int, int]], before: str = "[", after: str = "]") -> str:
    """``text`` with each span wrapped in ``before``/``after`` (for the terminal listing)."""
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], before, text[start:end], after]
        last = end
    out.append(text[last:])
    return "".join(out)
