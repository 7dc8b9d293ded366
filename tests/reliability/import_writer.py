"""An importer for the killed-import test: ``python import_writer.py DATA_DIR FILE CHUNK MODE``
imports FILE into DATA_DIR committing CHUNK cases at a time (MODE: refuse, replace, as_new),
printing ``ready`` once the folder is open and ``done`` when the import has returned."""

from __future__ import annotations

import sys
from pathlib import Path

from core.services import open_casebook


def main(data: str, source: str, chunk: str, mode: str) -> None:
    cb = open_casebook(data, user="dr.import")
    cb.interchange.chunk = int(chunk)
    print("ready", flush=True)
    cb.interchange.import_files([Path(source)], mode)  # type: ignore[arg-type]
    print("done", flush=True)
    cb.close()


if __name__ == "__main__":
    main(*sys.argv[1:5])
