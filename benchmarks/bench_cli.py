"""Time the command line against the imports it cannot avoid, in the same run.

Each command runs in a fresh process (as a user runs it); the figure is the median of
`REPEATS` runs after one warm-up, so the file cache is warm for all of them alike. The
goals (issue 17): `peelstats --help` under half the time of `python -c "import pandas"`;
`peelstats figures` for one force under 1.5 times `import pandas, scipy.stats,
statsmodels.api`. Exits non-zero when a goal is missed.
Run: .venv/bin/python benchmarks/bench_cli.py [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

PYTHON = sys.executable
COMMANDS: dict[str, list[str]] = {
    'python -c "import pandas"': [PYTHON, "-c", "import pandas"],
    'python -c "import pandas, scipy.stats, statsmodels.api"':
        [PYTHON, "-c", "import pandas, scipy.stats, statsmodels.api"],
    'python -c "import peelstats"': [PYTHON, "-c", "import peelstats"],
    "peelstats --help": [PYTHON, "-m", "peelstats", "--help"],
    "peelstats figures --area Cambridgeshire --period 2014-06":
        [PYTHON, "-m", "peelstats", "figures", "--area", "Cambridgeshire",
         "--period", "2014-06"],
}


def run_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def medians(repeats: int) -> dict[str, float]:
    """Median wall time of each command; the commands take turns, so a busy spell of the
    machine falls on all of them rather than on one."""
    for command in COMMANDS.values():
        run_time(command)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(repeats):
        for name, command in COMMANDS.items():
            times[name].append(run_time(command))
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    result = medians(args.repeats)
    for name, seconds in result.items():
        print(f"{seconds:7.3f} s  {name}")
    pandas = result['python -c "import pandas"']
    heavy = result['python -c "import pandas, scipy.stats, statsmodels.api"']
    help_ratio = result["peelstats --help"] / pandas
    figures_ratio = result["peelstats figures --area Cambridgeshire --period 2014-06"] / heavy
    print(f"--help / import pandas: {help_ratio:.2f} (goal < 0.5)")
    print(f"figures / import pandas, scipy.stats, statsmodels.api: {figures_ratio:.2f} "
          f"(goal < 1.5)")
    return 0 if help_ratio < 0.5 and figures_ratio < 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
