"""data/README.md: written by the build from each table's provenance section."""

from __future__ import annotations

from collections.abc import Sequence

from peelstats.data.build._context import BuiltTable

OGL_ATTRIBUTION = ("Contains public sector information licensed under the Open Government "
                   "Licence v3.0.")

_HEADER = f"""\
# peelstats data: tidy tables of police recorded crime, outcomes, powers and the workforce

This folder is written by `peelstats data build --source ../shared/data --out data`
(`make data`); do not edit it by hand. The build reads the published files in their
published layouts, checks every cell, and replaces this folder as a whole only if every
check passes. The tables are loaded by `peelstats.data` (`forces()`, `recorded_crime()`,
`population()`, `asb_incidents()`, `survey()`, `outcomes()`, `stop_search()`,
`ethnicity_population()`, `arrests()`, `workforce()`, `crime_severity()`, ...), which
check them again on load.

## Checks that the data is whole

- **Sources.** Besides every cell, the build checks that each source covers what it
  claims: every force (and England and Wales, the regions, England, Wales and British
  Transport Police where the source has them) in every period of its title or provenance,
  each with every row (offence, outcome group, measure, ...) that its period has for the
  other areas; and that the area totals it prints equal the sum of their forces (Table P1:
  regions and countries, England and Wales with BTP; population: exactly for the revised
  vintage and the 2011 Census, within the rounding to 100 for the original one, whose
  mid-2018 households of Wales and England and Wales are left out as printed stale). A
  file cut short is named by file, force and period, and nothing is written.
- **Populations** must lie between 700 and 125,000,000 and households between 350 and
  50,000,000: about a tenth of the smallest area (City of London: 7,375 residents and 4,385
  households at the 2011 Census, 6,000 residents and 3,500 households at the least in the
  estimates here) and twice the largest (England and Wales: 60.9 million residents in
  mid-2023, 24.6 million households in mid-2018). Checked by the build and on load.
- **`MANIFEST.csv`** lists each table with its row count and SHA-256. The loaders check a
  table against it after the table's own checks (columns, kinds, keys, known codes, every
  force in every period of `recorded_crime.csv`): a table cut short, a deleted row or an
  edited value is an error naming the file and what differs. Every load error names the
  file, and the row, column and value where there is one.

## Licence

{OGL_ATTRIBUTION}
<https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/>
Sources: Home Office (police recorded crime, anti-social behaviour incidents, crime
outcomes, stop and search, arrests, police workforce), Office for National Statistics
(police force area data tables, Crime Survey for England and Wales, mid-year population
estimates, 2011 Census, geography lookups, Crime Severity Score).

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


_REPRODUCTION = """
## Reproducing published figures

Checked by `tests/data/test_data_reproduction.py` on every test run.

- **ONS Table P3 rates**, every edition YE Mar 2018 to YE Dec 2019, every force and England
  and Wales: total recorded crime (excluding fraud) per 1,000 population and residential
  burglary per 1,000 households, computed as count (`recorded_crime_editions.csv`) divided
  by population or households (`population.csv`, vintage `original`, mid-year from
  `rate_denominators.csv`). Of 704 cells, 15 print no rate (City of London suppressed,
  Greater Manchester missing). Every one of the other 689 published rates lies inside the
  range the denominators allow, given that the tables round them to 100; the computed rates
  are within 0.02 per 1,000 of the published ones (City of London, about 3,700 households,
  within 1%). At the printed one decimal 675 of 689 agree; in the other 14 a rounding
  boundary (x.x5) lies inside that range, so the rounding of the published denominator
  decides the last digit. England and Wales in P3 includes British Transport Police; in
  the YE Sep and Dec 2019 editions both its count and its population leave out Greater
  Manchester.
- **HMIC 2014, Cambridgeshire** (PEEL police efficiency), YE Jun 2014, crime excluding fraud
  per 1,000 population, with the mid-2013 population as first published: **55.1** here
  against **54.9** published; England and Wales (the 43 forces, without BTP) **60.8**
  against **60.7** (with BTP it would be 61.6). The difference is the vintage of the
  **counts**, not of the population: no population vintage brings the count here to 54.9
  (original mid-2012 55.4, mid-2013 55.1, mid-2014 54.5; revised mid-2013 54.4). The Home
  Office file is a later vintage (about 2019) with 45,034 offences for Cambridgeshire; 54.9
  per 1,000 of 817,300 people implies about 44,870 when first published, some 160 fewer
  (revisions after publication, as after the 2014 crime data integrity inspections).
- **Reduction since YE Jun 2010** (same report): Cambridgeshire 21.9 percent (published 22),
  England and Wales 16.3 percent (published 16, "across all forces"): reproduced.
- **Burglary in a dwelling per 1,000 households**, YE Jun 2014 (same report): Cambridgeshire
  7.6 and England and Wales 8.9 with the 2011 Census households (`population.csv` vintage
  `census2011`): reproduced. The mid-2013 household estimates give 7.4 and 8.7.
"""


def readme_text(tables: Sequence[BuiltTable]) -> str:
    """The README: the general header, one section per table in build order, then the
    published figures that the tables reproduce."""
    sections = [_HEADER]
    for table in tables:
        columns = ", ".join(f"`{column.name}`" for column in table.schema.columns)
        key = ", ".join(f"`{name}`" for name in table.schema.key)
        sections.append(
            f"\n### `{table.schema.filename}`\n\n"
            f"Columns: {columns}. One row per {key}.\n\n"
            f"{table.provenance.strip()}\n")
    sections.append(_REPRODUCTION)
    return "".join(sections)
