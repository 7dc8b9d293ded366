"""casebook report: the PDF case summary of one case, or of every case into a folder.

Read-only (no folder lock). An identified PDF leaves an audit entry (``pdf-save``) per case; a
de-identified one masks every unconfirmed identifier found in the texts and lists them on
stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from core.cli.common import EXIT_DATA, EXIT_USAGE, CliError, Command, err, opened
from core.cli.progress import ProgressBar


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", nargs="?", metavar="CASE_ID", help="the case to print")
    p.add_argument("--all", action="store_true", help="every case (not those in the trash), "
                   "one PDF each, into the folder given by -o")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE|DIR",
                   help="the PDF file (one case) or the folder (--all)")
    p.add_argument("--deidentified", action="store_true",
                   help="no identifiers, day numbers instead of dates (HIPAA Safe Harbor)")


def run_report(args: argparse.Namespace) -> int:
    if bool(args.case_id) == bool(args.all):
        raise CliError("casebook report: give either CASE_ID or --all.", EXIT_USAGE)
    _check_output(args.output, folder=args.all)
    return _report_all(args) if args.all else _report_one(args)


def _check_output(output: Path, *, folder: bool) -> None:
    """A file goes into an existing folder; an output folder may be new, its parent not."""
    if folder and output.exists() and not output.is_dir():
        raise CliError(f"{output} is not a folder.", EXIT_USAGE)
    if not folder and output.is_dir():
        raise CliError(f"{output} is a folder: give the PDF's file name.", EXIT_USAGE)
    if not output.parent.is_dir():
        raise CliError(f"The folder {output.parent} does not exist.", EXIT_USAGE)


def _report_one(args: argparse.Namespace) -> int:
    from core.report.batch import render_to_file
    from core.services.reports import SAVED, record_identified_output, report_options

    options = report_options(args.deidentified)
    with opened(args) as cb:
        case = cb.cases.open_case(args.case_id)
        masked = _masked(case, options)
        _, path, error = render_to_file(case, options, args.output)
        if error:
            err(f"{case.case_id}: the PDF could not be made: {error}")
            return EXIT_DATA
        if not options.deidentified:
            record_identified_output(cb.audit, SAVED, case.case_id, case.version,
                                     f"saved as {path.name} (command line)")
    _list_masked(masked)
    err(f"Wrote {path}.")
    return 0


def _report_all(args: argparse.Namespace) -> int:
    from core.report import render_many
    from core.services.reports import report_options

    options = report_options(args.deidentified)
    batch = Batch(options)
    bar = ProgressBar(sys.stderr)
    with opened(args) as cb:
        stored = cb.interchange.iter_cases()
        result = render_many(Counted(batch.note(stored), cb.cases.count_cases()), options,
                             args.output, progress=lambda done, total, _id: bar.show(done, total))
        bar.end()
        batch.record_audit(cb.audit, result.written)
    _list_masked(batch.masked)
    for case_id, error in result.failed.items():
        err(f"{case_id}: the PDF could not be made: {error}")
    failed = f"; {len(result.failed)} failed" if result.failed else ""
    err(f"Wrote {len(result.written)} PDF(s) to {args.output}{failed}.")
    return EXIT_DATA if result.failed else 0


class Batch:
    """What --all notes about each case on its way to the renderer: its version (for the
    audit entry) and, de-identified, the identifiers that will be masked."""

    def __init__(self, options):
        self.options = options
        self.versions: dict[str, int] = {}
        self.masked: list[tuple[str, list]] = []

    def note(self, cases: Iterable) -> Iterator:
        for case in cases:
            self.versions[case.case_id] = case.version
            self.masked += _masked(case, self.options)
            yield case

    def record_audit(self, audit, written: list[Path]) -> None:
        from core.services.reports import SAVED, record_identified_output

        if self.options.deidentified:
            return
        for path in written:
            record_identified_output(audit, SAVED, path.stem, self.versions[path.stem],
                                     f"saved as {path.name} (command line, --all)")


class Counted:
    """A lazy iterable that knows its length (for the progress total)."""

    def __init__(self, items: Iterable, count: int):
        self.items, self.count = items, count

    def __iter__(self) -> Iterator:
        return iter(self.items)

    def __len__(self) -> int:
        return self.count


def _masked(case, options) -> list[tuple[str, list]]:
    from core.services.reports import unconfirmed_hits

    if not options.deidentified:
        return []
    hits = unconfirmed_hits(case, options)
    return [(case.case_id, hits)] if hits else []


def _list_masked(masked: list[tuple[str, list]]) -> None:
    if not masked:
        return
    count = sum(len(hits) for _, hits in masked)
    err(f"Masked {count} possible identifier(s) found in the texts of {len(masked)} case(s):")
    for case_id, hits in masked:
        for hit in hits:
            err(f"  {case_id}  {hit.path}: {hit.text!r} ({hit.kind})")


COMMANDS = [
    Command("report", "print the PDF case summary of one case, or of every case (--all)",
            _configure, run_report),
]
