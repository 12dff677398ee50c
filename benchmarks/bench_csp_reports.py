"""Time every force and Community Safety Partnership (CSP) report of a period in one batch
against a plain papermill + nbconvert loop over a sample of them, in one run.

The batch is ``peelstats report --all --all-csps`` (43 force reports and 314 CSP reports;
worker processes, each with one warm kernel) as a separate process. The baseline is what
one would write by hand, timed over a sample only (a loop over all 357 would take more than
an hour): for each sampled area, ``papermill`` executes its notebook (force_profile or
csp_profile) with the area and period as parameters, then ``jupyter nbconvert --to html
--no-input`` renders it. The sample has both kinds (by default one force and two CSPs);
a force report takes longer than a CSP's, so the loop's time for the whole batch is
estimated kind by kind (43 × its seconds a force report + 314 × its seconds a CSP report)
and the speed-up is that estimate over the batch's time: the same as per report, in the
batch's own mix.

    python benchmarks/bench_csp_reports.py [--period YYYY-MM] [--jobs N] [--forces K] [--csps M]

Prints both times, seconds a report, and the speed-up per report; the goal is at least 20
times on a 2-core machine. This is a measurement, not a test: on a shared machine the
numbers move with the load (the load average is printed with them).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from peelstats import notebook as helpers
from peelstats._paths import notebooks_dir

from _loop import papermill_loop, report_seconds  # benchmarks/ is on sys.path when run

GOAL = 20.0



def _sample(items: list, count: int) -> list:
    """`count` items spread evenly over `items` (first, last and between)."""
    if count >= len(items):
        return list(items)
    if count == 1:
        return [items[0]]
    return [items[round(i * (len(items) - 1) / (count - 1))] for i in range(count)]



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", default="latest")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--forces", type=int, default=1,
                        help="forces in the loop's sample (default 1)")
    parser.add_argument("--csps", type=int, default=2,
                        help="CSPs in the loop's sample (default 2)")
    args = parser.parse_args()

    period = helpers.resolve_period(args.period)
    forces = [area.area_code for area in helpers.all_areas()]
    csps = [csp.area_code for csp in helpers.all_csps()]
    sampled_forces, sampled_csps = _sample(forces, args.forces), _sample(csps, args.csps)
    runs = ([(notebooks_dir() / "force_profile.ipynb", code) for code in sampled_forces]
            + [(notebooks_dir() / "csp_profile.ipynb", code) for code in sampled_csps])
    total = len(forces) + len(csps)
    cores = len(os.sched_getaffinity(0))
    if args.forces < 1 or args.csps < 1:
        raise SystemExit("--forces and --csps must be at least 1: the loop times both kinds")
    with tempfile.TemporaryDirectory(prefix="bench-csp-reports-") as folder:
        root = Path(folder)
        (root / "loop").mkdir()
        print(f"{len(forces)} force and {len(csps)} CSP reports for {period} on {cores} "
              f"cores; load average {os.getloadavg()[0]:.1f}", flush=True)
        seconds = papermill_loop(runs, period, root / "loop")
        force_each = sum(seconds[:len(sampled_forces)]) / len(sampled_forces)
        csp_each = sum(seconds[len(sampled_forces):]) / len(sampled_csps)
        print(f"papermill + nbconvert loop over {len(runs)} of them "
              f"({', '.join(area for _, area in runs)}): {sum(seconds):.1f} s; "
              f"{force_each:.2f} s a force report, {csp_each:.2f} s a CSP report", flush=True)
        batch_seconds = report_seconds(["--all", "--all-csps"], period, root / "batch",
                                       args.jobs)
        written = sum(1 for _ in (root / "batch" / period).glob("*/report.html"))
    if written != total:
        raise SystemExit(f"the batch wrote {written} reports, not {total}")
    loop_estimate = len(forces) * force_each + len(csps) * csp_each
    print(f"peelstats report --all --all-csps: {batch_seconds:.1f} s for {written} reports "
          f"({batch_seconds / total:.2f} s a report); load average {os.getloadavg()[0]:.1f}")
    print(f"the loop over all {total}, estimated: {loop_estimate:.0f} s "
          f"({loop_estimate / total:.2f} s a report)")
    print(f"speed-up per report: {loop_estimate / batch_seconds:.1f}x "
          f"(goal: at least {GOAL:g}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
