"""A finding's rule as a clinician reads it. The clinical rules' ids (V03, CARE 5b, ENGINE)
are shown: the README and the PDF name them. The editor's own tags are not: "INPUT" (text a
field could not store), "REQUIRED" (a field to fill before Complete), "KIT" (a submission-kit
check) and "MODEL" (a value the case record cannot hold) stay in ``Finding.rule_id`` for
sorting, counting and telling findings apart, and the message says what is wrong in words,
led by the field's label."""

from __future__ import annotations

# the editor's tags, and what each means, for a tooltip or a screen reader
TAG_WORDS = {"INPUT": "typed text the field could not store",
             "REQUIRED": "to fill before Complete",
             "KIT": "submission kit check",
             "MODEL": "a value the case record cannot hold"}


def shown_rule(rule_id: str) -> str:
    """The rule id as shown: "" for the editor's own tags (INPUT, REQUIRED, KIT, MODEL)."""
    return "" if rule_id in TAG_WORDS else rule_id


def rule_words(rule_id: str) -> str:
    """The rule in words for a tooltip: "rule V03", or what an editor's tag means."""
    return TAG_WORDS.get(rule_id) or f"rule {rule_id}"


def with_rule(rule_id: str, message: str) -> str:
    """``message`` led by its rule: "V03: Entered BSA …", or the message alone for a tag
    ("Anchor year: 'abc' is not a number", not "INPUT: Anchor year: …") and for a message that
    starts with its rule ("CARE 8a Diagnostic methods: …", not "CARE 8a: CARE 8a …")."""
    shown = shown_rule(rule_id)
    if not shown or message.startswith(f"{shown} "):  # "CARE 8a Diagnostic methods: …" once
        return message
    return f"{shown}: {message}"
