"""Arrests by force, financial year, self-defined ethnic group, sex and age group,
2006/07 to 2017/18.

Source: ``ho-arrests-pfa/arrests_by_force_year_ethnic_group_sex_age_2006_07_to_2017_18.csv``.
"""

from __future__ import annotations

import pandas as pd

from peelstats.data._coverage import period_range
from peelstats.data._schema import Column, TableSchema
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build._home_office import force_codes, march_period, nonnegative
from peelstats.data.build._source import SourceCsv
from peelstats.data.build.forces import force_register
from peelstats.data.build.stop_search import (ASIAN, BLACK, CHINESE_OR_OTHER, MIXED,
                                              NOT_STATED, WHITE)

SOURCE = "ho-arrests-pfa/arrests_by_force_year_ethnic_group_sex_age_2006_07_to_2017_18.csv"
_COLUMNS = ("financial_year", "year_ending", "force_name", "pfa_code", "ethnic_group", "sex",
            "age_group", "arrests")

#: The source's ethnic group names → the names used by every table here (the stop and
#: search table's); only "Chinese/other" is written differently in the source.
ETHNIC_GROUPS: dict[str, str] = {
    "White": WHITE, "Black or Black British": BLACK, "Asian or Asian British": ASIAN,
    "Mixed": MIXED, "Chinese/other": CHINESE_OR_OTHER, "Not stated": NOT_STATED,
}
SEXES = ("Female", "Male")
AGE_GROUPS = ("Under 10 years", "10 - 17 years", "18 - 20 years", "21 years and over",
              "Unknown")

SCHEMA = TableSchema(
    "arrests",
    (Column("period", "str"), Column("area_code", "str"), Column("area_name", "str"),
     Column("ethnic_group", "str"), Column("sex", "str"), Column("age_group", "str"),
     Column("arrests", "int", nullable=True)),
    key=("period", "area_code", "ethnic_group", "sex", "age_group"),
)

PROVENANCE = f"""\
Arrests by the 43 forces (no British Transport Police) by financial year (`period`
`2018-03` is 2017/18; 2006/07 to 2017/18), the arrested person's self-defined ethnic
group, sex and age group. England and Wales is not a row: add up the 43 forces.

- Source: `{SOURCE}`: the Home Office "Police powers and procedures, England and Wales,
  year ending 31 March 2018" arrests open data table (sheet `AOD_0607_1718`), added up
  over offence group. Home Office; Open Government Licence v3.0.
- `ethnic_group`: {', '.join(f'"{g}"' for g in ETHNIC_GROUPS.values())}, as in
  `stop_search.csv` (the source writes "Chinese/other"). `sex`: {', '.join(SEXES)}.
  `age_group`: {', '.join(f'"{a}"' for a in AGE_GROUPS)}.
- An empty `arrests` cell: every source cell of the group was `..` or `*` (not
  available); it is not zero. Arrests count arrests, not people: one person can be
  arrested several times. Total arrests, 43 forces: 1,474,843 in 2006/07, 698,737 in
  2017/18. Rows in `period`, `area_code`, ethnic group, sex and age group order."""


def build_arrests(context: BuildContext) -> list[BuiltTable]:
    source = SourceCsv(context.source, SOURCE, _COLUMNS, context.log)
    register = force_register(context)
    if not source.ok or register is None:
        return []
    source.check_not_empty(_COLUMNS[:7])
    period = march_period(context, source, "year_ending", "financial_year")
    codes = force_codes(context, source, "force_name", "pfa_code", allow_btp=False)
    source.check_known("ethnic_group", ETHNIC_GROUPS, "ethnic group")
    source.check_known("sex", SEXES, "sex")
    source.check_known("age_group", AGE_GROUPS, "age group")
    source.check_unique(["year_ending", "pfa_code", "ethnic_group", "sex", "age_group"])
    arrests = nonnegative(context, source, "arrests", missing=("",))
    # Every force in every year 2006/07 to 2017/18, with every group of the year.
    context.check_coverage(
        SOURCE, pd.DataFrame({"area_code": codes, "period": period,
                              **{name: source.text(name)
                                 for name in ("ethnic_group", "sex", "age_group")}}),
        areas=register["pfa_code"], periods=period_range("2007-03", "2018-03", step=12),
        within=["ethnic_group", "sex", "age_group"])
    if context.log:
        return []
    names = dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"]))
    groups = source.text("ethnic_group").map(ETHNIC_GROUPS)
    table = pd.DataFrame({
        "period": period, "area_code": codes, "area_name": codes.map(names),
        "ethnic_group": groups, "sex": source.text("sex"),
        "age_group": source.text("age_group"), "arrests": arrests,
    })
    order = {"ethnic_group": list(ETHNIC_GROUPS.values()), "sex": list(SEXES),
             "age_group": list(AGE_GROUPS)}
    ranks = {f"_{name}": table[name].map({v: i for i, v in enumerate(values)})
             for name, values in order.items()}
    table = (table.assign(**ranks)
             .sort_values(["period", "area_code", *ranks]).drop(columns=list(ranks)))
    return [BuiltTable(SCHEMA, table, PROVENANCE)]


BUILDER = TableBuilder("arrests", build_arrests)
