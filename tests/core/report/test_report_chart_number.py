"""The timeline chart's figure number in the PDF summary: after the attached figures (as in the
submission kit), never a second "Figure 1"; a left-out figure of a de-identified summary keeps
its number, so the chart still follows the highest number printed."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from core.model.report import Attachment
from core.store.files import FileStore
from tests.core.report.pdftext import all_text


def _with_figures(tmp_path: Path, case, attested: dict[int, bool]):
    store = FileStore(tmp_path / "files")
    rows = []
    for n, ok in attested.items():
        out = io.BytesIO()
        Image.new("RGB", (60, 40), "red").save(out, "PNG")
        stored = store.put_bytes(out.getvalue(), f"fig{n}")
        rows.append(Attachment(kind="imaging", figure_number=n, file_sha256=stored.sha256,
                               media_type=stored.media_type, metadata_stripped=True,
                               caption=f"Attached legend {n}", no_full_face_attested=ok))
    return case.model_copy(update={"attachments": rows}), store.root


def test_chart_follows_two_attached_figures(render, case_1, tmp_path: Path) -> None:
    case, files = _with_figures(tmp_path, case_1, {1: True, 2: True})
    text = all_text(render(case, files=files))
    assert "Figure 3. Course of disease by day relative to Day 0" in text
    assert text.count("Figure 1.") == 1  # the attached Figure 1 only
    assert "Figure 1. Attached legend 1" in text
    assert text.count("Figure 2.") == 1
    assert text.count("Figure 3.") == 1


def test_deidentified_chart_follows_a_left_out_last_figure(render, case_1,
                                                           tmp_path: Path) -> None:
    case, files = _with_figures(tmp_path, case_1, {1: True, 2: False})
    text = all_text(render(case, deidentified=True, files=files))
    assert "Figure 2 is left out of this de-identified summary" in text
    assert "Attached legend 2" not in text
    assert "Figure 3. Course of disease by day relative to Day 0" in text
    assert text.count("Figure 1.") == 1
    assert "Figure 2. Course" not in text


def test_chart_follows_the_highest_number_across_a_gap(render, case_1, tmp_path: Path) -> None:
    case, files = _with_figures(tmp_path, case_1, {1: True, 4: True})
    text = all_text(render(case, files=files))
    assert "Figure 5. Course of disease" in text
    assert "Figure 4. Attached legend 4" in text


def test_without_attached_figures_the_chart_is_figure_1(render, case_1) -> None:
    text = all_text(render(case_1))
    assert "Figure 1. Course of disease by day relative to Day 0" in text
    assert text.count("Figure 1.") == 1
