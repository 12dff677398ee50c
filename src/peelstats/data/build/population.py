"""Population and households by force and larger area, mid-2002 to mid-2023, in three
vintages: as first published, revised after the 2021 Census, and the 2011 Census count.

Sources: ``ons-pfa-tables/pfa_population_households_mid2002_2018_original.csv``,
``ons-pfa-geography-population/pfa_population_mid2011_2023_revised.csv`` and
``census2011-households/census2011_households_pfa.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peelstats.data._schema import Column, TableSchema
from peelstats.data.build._areas import (AREA_NAMES, AREA_TYPES, BTP, ENGLAND, ENGLAND_AND_WALES,
                                         WALES, containing_areas)
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build._source import SourceCsv
from peelstats.data.build._tidy import join_notes
from peelstats.data.build.forces import check_force_names, force_register
from peelstats.data.build.recorded_crime_editions import area_parts

ORIGINAL_SOURCE = "ons-pfa-tables/pfa_population_households_mid2002_2018_original.csv"
REVISED_SOURCE = "ons-pfa-geography-population/pfa_population_mid2011_2023_revised.csv"
CENSUS_SOURCE = "census2011-households/census2011_households_pfa.csv"

ORIGINAL, REVISED, CENSUS = "original", "revised", "census2011"
VINTAGE_ORDER = (ORIGINAL, REVISED, CENSUS)
#: The mid-years each vintage's file covers (its title and PROVENANCE.md).
MID_YEARS = {ORIGINAL: range(2002, 2019), REVISED: range(2011, 2024), CENSUS: (2011,)}

# Wales's mid-2018 households as printed repeat mid-2017 (see PROVENANCE).
_STALE_HOUSEHOLDS_YEAR = 2018

#: Bounds of a plausible population of any area here, and of its households. The
#: smallest area is the City of London police force area: 7,375 usual residents (2011
#: Census QS201EW, census2011-ethnicity-pfa) and 4,385 households (QS405EW,
#: census2011-households), and 6,000 to 13,462 residents and 3,500 to 5,000 households in
#: the mid-year estimates here; the largest is England and Wales: 56.1 million residents
#: and 23.4 million households at the 2011 Census, 60.9 million residents in mid-2023 and
#: 24.6 million households in mid-2018. The bounds are about a tenth of the smallest and
#: twice the largest: a population of 0, 10 or 10^15 is an error, not a denominator.
PLAUSIBLE = {"population": (700, 125_000_000), "households": (350, 50_000_000)}

SCHEMA = TableSchema(
    "population",
    (Column("area_code", "str"), Column("area_name", "str"), Column("mid_year", "int"),
     Column("vintage", "str"), Column("population", "int", nullable=True),
     Column("households", "int", nullable=True), Column("note", "str", nullable=True)),
    key=("area_code", "mid_year", "vintage"),
)

PROVENANCE = f"""\
Resident population (ONS mid-year estimates, 30 June) and households, for the 43 forces,
England and Wales (`K04000001`), England, Wales and (for the original vintage) the English
regions. `vintage` says which estimate a row is; pick one vintage, never mix them:

- `{ORIGINAL}`, mid-2002 to mid-2018: **as first published, before the 2021 Census
  rebasing**, the denominators of the ONS police force area tables and of inspection
  reports of the time. Source: `{ORIGINAL_SOURCE}` (ONS PFA tables YE Mar 2018, Tables P9
  and P10, for 2002–2016; mid-2017 and mid-2018 from the rate denominators of Table P3,
  rounded to 100). Households: 2016-based household projections (England) and household
  estimates (Wales). Use it to reproduce published rates.
- `{REVISED}`, mid-2011 to mid-2023: the series revised after the 2021 Census (ONS mid-year
  estimates released June 2024, local authority totals added up to forces with the ONS
  December 2023 lookup). Source: `{REVISED_SOURCE}`. No households. Use it for recent
  years (from 2019/20) and for trends that cross 2011–2020 on one consistent basis. For
  Cambridgeshire mid-2017 it is 869,702 against 847,200 first published.
- `{CENSUS}`, 2011: households counted by the 2011 Census (table QS405EW, local authorities
  added up to forces). Source: `{CENSUS_SOURCE}`. No population. HMIC's 2014 burglary
  rates per 1,000 households use it.

Quirks: the mid-2018 households of Greater Manchester are not published (empty, note
`missing_in_source`), because they were printed only in the YE Sep and Dec 2019 editions,
which lack Greater Manchester; the mid-2018 households of the North West, England and
England and Wales come from those editions and leave Greater Manchester out (note
`households_exclude_E23000005`). Wales mid-2018 households equal mid-2017, as printed.
Population and households are whole numbers (the original vintage is rounded to 100).

ONS table editions and their denominators (`rate_denominators.csv` lists them): population
mid-2016 for YE Mar 2018, mid-2017 for YE Jun 2018 to YE Mar 2019, mid-2018 from YE Jun
2019; households mid-2016 for YE Mar and Jun 2018, mid-2017 for YE Sep 2018 to YE Jun 2019,
mid-2018 from YE Sep 2019.

