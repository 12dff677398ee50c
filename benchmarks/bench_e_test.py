"""Time the E-test on a year of force-level counts, against SciPy's grid summation.

The 43 forces' recorded-crime counts run from a few thousand to about 800,000 a year; the
E-test of each force's two years must stay quick. This script times `peelstats.e_test` on
43 pairs of counts drawn between 2,000 and 60,000 (seeded) in one call, and SciPy's
``poisson_means_test`` (a two-dimensional grid per pair) in a loop over the same pairs,
and checks the p-values agree. It exits non-zero if peelstats takes more than 2 seconds or
is slower than SciPy. Run with ``make benchmark``.
"""

from __future__ import annotations

import sys

import numpy as np
from scipy import stats

from peelstats import e_test

from _timing import best_time  # benchmarks/ is on sys.path when a script runs

FORCES = 43
REPEATS = 3
LIMIT_SECONDS = 2.0


def main() -> int:
    rng = np.random.default_rng(20261125)
    before = rng.integers(2_000, 60_000, FORCES).astype(float)
    after = np.round(before * rng.uniform(0.97, 1.03, FORCES))
    ours = e_test(after, 1, before, 1).p_value
    theirs = np.array([stats.poisson_means_test(int(a), 1.0, int(b), 1.0).pvalue
                       for a, b in zip(after, before)])
    worst = float(np.max(np.abs(ours - theirs)))
    t_ours = best_time(lambda: e_test(after, 1, before, 1), REPEATS)
    t_scipy = best_time(lambda: [stats.poisson_means_test(int(a), 1.0, int(b), 1.0)
                                 for a, b in zip(after, before)], REPEATS)
    print(f"e_test, {FORCES} pairs of counts 2,000-60,000: peelstats {t_ours:.3f} s, "
          f"scipy loop {t_scipy:.3f} s, largest p-value difference {worst:.1e}")
    failed = t_ours > LIMIT_SECONDS or t_ours > t_scipy or worst > 1e-9
    if failed:
        print("FAILED: slower than the limit or than SciPy, or p-values disagree")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
