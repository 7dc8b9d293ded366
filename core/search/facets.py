"""Search facets added to the store's index rows (``register_indexer``).

Codes (``case_codes``, folded lower case): ``dxtype`` (WHO/ICC type), ``dx`` (a CML's phase as
the case list shows it, "cml, blast phase", besides the entity), ``maindx``, ``drug``
(folded, cellular products too), ``cns`` (every entry's effective status, "ever"), ``cnssub``,
``cnsdx`` and ``cnsdxsub`` (at diagnosis), ``response``, ``response_scope``, ``best_response``,
``mrd``, ``ae`` (term keys), ``mut`` (short form, HGVS, gene, ``gene:short``). Numbers (``case_numbers``): ``ae`` and
``ae:<term key>`` = grade of each adverse event, ``day0`` = first day of Day 0 as YYYYMMDD.
The store's own indexer already writes ``status`` and the rows of every field declared with a
facet in the model (``core.model.facets``: ``sex``, ``age``, ``dx``, ``icd``, ``drug``, ``atc``).
Hand code here is for what is particular: combined or derived values (CNS status, MRD words,
responses, grades per term, mutation forms, Day 0 from a partial date or the anchor year, the
age from the birth date when none is typed).
"""

from __future__ import annotations

import re

from core.clinical.dosing import age_from_birth_date
from core.model import Case
from core.search.derived import ClinicalValues
from core.search.text import fold, tokens
from core.store.content import phase_words
from core.store.indexing import IndexRows

AE_ALIASES = {
    "crs": "cytokine release syndrome",
    "icans": "immune effector cell associated neurotoxicity syndrome",
    "fn": "febrile neutropenia",
    "tls": "tumor lysis syndrome",
}
_AMINO = {
    "ala": "a", "arg": "r", "asn": "n", "asp": "d", "cys": "c", "gln": "q", "glu": "e",
    "gly": "g", "his": "h", "ile": "i", "leu": "l", "lys": "k", "met": "m", "phe": "f",
    "pro": "p", "ser": "s", "thr": "t", "trp": "w", "tyr": "y", "val": "v", "ter": "*",
}
_HGVS_P = re.compile(r"^(?:p\.)?\(?([a-z]{3})(\d+)([a-z]{3}|\*)\)?$")


def add_search_facets(case: Case, rows: IndexRows, values: ClinicalValues) -> None:
    _diagnosis_facets(case, rows)
    _drug_facets(case, rows)
    _clinical_facets(rows, values)
    _adverse_event_facets(case, rows, values)
    for variant in (v for test in case.molecular_tests if test.detected != "not_detected"
                    for v in test.variants):  # a panel's variants looked for, not found
        for value in mutation_keys(variant.gene, variant.short, variant.hgvs_p):
            rows.code("mut", value)
    rows.number("day0", day0_number(case), "yyyymmdd")
    if case.patient.age_at_day0 is None:  # a typed age has its row (declared facet); without
        # one, the age at Day 0 its birth date gives (top-coded at 90), as the PDF prints it
        born = age_from_birth_date(case.patient, case.case_report.day0)
        rows.number("age", born.years if born else None, "years")


def _diagnosis_facets(case: Case, rows: IndexRows) -> None:
    for dx in case.diagnoses:
        for label in (dx.who_haem5_type, dx.icc_type):
            if label:
                rows.code("dxtype", fold(label))
        phase = phase_words(dx.entity, dx.cml_phase)  # as the case list shows it:
        if phase:  # dx:"CML, blast phase" finds it, and dx:"CML blast phase"
            rows.code("dx", f"cml, {phase}")
            rows.code("dx", f"cml {phase}")
    main = case.main_diagnosis()
    rows.code("maindx", main.entity if main else None)


def _drug_facets(case: Case, rows: IndexRows) -> None:
    for line in case.treatment_lines:
        for adm in line.administrations:
            rows.code("drug", fold(adm.drug_inn or ""))
    for therapy in case.cellular_therapies:
        rows.code("drug", fold(therapy.product or ""))  # a product is found as a drug


def _clinical_facets(rows: IndexRows, values: ClinicalValues) -> None:
    for status in values.cns:
        rows.code("cns", status)
    for sub in values.cns_subcategories:
        rows.code("cnssub", sub)
    rows.code("cnsdx", values.cns_at_diagnosis)
    for sub in values.cns_at_diagnosis_subcategories:
        rows.code("cnsdxsub", sub)
    for value in values.mrd:
        rows.code("mrd", value)
    for category in values.responses:
        rows.code("response", fold(category))
    for scope in values.response_scopes:  # the Summary's "CNS only" (a CR of the CNS scope)
        rows.code("response_scope", scope)
    rows.code("best_response", values.best_response)


def _adverse_event_facets(case: Case, rows: IndexRows, values: ClinicalValues) -> None:
    for event, grade in zip(case.adverse_events, values.ae_grades, strict=True):
        keys = ae_keys(event.term or "")
        for key in keys:
            rows.code("ae", key)
            rows.number(f"ae:{key}", grade, "grade")
        if keys or grade is not None:
            rows.number("ae", grade, "grade")


def ae_key(term: str) -> str:
    """The normalized key of an adverse-event term: folded words separated by one space."""
    return " ".join(tokens(term))


def ae_keys(term: str) -> list[str]:
    """The key of a term plus its abbreviation or expansion (``crs``)."""
    key = ae_key(term)
    if not key:
        return []
    keys = [key]
    keys += [short for short, full in AE_ALIASES.items() if full == key]
    if key in AE_ALIASES:
        keys.append(AE_ALIASES[key])
    return keys


def mutation_keys(gene: str | None, short: str | None, hgvs_p: str | None) -> list[str]:
    """Every form a variant is found by: ``t315i``, ``p.thr315ile``, ``abl1``, ``abl1:t315i``."""
    genes = gene_keys(gene)
    changes = change_keys(short, hgvs_p)
    return genes + changes + [f"{g}:{c}" for g in genes for c in changes]


def gene_keys(gene: str | None) -> list[str]:
    if not gene or not gene.strip():
        return []
    key = fold(gene.strip())
    parts = [p for p in key.split("::") if p]
    return list(dict.fromkeys([key, *parts]))


def change_keys(short: str | None, hgvs_p: str | None) -> list[str]:
    keys = [fold(s.strip()) for s in (short, hgvs_p) if s and s.strip()]
    if hgvs_p:
        keys.append(one_letter(fold(hgvs_p.strip())))
    return [k for k in dict.fromkeys(keys) if k]


def one_letter(hgvs: str) -> str:
    """``p.thr315ile`` -> ``t315i`` (three-letter amino-acid codes); other text unchanged."""
    m = _HGVS_P.match(hgvs)
    if not m or m.group(1) not in _AMINO or m.group(3) not in (*_AMINO, "*"):
        return hgvs.removeprefix("p.")
    return f"{_AMINO[m.group(1)]}{m.group(2)}{_AMINO.get(m.group(3), '*')}"


def day0_number(case: Case) -> int | None:
    """First day of Day 0 as YYYYMMDD (a partial date counts from its first day)."""
    day0 = case.case_report.day0
    if day0 is not None and day0.date is not None:
        rng = day0.date_range()
        if rng is not None:
            first = rng[0]
            return first.year * 10000 + first.month * 100 + first.day
    if case.case_report.anchor_year:
        return case.case_report.anchor_year * 10000 + 101
    return None
