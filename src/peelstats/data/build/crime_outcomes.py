"""Crime outcomes by force for 2018/19: outcome groups of the offences recorded in the year.

Source: ``ho-crime-outcomes-pfa-2018-19/outcome_groups_by_force_2018_19_excl_fraud.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peelstats.data._schema import Column, TableSchema
from peelstats.data.build._areas import AREA_NAMES, BTP
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build._home_office import (financial_year_period, force_codes,
                                               nonnegative)
from peelstats.data.build._source import SourceCsv
from peelstats.data.build.forces import force_register

SOURCE = "ho-crime-outcomes-pfa-2018-19/outcome_groups_by_force_2018_19_excl_fraud.csv"
_COUNT = "outcomes_for_offences_recorded_in_year"
_IN_YEAR = "outcomes_recorded_in_year"
_OFFENCES = "offences_recorded_excl_fraud"
_PERCENT = "pct_of_offences_recorded"
_COLUMNS = ("financial_year", "force_name", "pfa_code", "outcome_group", _COUNT, _IN_YEAR,
            _OFFENCES, _PERCENT)

CHARGED = "Charged/Summonsed"
NO_SUSPECT = "Investigation complete – no suspect identified"
NOT_YET_ASSIGNED = "Not yet assigned an outcome"

#: The Home Office outcome groups, in the order of its outcomes tables, with the outcome
#: types (Home Office Counting Rules outcome numbers) in each.
OUTCOME_GROUPS: dict[str, str] = {
    CHARGED: "1",
    "Out-of-court (formal)": "2;3;6",
    "Out-of-court (informal)": "7;8",
    "Taken into consideration": "4",
    "Prosecution prevented or not in the public interest": "5;9;10;11;12;13;17",
    "Evidential difficulties (suspect identified; victim supports action)": "15",
    "Evidential difficulties (victim does not support action)": "14;16",
    NO_SUSPECT: "18",
    "Responsibility for further investigation transferred to another body": "20",
    "Further investigation to support formal action not in the public interest – "
    "police decision": "21",
    NOT_YET_ASSIGNED: "0",
}

# The printed percentage has two decimals: it may differ from count / offences by half
# a unit in the last place (and a hair more for the binary value of the printed number).
_PERCENT_TOLERANCE = 0.005 + 1e-9

SCHEMA = TableSchema(
    "outcomes",
    (Column("period", "str"), Column("area_code", "str"), Column("area_name", "str"),
     Column("outcome_group", "str"), Column("outcome_types", "str"), Column("count", "int"),
     Column("outcomes_in_year", "int"), Column("offences", "int")),
    key=("period", "area_code", "outcome_group"),
)

PROVENANCE = f"""\
Outcomes of the crimes (excluding fraud) recorded by each force in 2018/19 (`period`
`2019-03`), in the Home Office outcome groups: the 43 forces and British Transport Police
(`BTP`). England and Wales is not a row: add up the 43 forces (without `BTP`), as
`peelstats.figures` does.

- Source: `{SOURCE}`: the Home Office "Police recorded crime and outcomes open data
  tables", outcomes for the year ending March 2019 (vintage of about January 2020), the
  four quarters added up by force and outcome group. Home Office; Open Government
  Licence v3.0.
- `count`: outcomes assigned (by the time of the extract) to offences **recorded in
  2018/19**, including "{NOT_YET_ASSIGNED}" (outcome type 0), so that the groups of a
  force add up to `offences`, the offences it recorded. This is the basis of a charge
  rate: `count / offences` of "{CHARGED}" (outcome type 1) is the percent of offences
  recorded in the year that were charged or summonsed. `outcomes_in_year`: outcomes
  assigned during 2018/19 to offences recorded at any time (no type 0), the other
  published basis; do not mix the two. `outcome_types`: the outcome numbers in the group.
- Checks: every force has the {len(OUTCOME_GROUPS)} groups once, its groups add up to
  its offences, and the printed percent of offences recorded agrees with count /
  offences to its two decimals.
