"""Diagnostic laboratory records: karyotype, FISH, molecular tests, immunophenotype panels."""

from __future__ import annotations

import random
from typing import Any

from core.synth.builder import CaseBuilder
from core.synth.profiles import Profile

T922 = "t(9;22)(q34.1;q11.2)"
# WHO-HAEM5 subtype -> (karyotype kind, FISH probe or None, EGIL subgroup)
SUBTYPE_LAB: dict[str, tuple[str, str | None, str]] = {
    "B-ALL with high hyperdiploidy": ("hyperdiploid", None, "B-II_common"),
    "B-ALL with ETV6::RUNX1 fusion": (
        "normal",
        "ETV6::RUNX1 dual-color dual-fusion",
        "B-II_common",
    ),
    "B-ALL NOS": ("normal_or_del9p", None, "B-II_common"),
    "B-ALL with BCR::ABL1-like features": ("normal", None, "B-II_common"),
    "B-ALL with other defined genetic abnormalities": ("normal", None, "B-II_common"),
    "B-ALL with TCF3::PBX1 fusion": ("der(19)t(1;19)(q23.3;p13.3)", None, "B-III_pre-B"),
    "B-ALL with KMT2A rearrangement": ("t(4;11)(q21.3;q23.3)", "KMT2A break-apart", "B-I_pro-B"),
    "B-ALL with iAMP21": ("normal", "RUNX1 (iAMP21, 5 or more copies)", "B-II_common"),
    "B-ALL with hypodiploidy": ("hypodiploid", None, "B-II_common"),
    "B-ALL with ETV6::RUNX1-like features": ("normal", None, "B-II_common"),
    "B-ALL with IGH::IL3 fusion": ("t(5;14)(q31.1;q32.3)", None, "B-II_common"),
    "B-ALL with TCF3::HLF fusion": ("t(17;19)(q21.3;p13.3)", None, "B-II_common"),
    "B-ALL with BCR::ABL1 fusion": (T922, "BCR::ABL1 dual-color dual-fusion", "B-II_common"),
}
_HYPER_GAINS = "+X,+4,+6,+10,+14,+17,+18,+21,+21"  # 9 gains -> 55 chromosomes
_HYPO_LOSSES = "-2,-3,-4,-7,-12,-13,-16,-17"  # 8 losses -> 38 chromosomes
_NGS_FINDINGS = {
    "B-ALL with BCR::ABL1-like features": (
        "P2RY8::CRLF2 fusion with a JAK2 variant",
        ("JAK2", "p.Arg683Gly", "R683G"),
    ),
    "B-ALL with other defined genetic abnormalities": ("DUX4 rearrangement (IGH::DUX4)", None),
    "B-ALL with ETV6::RUNX1-like features": ("ETV6::IKZF1 fusion", None),
}


def karyotype(rng: random.Random, kind: str, sex: str) -> tuple[str, int, list[str]]:
    """ISCN string over 20 metaphases, number of abnormal metaphases, additional abnormalities."""
    sx = "XY" if sex == "male" else "XX"
    n = rng.randint(12, 20)
    normal = f"/46,{sx}[{20 - n}]" if n < 20 else ""
    if kind == "normal_or_del9p":
        kind = "del(9)(p21)" if rng.random() < 0.3 else "normal"
    if kind == "normal":
        return f"46,{sx}[20]", 0, []
    if kind == "hyperdiploid":
        return f"55,{sx},{_HYPER_GAINS}[{n}]{normal}", n, []
    if kind == "hypodiploid":
        return f"38,{sx},{_HYPO_LOSSES}[{n}]{normal}", n, []
    return f"46,{sx},{kind}[{n}]{normal}", n, []


def cml_karyotype(rng: random.Random, sex: str, blast_phase: bool) -> tuple[str, int, list[str]]:
    sx = "XY" if sex == "male" else "XX"
    if not blast_phase or rng.random() < 0.4:
        return f"46,{sx},{T922}[20]", 20, []
    n = rng.randint(10, 18)
    if rng.random() < 0.5:
        return f"47,{sx},+8,{T922}[{n}]/46,{sx},{T922}[{20 - n}]", 20, ["+8"]
    ph = "+der(22)t(9;22)(q34.1;q11.2)"
    return f"47,{sx},{T922},{ph}[{n}]/46,{sx},{T922}[{20 - n}]", 20, ["+Ph"]


