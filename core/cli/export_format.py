"""casebook export: the format from ``--format``, or else from the ``-o`` name's ending.

``export -o ds.xlsx`` writes an Excel workbook, ``-o all.json`` Casebook JSON, ``-o c.xml``
CDISC ODM, ``-o ds.zip`` a zipped CSV dataset (FHIR, JSON too, needs ``--format fhir``; a CSV
dataset folder ``--format csv``). A ``--format`` that contradicts the name's ending is refused
naming both, and a name whose ending says no format, without ``--format``, is refused listing
the choices; nothing is written either way (exit 2). The path itself (the data folder,
devices, an existing file) is checked first, as for every ``-o``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from core.cli.outputs import check_output_name, checked_output

# the name's ending (lower case) -> the format it means when --format is left out
BY_SUFFIX = {".json": "json", ".xlsx": "xlsx", ".xml": "odm", ".zip": "csv", ".csv": "csv"}
WRITES = {"json": "a Casebook JSON file", "csv": "a CSV dataset (a folder or a .zip)",
          "xlsx": "an Excel workbook", "fhir": "a FHIR Bundle (JSON)",
          "odm": "a CDISC ODM XML file"}
MEANS = {".json": "Casebook JSON (--format json; fhir for a FHIR Bundle)",
         ".xlsx": "an Excel workbook (--format xlsx)", ".xml": "CDISC ODM (--format odm)",
         ".zip": "a zipped CSV dataset (--format csv)",
         ".csv": "CSV (--format csv writes a folder or a .zip)"}
CHOICES = ("give a name ending in .json (Casebook JSON), .xlsx (an Excel workbook), .xml "
           "(CDISC ODM) or .zip (a CSV dataset), or choose with --format json, csv, xlsx, fhir "
           "or odm (a CSV dataset may also be a folder: --format csv -o FOLDER; FHIR: "
           "--format fhir -o NAME.json)")


def export_format(args: argparse.Namespace) -> str:
    """``args.format``, or the format the ``-o`` name's ending says; an OutputError (exit 2,
    after the checks of the path itself) for a name that says none without ``--format``."""
    if args.format is not None:
        return str(args.format)
    inferred = BY_SUFFIX.get(args.output.suffix.lower())
    if inferred is not None:
        return inferred
    from core.io.outputs import OutputError, check_output_path

    path: Path = args.output
    # the data folder, a device, a missing folder, an existing file first, as for any -o
    check_output_path(path, _root(args), force=args.force)
    ending = f"ends in {path.suffix}" if path.suffix else "has no ending"
    raise OutputError(path, f"-o {path}: the format cannot be told from the name (it "
                      f"{ending}): {CHOICES}.")


def checked_export_output(args: argparse.Namespace, fmt: str) -> Path:
    """``args.output`` checked as ``checked_output`` does, then its name against ``fmt``: a
    ``--format`` the name's ending contradicts is refused naming both."""
    zipped = args.output.suffix.lower() == ".zip"
    target = checked_output(args, kind="folder" if fmt == "csv" and not zipped else "file")
    if args.format is not None:
        _refuse_contradiction(args.output, fmt)
    check_output_name(args.output, f"export {fmt}")
    return target


def _refuse_contradiction(path: Path, fmt: str) -> None:
    from core.cli.outputs import OUTPUTS
    from core.io.outputs import OutputError

    suffix = path.suffix.lower()
    named = BY_SUFFIX.get(suffix)
    if named in (None, fmt) or suffix in OUTPUTS[f"export {fmt}"].suffixes:
        return  # the name says no format or this one (check_output_name has the words)
    wanted = " or ".join(f"a name ending in {s}" for s in OUTPUTS[f"export {fmt}"].suffixes)
    if fmt == "csv":
        wanted = "a folder name or " + wanted
    other = "" if suffix == ".csv" else ", or leave --format out"  # .csv: refused either way
    raise OutputError(path, f"-o {path}: --format {fmt} writes {WRITES[fmt]}, but the name "
                      f"ends in {path.suffix}, which means {MEANS[suffix]}: give "
                      f"{wanted}{other}.")


def _root(args: argparse.Namespace) -> Path:
    from core.paths import data_paths

    return data_paths(args.data_dir).root
