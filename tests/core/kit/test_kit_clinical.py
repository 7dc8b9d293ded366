"""The kit's manuscript carries the clinical content the PDF case summary carries (a
hematologist's check of reference cases 1 and 2 against the PDF): the PDF's own rows, read back
from the DOCX with python-docx."""

from __future__ import annotations

import pytest

from tests.core.kit.manuscript_text import manuscript_text, reference_case


@pytest.fixture(scope="module")
def case_1():
    return manuscript_text(reference_case(0))


@pytest.fixture(scope="module")
def case_2():
    return manuscript_text(reference_case(1), deidentified=True)


def test_the_immunophenotype_table_as_the_pdf_has_it(case_1):
    rows = case_1.tables["Immunophenotype."]
    assert rows[0] == ["When", "Specimen, method", "Blast gate (%)", "EGIL subgroup",
                       "Markers (% positive)"]
    first = rows[1]
    assert first[:4] == ["d0\u00a0†", "BM, flow cytometry", "68.5", "B-II common"]
    assert first[4].startswith("CD19+ (98%), CD10+ (85%), CD22+ (90%)")
    assert ["d197\u00a0†", "CSF, flow cytometry", "85", "NA"] in [r[:4] for r in rows]
    captions = list(case_1.tables)  # after the marrow, before the cytogenetics, as in the PDF
    assert captions.index("Bone marrow assessments.") + 1 == captions.index("Immunophenotype.")


@pytest.mark.parametrize("case", ["case_1", "case_2"])
def test_the_outcome_gives_the_follow_up_as_the_pdf_outcome_table(case, request):
    text = request.getfixturevalue(case)
    alive = {"case_1": "d229", "case_2": "d204"}[case]
    outcome = [p for p in text.paragraphs if p.startswith("Outcome: ")]
    assert outcome == ["Outcome: vital status: unknown; last known alive: "
                       f"{alive}\u00a0†; disease status at last contact: CR, MRD "
                       "negative\u00a0†; CNS status at last contact: CNS1; subsequent "
                       "relapse: unknown."]
    after = text.paragraphs[text.paragraphs.index(outcome[0]) + 1]
    assert after == "† placeholder values (synthetic, not patient data)."


def test_the_crs_details_the_pdf_gives_follow_the_adverse_events(case_2):
    crs = [p for p in case_2.paragraphs if p.startswith("CRS (")]
    assert len(crs) == 1
    assert crs[0].startswith("CRS (Cytokine release syndrome, d175): ASTCT 2019 grade 1. Max "
                             "temperature: 38.6")
    assert "hypotension: none; hypoxia: none; tocilizumab doses: 0" in crs[0]
    # after the adverse-event table and its notes, before the outcome
    at = case_2.paragraphs.index(crs[0])
    assert case_2.paragraphs[at + 1].startswith("Outcome: ")
    caption = next(p for p in case_2.paragraphs if p.endswith(". Adverse events."))
    assert case_2.paragraphs.index(caption) < at
    assert all(p.startswith(("†", "¹", "²")) for p in
               case_2.paragraphs[case_2.paragraphs.index(caption) + 1:at])


def test_the_csf_table_gives_each_sample_its_derived_cns_status(case_2):
    rows = case_2.tables["Cerebrospinal fluid and CNS status."]
    assert rows[0][-1] == "CNS status (sub-category), derived"
    assert [(r[0], r[-1]) for r in rows[1:]] == [
        ("d4\u00a0†", "CNS1"), ("d25\u00a0†", "CNS1"), ("d169\u00a0†\u00a0¹", "CNS3 (CNS3a)"),
        ("d189\u00a0†", "CNS1"), ("d204\u00a0†", "CNS1")]


@pytest.mark.parametrize(("case", "relapse"), [
    ("case_1", ["relapse diagnosis, d196", "CNS3", "CNS3a", "CSF d197: CNS3 (CNS3a)"]),
    ("case_2", ["relapse diagnosis, d168", "CNS3", "CNS3a, CNS3c", "CSF d169: CNS3 (CNS3a); "
                "imaging d170: parenchymal nodular enhancement (clinical sign, CNS3c)"])])
