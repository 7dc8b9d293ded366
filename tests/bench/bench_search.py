"""Search benchmarks for `make bench`: the fixed 20-query mix at 1k, 10k and 100k cases,
beside a naive scan of the stored documents (tests/bench/search_bench.py does the work)."""

from __future__ import annotations

from tests.bench.harness import Measure, quick


def _measures(n: int) -> list[Measure]:
    from tests.bench import search_bench

    r = search_bench.run(n=n, repeat=5 if n >= 100_000 else 10,
                         naive_sample=5 if n >= 100_000 else 20)
    samples = [q["median_ms"] for q in r["queries"].values()]
    mix = Measure(f"Search mix (20 queries), {r['cases']:,} cases", "p95 < 50 ms", "ms",
                  samples, limit=50 if n >= 100_000 else None)
    ratios = [r["naive_s"][q] * 1000 / d["median_ms"] for q, d in r["queries"].items()
              if q in r["naive_s"] and d["median_ms"] > 0]
    mix.note = (f"naive scan {min(ratios):,.0f}-{max(ratios):,.0f}x slower" if ratios else "")
    size = Measure(f"Search index size per case, {r['cases']:,} cases", "informational", "KiB",
                   [(r["fts_bytes_per_case"] + r["facet_bytes_per_case"]) / 1024])
    rebuild = Measure(f"Rebuild search index, {r['cases']:,} cases", "informational", "s",
                      [r["rebuild_s"]])
    return [mix, size, rebuild]


def run() -> list[Measure]:
    sizes = [1_000, 10_000] if quick() else [1_000, 10_000, 100_000]
    out: list[Measure] = []
    for n in sizes:
        out += _measures(n)
    return out
