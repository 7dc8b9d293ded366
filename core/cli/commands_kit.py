"""casebook kit: the submission kit of one case (manuscript.docx, the filled CARE checklist as
DOCX and PDF, each figure as a 300-dpi TIFF, the timeline chart as a figure, and the PDF case
summary) written into a new folder.

An identified kit leaves an audit entry (``pdf-save``), so the command is a writer (it takes
the folder lock); a de-identified one writes nothing into the data folder. The folder is
checked like every output (never inside the data folder) and built beside the target, then
renamed into place.
"""

from __future__ import annotations

import argparse
import sys

from core.cli.common import Command, err, opened
from core.cli.outputs import add_output, checked_output, interrupted_output
from core.cli.progress import ProgressBar


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID", help="the case")
    add_output(p, metavar="DIR", help="the folder to write the kit into (a new or empty one)",
               force_help="replace the folder if it exists and is not empty")
    p.add_argument("--deidentified", action="store_true",
                   help="no identifiers, day numbers instead of dates; figures without the "
                        "no-face attestation are left out")


def run_kit(args: argparse.Namespace) -> int:
    from core.kit import build_kit

    target = checked_output(args, kind="folder", writes="kit")
    bar = ProgressBar(sys.stderr)
    with interrupted_output(args.output), opened(args, writes=not args.deidentified) as cb:
        try:
            report = build_kit(cb, args.case_id, target, deidentified=args.deidentified,
                               force=args.force,
                               on_progress=lambda done, total, _what: bar.show(done, total))
        finally:
            bar.end()
    err(report.summary())
    return 0


COMMANDS = [
    Command("kit", "write the submission kit of one case: manuscript.docx, the CARE checklist, "
            "figures as 300-dpi TIFFs and the PDF summary", _configure, run_kit, writes=True),
]
