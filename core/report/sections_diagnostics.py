"""CARE 8: diagnostic assessment: diagnoses with codes, reasoning, marrow, immunophenotype,
cytogenetics, molecular tests, CSF with CNS status, neuroimaging, laboratory results."""

from __future__ import annotations

from reportlab.platypus import Flowable

from core.model import Record
from core.model.diagnostics import (
    BoneMarrowAssessment,
    Cytogenetics,
    Diagnosis,
    ImmunophenotypePanel,
    LabResult,
    MolecularTest,
)
from core.report.blocks import (
    PLACEHOLDER_NOTE,
    Context,
    heading,
    is_placeholder,
    label,
    marked,
    para,
    subsection,
)
from core.report.columns import record_table
from core.report.format import humanize, number, with_unit
from core.report.sections_cns import csf_section, episodes_table, imaging_section

MARKER_RESULT = {"positive": "+", "negative": "−", "partial": "partial", "dim": "dim",
                 "bright": "bright", "heterogeneous": "het.", "not_tested": "n.t."}


def diagnostics_section(ctx: Context) -> list[Flowable]:
    case = ctx.case
    return [
        heading("Diagnostic assessment"),
        *subsection("Diagnoses", _diagnoses(ctx)),
        *subsection("Diagnostic reasoning", _reasoning(ctx)),
        *subsection("Bone marrow", _marrow(ctx) if case.bm_assessments else []),
        *subsection("Immunophenotype",
                    _immunophenotype(ctx) if case.immunophenotype_panels else []),
        *subsection("Cytogenetics", _cytogenetics(ctx) if case.cytogenetics else []),
        *subsection("Molecular genetics", _molecular(ctx) if case.molecular_tests else []),
        *subsection("Cerebrospinal fluid and CNS status",
                    csf_section(ctx) if case.csf_assessments else []),
        *subsection("Neuroimaging", imaging_section(ctx) if case.neuroimaging else []),
        *subsection("CNS status of each episode (derived)", episodes_table(ctx)),
        *subsection("Laboratory results", _labs(ctx) if case.labs else []),
    ]


def _diagnoses(ctx: Context) -> list[Flowable]:
    items = ctx.case.diagnoses
    if not items:
        return []
    # particular: the entity, its types and qualifiers in one cell; all codes in one
    return record_table(
        ctx, Diagnosis, items,
        widths={"day": 0.09, "role": 0.1, "entity": 0.33, "icd10_who": 0.22,
                "disease_status": 0.26},
        headers={"entity": "Diagnosis", "icd10_who": "Codes", "disease_status": "Status"},
        cells={"entity": lambda _, d: _diagnosis_text(ctx, d), "icd10_who": lambda _, d: _codes(d),
               "disease_status": lambda _, d: _status_text(ctx, d)}) + _code_legend(ctx)


CODE_FIELDS = (("icd10_who", "ICD-10"), ("icd10_cm", "ICD-10-CM"), ("icdo3_morphology", "ICD-O-3"),
               ("icdo3_topography", "Topography"))


def _codes(d: Diagnosis) -> str:
    return "\n".join(f"{name} {getattr(d, f).code}" for f, name in CODE_FIELDS if getattr(d, f))


def _code_legend(ctx: Context) -> list[Flowable]:
    """The labels of the codes used, once each, under the table."""
    seen: dict[str, str] = {}
    for d in ctx.case.diagnoses:
        for f, _ in CODE_FIELDS:
            coded = getattr(d, f)
            if coded and coded.label and coded.code not in seen:
                source = " ".join(x for x in (coded.system, coded.version) if x)
                source = f" ({source})" if source else ""
                seen[coded.code] = f"{coded.code} {coded.label}{source}"
    if not seen:
        return []
    return [para("Codes: " + "; ".join(ctx.fmt.text(v) for v in seen.values()) + ".", "note")]


