"""Keyboard mnemonics (Alt+letter) for form labels: one letter per label, no letter twice,
and none the window around the editor uses at the same time (its menus, side tabs, case list)."""

from __future__ import annotations

EDITOR_TABS = "pol"  # Problems, cOmpleteness, timeLine tabs
WINDOW_MENUS = "fecvh"  # File, Edit, Case, View, Help
CASE_LIST = "w"  # Sho&w trash
RESERVED = frozenset(EDITOR_TABS + WINDOW_MENUS + CASE_LIST)


class Mnemonics:
    def __init__(self, reserved: frozenset[str] = RESERVED) -> None:
        self.used: set[str] = set(reserved)

    def label(self, text: str) -> str:
        """``text`` with '&' before a free letter (word starts first), '&' escaped."""
        escaped = text.replace("&", "&&")
        for index in self._candidates(text):
            letter = text[index].lower()
            if letter.isalpha() and letter not in self.used:
                self.used.add(letter)
                pos = index + text[:index].count("&")
                return escaped[:pos] + "&" + escaped[pos:]
        return escaped

    @staticmethod
    def _candidates(text: str) -> list[int]:
        starts = [i for i, ch in enumerate(text) if ch.isalpha() and (i == 0 or not text[i - 1].isalnum())]
        return starts + [i for i in range(len(text)) if i not in starts]
