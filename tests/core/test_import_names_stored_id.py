"""What an import says of a case (a figure imported without its image, the audit note of
figure files stored cleaned) names the case by the id it was stored under, in each import mode.
Found in review: Import as new (as_new_if_taken) named a figure without its image by the id in
the file, which is the case that was here already (its image intact), not the one imported."""

from __future__ import annotations

from sqlalchemy import text

from tests.core.test_export_figures import _old_format, exported, other  # noqa: F401
from tests.core.test_import_figure_files import _embed, _jpeg_with_metadata

C1, C2 = "SEED-C1-CAO2023", "SEED-C2-CAO2023"


def _reasons(cb) -> dict[str, set[str]]:
    """case id -> the reasons of its 'import' audit entries."""
    out: dict[str, set[str]] = {}
    with cb.ctx.db.read() as conn:
        for case_id, reason in conn.execute(text(
                "SELECT case_id, reason FROM audit WHERE action = 'import'")):
            out.setdefault(case_id, set()).add(reason)
    return out


def test_refuse_and_replace_name_the_case_by_its_id(exported, other) -> None:  # noqa: F811
    path, _ = exported
    _old_format(path)
    first = other.interchange.import_files([path], "refuse")
    again = other.interchange.import_files([path], "replace")
    for report in (first, again):
        assert report.missing[0] == f"case {C1}: Figure 1 ('Smear in red')"
        assert report.missing[-1] == f"case {C2}: Figure 1 ('Smear in blue')"


def test_import_as_new_names_the_new_id(exported, other) -> None:  # noqa: F811
    path, _ = exported
    _old_format(path)
    report = other.interchange.import_files([path], "as_new")
    ids = {row.case_id for row in other.cases.list_cases()}
    assert len(ids) == 2 and not ids & {C1, C2}
    named = {line.split(" ")[1] for line in report.missing}
    assert named == ids  # each stored id, none from the file
    first = next(line for line in report.missing if f"({C1} in the file)" in line)
    new_c1 = first.split(" ")[1]
    assert first == f"case {new_c1} ({C1} in the file): Figure 1 ('Smear in red')"
    assert other.cases.open_case(new_c1).attachments[0].caption == "Smear in red"


def test_import_as_new_if_taken_names_the_new_id_of_a_taken_case(exported, other,  # noqa: F811
                                                                 tmp_path) -> None:
    """C1 is here already (with all its images, from the full export); the file sent again
    lacks them: the figures without their image are those of the case given a new id."""
    import json

    path, _ = exported
    other.interchange.import_files([path])  # C1 and C2 here, images and all
    _old_format(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["cases"][1]["case_id"] = "SYN-FREE-1"  # C2's copy under a free id: keeps it
    for case in doc["cases"]:  # other images than the ones stored, not in the file
        for number, row in enumerate(case["attachments"]):
            if row.get("file_sha256"):
                row["file_sha256"] = f"{number:02d}" * 32
    path.write_text(json.dumps(doc), encoding="utf-8")
    report = other.interchange.import_files([path], "as_new_if_taken")
    [(old, new)] = report.renamed
    assert old == C1
    assert report.missing == [f"case {new} ({C1} in the file): Figure 1 ('Smear in red')",
                              f"case {new} ({C1} in the file): Figure 2 ('The same smear "
                              "again')",
                              "case SYN-FREE-1: Figure 1 ('Smear in blue')"]
    stored = other.cases.open_case(C1).attachments[0].file_sha256
    assert stored and other.ctx.files.exists(stored)  # the case named before: image intact


def test_the_audit_note_of_cleaned_files_goes_to_the_case_given_a_new_id(
        exported, other) -> None:  # noqa: F811
    path, _ = exported
    _embed(path, _jpeg_with_metadata(), "image/jpeg")  # C1's last figure: a JPEG with EXIF
    note = "1 figure file(s) stored without their metadata (new SHA-256)"
    other.interchange.import_files([path])
    assert _reasons(other)[C1] == {f"imported from export.json; {note}"}
    report = other.interchange.import_files([path], "as_new_if_taken")
    assert report.cleaned == 1
    renamed = dict(report.renamed)
    reasons = _reasons(other)
    assert reasons[renamed[C1]] == {f"imported from export.json; {note}"}
    assert reasons[renamed[C2]] == {"imported from export.json"}
    assert reasons[C1] == {f"imported from export.json; {note}"}  # its first import only
    report = other.interchange.import_files([path], "as_new")
    reasons = _reasons(other)
    noted = {case_id for case_id, why in reasons.items()
             if why == {f"imported from export.json; {note}"}}
    assert len(noted) == 3 and len(reasons) == 6  # C1, its first copy, its second copy