def _diagnosis_text(ctx: Context, d: Diagnosis) -> str:
    fmt = ctx.fmt
    parts = [fmt.field(d, "entity"), fmt.text(d.who_haem5_type), fmt.text(d.icc_type)]
    if d.cml_phase:
        parts.append(f"{humanize(d.cml_phase)} phase"
                     + (f", {humanize(d.cml_bp_lineage)}" if d.cml_bp_lineage else ""))
    if d.ph_status:
        parts.append(f"Ph {humanize(d.ph_status)}")
    if d.cml_bp_criteria_met:
        parts.append("criteria: " + fmt.field(d, "cml_bp_criteria_met"))
    if d.risk_group:
        parts.append(f"risk group: {fmt.text(d.risk_group)}")
    if d.lineage_evidence:
        parts.append(f"{label(Diagnosis, 'lineage_evidence').lower()}: "
                     + _lineage_evidence(ctx, d.lineage_evidence))
    return "; ".join(p for p in parts if p)


def _lineage_evidence(ctx: Context, ids: list[int]) -> str:
    """Each id named by the kind of record it is (§4.6: immunophenotype or molecular)."""
    kinds = {p.panel_id: "immunophenotype" for p in ctx.case.immunophenotype_panels}
    kinds.update({t.molecular_test_id: "molecular" for t in ctx.case.molecular_tests})
    return ", ".join(f"{kinds[i]} #{i}" if i in kinds else f"#{i}" for i in ids)


def _status_text(ctx: Context, d: Diagnosis) -> str:
    fmt = ctx.fmt
    parts = [fmt.field(d, "disease_status")]
    if d.relapse_sites:
        parts.append("sites: " + fmt.field(d, "relapse_sites"))
    if d.relapse_timing:
        parts.append("relapse timing unknown" if d.relapse_timing == "unknown"
                     else f"{humanize(d.relapse_timing)} relapse")
    if d.on_treatment_at_relapse:
        parts.append(f"on {fmt.text(d.on_treatment_at_relapse)}")
    if d.cns_parenchymal_involvement:
        parts.append("CNS parenchymal involvement")
    return "; ".join(p for p in parts if p)


def _reasoning(ctx: Context) -> list[Flowable]:
    out, marks = [], False
    for r in ctx.case.diagnostic_reasoning:
        kind = humanize(r.kind or "reasoning").capitalize()
        candidate = ctx.fmt.text(r.candidate_entity)
        candidate = f" (candidate: {candidate})" if candidate else ""
        body = ctx.fmt.field(r, "text") or "not reported"
        placeholder = is_placeholder(r, "text") or is_placeholder(r, "candidate_entity")
        marks = marks or placeholder
        out.append(para(marked(f"{kind}{candidate}: {body}", placeholder)))
    return out + ([para(PLACEHOLDER_NOTE, "note")] if marks else [])


def _marrow(ctx: Context) -> list[Flowable]:
    # particular: the derived response as the editor shows it beside the marrow ("CRh
    # (unconfirmed)"), its label already saying it is derived
    return record_table(ctx, BoneMarrowAssessment, ctx.case.bm_assessments, widths={
        "day": 0.09, "specimen": 0.1, "blast_pct_morphology": 0.14, "blast_pct_flow": 0.07,
        "blast_lineage": 0.1, "cellularity_pct": 0.108, "trilineage_hematopoiesis": 0.145,
        "basophils_pct": 0.1, "derived_category": 0.147},  # each its longest word, "(unconfirmed)"
        headers={"derived_category": "Response (derived)"},
        cells={"derived_category": lambda i, _: _marrow_response(ctx, i)})


def _marrow_response(ctx: Context, index: int) -> str:
    derived = ctx.derived.marrow_response.get(index)
    if derived is None:
        return ctx.derived.missing()
    category, _, rest = derived.partition(" (")
    return humanize(category) + (f" ({rest}" if rest else "")


def _immunophenotype(ctx: Context) -> list[Flowable]:
    return record_table(
        ctx, ImmunophenotypePanel, ctx.case.immunophenotype_panels,
        widths={"day": 0.09, "specimen": 0.15, "blast_gate_pct": 0.1, "egil_subgroup": 0.12,
                "markers": 0.54},
        headers={"specimen": "Specimen, method", "markers": "Markers (% positive)"},
        cells={"specimen": lambda _, p: _specimen_method(ctx, p),
               "markers": lambda _, p: _markers(ctx, p)})


def _specimen_method(ctx: Context, record: Record) -> str:
    """Particular: specimen and method in one cell."""
    return ", ".join(x for x in (ctx.fmt.field(record, "specimen"),
                                 ctx.fmt.field(record, "method")) if x)


