"""The timeline's MRD and molecular labels say what was found (a review of the timeline, the
PDF's timeline table and the kit's manuscript): an MRD without a value read "MRD undetectable"
whatever its result (a not-quantifiable one beside the category "positive, not quantifiable", a
pending one); "1 in 30000" printed every digit ("0.003333333333%") where the MRD text caps at
four significant figures; a BCR::ABL1 value printed with an exponent ("5e-05% IS"); a
quantitative result on another scale printed the test's name alone, no value."""

from __future__ import annotations

from clinical_refcases import DELETE, Mutator, build_case, setp

from core.clinical import evaluate
from core.units import format_mrd, mrd_percent, parse_mrd

MRD = "mrd_assessments[0]"


def _label(path: str, *mutators: Mutator) -> str:
    case = build_case(1, *mutators)
    labels = [e.label for e in evaluate(case).timeline if e.path == path]
    assert len(labels) == 1, labels
    return labels[0]


def _no_value(*mutators: Mutator) -> str:
    return _label(MRD, setp(f"{MRD}.value_fraction", DELETE), *mutators)


def test_reference_mrd_labels_unchanged() -> None:
    assert _label(MRD) == "MRD 0.32% (MFC, BM): positive ≥10⁻⁴"


def test_detected_not_quantifiable_is_not_undetectable() -> None:
    label = _no_value(setp(f"{MRD}.result", "detected_not_quantifiable"))
    assert label == "MRD detected, not quantifiable (MFC, BM): positive, not quantifiable"


def test_pending_value_is_not_undetectable() -> None:
    assert _no_value(setp(f"{MRD}.nf", {"value_fraction": "pending"})) == \
        "MRD result pending (MFC, BM)"


def test_value_not_reported() -> None:
    assert _no_value(setp(f"{MRD}.nf", {"value_fraction": "not_reported"})) == \
        "MRD result not reported (MFC, BM)"


def test_detected_with_its_value_pending() -> None:
    label = _no_value(setp(f"{MRD}.result", "detected"),
                      setp(f"{MRD}.nf", {"value_fraction": "pending"}))
    assert label.startswith("MRD detected, value pending (MFC, BM)")


def test_not_detected_is_undetectable() -> None:
    label = _no_value(setp(f"{MRD}.result", "not_detected"))
    assert label == "MRD undetectable (MFC, BM): negative (LoD ≤10⁻⁴)"
    # said so, even without a limit of detection
    label = _no_value(setp(f"{MRD}.result", "not_detected"), setp(f"{MRD}.lod_fraction", DELETE))
    assert label == "MRD undetectable (MFC, BM)"


def test_empty_value_with_a_limit_of_detection_reads_as_undetectable() -> None:
    assert _no_value() == "MRD undetectable (MFC, BM): negative (LoD ≤10⁻⁴)"


def test_empty_value_without_result_or_limit_is_not_called_undetectable() -> None:
    label = _no_value(setp(f"{MRD}.lod_fraction", DELETE))
    assert label == "MRD result not reported (MFC, BM)"


def test_mrd_percent_has_four_significant_figures_as_the_mrd_text() -> None:
    fraction = parse_mrd("1 in 30000")
    assert mrd_percent(fraction) == "0.003333%"
    assert format_mrd(fraction) == "0.003333% (3.333 × 10⁻⁵)"
    assert mrd_percent(0.0032) == "0.32%" and mrd_percent(0.00012) == "0.012%"
    assert mrd_percent(0) == "0%"
    label = _label(MRD, setp(f"{MRD}.value_fraction", fraction))
    assert label.startswith("MRD 0.003333% (MFC, BM)")


def test_bcr_abl1_percent_is_without_exponent() -> None:
    label = _label("molecular_tests[0]", setp("molecular_tests[0].result_value", 0.00005))
    assert label.startswith("BCR::ABL1 0.00005% IS")
    assert "e-" not in label


def test_quantitative_result_on_another_scale_prints_its_value() -> None:
    label = _label("molecular_tests[1]",
                   setp("molecular_tests[1].result_scale", "percent_ratio_ABL1"))
    assert label.startswith("BCR::ABL1 quantitative: 1.2% ratio to ABL1")
    label = _label("molecular_tests[1]",
                   setp("molecular_tests[1].result_scale", "copies_per_1e5_ABL1"),
                   setp("molecular_tests[1].result_value", 0.00005))
    assert label.startswith("BCR::ABL1 quantitative: 0.00005 copies per 10⁵ ABL1")
    label = _label("molecular_tests[1]", setp("molecular_tests[1].result_scale", DELETE))
    assert label.startswith("BCR::ABL1 quantitative: 1.2")
