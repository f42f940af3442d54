"""Where a request's search runs: in the serving process, or in a pool of search processes.

Why a pool: a server process's Python work — BM25 scoring, the answerer, highlighting
— takes turns at one GIL, and a thread coming back from the model or Chroma waits for
it. On a small machine that leaves part of the cores idle under concurrent requests.
Search processes, each with its own ``Searcher`` over the same data dir (reading it
only), take the requests from one queue, so work is spread evenly whichever client
sent it; uvicorn's worker processes sharing a port are not (one of them accepts a whole
burst of connections). The serving process keeps HTTP, validation and JSON. Each
request thread talks to an idle search process over that process's own pipe (no
broker thread in between: a hand-over costs a fraction of a millisecond).

Both runners return the domain's own results (``ResultPage``, ``Answer``); errors
raised in a search process (an unknown source, an index that is not built) are
raised again in the caller, so the API reports them as it does in-process.
"""
from __future__ import annotations

import logging
import multiprocessing
import queue
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from index.answer import Answer, answer
from index.config import Settings
from index.errors import KamerzoekIndexError
from index.models import SearchFilters, SearchMode, SortOrder
from index.result_page import ResultPage, search_page
from index.search import Searcher

log = logging.getLogger(__name__)
WARM_QUERY = "thuiswerken hybride werken"
STARTUP_S = 300.0  # a search process loads the model and the index before it answers


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
        self.settings = settings
        self._idle: queue.SimpleQueue[_SearchProcess] = queue.SimpleQueue()
        self._all: list[_SearchProcess] = []
        try:
            started = [_SearchProcess(settings) for _ in range(processes)]
            self._all.extend(started)
            for process in started:  # all load at once; each says when it is ready, or why not
                process.wait_ready()
                self._idle.put(process)
        except BaseException:
            self.close()
            raise

    def search_page(self, query: str, k: int, mode: SearchMode, filters: SearchFilters | None,
                    sort: SortOrder) -> ResultPage:
        return self._call("search_page", query, k, mode, filters, sort)

    def answer(self, question: str, k: int, filters: SearchFilters | None) -> Answer:
        return self._call("answer", question, k, filters)

    def _call(self, name: str, *args: Any) -> Any:
        """Run ``name(*args)`` in the next idle search process (waiting for one when all are busy)."""
        process = self._idle.get()
        try:
            return process.call(name, args)
        except _ProcessLost:
            process = self._replace(process)
            raise KamerzoekIndexError("a search process stopped while searching; "
                                      "a new one has been started (retry the request)") from None
        finally:
            self._idle.put(process)

    def _replace(self, lost: "_SearchProcess") -> "_SearchProcess":
        lost.stop()
        log.error("search process %s stopped (exit code %s); starting a new one", lost.pid, lost.exitcode)
        fresh = _SearchProcess(self.settings)
        self._all[self._all.index(lost)] = fresh
        fresh.wait_ready()
        return fresh

    def close(self) -> None:
        for process in self._all:
            process.stop()
        self._all.clear()


class _ProcessLost(Exception):
    """The search process at the other end of the pipe is gone."""


class _SearchProcess:
    """One spawned search process and the pipe a request thread talks to it through."""

    def __init__(self, settings: Settings) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process: BaseProcess = context.Process(target=_serve, args=(child, settings),
                                                     name="kamerzoek-search", daemon=True)
        self._process.start()
        child.close()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def exitcode(self) -> int | None:
        return self._process.exitcode

    def wait_ready(self) -> None:
        """Block until the process has opened and warmed its Searcher; raise its error if it could not."""
        if not self._conn.poll(STARTUP_S):
            raise KamerzoekIndexError(f"a search process did not start within {STARTUP_S:.0f} s")
        self._result()

    def call(self, name: str, args: tuple) -> Any:
        try:
            self._conn.send((name, args))
        except (BrokenPipeError, EOFError, OSError):
            raise _ProcessLost from None
        return self._result()

    def _result(self) -> Any:
        try:
            ok, value = self._conn.recv()
        except (EOFError, OSError):
            raise _ProcessLost from None
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        self._conn.close()  # the process sees the end of its pipe and returns
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()


# -- in each search process ----------------------------------------------------------
def _serve(conn: Connection, settings: Settings) -> None:
    """Open and warm a Searcher, then answer calls from ``conn`` until the other end closes it."""
    try:
        searcher = Searcher(settings)
        searcher.search(WARM_QUERY, k=1, mode=SearchMode.HYBRID)  # model, BM25 index, stemmer
        runner = InProcess(searcher)
    except Exception as err:  # noqa: BLE001 - the parent raises it: one line from `serve`
        _send(conn, False, err)
        return
    _send(conn, True, None)
    while True:
        try:
            name, args = conn.recv()
        except (EOFError, OSError):
            break
        try:
            _send(conn, True, getattr(runner, name)(*args))
        except Exception as err:  # noqa: BLE001 - raised again in the request's thread
            _send(conn, False, err)
    searcher.close()


def _send(conn: Connection, ok: bool, value: Any) -> None:
    """Send a result or an error; one that does not pickle goes as an index error with its text."""
    try:
        conn.send((ok, value))
    except Exception as err:  # noqa: BLE001 - pickling fails before anything is sent
        problem = value if not ok else err
        conn.send((False, KamerzoekIndexError(f"{type(problem).__name__}: {problem}")))