def add_cytogenetics(b: CaseBuilder, profile: Profile, day: int) -> None:
    rng, sex = b.rng, b.patient.sex
    if profile.entity == "CML":
        iscn, abnormal, extra = cml_karyotype(rng, sex, profile.cml_phase == "blast")
        probe = "BCR::ABL1 dual-color dual-fusion"
    elif profile.entity == "T-ALL":
        kind = rng.choice(("normal", "t(10;14)(q24.3;q11.2)", "del(9)(p21)"))
        iscn, abnormal, extra = karyotype(rng, kind, sex)
        probe = None
    else:
        kind, probe, _ = SUBTYPE_LAB[profile.subtype or "B-ALL NOS"]
        iscn, abnormal, extra = karyotype(rng, kind, sex)
    b.add(
        "cytogenetics",
        {
            "day": day,
            "specimen": "bm",
            "method": "g_banding",
            "iscn": iscn,
            "metaphases_analyzed": 20,
            "abnormal_metaphases": abnormal,
            "additional_abnormalities": extra,
        },
    )
    if probe:
        b.add(
            "cytogenetics",
            {
                "day": day,
                "specimen": "bm",
                "method": "fish",
                "fish_probe": probe,
                "fish_pct_abnormal_nuclei": round(rng.uniform(45, 96), 1),
                "nuclei_scored": 200,
            },
        )


def bcr_abl1_quant(
    b: CaseBuilder, profile: Profile, day: int, level: float | None, specimen: str = "bm"
) -> dict[str, Any]:
    """Quantitative BCR::ABL1: % IS for p210, ratio to ABL1 for p190; ``None`` = undetectable."""
    record: dict[str, Any] = {
        "day": day,
        "specimen": specimen,
        "test": "BCR::ABL1_quantitative",
        "method": "RT-qPCR",
        "bcr_abl1_transcript": profile.transcript,
        "result_scale": "percent_IS" if profile.p210 else "percent_ratio_ABL1",
        "control_gene": "ABL1",
        "control_copies": b.rng.randrange(12_000, 150_000, 500),
        "detected": "detected" if level is not None else "not_detected",
    }
    if level is not None:
        record["result_value"] = _two_significant(level)
    return b.add("molecular_tests", record)


def add_diagnostic_molecular(b: CaseBuilder, profile: Profile, day: int) -> None:
    rng = b.rng
    if profile.ph:
        b.add(
            "molecular_tests",
            {
                "day": day,
                "specimen": "bm",
                "test": "BCR::ABL1_qualitative",
                "method": "RT-PCR",
                "bcr_abl1_transcript": profile.transcript,
                "detected": "detected",
            },
        )
        bcr_abl1_quant(b, profile, day, rng.uniform(20, 95))
        return
    if profile.entity == "T-ALL":
        _ngs(
            b,
            day,
            "NOTCH1 and FBXW7 variants",
            [("NOTCH1", "p.Leu1601Pro", "L1601P"), ("FBXW7", "p.Arg465Cys", "R465C")],
        )
    b.add(
        "molecular_tests",
        {
            "day": day,
            "specimen": "bm",
            "test": "fusion_panel",
            "method": "RT-PCR",
            "bcr_abl1_transcript": "not_detected",
            "detected": "not_detected",
            "panel_note": "BCR::ABL1 (e1a2, e13a2, e14a2) not detected",
        },
    )
    finding = _NGS_FINDINGS.get(profile.subtype or "")
    if finding:
        note, variant = finding
        _ngs(b, day, note, [variant] if variant else [])


def _ngs(b: CaseBuilder, day: int, note: str, variants: list[tuple[str, str, str]]) -> None:
    found = [
        {
            "gene": g,
            "hgvs_p": p,
            "short": s,
            "vaf_pct": round(b.rng.uniform(8, 46), 1),
            "significance": "pathogenic",
            "src": "synthetic",
        }
        for g, p, s in variants
    ]
    b.add(
        "molecular_tests",
        {
            "day": day,
            "specimen": "bm",
            "test": "ngs_myeloid_lymphoid_panel",
            "method": "NGS",
            "detected": "detected",
            "panel_note": note,
            "variants": found,
        },
    )


def kd_mutation_test(b: CaseBuilder, day: int, mutation: tuple[str, str] | None) -> None:
    """ABL1 kinase-domain testing; ``mutation`` is (short form, HGVS protein) or None."""
    variants = []
    if mutation:
        variants.append(
            {
                "gene": "ABL1",
                "short": mutation[0],
                "hgvs_p": mutation[1],
                "vaf_pct": round(b.rng.uniform(15, 85), 1),
                "significance": "TKI resistance",
                "src": "synthetic",
            }
        )
    b.add(
        "molecular_tests",
        {
            "day": day,
            "specimen": "pb",
            "test": "ABL1_KD_mutation",
            "method": b.rng.choice(("Sanger", "NGS")),
            "detected": "detected" if mutation else "not_detected",
            "variants": variants,
        },
    )


# --- immunophenotype ---------------------------------------------------------------------


