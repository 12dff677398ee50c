"""Stop and search by force, financial year, legislation and self-defined ethnic group,
with resultant arrests, 2006/07 to 2018/19.

Source: ``ho-stop-search-pfa/stop_search_open_data_2006_07_to_2018_19.csv`` (one row per
reason for search and detailed ethnicity; added up here, keeping apart the searches and
arrests of the rows where both are given, the basis of an arrest rate).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peelstats.data._coverage import period_range
from peelstats.data._schema import Column, TableSchema
from peelstats.data.build._areas import AREA_NAMES, BTP
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build._home_office import force_codes, march_period, nonnegative
from peelstats.data.build._source import SourceCsv
from peelstats.data.build.forces import force_register

SOURCE = "ho-stop-search-pfa/stop_search_open_data_2006_07_to_2018_19.csv"
_COLUMNS = ("year_ending", "financial_year", "force_name", "pfa_code", "legislation",
            "reason_for_search_arrest", "ethnic_group_self_defined", "ethnicity_self_defined",
            "searches", "resultant_arrests")
REASONS = ("Drugs", "Firearms", "Going Equipped", "Offensive Weapons", "Other",
           "Stolen Property", "Criminal Damage", "Anticipation of violence",
           "Prevent acts of terrorism")

SECTION_1 = "Section 1 (PACE)"
SECTION_60 = "Section 60 (CJPOA)"
SECTION_44 = "Section 44/47a (TACT)"
LEGISLATION = (SECTION_1, SECTION_60, SECTION_44)

WHITE = "White"
BLACK = "Black or Black British"
ASIAN = "Asian or Asian British"
MIXED = "Mixed"
CHINESE_OR_OTHER = "Chinese or Other Ethnic Group"
NOT_STATED = "Not stated"
VEHICLE_ONLY = "Vehicle only"
#: The self-defined ethnic groups of the Home Office table (old 5+1 groups, Chinese in
#: "Chinese or Other"), then searches with no stated ethnicity and of vehicles only.
ETHNIC_GROUPS = (WHITE, BLACK, ASIAN, MIXED, CHINESE_OR_OTHER, NOT_STATED, VEHICLE_ONLY)

#: The note on a row whose paired arrests exceed its paired searches, as printed.
ARRESTS_EXCEED_SEARCHES = "arrests_exceed_searches"

SCHEMA = TableSchema(
    "stop_search",
    (Column("period", "str"), Column("area_code", "str"), Column("area_name", "str"),
     Column("legislation", "str"), Column("ethnic_group", "str"),
     Column("searches", "int", nullable=True), Column("arrests", "int", nullable=True),
     Column("paired_searches", "int"), Column("paired_arrests", "int"),
     Column("note", "str", nullable=True)),
    key=("period", "area_code", "legislation", "ethnic_group"),
)

PROVENANCE = f"""\
Stop and searches and the arrests that followed them, by force, financial year
(`period` `2019-03` is 2018/19; 2006/07 to 2018/19), legislation and the person's
self-defined ethnic group: the 43 forces and British Transport Police (`BTP`). England and
Wales is not a row: add up the 43 forces (the published England and Wales totals include
BTP).

- Source: `{SOURCE}`: the Home Office "Police powers and procedures, England and Wales,
  year ending 31 March 2019" stop and search open data table (sheet `S&S_OD`, October
  2019), one row per force, year, legislation, reason for search and detailed
  self-defined ethnicity, added up here over the reason and the detailed ethnicity. Home
  Office; Open Government Licence v3.0.
- `legislation`: {', '.join(f'"{name}"' for name in LEGISLATION)}. Section 1 PACE needs
  reasonable suspicion; Section 60 CJPOA, authorised for an area and time, does not.
  Section 44 (TACT) ends in 2010/11; its replacement, Section 47A, appears only in
  2017/18.
- `ethnic_group` is **self-defined**, in the old 5+1 groups: {', '.join(f'"{g}"' for g in
  ETHNIC_GROUPS[:5])} (Chinese counted in "Chinese or Other", not Asian), "{NOT_STATED}"
  (about 15 percent of searches in 2018/19, varying by force) and "{VEHICLE_ONLY}"
  (searches of a vehicle with no person). The 2011 Census denominators in
  `ethnicity_population.csv` use the same groups.
