"""casebook attach (add, replace, remove), casebook show lists figures, casebook check verifies
every attached file."""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image

from core.cli import main
from tests.conftest import REFERENCE_CASEBOOK

CASE = "SEED-C1-CAO2023"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out = capsys.readouterr()
    return code, out.out, out.err


def jpeg_with_gps(path: Path, colour: str = "red") -> Path:
    exif = Image.Exif()
    exif[0x013B] = "Dr Jane Patientname"
    exif.get_ifd(0x8825)[2] = (52.0, 31.0, 12.0)
    out = io.BytesIO()
    Image.new("RGB", (80, 50), colour).save(out, "JPEG", exif=exif)
    path.write_bytes(out.getvalue())
    return path


def test_attach_show_replace_remove(capsys, tmp_path: Path, data_home: Path) -> None:
    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0
    code, out, err = run(capsys, "attach", CASE, str(jpeg_with_gps(tmp_path / "smear.jpg")),
                         "--figure", "1", "--legend", "Blasts in peripheral blood",
                         "--kind", "smear_image", "--day", "d0")
    assert code == 0, err
    assert "Figure 1 of SEED-C1-CAO2023: image/jpeg" in out
    assert "Not attested" in err
    sha = out.split("SHA-256 ")[1].split()[0]
    stored = (data_home / "files" / sha[:2] / sha).read_bytes()
    assert b"Patientname" not in stored and b"GPS" not in stored
    code, out, _ = run(capsys, "show", CASE)
    assert code == 0 and "Figure 1. Blasts in peripheral blood [image/jpeg, not attested" in out

    code, out, err = run(capsys, "attach", CASE, str(jpeg_with_gps(tmp_path / "b.jpg", "blue")),
                         "--figure", "1", "--attest")
    assert code == 0, err
    new_sha = out.split("SHA-256 ")[1].split()[0]
    case = json.loads(run(capsys, "show", CASE, "--json")[1])["cases"][0]
    figs = [a for a in case["attachments"] if a.get("figure_number") == 1]
    assert len(figs) == 1 and figs[0]["file_sha256"] == new_sha != sha
    assert figs[0]["caption"] == "Blasts in peripheral blood"
    assert figs[0]["no_full_face_attested"] is True

    code, out, err = run(capsys, "audit", "show", CASE)
    assert code == 0 and new_sha in out

    code, _, err = run(capsys, "attach", "--remove", CASE, "1")
    assert code == 0 and "Removed figure 1" in err
    assert "Figure 1." not in run(capsys, "show", CASE)[1]
    code, _, err = run(capsys, "attach", "--remove", CASE, "1")
    assert code == 1 and "has no figure 1" in err and "Traceback" not in err


def test_attach_refusals(capsys, tmp_path: Path) -> None:
    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0
    dicom = tmp_path / "mri.dcm"
    dicom.write_bytes(b"\0" * 128 + b"DICM" + b"\0" * 32)
    code, _, err = run(capsys, "attach", CASE, str(dicom), "--figure", "1")
    assert code == 1 and "mri.dcm is a DICOM file" in err and "Traceback" not in err
    code, _, err = run(capsys, "attach", CASE, str(tmp_path / "none.png"), "--figure", "1")
    assert code == 2 and "No such file" in err
    code, _, err = run(capsys, "attach", CASE, str(jpeg_with_gps(tmp_path / "a.jpg")))
    assert code == 2 and "--figure" in err
    code, _, err = run(capsys, "attach", "--remove", CASE, "one")
    assert code == 2 and "figure's number" in err


def test_attach_names_a_folder_a_pipe_and_an_unreadable_file(capsys, tmp_path: Path,
                                                             monkeypatch) -> None:
    import os

    code, _, err = run(capsys, "attach", CASE, str(tmp_path), "--figure", "1")
    assert code == 2 and f"{tmp_path} is a folder, not a file" in err
    assert "No such file" not in err
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "attach", CASE, str(fifo), "--figure", "1")
    assert code == 2 and f"{fifo} is not a regular file" in err and "No such file" not in err
    locked = jpeg_with_gps(tmp_path / "locked.jpg")
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != locked)
    code, _, err = run(capsys, "attach", CASE, str(locked), "--figure", "1")
    assert code == 2 and f"{locked} could not be read: permission denied" in err


