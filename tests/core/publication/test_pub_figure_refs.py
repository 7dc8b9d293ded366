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


# Figure 4 left out: 1 and 2 stay, 4 becomes 3
FOURTH = {1: 1, 2: 2, 3: None, 4: 3}


@pytest.mark.parametrize(("text", "numbers", "expected"), [
    # a number followed by a quantity ends the list before it: the clinical number stays
    ("Figures 1 and 3, 2 days later", MIDDLE_OUT, "Figures 1 and 2, 2 days later"),
    ("Figures 1 and 3, 2 and 3 days after admission", MIDDLE_OUT,
     "Figures 1 and 2, 2 and 3 days after admission"),
    ("Figures 1 and 2, 4 days later, the count recovered", FOURTH,
     "Figures 1 and 2, 4 days later, the count recovered"),
    ("Figures 1 and 4, 3 days apart", FOURTH, "Figures 1 and 3, 3 days apart"),
    ("Figure 1 to 3 weeks later", MIDDLE_OUT, "Figure 1 to 3 weeks later"),
    ("Figure 3 \u2013 4 weeks after induction", MIDDLE_OUT,
     "Figure 2 \u2013 4 weeks after induction"),
    ("Figure 2 to 4 weeks later", FOURTH, "Figure 2 to 4 weeks later"),
    ("Figures 1 and 3 & 2 others", MIDDLE_OUT, "Figures 1 and 2 & 2 others"),
    ("Figures 1 and 3, 2 mg daily", MIDDLE_OUT, "Figures 1 and 2, 2 mg daily"),
    ("Figures 1 and 3, 2% blasts", MIDDLE_OUT, "Figures 1 and 2, 2% blasts"),
    ("Figures 1 and 3, 2 \u00d7 10^9/L", MIDDLE_OUT, "Figures 1 and 2, 2 \u00d7 10^9/L"),
    ("Figures 1 and 3, 2 cycles", MIDDLE_OUT, "Figures 1 and 2, 2 cycles"),
])
def test_a_number_followed_by_a_quantity_is_not_swallowed(text, numbers, expected):
    assert renumber_figures(text, numbers) == expected


def test_a_range_cut_before_a_quantity_asks_for_a_check():
    done = renumber_figures_counted("Figure 3 \u2013 4 weeks after induction", MIDDLE_OUT)
    assert done.text == "Figure 2 \u2013 4 weeks after induction"
    assert done.checks == ('check: read as "Figure 3", since a number after it is a quantity: '
                           '"Figure 3 \u2013 4 weeks after induction"',)


@pytest.mark.parametrize(("text", "numbers", "number"), [
    ("Figures 1 and 3, 2 wards later", MIDDLE_OUT, 2),  # 2 would be dropped
    ("Figures 1 and 2, 4 wards later", FOURTH, 4),  # 4 would be merged into "1-3"
    ("Figures 1 and 4, 3 wards apart", FOURTH, 3),  # after a bare comma: may be a quantity
    ("Figure 2 to 4 wards later", FOURTH, 4),  # "to 4 wards"
])
def test_a_number_that_may_not_be_a_figure_leaves_the_reference_as_typed(text, numbers,
                                                                        number):
    done = renumber_figures_counted(text, numbers)
    assert (done.text, done.changed) == (text, 0)
    assert len(done.checks) == 1
    assert done.checks[0].startswith(f"check: the number {number} after the figure reference")
    assert done.checks[0].endswith(f'"{text}"')


def test_a_check_line_shows_the_reference_in_its_context():
    text = ("On admission the smear was typical. " * 3 + "Figures 1 and 3, 2 wards later. "
            + "The count recovered. " * 3)
    done = renumber_figures_counted(text, MIDDLE_OUT)
    assert done.text == text
    # 40 characters either side, on one line
    assert done.checks[0].endswith(
        '"\u2026al. On admission the smear was typical. Figures 1 and 3, 2 wards later. The '
        'count recovered. The c\u2026"')


def test_a_plural_range_followed_by_a_verb_is_still_renumbered():
    done = renumber_figures_counted("Figures 1\u20133 show the course", MIDDLE_OUT)
    assert (done.text, done.checks) == ("Figures 1 and 2 show the course", ())


@pytest.mark.parametrize(("text", "expected"), [
    ("Figs. 1\u22123", "Figs. 1 and 2"),  # minus sign
    ("Figs. 1\u20153", "Figs. 1 and 2"),  # horizontal bar
    ("Figures 1 through 3", "Figures 1 and 2"),
    ("Figures 1 thru 3", "Figures 1 and 2"),
    ("Figure\u20093", "Figure\u20092"),  # thin space
    ("Figure\u202f3", "Figure\u202f2"),  # narrow no-break space
    ("Figure\n3", "Figure\n2"),
])
def test_other_dashes_range_words_and_spaces_are_read(text, expected):
    assert renumber_figures(text, MIDDLE_OUT) == expected


def test_a_number_not_among_the_case_figures_is_kept_and_reported():
    done = renumber_figures_counted("Figure 7 and Figure 3; Figures 3 and 9", MIDDLE_OUT)
    assert done.text == "Figure 7 and Figure 2; Figures 2 and 9"
    assert done.checks == ("Figure 7 cited in the text is not a figure of the case",
                           "Figure 9 cited in the text is not a figure of the case")
    unchanged = renumber_figures_counted("Figure 5", {1: 1})
    assert (unchanged.text, unchanged.changed) == ("Figure 5", 0)
    assert unchanged.checks == ("Figure 5 cited in the text is not a figure of the case",)


@pytest.mark.parametrize("text", [
    "as reported [@smith2020, Figure 3]",
    "as reported [@smith2020; Fig. 3]",
    "as reported [1], Figure 3",
    "as reported [1] Figure 3",
    "as reported (Smith [1], Figure 3)",
    "as reported [1,2], Figs. 2 and 3",
])
def test_a_locator_of_a_cited_paper_is_not_rewritten(text):
    done = renumber_figures_counted(text, MIDDLE_OUT)
    assert (done.text, done.changed, done.checks) == (text, 0, ())


def test_a_figure_after_a_citation_in_another_sentence_is_ours():
    assert renumber_figures("as reported [1]. Figure 3 shows ours", MIDDLE_OUT) == \
        "as reported [1]. Figure 2 shows ours"


def test_a_singular_word_before_a_list_is_flagged_not_half_rewritten():
    done = renumber_figures_counted("see Figure 3 and 4", FOURTH)
    assert (done.text, done.changed) == ("see Figure 3 and 4", 0)
    assert done.checks == ('check: "Figure" (one figure) before several numbers: left as typed; '
                           'say "Figures" if they are all figures: "see Figure 3 and 4"',)
    assert renumber_figures_counted("Figure 1 and 2", {1: 1, 2: 2}).checks == ()
