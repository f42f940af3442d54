"""Where a request's search runs: in the serving process, or in a pool of search processes.

Why a pool: a server process's Python work — BM25 scoring, the answerer, highlighting
— takes turns at one GIL, and a thread coming back from the model or Chroma waits for
it. On a small machine that leaves part of the cores idle under concurrent requests.
Search processes, each with its own ``Searcher`` over the same data dir (reading it
only), take the requests from one queue, so work is spread evenly whichever client
sent it; uvicorn's worker processes sharing a port are not (one of them accepts a whole
burst of connections). The serving process keeps HTTP, validation and JSON.

Both runners return the domain's own results (``ResultPage``, ``Answer``); errors
raised in a search process (an unknown source, an index that is not built) are
raised again in the caller, so the API reports them as it does in-process.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, wait
from typing import Protocol

from index.answer import Answer, answer
from index.config import Settings
from index.models import SearchFilters, SearchMode, SortOrder
from index.result_page import ResultPage, search_page
from index.search import Searcher

WARM_QUERY = "thuiswerken hybride werken"


class SearchRunner(Protocol):
    """What the search and ask routes need: a result page and an answer."""

    def search_page(self, query: str, k: int, mode: SearchMode, filters: SearchFilters | None,
                    sort: SortOrder) -> ResultPage: ...

    def answer(self, question: str, k: int, filters: SearchFilters | None) -> Answer: ...

    def close(self) -> None: ...


class InProcess:
    """Searches in the calling thread, with the app's one ``Searcher``."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher

    def search_page(self, query: str, k: int, mode: SearchMode, filters: SearchFilters | None,
                    sort: SortOrder) -> ResultPage:
        return search_page(self.searcher, query, k=k, mode=mode, filters=filters, sort=sort)

    def answer(self, question: str, k: int, filters: SearchFilters | None) -> Answer:
        return answer(question, self.searcher, k=k, filters=filters)

    def close(self) -> None:
        """The Searcher belongs to the app, which closes it."""


class SearchPool:
    """``processes`` search processes (spawned, each warmed before the pool is returned)."""

    def __init__(self, settings: Settings, processes: int) -> None:
        self._executor = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_open_searcher, initargs=(settings,))
        try:
            # Submitted together, the warm-ups find no idle process and so start every one of them.
            done, _ = wait([self._executor.submit(_warm) for _ in range(processes)])
            for future in done:
                future.result()  # a process that could not open the index: its error, here
        except BaseException:
            self._executor.shutdown(cancel_futures=True)
            raise

    def search_page(self, query: str, k: int, mode: SearchMode, filters: SearchFilters | None,
                    sort: SortOrder) -> ResultPage:
        return self._executor.submit(_search_page, query, k, mode, filters, sort).result()

    def answer(self, question: str, k: int, filters: SearchFilters | None) -> Answer:
        return self._executor.submit(_answer, question, k, filters).result()

    def close(self) -> None:
        self._executor.shutdown(cancel_futures=True)


# -- in each search process ----------------------------------------------------------
_SEARCHER: Searcher | None = None


def _open_searcher(settings: Settings) -> None:
    global _SEARCHER
    _SEARCHER = Searcher(settings)


def _warm() -> None:
    """Load the model, the BM25 index and the stemmer, so the first request is as fast as the next."""
    _SEARCHER.search(WARM_QUERY, k=1, mode=SearchMode.HYBRID)


def _search_page(query: str, k: int, mode: SearchMode, filters: SearchFilters | None,
                 sort: SortOrder) -> ResultPage:
    return search_page(_SEARCHER, query, k=k, mode=mode, filters=filters, sort=sort)


def _answer(question: str, k: int, filters: SearchFilters | None) -> Answer:
    return answer(question, _SEARCHER, k=k, filters=filters)
