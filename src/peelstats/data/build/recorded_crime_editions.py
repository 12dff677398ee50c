"""Police recorded crime as printed in the ONS police force area tables (Table P1),
editions YE Mar 2018 to YE Dec 2019, every area the tables show.

Source: ``ons-pfa-tables/prc_pfa_counts_ye_mar2018_to_dec2019.csv`` (extracted unchanged
from the eight ONS workbooks).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peelstats.data._schema import Column, TableSchema
from peelstats.data.build import _offences as off
from peelstats.data.build._areas import (AREA_NAMES, AREA_TYPES, BTP, ENGLAND_AND_WALES,
                                         containing_areas)
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build._source import SourceCsv
from peelstats.data.build._tidy import join_notes, sort_by_offence
from peelstats.data.build.forces import check_force_names, force_register

SOURCE = "ons-pfa-tables/prc_pfa_counts_ye_mar2018_to_dec2019.csv"
_COLUMNS = ("edition_year_ending", "area_code", "area_name", "area_type", "offence",
            "offences", "flag")
EDITIONS = ("2018-03", "2018-06", "2018-09", "2018-12", "2019-03", "2019-06", "2019-09",
            "2019-12")
NOT_AVAILABLE = ".."

# The ONS tables name one category differently from the Home Office file.
_ONS_TO_HO = {"Death or serious injury - unlawful driving":
              "Death or serious injury caused by illegal driving"}
# Categories and totals that Table P1 prints (since YE Mar 2018: new burglary basis).
_PUBLISHED_TOTALS = (off.TOTAL, "Violence against the person", "Theft offences", "Burglary")
_DERIVED_TOTALS = (off.VICTIM_BASED, off.OTHER_AGAINST_SOCIETY)
_PUBLISHED = tuple(name for name in off.ORDER
                   if name not in off.OLD_BURGLARY + _DERIVED_TOTALS + (off.FRAUD,))

SCHEMA = TableSchema(
    "recorded_crime_editions",
    (Column("period", "str"), Column("area_code", "str"), Column("area_name", "str"),
     Column("area_type", "str"), Column("offence", "str"),
     Column("count", "int", nullable=True), Column("note", "str", nullable=True)),
    key=("period", "area_code", "offence"),
)

PROVENANCE = f"""\
Police recorded crime by offence, as printed in Table P1 of the ONS "Police force area
data tables", one edition per quarter from the year ending March 2018 to the year ending
December 2019; each edition gives the 12 months ending in its own month, so `period` is
also the edition.

- Source: `{SOURCE}`, extracted unchanged from the eight ONS workbooks (ONS, Crime in
  England and Wales; data from the Home Office). Office for National Statistics; Open
  Government Licence v3.0.
- Areas: England and Wales (`K04000001`), England, Wales, the nine English regions, the
  43 forces, and British Transport Police (`BTP`); `area_type` as in the source
  (`country_group`, `country`, `region`, `pfa`, `btp`).
- Offences: Home Office names. "Death or serious injury - unlawful driving" is written
  "Death or serious injury caused by illegal driving" as in the Home Office file. Fraud is
  not in any of these tables. `Victim-based crime` and `Other crimes against society` are
  added up here from the printed categories (note `derived`); the other totals are as
  printed, and the build checks that each equals the sum of its printed parts.
- **England and Wales here includes British Transport Police**, as printed (note
  `includes_btp`): `K04000001` = the 43 forces + BTP. In `recorded_crime.csv`,
  `K04000001` is the 43 forces only.
- **Greater Manchester**: in the YE Sep 2019 and YE Dec 2019 editions every Greater
  Manchester cell is `..` (not available: its new IT system). Those counts stay empty
  (note `missing_in_source`), and the printed North West, England and England and Wales
  totals of those editions leave Greater Manchester out (note `excludes_E23000005`): do
  not compare them with other editions.
- These counts are as first published; the same periods in the Home Office file (used by
  `recorded_crime.csv` up to YE Dec 2018) are a later vintage and differ a little for
  some forces (see `recorded_crime.csv`).
