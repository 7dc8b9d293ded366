"""Figures through the service layer: add, replace, remove are audited; backups carry them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from core.errors import CasebookError
from core.model import Case
from core.services.figures import FigureService
from core.store.tables import audit


def picture(path: Path, colour: str = "red", size: tuple[int, int] = (60, 40)) -> Path:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def _entries(casebook, case_id: str) -> list[dict]:
    with casebook.ctx.db.read() as conn:
        stmt = select(audit).where(audit.c.case_id == case_id).order_by(audit.c.seq)
        return [dict(r) for r in conn.execute(stmt).mappings()]


@pytest.fixture
def stored_case(casebook, reference_cases) -> Case:
    case = reference_cases[0].model_copy(update={"version": 0, "status": "draft"})
    return casebook.cases.save_case(case)


def test_add_replace_remove_are_audited(casebook, stored_case, tmp_path: Path) -> None:
    figures = FigureService(casebook.ctx, casebook.cases)
    cid = stored_case.case_id
    first = picture(tmp_path / "smear-Mr-Smith.png", "red")
    case = figures.attach(cid, first, figure_number=1, legend="Peripheral smear at diagnosis",
                          attested=True, kind="smear_image", day="d0")
    fig = case.attachments[-1]
    old_sha = fig.file_sha256
    assert fig.figure_number == 1 and fig.caption == "Peripheral smear at diagnosis"
    assert fig.no_full_face_attested and fig.metadata_stripped and fig.media_type == "image/png"
    assert casebook.ctx.files.exists(old_sha) and fig.width_px == 60
    added = {r["path"]: r for r in _entries(casebook, cid) if r["action"] == "save"}
    i = len(case.attachments) - 1
    assert added[f"attachments[{i}].figure_number"]["new"] == "1"
    assert added[f"attachments[{i}].caption"]["new"] == "Peripheral smear at diagnosis"
    assert added[f"attachments[{i}].file_sha256"]["new"] == old_sha
    name_entry = added[f"attachments[{i}].file_name"]["new"]
    assert name_entry and "Smith" not in name_entry  # an identifier: a keyed hash, never clear
    assert added[f"attachments[{i}].caption"]["reason"] == f"Figure 1 added: file {old_sha[:12]}"

    seq = max(r["seq"] for r in _entries(casebook, cid))
    case = figures.attach(cid, picture(tmp_path / "b.png", "blue"), figure_number=1,
                          legend=None)
    assert len(case.attachments) == i + 1
    new_sha = case.attachments[i].file_sha256
    assert new_sha != old_sha and case.attachments[i].caption == "Peripheral smear at diagnosis"
    replaced = [r for r in _entries(casebook, cid) if r["seq"] > seq and r["action"] == "save"]
    assert (f"attachments[{i}].file_sha256", old_sha, new_sha) in {
        (r["path"], r["old"], r["new"]) for r in replaced}
    assert {r["reason"] for r in replaced} == {
        f"Figure 1 replaced: file {old_sha[:12]} -> {new_sha[:12]}"}

    seq = max(r["seq"] for r in _entries(casebook, cid))
    case = figures.remove(cid, 1)
    assert all(a.figure_number != 1 for a in case.attachments)
    removed = {r["path"]: r for r in _entries(casebook, cid)
               if r["seq"] > seq and r["action"] == "save"}
    assert removed[f"attachments[{i}].file_sha256"]["old"] == new_sha
    assert removed[f"attachments[{i}].file_sha256"]["new"] is None
    assert removed[f"attachments[{i}].caption"]["old"] == "Peripheral smear at diagnosis"
    assert removed[f"attachments[{i}].caption"]["reason"] == f"Figure 1 removed: file {new_sha[:12]}"
    assert casebook.maintenance.verify_audit().ok
    with pytest.raises(CasebookError, match="no figure 1"):
        figures.remove(cid, 1)


def test_refused_file_changes_nothing(casebook, stored_case, tmp_path: Path) -> None:
    figures = FigureService(casebook.ctx, casebook.cases)
    dicom = tmp_path / "head.dcm"
    dicom.write_bytes(b"\0" * 128 + b"DICM" + b"\0" * 100)
    with pytest.raises(CasebookError, match="head.dcm is a DICOM file"):
        figures.attach(stored_case.case_id, dicom, figure_number=1, legend="MRI")
    assert casebook.cases.open_case(stored_case.case_id).version == stored_case.version
    with pytest.raises(CasebookError, match="^Day: 'tomorrow' is not a date"):
        figures.attach(stored_case.case_id, picture(tmp_path / "a.png"), figure_number=1,
                       legend="x", day="tomorrow")


@pytest.mark.parametrize("packed", [False, True])
def test_backup_restore_brings_the_figure_back(casebook, stored_case, tmp_path: Path,
                                               packed: bool) -> None:
    figures = FigureService(casebook.ctx, casebook.cases)
    case = figures.attach(stored_case.case_id, picture(tmp_path / "a.png"), figure_number=2,
                          legend="Bone marrow", attested=True)
    sha = case.attachments[-1].file_sha256
    stored = casebook.ctx.files.read(sha)
    if packed:
        info = casebook.backups.create(tmp_path / "out" / "backup.zip")
        with zipfile.ZipFile(info.path) as zf:
            assert f"file-{sha}" in zf.namelist()
    else:
        info = casebook.backups.create()
        assert (info.path / f"file-{sha}").read_bytes() == stored
    casebook.ctx.files.path(sha).unlink()  # the file is lost, and the figure removed
    figures.remove(stored_case.case_id, 2)
    casebook.backups.restore(info)
    assert casebook.ctx.files.read(sha) == stored
    back = casebook.cases.open_case(stored_case.case_id)
    assert back.attachments[-1].file_sha256 == sha
    assert casebook.audit.verify().ok


def test_tampered_figure_in_backup_is_refused(casebook, stored_case, tmp_path: Path) -> None:
    figures = FigureService(casebook.ctx, casebook.cases)
    case = figures.attach(stored_case.case_id, picture(tmp_path / "a.png"), figure_number=1,
                          legend="x")
    sha = case.attachments[-1].file_sha256
    info = casebook.backups.create()
    (info.path / f"file-{sha}").write_bytes(b"changed")
    with pytest.raises(CasebookError, match=f"file-{sha}"):
        casebook.backups.restore(info)


def _v59(case: Case, **fields) -> list[tuple[str, str]]:
    from core.clinical import evaluate
    from core.model.report import Attachment

    base = {"kind": "imaging", "figure_number": 1, "media_type": "image/png",
            "metadata_stripped": True, "no_full_face_attested": True, "file_sha256": "a" * 64}
    case = case.model_copy(update={"attachments": [Attachment.model_validate(
        {**base, **fields})]})
    return [(f.path, f.message) for f in evaluate(case).findings if f.rule_id == "V59"]


@pytest.mark.parametrize("media_type", ["image/png", "image/jpeg", "image/tiff",
                                        "application/pdf"])
def test_v59_accepts_png_jpeg_tiff_pdf(reference_cases, media_type: str) -> None:
    assert _v59(reference_cases[0], media_type=media_type) == []


def test_v59_refuses_dicom_and_asks_for_the_attestation(reference_cases) -> None:
    [(path, message)] = _v59(reference_cases[0], media_type="application/dicom")
    assert path == "attachments[0].media_type" and "DICOM files are not accepted" in message
    [(path, message)] = _v59(reference_cases[0], no_full_face_attested=None)
    assert path == "attachments[0].no_full_face_attested"
    assert "'Attested: no face, no burned-in identifier'" in message


def test_locked_case_needs_the_user_s_reason(casebook, stored_case, tmp_path: Path) -> None:
    from core.errors import StatusError

    figures = FigureService(casebook.ctx, casebook.cases)
    case = casebook.cases.open_case(stored_case.case_id)
    with casebook.ctx.db.write() as conn:  # locked behind the service's back: only the status
        conn.exec_driver_sql("UPDATE cases SET status = 'locked' WHERE id = ?",
                             (case.case_id,))
    with pytest.raises(StatusError, match="locked"):
        figures.attach(case.case_id, picture(tmp_path / "a.png"), figure_number=1, legend="x")
    with pytest.raises(StatusError, match="would bring errors") as refused:  # unattested:
        figures.attach(case.case_id, picture(tmp_path / "a.png"), figure_number=1,  # V59
                       legend="x", reason="Figure requested by the journal")
    assert [b.rule for b in refused.value.blockers] == ["V59"]
    case = figures.attach(case.case_id, picture(tmp_path / "a.png"), figure_number=1,
                          legend="x", reason="Figure requested by the journal", attested=True)
    amended = [r for r in _entries(casebook, case.case_id) if r["action"] == "amendment"]
    assert amended and all(r["reason"].startswith("Figure requested by the journal (Figure 1 "
                                                  "added: file ") for r in amended)


def test_an_attach_whose_save_fails_leaves_no_file_behind(casebook, stored_case,
                                                          tmp_path: Path) -> None:
    """The file is stored before the case is saved; a save refused (a locked case without the
    user's reason) takes back the file it brought, but not one the store held before."""
    from core.errors import StatusError

    figures = FigureService(casebook.ctx, casebook.cases)
    cid = stored_case.case_id
    kept = figures.attach(cid, picture(tmp_path / "kept.png", "blue"), figure_number=1,
                          legend="kept").attachments[0].file_sha256
    with casebook.ctx.db.write() as conn:
        conn.exec_driver_sql("UPDATE cases SET status = 'locked' WHERE id = ?", (cid,))
    for name, colour in (("new.png", "green"), ("again.png", "blue")):  # new; already there
        with pytest.raises(StatusError, match="locked"):
            figures.attach(cid, picture(tmp_path / name, colour), figure_number=2, legend="x")
        assert casebook.ctx.files.all_hashes() == [kept]
    assert [a.figure_number for a in casebook.cases.open_case(cid).attachments] == [1]
