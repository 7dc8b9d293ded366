"""Vocabulary codes (the model's Literal values) as words for people: ``bm_aspirate`` ->
"BM aspirate", ``positive_ge_1e-4`` -> "positive ≥10⁻⁴", ``CN_VI_left`` -> "left CN VI
(abducens)". One wording for the PDF report and the engine's timeline labels."""

from __future__ import annotations

import re
from functools import lru_cache

CODE_LABELS = {
    "bm": "BM", "pb": "PB", "csf": "CSF", "bm_aspirate": "BM aspirate", "bm_biopsy": "BM biopsy",
    "peripheral_blood": "peripheral blood", "lymphoid_B": "lymphoid (B)",
    "lymphoid_T": "lymphoid (T)", "percent_IS": "% IS", "percent_ratio_ABL1": "% ratio to ABL1",
    "percent_ratio_GUSB": "% ratio to GUSB", "copies_per_1e5_ABL1": "copies per 10⁵ ABL1",
    "MMR_MR3": "MMR (MR3)", "no_MMR": "no MMR", "CR_MRD_negative": "CR, MRD negative",
    "CR_MRD_positive": "CR, MRD positive", "CR_MRD_unknown": "CR, MRD unknown",
    "CRi_CRh": "CRi/CRh", "SD_NR": "SD/NR", "cns": "CNS", "mrd": "MRD",
    "marrow_hematologic": "marrow", "molecular_cml": "molecular (CML)",
    "cytogenetic_cml": "cytogenetic (CML)", "relapse_event": "relapse",
    "combined_BM_CNS": "combined BM + CNS", "isolated_BM": "isolated BM",
    "isolated_CNS": "isolated CNS", "other_EM": "other extramedullary",
    "cns_prophylaxis": "CNS prophylaxis", "cns_treatment": "CNS treatment",
    "cns_directed": "CNS-directed", "salvage_reinduction": "salvage re-induction",
    "tki_monotherapy": "TKI monotherapy", "ommaya": "Ommaya", "ommaya_placement":
    "Ommaya placement", "CTCAE-5.0": "CTCAE v5.0", "ASTCT-2019": "ASTCT 2019",
    "app-CNS-v1": "app CNS v1", "positive_ge_1e-4": "positive ≥10⁻⁴",
    "positive_below_1e-4_quantifiable": "positive <10⁻⁴, quantifiable",
    "positive_not_quantifiable": "positive, not quantifiable",
    "positive_level_pending": "positive, level pending",
    "positive_level_not_reported": "positive, level not reported",
    "negative_sufficient": "negative (LoD ≤10⁻⁴)", "negative_insufficient": "negative (LoD >10⁻⁴)",
    "detected_below_LoQ": "detected below LoQ", "detected_not_quantifiable":
    "detected, not quantifiable", "progression_relapse": "progression or relapse",
    "g_banding": "G-banding", "fish": "FISH",
    "snp_array": "SNP array", "bm_or_pb_blasts_ge20": "BM or PB blasts ≥20%",
    "waived_by_ethics_committee": "waived by ethics committee", "MF-0": "MF-0",
    "verbal_documented": "verbal, documented", "parent_guardian": "parent or guardian",
    "cns_involvement": "CNS involvement",
    "ngs_myeloid_lymphoid_panel": "NGS myeloid/lymphoid panel", "mri_image": "MRI image",
    "last_follow_up": "last follow-up", "non_leukemic_abnormality": "non-leukemic abnormality",
    # ASTCT 2019 CRS and ICANS details (Adverse events): the criteria's words, not the codes'
    "multiple_vasopressors_excluding_vasopressin": "multiple vasopressors (excluding "
    "vasopressin)", "low_flow_le_6L_or_blow_by": "low-flow ≤6 L/min or blow-by",
    "high_flow_gt_6L_facemask_nonrebreather_venturi": "high-flow >6 L/min, facemask, "
    "non-rebreather or Venturi",
    "awakens_to_tactile_only": "awakens to tactile stimulus only",
    "unarousable_or_vigorous_stimuli_stupor_coma": "unarousable or needs vigorous stimuli "
    "(stupor or coma)",
    "rapidly_resolving_or_eeg_resolving_with_intervention": "resolving rapidly, or on EEG "
    "resolving with intervention", "prolonged_gt5min_or_repetitive": "prolonged (>5 min) or "
    "repetitive", "deep_focal_weakness": "deep focal motor weakness",
    "diffuse_edema_or_posturing_or_CN_VI_palsy_papilledema_Cushing": "diffuse edema, "
    "posturing, CN VI palsy, papilledema or Cushing's triad",
}
ABBREVIATIONS = {w.lower(): w for w in ("BM", "PB", "CSF", "CNS", "MRD", "TKI", "CML", "HSCT",
                                         "GvHD", "CMV", "EBV", "ICU")}
"""Abbreviations inside a code written as such: ``bm_aspiration`` -> "BM aspiration"."""
CRANIAL_NERVES = {
    "I": "olfactory", "II": "optic", "III": "oculomotor", "IV": "trochlear", "V": "trigeminal",
    "VI": "abducens", "VII": "facial", "VIII": "vestibulocochlear", "IX": "glossopharyngeal",
    "X": "vagus", "XI": "accessory", "XII": "hypoglossal",
}
_NERVE = re.compile(r"^CN[_ ]?([IVX]+)(?:[_ ](left|right|bilateral))?$", re.IGNORECASE)


def cranial_nerve_label(code: str) -> str | None:
    """``CN_VI_left`` -> "left CN VI (abducens)"; None when the code is not a cranial nerve."""
    match = _NERVE.match(code.strip())
    if not match or match.group(1).upper() not in CRANIAL_NERVES:
        return None
    numeral, side = match.group(1).upper(), match.group(2)
    name = f"CN {numeral} ({CRANIAL_NERVES[numeral]})"
    return f"{side.lower()} {name}" if side else name


@lru_cache(maxsize=16384)
def code_label(code: str | None) -> str:
    """A vocabulary code as words (underscores never reach the reader). Cached: the labels and
    abbreviations above never change."""
    if not code:
        return ""
    known = CODE_LABELS.get(code) or cranial_nerve_label(code)
    if known:
        return known
    return " ".join(ABBREVIATIONS.get(w, w) for w in code.replace("_", " ").split(" "))
