"""`peelstats figures`: the citable figures of one force and period, as a table, CSV or JSON.

CSV and JSON carry the same fields (`peelstats.figures.FIGURE_FIELDS`), in the same layout
as the figures.csv and figures.json written beside each report.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from peelstats.cli import UsageError

FORMATS = ("table", "csv", "json")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "figures", help="citable figures for one force and period",
        description="The citable figures of one force for the 12 months ending PERIOD, each "
                    "compared with the rest of England and Wales: value, interval, method, "
                    "comparator, verdict, judgement, p-value, sentence and source.")
    parser.add_argument("--area", required=True, metavar="NAME_OR_CODE",
                        help="force name, alias or ONS code, e.g. Cambridgeshire or E23000023")
    parser.add_argument("--period", required=True, metavar="YYYY-MM",
                        help="end of the 12 months, e.g. 2014-06")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table (readable, the default), csv or json")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="write to FILE (atomically) instead of standard output")
    parser.set_defaults(func=_figures)


def render(figures, format: str) -> bytes:
    """The figures as `format` (``table``, ``csv`` or ``json``), UTF-8 encoded."""
    from peelstats.figures import FIGURE_FIELDS
    from peelstats.reports._figures import figures_payload, to_csv, to_json

    if format == "table":
        frame = figures.display_frame()
        lines = [frame.to_string(index=False), ""]
        lines += [f"{figure.id}: {figure.sentence}" for figure in figures]
        return ("\n".join(lines) + "\n").encode("utf-8")
    payload = figures_payload(figures.to_dicts(), FIGURE_FIELDS)
    if format == "csv":
        return to_csv(payload)
    if format == "json":
        return to_json(payload)
    raise UsageError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")


def _figures(args: argparse.Namespace) -> int:
    from peelstats.figures.profile import profile_context, profile_figures
    from peelstats.reports._output import write_file

    from peelstats.data import DataFileError

    try:
        context = profile_context(args.area, args.period)
    except DataFileError:  # a bad table is not the user's error: cli.main reports it
        raise
    except ValueError as error:  # an unknown area or a period without data
        raise UsageError(str(error)) from None
    if args.out is not None and args.out.is_dir():
        raise UsageError(f"--out {str(args.out)!r} is a folder; give a file name")
    # Any error past this point is not the user's: it is not dressed up as one...
    figures = profile_figures(context)
    content = render(figures, args.format)
    if args.out is None:
        sys.stdout.write(content.decode("utf-8"))
    else:
        try:
            write_file(args.out, content)
        except OSError as error:  # ...except a place the user named that cannot be written
            raise UsageError(f"cannot write --out {str(args.out)!r}: "
                             f"{error.strerror or error}") from None
        print(f"wrote {len(figures)} figures to {args.out}", file=sys.stderr)
    return 0
