"""Crime Survey for England and Wales: adults who experienced or witnessed anti-social
behaviour in their local area, by force (ONS force area tables, Table P6).

Source: ``ons-pfa-tables/csew_asb_experience_pfa_ye_mar2018_mar2019.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peelstats.data._schema import Column, TableSchema
from peelstats.data.build._areas import AREA_NAMES, AREA_TYPES
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build._source import SourceCsv
from peelstats.data.build.forces import check_force_names, force_register

SOURCE = "ons-pfa-tables/csew_asb_experience_pfa_ye_mar2018_mar2019.csv"
_COLUMNS = ("edition_year_ending", "area_code", "area_name", "area_type", "measure",
            "percent", "sig_diff_from_england_and_wales", "sig_change_vs_previous_year",
            "unweighted_base_adults")
EDITIONS = ("2018-03", "2019-03")
MEASURES = ("Any anti-social behaviour", "Drink related behaviour",
            "Groups hanging around on the streets")
LONDON_COMBINED = "City of London / Metropolitan Police"

# ONS's significance symbols (Table P6 notes) and what they say.
VS_ENGLAND_AND_WALES = {"*": "significant", "": "not significant", ":": "not applicable"}
VS_PREVIOUS_YEAR = {"*↑": "significant increase", "*↓": "significant decrease",
                    "": "not significant", ":": "not applicable"}

SCHEMA = TableSchema(
    "survey",
    (Column("period", "str"), Column("area_code", "str"), Column("area_name", "str"),
     Column("area_type", "str"), Column("measure", "str"), Column("percent", "float"),
     Column("n", "int"), Column("vs_england_and_wales", "str"),
     Column("vs_previous_year", "str"), Column("flag_vs_england_and_wales", "str",
                                               nullable=True),
     Column("flag_vs_previous_year", "str", nullable=True)),
    key=("period", "area_type", "area_code", "measure"),
)

PROVENANCE = f"""\
Crime Survey for England and Wales (CSEW): percentage of adults who experienced or
witnessed anti-social behaviour in their local area, Table P6 of the ONS police force area
tables, for the survey years ending March 2018 and March 2019 (`period`).

- Source: `{SOURCE}` (Office for National Statistics, CSEW; Open Government Licence
  v3.0).
- `measure`: {', '.join(f'"{m}"' for m in MEASURES)}. `percent` is the weighted estimate
  as printed; `n` is the unweighted base (adults interviewed). The survey is weighted and
  clustered, so a simple binomial interval from `percent` and `n` is somewhat too narrow.
  Force estimates rest on small samples (`n` 521 to 1,528); ONS says to treat them with
  extreme caution.
- ONS's significance flags (5% level), as printed in `flag_vs_england_and_wales` (`*`
  significantly different, `:` not applicable) and `flag_vs_previous_year` (`*↑`, `*↓`
  significant increase or decrease), and read out in `vs_england_and_wales`
  ({', '.join(sorted(set(VS_ENGLAND_AND_WALES.values())))}) and `vs_previous_year`
  ({', '.join(sorted(set(VS_PREVIOUS_YEAR.values())))}).
- The CSEW reports London as one area, "{LONDON_COMBINED}", under the London region code
  `E12000007` with `area_type` `pfa_combined` (it repeats the London region row): 41
  single forces plus this combined row. Rows in `period`, `area_type`, `area_code`,
  `measure` order."""


def build_survey(context: BuildContext) -> list[BuiltTable]:
    source = SourceCsv(context.source, SOURCE, _COLUMNS, context.log)
    register = force_register(context)
    if not source.ok or register is None:
        return []
    source.check_not_empty(["edition_year_ending", "area_code", "area_name", "area_type",
                            "measure"])
    source.check_known("edition_year_ending", EDITIONS, "edition")
    source.check_known("measure", MEASURES, "measure")
    source.check_known("area_code", {*register["pfa_code"], *AREA_TYPES}, "area code")
    types = source.text("area_type")
    source.check_known("area_type", {"pfa", "pfa_combined", *AREA_TYPES.values()},
                       "area type")
    is_force = (types == "pfa").to_numpy()
    check_force_names(context, source, "area_name", where=is_force, code_column="area_code")
    combined = (types == "pfa_combined").to_numpy()
    source.check_known("area_name", {LONDON_COMBINED}, "combined area", where=combined)
    source.check_known("sig_diff_from_england_and_wales", VS_ENGLAND_AND_WALES,
                       "significance flag")
    source.check_known("sig_change_vs_previous_year", VS_PREVIOUS_YEAR, "significance flag")
    source.check_unique(["edition_year_ending", "area_type", "area_code", "measure"])
    percent = source.numbers("percent", integer=False)
    outside = (percent < 0) | (percent > 100)
    for row, value in zip(source.rows[outside], source.frame["percent"][outside]):
        context.log.add(SOURCE, int(row), "percent", value, "not a percentage in 0 to 100")
    # Each single force (London is one combined area), region, country and England and
    # Wales in both survey years with every measure.
    london = {"E23000001", "E23000034"}
    context.check_coverage(
        SOURCE, pd.DataFrame({"area": types + " " + source.text("area_code"),
                              "period": source.text("edition_year_ending"),
                              "measure": source.text("measure")}),
        area="area", periods=EDITIONS, within=["measure"],
        areas=[f"pfa {code}" for code in register["pfa_code"] if code not in london]
        + ["pfa_combined E12000007"] + [f"{kind} {code}" for code, kind in AREA_TYPES.items()
                                        if code != "BTP"])
    n = source.numbers("unweighted_base_adults", integer=True)
    for row, value in zip(source.rows[n <= 0], source.frame["unweighted_base_adults"][n <= 0]):
        context.log.add(SOURCE, int(row), "unweighted_base_adults", value, "must be positive")
    if context.log:
        return []
    codes = source.text("area_code")
    area_names = {**dict(zip(register["pfa_code"], register["name_in_ons_pfa_tables"])),
                  **AREA_NAMES}
    flag_ew = source.text("sig_diff_from_england_and_wales")
    flag_year = source.text("sig_change_vs_previous_year")
    table = pd.DataFrame({
        "period": source.text("edition_year_ending"), "area_code": codes,
        "area_name": np.where(combined, LONDON_COMBINED, codes.map(area_names)),
        "area_type": types, "measure": source.text("measure"), "percent": percent, "n": n,
        "vs_england_and_wales": flag_ew.map(VS_ENGLAND_AND_WALES),
        "vs_previous_year": flag_year.map(VS_PREVIOUS_YEAR),
        "flag_vs_england_and_wales": flag_ew.where(flag_ew != "", None),
        "flag_vs_previous_year": flag_year.where(flag_year != "", None),
    })
    table = table.sort_values(["period", "area_type", "area_code", "measure"])
    return [BuiltTable(SCHEMA, table, PROVENANCE)]


BUILDER = TableBuilder("survey", build_survey)
