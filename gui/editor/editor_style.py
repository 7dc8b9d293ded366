"""The case editor's style sheet: problem borders, "missing" values, and a locked case's
read-only fields drawn to be read."""

from __future__ import annotations

STYLE = """
*[problem="error"] { border: 2px solid #c62828; border-radius: 2px; }
*[problem="warning"] { border: 2px solid #f9a825; border-radius: 2px; }
QLineEdit[missing="true"], QPlainTextEdit[missing="true"],
QComboBox[missing="true"] QLineEdit { color: #6b6b6b; font-style: italic; }
QLabel#Derived { color: #37474f; background: #eef1f4; padding: 4px; border-radius: 3px; }
QLabel#RecordProblems { color: #b71c1c; }
"""


# A locked case (gui.editor.read_only): the sections' fields are read-only, not disabled, so
# they are read, Tab-ed through and copied; they draw a grey field background and no typing
# hint (widgets.line_field.read_only_look). A part disabled for its own reason (a detail table
# with no row chosen above, a field with no record) keeps its values in the normal text colour,
# "missing" its grey, and no typing hint either ('if missing: why'), so it looks empty. Always
# in the style sheet: one set while read-only re-styled every field, half a second with all
# sections built.
READ_ONLY_STYLE = """
#Sections QLineEdit:disabled, #Sections QPlainTextEdit:disabled, #Sections QComboBox:disabled {
    placeholder-text-color: rgba(0, 0, 0, 0); }
#Sections QLineEdit:disabled, #Sections QPlainTextEdit:disabled, #Sections QLabel:disabled,
#Sections QAbstractItemView:disabled, #Sections QHeaderView:disabled,
#Sections QGroupBox:disabled, #Sections QComboBox:disabled,
#Sections QAbstractSpinBox:disabled { color: %s; }
#Sections QLineEdit[missing="true"]:disabled, #Sections QPlainTextEdit[missing="true"]:disabled,
#Sections QComboBox[missing="true"] QLineEdit:disabled { color: #6b6b6b; }
"""
