"""Which mid-year population and households each ONS table edition divides by."""

from __future__ import annotations

import pandas as pd

from peelstats.data._schema import Column, TableSchema
from peelstats.data.build._context import BuildContext, BuiltTable, TableBuilder
from peelstats.data.build.csp import MID_YEAR as CSP_MID_YEAR
from peelstats.data.build._csp_source import PERIOD as CSP_PERIOD
from peelstats.data.build.population import ORIGINAL, REVISED
from peelstats.data.build.recorded_crime_editions import EDITIONS

SCHEMA = TableSchema(
    "rate_denominators",
    (Column("period", "str"), Column("population_mid_year", "int"),
     Column("households_mid_year", "int", nullable=True), Column("vintage", "str")),
    key=("period",),
)

# Population years as stated in the ONS tables' notes (ons-pfa-tables/PROVENANCE.md);
# household years as implied by Table P3's residential burglary rates per 1,000
# households (count / rate), which match the households of these years to the rounding.
_POPULATION_YEAR = {"2018-03": 2016, "2018-06": 2017, "2018-09": 2017, "2018-12": 2017,
                    "2019-03": 2017, "2019-06": 2018, "2019-09": 2018, "2019-12": 2018}
_HOUSEHOLDS_YEAR = {"2018-03": 2016, "2018-06": 2016, "2018-09": 2017, "2018-12": 2017,
                    "2019-03": 2017, "2019-06": 2017, "2019-09": 2018, "2019-12": 2018}

PROVENANCE = f"""\
For each edition of the ONS police force area tables (`period`, YE Mar 2018 to YE Dec
2019), the mid-year of the population and of the households its rates per 1,000 divide
by, in `population.csv` vintage `{ORIGINAL}`. Population years are those the tables state;
household years are those that Table P3's residential burglary rates per 1,000 households
imply (count divided by rate), checked by the reproduction tests.

YE Jun 2025 (the Community Safety Partnership table C2, which prints no rates) divides by
the latest bundled estimate: population mid-{CSP_MID_YEAR}, vintage `{REVISED}` (revised after the
2021 Census; ONS's own rate tables for that edition may use a later estimate, so such a
rate is peelstats', not ONS's). No household estimate later than mid-2018 is bundled, so
`households_mid_year` is empty there: no rate per 1,000 households is given for it.
Rows in `period` order."""


def build_rate_denominators(context: BuildContext) -> list[BuiltTable]:
    frame = pd.DataFrame({
        "period": list(EDITIONS),
        "population_mid_year": [_POPULATION_YEAR[edition] for edition in EDITIONS],
        "households_mid_year": [_HOUSEHOLDS_YEAR[edition] for edition in EDITIONS],
        "vintage": ORIGINAL,
    })
    latest = pd.DataFrame({"period": [CSP_PERIOD], "population_mid_year": [CSP_MID_YEAR],
                           "households_mid_year": [None], "vintage": [REVISED]})
    frame = pd.concat([frame, latest], ignore_index=True)
    return [BuiltTable(SCHEMA, frame, PROVENANCE)]


BUILDER = TableBuilder("rate_denominators", build_rate_denominators)
