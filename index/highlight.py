"""Character spans of the words in a hit that match the query (same stem or same word)."""
from __future__ import annotations

from index.analysis import QueryTerms, passage_terms


def highlight_spans(text: str, terms: QueryTerms) -> list[tuple[int, int]]:
    """[start, end) spans of words of ``text`` whose stem the query searches or that equal a query word.

    The passage is tokenised once (``index.analysis.passage_terms``, cached), so
    the cost is a look-up per query term. Stop words are never marked; spans
    are in text order and don't overlap.
    """
    if not terms.words:
        return []
    return passage_terms(text).highlight_spans(terms)


def mark(text: str, spans: list[tuple[int, int]], before: str = "[", after: str = "]") -> str:
    """``text`` with each span wrapped in ``before``/``after`` (for the terminal listing)."""
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], before, text[start:end], after]
        last = end
    out.append(text[last:])
    return "".join(out)