Rows in `area_code`, `mid_year`, `vintage` ({', '.join(VINTAGE_ORDER)}) order."""


def _area_codes(context: BuildContext, source: SourceCsv, register: pd.DataFrame,
                ) -> pd.Series:
    """Check the codes and force names of a population file; return the codes."""
    codes = source.text("area_code")
    known = {*register["pfa_code"], *AREA_TYPES}
    source.check_known("area_code", known, "area code")
    is_force = codes.isin(list(register["pfa_code"])).to_numpy()
    check_force_names(context, source, "area_name", where=is_force, code_column="area_code")
    return codes


def _numbers(source: SourceCsv, column: str, missing: tuple[str, ...] = ()) -> np.ndarray:
    values = source.numbers(column, integer=True, missing=missing)
    low, high = PLAUSIBLE[column]
    implausible = (values < low) | (values > high)
    for row, value in zip(source.rows[implausible], source.frame[column][implausible]):
        source.log.add(source.name, int(row), column, value,
                       f"not a plausible {column} of an area ({low:,} to {high:,})")
    return values


def _check_whole(context: BuildContext, source: SourceCsv, part: pd.DataFrame,
                 register: pd.DataFrame, areas: list[str], vintage: str) -> None:
    """Every area in every mid-year of the file; totals equal to their forces (to the
    rounding of the original vintage to 100: 50 for each part and for the total)."""
    frame = part.assign(row=source.rows, mid_year=part["mid_year"].astype("Int64"))
    context.check_coverage(source.name, frame.astype({"mid_year": "str"}), areas=areas,
                           period="mid_year", periods=[str(year) for year in MID_YEARS[vintage]])
    parts = {total: members for total, members in area_parts(register, with_btp=False).items()
             if total in areas}
    tolerance = ({total: 50.0 * (len(members) + 1) for total, members in parts.items()}
                 if vintage == ORIGINAL else 0.0)
    for column in ("population", "households"):
        if not part[column].notna().any():
            continue
        checked = frame
        if vintage == ORIGINAL and column == "households":
            # As printed, Wales's mid-2018 households repeat mid-2017 (so England and
            # Wales's total is England's plus that): known quirks, said in PROVENANCE.
            stale = (frame["mid_year"] == _STALE_HOUSEHOLDS_YEAR) & frame["area_code"].isin(
                [WALES, ENGLAND_AND_WALES])
            checked = frame[~stale.fillna(False).to_numpy()]
        context.check_totals(source.name, checked, parts=parts, keys=["mid_year"],
                             value=column, tolerance=tolerance)


def _read(context: BuildContext, register: pd.DataFrame) -> list[pd.DataFrame] | None:
    parts = []
    original = SourceCsv(context.source, ORIGINAL_SOURCE,
                         ("area_code", "area_name", "mid_year", "population", "households"),
                         context.log)
    revised = SourceCsv(context.source, REVISED_SOURCE,
                        ("area_code", "area_name", "mid_year", "population"), context.log)
    census = SourceCsv(context.source, CENSUS_SOURCE,
                       ("area_code", "area_name", "households"), context.log)
    if not (original.ok and revised.ok and census.ok):
        return None
    forces = list(register["pfa_code"])
    covered = {ORIGINAL: [*forces, *(code for code in AREA_TYPES if code != BTP)],
               REVISED: [*forces, ENGLAND_AND_WALES, ENGLAND, WALES],
               CENSUS: [*forces, ENGLAND_AND_WALES]}
    for source, vintage in ((original, ORIGINAL), (revised, REVISED)):
        source.check_unique(["area_code", "mid_year"])
        parts.append(pd.DataFrame({
            "area_code": _area_codes(context, source, register),
            "mid_year": source.numbers("mid_year", integer=True),
            "vintage": vintage,
            "population": _numbers(source, "population"),
            "households": (_numbers(source, "households", missing=("",))
                           if "households" in source.frame else np.nan),
        }))
        _check_whole(context, source, parts[-1], register, covered[vintage], vintage)
    census.check_unique(["area_code"])
    parts.append(pd.DataFrame({
        "area_code": _area_codes(context, census, register), "mid_year": 2011,
        "vintage": CENSUS, "population": np.nan,
        "households": _numbers(census, "households"),
    }))
    _check_whole(context, census, parts[-1], register, covered[CENSUS], CENSUS)
    return parts


def _households_notes(table: pd.DataFrame, register: pd.DataFrame) -> pd.Series:
    """`households_exclude_<force>` on the aggregates whose households lack a force's."""
    regions = dict(zip(register["pfa_code"], register["region_in_rec_crime_pfa"]))
    gaps = table[table["households"].isna() & table["area_code"].isin(list(regions))
                 & (table["vintage"] == ORIGINAL)]
    notes = pd.Series("", index=table.index)
    for code, year in zip(gaps["area_code"], gaps["mid_year"]):
        inside = ((table["vintage"] == ORIGINAL) & (table["mid_year"] == year)
                  & table["area_code"].isin(containing_areas(code, regions[code])))
        notes = notes.where(~inside, notes + f";households_exclude_{code}")
    return notes.str.lstrip(";")


def build_population(context: BuildContext) -> list[BuiltTable]:
    register = force_register(context)
    if register is None:
        return []
    parts = _read(context, register)
    if parts is None or context.log:
        return []
    table = pd.concat(parts, ignore_index=True)
    names = {**dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"])),
             **AREA_NAMES}
    table["area_name"] = table["area_code"].map(names)
    expected_households = table["vintage"] != REVISED
    table["note"] = join_notes(pd.DataFrame({
        "missing": np.where(expected_households & table["households"].isna(),
                            "missing_in_source", ""),
        "excludes": _households_notes(table, register),
    }))
    rank = table["vintage"].map({name: i for i, name in enumerate(VINTAGE_ORDER)})
    table = (table.assign(_rank=rank).sort_values(["area_code", "mid_year", "_rank"])
             .drop(columns="_rank"))
    return [BuiltTable(SCHEMA, table, PROVENANCE)]


BUILDER = TableBuilder("population", build_population)