def test_the_cns_status_of_each_episode_as_the_pdf_derives_it(case, relapse, request):
    text = request.getfixturevalue(case)
    rows = text.tables["CNS status of each episode (derived)."]
    assert rows[0] == ["Episode", "CNS status", "Sub-category", "Basis"]
    assert rows[1][:3] == ["initial diagnosis, d0", "CNS1", ""]
    assert rows[2] == relapse
    captions = list(text.tables)  # after the imaging, as in the PDF
    assert captions.index("Neuroimaging.") + 1 == captions.index(
        "CNS status of each episode (derived).")
    assert any(p.startswith("The worst CNS status among the CSF samples") for p in
               text.paragraphs)
    if case == "case_2":  # the parenchymal involvement (CNS3c) is said in the manuscript
        assert "CNS3c" in text.all


def test_a_records_note_is_its_rows_numbered_footnote_as_in_the_pdf(case_1):
    """Reference case 1's d30 marrow CR is inferred, not reported: its row carries footnote 1
    and the note follows the table (it read as reported)."""
    rows = case_1.tables["Responses."]
    assert rows[1][:4] == ["d30\u00a0¹", "1", "marrow", "CR (unconfirmed)"]
    assert rows[2][0] == "d30\u00a0†"  # no note: no number
    paragraphs = case_1.paragraphs
    note = "¹ A first remission is implied by the reported 'bone marrow relapse'."
    assert note in paragraphs
    caption = next(p for p in paragraphs if p.endswith(". Responses."))
    # under the table: its placeholder note, then the numbered note
    assert paragraphs[paragraphs.index(caption) + 1:paragraphs.index(caption) + 3] == [
        "† placeholder values (synthetic, not patient data).", note]
    lines = case_1.tables["Line 3: blinatumomab monotherapy (cycle 1) + CNS-directed triple IT, "
                          "drugs."]
    assert [r[0] for r in lines[1:] if "¹" in r[0] or "²" in r[0] or "³" in r[0]] == [
        "blinatumomab (L01FX07)\u00a0†\u00a0¹", "dexamethasone (H02AB02)\u00a0†\u00a0²",
        "dexamethasone (H02AB02)\u00a0†\u00a0³"]
    assert "² Label premedication 1 h before cycle start and before step dose (cycle day 8)" \
        in paragraphs


def test_the_patient_and_consent_notes_the_pdf_prints(case_1):
    paragraphs = case_1.paragraphs
    who = next(p for p in paragraphs if p.startswith("The patient was a"))
    assert paragraphs[paragraphs.index(who) + 2] == (
        "Age, sex, ethnicity, anthropometrics, ECOG are not given in the abstract.")
    assert paragraphs[paragraphs.index("Declarations") - 1].startswith(
        "Frontiers case reports require a consent statement")


def test_an_inferred_imaging_study_says_so(case_2):
    rows = case_2.tables["Neuroimaging."]
    assert [r[0] for r in rows[1:]] == ["d170\u00a0†\u00a0¹", "d203\u00a0†\u00a0²"]
    assert "² Inferred from the reported CNS complete remission in a patient with parenchymal " \
           "involvement." in case_2.paragraphs


def test_the_kits_notes_name_every_section_that_says_not_reported(kit_1):
    """The kit's 'Still to do' list (its notes) named the missing statements and authors but
    not the Abstract or Discussion the manuscript printed as "Not reported."."""
    from docx import Document

    paragraphs = [p.text for p in Document(str(kit_1.folder / "manuscript.docx")).paragraphs]
    headings = [p.text for p in Document(str(kit_1.folder / "manuscript.docx")).paragraphs
                if p.style.name == "Heading 1"]
    empty = [h for h in headings if paragraphs[paragraphs.index(h) + 1] == "Not reported."]
    assert empty == ["Abstract", "Discussion"]  # case 1 here has an introduction
    assert [n for n in kit_1.report.notes if n.startswith("Not reported in the manuscript")] == [
        "Not reported in the manuscript: Abstract, Discussion (each reads \"Not reported.\"): "
        "write them, or delete the headings the journal does not ask for."]


def test_a_case_without_introduction_gets_it_named_too(case_2):
    from core.kit import _not_reported

    assert case_2.manuscript.not_reported == ("Abstract", "Introduction", "Discussion")
    assert _not_reported(case_2.manuscript.not_reported)[0].startswith(
        "Not reported in the manuscript: Abstract, Introduction, Discussion (")
