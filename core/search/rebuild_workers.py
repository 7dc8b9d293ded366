"""Worker processes building index rows for the bulk rebuild (issue 20).

Each worker is ``python -m core.search.rebuild_workers``: a fresh interpreter (never a fork of
a process with Qt threads) that imports the search package only, not the program that started
it (``multiprocessing``'s spawn imports the caller's main script again, which an unguarded
script runs a second time). The protocol is pickles over the worker's stdin and stdout: a list
of stored rows in, ``rebuild.build_batch``'s answer out with the log records made meanwhile
(logged again here, in the app's log); None ends the worker.

``WorkerPool.map`` answers batches in the order given, with ``ahead`` batches at most handed out
beyond the one being answered (after the ``first`` ones, handed out at once); a thread per
worker writes its batches, so a worker blocked writing an answer never blocks the reading of
the stored rows (which stays in the caller's thread, with the caller's connection).
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

STOP = None
ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding the core package


class WorkerError(RuntimeError):
    """A worker process ended without answering."""


class WorkerPool:
    def __init__(self, count: int) -> None:
        self.procs: list[subprocess.Popen[bytes]] = []
        env = dict(os.environ)  # this Casebook's code, wherever the worker starts
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (ROOT, env.get("PYTHONPATH"))))
        try:
            for _ in range(count):
                self.procs.append(subprocess.Popen([sys.executable, "-m", __name__], env=env,
                                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE))
        except OSError:
            for proc in self.procs:
                proc.kill()
                proc.wait()
            raise
        self.closed = False
        self.handed = 0  # batches handed out (round robin)
        self.inboxes: list[queue.Queue[Any]] = [queue.Queue() for _ in self.procs]
        self.feeders = [threading.Thread(target=_feed, args=(box, proc.stdin), daemon=True)
                        for box, proc in zip(self.inboxes, self.procs, strict=True)]
        for feeder in self.feeders:
            feeder.start()

    def map(self, batches: Iterable[Any], ahead: int, first: int = 0) -> Iterator[Any]:
        """The answers to ``batches``, in order. ``first``: batches handed out now, before
        the answers are asked for (the caller does other work meanwhile); then ``ahead`` at
        most beyond the one being answered."""
        source = iter(batches)
        pending: deque[int] = deque()
        for batch in islice(source, first):
            self._hand(batch, pending)
        return self._answers(source, pending, ahead)

    def _hand(self, batch: Any, pending: deque[int]) -> None:
        worker = self.handed % len(self.procs)
        self.handed += 1
        self.inboxes[worker].put(batch)
        pending.append(worker)

    def _answers(self, source: Iterator[Any], pending: deque[int], ahead: int
                 ) -> Iterator[Any]:
        for batch in source:
            while len(pending) > ahead:
                yield self._answer(pending.popleft())
            self._hand(batch, pending)
        while pending:
            yield self._answer(pending.popleft())

    def _answer(self, worker: int) -> Any:
        out = self.procs[worker].stdout
        assert out is not None
        try:
            result, records = pickle.load(out)
        except EOFError:
            code = self.procs[worker].wait()
            raise WorkerError(f"an index worker ended (exit code {code})") from None
        _relog(records)
        return result

    def close(self) -> None:
        """End the workers (once: the rebuild ends them after the rows, its stack again)."""
        if self.closed:
            return
        self.closed = True
        for box in self.inboxes:
            box.put(STOP)
        for proc in self.procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    stream.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:  # the rebuild failed: do not wait for work nobody reads
            for proc in self.procs:
                proc.kill()
        self.close()


def _feed(box: queue.Queue[Any], stream: IO[bytes] | None) -> None:
    assert stream is not None
    while True:
        batch = box.get()
        try:
            pickle.dump(batch, stream, protocol=pickle.HIGHEST_PROTOCOL)
            stream.flush()
        except (BrokenPipeError, ValueError, OSError):  # the worker ended: its reader says so
            return
        if batch is STOP:
            return


class _Kept(logging.Handler):
    """The worker's log records, kept to go back with its answer (the app's log file is the
    caller's): (logger name, level, text with any traceback)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []
        from core.log_privacy import PrivateFormatter  # no clinical text, as in the app's log

        self.setFormatter(PrivateFormatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, self.format(record)))


def answer(rows: Any, kept: _Kept) -> tuple[Any, list[tuple[str, int, str]]]:
    """``build_batch``'s answer for ``rows`` and the log records made building it."""
    from core.search.rebuild import build_batch

    result = build_batch(rows)
    records, kept.records = kept.records, []
    return result, records


def _relog(records: list[tuple[str, int, str]]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s (in an index worker)", message)


def main() -> None:
    from core.logs import LOGGER_NAME
    from core.search.rebuild import build_batch  # noqa: F401 - imported before the freeze

    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not break the answers
    kept = _Kept()
    logger = logging.getLogger(LOGGER_NAME)
    logger.addHandler(kept)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    gc.freeze()  # the modules: no collection walks them again
    gc.disable()  # the cyclic GC walked a batch's growing lists again and again (~8% of a
    # case's cost): a batch's garbage goes by reference counts, any cycle at the collection
    # after each answer (cheap: it walks only what was made since the freeze)
    while True:
        try:
            rows = pickle.load(source)
        except EOFError:
            return
        if rows is STOP:
            return
        pickle.dump(answer(rows, kept), sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()
        gc.collect()


if __name__ == "__main__":
    main()
