"""Case-level sections: case report, patient, history, findings, timeline, outcome, consent."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from core.model.base import BOOKKEEPING, DerivedValue, F, Facet, Record
from core.model.when import When, WhenField

# The validation context of values typed or imported (not of stored cases, which keep
# loading as they were stored): Case.model_validate(obj, context=INPUT).
INPUT = {"input": True}
# What an age at Day 0 can be (rule V01): the form and the age: filter refuse other ages. The
# field itself is not bounded, so a stored or imported case with another age still opens and
# V01 lists it.
AGE_YEARS = (0, 120)

TimelineType = Literal[
    "diagnosis", "phase_change", "relapse", "cns_involvement", "treatment_start",
    "treatment_end", "response", "assessment", "adverse_event", "hsct", "death",
    "last_follow_up", "other",
]


class SourcePublication(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    doi: str | None = F("DOI")
    pmid: str | None = F("PMID")
    citation: str | None = F("Citation")
    case_label_in_source: str | None = F("Case label in source")


class CaseReport(Record):
    """CARE items 1-4 and 11, plus the case's classification systems and Day 0."""

    title: str | None = F("Title", req="R", max_length=250,
                          help="CARE 1: the words 'case report' and the focus of the case")
    keywords: list[str] = F("Keywords", default_factory=list, req="R", help="CARE 2: 2 to 5 keywords")
    abstract_introduction: str | None = F("Abstract: introduction", narrative=True)
    abstract_presentation: str | None = F("Abstract: presentation", narrative=True)
    abstract_conclusion: str | None = F("Abstract: conclusion", narrative=True)
    introduction: str | None = F("Introduction", narrative=True)
    discussion: str | None = F("Discussion", narrative=True)
    take_away: str | None = F("Take-away lessons", narrative=True)
    day0: WhenField | None = F("Day 0 date", help="Calendar date of the index diagnosis, if known")
    day0_definition: str | None = F("Day 0 definition", req="R",
                                    help="e.g. diagnosis of CML in lymphoid blast phase")
    anchor_year: int | None = F("Anchor year", ge=1900, le=2100)
    disease_classification_system: Literal[
        "WHO-HAEM5-2022", "ICC-2022", "WHO-2016-revised", "other"] | None = F(
        "Disease classification", default="WHO-HAEM5-2022", req="R")
    cns_classification_system: Literal["COG-NCCN", "StJude-CNS1-3"] | None = F(
        "CNS classification", default="COG-NCCN", req="R")
    response_criteria_system: Literal["NCCN-ALL", "CIBMTR", "ELN-CML-2020", "other"] | None = F(
        "Response criteria", default="NCCN-ALL", req="R")
    ae_grading_system: Literal["CTCAE-5.0"] | None = F("AE grading", default="CTCAE-5.0", req="R")
    adverse_events_status: Literal["recorded", "none", "not_reported"] | None = F(
        "Adverse events", req="R", help="recorded, none, or not reported")
    schema_version: str | None = F("Record schema version", default="1.0.0", role=BOOKKEEPING)
    source_publication: SourcePublication | None = F("Source publication")

    @field_validator("day0")
    @classmethod
    def _day0_is_a_calendar_date(cls, value: When | None, info: ValidationInfo) -> When | None:
        """Day 0 is the anchor of every day number: typed or imported, it is a calendar date
        (a stored day number, from before this check, is listed by rule V06 instead)."""
        if value is not None and value.is_day and (info.context or {}).get("input"):
            raise ValueError(day0_relative_message(value))
        return value


def day0_relative_message(value: When) -> str:
    return f"Day 0 date: '{value.display()}' counts from Day 0 itself; enter a calendar date"


