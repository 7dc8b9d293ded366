"""The kit says what its manuscript says (a stranger test of reference case 1): placeholder
values marked † with the PDF's note, and listed in the kit's notes; the consent note matches
the statement the manuscript made from the Consent fields; the CARE checklist lists an item
whose manuscript section says "Not reported" as not reported, with no page."""

from __future__ import annotations

from docx import Document

from core.kit.checklist import WHERE

NOTE = "† placeholder values (synthetic, not patient data)."


def _paragraphs(kit) -> list[tuple[str, str, bool]]:
    """(style, text, italic) of each paragraph of the manuscript."""
    doc = Document(str(kit.folder / "manuscript.docx"))
    return [(p.style.name, p.text, any(r.italic for r in p.runs)) for p in doc.paragraphs]


def test_placeholder_sentences_and_rows_are_marked_with_the_note(kit_1):
    paras = [text for _, text, _ in _paragraphs(kit_1)]
    who = next(p for p in paras if p.startswith("The patient was a"))
    assert who.startswith("The patient was a 34-year-old male\u00a0†;"), who
    assert paras[paras.index(who) + 1] == NOTE
    consent = paras[paras.index("Informed consent") + 1]
    assert consent == "Written informed consent for publication was obtained from the " \
                      "patient\u00a0†."
    assert paras[paras.index(consent) + 1] == NOTE
    outcome = next(p for p in paras if p.startswith("Outcome: "))
    assert "disease status at last contact: CR, MRD negative\u00a0†" in outcome
    assert "CNS status at last contact: CNS1;" in outcome  # not a placeholder field
    table = Document(str(kit_1.folder / "manuscript.docx")).tables[1]  # clinical findings
    assert all(row.cells[0].text.endswith("\u00a0†") for row in table.rows[1:])


def test_the_kit_notes_list_the_placeholders_and_the_generated_consent(kit_1):
    notes = kit_1.report.notes
    listed = [n for n in notes if n.startswith("Placeholder values present: ")]
    assert len(listed) == 1 and "Patient information" in listed[0]
    assert "Informed consent" in listed[0] and "(marked †)" in listed[0]
    assert not any("No consent statement" in n for n in notes), notes
    assert "Consent statement generated from the Consent section: check it (Consent › Consent " \
           "statement)." in notes


def test_a_typed_consent_statement_gets_no_consent_note(tmp_path):
    from tests.core.kit.test_kit_consent import kit_with_consent

    report, text = kit_with_consent(
        tmp_path, {"status": "obtained", "statement": "The patient consented in writing."})
    assert not any("onsent statement" in n for n in report.notes), report.notes
    assert "The patient consented in writing." in text.splitlines()  # entered: no mark


def test_the_checklist_says_not_reported_where_the_manuscript_does(kit_1):
    paras = _paragraphs(kit_1)
    empty = set()  # level-1 sections whose own text is the italic "Not reported."
    for i, (style, text, _) in enumerate(paras):
        if style == "Heading 1" and i + 1 < len(paras):
            _, body, italic = paras[i + 1]
            if body == "Not reported." and italic:
                empty.add(text)
    assert {"Abstract", "Discussion"} <= empty
    table = Document(str(kit_1.folder / "CARE-checklist.docx")).tables[0]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    for number, (section, _) in WHERE.items():
        if section in empty and number in rows:
            _, _, said, page = rows[number]
            assert said.startswith("Not reported") or "itself is not reported" in said, said
            assert not page or "itself is not reported" in said, (number, page)
    assert rows["3"][2:] == ["Not reported (nothing entered)", ""]
    assert "Missing" not in {r[2] for r in rows.values()}
