"""V56-V60: consent and de-identification (reference §6.10, §9)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from core.clinical.dosing import Age
from core.clinical.findings import Problem
from core.clinical.phi import PhiHit, identifier_values, own_field, own_identifiers, scan_text
from core.clinical.phi_patterns import TITLES
from core.clinical.rules.ctx import RuleContext
from core.clinical.rules.registry import rule
from core.clinical.walk import free_text_fields
from core.model import Case
from core.model.report import CONSENT_DOCUMENTED
from core.model.vocab import vocabulary
from core.publication.consent import statement_conflict

# Publication metadata (DOI, PMID, citation) is not patient data (§9.1 N).
NOT_SCANNED = ("case_report.source_publication",)
# what exporting such a case says besides (core.io.consent_notice): a JSON export carries no
# notice, its case holds the consent status as recorded
EXPORT_WARNING = ", and exporting it (as a dataset or as JSON) shows a warning"
RARE_PATH = "patient.subdivision"  # V60 is at the field to generalize
SUBDIVISION_RE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
ATTACHMENT_TYPES = frozenset({"image/png", "image/jpeg", "image/tiff", "application/pdf"})
_KIND_WORDS = {"date": "a date", "phone": "a phone or fax number", "email": "an e-mail address",
               "url": "a web address", "ip": "an IP address", "number": "an identifying number",
               "name": "a name or identifier of this patient",
               "age": "an age of 90 or over (an identifier: write '90 or older')"}
# a hit of the case's own identifiers says which one it is
_OWN_WORDS = {"name": "this patient's name",
              "record_number": "this patient's hospital record number",
              "birth_date": "this patient's date of birth"}


@rule("V56", title="Consent obtained or waived by an ethics committee")
def consent(ctx: RuleContext) -> Iterator[Problem]:
    c = ctx.case.consent
    if c.status is None and (c.statement or "").strip():
        yield Problem("consent.status", "Consent status is empty, though a consent statement is "
                      "written: choose the status it describes (obtained, or waived by an ethics "
                      "committee); until then its PDFs and dataset exports (CSV, Excel, FHIR, "
                      f"ODM) carry a 'consent not documented' notice{EXPORT_WARNING}")
    elif c.status not in CONSENT_DOCUMENTED:
        yield Problem("consent.status", "Consent is not documented (obtained, or waived by an "
                      "ethics committee): the case cannot be completed, its PDFs and dataset "
                      "exports (CSV, Excel, FHIR, ODM) carry a 'consent not documented' notice"
                      f"{EXPORT_WARNING}")
    elif c.status == "waived_by_ethics_committee" and not (c.ethics_reference or "").strip():
        yield Problem("consent.ethics_reference", "A consent waiver needs the ethics committee "
                                                  "reference")
    conflict = statement_conflict(c.status, c.statement)
    if conflict:
        yield Problem("consent.statement", conflict)


def free_texts(items: list[tuple[str, BaseModel]]) -> Iterator[tuple[str, str]]:
    """(field path, text) of every free text about the patient."""
    for record_path, record in items:
        if record_path.startswith(NOT_SCANNED):
            continue
        for field in free_text_fields(type(record)):
            value = getattr(record, field.name)
            if not value:
                continue
            path = f"{record_path}.{field.name}" if record_path else field.name
            if isinstance(value, str):
                yield path, value
            else:
                yield from ((f"{path}[{k}]", v) for k, v in enumerate(value) if v)


def _hits(ctx: RuleContext) -> list[tuple[str, PhiHit]]:
    """Every identifier hit in the case's free texts, computed once per evaluation."""
    cached = ctx.memo.get("phi_hits")
    if cached is None:
        denylist = (*ctx.denylist, *identifier_values(ctx.case))
        cached = [(path, hit) for path, text in free_texts(ctx.index.records)
                  for hit in scan_text(text, denylist)]
        ctx.memo["phi_hits"] = cached
    return cached


@rule("V57", overridable=True, title="No identifiers in free text")
def identifiers_in_text(ctx: RuleContext) -> Iterator[Problem]:
    own = own_identifiers(ctx.case)
    for path, hit in _hits(ctx):
        if hit.kind == "address":
            continue
        yield Problem(path, f"'{hit.text}' looks like {_hit_words(hit, own)}: edit the text, "
                            "or confirm it is not an identifier", match=hit.text)


def _hit_words(hit: PhiHit, own: list[tuple[str, str]]) -> str:
    """What a hit looks like, by its kind: a denylist hit that is one of the patient's own
    identifiers is named as that one ('this patient's date of birth', not 'a name')."""
    field = own_field(hit.text, own) if hit.kind == "name" else None
    if field is not None:
        return _OWN_WORDS[field]
    if hit.kind == "name" and hit.text.endswith(TITLES):
        return "a person's name (a surname with 先生, 女士...)"
    return _KIND_WORDS.get(hit.kind, "an identifier")


@rule("V58", title="No postal codes, streets, cities or counties; first-level subdivision only; "
                   "country an ISO 3166-1 country")
