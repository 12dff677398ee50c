"""`peelstats figures`: the citable figures of forces for one period, as text, CSV, JSON or xlsx.

CSV, JSON and xlsx carry the same fields (`peelstats.figures.FIGURE_FIELDS`), in the same
layout as the figures.csv and figures.json written beside each report. The text form is a
list of figures, each wrapped to `WIDTH` columns.

The options are checked before pandas or the statistics are imported, so a usage error is
reported at once.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from peelstats.cli import UsageError, _indicators

FORMATS = ("table", "csv", "json", "xlsx")
#: The format an --out file's extension chooses.
EXTENSIONS = {".txt": "table", ".csv": "csv", ".json": "json", ".xlsx": "xlsx"}
#: The width of the readable table, in characters.
WIDTH = 100

_DESCRIPTION = """\
The citable figures of one or more forces or Community Safety Partnerships for the 12
months ending PERIOD, each compared with the rest of England and Wales (a CSP also with the
rest of its force): value, interval, method, comparator, verdict, judgement,
p-value, sentence and source. With --groups, each recorded crime rate of a force is also
compared with the pooled rate of the other forces of its group (--group chooses one when a
force is in several)."""

_EXAMPLES = """\
examples:
  peelstats figures --area Cambs --period 2014-06
  peelstats figures --area Kent --area Essex --period latest --out figures.xlsx
  peelstats figures --area E23000023 --period "YE Mar 2019" --format csv
  peelstats figures --area Peterborough --period 2025-06
  peelstats figures --area Kent --period 2019-03 --groups data/examples/groups_by_region.csv
  peelstats figures --area Kent --period 2019-03 --groups mine.csv --group MSG1
  peelstats figures --indicators data/examples/indicators.csv --area Cambs --period 2014-06
  peelstats figures --indicators mine.xlsx --area Kent --period 2024-03 --versus previous
  peelstats figures --indicators mine.csv --groups groups.csv --versus MSG1 --area Kent \
      --period 2024-03

--out FILE.csv, .json, .xlsx or .txt chooses the format; --format, if given, must agree.
Periods: 2019-03, "YE Mar 2019", "Mar 2019", "March 2019", 2018/19 (the financial year,
YE Mar 2019) or latest."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "figures", help="citable figures for forces and a period",
        description=_DESCRIPTION, epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--area", required=True, action="append", metavar="NAME_OR_CODE",
                        help="force or Community Safety Partnership: name, short name or "
                             "ONS code, e.g. Cambridgeshire, Cambs, E23000023, Peterborough "
                             "or E22000017; repeat for several areas in one table")
    parser.add_argument("--period", required=True, metavar="PERIOD",
                        help='end of the 12 months, e.g. 2014-06, "YE Jun 2014" or latest')
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="table (readable, the default), csv, json or xlsx (needs --out); "
                             "by default the --out file's extension")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="write to FILE (atomically) instead of standard output; its "
                             "folder must exist")
    _indicators.add_arguments(parser)
    parser.set_defaults(func=_figures)


def choose_format(format: str | None, out: Path | None) -> str:
    """The output format: `format` if given, else the one `out`'s extension names, else
    ``table``. A contradiction, an extension with no format and xlsx to the terminal are
    errors."""
    implied = None
    if out is not None:
        suffix = out.suffix.lower()
        implied = EXTENSIONS.get(suffix)
        if implied is None and format is None:
            known = ", ".join(EXTENSIONS)
            raise UsageError(f"--out {str(out)!r}: cannot tell the format from "
                             f"{suffix or 'no extension'!r}; use {known} or give --format")
    if format is not None and implied is not None and format != implied:
        raise UsageError(f"--format {format} contradicts --out {str(out)!r}, which is "
                         f"{implied}; drop one or make them agree")
    chosen = format or implied or "table"
    if chosen == "xlsx" and out is None:
        raise UsageError("--format xlsx writes a file: give --out FILE.xlsx")
    return chosen


