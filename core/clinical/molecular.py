"""BCR::ABL1 molecular response (ELN 2020; reference §5.4, §7.3)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.clinical.tables import P210_TRANSCRIPTS, TRANSCRIPT_PROTEIN
from core.model.diagnostics import MolecularTest
from core.units import log_reduction_from_percent_is

# (level, highest % IS, fewest ABL1 copies for an undetectable result); best level first.
MR_LEVELS = (("MR5", 0.001, 100_000), ("MR4.5", 0.0032, 32_000), ("MR4", 0.01, 10_000))
MMR_PCT_IS = 0.1
_REL = 1e-9


@dataclass(frozen=True)
class MolecularResult:
    response: str | None
    protein: str | None
    log_reduction: float | None = None
    note: str | None = None


def protein_of(transcript: str | None) -> str | None:
    return TRANSCRIPT_PROTEIN.get(transcript or "")


def response_from_pct_is(pct_is: float) -> str:
    for level, limit, _copies in MR_LEVELS:
        if pct_is <= limit * (1 + _REL):
            return level
    return "MMR_MR3" if pct_is <= MMR_PCT_IS * (1 + _REL) else "no_MMR"


def response_from_copies(control_copies: int | None) -> tuple[str | None, str | None]:
    """The MR level an undetectable result reaches, from the ABL1 control copies (ELN: ≥)."""
    if control_copies is None:
        return None, "undetectable, sensitivity unknown (control-gene copies not given)"
    for level, _limit, copies in MR_LEVELS:
        if control_copies >= copies:
            return level, None
    return None, "undetectable, but fewer than 10,000 ABL1 copies: no MR level can be given"


def derive_molecular(test: MolecularTest) -> MolecularResult:
    """Molecular response of a quantitative BCR::ABL1 test on the International Scale.

    None for p190 (e1a2: no IS), other scales, and tests that are not BCR::ABL1 levels."""
    protein = protein_of(test.bcr_abl1_transcript)
    if test.test != "BCR::ABL1_quantitative" or test.result_scale != "percent_IS":
        return MolecularResult(None, protein)
    if test.bcr_abl1_transcript not in P210_TRANSCRIPTS:
        return MolecularResult(None, protein, note="% IS applies to p210 transcripts only")
    if test.detected == "not_detected":
        level, note = response_from_copies(test.control_copies)
        return MolecularResult(level, protein, note=note)
    value = test.result_value
    if value is None or not math.isfinite(value) or value < 0:
        return MolecularResult(None, protein, note="BCR::ABL1 level not recorded")
    log_reduction = log_reduction_from_percent_is(value) if value > 0 else None
    return MolecularResult(response_from_pct_is(value), protein, log_reduction)