def _markers(ctx: Context, panel: ImmunophenotypePanel) -> str:
    out = []
    for m in panel.markers:
        result = MARKER_RESULT.get(m.result or "", "")
        pct = f" ({number(m.pct_positive)}%)" if m.pct_positive is not None else ""
        sep = "" if result in ("+", "−") else " "
        out.append(f"{ctx.fmt.text(m.marker)}{sep}{result}{pct}")
    return ", ".join(out)


def _cytogenetics(ctx: Context) -> list[Flowable]:
    fmt = ctx.fmt

    def metaphases(_: int, c: Cytogenetics) -> str:
        return (f"{c.abnormal_metaphases if c.abnormal_metaphases is not None else '?'}"
                f"/{c.metaphases_analyzed}") if c.metaphases_analyzed else ""

    def fish(_: int, c: Cytogenetics) -> str:
        return " ".join(x for x in (fmt.text(c.fish_probe), c.fish_pct_abnormal_nuclei is not None
                                    and with_unit(c.fish_pct_abnormal_nuclei, "%") or "") if x)

    # particular: abnormal/analysed metaphases and the FISH probe with its result in one cell
    return record_table(
        ctx, Cytogenetics, ctx.case.cytogenetics,
        widths={"day": 0.09, "specimen": 0.15, "iscn": 0.36, "metaphases_analyzed": 0.14,
                "fish_probe": 0.13, "additional_abnormalities": 0.13},
        headers={"specimen": "Specimen, method", "metaphases_analyzed": "Abnormal / analysed",
                 "fish_probe": "FISH", "additional_abnormalities": "Additional"},
        cells={"specimen": lambda _, c: _specimen_method(ctx, c),
               "metaphases_analyzed": metaphases, "fish_probe": fish,
               "additional_abnormalities":
                   lambda _, c: fmt.field(c, "additional_abnormalities") or "none"})


def _molecular(ctx: Context) -> list[Flowable]:
    fmt = ctx.fmt
    # particular: the test with its method; the result with its scale and derived response
    return record_table(
        ctx, MolecularTest, ctx.case.molecular_tests,
        widths={"day": 0.09, "test": 0.22, "specimen": 0.11, "bcr_abl1_transcript": 0.12,
                "result_value": 0.2, "variants": 0.26},
        headers={"test": "Test, method", "variants": "Variants, notes"},
        cells={"test": lambda _, t: f"{fmt.field(t, 'test')} ({fmt.field(t, 'method')})",
               "result_value": lambda i, _: _molecular_result(ctx, i),
               "variants": lambda _, t: _variants(ctx, t)})


def _molecular_result(ctx: Context, index: int) -> str:
    t = ctx.case.molecular_tests[index]
    parts = []
    if t.result_value is not None:
        parts.append(f"{number(t.result_value)} {humanize(t.result_scale or '')}".strip())
    parts.append(ctx.fmt.field(t, "detected"))
    response = ctx.derived.molecular_response.get(index)
    if response:
        parts.append(humanize(response))
    return "; ".join(p for p in parts if p)


def _variants(ctx: Context, t: MolecularTest) -> str:
    fmt = ctx.fmt
    variants = [" ".join(x for x in (fmt.text(v.gene), fmt.text(v.short or v.hgvs_p),
                                     v.vaf_pct is not None and f"VAF {number(v.vaf_pct)}%" or "")
                         if x) for v in t.variants]
    return "; ".join(x for x in [*variants, fmt.text(t.panel_note)] if x)


def _labs(ctx: Context) -> list[Flowable]:
    # particular: the unit as a label, the reference range from its two bounds
    return record_table(
        ctx, LabResult, ctx.case.labs,
        widths={"day": 0.11, "analyte": 0.25, "specimen": 0.12, "value_entered": 0.14,
                "unit_entered": 0.16, "ref_low": 0.22},
        headers={"ref_low": "Reference range"},
        cells={"unit_entered": lambda _, lab: ctx.fmt.unit(lab.unit_entered),
               "ref_low": lambda _, lab: _reference(lab)})


def _reference(lab: LabResult) -> str:
    if lab.ref_low is None and lab.ref_high is None:
        return ""
    low = number(lab.ref_low) if lab.ref_low is not None else ""
    high = number(lab.ref_high) if lab.ref_high is not None else ""
    return f"{low}–{high}"
