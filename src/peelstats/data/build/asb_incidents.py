"""Anti-social behaviour incidents recorded by the police, by force and financial year,
2007/08 to 2018/19, as printed in the ONS force area tables (Table P7, two editions).

Source: ``ons-pfa-tables/asb_incidents_pfa_2007_08_to_2018_19.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peelstats.data._schema import Column, TableSchema
from peelstats.data.build._areas import AREA_NAMES, AREA_TYPES, BTP, ENGLAND_AND_WALES
from peelstats.data.build._context import (BuildContext, BuiltTable, Correction,
                                           TableBuilder, row_ranges)
from peelstats.data.build._home_office import nonnegative
from peelstats.data.build._source import SourceCsv
from peelstats.data.build._tidy import join_notes
from peelstats.data.build.forces import check_force_names, force_register

SOURCE = "ons-pfa-tables/asb_incidents_pfa_2007_08_to_2018_19.csv"
_COLUMNS = ("edition_year_ending", "area_code", "area_name", "area_type", "financial_year",
            "incidents", "rate_per_1000_population", "flag")
EDITIONS = ("2018-03", "2019-03")
NOT_AVAILABLE, SUPPRESSED = "..", "+"
_EW_EXCL_BTP = "ENGLAND AND WALES (excl. BTP)"
_EW_INCL_BTP = "ENGLAND AND WALES (incl. BTP)"
# ASB recording changed in 2011/12 (National Standard for Incident Recording, new ASB
# categories): the Table P7 notes say earlier years are not comparable with later ones.
FIRST_COMPARABLE_YEAR = "2011/12"
# Table P7 footnote: Lincolnshire's 2011/12 and 2012/13 figures were revised upwards
# (by 74% and 64%).
_REVISED = {("E23000020", "2011/12"), ("E23000020", "2012/13")}

SCHEMA = TableSchema(
    "asb_incidents",
    (Column("edition", "str"), Column("area_code", "str"), Column("area_name", "str"),
     Column("area_type", "str"), Column("period", "str"), Column("financial_year", "str"),
     Column("count", "int", nullable=True), Column("published_rate", "float", nullable=True),
     Column("note", "str", nullable=True)),
    key=("edition", "area_code", "period"),
)

PROVENANCE = f"""\
Anti-social behaviour incidents recorded by the police, per financial year (April to
March), as printed in Table P7 of the ONS police force area tables, editions YE Mar 2018
and YE Mar 2019 (`edition`; both kept, so the small revisions between them show).

- Source: `{SOURCE}` (Home Office data, published by the Office for National Statistics;
  Open Government Licence v3.0). ASB incidents are not National Statistics.
- `period` is the end of the financial year (`2012-03` for 2011/12), `financial_year` as
  printed; `count` = incidents; `published_rate` = incidents per 1,000 population as printed
  (not recomputed here). Areas: England and Wales, England, Wales, English regions, the 43
  forces, British Transport Police (`BTP`, from 2012/13).
- **England and Wales**: the tables print two rows, excluding and including BTP. Here
  `K04000001` is **excluding BTP**, the sum of the 43 forces, as in `recorded_crime.csv`;
  the build checks that the printed "incl. BTP" row equals that plus the `BTP` row in every
  year both are printed, and so leaves it out (add the `BTP` rows to get it).
- **Recording break**: figures before {FIRST_COMPARABLE_YEAR} are not comparable with later
  years, because recording practice changed (note `not_comparable_with_later_years`).
- Lincolnshire's 2011/12 and 2012/13 figures were revised upwards, by 74% and 64% (P7
  footnote; note `revised_in_source`).
- Flags: `..` not available (note `missing_in_source`, or `rate_not_available` when only
  the rate is missing, as for BTP); `+` the City of London rate is suppressed, its resident
  population being too small for a meaningful rate (note `rate_suppressed`).
- In the YE Mar 2019 edition the source prints the West Midlands **force** rows under the
  West Midlands **region** code (so each year appears twice as the region); they are
  recoded to the force (`E23000014`), as recorded in `corrections.csv`.
