"""Clinical intelligence: derived values (reference §7), the 65 validation rules V01-V65
(§6), CARE completeness (§3) and the identifier scan (§9.3). Pure functions: no Qt, no
database. ``evaluate(case)`` is the one call the GUI, services and command line need; the
derivations are usable on their own (``derive_csf``, ``classify_marrow``, ``mrd_category``...).
"""

from core.clinical.care import CareCompleteness, CareItem, care_completeness
from core.clinical.cns import CnsResult, derive_csf, episode_status, steinherz_bleyer_positive
from core.clinical.cns_response import CnsResponse, derive_cns_response
from core.clinical.derive import Derived
from core.clinical.dosing import absolute_dose, derive_age, derive_bsa, mosteller
from core.clinical.evaluate import (
    Evaluation,
    blocking_reasons,
    completion_blockers,
    evaluate,
    status_change_blockers,
)
from core.clinical.findings import Finding
from core.clinical.grading import crs_grade, ctcae_suggestion, icans_grade, ice_grade
from core.clinical.molecular import derive_molecular, response_from_copies, response_from_pct_is
from core.clinical.mrd import derive_mrd, mrd_category
from core.clinical.output import (
    ValidationReport,
    evaluation_to_json,
    format_findings_text,
    validate_documents,
)
from core.clinical.phi import PhiHit, identifier_values, mask_text, scan_text
from core.clinical.response import MarrowInputs, classify_marrow
from core.clinical.rules import RULES
from core.clinical.timeline import TimelineEntry

__all__ = [
    "RULES", "CareCompleteness", "CareItem", "CnsResponse", "CnsResult", "Derived",
    "Evaluation", "Finding", "MarrowInputs", "PhiHit", "TimelineEntry", "ValidationReport",
    "absolute_dose", "blocking_reasons", "care_completeness", "classify_marrow",
    "completion_blockers", "crs_grade", "ctcae_suggestion", "derive_age", "derive_bsa",
    "derive_cns_response", "derive_csf", "derive_molecular", "derive_mrd", "episode_status",
    "evaluate", "evaluation_to_json",
    "format_findings_text", "icans_grade", "ice_grade", "identifier_values", "mask_text",
    "mosteller", "mrd_category", "response_from_copies", "response_from_pct_is", "scan_text",
    "status_change_blockers", "steinherz_bleyer_positive", "validate_documents",
]
