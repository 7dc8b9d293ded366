"""V15-V22: immunophenotype, cytogenetics, molecular (reference §5.4, §5.6, §6.3)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.clinical.findings import Problem
from core.clinical.rules.ctx import RuleContext, out_of
from core.clinical.rules.registry import rule
from core.clinical.tables import (
    AMINO_ACIDS,
    CD19_DIRECTED,
    CD19_TARGETS,
    P210_TRANSCRIPTS,
    TKI_RESISTANCE,
    drug_key,
)
from core.model.bounds import TYPED_BOUNDS
from core.model.diagnostics import ImmunophenotypeMarker, MolecularVariant

HGVS_P_RE = re.compile(r"^p\.[A-Z][a-z]{2}\d+([A-Z][a-z]{2}|\*|=|fs.*)$")
SHORT_RE = re.compile(r"^[A-Z]\d+[A-Z*]$")
_HGVS_SUBST = re.compile(r"^p\.([A-Z][a-z]{2})(\d+)([A-Z][a-z]{2}|\*)$")
SURFACE_THRESHOLD, INTERNAL_THRESHOLD = 20.0, 10.0
_CLONE = re.compile(r"^(?P<body>.*?)(?:\[(?P<size>\d+)\])?$")
_COUNT = re.compile(r"^(\d{2,3})(?:~(\d{2,3}))?(?:<\dn>)?$")
_SEX = re.compile(r"^(?:[XY]{1,5}|idem|sl|sdl\d*)$")


def short_form(variant: MolecularVariant) -> str | None:
    """``T315I`` from the short form or from an HGVS protein substitution (``p.Thr315Ile``)."""
    if variant.short and SHORT_RE.match(variant.short.strip()):
        return variant.short.strip()
    m = _HGVS_SUBST.match((variant.hgvs_p or "").strip())
    if m and m[1] in AMINO_ACIDS and (m[3] in AMINO_ACIDS or m[3] == "*"):
        return f"{AMINO_ACIDS[m[1]]}{m[2]}{AMINO_ACIDS.get(m[3], '*')}"
    hgvs = (variant.hgvs_p or "").strip()
    return hgvs if SHORT_RE.match(hgvs) else None


@rule("V15", severity="warning", title="ABL1 mutation followed by a TKI it resists")
def tki_resistance(ctx: RuleContext) -> Iterator[Problem]:
    """A TKI started after the sample that found the mutation (not one already running,
    which the switch to another TKI may follow by a few days). The variants of a test that
    detected nothing were looked for, not found."""
    for i, test in enumerate(ctx.case.molecular_tests):
        if test.detected == "not_detected":
            continue
        day = ctx.day(test.day)
        for variant in test.variants:
            is_abl1 = (variant.gene or "ABL1").upper() == "ABL1"
            mutation = short_form(variant) if is_abl1 else None
            resisted = TKI_RESISTANCE.get(mutation or "")
            if day is None or not resisted:
                continue
            for a in ctx.admins:
                if a.drug in resisted and a.span is not None and a.span.first > day:
                    yield Problem(f"{a.path}.drug_inn",
                                  f"ABL1 {mutation} (molecular_tests[{i}], d{day}) reduces "
                                  f"sensitivity to {a.drug}, given from d{a.span.first}")


@rule("V16", title="CD19 recorded before CD19-directed therapy")
def cd19_before_therapy(ctx: RuleContext) -> Iterator[Problem]:
    for path, name, day in _cd19_therapies(ctx):
        results = [(d, m.result) for d, m in _cd19_markers(ctx) if d <= day]
        if not results:
            yield Problem(path, f"Record CD19 status (at diagnosis or relapse) before "
                                f"CD19-directed therapy ({name}, d{day})")
        elif max(results, key=lambda r: r[0])[1] == "negative":
            yield Problem(path, f"The most recent CD19 before {name} is negative",
                          severity="warning")


def _cd19_therapies(ctx: RuleContext) -> Iterator[tuple[str, str, int]]:
    first: dict[str, tuple[int, str]] = {}
    for a in ctx.admins:
        if a.drug in CD19_DIRECTED and a.span is not None:
            if a.drug not in first or a.span.first < first[a.drug][0]:
                first[a.drug] = (a.span.first, f"{a.path}.drug_inn")
    for drug, (day, path) in first.items():
        yield path, drug, day
    for i, ct in enumerate(ctx.case.cellular_therapies):
        infused = ctx.day(ct.infusion_day)
        if infused is not None and (ct.target in CD19_TARGETS
                                    or drug_key(ct.product) in CD19_DIRECTED):
            yield f"cellular_therapies[{i}].product", ct.product or "CD19 CAR-T", infused


def _cd19_markers(ctx: RuleContext) -> Iterator[tuple[int, ImmunophenotypeMarker]]:
    for panel in ctx.case.immunophenotype_panels:
        day = ctx.day(panel.day)
        if day is None:
            continue
        for m in panel.markers:
            if (m.marker or "").strip().upper() == "CD19" and m.result not in (None, "not_tested"):
                yield day, m


def _threshold(m: ImmunophenotypeMarker) -> float:
    compartment = m.compartment
    if compartment is None:
        name = (m.marker or "").strip()
        internal = name.startswith("cy") or name in ("TdT", "MPO")
        return INTERNAL_THRESHOLD if internal else SURFACE_THRESHOLD
    return SURFACE_THRESHOLD if compartment == "surface" else INTERNAL_THRESHOLD


@rule("V17", severity="warning", title="Marker result agrees with its percentage")
def marker_conflict(ctx: RuleContext) -> Iterator[Problem]:
    for i, panel in enumerate(ctx.case.immunophenotype_panels):
        for j, m in enumerate(panel.markers):
            pct = m.pct_positive
            if pct is None or out_of(pct, 0, 100):
                continue
            limit = _threshold(m)
            path = f"immunophenotype_panels[{i}].markers[{j}].result"
            if m.result in ("positive", "bright") and pct < limit:
                yield Problem(path, f"{m.marker} is '{m.result}' at {pct:g}% (positive from "
                                    f"{limit:g}%)")
            elif m.result == "negative" and pct >= limit:
                yield Problem(path, f"{m.marker} is 'negative' at {pct:g}% (positive from "
                                    f"{limit:g}%)")


_PERCENT_FIELDS = {
    "bm_assessments": ("blast_pct_morphology", "blast_pct_flow", "cellularity_pct",
                       "basophils_pct"),
    "immunophenotype_panels": ("blast_gate_pct",),
    "cytogenetics": ("fish_pct_abnormal_nuclei",),
    "csf_assessments": ("blast_pct_cytospin", "flow_abnormal_pct"),
}


def _percent_values(ctx: RuleContext) -> Iterator[tuple[str, float | None]]:
    for section, fields in _PERCENT_FIELDS.items():
        for i, record in enumerate(getattr(ctx.case, section)):
            for name in fields:
                yield f"{section}[{i}].{name}", getattr(record, name)
    for i, panel in enumerate(ctx.case.immunophenotype_panels):
        for j, m in enumerate(panel.markers):
            yield f"immunophenotype_panels[{i}].markers[{j}].pct_positive", m.pct_positive
    for i, test in enumerate(ctx.case.molecular_tests):
        for j, v in enumerate(test.variants):
            yield f"molecular_tests[{i}].variants[{j}].vaf_pct", v.vaf_pct


@rule("V18", title="Percentages are 0-100; abnormal metaphases do not exceed those analysed")
def percentages(ctx: RuleContext) -> Iterator[Problem]:
    for path, value in _percent_values(ctx):
        if out_of(value, 0, 100):
            yield Problem(path, f"A percentage must be 0–100 (entered: {value:.10g})")
    for i, c in enumerate(ctx.case.cytogenetics):
        total, abnormal = c.metaphases_analyzed, c.abnormal_metaphases
        for name, n in (("metaphases_analyzed", total), ("abnormal_metaphases", abnormal),
                        ("nuclei_scored", c.nuclei_scored)):
            if n is not None and n < 0:
                yield Problem(f"cytogenetics[{i}].{name}", f"A count cannot be negative ({n})")
            elif out_of(n, None, TYPED_BOUNDS["Cytogenetics", name].high):  # 1e20 imported
                yield Problem(f"cytogenetics[{i}].{name}", f"{n} is more than can be counted "
                              f"(at most {TYPED_BOUNDS['Cytogenetics', name].high:g})")
        if total is not None and abnormal is not None and abnormal > total >= 0:
            yield Problem(f"cytogenetics[{i}].abnormal_metaphases",
                          f"{abnormal} abnormal metaphases, but only {total} analysed")


@rule("V19", severity="warning", title="Karyotype passes the light ISCN grammar check")
def iscn_grammar(ctx: RuleContext) -> Iterator[Problem]:
    for i, c in enumerate(ctx.case.cytogenetics):
        text = (c.iscn or "").strip()
        if not text or c.method not in (None, "g_banding") or text.startswith(("nuc", "ish",
                                                                                "arr")):
            continue
        problem, sizes = _iscn_problem(text)
        path = f"cytogenetics[{i}].iscn"
        if problem:
            yield Problem(path, f"Karyotype '{text}': {problem}")
        elif sizes and c.metaphases_analyzed is not None and sum(sizes) != c.metaphases_analyzed:
            yield Problem(path, f"Clone sizes add up to {sum(sizes)}, but "
                                f"{c.metaphases_analyzed} metaphases were analysed")


def _iscn_problem(text: str) -> tuple[str | None, list[int]]:
    sizes: list[int] = []
    clones = text.split("/")
    for clone in clones:
        m = _CLONE.match(clone.strip())
        parts = [p.strip() for p in m["body"].split(",")] if m else [""]
        count = _COUNT.match(parts[0])
        if not count or not 23 <= int(count[1]) <= 250:
            return f"'{parts[0]}' is not a chromosome count (23 or more)", []
        if len(parts) < 2 or not _SEX.match(parts[1]):
            return "the sex chromosomes should follow the count (e.g. 46,XY)", []
        if any(not p for p in parts):
            return "empty item between commas", []
        if m and m["size"]:
            sizes.append(int(m["size"]))
    return None, sizes if len(sizes) == len(clones) else []


@rule("V20", title="% IS only for p210 transcripts")
def is_scale(ctx: RuleContext) -> Iterator[Problem]:
    for i, t in enumerate(ctx.case.molecular_tests):
        transcript = t.bcr_abl1_transcript
        if t.result_scale == "percent_IS" and transcript not in P210_TRANSCRIPTS and \
                transcript not in (None, "not_detected"):
            yield Problem(f"molecular_tests[{i}].result_scale",
                          f"% IS applies only to p210 (e13a2/e14a2); {transcript} must be "
                          "reported as a ratio to a control gene")


@rule("V21", title="BCR::ABL1 level is not negative; undetectable needs control copies")
def bcr_abl1_level(ctx: RuleContext) -> Iterator[Problem]:
    for i, t in enumerate(ctx.case.molecular_tests):
        path = f"molecular_tests[{i}]"
        value = t.result_value
        if value is not None and out_of(value, 0, None):
            yield Problem(f"{path}.result_value", f"A BCR::ABL1 level cannot be negative ({value})")
        elif value is not None and t.result_scale == "percent_IS" and value > 100:
            yield Problem(f"{path}.result_value", f"BCR::ABL1 {value:g}% IS is above 100%",
                          severity="warning")
        if t.detected == "not_detected" and t.result_scale == "percent_IS" and \
                t.control_copies is None:
            yield Problem(f"{path}.control_copies", "Undetectable BCR::ABL1: give the control-"
                          "gene copies, or MR4/4.5/5 cannot be derived (sensitivity unknown)",
                          severity="warning")


@rule("V22", title="Variant notation is HGVS protein or a short form")
def variant_notation(ctx: RuleContext) -> Iterator[Problem]:
    for i, t in enumerate(ctx.case.molecular_tests):
        for j, v in enumerate(t.variants):
            path = f"molecular_tests[{i}].variants[{j}]"
            hgvs = (v.hgvs_p or "").strip()
            if hgvs and not (HGVS_P_RE.match(hgvs) or SHORT_RE.match(hgvs)):
                yield Problem(f"{path}.hgvs_p", f"'{hgvs}' is not HGVS protein notation "
                                                "(e.g. p.Thr315Ile or T315I)")
            short = (v.short or "").strip()
            if short and not SHORT_RE.match(short):
                yield Problem(f"{path}.short", f"'{short}' is not a short form (e.g. T315I)")
