"""The force profile's crime outcomes: offences charged or summonsed, and investigations
completed with no suspect identified, as percents of the offences recorded in the year.

The section is a function of the profile's context (the force, the period and the
confidence level: `peelstats.figures.sections.ProfileContext`) that returns its figures,
each compared with England and Wales and tested against the rest of England and Wales
(the force is part of the whole; DESIGN.md). Where the data has nothing for the period,
it returns one figure whose sentence says so plainly and names the periods it has.
England and Wales is the 43 territorial forces added up, without British Transport
Police (`peelstats.figures.sections.FORTY_THREE`).

Methods
-------
Outcome proportions: Wilson interval [1]_; force against the rest of England and Wales by
Newcombe's hybrid score interval for the difference (method 10) [2]_.

References
----------
.. [1] Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
   inference. JASA, 22(158), 209-212. doi:10.1080/01621459.1927.10502953
.. [2] Newcombe, R. G. (1998). Interval estimation for the difference between
   independent proportions: comparison of eleven methods. Statistics in Medicine, 17(8),
   873-890. doi:10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I
"""

from __future__ import annotations

from dataclasses import dataclass

from peelstats import data, stats
from peelstats.data import financial_year
from peelstats.figures import position, wording
from peelstats.figures.figure import Figure, cite
from peelstats.figures.sections import (ENGLAND_AND_WALES, FORTY_THREE, ProfileContext,
                                        Section, force_codes, no_data)

CHARGED = "Charged/Summonsed"
NO_SUSPECT = "Investigation complete – no suspect identified"
NOT_YET_ASSIGNED = "Not yet assigned an outcome"


@dataclass(frozen=True)
class OutcomeMeasure:
    """An outcome group shown as a percent of offences recorded."""

    measure: str
    label: str
    outcome_group: str
    polarity: str


#: The outcome figures of the profile, in order.
OUTCOME_MEASURES: tuple[OutcomeMeasure, ...] = (
    OutcomeMeasure("charged_summonsed_proportion", "Offences charged or summonsed", CHARGED,
                   "higher_is_better"),
    OutcomeMeasure("no_suspect_identified_proportion",
                   "Investigations completed with no suspect identified", NO_SUSPECT,
                   "lower_is_better"),
)


def outcome_figures(context: ProfileContext) -> list[Figure]:
    """Charged or summonsed, and investigation complete with no suspect identified, as
    percents of the offences recorded in the year, against the rest of England and Wales.
    """
    table = data.outcomes()
    periods = sorted(table["period"].unique())
    rows = table[(table["period"] == context.period)
                 & table["area_code"].isin(force_codes())]
    if context.area_code not in set(rows["area_code"]):
        years = ", ".join(f"{financial_year(p)} ({wording.period(p)})" for p in periods)
        return [no_data(context, "crime_outcomes", "Crime outcomes",
                        f"the outcomes data cover the offences recorded in {years} only")]
    force_rows = rows[rows["area_code"] == context.area_code].set_index("outcome_group")
    pending = int(force_rows.loc[NOT_YET_ASSIGNED, "count"])
    offences = int(force_rows.loc[NOT_YET_ASSIGNED, "offences"])
    note = (f"Outcomes of the offences recorded in {financial_year(context.period)}, as "
            f"assigned by the time of the Home Office extract (about January 2020); "
            f"{wording.count(pending)} of {context.area_name}'s {wording.count(offences)} "
            f"offences had not yet been assigned an outcome")
    source = (f"Home Office crime outcomes open data, offences recorded in "
              f"{financial_year(context.period)}, excluding fraud (outcomes table)")
    figures = []
    for measure in OUTCOME_MEASURES:
        group = rows[rows["outcome_group"] == measure.outcome_group].set_index("area_code")
        force = group.loc[context.area_code]
        estimate = stats.proportion(float(force["count"]), float(force["offences"]),
                                    confidence=context.confidence)
        whole = stats.proportion(float(group["count"].sum()), float(group["offences"].sum()),
                                 confidence=context.confidence)
        # A proportion of offences, not of residents: every force is in the funnel.
        where, among = position.force_position(
            group["count"].astype("float64"), group["offences"].astype("float64"),
            context.area_code, per=1, kind="proportion", leave_out=())
        figures.append(cite(
            estimate, whole, measure=measure.measure, label=measure.label,
            comparator_name=ENGLAND_AND_WALES, polarity=measure.polarity,
            within=True, area_code=context.area_code,
            area_name=context.area_name, period=context.period, source=source,
            note=([note, FORTY_THREE]), position=where, among=among))
    return figures


#: The sections this module adds to the force profile, in order.
SECTIONS: tuple[Section, ...] = (outcome_figures,)