- `searches`, `arrests`: the sums of the source cells that are given; empty when no
  cell of the group is. The source's empty cells (`-`, `..` or `*`, which the conversion
  could not tell apart) are mostly nil, as the source prints no zeros, but not all: BTP
  has no data for 2006/07 to 2008/09, and in 2018/19 the arrests of 107,604 searches are
  not given (89,547 of them the Metropolitan Police's, 12,634 Merseyside's, mostly drugs
  searches), so `arrests` falls short of the published total (47,299 against 58,251 in
  2018/19) and must not be divided by `searches`.
- `paired_searches`, `paired_arrests`: the searches and arrests of the source rows where
  **both** are given, the basis of an arrest rate (`paired_arrests / paired_searches`).
  Rows with searches but no arrests, or arrests but no searches (542 source rows), are
  left out of both.
- `note` is `{ARRESTS_EXCEED_SEARCHES}` where the paired arrests exceed the paired
  searches, kept as printed.
- Later Home Office tables (2020 onward) changed format and revised some years; this is
  the October 2019 vintage. Rows in `period`, `area_code`, legislation and ethnic group
  order."""


def _totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Searches and arrests added up over reason and detailed ethnicity."""
    paired = frame["searches"].notna() & frame["arrests"].notna()
    frame = frame.assign(paired_searches=frame["searches"].where(paired, 0.0),
                         paired_arrests=frame["arrests"].where(paired, 0.0))
    key = ["period", "area_code", "legislation", "ethnic_group"]
    grouped = frame.groupby(key, sort=False)
    return pd.DataFrame({
        "searches": grouped["searches"].sum(min_count=1),
        "arrests": grouped["arrests"].sum(min_count=1),
        "paired_searches": grouped["paired_searches"].sum(),
        "paired_arrests": grouped["paired_arrests"].sum(),
    }).reset_index()


def build_stop_search(context: BuildContext) -> list[BuiltTable]:
    source = SourceCsv(context.source, SOURCE, _COLUMNS, context.log)
    register = force_register(context)
    if not source.ok or register is None:
        return []
    source.check_not_empty(_COLUMNS[:8])
    period = march_period(context, source, "year_ending", "financial_year")
    codes = force_codes(context, source, "force_name", "pfa_code")
    source.check_known("legislation", LEGISLATION, "legislation")
    source.check_known("reason_for_search_arrest", REASONS, "reason for search")
    source.check_known("ethnic_group_self_defined", ETHNIC_GROUPS, "ethnic group")
    source.check_unique(["year_ending", "pfa_code", "legislation", "reason_for_search_arrest",
                         "ethnicity_self_defined"])
    searches = nonnegative(context, source, "searches", missing=("",))
    arrests = nonnegative(context, source, "resultant_arrests", missing=("",))
    # Every force in every year 2006/07 to 2018/19 (BTP has no data for the first three).
    context.check_coverage(SOURCE, pd.DataFrame({"area_code": codes, "period": period}),
                           areas=register["pfa_code"],
                           periods=period_range("2007-03", "2019-03", step=12))
    if context.log:
        return []
    names = {**dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"])),
             BTP: AREA_NAMES[BTP]}
    table = _totals(pd.DataFrame({
        "period": period, "area_code": codes, "legislation": source.text("legislation"),
        "ethnic_group": source.text("ethnic_group_self_defined"),
        "searches": searches, "arrests": arrests,
    }))
    table["area_name"] = table["area_code"].map(names)
    table["note"] = np.where(table["paired_arrests"] > table["paired_searches"],
                             ARRESTS_EXCEED_SEARCHES, None)
    table = (table.assign(
        _law=table["legislation"].map({name: i for i, name in enumerate(LEGISLATION)}),
        _group=table["ethnic_group"].map({name: i for i, name in enumerate(ETHNIC_GROUPS)}))
        .sort_values(["period", "area_code", "_law", "_group"])
        .drop(columns=["_law", "_group"]))
    return [BuiltTable(SCHEMA, table, PROVENANCE)]


BUILDER = TableBuilder("stop_search", build_stop_search)
