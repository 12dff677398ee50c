"""`peelstats report`: reports of forces and Community Safety Partnerships (HTML, executed
notebook, figures CSV and JSON) in batch."""

from __future__ import annotations

import argparse
from pathlib import Path

from peelstats.cli import UsageError, check_out_folder
from peelstats.data import DataFileError

_DESCRIPTION = """\
Run the force-profile notebook for a force (or all 43), the Community Safety Partnership
(CSP) profile for a CSP (or all 314), and write, for each, OUT/<period>/<area-slug>/ with
report.html (no code), report.ipynb (executed), figures.csv and figures.json; then rebuild,
from all the reports in OUT/<period>/, its index.html (every report in one table, with
links), figures.csv and figures.xlsx (every report's figures in one table) and the national
charts. A CSP named like its force (Wiltshire, Dorset, North Yorkshire, City of London) has
the folder <area-slug>-<CSP code>, and --area must give which one by its code. CSPs have
data for YE Jun 2025 only. Reports already up to date are skipped unless --redo. An area
that fails does not stop the others: its notebook is kept as report.failed.ipynb, the index
lists it as failed and the exit code is 1. A report whose kernel dies is made again once in
a fresh kernel. Two runs cannot write into one OUT/<period>/ at once: the second stops with
exit code 2, as it does when OUT cannot be written. Ctrl-C stops the run with a one-line
summary and exit code 130."""

_EXAMPLES = """\
examples:
  peelstats report --area Cambridgeshire --period 2019-03 --out reports
  peelstats report --area Kent --area Essex --period latest --out reports
  peelstats report --all --period latest --out reports --jobs 2
  peelstats report --area Peterborough --period 2025-06 --out reports
  peelstats report --all-csps --period latest --out reports
  peelstats report --all --all-csps --period 2025-06 --out reports
  peelstats report --notebook notebooks/indicator_profile.ipynb \
      -p indicators_path data/examples/indicators.csv --area Cambs --period 2014-06 --out reports"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="make force and CSP reports (HTML, notebook, "
                                                  "figures)",
                                   description=_DESCRIPTION, epilog=_EXAMPLES,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--area", action="append", metavar="NAME_OR_CODE",
                       help="force or Community Safety Partnership name, alias or ONS code "
                            "(repeat for several)")
    which.add_argument("--all", action="store_true", help="all 43 forces")
    parser.add_argument("--all-csps", action="store_true",
                        help="all 314 Community Safety Partnerships (with --all or --area: "
                             "those too)")
    parser.add_argument("--period", required=True, metavar="YYYY-MM",
                        help='end of the 12 months, or "latest" for the latest with data')
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the reports")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="worker processes (default: the number of CPUs)")
    parser.add_argument("--redo", action="store_true", help="remake reports that are up to date")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--notebook", default=None, metavar="PATH",
                        help="a notebook with `area` and `period` parameters for the "
                             "forces' reports (default: notebooks/force_profile.ipynb; "
                             "not with CSPs, whose report is notebooks/csp_profile.ipynb)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"),
                        help="another parameter of the notebook: text, or a number where "
                             "the notebook declares one (repeat for "
                             "several); a NAME ending in _path is a file, relative to the "
                             "current folder")
    parser.set_defaults(func=run)


#: Number types a notebook's parameters cell may declare, and how a -p value becomes one.
_NUMBER_TYPES = {"float": float, "int": int}


def _declared_types(notebooks: list[Path]) -> dict[str, str]:
    """The type each parameter is declared with (``confidence: float = 0.95``), by the
    first of `notebooks` that declares it (papermill reads the parameters cell)."""
    import papermill

    declared: dict[str, str] = {}
    for notebook in notebooks:
        for name, entry in papermill.inspect_notebook(str(notebook)).items():
            declared.setdefault(name, entry["inferred_type_name"])
    return declared


def _parameters(pairs: list[list[str]], notebooks: list[Path]) -> dict[str, str | float | int]:
    """``-p NAME VALUE`` pairs as parameters: text, or a number where the notebooks declare
    the parameter as one (``-p confidence 0.9``); a ``*_path`` made absolute (the notebook
    runs in its own folder, not the current one) and checked to exist."""
    parameters: dict[str, str | float | int] = {}
    declared = _declared_types(notebooks) if pairs else {}
    for name, value in pairs:
        if name in parameters:
            raise UsageError(f"-p {name}: given twice")
        if name.endswith("_path") and value:
            path = Path(value)
            if not path.is_file():
                raise UsageError(f"-p {name} {value!r}: no such file")
            value = str(path.resolve())
        number = _NUMBER_TYPES.get(declared.get(name, ""))
        if number is not None:
            try:
                parameters[name] = number(value)
            except ValueError:
                raise UsageError(f"-p {name} {value!r}: the notebook declares {name} as "
                                 f"{declared[name]}") from None
            continue
        parameters[name] = value
    return parameters


def run(args: argparse.Namespace) -> int:
    from peelstats import reports  # imported here: `peelstats --help` stays fast

    if not (args.area or args.all or args.all_csps):
        raise UsageError("say which reports: --area NAME_OR_CODE, --all (the forces) or "
                         "--all-csps (the Community Safety Partnerships)")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {args.jobs}")
    check_out_folder("--out", args.out)
    if args.notebook is not None and not Path(args.notebook).is_file():
        raise UsageError(f"--notebook {args.notebook!r} is not a file")
    from peelstats._paths import notebooks_dir

    notebooks = [Path(args.notebook) if args.notebook else notebooks_dir() / "force_profile.ipynb",
                 notebooks_dir() / "csp_profile.ipynb"]
    parameters = _parameters(args.parameter, notebooks)
    try:
        areas = None if args.all else args.area or []
        batch = reports.run_batch(areas, args.period, args.out,
                                  jobs=args.jobs, redo=args.redo,
                                  progress=not args.no_progress, notebook=args.notebook,
                                  parameters=parameters, all_csps=args.all_csps)
    except DataFileError:  # a bad table is not the user's error: cli.main reports it
        raise
    except reports.OutputFolderError as error:
        raise UsageError(f"--out {args.out!r}: {error}") from None
    except (ValueError, FileNotFoundError) as error:
        raise UsageError(str(error)) from None
    except reports.BatchInterrupted as stop:  # Ctrl-C: what was made, then the shell's code
        print(stop.batch.summary() if stop.batch is not None else "interrupted", flush=True)
        return 130
    except KeyboardInterrupt:  # before any report was started
        print("interrupted: no reports were made", flush=True)
        return 130
    print(batch.summary())
    return 0 if batch.ok else 1
