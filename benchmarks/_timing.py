"""The timing rule every benchmark script uses: best of several runs after a warm-up."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_time(function: Callable[[], object], repeats: int) -> float:
    """The shortest wall-clock time of `repeats` calls, after one warm-up call.

    The minimum is the least disturbed by other work on a shared machine.
    """
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)
