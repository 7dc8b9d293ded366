"""Many case summaries into a folder, for ``casebook report --all -o DIR``."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Sized
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from core.io.outputs import atomic_write_bytes
from core.model import Case
from core.report.options import RecordStatus, ReportOptions

if TYPE_CHECKING:
    from concurrent.futures import Future

Progress = Callable[[int, int | None, str], None]
"""``progress(done, total or None, case_id)``, called after each case, in input order."""
Outcome = tuple[str, Path, str | None]
MAX_WORKERS = 4
IN_FLIGHT_PER_WORKER = 4


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def file_name(case: Case, options: ReportOptions) -> str:
    """``<case id>.pdf``, or ``<case id>-deid.pdf`` for a de-identified summary."""
    return f"{case.case_id}{'-deid' if options.deidentified else ''}.pdf"


def render_many(cases: Iterable[Case], options: ReportOptions, out_dir: Path | str,
                progress: Progress | None = None, workers: int = 0,
                records: Callable[[Case], RecordStatus | None] | None = None,
                adjust: Callable[[Case, ReportOptions], ReportOptions] | None = None,
                ) -> BatchResult:
    """Write one PDF per case into ``out_dir`` (created if needed).

    ``records(case)``: who completed a complete or locked case and its amendments, printed
    under its title (``ReportOptions.record``); asked in this process, case by case.
    ``adjust(case, options)``: the options of that case's PDF (e.g. no audit anchor for a case
    changed outside Casebook), asked in this process too.

    ``workers``: processes rendering in parallel (0: one per core, at most 4; 1: in this
    process). Workers are started with "spawn", so this is safe from a threaded GUI process;
    a few cases are held in flight per worker, so ``cases`` may be a long lazy iterator.
    A case that fails to render is recorded in ``failed`` (case id -> error) and the batch
    goes on; each file is written atomically (temporary file, then rename), and a file that
    cannot be written (a full disk) stops the batch with OutputError.
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    total = len(cases) if isinstance(cases, Sized) else None
    jobs = ((case, folder / file_name(case, options),
             _case_options(case, options, records, adjust)) for case in cases)
    count = _worker_count(workers, options)
    outcomes = _in_process(jobs) if count == 1 else _in_pool(jobs, count)
    result = BatchResult()
    try:
        for done, (case_id, path, error) in enumerate(outcomes, start=1):
            if error is None:
                result.written.append(path)
            else:
                result.failed[case_id] = error
            if progress is not None:  # it may raise to stop the batch (Cancel, Ctrl+C)
                progress(done, total, case_id)
    finally:  # stopped: the workers' queued cases are dropped and the running ones awaited
        outcomes.close()  # now, before the caller removes the folder they write into
    return result


def _case_options(case: Case, options: ReportOptions,
                  records: Callable[[Case], RecordStatus | None] | None,
                  adjust: Callable[[Case, ReportOptions], ReportOptions] | None
                  ) -> ReportOptions:
    if records is not None and case.status != "draft":
        options = replace(options, record=records(case))
    return adjust(case, options) if adjust is not None else options


def _worker_count(workers: int, options: ReportOptions) -> int:
    if workers == 1 or not _picklable(options):
        return 1
    return workers if workers > 1 else max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def _picklable(options: ReportOptions) -> bool:
    """An injected scanner defined inside a function cannot go to another process."""
    import pickle

    try:
        pickle.dumps(options)
    except (pickle.PicklingError, AttributeError, TypeError):
        return False
    return True


def render_to_file(case: Case, options: ReportOptions, path: Path) -> Outcome:
    """Render one case into ``path``; (case id, path, error message or None).

    A case that cannot be rendered is an error message and the batch goes on; a file that
    cannot be written (a full disk) raises OutputError and stops it. The file is written
    atomically but not fsynced: ``atomic_folder`` syncs the whole folder at the end.
    """
    from core.report.document import render

    try:
        data = render(case, options)
    except Exception as exc:  # one bad case must not stop a batch of thousands
        return case.case_id, path, f"{type(exc).__name__}: {exc}"
    atomic_write_bytes(path, data, force=True, durable=False)
    return case.case_id, path, None


Job = tuple[Case, Path, ReportOptions]


def _in_process(jobs: Iterable[Job]) -> Generator[Outcome]:
    for case, path, options in jobs:
        yield render_to_file(case, options, path)


def _in_pool(jobs: Iterable[Job], workers: int) -> Generator[Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_ctrl_c) as pool:
        pending: deque[Future[Outcome]] = deque()
        try:
            for case, path, options in jobs:
                pending.append(pool.submit(render_to_file, case, options, path))
                if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BaseException:  # stopped (GeneratorExit, Ctrl+C, an error): no more PDFs
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _ignore_ctrl_c() -> None:
    """In each worker: Ctrl+C (SIGINT, sent by a terminal to the whole process group) is left
    to the main process, which stops the batch and shuts the pool down in order; a worker it
    stopped too would break the pool mid-way and print its own traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
