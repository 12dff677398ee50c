"""`peelstats figures --indicators FILE`: citable figures from the user's own indicator table.

The table (and the groups file) are the user's input: a bad cell is a usage error (exit
code 2) with one line per problem naming the file, row, column and value, not the data
error (exit code 3) of a bundled table that fails its checks.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from peelstats.cli import UsageError
from peelstats.data import DataFileError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the indicator table, added to `peelstats figures`."""
    parser.add_argument("--indicators", type=Path, metavar="FILE",
                        help="your own indicator table (CSV or XLSX; see the README): cite "
                             "the area's indicators from it instead of the bundled tables")
    parser.add_argument("--versus", default=None, metavar="previous|GROUP",
                        help="with --indicators: compare with the area's previous period, "
                             "or with the other members of GROUP of --groups (default: "
                             "England and Wales)")
    parser.add_argument("--groups", type=Path, metavar="FILE",
                        help="comparison groups (CSV or XLSX of group, area): the bundled "
                             "recorded crime rates are also compared with the other forces "
                             "of the force's group; with --indicators, the groups --versus "
                             "names")
    parser.add_argument("--group", default=None, metavar="NAME",
                        help="with --groups: the group to compare with, when a force is in "
                             "several")


def check_arguments(args: argparse.Namespace) -> None:
    """--versus belongs to --indicators; --group to --groups and the bundled figures."""
    if args.indicators is None and args.versus is not None:
        raise UsageError("--versus needs --indicators FILE (the bundled figures are "
                         "compared with England and Wales, and with --groups, a group)")
    if args.group is not None:
        if args.groups is None:
            raise UsageError(f"--group {args.group!r} needs --groups FILE, the groups file "
                             f"that has it")
        if args.indicators is not None:
            raise UsageError("--group chooses the group of the bundled figures; with "
                             "--indicators, name the group with --versus GROUP")


def user_file_error(option: str, error: DataFileError) -> UsageError:
    """A bad file the user gave: one problem on one line, more as one line each under
    a count."""
    count = len(error.problems)
    if count == 1:
        return UsageError(f"{option}: {error.problems[0]}")
    lines = [f"{option}: {count} problems:"]
    lines += [f"  {problem}" for problem in error.problems]
    return UsageError("\n".join(lines))


def read_groups(path: Path):
    """--groups read and checked; a bad file is a usage error naming file, row and value."""
    from peelstats.data.indicators import read_groups

    try:
        return read_groups(path)
    except DataFileError as error:
        raise user_file_error("--groups", error) from None


def _period(text: str) -> str:
    """A date as it is; any month form `peelstats figures` reads as ``YYYY-MM``."""
    from peelstats.data.indicators import DATE_PATTERN as _DATE
    from peelstats.data import parse_period

    stripped = text.strip()
    return stripped if _DATE.fullmatch(stripped) else parse_period(stripped)


def indicator_figures(args: argparse.Namespace):
    """The figures of each --area from --indicators, against --versus."""
    from peelstats.data.indicators import read_indicators
    from peelstats.figures.figure import Figures
    from peelstats.figures.indicators import ENGLAND_AND_WALES_VERSUS, indicator_figures

    try:
        table = read_indicators(args.indicators)
    except DataFileError as error:
        raise user_file_error("--indicators", error) from None
    groups = None if args.groups is None else read_groups(args.groups)
    try:
        period = _period(args.period)
        figures = [indicator_figures(table, area, period,
                                     versus=args.versus or ENGLAND_AND_WALES_VERSUS,
                                     groups=groups)
                   for area in dict.fromkeys(args.area)]
    except DataFileError:  # the register of forces: not the user's error
        raise
    except ValueError as error:
        raise UsageError(str(error)) from None
    return Figures(figure for each in figures for figure in each)
