"""The de-identified kit treats rule V60's rare combination (an age of 90 or over with a
subdivision) as it treats an identifier found in the text: its case summary leaves the
subdivision out, and the kit's report says it left the subdivision out."""

from __future__ import annotations

import json
from pathlib import Path

from core.cli import main
from tests.core.kit.test_kit_deidentified import texts_of
from tests.core.rare_combination import C1, LEFT_OUT, rare_doc


def test_the_deidentified_kit_leaves_the_subdivision_out(capsys, data_home, tmp_path: Path,
                                                         reference_docs: list[dict]):
    path = tmp_path / "rare.casebook.json"
    path.write_text(json.dumps({"cases": [rare_doc(reference_docs[0])]}), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    capsys.readouterr()
    assert main(["kit", C1, "-o", str(tmp_path / "kit"), "--deidentified"]) == 0
    err = capsys.readouterr().err
    assert "Left out the subdivision as a rare combination with the age." in err, err
    summary = texts_of(tmp_path / "kit")["case-summary.pdf"]
    assert LEFT_OUT in summary and "CN-JS" not in summary and "Jiangsu" not in summary
    assert main(["kit", C1, "-o", str(tmp_path / "named")]) == 0  # identified: as recorded
    assert "Jiangsu" in texts_of(tmp_path / "named")["case-summary.pdf"]  # CN-JS, by its name
