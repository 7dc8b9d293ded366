"""De-identified dataset exports never carry an attachment's original file name (an identifier
field) nor any picture: only the figure's record (number, legend, hash, attestation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.io.deident import DeidOptions
from core.model.report import Attachment
from core.services.datasets import DatasetService
from tests.core.dataset_text import exported_text

FILE_NAME = "Quistorp-Hannelore-MRN0042917-smear.png"


@pytest.fixture
def service(casebook, reference_cases) -> DatasetService:
    case = reference_cases[0].model_copy(update={"attachments": [
        Attachment(kind="smear_image", figure_number=1, caption="Blasts in the smear",
                   file_sha256="a" * 64, file_name=FILE_NAME, media_type="image/png",
                   metadata_stripped=True, no_full_face_attested=True),
        Attachment(kind="photo", figure_number=2, caption="Skin lesion",
                   file_sha256="b" * 64, file_name=FILE_NAME, media_type="image/jpeg",
                   metadata_stripped=True, no_full_face_attested=False)]})
    casebook.cases.import_cases([case])
    return DatasetService(casebook.interchange)


@pytest.mark.parametrize("fmt, target", [("csv", "out"), ("xlsx", "out.xlsx"),
                                         ("odm", "out.xml"), ("fhir", "out.json")])
def test_file_name_only_in_identified_exports(service, tmp_path: Path, fmt: str,
                                              target: str) -> None:
    plain = tmp_path / "plain" / target
    plain.parent.mkdir()
    service.export(plain, fmt, None, DeidOptions())
    deid = tmp_path / "deid" / target
    deid.parent.mkdir()
    service.export(deid, fmt, None, DeidOptions(drop_identifiers=True), confirm_all=True)
    if fmt == "csv":
        assert FILE_NAME in exported_text(plain)  # the probe: it is exported where it may be
        assert "Blasts in the smear" in exported_text(deid)
    text = exported_text(deid)
    assert "Quistorp" not in text and "MRN0042917" not in text
