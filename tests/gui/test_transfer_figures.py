"""File menu export and import carry the figure files; an older export's missing images are
named in the message the import ends with."""

from __future__ import annotations

import json
from pathlib import Path

from core.services import open_casebook
from core.services.figures import FigureService
from tests.core.test_figures import picture
from tests.gui.test_transfer import run_transfer


def _source_export(tmp_path: Path, reference_cases) -> tuple[Path, str, bytes]:
    """A case with Figure 1 exported from another data folder."""
    source = open_casebook(tmp_path / "source", user="dr.elsewhere")
    try:
        case = source.cases.save_case(reference_cases[0].model_copy(
            update={"version": 0, "status": "draft"}))
        case = FigureService(source.ctx, source.cases).attach(
            case.case_id, picture(tmp_path / "smear.png"), figure_number=1, attested=True,
            legend="Peripheral smear")
        sha = case.attachments[-1].file_sha256
        assert sha is not None
        out = tmp_path / "from-source.json"
        source.interchange.export_cases(out)
        return out, sha, source.ctx.files.read(sha)
    finally:
        source.close()


def test_import_brings_the_figure_file(qtbot, window, casebook, prompter, tmp_path,
                                       reference_cases):
    path, sha, data = _source_export(tmp_path, reference_cases)
    prompter.script("choose_open_files", [path])
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert message == "Imported 1 case(s) from 1 file(s)."
    assert casebook.ctx.files.read(sha) == data
    # and the File menu's export carries it on
    again = tmp_path / "again.json"
    prompter.script("choose_save_file", again)
    run_transfer(qtbot, window, window.commands.export_all)
    rows = json.loads(again.read_text(encoding="utf-8"))["cases"][0]["attachments"]
    assert [r["file_sha256"] for r in rows if "file_content" in r] == [sha]


def test_an_older_export_names_the_figure_without_its_image(qtbot, window, casebook, prompter,
                                                           tmp_path, reference_cases):
    path, sha, _ = _source_export(tmp_path, reference_cases)
    doc = json.loads(path.read_text(encoding="utf-8"))
    for row in doc["cases"][0]["attachments"]:
        row.pop("file_content", None)
    path.write_text(json.dumps(doc), encoding="utf-8")
    prompter.script("choose_open_files", [path])
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert message.startswith("Imported 1 case(s) from 1 file(s).\nWarning: 1 figure(s) were "
                              "imported without their image")
    assert message.endswith("case SEED-C1-CAO2023: Figure 1 ('Peripheral smear')")
    assert prompter.calls("info") == [(message,)]
    assert window.case_model.total == 1 and not casebook.ctx.files.exists(sha)


def test_the_export_names_a_figure_without_its_image(qtbot, window, casebook, prompter,
                                                    tmp_path, stored_references):
    """The stored file of a figure is missing: the File menu's export says so in its
    message, naming the figure as the clinician knows it."""
    case = FigureService(casebook.ctx, casebook.cases).attach(
        "SEED-C1-CAO2023", picture(tmp_path / "smear.png"), figure_number=1,
        legend="Peripheral smear")
    sha = case.attachments[-1].file_sha256 or ""
    casebook.ctx.files.path(sha).unlink()
    out = tmp_path / "out.json"
    prompter.script("choose_save_file", out)
    message = run_transfer(qtbot, window, window.commands.export_all)
    assert message.startswith(f"Exported 2 case(s) to out.json in {tmp_path}.\nWarning: 1 figure(s) were "
                              "exported without their image")
    assert message.endswith(f"\n  Figure 1 ('Peripheral smear') of case SEED-C1-CAO2023: its "
                            f"image file {sha[:12]}… is missing from the data folder")
    assert prompter.calls("info") == [(message,)]
    assert "file_content" not in out.read_text(encoding="utf-8")


def test_the_import_message_says_figure_files_were_stored_cleaned(qtbot, window, casebook,
                                                                  prompter, tmp_path,
                                                                  reference_cases):
    """A JPEG with a name in its EXIF, imported from the File menu: the message says its file
    was stored without its metadata under a new SHA-256."""
    from tests.core.test_import_figure_files import _embed, _jpeg_with_metadata

    path, _, _ = _source_export(tmp_path, reference_cases)
    dirty = _embed(path, _jpeg_with_metadata(), "image/jpeg")
    prompter.script("choose_open_files", [path])
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert message == ("Imported 1 case(s) from 1 file(s).\n1 figure file(s) stored without "
                       "their metadata (re-encoded or rewritten, so under a new SHA-256; the "
                       "figures name the stored file).")
    stored = casebook.cases.open_case("SEED-C1-CAO2023").attachments[-1].file_sha256
    assert stored != dirty and not casebook.ctx.files.exists(dirty)
