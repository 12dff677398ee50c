"""A change over time as a citable figure, against the change across the whole.

"Crime excluding fraud in Cambridgeshire fell by 21.9 percent (95% CI 20.9 to 22.9) from
YE Jun 2010 to YE Jun 2014, compared with 16.3 percent across England and Wales; the
difference is statistically significant." `cite_change` makes that figure from the four
counts: the force's percent change with its exact interval (`peelstats.change`), the
whole's percent change as the comparator shown, and the comparison of the force's change
with the change in the rest of the whole (`peelstats.compare_changes`), because a force
is part of England and Wales (DESIGN.md, "Statistics that must be right").

Counts, not rates
-----------------
The changes are changes in the number of recorded crimes, not in the rate per 1,000
population. That is what is published and cited: HMIC's inspection reports ("recorded
crime reduced by 22 percent … compared with a reduction of 16 percent across England and
Wales") and ONS's police force area tables give the percentage change in the number of
offences, and a figure that a reader checks against them must be the same quantity. The
population of a force changes by a few percent in four years, so the change in its rate
differs from the change in its count by about that much (Cambridgeshire, YE Jun 2010 to
YE Jun 2014, with the mid-2009 and mid-2013 populations as first published: the count
fell 21.9 percent, the population grew 4.1 percent, and the rate per 1,000 fell 25.0
percent); a comparison of rates over time belongs to the trend figure
(`peelstats.trend`, with the population as offset), which the profile gives beside it.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from peelstats import stats
from peelstats.data.constants import ENGLAND_AND_WALES
from peelstats.figures import wording
from peelstats.figures.figure import Figure, Polarity, _within, cite

#: The comparison of the two changes: the exact conditional intervals of the two rate
#: ratios combined by MOVER (Zou and Donner 2008), so that the comparison agrees with the
#: exact interval shown for the force's change.
COMPARE_METHOD = "mover"


def cite_change(before: Any, after: Any, whole_before: Any, whole_after: Any, *,
                measure: str, since: str, period: str,
                comparator_name: str = ENGLAND_AND_WALES, polarity: Polarity = None,
                within: bool = False, area_code: str | None = None,
                area_name: str | None = None, label: str | None = None,
                source: str | None = None, note: str | None = None,
                confidence: float = 0.95, dispersion: float = 1.0,
                subject: str | None = None, among: str | None = None,
                versus_contains_estimate: bool | None = None) -> Figure:
    """A citable percent change of an area's count, against the change in the whole.

    Parameters
    ----------
    before, after : float
        The area's counts in the earlier period (`since`) and the later one (`period`).
        NaN for a count the data lack: the figure then says the change is not available
        (explain why in `note`).
    whole_before, whole_after : float
        The same counts for the comparator (England and Wales), which contains the area
        when `within` is True.
    measure : str
        Lower-case identifier, part of the figure's id (``crime_excluding_fraud_change_4y``).
    since, period : str
        ``YYYY-MM``: the 12 months the change runs from and to.
    comparator_name : str
        What the whole is called in the sentence.
    polarity : {'higher_is_better', 'lower_is_better', None}
        How the verdict reads as a judgement (``lower_is_better`` for crime: a force whose
        crime fell more than the rest of England and Wales is ``better``).
    within : bool, default False
        The whole contains the area: the comparison is with the rest of the whole, the
        whole minus the area in each period (`peelstats.compare` with ``within=True``).
        False compares with the whole as given. The same default as `cite`.
    area_code, area_name, label, source, note, subject : str, optional
        As for `cite`: `label` names the figure in a table (``Crime excluding fraud,
        change over 4 years``), `subject` in its sentence (``Crime excluding fraud``).
    versus_contains_estimate : bool, optional
        Deprecated: the former name of `within`.
    confidence : float
        Two-sided level of the intervals and of the comparison.
    dispersion : float, default 1
        Over-dispersion of the areas' changes (`compare_changes`): the factor by which
        the variance of an area's change against the rest's exceeds the Poisson variance.
        For a force among the 43, estimate it from all of them with
        `peelstats.stats.change_dispersion.change_overdispersion` and pass `among`: the
        comparison allowing for it gives the figure's `position` (``above`` / ``below`` /
        ``within`` the range expected among the forces, the funnel of changes adjusted
        for over-dispersion, Spiegelhalter 2005), while the `verdict` stays the plain
        comparison with the rest (Poisson); it is recorded in the figure's `method`. The
        area's own change keeps its exact Poisson interval.
    among : str, optional
        Who the areas are, as the sentence says it (``the 42 forces``): with it, the
        comparison allowing for `dispersion` gives the figure's `position`.

    Returns
    -------
    Figure
        ``value`` is the area's percent change (exact conditional interval of the rate
        ratio, `peelstats.change`), ``comparator_value`` the whole's, ``verdict`` that of
        `peelstats.compare_changes` (ratio of the two rate ratios, ``mover``, Poisson):
        ``lower`` when the area fell significantly more (or rose less) than the rest of
        the whole, ``similar`` ("broadly in line") when the difference is not
        significant; ``position`` that of the same comparison allowing for `dispersion`
        (empty without `among`).

    Notes
    -----
    The counts are compared as counts (see the module docstring). The verdict takes them
    as Poisson, which with counts of tens of thousands makes almost any difference
    between two changes significant: it answers "compared with the rest", as HMIC's
    "a greater reduction than the England and Wales rate" does. A profile of one force
    among the 43 passes the forces' over-dispersion and `among`, and the position
    answers "among the forces" (see `dispersion`).

    Examples
    --------
    The counts of HMIC's Cambridgeshire inspection (2014), YE Jun 2010 and YE Jun 2014,
    recorded crime excluding fraud; England and Wales's counts invented for the example:

    >>> figure = cite_change(57_676, 45_034, 4_400_000, 3_680_000,
    ...                      measure="crime_excluding_fraud_change_4y", since="2010-06",
    ...                      period="2014-06", polarity="lower_is_better", within=True,
    ...                      area_code="E23000023", area_name="Cambridgeshire",
    ...                      label="Crime excluding fraud, change over 4 years",
    ...                      subject="Crime excluding fraud")
    >>> print(figure.sentence)  # doctest: +NORMALIZE_WHITESPACE
    Crime excluding fraud in Cambridgeshire fell by 21.9 percent (95% CI 20.9 to 22.9)
    from YE Jun 2010 to YE Jun 2014, compared with 16.4 percent across England and Wales;
    the difference is statistically significant.
    >>> figure.notes
    ('The comparison is with the rest of England and Wales, without Cambridgeshire.',)
    >>> print(figure.to_frame().loc[0, "label"])
    Crime excluding fraud, change over 4 years
    >>> figure.verdict, figure.judgement
    ('lower', 'better')
    """
    within = _within(within, versus_contains_estimate)
    confidence = float(confidence)
    estimate = stats.change(before, after, confidence=confidence)
    whole = stats.change(whole_before, whole_after, confidence=confidence)
    comparison = stats.compare(estimate, whole, within=within, method=COMPARE_METHOD)
    position = ""
    if among:
        adjusted = stats.compare(estimate, whole, within=within, dispersion=dispersion,
                                 method=COMPARE_METHOD)
        position = {"higher": "above", "lower": "below", "similar": "within"}.get(
            str(adjusted.verdict), "")
    figure = cite(estimate, whole, measure=measure, comparator_name=comparator_name,
                  polarity=polarity, within=within, area_code=area_code,
                  area_name=area_name, period=period, source=source, label=label, note=note,
                  comparison=comparison, since=since, subject=subject,
                  position=position, among=among if position else None)
    if math.isclose(float(dispersion), 1.0):
        return figure
    return dataclasses.replace(
        figure, method=f"{figure.method}; position allowing for over-dispersion "
                       f"{wording.number(dispersion)}")
