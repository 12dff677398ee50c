"""Time the 43-force report batch against a plain papermill + nbconvert loop, in one run.

The baseline is what one would write by hand: for each force, ``papermill`` executes the
force-profile notebook with the force and period as parameters, then ``jupyter nbconvert
--to html`` renders it without code. The batch is ``peelstats report --all`` (worker
processes, each with one warm kernel). Both run the same notebook on the same inputs, one
after the other, into fresh temporary folders.

    python benchmarks/bench_reports.py [--period YYYY-MM] [--jobs N] [--forces K]

Prints both times and the ratio (baseline / batch); the target is a ratio of at least 3 on
a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from peelstats import notebook, reports
from peelstats._paths import notebooks_dir

from _loop import papermill_loop, report_seconds  # benchmarks/ is on sys.path when run





def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", default="latest")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--forces", type=int, default=None,
                        help="time only the first K forces (default: all 43)")
    args = parser.parse_args()

    period = notebook.resolve_period(args.period)
    # Codes, not names: four force names are also Community Safety Partnerships'.
    names = [area.area_code for area in notebook.all_areas()]
    chosen = names if args.forces is None else names[:args.forces]
    profile = notebooks_dir() / "force_profile.ipynb"
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as folder:
        root = Path(folder)
        (root / "loop").mkdir()
        cores = len(os.sched_getaffinity(0))
        print(f"{len(chosen)} force reports for {period} on {cores} cores", flush=True)
        loop_seconds = sum(papermill_loop([(profile, area) for area in chosen], period,
                                          root / "loop"))
        print(f"papermill + nbconvert loop: {loop_seconds:7.1f} s "
              f"({loop_seconds / len(chosen):.2f} s a report)", flush=True)
        selection = (["--all"] if args.forces is None else
                     [part for area in chosen for part in ("--area", area)])
        batch_seconds = report_seconds(selection, period, root / "batch", args.jobs)
    print(f"peelstats report batch:     {batch_seconds:7.1f} s "
          f"({batch_seconds / len(chosen):.2f} s a report)")
    print(f"ratio: {loop_seconds / batch_seconds:.1f}x (target: at least 3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
