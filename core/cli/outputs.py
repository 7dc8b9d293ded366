"""``-o FILE|DIR`` and ``--force`` of the commands that write a file or folder for the user.

The path is checked before the data folder is opened (``core.io.outputs``): a refused path or a
failed write is an ``OutputError``, which the command line shows with exit code 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from core.paths import data_paths

if TYPE_CHECKING:
    from core.io.outputs import Kind

FORCE_HELP = "replace FILE if it exists"


def add_output(p: argparse.ArgumentParser, *, required: bool = True, metavar: str = "FILE",
               help: str | None = None, force_help: str = FORCE_HELP) -> None:
    p.add_argument("-o", "--output", required=required, type=Path, metavar=metavar, help=help)
    p.add_argument("--force", action="store_true", help=force_help)


def checked_output(args: argparse.Namespace, *, kind: Kind = "file",
                   allow_inside: Path | None = None) -> Path:
    """``args.output`` checked against the data folder, devices, existing files and folders."""
    from core.io.outputs import check_output_path  # imported by the commands that write only

    root = data_paths(args.data_dir).root
    return check_output_path(args.output, root, force=args.force, kind=kind,
                             allow_inside=allow_inside)
