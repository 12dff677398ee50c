"""Monthly outcomes in Cambridgeshire from the data.police.uk outcomes files (2019-2020).

Source: ``police-uk-outcomes-cambridgeshire/YYYY-MM-cambridgeshire-outcomes.csv.gz``, one
file a month. Two tables: ``monthly_outcomes`` (month, outcome group, count) and
``monthly_outcomes_lsoa`` (the same by LSOA).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from peelstats.data._schema import Column, TableSchema
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build._source import SourceCsv
from peelstats.data.build.crime_outcomes import CHARGED, NO_SUSPECT

FOLDER = "police-uk-outcomes-cambridgeshire"
MONTHS = tuple(f"{year}-{month:02d}" for year in (2019, 2020) for month in range(1, 13))
AREA_CODE = "E23000023"
AREA_NAME = "Cambridgeshire"
_COLUMNS = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude",
            "Location", "LSOA code", "LSOA name", "Outcome type")
_FORCE = "Cambridgeshire Constabulary"
_LSOA = re.compile(r"^[EW]01\d{6}$")

COURT = "Court result (after a charge)"
NOT_IN_PUBLIC_INTEREST = "Prosecution prevented or not in the public interest"
UNABLE = "Evidential difficulties or prosecution prevented (unable to prosecute)"

#: police.uk outcome type -> outcome group. The groups are the Home Office's (see
#: crime_outcomes.OUTCOME_GROUPS) where a police.uk type falls in one of them; police.uk's
#: "Unable to prosecute suspect" spans two Home Office groups (outcomes 14-16, evidential
#: difficulties, and 5, 9, 17, prosecution prevented) and is kept whole under its own name;
#: court results (Ministry of Justice data on charged crimes) are not police outcomes and
#: form their own group.
OUTCOME_TYPES: dict[str, str] = {
    "Suspect charged": CHARGED,
    "Suspect charged as part of another case": "Taken into consideration",
    "Offender given a caution": "Out-of-court (formal)",
    "Offender given penalty notice": "Out-of-court (formal)",
    "Offender given a drugs possession warning": "Out-of-court (informal)",
    "Local resolution": "Out-of-court (informal)",
    "Formal action is not in the public interest": NOT_IN_PUBLIC_INTEREST,
    "Further action is not in the public interest": NOT_IN_PUBLIC_INTEREST,
    "Unable to prosecute suspect": UNABLE,
    "Investigation complete; no suspect identified": NO_SUSPECT,
    "Action to be taken by another organisation":
        "Responsibility for further investigation transferred to another body",
    "Further investigation is not in the public interest":
        "Further investigation to support formal action not in the public interest – "
        "police decision",
    **{court: COURT for court in (
        "Offender sent to prison", "Offender given suspended prison sentence",
        "Offender fined", "Offender given community sentence",
        "Offender given conditional discharge", "Offender given absolute discharge",
        "Offender ordered to pay compensation", "Offender otherwise dealt with",
        "Offender deprived of property", "Defendant found not guilty",
        "Defendant sent to Crown Court", "Court case unable to proceed",
        "Court result unavailable")},
}
GROUPS = tuple(dict.fromkeys(OUTCOME_TYPES.values()))

SCHEMA = TableSchema(
    "monthly_outcomes",
    (Column("period", "str"), Column("area_code", "str"), Column("area_name", "str"),
     Column("outcome_group", "str"), Column("count", "int")),
    key=("period", "area_code", "outcome_group"),
)
LSOA_SCHEMA = TableSchema(
    "monthly_outcomes_lsoa",
    (Column("period", "str"), Column("lsoa_code", "str", nullable=True),
     Column("outcome_group", "str"), Column("count", "int")),
    key=("period", "lsoa_code", "outcome_group"),
)

_MAPPING = "\n".join(f"  - {group}: " + "; ".join(t for t, g in OUTCOME_TYPES.items() if g == group)
                     for group in GROUPS)
PROVENANCE = f"""\
Outcomes recorded each month by Cambridgeshire Constabulary (`area_code` {AREA_CODE}),
January 2019 to December 2020, counted by outcome group; `monthly_outcomes_lsoa` has the
same counts by LSOA (`lsoa_code` empty for outcomes without a location).

