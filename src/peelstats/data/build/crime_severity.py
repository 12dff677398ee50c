"""ONS Crime Severity Score by force, region and country, years ending March 2003 to 2022.

Source: ``ons-crime-severity-score-pfa/crime_severity_score_pfa_ye_mar2003_to_mar2022.csv``.
"""

from __future__ import annotations

import pandas as pd

from peelstats.data._coverage import period_range
from peelstats.data._schema import Column, TableSchema
from peelstats.data.build._areas import AREA_NAMES, AREA_TYPES, ENGLAND_AND_WALES
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build._home_office import march_period, nonnegative
from peelstats.data.build._source import SourceCsv
from peelstats.data.build.forces import check_force_names, force_register

SOURCE = "ons-crime-severity-score-pfa/crime_severity_score_pfa_ye_mar2003_to_mar2022.csv"
_COLUMNS = ("year_ending", "period", "area_code", "area_name", "area_type", "offence_group",
            "severity_score")
TOTAL = "Total recorded crime"
#: The offence groups of the score, in the order of the ONS data tool.
OFFENCE_GROUPS = (TOTAL, "Violence against the person", "Sexual offences", "Robbery",
                  "Theft offences", "Criminal damage and arson",
                  "Other crimes against society")
# ONS's symbol for a score it does not publish (the City of London, every year).
NOT_PUBLISHED = ":"
_AREA_TYPES = ("pfa", "region", "country", "country_group")

SCHEMA = TableSchema(
    "crime_severity",
    (Column("period", "str"), Column("area_code", "str"), Column("area_name", "str"),
     Column("area_type", "str"), Column("offence_group", "str"),
     Column("severity_score", "float", nullable=True)),
    key=("period", "area_code", "offence_group"),
)

PROVENANCE = f"""\
The ONS Crime Severity Score for the 12 months ending March (`period` `2019-03`), 2003 to
2022, for the 43 forces (`area_type` `pfa`), the English regions, England, Wales and
England and Wales (`{ENGLAND_AND_WALES}`), by offence group: {', '.join(
    f'"{g}"' for g in OFFENCE_GROUPS)}.

- Source: `{SOURCE}`: the ONS "Crime Severity Score (Experimental Statistics)" data tool,
  edition for the year ending March 2022 (sheet `Data - reg + pfa`). Office for National
  Statistics; Open Government Licence v3.0.
- The score weights each police recorded offence (excluding fraud) by the average
  severity of the sentences given for it (Ministry of Justice sentencing data) and
  divides the weighted total by the area's population: harm-weighted crime per head, not
  a count, so it has no sampling or Poisson interval here. England and Wales, total
  recorded crime: 15.9 (YE Mar 2003), 15.8 (2019), 13.6 (2021), 15.9 (2022).
- Quirks: ONS publishes no score for the City of London (its resident population is
  tiny; the source shows `:`): its `severity_score` is empty in every year. Experimental
  statistics; scores use population estimates as published before
  the 2021 Census rebasing, and ONS recalculates the whole series with each edition, so
  this vintage can differ from scores first published earlier. Greater Manchester had
  recording problems after July 2019: treat its 2019/20 and 2020/21 scores with care.
  Area names are the ONS tool's (written in full for the countries). Rows in `period`,
  `area_code`, offence group order."""


def build_crime_severity(context: BuildContext) -> list[BuiltTable]:
    source = SourceCsv(context.source, SOURCE, _COLUMNS, context.log)
    register = force_register(context)
    if not source.ok or register is None:
        return []
    source.check_not_empty(_COLUMNS)
    period = march_period(context, source, "year_ending")
    types = source.text("area_type")
    source.check_known("area_type", _AREA_TYPES, "area type")
    is_force = (types == "pfa").to_numpy()
    codes = source.text("area_code")
    source.check_known("area_code", set(register["pfa_code"]), "police force area code",
                       where=is_force)
    others = {code for code, kind in AREA_TYPES.items() if kind in _AREA_TYPES}
    source.check_known("area_code", others, "area code", where=~is_force)
    check_force_names(context, source, "area_name", where=is_force, code_column="area_code")
    source.check_known("offence_group", OFFENCE_GROUPS, "offence group")
    source.check_unique(["year_ending", "area_code", "offence_group"])
    score = nonnegative(context, source, "severity_score", integer=False,
                        missing=(NOT_PUBLISHED,))
    context.check_coverage(SOURCE, pd.DataFrame({"area_code": codes, "period": period,
                                                 "group": source.text("offence_group")}),
                           areas=[*register["pfa_code"], *others],
                           periods=period_range("2003-03", "2022-03", step=12),
                           within=["group"])
    if context.log:
        return []
    names = {**dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"])),
             **AREA_NAMES}
    groups = source.text("offence_group")
    table = pd.DataFrame({
        "period": period, "area_code": codes, "area_name": codes.map(names),
        "area_type": types, "offence_group": groups, "severity_score": score,
    })
    rank = groups.map({name: i for i, name in enumerate(OFFENCE_GROUPS)})
    table = (table.assign(_rank=rank).sort_values(["period", "area_code", "_rank"])
             .drop(columns="_rank"))
    return [BuiltTable(SCHEMA, table, PROVENANCE)]


BUILDER = TableBuilder("crime_severity", build_crime_severity)
