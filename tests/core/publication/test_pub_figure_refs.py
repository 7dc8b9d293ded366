"""Figure references in the narrative follow the kit's figure numbers
(core.publication.figure_refs): renumbered, dropped when left out, ranges compressed again."""

from __future__ import annotations

import pytest

from core.publication.figure_refs import (
    LEFT_OUT,
    LEFT_OUT_MANY,
    renumber_figures,
    renumber_figures_counted,
)

# three figures, the middle one left out: 1 stays 1, 3 becomes 2
MIDDLE_OUT = {1: 1, 2: None, 3: 2}


@pytest.mark.parametrize(("text", "expected"), [
    ("Figure 3", "Figure 2"),
    ("Fig. 3", "Fig. 2"),
    ("Fig.3", "Fig.2"),
    ("fig 3", "fig 2"),
    ("FIGURE 3", "FIGURE 2"),
    ("figure\u00a03", "figure\u00a02"),
    ("as shown in Figure 3.", "as shown in Figure 2."),
    ("(Figure 3)", "(Figure 2)"),
    ("Figure 3A", "Figure 2A"),
    ("Fig. 3b shows", "Fig. 2b shows"),
    ("Figure 3A-C", "Figure 2A-C"),
    ("Figure 3A\u20133C", "Figure 2A\u20132C"),
    ("Figs. 3A and B", "Figs. 2A and B"),
    ("Figures 1 and 3", "Figures 1 and 2"),
    ("Figures 1A and 3B", "Figures 1A and 2B"),
    ("Figs 1 & 3", "Figs 1 & 2"),
    ("Figures 1 or 3", "Figures 1 or 2"),
    ("Figs. 1-3", "Figs. 1 and 2"),
    ("Figs. 1\u20133", "Figs. 1 and 2"),
    ("Figures 1 - 3", "Figures 1 and 2"),
    ("Figures 1 to 3", "Figures 1 and 2"),
    ("Figures 1, 2, and 3", "Figures 1 and 2"),
    ("Figures 1, 2 and 3", "Figures 1 and 2"),
    ("Figure 1", "Figure 1"),
    ("Figure 2", LEFT_OUT),
    ("(Figure 2)", LEFT_OUT),
    ("(see Fig. 2B)", f"(see {LEFT_OUT})"),
    ("Figure 2 shows the smear.", f"{LEFT_OUT} shows the smear."),
    ("Figures 2 and 3", "Figure 2"),
    ("Figs. 1 and 2", "Fig. 1"),
    ("Figures 2-3", "Figure 2"),
])
def test_references_follow_the_new_numbers(text, expected):
    assert renumber_figures(text, MIDDLE_OUT) == expected


@pytest.mark.parametrize("text", [
    "2 figures were taken",
    "Table 2 and Table 3",
    "The figure shows blasts",
    "Figure legends",
    "Figure 2.1 of the guideline",
    "Supplementary Figure 3",
    "Suppl. Fig. 3",
    "configures 3 lines",
    "Figure 12",
    "Figure 7",  # not a figure of the case: as typed
    "",
])
def test_other_numbers_and_words_are_not_touched(text):
    assert renumber_figures(text, MIDDLE_OUT) == text


def test_a_range_compresses_again_after_renumbering():
    four = {1: 1, 2: 2, 3: None, 4: 3, 5: 4}
    assert renumber_figures("Figures 1-5", four) == "Figures 1-4"
    assert renumber_figures("Figures 1\u20134", four) == "Figures 1\u20133"
    # three in a row after renumbering: a range (an en dash when none was typed)
    assert renumber_figures("Figures 2, 4 and 5", four) == "Figures 2\u20134"
    assert renumber_figures("Figs. 1, 2, 4", four) == "Figs. 1\u20133"
    assert renumber_figures("Figures 1, 4", four) == "Figures 1 and 3"
    assert renumber_figures("Figures 1 to 5", four) == "Figures 1 to 4"
    assert renumber_figures("figures 2 TO 5", four) == "figures 2 TO 4"


def test_every_figure_of_a_list_left_out_reads_figures_left_out():
    gone = {1: None, 2: None, 3: 1}
    assert renumber_figures("Figures 1 and 2", gone) == LEFT_OUT_MANY
    assert renumber_figures("(Figs. 1-2)", gone) == LEFT_OUT_MANY
    assert renumber_figures("Figures 1-3", gone) == "Figure 1"


def test_a_singular_word_takes_a_range_but_not_a_list():
    assert renumber_figures("Figure 3, 2 days later", MIDDLE_OUT) == "Figure 2, 2 days later"
    assert renumber_figures("Figure 3 and 4 patients", MIDDLE_OUT) == "Figure 2 and 4 patients"
    assert renumber_figures("Fig. 1-3", MIDDLE_OUT) == "Fig. 1 and 2"


def test_gaps_in_an_identified_kit_are_closed():
    gaps = {1: 1, 3: 2, 7: 3}
    assert renumber_figures("Figures 3 and 7; Fig. 1", gaps) == "Figures 2 and 3; Fig. 1"


def test_unchanged_numbers_leave_the_text_as_typed():
    same = {1: 1, 2: 2, 3: 3}
    for text in ("Figures 1, 2 and 3", "Figs. 1-3", "Figure 2A"):
        done = renumber_figures_counted(text, same)
        assert (done.text, done.changed) == (text, 0)
    assert renumber_figures("Figure 3", {}) == "Figure 3"


def test_a_long_or_backwards_range_is_left_as_typed():
    assert renumber_figures("Figures 3-1", MIDDLE_OUT) == "Figures 3-1"
    assert renumber_figures("Figures 1-300", MIDDLE_OUT) == "Figures 1-300"


def test_the_count_is_of_references_rewritten():
    done = renumber_figures_counted("Figure 1, then Figure 3 and Fig. 2; Table 3.", MIDDLE_OUT)
    assert done.text == f"Figure 1, then Figure 2 and {LEFT_OUT}; Table 3."
    assert done.changed == 2


def test_several_references_in_one_text():
    text = ("The smear (Figure 1) and MRI (Figs. 2 and 3) show it; see also Figures 1-3 and "
            "figure 3A.")
    assert renumber_figures(text, MIDDLE_OUT) == (
        "The smear (Figure 1) and MRI (Fig. 2) show it; see also Figures 1 and 2 and "
        "figure 2A.")


def test_a_range_over_a_gap_names_the_figures_the_case_has():
    gaps = {1: 1, 3: 2, 4: 3}  # the case has Figures 1, 3 and 4
    assert renumber_figures("Figures 1-3", gaps) == "Figures 1 and 2"
    assert renumber_figures("Figures 1-4", gaps) == "Figures 1-3"
    assert renumber_figures("Figures 3 and 3A", gaps) == "Figures 2 and 2A"
    assert renumber_figures("Figures 3, 4 and 3", gaps) == "Figures 2 and 3"
