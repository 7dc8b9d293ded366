"""The values Casebook's clinical engine derives, as columns of the dataset exports (CSV, Excel,
ODM): a CSF sample's CNS status and sub-categories, an MRD category, a derived response, a lab
flag, an absolute dose, an ASTCT grade...

The columns come from the model (``Record.DERIVED``, ``core.io.tables``): one per derived value
of the record type that has a plain value (``exported_derived``), ``<prefix>_<key>_derived``
after the record's own columns. The values come from one ``engine.evaluate(case,
checks=False)`` per case (``case_derived``), by the record's field path. They are the engine's
own derivations (a CNS status overridden in the editor still shows the derived one here). An
engine error leaves the cells empty. The import never reads them (``core.io.dataset_rows``).
"""

from __future__ import annotations

from typing import Any

from core.model import Case, DerivedValue, derived_values

DERIVED_PART = "derived"
DERIVED_SUFFIX = " (derived by Casebook)"
DERIVED_NOTE = ("derived by Casebook's clinical engine from this case's values (not read on "
                "import)")
LIST_SEP = " | "

# declared on a record type but no column of the dataset, and why
_LEFT_OUT: dict[tuple[str, str], str] = {
    ("Patient", "age"): "pt_age_at_day0 holds it already (core.io.deident.exported_age)",
    ("TimelineEvent", "ref_table"): "of automatic timeline events, which are no rows",
    ("TimelineEvent", "ref_id"): "of automatic timeline events, which are no rows",
    ("Neuroimaging", "lesion_burden"): "a structured value (SPD, baseline, change)",
    # the engine derives no value for these yet: the column would always be empty
    ("Cytogenetics", "complex_karyotype"): "not derived by the engine",
    ("MolecularVariant", "tki_resistance_flags"): "not derived by the engine",
    ("Outcome", "follow_up_duration_days"): "not derived by the engine",
}


def exported_derived(model: type) -> tuple[DerivedValue, ...]:
    """The derived values of ``model`` that are columns of the dataset, in reading order."""
    return tuple(d for d in derived_values(model) if (model.__name__, d.key) not in _LEFT_OUT)


def case_derived(case: Case) -> dict[str, dict[str, str]]:
    """{record path: {key: cell text}} of every derived value of ``case`` (``csf_assessments[2]``:
    ``{"cns_status": "CNS3", ...}``); empty on an engine error (logged by the engine)."""
    from core.clinical import engine

    result = engine.evaluate(case, checks=False)
    if result.evaluation is None or result.error:
        return {}
    out: dict[str, dict[str, str]] = {}
    for path, values in _by_path(result.evaluation.derived):
        texts = {k: t for k, v in values.items() if (t := _text(v)) is not None}
        if texts:
            out.setdefault(path, {}).update(texts)
    return out


def _by_path(d: Any) -> list[tuple[str, dict[str, Any]]]:
    """The engine's typed derived values (``core.clinical.derive.Derived``) as codes, by
    record path (the editor's ``_flatten_derived`` shows the same values in words)."""
    from core.report.format import absolute_dose

    out: list[tuple[str, dict[str, Any]]] = []
    out += [(p, {"cns_status": c.derived.status, "cns_subcategories": list(c.derived.subcategories)})
            for p, c in d.csf.items()]
    out += [(p, {"derived_category": m.category}) for p, m in d.marrow.items()]
    out += [(p, {"derived_category": c.category}) for p, c in d.cns_response.items()]
    out += [(p, {"category": m.category, "mrd_response": m.response}) for p, m in d.mrd.items()]
    out += [(p, {"derived_molecular_response": m.response, "bcr_abl1_protein": m.protein})
            for p, m in d.molecular.items()]
    out += [(p, {f"{g.kind.lower()}_grade": g.derived}) for p, g in d.ae_grades.items()]
    out += [(p, {"value_canonical": lab.value, "flag": lab.flag, "unit_canonical": lab.unit})
            for p, lab in d.labs.items()]
    out += [(p, {"dose_abs_per_admin": absolute_dose(dose.value, dose.unit)})
            for p, dose in d.doses.items()]
    if d.bsa is not None and d.bsa.derived is not None:
        out.append(("patient", {"bsa_m2": round(d.bsa.derived, 2)}))
    return out


def _text(value: Any) -> str | None:
    """A derived value as its cell: a text as it is, a number as the dataset writes numbers,
    yes/no as 1/0, a list of texts with `` | `` between them."""
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list):
        return LIST_SEP.join(str(v) for v in value)
    return str(value)


def record_path(location: tuple[str, ...], levels: tuple[bool, ...], key: str) -> str:
    """The field path of the record of row ``key`` (``2.1`` -> ``treatment_lines[1].
    administrations[0]``; ``patient`` for a section's one record)."""
    numbers = iter(key.split("."))
    return ".".join(f"{name}[{int(next(numbers)) - 1}]" if is_list else name
                    for name, is_list in zip(location, levels, strict=True))