- Rows in `period`, `area_code`, offence order (totals before their parts)."""


def _read(context: BuildContext) -> pd.DataFrame | None:
    """Table P1 as a checked long table: period, area_code, area_name, area_type,
    offence (Home Office names), count (float, NaN where not available), and the source
    row (header = row 1), which the table written leaves out."""
    source = SourceCsv(context.source, SOURCE, _COLUMNS, context.log)
    register = force_register(context)
    if not source.ok or register is None:
        return None
    log = context.log
    source.check_not_empty(["edition_year_ending", "area_code", "area_name", "area_type",
                            "offence"])
    source.check_known("edition_year_ending", EDITIONS, "edition")
    source.check_known("offence", {_reverse(name) for name in _PUBLISHED}, "offence")
    source.check_known("flag", {"", NOT_AVAILABLE}, "flag")
    source.check_unique(["edition_year_ending", "area_code", "offence"])
    codes = source.text("area_code")
    names = source.text("area_name")
    types = source.text("area_type")
    is_force = (types == "pfa").to_numpy()
    known_areas = {**{code: "pfa" for code in register["pfa_code"]}, **AREA_TYPES}
    source.check_known("area_code", known_areas, "area code")
    expected_type = codes.map(known_areas)
    wrong_type = (expected_type.notna() & (expected_type != types)).to_numpy()
    for row, value, want in zip(source.rows[wrong_type], types[wrong_type],
                                expected_type[wrong_type]):
        log.add(SOURCE, int(row), "area_type", value, f"expected {want!r} for this code")
    check_force_names(context, source, "area_name", where=is_force,
                      code_column="area_code")
    area_names = {**dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"])),
                  **AREA_NAMES}
    flags = source.text("flag")
    not_available = (flags == NOT_AVAILABLE).to_numpy()
    counts = source.numbers("offences", integer=True, where=~not_available)
    given = (source.text("offences") != "").to_numpy()
    for row, value in zip(source.rows[not_available & given],
                          source.frame["offences"][not_available & given]):
        log.add(SOURCE, int(row), "offences", value, "a number beside the flag '..'")
    negative = counts < 0
    for row, value in zip(source.rows[negative], source.frame["offences"][negative]):
        log.add(SOURCE, int(row), "offences", value, "negative count")
    table = pd.DataFrame({
        "period": source.text("edition_year_ending"), "area_code": codes,
        "area_name": codes.map(area_names), "area_type": types,
        "offence": source.text("offence").replace(_ONS_TO_HO), "count": counts,
        "row": source.rows,
    })
    # Every area the tables print (forces, BTP, regions, countries, England and Wales) in
    # every edition with every offence; each printed area total is its forces added up
    # (England and Wales with BTP), leaving out a force without figures, as printed.
    context.check_coverage(SOURCE, table, areas=[*register["pfa_code"], *AREA_TYPES],
                           periods=EDITIONS, within=["offence"])
    context.check_totals(SOURCE, table, parts=area_parts(register, with_btp=True),
                         keys=["period", "offence"], value="count", column="offences")
    return table


def area_parts(register: pd.DataFrame, *, with_btp: bool) -> dict[str, list[str]]:
    """Each aggregate area and the forces it adds up (England and Wales also BTP if
    `with_btp`), from the force register's regions."""
    parts: dict[str, list[str]] = {}
    for code, region in zip(register["pfa_code"], register["region_in_rec_crime_pfa"]):
        for aggregate in containing_areas(code, region):
            parts.setdefault(aggregate, []).append(code)
    if with_btp:
        parts[ENGLAND_AND_WALES].append(BTP)
    return parts


def _reverse(name: str) -> str:
    return {ho: ons for ons, ho in _ONS_TO_HO.items()}.get(name, name)


def p1_counts(context: BuildContext) -> pd.DataFrame | None:
    """The checked Table P1 counts of this build run (None if unusable)."""
    return context.shared("p1_counts", _read)


def _check_totals(context: BuildContext, counts: pd.DataFrame) -> None:
    """Each printed total must equal the sum of its printed parts."""
    keys = ["period", "area_code"]
    parts = counts[~counts["offence"].isin(_PUBLISHED_TOTALS)]
    sums = off.add_totals(parts, keys, _PUBLISHED_TOTALS).set_index(keys + ["offence"])
    printed = (counts.set_index(keys + ["offence"])[["count", "row"]]
               .rename(columns={"count": "printed"}))
    both = sums.join(printed, how="inner")
    differ = both["count"].fillna(-1) != both["printed"].fillna(-1)
    for (period, code, offence), row in both[differ].iterrows():
        context.log.add(SOURCE, int(row["row"]), "offences", row["printed"],
                        f"{offence} for {code} in {period} is not the sum of its parts "
                        f"({row['count']:.0f})")


def editions_with_notes(context: BuildContext) -> pd.DataFrame | None:
    """Table P1 with the derived totals and the notes, before sorting."""
    counts = p1_counts(context)
    register = force_register(context)
    if counts is None or register is None or context.log:
        return None
    _check_totals(context, counts)
    keys = ["period", "area_code", "area_name", "area_type"]
    derived = off.add_totals(counts, keys, _DERIVED_TOTALS)
    table = pd.concat([counts.assign(derived=False, has_negative=False),
                       derived.assign(derived=True)], ignore_index=True)
    # Which published aggregates leave out a force whose figures are missing.
    regions = dict(zip(register["pfa_code"], register["region_in_rec_crime_pfa"]))
    missing_forces = table.loc[(table["area_type"] == "pfa") & table["count"].isna(),
                               ["period", "area_code"]].drop_duplicates()
    excludes = pd.Series("", index=table.index)
    for period, force in missing_forces.itertuples(index=False):
        inside = (table["period"] == period) & table["area_code"].isin(
            containing_areas(force, regions[force]))
        excludes = excludes.where(~inside, excludes + f";excludes_{force}")
    notes = pd.DataFrame({
        "derived": np.where(table["derived"], "derived", ""),
        "missing": np.where(table["count"].isna(), "missing_in_source", ""),
        "btp": np.where(table["area_code"] == ENGLAND_AND_WALES, "includes_btp", ""),
        "excludes": excludes.str.lstrip(";"),
    })
    table["note"] = join_notes(notes)
    return table


def build_editions(context: BuildContext) -> list[BuiltTable]:
    table = editions_with_notes(context)
    if table is None:
        return []
    return [BuiltTable(SCHEMA, sort_by_offence(table, ["period", "area_code"]), PROVENANCE)]


BUILDER = TableBuilder("recorded_crime_editions", build_editions)
