"""Why an imported case was stored as a draft names each reason's rule, but not the tag
REQUIRED of a field to fill ("REQUIRED Patient › Sex: required …" read as a rule id)."""

from __future__ import annotations

from core.errors import Blocker
from core.services.import_status import why_text


def test_a_required_field_is_named_without_the_tag():
    text = why_text("complete", [
        Blocker("patient.sex", "required (a value or a reason)", "Patient › Sex", "REQUIRED"),
        Blocker("patient.weight_kg", "Weight must be 0.5–300 kg (entered: 680)",
                "Patient › Weight", "V03")])
    assert "REQUIRED" not in text, text
    assert "Patient › Sex: required (a value or a reason)" in text
    assert "V03 Patient › Weight: Weight must be 0.5–300 kg" in text
