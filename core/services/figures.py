"""Figures and attached files of a case, for the app and the command line.

The files themselves live in the data folder's file store (``ctx.files``: type checked, metadata
stripped, kept under their SHA-256). A figure is a row of ``case.attachments``; adding,
replacing and removing one is a normal case save, so the audit trail records each changed
field (figure number, legend, file hash...) and a locked case needs a reason.

The GUI imports the store's types from here (it never imports ``core.store``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.errors import CasebookError, NotFound
from core.logs import get_logger
from core.model import Case
from core.model.report import Attachment
from core.model.when import WhenError, parse_when
from core.services.cases import CaseService
from core.services.context import Context
from core.store.files import ACCEPTED, FileProblem, FileStore, StoredFile, sniff, source_stat

__all__ = ["ACCEPTED", "FigureService", "FileProblem", "FileStore", "StoredFile",
           "file_fields", "figure_order", "sniff", "source_stat"]

log = get_logger("services")
KINDS = ("mri_image", "smear_image", "flow_plot", "chart", "photo", "histology", "imaging",
         "document", "other")


def file_fields(stored: StoredFile, name: str | None) -> dict[str, Any]:
    """The attachment fields that describe its file (set on add and on replace)."""
    return {"file_sha256": stored.sha256, "file_name": name, "byte_size": stored.byte_size,
            "width_px": stored.width_px, "height_px": stored.height_px,
            "media_type": stored.media_type, "metadata_stripped": stored.metadata_stripped}


def figure_order(case: Case) -> list[Attachment]:
    """The case's attachments with a figure number, in figure-number order."""
    return sorted((a for a in case.attachments if a.figure_number is not None),
                  key=lambda a: a.figure_number or 0)


class FigureService:
    def __init__(self, ctx: Context, cases: CaseService | None = None):
        self.ctx = ctx
        self.cases = cases or CaseService(ctx)

    @property
    def files(self) -> FileStore:
        return self.ctx.files

    def attach(self, case_id: str, path: Path, *, figure_number: int, legend: str | None,
               attested: bool = False, kind: str | None = None, day: str | None = None,
               shows_event: str | None = None, reason: str | None = None) -> Case:
        """Store the file and add it as figure ``figure_number``; a figure of that number is
        replaced (its file, and what is given here; legend and the rest kept if not given).
        Nothing is stored in the case when the file is refused. The audit entries' reason says what was done
        ("Figure 1 replaced: file 3f9a0c71be12 -> 8d2e...")."""
        if not 1 <= figure_number <= 99:
            raise CasebookError(f"Figure number {figure_number}: give a number from 1 to 99.")
        if kind is not None and kind not in KINDS:
            raise CasebookError(f"Kind “{kind}” is not one of: {', '.join(KINDS)}.")
        when = None
        if day is not None:
            try:
                when = parse_when(day)
            except WhenError as exc:
                raise CasebookError(f"Day: {exc}") from None  # it quotes what was given
        case = self.cases.open_case(case_id)
        owner = object()  # this attach: a file it brought goes again if the save fails
        stored = self.files.put_path(Path(path), owner)
        try:
            saved = self._add(case, stored, Path(path).name, figure_number, attested,
                              {"caption": legend, "kind": kind, "day": when,
                               "shows_event": shows_event}, reason)
        except Exception:
            self._take_back(case.case_id, stored.sha256, owner)
            raise
        self.files.release([stored.sha256], owner)
        return saved

    def _add(self, case: Case, stored: StoredFile, name: str, figure_number: int,
             attested: bool, given: dict[str, Any], reason: str | None) -> Case:
        values: dict[str, Any] = file_fields(stored, name)
        values["figure_number"] = figure_number
        values.update({k: v for k, v in given.items() if v is not None})
        if attested:
            values["no_full_face_attested"] = True
        rows = list(case.attachments)
        at = next((i for i, a in enumerate(rows) if a.figure_number == figure_number), None)
        if at is None:
            values.setdefault("kind", "document" if stored.media_type == "application/pdf"
                              else "other")
            rows.append(Attachment.model_validate(values))
            what = f"Figure {figure_number} added: file {_short(stored.sha256)}"
        else:
            old = rows[at].file_sha256
            rows[at] = rows[at].model_copy(update=values)
            what = (f"Figure {figure_number} replaced: file {_short(old)} -> "
                    f"{_short(stored.sha256)}" if old != stored.sha256
                    else f"Figure {figure_number} changed")
        case.attachments = rows
        return self.cases.save_case(case, reason, note=what)

    def _take_back(self, case_id: str, sha256: str, owner: object) -> None:
        """The file an attach brought, once its save failed: removed unless the store held it
        before or someone else has put it since (``FileStore.remove_added``), and never while
        the stored case names it (a failure after the commit)."""
        try:
            named = any(a.file_sha256 == sha256
                        for a in self.cases.open_case(case_id).attachments)
            if not named:
                self.files.remove_added(sha256, owner)
        except CasebookError:  # cannot tell: the file stays
            log.warning("the file %s of a failed attach was kept: its case could not be read",
                        sha256[:12])
        except OSError as exc:
            log.warning("the file %s of a failed attach could not be removed: %s",
                        sha256[:12], exc)
        finally:
            self.files.release([sha256], owner)

    def remove(self, case_id: str, figure_number: int, reason: str | None = None) -> Case:
        """Remove figure ``figure_number`` from the case (the file stays in the store: older
        versions of the case and the audit trail still name it)."""
        case = self.cases.open_case(case_id)
        gone = [a for a in case.attachments if a.figure_number == figure_number]
        if not gone:
            raise NotFound(f"Case {case_id} has no figure {figure_number}.")
        case.attachments = [a for a in case.attachments if a.figure_number != figure_number]
        what = f"Figure {figure_number} removed: file {_short(gone[0].file_sha256)}"
        return self.cases.save_case(case, reason, note=what)


def _short(sha: str | None) -> str:
    return sha[:12] if sha else "none"