- Quirk: this extract is a later vintage than the Home Office bulletin of July 2019, so
  more outcomes are assigned: the 43 forces charged or summonsed 8.5 percent of the
  offences they recorded here, against 7.8 percent in that bulletin (168,319 offences were
  still not yet assigned an outcome here). Offence totals agree with police recorded
  crime for YE Mar 2019 to about 1 percent for the same reason. Outcome 22 (diversionary
  activity) did not exist yet. Rows in `period`, `area_code`, outcome group order."""


def _check_totals(context: BuildContext, source: SourceCsv, codes: pd.Series,
                  count: np.ndarray, offences: np.ndarray, percent: np.ndarray) -> None:
    frame = pd.DataFrame({"code": codes, "count": count, "offences": offences,
                          "row": source.rows})
    groups = frame.groupby("code", sort=False)
    spread = groups["offences"].transform("max") - groups["offences"].transform("min")
    for row, value in zip(frame["row"][spread > 0], source.frame[_OFFENCES][spread > 0]):
        context.log.add(SOURCE, int(row), _OFFENCES, value,
                        "offences differ between the rows of one force")
    total = groups["count"].transform("sum")
    wrong = (spread == 0) & (total != frame["offences"])
    for row, value, added in zip(frame["row"][wrong], source.frame[_OFFENCES][wrong],
                                 total[wrong]):
        context.log.add(SOURCE, int(row), _OFFENCES, value,
                        f"the force's outcome groups add up to {int(added)}, not to this")
    with np.errstate(invalid="ignore", divide="ignore"):
        computed = 100.0 * count / offences
    off = np.abs(computed - percent) > _PERCENT_TOLERANCE
    for row, value, exact in zip(source.rows[off], source.frame[_PERCENT][off], computed[off]):
        context.log.add(SOURCE, int(row), _PERCENT, value,
                        f"count / offences is {exact:.4f} percent")
    counts = groups.size()
    for code, size in counts[counts != len(OUTCOME_GROUPS)].items():
        context.log.add(SOURCE, None, "outcome_group", code,
                        f"force has {size} outcome groups, expected {len(OUTCOME_GROUPS)}")


def build_outcomes(context: BuildContext) -> list[BuiltTable]:
    source = SourceCsv(context.source, SOURCE, _COLUMNS, context.log)
    register = force_register(context)
    if not source.ok or register is None:
        return []
    source.check_not_empty(_COLUMNS)
    period = financial_year_period(context, source, "financial_year")
    codes = force_codes(context, source, "force_name", "pfa_code")
    source.check_known("outcome_group", OUTCOME_GROUPS, "outcome group")
    source.check_unique(["financial_year", "pfa_code", "outcome_group"])
    count = nonnegative(context, source, _COUNT)
    in_year = nonnegative(context, source, _IN_YEAR)
    offences = nonnegative(context, source, _OFFENCES)
    percent = nonnegative(context, source, _PERCENT, integer=False)
    context.check_coverage(SOURCE, pd.DataFrame({"area_code": codes, "period": period,
                                                 "group": source.text("outcome_group")}),
                           areas=[*register["pfa_code"], BTP], periods=["2019-03"],
                           within=["group"])
    if context.log:
        return []
    _check_totals(context, source, codes, count, offences, percent)
    if context.log:
        return []
    names = {**dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"])),
             BTP: AREA_NAMES[BTP]}
    groups = source.text("outcome_group")
    table = pd.DataFrame({
        "period": period, "area_code": codes, "area_name": codes.map(names),
        "outcome_group": groups, "outcome_types": groups.map(OUTCOME_GROUPS),
        "count": count, "outcomes_in_year": in_year, "offences": offences,
    })
    rank = groups.map({name: i for i, name in enumerate(OUTCOME_GROUPS)})
    table = (table.assign(_rank=rank).sort_values(["period", "area_code", "_rank"])
             .drop(columns="_rank"))
    return [BuiltTable(SCHEMA, table, PROVENANCE)]


BUILDER = TableBuilder("outcomes", build_outcomes)
