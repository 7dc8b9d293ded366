"""The submission kit of one case (issue 19): ``manuscript.docx``, the filled CARE checklist
(DOCX and PDF), each figure as a 300-dpi TIFF (``Figure1.tiff``...), the timeline chart as a
figure, and the PDF case summary, written into one folder (atomically: a temporary folder
renamed at the end). De-identified, every text goes through the PDF summary's masking, dates
become days relative to Day 0, and a figure nobody attested as free of faces and burned-in
identifiers is left out (and the report says so). No Qt here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import CasebookError
from core.kit.figures import Figure, ReadFile
from core.model.report import CONSENT_DOCUMENTED
from core.report.options import Hit, masked_words
from core.store.files import StoredFileProblem

if TYPE_CHECKING:
    from core.clinical.care import CareCompleteness
    from core.model import Case
    from core.model.report import Attachment
    from core.report.options import ReportOptions
    from core.services import Casebook

Progress = Callable[[int, int, str], None]  # (step done, steps, what is being written)
MANUSCRIPT, SUMMARY = "manuscript.docx", "case-summary.pdf"
CHECKLIST_DOCX, CHECKLIST_PDF = "CARE-checklist.docx", "CARE-checklist.pdf"


class FigureError(CasebookError):
    """A figure's stored file is missing or not an image: no kit is written."""


@dataclass
class KitReport:
    folder: Path
    written: list[str] = field(default_factory=list)  # file names, in the order written
    left_out: list[str] = field(default_factory=list)  # figures left out, and why
    notes: list[str] = field(default_factory=list)  # what the kit still lacks
    renumbered: list[str] = field(default_factory=list)  # figure numbers the kit changed
    masked: list[Hit] = field(default_factory=list)  # masked or left out (de-identified)

    def summary(self) -> str:
        lines = [f"Wrote {len(self.written)} file(s) to {self.folder}:"]
        lines += [f"  {name}" for name in self.written]
        if self.masked:
            lines.append(f"{masked_words(self.masked)}.")
        lines += [f"Left out: {why}" for why in self.left_out]
        lines += [f"Renumbered: {what}" for what in self.renumbered]
        lines += [f"Note: {note}" for note in self.notes]
        return "\n".join(lines)


def build_kit(cb: Casebook, case_id: str, out_dir: Path, *, deidentified: bool,
              force: bool = False, on_progress: Progress | None = None) -> KitReport:
    """The kit of a stored case, from the services of its data folder. The output folder is
    checked like every output (never in the data folder); an identified kit leaves an audit
    entry, as an identified PDF does."""
    from core.io.outputs import check_output_path
    from core.services.reports import SAVED, record_identified_output, report_options

    target = check_output_path(out_dir, cb.paths.root, force=force, kind="folder")
    case = cb.cases.open_case(case_id)
    files = getattr(cb.ctx, "files", None)
    read: ReadFile | None = files.read if files is not None else None
    options = report_options(deidentified, cb.audit, case)
    report = write_kit(case, target, options=options, read_file=read, force=force,
                       on_progress=on_progress)
    if not deidentified and case.version:
        record_identified_output(cb.audit, SAVED, case.case_id, case.version,
                                 f"in a submission kit written to {target.name}")
    return report


