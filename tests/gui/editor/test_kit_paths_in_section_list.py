"""Every place the submission kit's "Still to do" names starts from an entry of the editor's
section list, as that list shows it, and then the part's title its page shows (stranger test:
the kit said "Statements › Funding", but the section list has no Statements: it is a part of
"Authors & references"). The list's labels are read from the editor's SectionList widget."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QGroupBox, QLabel

from core.kit import _lacks
from core.model import Case
from core.services.demo import reference_cases
from gui.editor.section_list import MARKS

PLACE = re.compile(r"\(([^()]*(?:\([^()]*\))?[^()]*)\)\.$")  # "... (A › B › C)." at the end


def _shown_sections(editor) -> list[str]:
    marks = tuple(f"{m}  " for m in MARKS.values())
    names = []
    for i in range(editor.section_list.count()):
        text = editor.section_list.item(i).text()
        text = text[len(marks[0]):] if text.startswith(marks) else text
        names.append(text.split("  ⚠")[0])
    return names


def _page_texts(editor, name: str) -> set[str]:
    editor.section_list.setCurrentRow(_shown_sections(editor).index(name))
    page = editor.section_page(name)
    return {w.title() for w in page.findChildren(QGroupBox)} | {
        w.text() for w in page.findChildren(QLabel)}  # (a field's & marks its Alt key)


def test_every_kit_place_is_a_section_of_the_list(editor):
    shown = _shown_sections(editor)
    assert "Authors & references" in shown and "Statements" not in shown
    empty = Case.model_validate({"case_id": "SYN-EMPTY", "case_report": {"title": "Empty"}})
    notes = [*_lacks(reference_cases()[0]), *_lacks(empty)]
    places = [m.group(1) for n in notes if (m := PLACE.search(n))]
    assert len(places) == len(notes), notes  # every note names its place
    assert "Authors & references › Statements › Funding" in places, places
    assert "Authors & references › Authors" in places, places
    for place in places:
        section, *rest = place.split(" › ")
        assert section in shown, (place, shown)
        if rest and len(set(place.split(" › "))) == len(place.split(" › ")) \
                and not rest[0].startswith("row "):
            texts = _page_texts(editor, section)
            assert any(rest[0] in t.replace("&", "") for t in texts), (place, sorted(texts)[:40])
