"""2011 Census usual residents by ethnic group and force, in the groups of the Home Office
stop and search and arrest tables.

Sources: ``census2011-ethnicity-pfa/police-defined-demographics.csv`` (Chinese apart from
Asian) and ``census2011-ethnicity-pfa/census2011_ethnic_group_5_by_pfa.csv`` (area codes,
totals and the 2011 Census groups, Chinese within Asian), each checked against the other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peelstats.data._schema import Column, TableSchema
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build._home_office import nonnegative
from peelstats.data.build._source import SourceCsv
from peelstats.data.build.forces import check_force_names, force_register
from peelstats.data.build.stop_search import (ASIAN, BLACK, CHINESE_OR_OTHER, MIXED,
                                              WHITE)

POLICE_SOURCE = "census2011-ethnicity-pfa/police-defined-demographics.csv"
CENSUS_SOURCE = "census2011-ethnicity-pfa/census2011_ethnic_group_5_by_pfa.csv"
_POLICE_COLUMNS = ("Police force", "White", "Black (or Black British)",
                   "Asian (or Asian British)", "Chinese", "Mixed", "Other")
_CENSUS_COLUMNS = ("pfa_code", "pfa_name", "all_usual_residents", "white", "mixed", "asian",
                   "black", "other")
ALL = "All usual residents"
#: The groups of the table, in order: the five of the Home Office tables, then the total.
GROUPS = (WHITE, BLACK, ASIAN, MIXED, CHINESE_OR_OTHER, ALL)
CENSUS_YEAR = 2011

SCHEMA = TableSchema(
    "ethnicity_population",
    (Column("area_code", "str"), Column("area_name", "str"), Column("census_year", "int"),
     Column("ethnic_group", "str"), Column("population", "int")),
    key=("area_code", "ethnic_group"),
)

PROVENANCE = f"""\
Usual residents on Census day, 27 March 2011, by ethnic group, for the 43 forces: the
denominators of stop and search and arrest rates by ethnic group.

- Sources: ONS 2011 Census table QS201EW "Ethnic group" (Nomis), local authorities added
  up to police force areas with the ONS December 2016 lookup: `{POLICE_SOURCE}` (the
  groups of the Home Office tables, with Chinese taken out of Asian) and
  `{CENSUS_SOURCE}` (the 2011 Census groups with the area codes). Office for National
  Statistics; Open Government Licence v3.0.
- `ethnic_group`: {', '.join(f'"{g}"' for g in GROUPS[:5])} as in `stop_search.csv`
  ("Asian or Asian British" **without** Chinese; "Chinese or Other Ethnic Group" =
  Chinese + Other, Arab included), and "{ALL}". The five groups add up to the total.
- Checks: each force's groups add up to its usual residents in the census file; White,
  Black and Mixed agree between the two files; Asian + Chinese there is the census
  Asian; the 43 forces add up to 56,075,912, the usual residents of England and Wales.