def write_kit(case: Case, target: Path, *, options: ReportOptions,
              read_file: ReadFile | None, force: bool = False,
              on_progress: Progress | None = None) -> KitReport:
    """Write the kit of ``case`` into the folder ``target`` (already checked)."""
    from core.io.outputs import atomic_folder
    from core.kit import checklist, figures, manuscript
    from core.report import render_case_pdf
    from core.report.document import make_context, set_up_reportlab
    from core.report.sections_figures import chart_number
    from core.services.reports import unconfirmed_hits

    report = KitReport(target)
    set_up_reportlab()
    ctx = make_context(case, options)
    shown, report.left_out = figures.figures_of(case, deidentified=options.deidentified)
    if read_file is None and shown:
        report.left_out += [f"Figure {f.number}: the figure files cannot be read here"
                            for f in shown]
        shown = []
    steps = 5 + len(shown)
    progress = on_progress or (lambda done, total, what: None)
    progress(0, steps, SUMMARY)
    chart_pdf = figures.chart_pdf(ctx, ctx.width) if options.include_chart else None
    chart = figures.Figure(len(shown) + 1, _chart_legend(ctx)) if chart_pdf is not None else None
    numbers = figures.figure_numbers(case, shown)
    # the chart as the case's own PDF summary captions it (after the case's highest figure
    # number): a "Figure 4" typed for it follows the kit's chart, or is left out with it
    numbers[chart_number(ctx)] = chart.number if chart is not None else None
    if chart is not None and chart_number(ctx) != chart.number:
        report.renumbered.append(f"the timeline chart, Figure {chart_number(ctx)} in the "
                                 f"case's own PDF summary, is Figure {chart.number} in the kit")
    # the kit's case-summary.pdf numbers its figures, its chart and the texts' "Figure N" as
    # the TIFF files and the manuscript do
    kit_numbers = replace(options, figure_numbering=figures.numbering(case, shown, numbers))
    with atomic_folder(target, force=force) as work:
        def put(name: str, data: bytes) -> None:
            (work / name).write_bytes(data)
            report.written.append(name)

        summary = render_case_pdf(case, kit_numbers)
        put(SUMMARY, summary)
        for i, fig in enumerate(shown, start=1):
            progress(i, steps, f"Figure{fig.number}.tiff")
            assert fig.attachment is not None and read_file is not None
            try:
                figures.write_attachment_tiff(fig.attachment, read_file,
                                              work / f"Figure{fig.number}.tiff")
            except StoredFileProblem as exc:  # missing or damaged in the data folder
                raise FigureError(_stored_file_message(case, fig.attachment, exc)) from exc
            except figures.FIGURE_ERRORS as exc:
                raise FigureError(f"Figure {fig.number} could not be written: its stored file "
                                  f"cannot be read as an image ({exc}). Replace the figure "
                                  "in the case, then write the kit again.") from exc
            report.written.append(f"Figure{fig.number}.tiff")
        progress(len(shown) + 1, steps, "the timeline chart")
        if chart is not None and chart_pdf is not None:
            figures.write_chart_tiff(chart_pdf, work / f"Figure{chart.number}.tiff")
            report.written.append(f"Figure{chart.number}.tiff")
        progress(len(shown) + 2, steps, MANUSCRIPT)
        ms = manuscript.build_manuscript(ctx, shown, chart, numbers)
        put(MANUSCRIPT, ms.data)
        progress(len(shown) + 3, steps, "the CARE checklist")
        rows = checklist.checklist_rows(_care(case), checklist.pdf_heading_pages(summary), ms)
        title = ctx.fmt.text(case.title)
        put(CHECKLIST_DOCX, checklist.checklist_docx(rows, title, options.generated_at))
        put(CHECKLIST_PDF, checklist.checklist_pdf(rows, title))
        progress(steps, steps, "done")
    report.renumbered = [*_renumbered(shown, ms.figure_refs), *report.renumbered,
                         *ms.figure_checks]
    report.notes += [*_consent(case), *_placeholders(ms.placeholders),
                     *_not_reported(ms.not_reported),
                     *_lacks(case, consent_generated=ms.consent_generated)]
    if options.deidentified:
        report.masked = unconfirmed_hits(case, options)
    return report


def _stored_file_message(case: Case, attachment: Attachment,
                         exc: StoredFileProblem) -> str:
    """"Figure 2 ('Bone marrow smear') of case X: its image file 7d35… is missing from the
    data folder. No kit was written. Restore a backup…": the figure as the clinician knows
    it (the case's own number and legend), and what to do."""
    from core.logs import get_logger
    from core.store.files_check import FIGURE_FILE_REMEDY, figure_label, file_problem_text

    index = next((i for i, a in enumerate(case.attachments, start=1) if a is attachment), 0)
    label = figure_label(case.case_id, attachment.figure_number, index, attachment.caption)
    get_logger("kit").warning("kit of %s refused: figure %s, file %s %s", case.case_id,
                              attachment.figure_number, exc.sha256, exc.problem)
    remedy = FIGURE_FILE_REMEDY[0].upper() + FIGURE_FILE_REMEDY[1:]
    return (f"{label}: {file_problem_text(exc.sha256, exc.problem, exc.why)}. No kit was "
            f"written. {remedy}; then write the kit again.")