class Patient(Record):
    """CARE 5a: de-identified demographics, plus optional local identifiers."""

    DERIVED = (DerivedValue("age", "Age", in_json=False, shown=False),  # in the form only
               DerivedValue("bsa_m2", "BSA (Mosteller)", beside="bsa_m2", in_json=False,
                            shown=False))

    name: str | None = F("Patient name", identifier=True,
                         help="Optional, for your own use; never in de-identified output")
    record_number: str | None = F("Hospital record number", identifier=True)
    birth_date: WhenField | None = F("Birth date", identifier=True)
    age_at_day0: int | None = F("Age at Day 0", unit="years", req="R", facet=Facet(
        "age", "number", help="age at Day 0 in years (age:18..40, age:<18)", label="Age",
        hint="from (years)", unit="a"))
    age_at_day0_months: int | None = F("Age in months", unit="months", ge=0, le=23)
    age_top_coded: bool | None = F("Age top-coded (≥90)")
    sex: Literal["female", "male", "other", "unknown"] | None = F("Sex", req="R", facet=Facet(
        "sex", help="sex (sex:f, sex:m)", choices=("f", "m"), use="f, m, other or unknown",
        values={"f": "female", "w": "female", "female": "female", "woman": "female",
                "m": "male", "male": "male", "man": "male", "o": "other", "other": "other",
                "u": "unknown", "unknown": "unknown"}))
    ethnicity: str | None = F("Ethnicity", vocab="ethnicity")
    country: str | None = F("Country", help="ISO 3166-1 alpha-2", vocab="country")
    subdivision: str | None = F("Subdivision", help="First-level ISO 3166-2 code only (DE-BY); "
                                "in the editor, its name (Bavaria) stores the code")
    occupation_category: str | None = F("Occupation (ISCO-08 major group)")
    weight_kg: float | None = F("Weight", unit="kg")
    height_cm: float | None = F("Height", unit="cm")
    bsa_m2: float | None = F("BSA (measured/override)", unit="m²",
                             help="Leave empty to use the Mosteller value")
    bsa_method: str | None = F("BSA method")
    ecog: int | None = F("ECOG", ge=0, le=5)
    karnofsky: int | None = F("Karnofsky", ge=0, le=100)
    lansky: int | None = F("Lansky play-performance", ge=0, le=100,
                           help="Under 16 years: 0-100 in steps of 10", facet=Facet(
                               "lansky", "number", help="Lansky play-performance score "
                               "(lansky:<=50, lansky:80..100)"))
    pregnancy_status: Literal["pregnant", "not_pregnant", "unknown"] | None = F("Pregnancy")


class HistoryItem(Record):
    kind: Literal["comorbidity", "prior_malignancy", "prior_therapy", "family_history",
                  "psychosocial", "germline_genetic", "allergy", "medication"] | None = F(
        "Kind", pdf=1, req="R")
    description: str | None = F("Description", pdf=2, req="R", narrative=True)
    icd10: str | None = F("ICD-10", pdf=3, vocab="icd10")
    day: WhenField | None = F("When", pdf=4)


class ClinicalFinding(Record):
    kind: Literal["symptom", "exam"] | None = F("Kind", pdf=2, req="R")
    finding: str | None = F("Finding", pdf=3, req="R", vocab="finding")
    day: WhenField | None = F("When", pdf=1, req="R")
    value: float | None = F("Value", pdf=4)
    unit: str | None = F("Unit")
    laterality: Literal["left", "right", "bilateral", "midline"] | None = F("Laterality", pdf=5)


class TimelineEvent(Record):
    """A manually entered timeline event (automatic ones are derived, never stored)."""

    DERIVED = (DerivedValue("ref_table", "Source table", shown=False),  # of automatic events
               DerivedValue("ref_id", "Source id", shown=False))

    day: WhenField | None = F("When", req="R")
    event_type: TimelineType | None = F("Event type", req="R")
    label: str | None = F("Label", req="R", max_length=120)
    auto: bool = F("Automatic", default=False, role=BOOKKEEPING)


class Outcome(Record):
    DERIVED = (DerivedValue("follow_up_duration_days", "Follow-up (days)"),)

    vital_status: Literal["alive", "dead", "unknown"] | None = F("Vital status", req="R")
    last_follow_up_day: WhenField | None = F("Last follow-up")
    last_known_alive_day: WhenField | None = F("Last known alive")
    death_day: WhenField | None = F("Death")
    cause_of_death: Literal["disease", "infection", "GVHD", "treatment_related_other",
                            "other", "unknown"] | None = F("Cause of death")
    disease_status_at_last_contact: Literal[
        "CR_MRD_negative", "CR_MRD_positive", "CR_MRD_unknown", "CRi_CRh", "active_disease",
        "relapse", "unknown"] | None = F("Disease status at last contact", req="R")
    cns_status_at_last_contact: Literal["CNS1", "CNS2", "CNS3", "unknown"] | None = F(
        "CNS status at last contact")
    subsequent_relapse: Literal["yes", "no", "unknown"] | None = F("Subsequent relapse")


class PatientPerspective(Record):
    collected: Literal["yes", "declined", "not_asked"] | None = F("Collected")
    text: str | None = F("Patient perspective", narrative=True)


# The consent statuses that document consent for publication (rule V56): the one definition,
# read by the rule, the PDF's banner, the kit, the CARE check and the exports' notice.
CONSENT_DOCUMENTED = frozenset({"obtained", "waived_by_ethics_committee"})


class Consent(Record):
    status: Literal["obtained", "waived_by_ethics_committee", "not_obtained"] | None = F(
        "Consent status", req="R")
    form: Literal["written", "verbal_documented"] | None = F("Form")
    signed_by: Literal["patient", "parent_guardian", "legal_representative",
                       "next_of_kin"] | None = F("Signed by")
    ethics_reference: str | None = F("Ethics reference")
    includes_images: bool | None = F("Includes images")
    consent_year: int | None = F("Consent year", ge=1900, le=2100)
    statement: str | None = F("Consent statement", narrative=True,
                              help="As printed in the manuscript, e.g. 'Written informed consent "
                                   "was obtained from the patient for publication.'")


