"""casebook report: the PDF case summary of one case, or of every case into a folder.

An identified PDF leaves an audit entry (``pdf-save``) per case, so it is a writer (it takes the
folder lock); a de-identified one writes nothing into the data folder, masks every unconfirmed
identifier found in the texts and lists them on stderr. The PDF is written atomically; --all
builds a temporary folder beside the target and renames it at the end
(``core.services.pdf_batch.save_pdfs``, as the app's File › Save PDFs of selected cases…).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from core.cli.common import (
    EXIT_DATA,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    CliError,
    Command,
    err,
    opened,
)
from core.cli.outputs import add_output, checked_output
from core.cli.progress import ProgressBar

if TYPE_CHECKING:
    from core.report import Hit


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", nargs="?", metavar="CASE_ID", help="the case")
    p.add_argument("--all", action="store_true", help="every case (not those in the trash), "
                   "one PDF each, into the folder given by -o")
    add_output(p, metavar="FILE|DIR", help="the PDF file (one case) or the folder (--all)",
               force_help="replace FILE, or the folder given with --all, if it exists")
    p.add_argument("--deidentified", action="store_true",
                   help="no identifiers, day numbers instead of dates (HIPAA Safe Harbor)")


def run_report(args: argparse.Namespace) -> int:
    if bool(args.case_id) == bool(args.all):
        raise CliError("casebook report: give either CASE_ID or --all.", EXIT_USAGE)
    target = checked_output(args, kind="folder" if args.all else "file",
                            writes="report --all" if args.all else "report")
    return _report_all(args, target) if args.all else _report_one(args, target)


def _report_one(args: argparse.Namespace, path: Path) -> int:
    from core.io.outputs import atomic_write_bytes
    from core.report import render_case_pdf
    from core.services.reports import (
        SAVED,
        masked_hits,
        record_identified_output,
        report_options,
    )

    with opened(args, writes=not args.deidentified) as cb:
        case = cb.cases.open_case(args.case_id)
        # identified: the audit anchor; complete or locked: who completed it, its amendments
        options = report_options(args.deidentified, cb.audit, case)
        masked = masked_hits(case, options)
        try:
            data = render_case_pdf(case, options)
        except Exception as exc:  # noqa: BLE001 - a case the renderer cannot lay out
            err(f"{case.case_id}: the PDF could not be made: {type(exc).__name__}: {exc}")
            return EXIT_DATA
        atomic_write_bytes(path, data, force=args.force)
        if options.audit_mismatch:
            err(f"Warning: {case.case_id}: the stored case differs from its audit trail "
                "(changed outside Casebook); the PDF says so on every page instead of the "
                "audit anchor. `casebook check` tells more.")
        if not options.deidentified:
            record_identified_output(cb.audit, SAVED, case.case_id, case.version,
                                     f"saved as {path.name} (command line)")
    _list_masked(masked)
    err(f"Wrote {args.output}.")  # as typed, as export and report --all say it
    return 0


def _report_all(args: argparse.Namespace, target: Path) -> int:
    from core.services.pdf_batch import save_pdfs

    bar = ProgressBar(sys.stderr)
    made = [0, 0]  # PDFs made, of the total

    def show(done: int, total: int) -> None:
        made[:] = [done, total]
        bar.show(done, total)

    with opened(args, writes=not args.deidentified) as cb:
        try:
            batch = save_pdfs(cb, None, target, deidentified=args.deidentified, progress=show,
                              force=args.force, source="command line, --all")
        except KeyboardInterrupt:  # Ctrl+C: the temporary folder and its PDFs are removed
            raise CliError(_interrupted(made[0], made[1], args.output),
                           EXIT_INTERRUPTED) from None
        finally:
            bar.end()
    _list_masked(batch.masked)
    for case_id, error in batch.failed.items():
        err(f"{case_id}: the PDF could not be made: {error}")
    failed = f"; {len(batch.failed)} failed" if batch.failed else ""
    err(f"Wrote {len(batch.written)} PDF(s) to {args.output}{failed}.")
    return EXIT_DATA if batch.failed else 0


def _interrupted(made: int, total: int, output: str) -> str:
    kept = "is as it was" if Path(output).exists() else "was not made"
    return (f"Interrupted: no PDF was saved ({made} of {total} made, removed; "
            f"{total - made} not made); {output} {kept}.")


def _list_masked(masked: list[tuple[str, list[Hit]]]) -> None:
    from core.report.options import kind_words, masked_words

    if not masked:
        return
    every = [hit for _, hits in masked for hit in hits]
    err(f"{masked_words(every)} ({len(masked)} case(s)):")
    for case_id, hits in masked:
        for hit in hits:
            err(f"  {case_id}, {hit.place or hit.path}: {kind_words(hit.kind)} “{hit.text}”")


COMMANDS = [
    Command("report", "write the PDF case summary of one case to a file, or of every case "
            "(--all) into a folder",
            _configure, run_report, writes=True),
]
