"""casebook import / export / list / show / schema."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.cli.common import (
    EXIT_DATA,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    MAX_COUNT,
    CliError,
    Command,
    count_arg,
    data_folder,
    err,
    opened,
    printable_cell,
)
from core.cli.outputs import add_output, checked_output, interrupted_output
from core.paths import data_paths

if TYPE_CHECKING:
    from core.services.interchange import ImportMode


def _configure_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help="Casebook JSON files, or a dataset export in Casebook's layout: a CSV "
                   "folder or .zip, or an .xlsx workbook")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--replace", action="store_true",
                      help="replace cases whose id already exists (saved as a new version; "
                      "never from a de-identified dataset)")
    mode.add_argument("--as-new", action="store_true", help="give every imported case a new id")
    p.add_argument("--reason", metavar="TEXT",
                   help="with --replace: why locked cases are replaced (recorded as an amendment)")


def run_import(args: argparse.Namespace) -> int:
    from core.services.cases import ReasonNeeded

    _check_import_files(args.files)
    if args.reason is not None and not args.replace:
        raise CliError("--reason goes with --replace: it says why locked cases are replaced.",
                       EXIT_USAGE)
    from core.cli.fresh_folder import removed_on_failure
    from core.cli.progress import ProgressBar

    mode: ImportMode = "replace" if args.replace else "as_new" if args.as_new else "refuse"
    # "Reading the file…" until a kilobyte is read: "0/4 KB read" read oddly
    bar = ProgressBar(sys.stderr, unit="KB read", starting="Reading the file…"
                      if len(args.files) == 1 else f"Reading the {len(args.files)} files…")
    # a failure in a folder that held no casebook leaves none there (core.cli.fresh_folder)
    with removed_on_failure(data_paths(args.data_dir)), opened(args, writes=True) as cb:
        bar.show(0, None)  # at once: the first count comes after the first case
        try:
            report = cb.interchange.import_files(args.files, mode, reason=args.reason,
                                                 on_progress=bar.show)
        except ReasonNeeded as exc:
            raise CliError(f"{exc} Give the reason with --reason TEXT.", EXIT_DATA) from None
        except KeyboardInterrupt:  # Ctrl+C: the import undid what it had written, as for any
            # error (``ImportWriter.run``), and removed the figure files it had added
            raise CliError("Import interrupted: nothing was imported.",
                           EXIT_INTERRUPTED) from None
        finally:
            bar.end()
    unchanged = f", {report.unchanged} unchanged (left as they were)" if report.unchanged \
        else ""
    err(f"Imported {report.imported} case(s), replaced {report.replaced}{unchanged}, "
        f"from {report.files} file(s).")
    from core.io.import_coding import coded_text
    from core.services.import_files import (
        broken_references_text,
        cleaned_files_text,
        missing_images_text,
    )
    from core.services.import_status import demoted_text
    from core.services.reason_rules import override_reasons_text

    coded = coded_text(report.coded)
    for line in [*([coded] if coded else []), *cleaned_files_text(report.cleaned),
                 *missing_images_text(report.missing, report.missing_count),
                 *broken_references_text(report.references, report.references_count),
                 *demoted_text(report.demoted, report.demoted_count),
                 *override_reasons_text(report.override_reasons,
                                        report.override_reasons_count),
                 *report.older]:
        err(line)
    return 0


def _check_import_files(files: list[Path]) -> None:
    """Exit 2, naming the file, for what cannot be read as a file at all."""
    from core.io.screening import safe_text

    missing = [safe_text(str(f), 4000) for f in files if not f.exists()]
    if missing:
        raise CliError(f"No such file: {', '.join(missing)}", EXIT_USAGE)
    for f in files:
        name = safe_text(str(f), 4000)
        if f.is_dir():
            if any(f.glob("*.csv")):  # a CSV dataset export (issue 18)
                continue
            raise CliError(f"{name} is a folder, not a file (nor a CSV dataset).", EXIT_USAGE)
        if not f.is_file():
            raise CliError(f"{name} is not a regular file (a device, pipe or socket).",
                           EXIT_USAGE)
        try:
            with open(f, "rb"):
                pass
        except OSError as exc:
            raise CliError(f"{name} cannot be read ({exc.strerror or exc}).", EXIT_USAGE) from None


def _configure_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_ids", nargs="*", metavar="CASE_ID")
    p.add_argument("--format", metavar="FORMAT",
                   help="json (Casebook's own) or csv (a folder, or a .zip, of "
                   "CSV files with a REDCap data dictionary) or xlsx (one Excel workbook: a sheet "
                   "per entity and the dictionary) or fhir (one FHIR R4 Bundle, JSON)"
                   " or odm (one CDISC ODM 1.3.2 XML file: study metadata and clinical data); "
                   "left out, the -o name's ending says it: .json Casebook JSON, .xlsx, .xml "
                   "ODM, .zip CSV")
    add_output(p, metavar="PATH", help="what to write (outside the data folder): the JSON "
               "file, the CSV folder or .zip, the .xlsx workbook, the FHIR JSON file or the ODM "
               "XML file")
    deid = p.add_argument_group("de-identification (csv, xlsx, fhir, odm)")
    deid.add_argument("--drop-identifiers", action="store_true",
                      help="leave out the identifier fields (name, record number, birth date)")
    deid.add_argument("--hash-ids", action="store_true",
                      help="replace each case id with a keyed hash (the key stays in the data "
                      "folder)")
    deid.add_argument("--drop-text", action="store_true", help="leave out the free-text fields")
    dates = deid.add_mutually_exclusive_group()
    dates.add_argument("--drop-dates", action="store_true",
                       help="leave out the calendar dates (days relative to Day 0 stay)")
    dates.add_argument("--shift-dates", action="store_true",
                       help="shift every date of a case back by the case's own 0-364 days, "
                       "the same in every export")
    deid.add_argument("--drop-rare-subdivision", action="store_true",
                      help="leave out the subdivision (the country stays) of each case whose "
                      "extreme age makes it a rare combination (rule V60) not confirmed in "
                      "the case, as the de-identified PDF does; the export does not stop at it")
    deid.add_argument("--confirm-phi", action="store_true",
                      help="export even when the identifier scan of the free text finds "
                      "something (the export lists it otherwise and stops)")


def run_export(args: argparse.Namespace) -> int:
    from core.cli.export import run_dataset_export
    from core.cli.export_format import checked_export_output, export_format

    fmt = export_format(args)  # --format, or the -o name's ending
    if fmt != "json" or _deidentified(args):
        return run_dataset_export(args, fmt)
    from core.cli.progress import ProgressBar

    target = checked_export_output(args, fmt)
    bar = ProgressBar(sys.stderr, unit="cases")
    without_image: list[str] = []
    no_consent: list[str] = []
    with interrupted_output(args.output), opened(args, writes=True) as cb:  # audited
        try:
            count = cb.interchange.export_cases(target, args.case_ids or None,
                                                force=args.force, on_progress=bar.show,
                                                without_image=without_image,
                                                no_consent=no_consent)
        finally:
            bar.end()
    err(f"Exported {count} case(s) to {args.output}.")
    from core.io.consent_notice import warning_lines
    from core.services.case_ids import repeated_ids_text
    from core.services.interchange import without_image_text

    for line in [*repeated_ids_text(args.case_ids), *without_image_text(without_image),
                 *warning_lines(no_consent, count, "json")]:
        err(line)
    return 0


def _deidentified(args: argparse.Namespace) -> bool:
    return bool(args.drop_identifiers or args.hash_ids or args.drop_text or args.drop_dates
                or args.shift_dates or args.drop_rare_subdivision or args.confirm_phi)


def _configure_list(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--trash", action="store_true", help="list the cases in the trash")
    p.add_argument("--limit", type=count_arg, default=MAX_COUNT, metavar="N",
                   help="at most N cases")
    p.add_argument("--sort", default="updated",
                   choices=["updated", "title", "case_id", "day0", "status", "main_dx"])


def run_list(args: argparse.Namespace) -> int:
    from core.store.summaries import import_under_way, read_summaries

    descending = args.sort == "updated"
    paths = data_folder(args, writes=False)  # no folder or database: the message says so
    # an ordinary folder is read with sqlite3 alone (a quick start); any other through the
    # services, which say what is wrong with it
    rows = read_summaries(paths.database, sort=args.sort, descending=descending,
                          trashed=args.trash, limit=args.limit)
    if rows is None:
        rows = _listed(args, descending)
    note = import_under_way(paths.database)  # a large import beside, committed in chunks
    if note:
        err(note)
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    sys.stdout.write("".join(f"{r['case_id']}\t{r['status']}\tv{r['version']}\t"
                             f"{printable_cell(str(r['main_dx'] or '-'))}\t"
                             f"{printable_cell(str(r['title']))}\n" for r in rows))
    err(f"{len(rows)} case(s).")
    return 0


def _listed(args: argparse.Namespace, descending: bool) -> list[dict[str, Any]]:
    from core.services.listing import ListQuery

    query = ListQuery(limit=args.limit, sort=args.sort, trashed=args.trash,
                      descending=descending)
    with opened(args) as cb:
        return [r.model_dump() for r in cb.cases.list_cases(query)]


def _configure_show(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--json", action="store_true", help="the case in the interchange format")


def run_show(args: argparse.Namespace) -> int:
    from core.io.interchange import export_document
    from core.services.case_summary import summary_lines  # the clinical engine: not at start-up

    with opened(args) as cb:
        case = cb.cases.open_case(args.case_id)
    if args.json:
        json.dump(export_document([case]), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    dx = case.main_diagnosis()
    print(f"{case.case_id}  {case.title}")
    print(f"  status {case.status}, version {case.version}")
    if dx:  # no empty brackets: a diagnosis without codes is its name alone
        codes = ", ".join(str(c.code) for c in (dx.icd10_who, dx.icdo3_morphology)
                          if c and c.code)
        print(f"  diagnosis: {dx.entity or '(no entity entered)'}"
              + (f" ({codes})" if codes else ""))
    for line in summary_lines(case):  # the key facts, as the PDF summary states them
        print(line)
    counts = {name: len(getattr(case, name)) for name, info in type(case).model_fields.items()
              if isinstance(getattr(case, name), list)}
    if any(counts.values()):  # a case with no records: no blank line
        print("  " + ", ".join(f"{k}: {v}" for k, v in counts.items() if v))
    for fig in sorted((a for a in case.attachments if a.figure_number is not None),
                      key=lambda a: a.figure_number or 0):
        attested = "attested" if fig.no_full_face_attested else "not attested"
        print(f"  Figure {fig.figure_number}. {fig.caption or '(no legend)'} "
              f"[{fig.media_type or '?'}, {attested}, {(fig.file_sha256 or '?')[:12]}]")
    return 0


def _configure_schema(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wrapper", action="store_true",
                   help="the schema of a whole interchange file ({format, schema_version, "
                        "cases}) instead of one case")
    add_output(p, required=False, help="write it to FILE instead of the standard output")


def run_schema(args: argparse.Namespace) -> int:
    from core.io.outputs import atomic_write_text
    from core.io.schema import case_schema, file_schema, schema_text

    target = checked_output(args, writes="schema") if args.output else None
    text = schema_text(file_schema() if args.wrapper else case_schema())
    if target:
        atomic_write_text(target, text + "\n", force=args.force)
        err(f"Wrote {args.output}.")
    else:
        print(text)
    return 0


COMMANDS = [
    Command("import", "import cases from Casebook JSON files or a dataset export (a CSV folder "
            "or .zip, an .xlsx workbook)", _configure_import, run_import, writes=True),
    Command("export", "export cases (all, or the ids given) as Casebook JSON, a CSV dataset "
            "(folder or .zip), an Excel workbook (.xlsx), a FHIR R4 Bundle or a CDISC ODM file",
            _configure_export, run_export, writes=True),
    Command("list", "list the stored cases", _configure_list, run_list),
    Command("show", "show a summary of one case (with --json, the whole case)", _configure_show,
            run_show),
    Command("schema", "print the JSON Schema (Draft 2020-12) of a case, or with --wrapper "
            "of a whole interchange file", _configure_schema, run_schema),
]
