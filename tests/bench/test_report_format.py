"""The benchmark report's format on a tiny run (not timed): every measure has its median, floor,
ratio, target and met columns, misses name what the profile shows, and each run appends one
history line per measure."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tests.bench import bench_pdf, bench_store, harness, report, run
from tests.bench.harness import Measure


@pytest.fixture
def tiny_measures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Measure]:
    monkeypatch.setattr(harness, "CACHE", tmp_path / "bench-cache")
    search = Measure("Search mix, tiny", ">= 1,000x faster than floor", "ms", [2.0, 4.0],
                     floor=[3000.0, 4000.0], faster=True, ratio_limit=1000,
                     floor_name="naive scan")
    missed = Measure("Tiny miss", "<= 2x floor", "ms", [9.0, 11.0], floor=[3.0, 3.0],
                     ratio_limit=2, floor_name="bare", profile=["module.py:1 slow: own 8 ms"])
    info_only = Measure("Index size, tiny", "informational", "KiB", [14.5])
    return [*bench_store.open_and_save(rounds=3), bench_pdf.reference_case_pdf(rounds=2),
            search, missed, info_only]


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def test_report_has_every_column_and_appends_history(tiny_measures, tmp_path: Path) -> None:
    info = report.RunInfo(run.machine(), (0.5, 0.4, 0.3), (0.7, 0.5, 0.3),
                          dt.datetime(2026, 12, 6, tzinfo=dt.UTC), "abc1234")
    out, history = tmp_path / "BENCHMARKS.md", tmp_path / "bench-history.csv"
    text = run.report(tiny_measures, info, out, history)
    assert out.read_text(encoding="utf-8") == text
    assert "before 0.50 / 0.40 / 0.30, after 0.70 / 0.50 / 0.30" in text
    assert "cores (" in text and "Targets are ratios" in text

    table = [line for line in text.splitlines() if line.startswith("| ")]
    header = cells(table[0])
    for column in ("Median", "Floor", "Ratio", "Target", "Met"):
        assert column in header
    rows = {cells(line)[0]: dict(zip(header, cells(line), strict=True)) for line in table[1:]}
    assert set(rows) == {m.name for m in tiny_measures}
    for m in tiny_measures:
        row = rows[m.name]
        assert row["Median"] not in ("", "-"), m.name
        assert row["Met"] in ("yes", "**no**", "-"), m.name
        assert row["Target"], m.name
        if m.ratio_limit is not None:  # a ratio target: a floor and a ratio, and met or not
            assert row["Floor"] not in ("", "-") and row["Ratio"].endswith(("x", "x faster"))
            assert row["Met"] in ("yes", "**no**")
    assert rows["Save reference case 1 (incl. audit + index)"]["Target"] == "<= 10x floor"
    assert rows["PDF of reference case 1"]["Floor is"].startswith("minimal ReportLab document")
    assert rows["Search mix, tiny"]["Ratio"] == "1,250x faster"  # median of 1,500 and 1,000
    assert rows["Search mix, tiny"]["Met"] == "yes"
    assert rows["Tiny miss"]["Ratio"] == "3.33x" and rows["Tiny miss"]["Met"] == "**no**"
    assert rows["Index size, tiny"]["Floor"] == "-" and rows["Index size, tiny"]["Met"] == "-"
    missed = text.split("## Missed targets", 1)[1].split("| Measure", 1)[0]
    assert "**Tiny miss**: ratio 3.33x" in missed and "module.py:1 slow: own 8 ms" in missed

    run.report(tiny_measures, info, out, history)  # a second run appends, never rewrites
    with history.open(encoding="utf-8", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[0] == ["date", "commit", "measure", "median", "floor", "ratio"]
    assert len(lines) == 1 + 2 * len(tiny_measures)
    by_name = {line[2]: line for line in lines[1:]}
    save = by_name["Save reference case 1 (incl. audit + index)"]
    assert save[:2] == ["2026-12-06T00:00:00Z", "abc1234"]
    assert float(save[3]) > 0 and float(save[4]) > 0
    assert float(save[5]) == pytest.approx(tiny_measures[1].ratio, rel=1e-4)
    assert by_name["Index size, tiny"][4:] == ["", ""]


def test_ratio_is_the_median_of_paired_ratios() -> None:
    m = Measure("m", "<= 3x floor", "ms", [10.0, 30.0, 12.0], floor=[5.0, 5.0, 2.0],
                ratio_limit=3)
    assert m.ratio == 6.0 and m.met is False  # pairs 2, 6, 6
    m.ratio_limit = 6
    assert m.met is True
    assert Measure("n", "t", "ms", [1.0], ratio_limit=3).met is None  # no floor: not judged
