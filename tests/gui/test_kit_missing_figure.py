"""Case › Submission kit… on a case whose Figure 2 has lost its image file (deleted from the
data folder's files/ store): the app says which figure of which case and what to do, in a plain
message (no traceback, nothing logged as an error), and writes no kit folder."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.core.kit.conftest import add_figures, paper_case
from tests.gui.test_submission_kit import CASE_1, open_case_1, press_kit_shortcut

SMEAR = "Bone marrow smear"


def test_kit_names_the_figure_whose_image_file_is_missing(qtbot, casebook, stored_references,
                                                          make_window, prompter, tmp_path,
                                                          data_home):
    case = add_figures(casebook, paper_case(casebook.cases.open_case(CASE_1)),
                       [("red", "Peripheral blood film.", True), ("blue", SMEAR, True)])
    sha = case.attachments[1].file_sha256
    (data_home / "files" / sha[:2] / sha).unlink()
    prompter.script("error", None)  # the message the test expects (not an unexpected error)
    window = make_window()
    open_case_1(qtbot, window)
    dialog = press_kit_shortcut(qtbot, window)
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    qtbot.keyClicks(dialog.path_edit, str(outputs / "kit"))
    with qtbot.waitSignal(window.kits.done, timeout=30000) as done:
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    [(message,)] = prompter.calls("error")
    assert message.startswith("The submission kit could not be written: ")
    assert (f"Figure 2 ('{SMEAR}') of case {CASE_1}: its image file {sha[:12]}… is missing "
            "from the data folder. No kit was written.") in message
    assert "Replace file… or Remove on the figure in the case's Figures section" in message
    assert "The attached file" not in message and "Unexpected error" not in message
    assert done.args[0] in message
    assert list(outputs.iterdir()) == []  # no kit, no half-written folder
    assert window.kits.done_box is None and not window.runner.busy
    assert window.session.case_id() == CASE_1 and not window.session.is_dirty()
    stored = casebook.cases.open_case(CASE_1)  # the case is as it was
    assert [a.file_sha256 for a in stored.attachments] == [a.file_sha256
                                                           for a in case.attachments]
