"""Field editors, chosen by field kind (fields.FieldSpec): used by forms and table cells."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from core.model import MISSING_REASONS
from gui.editor import vocab_source
from gui.editor.fields import FieldSpec
from gui.editor.proposal_hint import follow_proposals
from gui.editor.values import (
    MISSING_TEXT,
    NO,
    SEPARATOR,
    YES,
    code_words,
    enum_label,
    takes_days,
)
from gui.editor.widgets.choice_box import ChoiceBox
from gui.editor.widgets.line_field import FieldLine, NarrativeEdit
from gui.editor.widgets.vocab_picker import VocabPicker
from gui.editor.widgets.when_edit import WhenEdit, when_hint
from gui.no_wheel import no_wheel

FieldEditor = FieldLine | NarrativeEdit | ChoiceBox

PLACEHOLDERS = {"int_list": "e.g. 2, 9, 16", "text_list": "items separated by ;",
                "enum_list": "items separated by ;", "int": "number", "float": "number"}

# (placeholder, tooltip) of a vocabulary field whose list holds names, not codes: "type a
# code" would mislead there (Ethnicity is self-reported: the list's names or any words)
NAMED_LISTS = {
    "ethnicity": ("East Asian, White… or own words",
                  "Self-reported: a name from the list (East Asian, South Asian, White, Black, "
                  "Hispanic or Latino, Mixed, Other…; Ctrl+Space lists them all) or the "
                  "patient's own words"),
}


def make_editor(spec: FieldSpec, date_format: str | None, parent: QWidget | None = None,
                *, in_table: bool = False) -> FieldEditor:
    """The editor widget for a field (in a form, or as a table-cell editor)."""
    editor = _make(spec, date_format, parent, in_table)
    editor.base_tip = field_hint(spec, date_format)
    editor.setToolTip(editor.base_tip)
    return editor


def field_hint(spec: FieldSpec, date_format: str | None) -> str:
    """What to type in a field (its help, the date forms with the user's own, how to separate
    list items): the same hint for a form field and a table cell, under any message."""
    when = when_hint(date_format, days=takes_days(spec)) if spec.kind == "when" else ""
    tips = (spec.help, when, _list_tip(spec))
    return "\n".join(t for t in tips if t)


def _make(spec: FieldSpec, date_format: str | None, parent: QWidget | None,
          in_table: bool) -> FieldEditor:
    if spec.kind in ("enum", "bool"):
        labels = [_option_text(spec, o) for o in spec.options] if spec.kind == "enum" \
            else [YES, NO]
        short = {_option_text(spec, o): (*vocab_source.abbreviations(o), *_old_words(spec, o))
                 for o in spec.options} if spec.kind == "enum" else {}
        box = ChoiceBox(labels, parent, name=spec.label,
                        abbreviations={label: a for label, a in short.items() if a})
        no_wheel(box)  # the wheel scrolls the form, never changes the choice
        return box
    if spec.kind == "when":
        return WhenEdit(date_format, parent, days=takes_days(spec))
    if spec.kind == "narrative" and not in_table:
        return NarrativeEdit(parent)
    if spec.vocab and spec.kind in ("text", "coded"):
        picker = VocabPicker(spec.vocab, parent, name=spec.label)
        follow_proposals(picker)  # the status bar says how to take a proposal in place
        if spec.vocab == "subdivision":  # narrowed by the case's country
            picker.set_hint(f"a name or code (Bavaria, DE-BY); Ctrl+Space lists the "
                            f"{spec.scope}'s",
                            f"Type the name (Bavaria) or the ISO 3166-2 code (DE-BY); Ctrl+Space "
                            f"lists the names of the case's {spec.scope}'s subdivisions")
        elif spec.vocab in NAMED_LISTS:  # its entries are names, not codes
            picker.set_hint(*NAMED_LISTS[spec.vocab])
        return picker
    line = FieldLine(spec.kind, parent)
    if spec.kind in PLACEHOLDERS:
        line.setPlaceholderText(PLACEHOLDERS[spec.kind])
    return line


def _option_text(spec: FieldSpec, option: str) -> str:
    """An enum option as listed: with its vocabulary label when there is one."""
    label = vocab_source.label_of(spec.vocab, option) if spec.vocab else None
    return f"{option}{SEPARATOR}{label}" if label and label != option else enum_label(option)


def _old_words(spec: FieldSpec, option: str) -> tuple[str, ...]:
    """The code in words ("cns directed") where the listed words differ ("CNS-directed"):
    typed (by habit, or pasted from an older note), it still takes the value."""
    words, listed = code_words(option), _option_text(spec, option)
    return (words,) if " ".join(words.lower().split()) != " ".join(listed.lower().split()) \
        else ()


def _list_tip(spec: FieldSpec) -> str:
    if spec.kind == "enum_list":
        return "Choose from: " + ", ".join(enum_label(o) for o in spec.options) + \
            " (separate with ;)" + ("; 'none' for an empty list" if spec.optional else "")
    if spec.kind == "text_list":
        return "Separate items with ;" + ("; type 'none' for none" if spec.optional else "")
    if spec.kind == "int_list":
        # days or record ids, as the field's help says: "day numbers" misled in an id field
        return "Numbers separated by commas" + ("; 'none' for none" if spec.optional else "")
    return ""


def missing_reason_texts() -> list[str]:
    return [MISSING_TEXT[r] for r in MISSING_REASONS]


__all__ = ["ChoiceBox", "FieldEditor", "FieldLine", "NarrativeEdit", "VocabPicker", "WhenEdit",
           "field_hint", "make_editor", "missing_reason_texts"]
