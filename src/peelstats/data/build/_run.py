"""Run every registered builder and write data/ all at once."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from peelstats.data import _manifest
from peelstats.data._errors import DataBuildError
from peelstats.data._schema import Column, TableSchema
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build._output import csv_bytes, write_directory
from peelstats.data.build._readme import readme_text

CORRECTIONS = TableSchema(
    "corrections",
    (Column("file", "str"), Column("column", "str"), Column("original", "str"),
     Column("corrected", "str"), Column("rows", "str"), Column("n_rows", "int"),
     Column("reason", "str")),
    key=("file", "column", "original"),
)

_CORRECTIONS_PROVENANCE = """\
Every source value that the build changed on purpose, one row per distinct value: the
source `file` and `column`, the `original` text, the `corrected` text, the `rows` it was
found in (ranges, header = row 1), how many (`n_rows`), and the `reason`. Nothing else in
the sources is changed; rows in `file`, `column`, `original` order."""


def build_tables(source: Path, builders: Sequence[TableBuilder] | None = None, *,
                 whole: bool = True) -> list[BuiltTable]:
    """Run the builders (all registered ones by default) on the files in `source`; raise
    DataBuildError listing every problem in every source file if any was found.

    `whole` False leaves out the checks that each source covers every force and period it
    claims and that its printed totals equal their parts (for test folders of a few rows).
    """
    from peelstats.data.build import registry

    source = Path(source)
    if not source.is_dir():
        raise FileNotFoundError(f"source folder {str(source)!r} does not exist")
    context = BuildContext(source=source, whole=whole)
    tables: list[BuiltTable] = []
    for builder in (registry.BUILDERS if builders is None else builders):
        tables.extend(builder.build(context))
    context.log.raise_if_any()
    corrections = pd.DataFrame(
        [vars(correction) for correction in context.corrections],
        columns=CORRECTIONS.column_names)
    tables.append(BuiltTable(CORRECTIONS, corrections.sort_values(["file", "column", "original"]),
                             _CORRECTIONS_PROVENANCE))
    names = [table.schema.filename for table in tables]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise ValueError(f"two builders write the same table file(s): {duplicated}")
    return tables


def build(source: Path, out: Path, builders: Sequence[TableBuilder] | None = None, *,
          whole: bool = True) -> list[str]:
    """Build every table from the published files in `source` and replace `out` with them.

    Parameters
    ----------
    source : Path
        Folder of the published source files (``../shared/data``).
    out : Path
        Output folder (``data/``). It is replaced as a whole, and only if every check
        passes: on any error it is left exactly as it was.
    builders : sequence of TableBuilder, optional
        The builders to run; by default every one in ``registry.BUILDERS``. The output
        then holds only their tables.
    whole : bool
        Check that every source is whole (every force and period it claims, printed totals
        against their parts); True unless `source` is a test folder of a few rows.

    Returns
    -------
    list of str
        The names of the files written, in order.

    Raises
    ------
    DataBuildError
        Listing every bad cell found (file, row, column, value, reason).
    FileNotFoundError
        If `source` is not a folder.
    """
    tables = build_tables(source, builders, whole=whole)
    files: dict[str, bytes] = {}
    problems = []
    for table in tables:
        try:
            files[table.schema.filename] = csv_bytes(table.frame, table.schema)
        except DataBuildError as error:
            problems.extend(error.problems)
    if problems:
        raise DataBuildError(problems)
    manifest = _manifest.manifest_frame(
        {table.schema.filename: (len(table.frame), files[table.schema.filename])
         for table in tables})
    files[_manifest.SCHEMA.filename] = csv_bytes(manifest, _manifest.SCHEMA)
    files["README.md"] = readme_text(
        [*tables, BuiltTable(_manifest.SCHEMA, manifest, _manifest.PROVENANCE)]).encode("utf-8")
    files.update(_kept(Path(out)))
    write_directory(Path(out), files)
    return list(files)


#: A folder of `out` that is not the build's and that the build keeps as it is: the
#: example inputs (an indicator table, a groups file), which no table is built from.
KEPT_FOLDER = "examples"


def _kept(out: Path) -> dict[str, bytes]:
    """The files of `out`'s `KEPT_FOLDER` (relative name → bytes), to write back."""
    folder = out / KEPT_FOLDER
    if not folder.is_dir():
        return {}
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}
