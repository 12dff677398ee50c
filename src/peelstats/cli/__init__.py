"""The `peelstats` command. Each subcommand lives in its own module of this package and
exposes `register(subparsers)`, which adds its parser and sets `func` to a handler that
takes the parsed arguments and returns an exit code."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from peelstats._version import version
from peelstats.data import DataFileError  # stdlib only: light

# Subcommand modules, in the order `--help` lists them.
_SUBCOMMANDS: tuple[str, ...] = ("data", "figures", "report")


_EXAMPLES = """\
examples:
  peelstats figures --area Cambs --period 2014-06
  peelstats report --area Cambridgeshire --period latest --out reports
  peelstats data build --source ../shared/data --out data

`peelstats COMMAND --help` says more about each command."""


class UsageError(Exception):
    """A problem with what the user asked for: printed as one line, exit code 2."""


#: The exit code of a data table that fails its checks on load (``peelstats: data
#: error:`` and every problem, file, row, column and value): not the user's request.
DATA_ERROR = 3


def check_out_folder(option: str, path: str | Path) -> Path:
    """`path` as an output folder: it, or the nearest part of it that exists, is a folder.

    Checked before any work, so that a file in the way is a `UsageError`, not a traceback
    once the work is done.
    """
    out = Path(path)
    existing = next(part for part in (out, *out.parents) if part.exists())
    if not existing.is_dir():
        raise UsageError(f"{option} {str(path)!r}: {str(existing)!r} exists and is not "
                         f"a folder")
    return out


class _Version(argparse.Action):
    """``--version``: reads the package metadata only when asked (``--help`` stays fast)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"peelstats {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peelstats",
        description="Police performance statistics for England and Wales.",
        epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action=_Version)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in _SUBCOMMANDS:
        importlib.import_module(f"peelstats.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except UsageError as error:
        print(f"peelstats: error: {error}", file=sys.stderr)
        return 2
    except DataFileError as error:
        print(f"peelstats: data error: {error}", file=sys.stderr)
        return DATA_ERROR
