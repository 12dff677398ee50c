"""data/README.md: written by the build from each table's provenance section."""

from __future__ import annotations

from collections.abc import Sequence

from peelstats.data.build._context import BuiltTable

OGL_ATTRIBUTION = ("Contains public sector information licensed under the Open Government "
                   "Licence v3.0.")

_HEADER = f"""\
# peelstats data: tidy tables of police recorded crime, population and anti-social behaviour

This folder is written by `peelstats data build --source ../shared/data --out data`
(`make data`); do not edit it by hand. The build reads the published files in their
published layouts, checks every cell, and replaces this folder as a whole only if every
check passes. The tables are loaded by `peelstats.data` (`forces()`, `recorded_crime()`,
`population()`, `asb_incidents()`, `survey()`, ...), which check them again on load.

## Licence

{OGL_ATTRIBUTION}
<https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/>
Sources: Home Office (police recorded crime, anti-social behaviour incidents), Office for
National Statistics (police force area data tables, Crime Survey for England and Wales,
mid-year population estimates, 2011 Census, geography lookups).

## Conventions

- CSV, UTF-8, LF line ends, one header row; rows in a fixed order given for each table.
- `area_code` is the ONS code: E23…/W15… for the 43 police force areas, K04000001 for
  England and Wales, E92000001 England, W92000004 Wales, E12… English regions; British
  Transport Police, which has no ONS code, is `BTP`.
- `period` is the end of a 12-month period, `YYYY-MM` (`2014-06` is the year ending June
  2014, written "YE 2014-06" in text).
- An empty cell is a missing value: the source did not give a number. Missing values are
  never filled in, and nothing is dropped or clipped.
- Integers are written without a decimal point; other numbers in Python's shortest
  round-trip form, exactly as read from the source.
- `note` columns hold `;`-separated flags from a fixed vocabulary, given for each table.

## Tables
"""


def readme_text(tables: Sequence[BuiltTable]) -> str:
    """The README: the general header, then one section per table in build order."""
    sections = [_HEADER]
    for table in tables:
        columns = ", ".join(f"`{column.name}`" for column in table.schema.columns)
        key = ", ".join(f"`{name}`" for name in table.schema.key)
        sections.append(
            f"\n### `{table.schema.filename}`\n\n"
            f"Columns: {columns}. One row per {key}.\n\n"
            f"{table.provenance.strip()}\n")
    return "".join(sections)