- Rows in `edition`, `area_code`, `period` order."""


def _flags(source: SourceCsv, count_empty: np.ndarray, rate_empty: np.ndarray,
           ) -> tuple[pd.Series, pd.Series]:
    """Split the flag column into the flag of the count and of the rate.

    The flags stand, in order, for the empty cells of the row: ``..;..`` for an empty count
    and rate, one flag for whichever one is empty.
    """
    flags = source.text("flag")
    tokens = flags.str.split(";")
    n_tokens = np.where(flags == "", 0, tokens.str.len())
    n_empty = count_empty.astype(int) + rate_empty.astype(int)
    bad = (n_tokens != n_empty) | ~flags.str.fullmatch(r"((\.\.|\+)(;(\.\.|\+))?)?").to_numpy()
    for row, value in zip(source.rows[bad], flags[bad]):
        source.log.add(source.name, int(row), "flag", value,
                       "the flags must stand one for one for the empty incidents and rate "
                       "cells (.. not available, + suppressed)")
    first = tokens.str[0].where(n_tokens > 0, "")
    count_flag = first.where(count_empty, "")
    rate_flag = tokens.str[-1].where(rate_empty & (n_tokens > 0), "")
    return count_flag.fillna(""), rate_flag.fillna("")


def _recode_force_rows_coded_as_region(context: BuildContext, source: SourceCsv,
                                        register: pd.DataFrame) -> None:
    """Give back their force code to force rows printed under a region's code.

    In the YE Mar 2019 edition the West Midlands force rows carry the West Midlands region
    code (E12000005, type region), so each year appears twice under the region. A repeated
    region row whose name is a force's name, in an edition with no rows under that force's
    code, is that force's row: it is recoded, and the change is recorded in corrections.
    Any other repeat stays a duplicate, which stops the build.
    """
    frame = source.frame
    key = ["edition_year_ending", "area_code", "area_name", "financial_year"]
    cells = pd.DataFrame({column: source.text(column) for column in key})
    repeat = cells.duplicated(keep="first").to_numpy() & (
        source.text("area_type") == "region").to_numpy()
    by_name = dict(zip(register["name_in_ons_pfa_tables"], register["pfa_code"]))
    force_code = cells["area_name"].map(by_name)
    editions_with_force = set(zip(cells["edition_year_ending"], cells["area_code"]))
    has_force_rows = pd.Series(
        [(edition, code) in editions_with_force
         for edition, code in zip(cells["edition_year_ending"], force_code)],
        index=cells.index).to_numpy()
    recode = repeat & force_code.notna().to_numpy() & ~has_force_rows
    if not recode.any():
        return
    for (region, force), rows in pd.Series(source.rows[recode]).groupby(
            [cells["area_code"][recode].to_numpy(), force_code[recode].to_numpy()]):
        reason = (f"rows repeat the region {region} under the name of the force {force}, "
                  f"which has no rows of its own in that edition: they are the force's rows "
                  f"(printed among the forces of the region)")
        context.corrections.append(Correction(SOURCE, "area_code", region, force,
                                              row_ranges(rows.to_numpy()), len(rows), reason))
        context.corrections.append(Correction(SOURCE, "area_type", "region", "pfa",
                                              row_ranges(rows.to_numpy()), len(rows), reason))
    frame.loc[recode, "area_code"] = force_code[recode]
    frame.loc[recode, "area_type"] = "pfa"


def build_asb_incidents(context: BuildContext) -> list[BuiltTable]:
    source = SourceCsv(context.source, SOURCE, _COLUMNS, context.log)
    register = force_register(context)
    if not source.ok or register is None:
        return []
    _recode_force_rows_coded_as_region(context, source, register)
    source.check_not_empty(["edition_year_ending", "area_code", "area_name", "area_type",
                            "financial_year"])
    source.check_known("edition_year_ending", EDITIONS, "edition")
    codes = source.text("area_code")
    names = source.text("area_name")
    types = source.text("area_type")
    source.check_known("area_code", {*register["pfa_code"], *AREA_TYPES}, "area code")
    is_force = (types == "pfa").to_numpy()
    check_force_names(context, source, "area_name", where=is_force, code_column="area_code")
    is_ew = (codes == ENGLAND_AND_WALES).to_numpy()
    source.check_known("area_name", {_EW_EXCL_BTP, _EW_INCL_BTP}, "England and Wales row",
                       where=is_ew)
    years = source.text("financial_year")
    well_formed = years.str.fullmatch(r"\d{4}/\d{2}").to_numpy()
    start = pd.to_numeric(years.str[:4], errors="coerce")
    end = pd.to_numeric(years.str[5:], errors="coerce")
    consecutive = well_formed & ((start + 1) % 100 == end).to_numpy()
    for row, value in zip(source.rows[~consecutive], years[~consecutive]):
        context.log.add(SOURCE, int(row), "financial_year", value,
                        "not a financial year written yyyy/yy")
    source.check_unique(["edition_year_ending", "area_code", "area_name", "financial_year"])
    counts = nonnegative(context, source, "incidents", missing=("",))
    rates = nonnegative(context, source, "rate_per_1000_population", integer=False,
                        missing=("",))
    count_flag, rate_flag = _flags(source, np.isnan(counts), np.isnan(rates))
    # Every force, region, country and England and Wales in every year of each edition
    # (2007/08 to the edition's own year); BTP is printed from 2012/13 only.
    edition = source.text("edition_year_ending")
    context.check_coverage(
        SOURCE, pd.DataFrame({"area_code": codes, "period": edition + " " + years}),
        areas=[*register["pfa_code"], *(code for code in AREA_TYPES if code != BTP)],
        periods=[f"{edition} {year}/{(year + 1) % 100:02d}" for edition in EDITIONS
                 for year in range(2007, int(edition[:4]))])
    if context.log:
        return []
    table = pd.DataFrame({
        "edition": source.text("edition_year_ending"), "area_code": codes,
        "area_name": names, "area_type": types,
        "period": (start + 1).astype("Int64").astype("str") + "-03",
        "financial_year": years, "count": counts, "published_rate": rates,
        "count_flag": count_flag, "rate_flag": rate_flag, "row": source.rows,
    })
    table = _drop_checked_incl_btp(context, table)
    area_names = {**dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"])),
                  **AREA_NAMES}
    table["area_name"] = table["area_code"].map(area_names)
    revised = pd.Series(list(zip(table["area_code"], table["financial_year"])),
                        index=table.index).isin(_REVISED)
    table["note"] = join_notes(pd.DataFrame({
        "break": np.where(table["financial_year"] < FIRST_COMPARABLE_YEAR,
                          "not_comparable_with_later_years", ""),
        "revised": np.where(revised, "revised_in_source", ""),
        "missing": np.where(table["count_flag"] == NOT_AVAILABLE, "missing_in_source", ""),
        "rate": np.where((table["count_flag"] == "") & (table["rate_flag"] == NOT_AVAILABLE),
                         "rate_not_available", ""),
        "suppressed": np.where(table["rate_flag"] == SUPPRESSED, "rate_suppressed", ""),
    }))
    table = table.sort_values(["edition", "area_code", "period"])
    return [BuiltTable(SCHEMA, table, PROVENANCE)]


def _drop_checked_incl_btp(context: BuildContext, table: pd.DataFrame) -> pd.DataFrame:
    """Leave out the "incl. BTP" England and Wales rows after checking that each equals
    the "excl. BTP" row plus the BTP row (where printed)."""
    keys = ["edition", "financial_year"]
    incl = table[table["area_name"] == _EW_INCL_BTP].set_index(keys)
    excl = table[table["area_name"] == _EW_EXCL_BTP].set_index(keys)["count"]
    btp = table[table["area_code"] == BTP].set_index(keys)["count"]
    expected = excl.add(btp.reindex(excl.index))
    joined = incl.join(expected.rename("expected"), how="left")
    differ = joined["count"].notna() & (joined["count"] != joined["expected"])
    for row, value, want in zip(joined.loc[differ, "row"], joined.loc[differ, "count"],
                                joined.loc[differ, "expected"]):
        context.log.add(SOURCE, int(row), "incidents", value,
                        f"England and Wales incl. BTP is not excl. BTP + BTP ({want})")
    return table[table["area_name"] != _EW_INCL_BTP]


BUILDER = TableBuilder("asb_incidents", build_asb_incidents)
