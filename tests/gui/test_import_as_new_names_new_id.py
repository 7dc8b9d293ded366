"""File › Import, Import as new, of a case that is here already and whose figure's image the
file lacks: the warning names the case by the new id it was imported under. Before, it named
the id in the file ('case SEED-C1-CAO2023: Figure 1 ...'), the case that was here already,
whose image is intact (found in review of d951a7f)."""

from __future__ import annotations

import json

from tests.gui.test_transfer import run_transfer
from tests.gui.test_transfer_figures import _source_export

C1 = "SEED-C1-CAO2023"


def test_import_as_new_names_the_figure_without_image_by_the_new_id(
        qtbot, window, casebook, prompter, tmp_path, reference_cases):
    path, sha, data = _source_export(tmp_path, reference_cases)
    casebook.interchange.import_files([path])  # C1 here, its image and all
    doc = json.loads(path.read_text(encoding="utf-8"))
    figure = doc["cases"][0]["attachments"][-1]
    figure.pop("file_content")
    figure["file_sha256"] = "ab" * 32  # another image, which the file does not carry
    sent = tmp_path / "sent-again.json"
    sent.write_text(json.dumps(doc), encoding="utf-8")
    prompter.script("choose_open_files", [sent])
    prompter.script("choose_import_mode", "as_new")
    message = run_transfer(qtbot, window, window.commands.import_json)
    assert prompter.calls("choose_import_mode") == [(1,)]
    [new] = {row.case_id for row in casebook.cases.list_cases()} - {C1}
    assert message.startswith(f"Imported 1 case(s) from 1 file(s).\n{C1} was here already: "
                              f"imported as {new}.\nWarning: 1 figure(s) were imported "
                              "without their image")
    assert message.endswith(f"case {new} ({C1} in the file): Figure 1 ('Peripheral smear')")
    assert f"case {C1}:" not in message
    assert prompter.calls("info") == [(message,)]
    # the case named lacks the image; the one that was here keeps its own
    assert casebook.cases.open_case(new).attachments[-1].file_sha256 == "ab" * 32
    assert not casebook.ctx.files.exists("ab" * 32)
    assert casebook.cases.open_case(C1).attachments[-1].file_sha256 == sha
    assert casebook.ctx.files.read(sha) == data