def _renumbered(shown: list[Figure], refs: int) -> list[str]:
    from core.kit import figures
    from core.publication.figure_refs import LEFT_OUT

    out = [note] if (note := figures.moved_note(shown)) else []
    if refs:
        out.append(f"{refs} figure reference(s) in the manuscript's text were changed to the "
                   f"kit's figure numbers (a reference to a figure left out reads "
                   f"\"{LEFT_OUT}\"; check them)")
    return out


def _care(case: Case) -> CareCompleteness:
    from core.clinical import engine
    from core.clinical.care import CareCompleteness

    result = engine.evaluate(case)
    return result.evaluation.care if result.evaluation is not None else CareCompleteness(())


def _chart_legend(ctx: object) -> str:
    from core.report.blocks import Context
    from core.report.chart import MAX_GAP_DAYS, bands, has_placeholders
    from core.report.chart_events import EVENTS_CAPTION, event_days
    from core.report.sections_timeline import CHART_MARK

    context: Context = ctx  # type: ignore[assignment]
    names = {f"L{line.line_no or '?'}": context.fmt.text(line.regimen_name) or "regimen not "
             "reported" for line in context.case.treatment_lines}
    lines = "; ".join(f"{b.name}, {names.get(b.name, 'treatment line')}"
                      for b in bands(context))
    return ("Course of the disease by day relative to Day 0"
            + (f". Shaded bands: treatment lines ({lines})" if lines else "")
            + f". Samples more than {MAX_GAP_DAYS} days apart are not joined by a line."
            + (f" {EVENTS_CAPTION}" if event_days(context) else "")
            + (f" {CHART_MARK}" if has_placeholders(context) else ""))


def _consent(case: Case) -> list[str]:
    """The first note of a kit whose case has no consent for publication (as the PDF's
    banner says it)."""
    if case.consent.status in CONSENT_DOCUMENTED:
        return []
    status = "not obtained" if case.consent.status == "not_obtained" else "not recorded"
    return [f"Consent for publication is {status}: do not submit this kit until consent is "
            "obtained or waived by an ethics committee (Consent)."]


def _placeholders(sections: tuple[str, ...]) -> list[str]:
    """The manuscript's sections that print placeholder values, as its † marks show them."""
    if not sections:
        return []
    return [f"Placeholder values present: {', '.join(sections)} (marked †): synthetic, not "
            "patient data; replace them before submitting."]


def _not_reported(sections: tuple[str, ...]) -> list[str]:
    """The manuscript's sections that say only "Not reported." (the Abstract, Introduction,
    Discussion of a case without them): still to write."""
    if not sections:
        return []
    return [f"Not reported in the manuscript: {', '.join(sections)} (each reads \"Not "
            "reported.\"): write them, or delete the headings the journal does not ask for."]


def _lacks(case: Case, *, consent_generated: bool = False) -> list[str]:
    """What the kit still lacks (the same hints as the case's CARE panel); with
    ``consent_generated``, the manuscript has a consent statement made from the Consent
    section's fields, so the kit asks to check it instead of saying there is none."""
    from core.model.editor_sections import section_path
    from core.publication.checks import kit_hints

    # where, from the editor's section list ("Authors & references › Statements › Funding":
    # "Statements › Funding" named no entry of that list); "No author yet" says it already
    return [f"{_kit_words(hint.kind, hint.message, consent_generated)} "
            f"({section_path(hint.path)})." for hint in kit_hints(case)]


def _kit_words(kind: str, message: str, consent_generated: bool) -> str:
    if kind == "consent" and consent_generated:
        return "Consent statement generated from the Consent section: check it"
    return message