def _marker(rng: random.Random, name: str, result: str, compartment: str = "surface") -> dict[str, Any]:
    ranges = {"positive": (62, 99), "partial": (24, 45), "negative": (0, 6)}
    low, high = ranges[result]
    if result == "negative" and compartment != "surface":
        high = 4
    return {
        "marker": name,
        "result": result,
        "pct_positive": round(rng.uniform(low, high), 1),
        "compartment": compartment,
        "src": "synthetic",
    }


def _pick(rng: random.Random, p_positive: float) -> str:
    return "positive" if rng.random() < p_positive else "negative"


def b_markers(rng: random.Random, profile: Profile, cd19: str = "positive") -> list[dict[str, Any]]:
    kmt2a = "KMT2A" in (profile.subtype or "")
    pre_b = "TCF3::PBX1" in (profile.subtype or "")
    markers = [
        _marker(rng, "CD19", cd19),
        _marker(rng, "CD10", "negative" if kmt2a else _pick(rng, 0.95)),
        _marker(rng, "CD22", _pick(rng, 0.9)),
        _marker(rng, "CD20", rng.choice(("positive", "partial", "negative", "negative"))),
        _marker(rng, "CD34", "negative" if pre_b else _pick(rng, 0.75)),
        _marker(rng, "cyCD79a", "positive", "cytoplasmic"),
        _marker(rng, "TdT", _pick(rng, 0.9), "nuclear"),
        _marker(rng, "HLA-DR", "positive"),
        _marker(rng, "CD13", _pick(rng, 0.35 if profile.ph else 0.15)),
        _marker(rng, "CD33", _pick(rng, 0.25 if profile.ph else 0.1)),
        _marker(rng, "MPO", "negative", "cytoplasmic"),
        _marker(rng, "cyCD3", "negative", "cytoplasmic"),
    ]
    if kmt2a:
        markers.append(_marker(rng, "NG2", "positive"))
    if pre_b:
        markers.append(_marker(rng, "cyIgM", "positive", "cytoplasmic"))
    return markers


def t_markers(rng: random.Random) -> tuple[list[dict[str, Any]], str]:
    cd1a, cd3 = _pick(rng, 0.35), _pick(rng, 0.4)
    cd2, cd5 = _pick(rng, 0.7), _pick(rng, 0.85)
    markers = [
        _marker(rng, "cyCD3", "positive", "cytoplasmic"),
        _marker(rng, "CD7", "positive"),
        _marker(rng, "CD5", cd5),
        _marker(rng, "CD2", cd2),
        _marker(rng, "CD1a", cd1a),
        _marker(rng, "CD3", cd3),
        _marker(rng, "CD34", _pick(rng, 0.4)),
        _marker(rng, "TdT", _pick(rng, 0.85), "nuclear"),
        _marker(rng, "CD19", "negative"),
        _marker(rng, "CD10", _pick(rng, 0.3)),
        _marker(rng, "MPO", "negative", "cytoplasmic"),
    ]
    if cd1a == "positive":
        egil = "T-III_cortical-T"
    elif cd3 == "positive":
        egil = "T-IV_mature-T"
    elif "positive" in (cd2, cd5):
        egil = "T-II_pre-T"
    else:
        egil = "T-I_pro-T"
    return markers, egil


def myeloid_markers(rng: random.Random) -> list[dict[str, Any]]:
    return [
        _marker(rng, "CD34", "positive"),
        _marker(rng, "CD117", "positive"),
        _marker(rng, "CD13", "positive"),
        _marker(rng, "CD33", "positive"),
        _marker(rng, "MPO", "positive", "cytoplasmic"),
        _marker(rng, "HLA-DR", "positive"),
        _marker(rng, "CD19", "negative"),
        _marker(rng, "cyCD79a", "negative", "cytoplasmic"),
        _marker(rng, "cyCD3", "negative", "cytoplasmic"),
    ]


def add_panel(
    b: CaseBuilder,
    profile: Profile,
    day: int,
    blasts: float,
    *,
    cd19: str = "positive",
    specimen: str = "bm",
) -> None:
    """The diagnostic (or relapse) flow-cytometry panel, CD19 always recorded."""
    rng = b.rng
    if profile.entity == "T-ALL":
        markers, egil = t_markers(rng)
    elif profile.bp_lineage == "myeloid":
        markers, egil = myeloid_markers(rng), "NA"
    elif profile.entity == "CML" and profile.cml_phase == "chronic":
        return
    else:
        markers = b_markers(rng, profile, cd19)
        egil = SUBTYPE_LAB.get(profile.subtype or "", ("", None, "B-II_common"))[2]
    b.add(
        "immunophenotype_panels",
        {
            "day": day,
            "specimen": specimen,
            "method": "flow_cytometry",
            "blast_gate_pct": round(min(99.0, blasts * rng.uniform(0.85, 1.05)), 1),
            "egil_subgroup": egil,
            "markers": markers,
        },
    )


def _two_significant(value: float) -> float:
    return float(f"{value:.2g}")
