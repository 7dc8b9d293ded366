"""casebook attach: add, replace or remove a figure of a case from a script."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from core.cli.common import EXIT_USAGE, CliError, Command, err, opened
from core.errors import Blocker, StatusError
from core.services.amend_check import OVERRIDE_HINT, AmendmentRefused

KINDS = ("mri_image", "smear_image", "flow_plot", "chart", "photo", "histology", "imaging",
         "document", "other")


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("target", metavar="FILE",
                   help="the file to attach (PNG, JPEG, TIFF or PDF); with --remove, the "
                        "number of the figure to remove")
    p.add_argument("--figure", type=int, metavar="N",
                   help="its figure number (1-99); a figure of that number is replaced")
    p.add_argument("--legend", metavar="TEXT", help="the figure legend")
    p.add_argument("--attest", action="store_true",
                   help="attest that the image shows no face and carries no burned-in "
                        "identifier (without it the figure never goes into a de-identified "
                        "output)")
    p.add_argument("--kind", choices=KINDS, help="what the file is")
    p.add_argument("--day", metavar="D", help="the day it shows: a day number (d14) or a date")
    p.add_argument("--event", metavar="TEXT", help="the event it shows, e.g. MRI at relapse")
    p.add_argument("--remove", action="store_true", help="remove figure FILE (a number)")
    p.add_argument("--reason", help="why (needed to amend a locked case)")


def run(args: argparse.Namespace) -> int:
    from core.services.figures import FigureService, FileProblem, source_stat

    if args.remove:
        try:
            number = int(args.target)
        except ValueError:
            raise CliError(f"--remove takes the figure's number, not {args.target!r}.",
                           EXIT_USAGE) from None
    else:
        if args.figure is None:
            raise CliError("Give the figure's number with --figure N (1-99).", EXIT_USAGE)
        source = Path(args.target)
        try:
            source_stat(source)  # a folder, pipe or device named as such, before the case opens
        except FileProblem as exc:
            raise CliError(str(exc), EXIT_USAGE) from None
    with opened(args, writes=True) as cb:
        figures = FigureService(cb.ctx, cb.cases)
        try:
            if args.remove:
                case = figures.remove(args.case_id, number, args.reason)
                err(f"Removed figure {number} from {case.case_id} (version {case.version}).")
                return 0
            case = figures.attach(args.case_id, source, figure_number=args.figure,
                                  legend=args.legend, attested=args.attest, kind=args.kind,
                                  day=args.day, shows_event=args.event, reason=args.reason)
        except AmendmentRefused as exc:  # the app's way out (a box, Problems) is none here
            raise StatusError(f"{exc.head} Correct these, then run the command again:",
                              [_command_line_words(b) for b in exc.blockers]) from None
    fig = next(a for a in case.attachments if a.figure_number == args.figure)
    print(f"Figure {args.figure} of {case.case_id}: {fig.media_type}, {fig.byte_size} bytes, "
          f"SHA-256 {fig.file_sha256} (metadata stripped)")
    if not fig.no_full_face_attested:
        err("Not attested (--attest): the figure is left out of de-identified outputs.")
    return 0


ATTEST_PATH = ".no_full_face_attested"  # rule V59's attestation, given with --attest
CLI_OVERRIDE_HINT = (" (this rule allows an override, given in the app only: open the case, "
                     "confirm it in Problems with a reason and save; the command line has no "
                     "option for it)")


def _command_line_words(blocker: Blocker) -> Blocker:
    """A refused amendment's error with the way out the command line has: ``--attest`` for
    the attestation; an override is given in the app."""
    if blocker.path.endswith(ATTEST_PATH):
        return replace(blocker, message="not attested: check that the image shows no face and "
                       "carries no name, record number or date of birth, then run the command "
                       "again with --attest")
    if blocker.overridable:
        return replace(blocker, message=blocker.message.removesuffix(OVERRIDE_HINT)
                       + CLI_OVERRIDE_HINT)
    return blocker


COMMANDS = [
    Command("attach", "attach a figure (PNG, JPEG, TIFF, PDF) to a case, or --remove one",
            _configure, run, writes=True),
]
