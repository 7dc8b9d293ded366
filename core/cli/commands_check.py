"""casebook validate / check."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.cli.common import EXIT_DATA, EXIT_USAGE, CliError, Command, err, opened

if TYPE_CHECKING:
    from core.model import Case
    from core.store.verify import CheckReport


def _configure_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def run_validate(args: argparse.Namespace) -> int:
    from core.io.interchange import read_files
    from core.services.import_files import file_type_problem

    missing = [str(f) for f in args.files if not f.exists()]
    if missing:
        raise CliError(f"No such file: {', '.join(missing)}", EXIT_USAGE)
    # an embedded figure file's real type against its figure's media_type, as import checks it
    result = read_files(args.files, check_file=file_type_problem)
    _as_imported(result.cases, result.notes)
    clinical = _clinical_reports(result.cases)
    errors = len(result.problems) + sum(r["errors"] for r in clinical)
    if args.json:
        json.dump({"problems": [p.__dict__ for p in result.problems], "cases": clinical,
                   "notes": result.notes, "ok": errors == 0}, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for note in result.notes:  # an older dataset: read without the tables it predates
            print(f"note   {note}")
        for p in result.problems:
            print(f"error  {p}")
        for r in clinical:
            print(r["text"])
        err(f"{len(result.cases)} case(s) read, {errors} error(s).")
    return EXIT_DATA if errors else 0


def _as_imported(cases: list[Case], notes: list[str]) -> None:
    """The cases as import stores them ('MTX' without an ATC code: methotrexate, L01BA01;
    ``core.io.import_coding``), and notes of what that changed: the counts, then each case's
    changes ("SEED-C1: MTX → methotrexate (L01BA01) at Treatment › Treatment lines › row 1 ›
    Administrations › row 6 › Drug", rows as the editor shows them)."""
    from core.io.import_coding import ImportCoding, coded_words

    coding = ImportCoding()
    changed = [(case.case_id, changes) for case in cases if (changes := coding.apply(case))]
    if coded_words(coding):
        notes.append(f"as import stores them: {coded_words(coding)}")
    notes += [f"{case_id}: {'; '.join(changes)}" for case_id, changes in changed]


def _clinical_reports(cases: list[Case]) -> list[dict[str, Any]]:
    """Each case's evaluation; a clinical engine error is an error of that case (named)."""
    from core.clinical import engine

    out = []
    for case in cases:
        result = engine.evaluate(case)
        if result.evaluation is None:
            out.append({"case_id": case.case_id, "errors": 1, "engine_error": result.error,
                        "text": f"{case.case_id}: 1 error(s)\n  error   {engine.ENGINE_RULE} "
                                f"{case.case_id} (case): {result.error}"})
            continue
        data = engine.evaluation_to_json(result.evaluation)
        data["case_id"] = case.case_id
        data["errors"] = data["blocking_errors"]
        data["engine_error"] = result.error
        data["text"] = engine.format_findings_text(case.case_id, result.evaluation, case)
        out.append(data)
    return out


def _configure_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quick", action="store_true", help="quick_check instead of integrity_check")


def run_check(args: argparse.Namespace) -> int:
    with opened(args) as cb:
        report = cb.maintenance.check(quick=args.quick)
    print(f"integrity: {', '.join(report.integrity[:5])}")
    print(f"foreign keys: {'ok' if not report.foreign_keys else report.foreign_keys[:5]}")
    problems = report.file_problems
    print(f"attached files: {_files_summary(report)}")
    for problem in problems:
        print(f"  {problem}")
    if report.chain:
        print(f"audit chain: {report.chain.message}")
    return 0 if report.ok else EXIT_DATA


def _files_summary(report: CheckReport) -> str:
    """What was counted, said once: distinct files hashed, the attachments naming them, and
    how many of those attachments have a missing or damaged file (each is listed below)."""
    if not report.files_checked:
        return "none named by the cases, ok"
    counted = (f"{report.files_checked} file(s) checked for {report.attachments_checked} "
               "attachment(s)")
    problems = report.file_problems
    if not problems:
        return f"{counted}, ok"
    return f"{counted}: {len(problems)} attachment(s) with a missing or damaged file"


COMMANDS = [
    Command("validate", "validate Casebook JSON files or a dataset export (a CSV folder or "
            ".zip, an .xlsx workbook) as import reads them (model and clinical rules)",
            _configure_validate, run_validate),
    Command("check", "check the database's integrity, its attached figure files and its audit "
            "chain", _configure_check, run_check),
]
