"""Package data shipped with Casebook: vocabularies, fonts, icons.

Every file in here is found through :func:`resource_path`, so code never builds paths to
resources on its own.
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Path of a file or folder inside the resources package, e.g. ``("vocab", "drug.json")``."""
    return _ROOT.joinpath(*parts)