- Quirks: these are 2011 residents. A rate for a year far from 2011 (2018/19) divides by
  a stale population, and ethnic minority populations grew faster than the total; the
  population at risk of a search (visitors, commuters, the night-time economy) is not the
  resident population. Ratios built on them are the conventional "disproportionality"
  figures, not risks. Rows in `area_code`, group order."""


def _police_groups(context: BuildContext) -> pd.DataFrame | None:
    source = SourceCsv(context.source, POLICE_SOURCE, _POLICE_COLUMNS, context.log)
    if not source.ok:
        return None
    source.check_not_empty(_POLICE_COLUMNS)
    source.check_unique(["Police force"])
    codes = check_force_names(context, source, "Police force")
    values = {column: nonnegative(context, source, column) for column in _POLICE_COLUMNS[1:]}
    register = force_register(context)
    if register is not None:
        context.check_coverage(POLICE_SOURCE, pd.DataFrame({"area_code": codes}),
                               areas=register["pfa_code"], period=None)
    return pd.DataFrame({"area_code": codes, "row": source.rows, **values})


def _census_groups(context: BuildContext) -> pd.DataFrame | None:
    source = SourceCsv(context.source, CENSUS_SOURCE, _CENSUS_COLUMNS, context.log)
    if not source.ok:
        return None
    source.check_not_empty(_CENSUS_COLUMNS)
    source.check_unique(["pfa_code"])
    check_force_names(context, source, "pfa_name", code_column="pfa_code")
    values = {column: nonnegative(context, source, column) for column in _CENSUS_COLUMNS[2:]}
    register = force_register(context)
    if register is not None:
        context.check_coverage(CENSUS_SOURCE, pd.DataFrame({"area_code": source.text("pfa_code")}),
                               areas=register["pfa_code"], period=None)
    return pd.DataFrame({"area_code": source.text("pfa_code"), "row": source.rows, **values})


def _agree(context: BuildContext, police: pd.DataFrame, census: pd.DataFrame) -> None:
    """Record every force whose two files disagree, naming the police file's cell."""
    joined = police.merge(census, on="area_code", how="outer", indicator=True,
                          suffixes=("", "_census"))
    for code in joined.loc[joined["_merge"] == "right_only", "area_code"]:
        context.log.add(POLICE_SOURCE, None, "Police force", code,
                        f"force is in {CENSUS_SOURCE} but not in this file")
    for code, row in joined.loc[joined["_merge"] == "left_only", ["area_code", "row"]].values:
        context.log.add(POLICE_SOURCE, int(row), "Police force", code,
                        f"force is not in {CENSUS_SOURCE}")
    both = joined[joined["_merge"] == "both"]
    police_total = both[list(_POLICE_COLUMNS[1:])].sum(axis=1)
    checks = [
        ("White", both["White"], both["white"]),
        ("Black (or Black British)", both["Black (or Black British)"], both["black"]),
        ("Mixed", both["Mixed"], both["mixed"]),
        ("Asian (or Asian British)", both["Asian (or Asian British)"] + both["Chinese"],
         both["asian"]),
        ("Other", both["Other"], both["other"]),
        ("White", police_total, both["all_usual_residents"]),
    ]
    for position, (column, mine, theirs) in enumerate(checks):
        what = ("the six groups add up to" if position == len(checks) - 1
                else "with Chinese gives" if column.startswith("Asian") else "is")
        wrong = (mine != theirs).to_numpy()
        for row, value, other in zip(both["row"][wrong], mine[wrong], theirs[wrong]):
            context.log.add(POLICE_SOURCE, int(row), column, int(value),
                            f"{what} {int(value)}, but {CENSUS_SOURCE} has {int(other)}")


def build_ethnicity_population(context: BuildContext) -> list[BuiltTable]:
    register = force_register(context)
    police = _police_groups(context)
    census = _census_groups(context)
    if register is None or police is None or census is None or context.log:
        return []
    _agree(context, police, census)
    if context.log:
        return []
    frame = police.merge(census[["area_code", "all_usual_residents"]], on="area_code")
    wide = pd.DataFrame({
        "area_code": frame["area_code"],
        WHITE: frame["White"], BLACK: frame["Black (or Black British)"],
        ASIAN: frame["Asian (or Asian British)"], MIXED: frame["Mixed"],
        CHINESE_OR_OTHER: frame["Chinese"] + frame["Other"],
        ALL: frame["all_usual_residents"],
    })
    table = wide.melt(id_vars="area_code", var_name="ethnic_group", value_name="population")
    names = dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"]))
    table["area_name"] = table["area_code"].map(names)
    table["census_year"] = CENSUS_YEAR
    rank = table["ethnic_group"].map({name: i for i, name in enumerate(GROUPS)})
    table = (table.assign(_rank=rank).sort_values(["area_code", "_rank"])
             .drop(columns="_rank"))
    table["population"] = table["population"].astype(np.int64)
    return [BuiltTable(SCHEMA, table, PROVENANCE)]


BUILDER = TableBuilder("ethnicity_population", build_ethnicity_population)
