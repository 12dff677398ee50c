"""SPC: XmR limits and all four rules for 10,000 series of 60 months (target: under a second).

    PYTHONPATH=src python benchmarks/bench_spc.py
"""

import time

import numpy as np

from peelstats.stats.spc import spc_array


def main() -> None:
    rng = np.random.default_rng(2024)
    values = rng.poisson(400, size=(10_000, 60)).astype(float)
    segments = np.repeat([0, 1], 30)
    spc_array(values[:10])  # warm up
    best = min(_time(values, segments) for _ in range(3))
    print(f"spc_array: 10,000 series x 60 months, rebased once: {best:.3f} s (best of 3)")


def _time(values, segments) -> float:
    start = time.perf_counter()
    spc_array(values, segments=segments, improvement="increase")
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