def check_out_file(out: Path) -> None:
    """`out` can be written without making folders: its folder exists, it is not one."""
    if out.is_dir():
        raise UsageError(f"--out {str(out)!r} is a folder; give a file name")
    parent = out.parent
    if parent.exists() and not parent.is_dir():
        raise UsageError(f"--out {str(out)!r}: {str(parent)!r} is not a folder")
    if not parent.exists():
        raise UsageError(f"--out {str(out)!r}: the folder {str(parent)!r} does not exist "
                         f"(no folders are made; create it first)")


def render(figures, format: str) -> bytes:
    """The figures as `format` (``table``, ``csv``, ``json`` or ``xlsx``)."""
    if format == "table":
        return readable(figures).encode("utf-8")
    if format == "csv":
        return figures.to_csv()
    if format == "json":
        return figures.to_json()
    if format == "xlsx":
        return figures.to_xlsx()
    raise UsageError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")


def readable(figures, width: int = WIDTH) -> str:
    """The figures as text no wider than `width`: a heading per figure, then its fields."""
    frame = figures.display_frame()
    blocks = []
    for figure, row in zip(figures, frame.itertuples(index=False), strict=True):
        lines = [f"{row.measure} | {row.area} | {row.period}"]
        fields = [("value", row.value), ("compared", row.comparator),
                  ("verdict", ", ".join(part for part in (
                      row.verdict, row.judgement and f"judged {row.judgement}",
                      row.p_value) if part)),
                  ("sentence", figure.sentence), ("source", row.source), ("id", figure.id)]
        for name, text in fields:
            if text:
                lines += textwrap.wrap(str(text), width, initial_indent=f"  {name:<9} ",
                                       subsequent_indent=" " * 12,
                                       break_long_words=True, break_on_hyphens=False)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _figures(args: argparse.Namespace) -> int:
    format = choose_format(args.format, args.out)
    if args.out is not None:
        check_out_file(args.out)
    _indicators.check_arguments(args)
    if args.indicators is not None:
        return _write(_indicators.indicator_figures(args), format, args.out)
    # A period that is no period is reported before anything heavy is imported; an
    # unknown force needs the register (pandas) but not the statistics.
    from peelstats.data import DataFileError
    from peelstats.data import parse_period

    try:
        if args.period.strip().lower() != "latest":
            parse_period(args.period)
        from peelstats.data import Csp, find_area

        areas = list(dict.fromkeys(find_area(area) for area in args.area))
        forces = [area for area in areas if not isinstance(area, Csp)]
        csps = [area for area in areas if isinstance(area, Csp)]
    except DataFileError:  # a bad table is not the user's error: cli.main reports it
        raise
    except ValueError as error:
        raise UsageError(str(error)) from None

    groups = None
    if args.groups is not None:
        if csps:
            raise UsageError(f"--groups compares forces; {csps[0].area_name} is a Community "
                             f"Safety Partnership (ask for its force, or drop --groups)")
        groups = _indicators.read_groups(args.groups)

    from peelstats.figures.figure import Figures
    from peelstats.figures.profile import profile_figures
    from peelstats.figures.sections import profile_context

    try:
        contexts = [profile_context(force.area_code, args.period, groups=groups,
                                    group=args.group) for force in forces]
    except DataFileError:
        raise
    except ValueError as error:  # a period without data
        raise UsageError(str(error)) from None
    # Any error past this point is not the user's: it is not dressed up as one...
    figures = Figures(figure for context in contexts for figure in profile_figures(context))
    if csps:
        from peelstats.figures.csp import csp_figures

        try:
            figures = Figures([*figures, *(figure for csp in csps
                                           for figure in csp_figures(csp.area_code, args.period))])
        except DataFileError:
            raise
        except ValueError as error:
            raise UsageError(str(error)) from None
    return _write(figures, format, args.out)


def _write(figures, format: str, out: Path | None) -> int:
    """The figures to standard output, or atomically to `out`."""
    content = render(figures, format)
    if out is None:
        sys.stdout.write(content.decode("utf-8"))
    else:
        from peelstats.reports import write_file

        try:
            write_file(out, content)
        except OSError as error:  # ...except a place the user named that cannot be written
            raise UsageError(f"cannot write --out {str(out)!r}: "
                             f"{error.strerror or error}") from None
        print(f"wrote {len(figures)} figures to {out}", file=sys.stderr)
    return 0