- Source: `{FOLDER}/YYYY-MM-cambridgeshire-outcomes.csv.gz`, the data.police.uk monthly
  outcomes files (Home Office / police forces; Open Government Licence v3.0). Every month
  has every group: a group with no outcome that month has `count` 0.
- A row is an outcome **recorded in that month**, whenever its crime was recorded: this is
  not the outcome rate of the month's crimes, and a crime can have several outcomes.
- Outcome groups: police.uk's outcome types mapped to the Home Office outcome groups of
  its outcomes tables (the Home Office Counting Rules outcome numbers of each are in the
  `outcomes` table). The police.uk types and their meaning are those of data.police.uk's
  outcome categories (renamed in 2014: data.gov.uk forum, "New police outcome categories
  and a bug fix"); court results are the Ministry of Justice's outcomes of charged crimes
  ("Understanding the Justice Outcome Data on the police.uk website", July 2012), not
  police outcomes, so they are a group of their own and are not charges. police.uk's
  "Unable to prosecute suspect" spans two Home Office groups and is kept whole:
{_MAPPING}
- Checks: each file has the standard columns, its `Month` is the file's month, every
  `Falls within` is {_FORCE}, every outcome type is one of the {len(OUTCOME_TYPES)}
  above and every LSOA code is an ONS LSOA code (or empty). Rows in `period`, outcome
  group order."""


def _read_month(context: BuildContext, month: str) -> pd.DataFrame | None:
    name = f"{FOLDER}/{month}-cambridgeshire-outcomes.csv.gz"
    source = SourceCsv(context.source, name, _COLUMNS, context.log)
    if not source.ok:
        return None
    source.check_known("Outcome type", OUTCOME_TYPES, "police.uk outcome type")
    source.check_known("Month", {month}, f"month (the file is for {month})")
    source.check_known("Falls within", {_FORCE}, "force")
    lsoa = source.text("LSOA code")
    bad = (lsoa != "") & ~lsoa.str.fullmatch(_LSOA.pattern)
    for row, value in zip(source.rows[bad.to_numpy()], lsoa[bad]):
        context.log.add(name, int(row), "LSOA code", value, "not an ONS LSOA code")
    return pd.DataFrame({"period": month, "lsoa_code": lsoa.to_numpy(),
                         "outcome_type": source.text("Outcome type").to_numpy()})


def build_monthly_outcomes(context: BuildContext) -> list[BuiltTable]:
    parts = [_read_month(context, month) for month in MONTHS]
    if context.log or any(part is None for part in parts):
        return []
    rows = pd.concat(parts, ignore_index=True)
    rows["outcome_group"] = rows["outcome_type"].map(OUTCOME_TYPES)
    rank = {group: i for i, group in enumerate(GROUPS)}
    full = pd.MultiIndex.from_product([MONTHS, GROUPS], names=["period", "outcome_group"])
    monthly = (rows.groupby(["period", "outcome_group"]).size().reindex(full, fill_value=0)
               .rename("count").reset_index())
    monthly.insert(1, "area_code", AREA_CODE)
    monthly.insert(2, "area_name", AREA_NAME)
    by_lsoa = (rows.groupby(["period", "lsoa_code", "outcome_group"]).size().rename("count")
               .reset_index())
    by_lsoa["_rank"] = by_lsoa["outcome_group"].map(rank)
    by_lsoa = (by_lsoa.sort_values(["period", "lsoa_code", "_rank"]).drop(columns="_rank")
               .reset_index(drop=True))
    by_lsoa["lsoa_code"] = by_lsoa["lsoa_code"].replace("", np.nan)
    if int(monthly["count"].sum()) != len(rows) or int(by_lsoa["count"].sum()) != len(rows):
        raise AssertionError("outcome counts do not add up to the rows read")  # a bug, not data
    lsoa_provenance = ("The monthly outcomes of `monthly_outcomes` by LSOA of the "
                       "outcome's (anonymised) location; see that section.")
    return [BuiltTable(SCHEMA, monthly, PROVENANCE),
            BuiltTable(LSOA_SCHEMA, by_lsoa, lsoa_provenance)]


BUILDER = TableBuilder("monthly_outcomes", build_monthly_outcomes)
