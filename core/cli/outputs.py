"""``-o FILE|DIR`` and ``--force`` of the commands that write a file or folder for the user.

The path is checked before the data folder is opened (``core.io.outputs``): a refused path or a
failed write is an ``OutputError``, which the command line shows with exit code 2. Then its
name is checked against what the command writes (``OUTPUTS``): ``export --format csv -o
foo.csv`` made a folder named foo.csv, ``report -o r1.docx`` a PDF named .docx.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from core.cli.common import EXIT_INTERRUPTED, CliError
from core.paths import data_paths

if TYPE_CHECKING:
    from core.io.outputs import Kind

FORCE_HELP = "replace FILE if it exists"


class Output(NamedTuple):
    """What a command writes: its words, the name endings it takes, and whether a folder."""

    words: str  # "--format xlsx writes an Excel workbook"
    suffixes: tuple[str, ...]  # lower case; () with folder=True: a folder only
    folder: bool = False


OUTPUTS = {  # the one table: what each -o writes -> the names it takes
    "export json": Output("--format json writes a Casebook JSON file", (".json",)),
    "export csv": Output("a CSV dataset is a folder or a .zip", (".zip",), folder=True),
    "export xlsx": Output("--format xlsx writes an Excel workbook", (".xlsx",)),
    "export fhir": Output("--format fhir writes a FHIR Bundle (JSON)", (".json",)),
    "export odm": Output("--format odm writes a CDISC ODM XML file", (".xml",)),
    "report": Output("report writes a PDF", (".pdf",)),
    "report --all": Output("report --all writes a folder of PDFs", (), folder=True),
    "kit": Output("kit writes a folder", (), folder=True),
    "audit export": Output("audit export writes a CSV file", (".csv",)),
    "schema": Output("schema writes a JSON Schema", (".json",)),
    "backup": Output("a backup is a folder or a .zip", (".zip",), folder=True),
}
# A folder's name may hold a dot ("run.v2", "2023.12"); one ending as a file does is refused.
FILE_SUFFIXES = {s for o in OUTPUTS.values() for s in o.suffixes} | {
    ".csv", ".tsv", ".txt", ".docx", ".doc", ".xls", ".pdf", ".xml", ".tif", ".tiff", ".png",
    ".jpg", ".jpeg", ".html", ".gz", ".tar", ".7z"}


def add_output(p: argparse.ArgumentParser, *, required: bool = True, metavar: str = "FILE",
               help: str | None = None, force_help: str = FORCE_HELP) -> None:
    p.add_argument("-o", "--output", required=required, type=Path, metavar=metavar, help=help)
    p.add_argument("--force", action="store_true", help=force_help)


def checked_output(args: argparse.Namespace, *, kind: Kind = "file",
                   allow_inside: Path | None = None, writes: str | None = None) -> Path:
    """``args.output`` checked against the data folder, devices, existing files and folders,
    then (``writes``, a key of ``OUTPUTS``) its name against what the command writes."""
    from core.io.outputs import check_output_path  # imported by the commands that write only

    root = data_paths(args.data_dir).root
    target = check_output_path(args.output, root, force=args.force, kind=kind,
                               allow_inside=allow_inside)
    if writes:
        check_output_name(args.output, writes)
    return target


def check_output_name(path: Path, writes: str) -> None:
    """OutputError (exit 2, nothing written) when ``path``'s name does not fit ``writes``."""
    from core.io.outputs import OutputError

    output = OUTPUTS[writes]
    suffix = path.suffix.lower()
    if suffix in output.suffixes or (output.folder and suffix not in FILE_SUFFIXES):
        return
    names = " or ".join(f"a name ending in {s}" for s in output.suffixes)
    wanted = ("give a folder name" + (f" or {names}" if names else "")) if output.folder \
        else f"give {names}"
    raise OutputError(path, f"-o {path}: {output.words}: {wanted}.")


@contextmanager
def interrupted_output(path: Path) -> Iterator[None]:
    """Ctrl+C while ``path`` is written: one line saying what became of it (exit 130). The
    outputs are written atomically (a temporary file or folder beside it, renamed at the end),
    so until then nothing is there and an old ``path`` is as it was."""
    before = _identity(path)
    try:
        yield
    except KeyboardInterrupt:
        now = _identity(path)
        if now is not None and now != before:  # after the rename, before the end
            raise CliError(f"Interrupted at the end: {path} was written in full; its audit "
                           "entry may be missing.", EXIT_INTERRUPTED) from None
        kept = "was not made" if now is None else "is as it was"
        raise CliError(f"Interrupted: nothing was written; {path} {kept}.",
                       EXIT_INTERRUPTED) from None


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_mtime_ns
