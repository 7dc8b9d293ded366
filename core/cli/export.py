"""casebook export --format csv (and de-identified exports): the dataset for other tools."""

from __future__ import annotations

import argparse
import sys

from core.cli.common import EXIT_DATA, EXIT_USAGE, CliError, err, opened
from core.cli.export_format import checked_export_output
from core.cli.outputs import interrupted_output


def run_dataset_export(args: argparse.Namespace, fmt: str) -> int:
    """``fmt``: ``--format``, or the format the ``-o`` name's ending says."""
    from core.cli.progress import ProgressBar
    from core.io.deident import DeidOptions, IdentifiersFound
    from core.services.case_ids import repeated_ids_text
    from core.services.datasets import FORMATS, DatasetService, UnknownFormat

    if fmt not in FORMATS:
        raise CliError(str(UnknownFormat(fmt)), EXIT_USAGE)
    options = DeidOptions(drop_identifiers=args.drop_identifiers, hash_ids=args.hash_ids,
                          drop_text=args.drop_text,
                          dates="drop" if args.drop_dates else
                          "shift" if args.shift_dates else "keep",
                          drop_rare_subdivision=args.drop_rare_subdivision)
    if fmt == "json" and (options.any or args.confirm_phi):
        raise CliError("The de-identification options go with --format csv, xlsx, fhir or odm: "
                       "a JSON export is the whole record, to import back.", EXIT_USAGE)
    target = checked_export_output(args, fmt)
    bar = ProgressBar(sys.stderr, unit="cases")
    with interrupted_output(args.output), opened(args, writes=True) as cb:  # audited
        service = DatasetService(cb.interchange)
        try:
            result = service.export(target, fmt, args.case_ids or None, options,
                                    force=args.force, confirm_all=args.confirm_phi,
                                    on_progress=bar.show)
        except IdentifiersFound as exc:
            raise CliError(f"{exc}\nNothing was written. Add --confirm-phi to export them "
                           "anyway.", EXIT_DATA) from None
        finally:
            bar.end()
    files = len(result.files)
    err(f"Exported {result.cases} case(s) to {args.output} ({files} file"
        f"{'' if files == 1 else 's'}, {options.describe()}).")
    for line in [*repeated_ids_text(args.case_ids), *result.rare_note()]:
        err(line)
    if result.confirmed:
        err(f"{result.confirmed} possible identifier(s) were confirmed with --confirm-phi.")
    for line in result.consent_warning():  # exported all the same: the exit code stays 0
        err(line)
    return 0
