"""A de-identified dataset export that stops only at rule V60's rare combination (an extreme age
with a subdivision) advised --drop-text, which keeps the subdivision: it now says to confirm it
in Problems or clear the subdivision (or --confirm-phi), and names the hit's kind in words, as
it names a record number ("record number", not ``record_number``)."""

from __future__ import annotations

from core.io.deident import DeidOptions, Hit, IdentifiersFound
from tests.core.rare_combination import C1, export_stopped


def test_an_export_stopped_only_by_v60_gives_the_advice_that_helps(stored_rare, tmp_path,
                                                                    capsys):
    stored_rare()
    out, err = export_stopped(tmp_path, capsys)
    assert f"{C1}, Patient › Subdivision: rare combination with the age “CN-JS”" in err
    assert "rare_combination" not in err
    assert "--drop-text" not in err and "free text" not in err  # it would not help
    assert "The export holds 1 rare combination(s) of an extreme age with a subdivision" in err
    assert "confirm the rare combination in the case's Problems" in err
    assert "clear it in the case" in err and "--confirm-phi" in err
    assert "Leave the subdivision out of the export (--drop-rare-subdivision" in err
    assert not out.exists()


def test_text_hits_beside_a_rare_combination_keep_the_free_text_advice():
    hits = [Hit(C1, "case_report.discussion", "MRN-48213", "record_number"),
            Hit(C1, "patient.subdivision", "CN-JS", "rare_combination")]
    text = str(IdentifiersFound(hits, DeidOptions()))
    assert (f"{C1}, Title & keywords › Case report › Discussion: record number “MRN-48213”"
            in text)
    assert "drop the free text (--drop-text)" in text  # for the text hit
    assert "leave the subdivision of a rare combination out (--drop-rare-subdivision), " \
        "clear it or confirm it" in text
    assert "in the free text, and 1 rare combination(s)" in text
    only_text = str(IdentifiersFound(hits[:1], DeidOptions(drop_text=True)))
    assert "The free text to export holds 1 possible identifier(s)" in only_text
    assert "subdivision" not in only_text and "--drop-text" not in only_text