def geography(ctx: RuleContext) -> Iterator[Problem]:
    for path, hit in _hits(ctx):
        if hit.kind == "address":
            yield Problem(path, f"'{hit.text}' looks like part of an address (street, postal "
                                "code, city or county): only country and state/province may "
                                "be recorded", match=hit.text)
    p = ctx.case.patient
    yield from _country(p.country)
    sub = (p.subdivision or "").strip()
    if sub and not SUBDIVISION_RE.match(sub):
        named = vocabulary("subdivision").named_within(sub, p.country)
        also = f": it is {named.label}, store its code {named.code}" if named is not None \
            else " (e.g. CN-JS; its name typed in the editor stores its code)"
        yield Problem("patient.subdivision", f"'{sub}' is not a first-level ISO 3166-2 code"
                                             + also)
    elif sub and p.country and not sub.startswith(f"{p.country.strip().upper()}-"):
        yield Problem("patient.subdivision", f"Subdivision {sub} is not in country {p.country}")


def _country(value: str | None) -> Iterator[Problem]:
    """A warning, not an error: a stored value that is not a country stays readable (and
    savable) until it is corrected."""
    text = (value or "").strip()
    countries = vocabulary("country")
    if not text or text in countries:
        return
    named = countries.named(text)
    if named is not None:
        message = (f"Country: '{text}' is {named.label}; store its ISO 3166-1 code "
                   f"{named.code}")
    else:
        message = (f"Country: '{text}' is not a country; enter an ISO 3166-1 country, by "
                   "code or name (e.g. CN or China)")
    yield Problem("patient.country", message, severity="warning")


@rule("V59", title="Figures are de-identified PNG/JPEG/TIFF images or PDFs, no faces")
def attachments(ctx: RuleContext) -> Iterator[Problem]:
    for i, a in enumerate(ctx.case.attachments):
        path = f"attachments[{i}]"
        if a.media_type == "application/dicom":
            yield Problem(f"{path}.media_type", "DICOM files are not accepted: export a PNG, "
                                                "JPEG or TIFF with the metadata removed")
        elif a.media_type not in ATTACHMENT_TYPES:
            yield Problem(f"{path}.media_type", "Figures must be PNG, JPEG or TIFF images "
                                                "or PDF documents")
        if not a.deidentified or a.metadata_stripped is not True:
            yield Problem(f"{path}.metadata_stripped", "The image's metadata (EXIF/XMP) must be "
                          "stripped and the image de-identified")
        if a.no_full_face_attested is not True:
            yield Problem(f"{path}.no_full_face_attested", "Tick 'Attested: no face, no "
                          "burned-in identifier' once you have checked that the image shows no "
                          "face and carries no name, record number or date of birth; until then "
                          "it is left out of every de-identified output")


@rule("V60", severity="warning", title="Rare combination: an extreme age (≥90 or under 1 "
                                       "year) with a subdivision (§9.2)")
def rare_combination(ctx: RuleContext) -> Iterator[Problem]:
    """Safe Harbor's "no actual knowledge" (§9.2): few patients of 90 or over, or under one
    year, live in one state or province, so the two together can identify the patient. The
    age is the one the app derives at Day 0 (typed, or from the birth date). An unusual
    occupation, a celebrity or a named event is not checked: the occupation is an ISCO-08
    major group (none is rare) and no scan tells a celebrity or an event without false alarms."""
    sub = rare_subdivision(ctx.case, ctx.derived.age)
    if sub is None or ctx.derived.age is None:
        return
    yield Problem(RARE_PATH, f"Rare combination: {_age_words(ctx.derived.age)} with the "
                  f"subdivision {_place(sub)} can identify the patient. Generalize (clear the "
                  "subdivision; the country stays), or confirm with a reason that it may be "
                  "published; until then de-identified PDFs and the kit leave the subdivision "
                  "out, and a de-identified dataset export stops at it",
                  overridable=True, match=sub)


def rare_subdivision(case: Case, age: Age | None) -> str | None:
    """The subdivision that an extreme age at Day 0 makes a rare combination (rule V60),
    whether or not it was confirmed; None when there is none."""
    sub = (case.patient.subdivision or "").strip()
    if not sub or age is None or not (age.top_coded or age.years < 1):
        return None
    return sub


def rare_confirmed(case: Case, sub: str) -> bool:
    """Whether a V60 override confirms the combination with this subdivision."""
    return any(o.rule_id == "V60" and o.path == RARE_PATH and o.match == sub
               for o in case.overrides or [])


def _age_words(age: Age) -> str:
    if age.top_coded:
        words = "an age at Day 0 of 90 or over"
    elif age.months is not None:
        words = f"an age at Day 0 of {age.months} month{'s' if age.months != 1 else ''}"
    else:
        words = "an age at Day 0 under 1 year"
    return words + (" (from the birth date)" if age.source == "birth_date" else "")


def _place(sub: str) -> str:
    label = vocabulary("subdivision").label(sub.upper())
    return f"{sub} ({label})" if label else f"'{sub}'"
