"""A JSON export names the figures it carries without their image (the stored file missing or
damaged), on the command line and to the caller."""

from __future__ import annotations

import json
from pathlib import Path

from core.cli import main
from core.services.figures import FigureService
from tests.core.test_figures import picture


def _case_with_two_figures(casebook, reference_cases, tmp_path: Path) -> tuple[str, str]:
    """The first reference case with Figure 1 (its file then deleted) and Figure 2 (its file
    then damaged); their hashes."""
    figures = FigureService(casebook.ctx, casebook.cases)
    saved = casebook.cases.save_case(reference_cases[0].model_copy(
        update={"version": 0, "status": "draft"}))
    shas = []
    for number, colour in ((1, "red"), (2, "blue")):
        after = figures.attach(saved.case_id, picture(tmp_path / f"{colour}.png", colour),
                               figure_number=number, legend=f"Smear in {colour}")
        shas.append(after.attachments[-1].file_sha256 or "")
    casebook.ctx.files.path(shas[0]).unlink()
    damaged = casebook.ctx.files.path(shas[1])
    damaged.write_bytes(damaged.read_bytes()[:-10])
    return shas[0], shas[1]


def test_the_export_names_the_figures_without_their_image(casebook, reference_cases,
                                                          tmp_path) -> None:
    missing, damaged = _case_with_two_figures(casebook, reference_cases, tmp_path)
    out = tmp_path / "export.json"
    without: list[str] = []
    assert casebook.interchange.export_cases(out, without_image=without) == 1
    assert without == [
        f"Figure 1 ('Smear in red') of case SEED-C1-CAO2023: its image file {missing[:12]}… "
        "is missing from the data folder",
        f"Figure 2 ('Smear in blue') of case SEED-C1-CAO2023: its image file {damaged[:12]}… "
        "is damaged (its bytes no longer match its SHA-256)"]
    rows = json.loads(out.read_text(encoding="utf-8"))["cases"][0]["attachments"]
    assert not any("file_content" in row for row in rows)


def test_the_cli_export_warns_of_the_figures_without_their_image(casebook, reference_cases,
                                                                 tmp_path, capsys) -> None:
    missing, _ = _case_with_two_figures(casebook, reference_cases, tmp_path)
    casebook.close()
    out = tmp_path / "export.json"
    code = main(["--data-dir", str(casebook.paths.root), "export", "--format", "json",
                 "-o", str(out)])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 0
    at = lines.index(f"Exported 1 case(s) to {out}.")
    assert lines[at + 1].startswith("Warning: 2 figure(s) were exported without their image "
                                    "(its file is missing from or damaged in this data "
                                    "folder); for each, restore a backup that holds it")
    assert lines[at + 2] == (f"  Figure 1 ('Smear in red') of case SEED-C1-CAO2023: its image "
                             f"file {missing[:12]}… is missing from the data folder")
    assert lines[at + 3].startswith("  Figure 2 ('Smear in blue') of case SEED-C1-CAO2023: ")


def test_a_sound_export_warns_of_nothing(casebook, reference_cases, tmp_path, capsys) -> None:
    saved = casebook.cases.save_case(reference_cases[0].model_copy(
        update={"version": 0, "status": "draft"}))
    FigureService(casebook.ctx, casebook.cases).attach(
        saved.case_id, picture(tmp_path / "red.png"), figure_number=1, legend="Smear")
    casebook.close()
    out = tmp_path / "export.json"
    assert main(["--data-dir", str(casebook.paths.root), "export", "-o", str(out)]) == 0
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"Exported 1 case(s) to {out}."


def test_the_dataset_service_json_export_names_them_too(casebook, reference_cases,
                                                        tmp_path) -> None:
    """The app's Export dataset dialog, format JSON, shows ExportResult.without_image."""
    from core.services.datasets import DatasetService

    missing, damaged = _case_with_two_figures(casebook, reference_cases, tmp_path)
    result = DatasetService(casebook.interchange).export(tmp_path / "e.json", "json")
    assert result.cases == 1 and len(result.without_image) == 2
    assert missing[:12] in result.without_image[0] and damaged[:12] in result.without_image[1]
