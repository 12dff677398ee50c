"""`peelstats data build`: rebuild the tidy tables in data/ from the published files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from peelstats.cli import UsageError, check_out_folder

_EXAMPLE = """\
example:
  peelstats data build --source ../shared/data --out data"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "data", help="build the bundled data tables",
        description="Work with the bundled data tables.", epilog=_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(title="data commands", metavar="COMMAND")
    build = commands.add_parser(
        "build", help="rebuild the tidy tables from the published source files",
        description="Read the published files in SOURCE, check every cell, and replace "
                    "OUT with the tidy tables and their README. On any problem nothing "
                    "is written and every bad cell is listed (file, row, column, value).",
        epilog=_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("--source", required=True, type=Path, metavar="DIR",
                       help="folder of the published files, e.g. ../shared/data")
    build.add_argument("--out", required=True, type=Path, metavar="DIR",
                       help="output folder, e.g. data (replaced as a whole)")
    build.set_defaults(func=_build)
    parser.set_defaults(func=lambda args: parser.print_help() or 0)


def _build(args: argparse.Namespace) -> int:
    from peelstats.data import DataBuildError
    from peelstats.data.build import build

    if not args.source.is_dir():
        raise UsageError(f"--source {str(args.source)!r} is not a folder")
    check_out_folder("--out", args.out)
    try:
        written = build(args.source, args.out)
    except DataBuildError as error:
        print(f"peelstats: data build failed, {args.out} left unchanged.\n{error}",
              file=sys.stderr)
        return 1
    print(f"wrote {len(written)} files to {args.out}: {', '.join(written)}")
    return 0
