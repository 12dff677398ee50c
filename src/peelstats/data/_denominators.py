"""Which ONS mid-year estimates a rate for a period divides by: one rule for every rate.

The profile's rates, the trend's populations and the national charts all take their
population and household years from `denominator_years`, so that they agree. The ONS
force area tables use the estimate of the year that ends 15 months before the period
ends (`denominator_mid_year`); the editions the data has list their own
(`peelstats.data.rate_denominators`).
"""

from __future__ import annotations

import pandas as pd

from peelstats.data._tables import rate_denominators


def denominator_mid_year(period: str) -> int:
    """The ONS mid-year population estimate used for the 12 months ending `period`.

    The ONS force area tables use the estimate of the year that ends 15 months before
    the period ends: mid-2016 for YE Mar 2018, mid-2017 for YE Jun 2018 to YE Mar 2019,
    mid-2018 from YE Jun 2019 (ONS PFA data tables, Table P3 notes; the data's
    PROVENANCE). The same rule gives mid-2013 for YE Jun 2014.

    >>> [denominator_mid_year(p) for p in ("2018-03", "2018-06", "2019-03", "2019-06")]
    [2016, 2017, 2017, 2018]
    """
    year, month = (int(part) for part in period.split("-"))
    months = year * 12 + (month - 1) - 15
    return months // 12


def denominator_years(period: str) -> tuple[int, int | None]:
    """The mid-years of the population and household estimates a rate for `period` uses.

    The one rule for every recorded crime rate peelstats gives (the profile's rates, the
    trend's populations, the national charts), so that they agree. Which vintage of the
    estimates: `denominator_vintage`.

    Parameters
    ----------
    period : str
        ``YYYY-MM``, the end of the 12 months.

    Returns
    -------
    tuple of int
        ``(population_mid_year, households_mid_year)``. The editions of the ONS force area
        tables list their own (`peelstats.data.rate_denominators`: households can lag the
        population by a year, as for YE Jun 2018; YE Jun 2025 takes the latest bundled
        population, mid-2023 revised, and has no households: None); other periods take
        `denominator_mid_year` for both.

    Examples
    --------
    >>> denominator_years("2018-06")  # an ONS edition: its own, households a year behind
    (2017, 2016)
    >>> denominator_years("2014-06")  # the rule of the ONS tables
    (2013, 2013)
    """
    table = rate_denominators().set_index("period")
    if period in table.index:
        row = table.loc[period]
        households = row["households_mid_year"]
        return (int(row["population_mid_year"]),
                None if pd.isna(households) else int(households))
    year = denominator_mid_year(period)
    return year, year


def denominator_vintage(period: str) -> str:
    """The vintage of `population` a rate for `period` divides by: the one
    `peelstats.data.rate_denominators` lists for it, else ``original``.

    >>> denominator_vintage("2014-06"), denominator_vintage("2025-06")
    ('original', 'revised')
    """
    table = rate_denominators().set_index("period")
    return str(table.loc[period, "vintage"]) if period in table.index else "original"
