"""The identifier scan's exemptions are keyed by (model, field): a rule override's ``reason`` is
not patient text, but a new free-text field called ``reason`` or ``path`` on another model is
scanned (it used to be skipped: the exemptions were bare field names across every model)."""

from __future__ import annotations

from core.clinical.phi import scan_text
from core.clinical.rules.privacy import free_texts
from core.clinical.walk import NOT_PATIENT_TEXT, free_text_fields
from core.model import Record
from core.model.base import F
from core.model.report import RuleOverride


class FollowUpVisit(Record):  # a model defined at test time, as a new entity would be
    reason: str | None = F("Reason for the visit", default=None)
    path: str | None = F("Care pathway", default=None)


def test_a_new_reason_or_path_field_is_scanned_for_identifiers():
    visit = FollowUpVisit(reason="Seen by Dr Smith, MRN-00482913", path="Ward 7 then clinic")
    texts = dict(free_texts([("follow_up[0]", visit)]))
    assert texts == {"follow_up[0].reason": visit.reason, "follow_up[0].path": visit.path}
    hits = scan_text(texts["follow_up[0].reason"], ("MRN-00482913",))
    assert [h.text for h in hits if "00482913" in h.text]


def test_the_rule_overrides_own_fields_stay_exempt():
    override = RuleOverride(rule_id="V57", path="patient.note", match="Smith",
                            reason="A surname of a drug's inventor, not the patient")
    assert [f.name for f in free_text_fields(RuleOverride)
            if f.name in ("rule_id", "path", "match", "reason")] == []
    assert dict(free_texts([("overrides[0]", override)])) == {}


def test_every_exemption_names_a_field_of_its_model():
    for model, name in NOT_PATIENT_TEXT:
        assert name in model.model_fields, f"{model.__name__}.{name}"
