"""Time funnel limits and flags for 35,000 small areas (about the number of LSOAs in England).

For each kind of indicator, one call of ``peelstats.funnel`` computes every area's value,
z-score, 95% and 99.8% limits (exact methods), flags, the over-dispersion ratio and the
adjusted limits. Prints the best of several runs and exits non-zero if any is a second or
more. Run with ``.venv/bin/python benchmarks/bench_funnel.py``.
"""

from __future__ import annotations

import sys

import numpy as np

from peelstats import funnel

from _timing import best_time  # benchmarks/ is on sys.path when a script runs

AREAS = 35_000
REPEATS = 5
LIMIT_SECONDS = 1.0


def main() -> int:
    rng = np.random.default_rng(20261125)
    n = rng.integers(20, 3_000, size=AREAS).astype(float)
    x = rng.binomial(n.astype(int), 0.3).astype(float)
    population = rng.integers(1_000, 3_000, size=AREAS).astype(float)
    count = rng.poisson(population * 0.012).astype(float)
    expected = rng.uniform(0.5, 60.0, size=AREAS)
    observed = rng.poisson(expected).astype(float)
    cases = {
        "proportion, exact": lambda: funnel(x, n),
        "proportion, wilson": lambda: funnel(x, n, method="wilson"),
        "rate per 1,000, exact": lambda: funnel(count, population, kind="rate", per=1000),
        "ratio, exact": lambda: funnel(observed, expected, kind="ratio"),
    }
    failed = False
    for name, case in cases.items():
        seconds = best_time(case, REPEATS)
        verdict = "ok" if seconds < LIMIT_SECONDS else "TOO SLOW"
        failed |= seconds >= LIMIT_SECONDS
        print(f"{name:<24} {AREAS:,} areas: {seconds:.3f} s  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
