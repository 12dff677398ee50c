"""The force profile's Crime Severity Score: the score for the year ending March and its
change on the previous year, with England and Wales's.

The section is a function of the profile's context (the force, the period and the
confidence level: `peelstats.figures.sections.ProfileContext`) that returns its figures,
each shown with England and Wales's score as ONS publishes it. Where the data has
nothing for the period, it returns one figure whose sentence says so plainly and names
the periods it has.

ONS publishes the score without an interval (offences weighted by sentence severity per
head of population), so it is shown without a verdict.
"""

from __future__ import annotations

import numpy as np

from peelstats import data
from peelstats.figures import wording
from peelstats.figures.figure import Figure, cite
from peelstats.figures.sections import (ENGLAND_AND_WALES_CODE, ProfileContext, Section,
                                        no_data)
from peelstats.stats import Estimate

CSS_TOTAL = "Total recorded crime"


def crime_severity_figures(context: ProfileContext) -> list[Figure]:
    """The Crime Severity Score for the year ending March and its change on the previous
    year, with England and Wales's, without a verdict (ONS gives no interval)."""
    table = data.crime_severity()
    table = table[table["offence_group"] == CSS_TOTAL]
    periods = sorted(table["period"].unique())
    if context.period not in periods:
        return [no_data(context, "crime_severity", "Crime Severity Score",
                        f"ONS publishes the score for years ending March, "
                        f"{periods[0][:4]} to {periods[-1][:4]}")]
    scores = table.set_index(["area_code", "period"])["severity_score"].astype("float64")
    previous = f"{int(context.period[:4]) - 1}-03"
    nan = float("nan")

    def score(code: str, period: str) -> float:
        return float(scores.get((code, period), nan))

    own, whole = score(context.area_code, context.period), score(ENGLAND_AND_WALES_CODE,
                                                                  context.period)
    source = ("ONS Crime Severity Score (experimental statistics), data tool edition "
              "YE Mar 2022 (crime_severity table)")
    where = dict(area_code=context.area_code, area_name=context.area_name,
                 period=context.period, source=source)
    missing = ("ONS publishes no score for this force" if np.isnan(own) else None)
    no_interval = ("ONS publishes the score without an interval (offences weighted by "
                   "sentence severity per head of population), so no statistical verdict "
                   "is given")
    figures = [cite(
        Estimate(own, nan, nan, context.confidence, "published", kind="value"),
        measure="crime_severity_score", label="Crime Severity Score",
        note=([missing, f"England and Wales: {wording.number(whole)}", no_interval]),
        **where)]
    before, whole_before = score(context.area_code, previous), score(ENGLAND_AND_WALES_CODE,
                                                                     previous)
    if previous in periods and not np.isnan(own):
        change = 100.0 * (own / before - 1.0) if before > 0 else nan
        whole_change = 100.0 * (whole / whole_before - 1.0) if whole_before > 0 else nan
        figures.append(cite(
            Estimate(change, nan, nan, context.confidence, "published", kind="percent_change"),
            measure="crime_severity_score_change",
            label="Crime Severity Score, change on the previous year",
            subject="The Crime Severity Score",
            since=previous,
            note=([f"it went from {wording.number(before)} to {wording.number(own)}; "
                        f"England and Wales's score {wording.change_verb(whole_change)}, from "
                        f"{wording.number(whole_before)} to {wording.number(whole)}",
                        no_interval]),
            **where))
    return figures


#: The sections this module adds to the force profile, in order.
SECTIONS: tuple[Section, ...] = (crime_severity_figures,)
