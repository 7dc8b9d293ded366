"""A field path in words for clinicians; the wording lives in core (``core.model.labels``), so
the command line and the reasons that stop "Mark complete" say the same."""

from __future__ import annotations

from core.model.labels import path_label

__all__ = ["path_label"]