def test_a_malformed_pdf_shows_our_message_alone(capsys, tmp_path: Path,
                                                data_home: Path) -> None:
    """pypdf's own warning ("EOF marker not found") never reaches the screen (it reached the
    root logger, whose last-resort handler prints it on stderr): it is an INFO line of the
    log file."""
    import logging

    class Seen(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.records: list[logging.LogRecord] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.records.append(record)

    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
    seen = Seen()
    logging.getLogger().addHandler(seen)
    try:
        code, out, err = run(capsys, "attach", CASE, str(bad), "--figure", "1")
    finally:
        logging.getLogger().removeHandler(seen)
    assert code == 1 and "bad.pdf is not a readable PDF" in err
    assert "EOF marker" not in err + out
    # nothing from the libraries reaches the root logger (and its last-resort stderr)
    assert [r.getMessage() for r in seen.records if r.name.split(".")[0] in ("pypdf", "PIL")] == []
    log = (data_home / "casebook.log").read_text(encoding="utf-8")
    assert " INFO casebook.files [" in log and "EOF marker not found" in log


def test_check_names_missing_and_damaged_files(capsys, tmp_path: Path, data_home: Path) -> None:
    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0
    code, out, _ = run(capsys, "check")
    assert code == 0 and "attached files: none named by the cases, ok" in out
    shas = []
    for n, colour in ((1, "red"), (2, "green")):
        code, out, _ = run(capsys, "attach", CASE, str(jpeg_with_gps(tmp_path / f"{n}.jpg",
                                                                     colour)),
                           "--figure", str(n), "--legend", f"Figure {n}")
        shas.append(out.split("SHA-256 ")[1].split()[0])
    code, out, _ = run(capsys, "check")
    assert code == 0 and "attached files: 2 file(s) checked for 2 attachment(s), ok" in out
    (data_home / "files" / shas[0][:2] / shas[0]).unlink()
    (data_home / "files" / shas[1][:2] / shas[1]).write_bytes(b"overwritten")
    code, out, _ = run(capsys, "check")
    assert code == 1 and ("attached files: 2 file(s) checked for 2 attachment(s): 2 "
                          "attachment(s) with a missing or damaged file") in out
    assert f"Figure 1 ('Figure 1') of case {CASE}: its image file {shas[0][:12]}… is missing" \
        in out
    assert f"Figure 2 ('Figure 2') of case {CASE}: its image file {shas[1][:12]}… is damaged" \
        in out


def test_a_damaged_file_never_goes_into_a_kit(capsys, tmp_path: Path, data_home: Path) -> None:
    """A stored JPEG with one byte of its picture changed still decodes (to other pixels):
    reading it checks its hash, so the kit is refused by name instead of carrying it."""
    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0
    code, out, _ = run(capsys, "attach", CASE, str(jpeg_with_gps(tmp_path / "1.jpg")),
                       "--figure", "1", "--legend", "Blasts", "--attest")
    sha = out.split("SHA-256 ")[1].split()[0]
    stored = data_home / "files" / sha[:2] / sha
    data = bytearray(stored.read_bytes())
    data[-20] ^= 0xFF  # in the entropy-coded data: still a JPEG
    stored.write_bytes(bytes(data))
    code, _, err = run(capsys, "kit", CASE, "-o", str(tmp_path / "kit"), "--deidentified")
    assert code != 0 and f"{sha[:12]}… is damaged" in err and "Traceback" not in err
    assert not (tmp_path / "kit").exists()


def test_attaching_the_file_again_repairs_a_damaged_copy(capsys, tmp_path: Path,
                                                         data_home: Path) -> None:
    """casebook check says 'restore a backup … or attach the image again': attaching it again
    writes the stored copy anew (it was skipped because a file of that name was there)."""
    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0
    picture = jpeg_with_gps(tmp_path / "1.jpg")
    code, out, _ = run(capsys, "attach", CASE, str(picture), "--figure", "1")
    sha = out.split("SHA-256 ")[1].split()[0]
    (data_home / "files" / sha[:2] / sha).write_bytes(b"overwritten")
    code, out, _ = run(capsys, "check")
    assert code == 1 and "is damaged" in out and "attach the image again" in out
    code, out, err = run(capsys, "attach", CASE, str(picture), "--figure", "1")
    assert code == 0 and sha in out, err
    code, out, _ = run(capsys, "check")
    assert code == 0 and "attached files: 1 file(s) checked for 1 attachment(s), ok" in out


def test_check_counts_files_and_the_figures_sharing_them(capsys, tmp_path: Path,
                                                         data_home: Path) -> None:
    """One picture attached as three figures is one file checked once: the summary counts
    files and attachments apart, and the problems per attachment (each listed)."""
    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0
    shared = jpeg_with_gps(tmp_path / "shared.jpg", "red")
    for n in (1, 2, 3):
        code, out, err = run(capsys, "attach", CASE, str(shared), "--figure", str(n))
        assert code == 0, err
    sha = out.split("SHA-256 ")[1].split()[0]
    code, _, err = run(capsys, "attach", CASE, str(jpeg_with_gps(tmp_path / "4.jpg", "blue")),
                       "--figure", "4")
    assert code == 0, err
    code, out, _ = run(capsys, "check")
    assert code == 0 and "attached files: 2 file(s) checked for 4 attachment(s), ok" in out
    (data_home / "files" / sha[:2] / sha).unlink()
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert ("attached files: 2 file(s) checked for 4 attachment(s): 3 attachment(s) with a "
            "missing or damaged file") in out
    assert [n for n in (1, 2, 3, 4)
            if f"Figure {n} of case {CASE}: its image file {sha[:12]}… is missing" in out] \
        == [1, 2, 3]