class Attachment(Record):
    """A figure or document attached to the case. The file itself is kept in the data folder
    under its SHA-256 (content-addressed, metadata stripped on the way in); the record holds
    what the manuscript needs: figure number, legend, what it shows, and the attestation."""

    kind: Literal["mri_image", "smear_image", "flow_plot", "chart", "photo", "histology",
                  "imaging", "document", "other"] | None = F("Kind", pdf=2, req="R")
    figure_number: int | None = F("Figure", pdf=1, ge=1, le=99,
                                  help="Its number in the manuscript (Figure 1, 2...)")
    caption: str | None = F("Legend", pdf=3, narrative=True,
                            help="The figure legend as printed under the figure")
    day: WhenField | None = F("Shows (when)", pdf=4, help="The day or event the figure shows")
    shows_event: str | None = F("Shows (event)", help="e.g. MRI at CNS relapse")
    file_sha256: str | None = F("File SHA-256", role=BOOKKEEPING)
    file_name: str | None = F("Original file name", identifier=True,
                              help="Kept for your own use; never in de-identified output")
    byte_size: int | None = F("Size", unit="bytes", ge=0, role=BOOKKEEPING)
    width_px: int | None = F("Width", unit="px", ge=0, role=BOOKKEEPING)
    height_px: int | None = F("Height", unit="px", ge=0, role=BOOKKEEPING)
    deidentified: bool = F("De-identified", default=True)
    media_type: Literal["image/png", "image/jpeg", "image/tiff", "application/pdf",
                        "application/dicom", "other"] | None = F(
        "File type", help="PNG, JPEG, TIFF or PDF; DICOM is rejected (V59)")
    metadata_stripped: bool | None = F("Metadata stripped",
                                       help="EXIF/XMP removed (the app rewrites the file)")
    no_full_face_attested: bool | None = F(
        "Attested: no face, no burned-in identifier",
        help="Your attestation that the image shows no face and carries no burned-in "
             "identifier (name, record number, date of birth); without it the figure never "
             "goes into a de-identified output")


class Author(Record):
    """An author of the case report, in byline order (the manuscript's title page)."""

    name: str | None = F("Name", pdf=1, req="R", col=1, help="As printed, e.g. Jane Q. Smith")
    degrees: str | None = F("Degrees", help="e.g. MD, PhD")
    affiliations: str | None = F("Affiliations", pdf=2, req="R", col=2,
                                 help="Department, institution, city, country; several "
                                      "separated by ';'")
    orcid: str | None = F("ORCID", pdf=3,
                          help="e.g. 0000-0002-1825-0097")
    email: str | None = F("E-mail", help="Required for the corresponding author")
    corresponding: bool | None = F("Corresponding author", pdf=4)
    contribution: str | None = F("Contribution", help="e.g. CRediT roles: Conceptualization, "
                                                      "Writing - original draft")


class Reference(Record):
    """A bibliographic reference, cited in any narrative field as ``[@key]`` and numbered in
    order of first citation (Vancouver style)."""

    key: str | None = F("Key", col=1, req="R",
                        help="Cite it in any text as [@key], e.g. [@smith2021]")
    authors: str | None = F("Authors", col=2, help="Vancouver: Smith J, Lee K, Chan A, et al.")
    title: str | None = F("Title", col=3)
    journal: str | None = F("Journal", help="NLM abbreviation, e.g. Blood Adv")
    year: int | None = F("Year", ge=1800, le=2100)
    volume: str | None = F("Volume")
    issue: str | None = F("Issue")
    pages: str | None = F("Pages", help="e.g. 1234-41 or e123")
    pmid: str | None = F("PMID")
    doi: str | None = F("DOI", help="e.g. 10.1182/blood.2020000000")
    citation: str | None = F("Citation", help="The whole citation, on one line (a line break "
                                              "or tab pasted becomes a space): References › "
                                              "Paste citation… (Ctrl+Shift+V) reads one "
                                              "NLM/Vancouver citation into the fields above")


class Statements(Record):
    """The manuscript's declarations (the consent statement is on Consent)."""

    funding: str | None = F("Funding", narrative=True,
                            help="e.g. 'This work received no specific funding.'")
    conflicts_of_interest: str | None = F("Conflicts of interest", narrative=True)
    ethics_approval: str | None = F("Ethics approval", narrative=True,
                                    help="Committee and reference, or why approval was not "
                                         "required")
    acknowledgements: str | None = F("Acknowledgements", narrative=True)
    data_availability: str | None = F("Data availability", narrative=True)


class RuleOverride(BaseModel):
    """A clinician's confirmation that an overridable rule finding does not apply here.

    ``match`` narrows it to one hit of a text scan (V57: the text confirmed as not an
    identifier)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    rule_id: str = Field(pattern=r"^V\d{2}$")
    path: str
    reason: str = Field(min_length=1)
    match: str | None = None
