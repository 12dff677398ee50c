"""Time the first (checked) and the cached load of each bundled table.

Each first load runs in a fresh process, so it includes reading the CSV and every check
on load, but not importing pandas or peelstats. Prints the best of several runs and exits
non-zero if a first load takes 1 second or more, or a cached load 50 ms or more.
Run: .venv/bin/python benchmarks/bench_data_load.py
"""

from __future__ import annotations

import json
import subprocess
import sys

LOADERS = ("forces", "recorded_crime", "recorded_crime_editions", "population",
           "rate_denominators", "asb_incidents", "survey", "outcomes", "stop_search",
           "ethnicity_population", "arrests", "workforce", "crime_severity")
REPEATS = 3
FIRST_LIMIT, CACHED_LIMIT = 1.0, 0.05

_PROBE = """
import json, sys, time
import peelstats.data as data
loader = getattr(data, sys.argv[1])
start = time.perf_counter(); loader(); first = time.perf_counter() - start
start = time.perf_counter(); loader(); cached = time.perf_counter() - start
print(json.dumps([first, cached]))
"""


def timings(name: str) -> tuple[float, float]:
    """Best first-load and cached-load time of `name` over `REPEATS` fresh processes."""
    runs = [json.loads(subprocess.run([sys.executable, "-c", _PROBE, name], check=True,
                                      capture_output=True, text=True).stdout)
            for _ in range(REPEATS)]
    return min(run[0] for run in runs), min(run[1] for run in runs)


def main() -> int:
    slow = []
    print(f"{'table':<26}{'first load':>12}{'cached':>10}")
    for name in LOADERS:
        first, cached = timings(name)
        print(f"{name:<26}{first * 1000:>10.0f} ms{cached * 1000:>7.1f} ms")
        if first >= FIRST_LIMIT or cached >= CACHED_LIMIT:
            slow.append(name)
    if slow:
        print(f"too slow: {', '.join(slow)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
