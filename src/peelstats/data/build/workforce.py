"""Police workforce by force as at 31 March, 2007 to 2023: officers, PCSOs, staff,
designated officers (FTE), special constables and police support volunteers (headcount).

Source: ``ho-police-workforce/workforce_by_force_year_2007_2023.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peelstats.data._schema import Column, TableSchema
from peelstats.data.build._areas import AREA_NAMES, BTP
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build._home_office import force_codes, nonnegative
from peelstats.data.build._source import SourceCsv
from peelstats.data.build.forces import force_register

SOURCE = "ho-police-workforce/workforce_by_force_year_2007_2023.csv"
_FTE = ("officer_fte", "pcso_fte", "staff_fte", "designated_officer_fte")
_HEADCOUNT = ("officer_headcount", "special_constable_headcount")
_VOLUNTEERS = "police_support_volunteer_headcount"
_COLUMNS = ("year", "geo_code", "force_name", "region", *_FTE, *_HEADCOUNT, _VOLUNTEERS)
FIRST_YEAR, LAST_YEAR = 2007, 2023
# Police support volunteers were first counted in the 31 March 2018 table.
FIRST_VOLUNTEER_YEAR = 2018

SCHEMA = TableSchema(
    "workforce",
    (Column("as_at", "str"), Column("area_code", "str"), Column("area_name", "str"),
     Column("officer_fte", "float"), Column("officer_headcount", "int"),
     Column("pcso_fte", "float"), Column("staff_fte", "float"),
     Column("designated_officer_fte", "float"), Column("special_constable_headcount", "int"),
     Column("police_support_volunteer_headcount", "int", nullable=True)),
    key=("as_at", "area_code"),
)

PROVENANCE = f"""\
The police workforce of the 43 forces and British Transport Police (`BTP`) **as at 31
March** of each year, {FIRST_YEAR} to {LAST_YEAR} (`as_at`, `YYYY-03-31`): a count on one
day, not a financial-year average. England and Wales is not a row: add up the 43 forces
(147,429.6 officer FTE on 31 March 2023; the published headline is 147,430).

- Source: `{SOURCE}`: the Home Office "Police workforce, England and Wales" open data
  table of 26 July 2023 (`open-data-table-police-workforce-260723.ods`, sheet `Data`),
  added up over sex and rank by worker type. Home Office; Open Government Licence v3.0.
- Full-time equivalents (FTE): `officer_fte`, `pcso_fte` (police community support
  officers), `staff_fte`, `designated_officer_fte`; headcounts: `officer_headcount`,
  `special_constable_headcount`, `police_support_volunteer_headcount` (empty before
  {FIRST_VOLUNTEER_YEAR}, when they were first counted).
- Quirks: the counts include officers on career breaks or long-term absence and those
  seconded in, and exclude officers seconded out to central services. The Metropolitan
  Police's 31 March 2015 figures were adjusted by the Home Office for comparability; some
  forces could not count designated officers apart from police staff. This table
  supersedes earlier publications, so single-year bulletins may differ slightly. Rows in
  `as_at`, `area_code` order."""


def build_workforce(context: BuildContext) -> list[BuiltTable]:
    source = SourceCsv(context.source, SOURCE, _COLUMNS, context.log)
    register = force_register(context)
    if not source.ok or register is None:
        return []
    source.check_not_empty(_COLUMNS[:-1])
    year = source.numbers("year", integer=True)
    # The text itself becomes as_at, so "2018.0" (a number, but not a year as written)
    # is a problem too.
    written = source.text("year").str.fullmatch(r"\d{4}").to_numpy()
    outside = ~np.isnan(year) & (~written | (year < FIRST_YEAR) | (year > LAST_YEAR))
    for row, value in zip(source.rows[outside], source.frame["year"][outside]):
        context.log.add(SOURCE, int(row), "year", value,
                        f"not a year from {FIRST_YEAR} to {LAST_YEAR} written YYYY")
    codes = force_codes(context, source, "force_name", "geo_code")
    source.check_unique(["year", "geo_code"])
    values = {name: nonnegative(context, source, name, integer=False) for name in _FTE}
    values |= {name: nonnegative(context, source, name) for name in _HEADCOUNT}
    volunteers = nonnegative(context, source, _VOLUNTEERS, missing=("",))
    late = (year >= FIRST_VOLUNTEER_YEAR)
    empty = late & (source.text(_VOLUNTEERS) == "").to_numpy()
    for row in source.rows[empty]:
        context.log.add(SOURCE, int(row), _VOLUNTEERS, "",
                        f"empty, but volunteers are counted from {FIRST_VOLUNTEER_YEAR}")
    context.check_coverage(SOURCE, pd.DataFrame({"area_code": codes,
                                                 "period": source.text("year")}),
                           areas=[*register["pfa_code"], BTP],
                           periods=[str(year) for year in range(FIRST_YEAR, LAST_YEAR + 1)])
    if context.log:
        return []
    names = {**dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"])),
             BTP: AREA_NAMES[BTP]}
    table = pd.DataFrame({
        "as_at": source.text("year") + "-03-31", "area_code": codes,
        "area_name": codes.map(names), **values, _VOLUNTEERS: volunteers,
    })
    table = table.sort_values(["as_at", "area_code"])
    return [BuiltTable(SCHEMA, table, PROVENANCE)]


BUILDER = TableBuilder("workforce", build_workforce)
