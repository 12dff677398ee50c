"""Time peelstats' interval functions against the plain numpy/scipy formula, 1,000,000 rows.

Prints, for each method, peelstats' time over the plain formula's time (the best of
several runs of each, so that a busy machine penalises neither side) and exits non-zero
if a ratio exceeds its limit: Wilson and Byar within 1.5, Clopper-Pearson within 1.2 of
``scipy.special.betaincinv``. Run with ``make benchmark``.
"""

from __future__ import annotations

import sys

import numpy as np
from scipy import special

from peelstats import proportion, rate

from _timing import best_time  # benchmarks/ is on sys.path when a script runs

ROWS = 1_000_000
REPEATS = 7
CONFIDENCE = 0.95


def plain_wilson(x: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Wilson's score limits in plain numpy (Newcombe 1998, method 3)."""
    z = -special.ndtri((1 - CONFIDENCE) / 2)
    p = x / n
    centre = p + z * z / (2 * n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def plain_byar(count: np.ndarray, denominator: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Byar's limits per 1,000 in plain numpy (Breslow & Day 1987, p. 69)."""
    z = -special.ndtri((1 - CONFIDENCE) / 2)
    lower = count * (1 - 1 / (9 * count) - z / (3 * np.sqrt(count))) ** 3
    upper = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * np.sqrt(count + 1))) ** 3
    return lower / denominator * 1000, upper / denominator * 1000


def plain_clopper_pearson(x: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Clopper-Pearson limits straight from scipy.special.betaincinv."""
    tail = (1 - CONFIDENCE) / 2
    return special.betaincinv(x, n - x + 1, tail), special.betaincinv(x + 1, n - x, 1 - tail)


def main() -> int:
    rng = np.random.default_rng(20261125)
    n = rng.integers(1, 20_000, ROWS).astype(float)
    x = rng.binomial(n.astype(np.int64), rng.uniform(0.01, 0.99, ROWS)).astype(float)
    count = rng.integers(10, 50_000, ROWS).astype(float)  # Byar's range (10 events or more)
    denominator = rng.integers(50_000, 2_000_000, ROWS).astype(float)
    inner = (x > 0) & (x < n)  # the plain formula has no special case for x = 0 or x = n
    x_cp, n_cp = x[inner], n[inner]

    cases = [
        ("wilson", 1.5,
         lambda: proportion(x, n, confidence=CONFIDENCE, method="wilson"),
         lambda: plain_wilson(x, n)),
        ("byar", 1.5,
         lambda: rate(count, denominator, per=1000, confidence=CONFIDENCE, method="byar"),
         lambda: plain_byar(count, denominator)),
        ("clopper_pearson", 1.2,
         lambda: proportion(x_cp, n_cp, confidence=CONFIDENCE, method="clopper_pearson"),
         lambda: plain_clopper_pearson(x_cp, n_cp)),
    ]
    print(f"{ROWS:,} rows; best of {REPEATS} runs each")
    print(f"{'method':<16} {'peelstats s':>12} {'plain s':>10} {'ratio':>7} {'limit':>6}")
    failed = False
    for name, limit, ours, plain in cases:
        ours_time, plain_time = best_time(ours, REPEATS), best_time(plain, REPEATS)
        ratio = ours_time / plain_time
        failed |= ratio > limit
        flag = "" if ratio <= limit else "  OVER LIMIT"
        print(f"{name:<16} {ours_time:>12.4f} {plain_time:>10.4f} {ratio:>7.2f} {limit:>6.1f}{flag}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
