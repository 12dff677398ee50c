"""Force profile sections over time: the change since four years earlier, and the trend.

The change
    For crime excluding fraud, victim-based crime, violence with injury, sexual offences
    and burglary: the percent change in the number of recorded crimes from the same 12
    months four years earlier (YE Jun 2010 to YE Jun 2014), against England and Wales's,
    and the verdict of the force's change against the change in the rest of England and
    Wales (`peelstats.figures.change.cite_change`; counts, not rates, as published:
    see that module). Lower is better: a force whose crime fell more than the rest of
    England and Wales is ``better``.

    The verdict is the plain comparison (Poisson) with the rest of England and Wales,
    as HMIC words it ("a greater reduction than the England and Wales rate"). The
    position allows for the over-dispersion of the 43 forces' changes over the same two
    periods (`peelstats.stats.change_dispersion.change_overdispersion`, Spiegelhalter
    2005): under a Poisson model alone, the changes of 35 to 40 of the 43 forces differ
    "significantly" from the rest of England and Wales, because crime counts are large
    and forces' changes vary far more than Poisson counts would (a variance about 150
    times the Poisson one for crime excluding fraud, YE Jun 2010 to 2014). The position
    says whether a force's change stands out among the forces', the judgement follows
    it, and a note says the position allows for the over-dispersion. The force's own
    change keeps its exact interval.

The trend
    For crime excluding fraud and victim-based crime: the annual percent change of the
    rate per 1,000 population over the same 12 months of the last five years (YE Jun 2010,
    2011, …, 2014), from a log-linear quasi-Poisson model with the population as offset
    (`peelstats.trend`), against England and Wales's trend, with the verdict of the
    force's trend against the trend of the rest of England and Wales
    (`peelstats.stats.trend_compare.compare_trends`). `trend_chart_frame` gives the
    fitted rates and bands of the force and of England and Wales for the trend chart
    (`peelstats.plots.trend_plot`).

Where a period has no comparable count, the figure says so plainly and why: a force that
supplied no count (Greater Manchester, YE Sep and Dec 2019), a period the data do not
have (the years before YE Jun 2007 end in March only), a category not in use or mixing
old and new categories (burglary, which changed on 1 April 2017). England and Wales is
the sum of the same forces in every period compared: a force without a count in any of
them is left out of all of them, and the note says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from peelstats import data, stats
from peelstats.data import years_before
from peelstats.figures import wording
from peelstats.figures.change import cite_change
from peelstats.figures.figure import Figure, cite, cite_not_available
from peelstats.figures.sections import (ENGLAND_AND_WALES,
                                        ENGLAND_AND_WALES_CODE,
                                        LAST_DOMESTIC_BURGLARY_PERIOD,
                                        RECORDED_CRIME_STATUS, RECORDING_PRACTICE,
                                        ProfileContext, crime_source, flags)
from peelstats.figures.sections import LOWER_IS_BETTER as POLARITY
from peelstats.figures.sections import profile_context
from peelstats.stats.checks import choose
from peelstats.stats.change_dispersion import change_overdispersion
from peelstats.stats.trend import MIN_PERIODS, period_years

#: Years back to the earlier period of the change (same month: YE Jun 2010 for YE Jun 2014).
CHANGE_YEARS = 4
#: Periods in the trend: the chosen period and the same month of the years before it.
TREND_PERIODS = 5
#: At least this many periods with a comparable count for a trend figure (as `trend`).
MIN_TREND_PERIODS = MIN_PERIODS

_BURGLARY_CHANGE = "the burglary categories changed on 1 April 2017"
_NOT_IN_USE = "{label} was not a recorded crime category in {period}"
_FLAG_REASONS = {
    "category_not_in_use": _NOT_IN_USE,
    "burglary_mixed_basis": "{period} mixes domestic and residential burglary",
}


@dataclass(frozen=True)
class Measure:
    """A recorded crime measure followed over time: its id stem, label and offence group."""

    name: str
    label: str
    offence: str


# The labels are those of the profile's rates (`peelstats.figures.profile.CRIME_MEASURES`):
# one name for one offence group, whether its level, change or trend is shown.
CRIME_EXCLUDING_FRAUD = Measure("crime_excluding_fraud", "Crime excluding fraud",
                                data.TOTAL_RECORDED_CRIME)
VICTIM_BASED = Measure("victim_based_crime", "Victim-based crime", "Victim-based crime")

#: The measures of the four-year change, in order (burglary follows, chosen by period).
CHANGE_MEASURES: tuple[Measure, ...] = (
    CRIME_EXCLUDING_FRAUD,
    VICTIM_BASED,
    Measure("violence_with_injury", "Violence with injury", "Violence with injury"),
    Measure("sexual_offences", "Sexual offences", "Sexual offences"),
)
BURGLARY_IN_A_DWELLING = Measure("burglary_in_a_dwelling", "Burglary in a dwelling",
                                 "Domestic burglary")
RESIDENTIAL_BURGLARY = Measure("residential_burglary", "Residential burglary",
                               "Residential burglary")

#: The measures of the trend figures and of `trend_chart_frame`.
TREND_MEASURES: dict[str, Measure] = {m.name: m for m in (CRIME_EXCLUDING_FRAUD, VICTIM_BASED)}


def change_label(measure: Measure) -> str:
    """What a change figure is, in a table: unique beside the level of the same offence.

    >>> change_label(CRIME_EXCLUDING_FRAUD)
    'Crime excluding fraud, change over 4 years'
    """
    return f"{measure.label}, change over {CHANGE_YEARS} years"


def trend_subject(measure: Measure) -> str:
    """What a trend is of, as the subject of its sentence: the rate.

    >>> trend_subject(CRIME_EXCLUDING_FRAUD)
    'Crime excluding fraud rate'
    """
    return f"{measure.label} rate"


def trend_label(measure: Measure) -> str:
    """What a trend figure is, in a table: unique beside the level and the change.

    >>> trend_label(CRIME_EXCLUDING_FRAUD)
    'Crime excluding fraud per 1,000 population, trend a year over 5 years'
    """
    return f"{measure.label} per 1,000 population, trend a year over {TREND_PERIODS} years"


def burglary_for(period: str) -> Measure:
    """Burglary in a dwelling to YE Mar 2017, residential burglary after.

    >>> burglary_for("2014-06").name, burglary_for("2019-03").name
    ('burglary_in_a_dwelling', 'residential_burglary')
    """
    return BURGLARY_IN_A_DWELLING if period <= LAST_DOMESTIC_BURGLARY_PERIOD \
        else RESIDENTIAL_BURGLARY


# --- counts ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Series:
    """Counts of one offence group for given periods: the force, England and Wales, notes."""

    periods: list[str]
    force: np.ndarray  # NaN where the period has no comparable count
    whole: np.ndarray  # England and Wales: the same forces in every period
    forces: np.ndarray  # periods × the 43 forces' counts (NaN for those left out)
    rest: np.ndarray  # whole minus force (whole, if the force is left out of it)
    left_out: list[str]  # codes of the forces left out of England and Wales
    left_out_names: list[str]
    reasons: list[str]  # why a period has no comparable count for the force
    source: str  # where the counts come from (`crime_source`)
    flags: set[str]


def _series(offence: str, label: str, periods: Sequence[str], area_code: str,
            area_name: str) -> _Series:
    crime = data.recorded_crime()
    in_data = set(crime["period"].unique())
    rows = crime[crime["offence"] == offence]
    known = set(rows["period"].unique())
    rows = rows[rows["period"].isin(list(periods))]
    registry = data.forces()
    codes = registry["area_code"].tolist()
    names = dict(zip(registry["area_code"], registry["area_name"]))
    burglary = offence in (BURGLARY_IN_A_DWELLING.offence, RESIDENTIAL_BURGLARY.offence)
    # float64 (missing as NaN) before the pivot: one block of 43 columns, not 43 masked
    # arrays to reindex one by one.
    counts = (rows[rows["area_code"].isin(codes)].astype({"count": "float64"})
              .pivot(index="period", columns="area_code", values="count")
              .reindex(index=list(periods), columns=codes))
    notes = rows.set_index(["area_code", "period"])["note"]
    reasons, seen = [], set()
    force = counts[area_code].to_numpy(copy=True)
    for position, period in enumerate(periods):
        text = wording.period(period)
        if period not in in_data:
            reasons.append(f"the recorded crime data have no figures for {text}")
            force[position] = np.nan
            continue
        flagged = flags(notes.get((area_code, period))) | flags(
            notes.get((ENGLAND_AND_WALES_CODE, period)))
        if period not in known:  # no rows for the offence: a category not yet in use
            flagged.add("category_not_in_use")
        seen |= flagged
        found = [reason.format(label=label, period=text)
                 for flag, reason in _FLAG_REASONS.items() if flag in flagged]
        if found:
            reasons.extend(f"{reason} ({_BURGLARY_CHANGE})" if burglary else reason
                           for reason in found)
            force[position] = np.nan
        elif np.isnan(force[position]):
            reasons.append(f"{area_name} supplied no count for {text}")
    # England and Wales: the same forces in every period with comparable counts.
    comparable = np.array([p in known and not (flags(notes.get((ENGLAND_AND_WALES_CODE, p)))
                                               & set(_FLAG_REASONS)) for p in periods])
    present = counts.loc[[p for p, ok in zip(periods, comparable) if ok]]
    left_out = [code for code in codes if present[code].isna().any()]
    whole = counts.drop(columns=left_out).sum(axis=1, min_count=1).to_numpy()
    whole = np.where(comparable, whole, np.nan)
    rest = whole if area_code in left_out else whole - counts[area_code].to_numpy()
    source = crime_source(rows["source"].unique(), periods)
    forces = counts.drop(columns=left_out).reindex(columns=codes).to_numpy(copy=True)
    forces[~comparable] = np.nan
    return _Series(list(periods), force, whole, forces, rest, left_out,
                   [names[c] for c in left_out], reasons, source, seen)


def _caveats(series: _Series, area_name: str) -> list[str]:
    notes = []
    others = [name for name in series.left_out_names if name != area_name]
    if others:
        notes.append(f"England and Wales here is without {', '.join(others)} in every "
                     f"period, for want of a count in some of them")
    if "includes_negative" in series.flags:
        notes.append("a count includes negative adjustments printed in the source")
    return notes


def _not_available(context: ProfileContext, measure: str, label: str, since: str, annual: bool,
                   why: Sequence[str], source: str, subject: str) -> Figure:
    return cite_not_available(
        measure, label, "no comparable figure can be given: " + "; ".join(why),
        area_code=context.area_code, area_name=context.area_name, period=context.period,
        confidence=context.confidence, change=True, since=since, annual=annual,
        source=source, subject=subject)


# --- the change since four years earlier ---------------------------------------------

def change_figure(context: ProfileContext, measure: Measure) -> Figure:
    """The percent change of `measure` since the same 12 months four years earlier."""
    since = years_before(context.period, CHANGE_YEARS)
    periods = [since, context.period]
    series = _series(measure.offence, measure.label, periods, context.area_code,
                     context.area_name)
    name = f"{measure.name}_change_{CHANGE_YEARS}y"
    source = f"{series.source}; change in the number of recorded crimes"
    if series.reasons or np.isnan(series.force).any():
        return _not_available(context, name, change_label(measure), since, False,
                              series.reasons, source, measure.label)
    phi = change_overdispersion(series.forces[0], series.forces[1])
    forces = int((np.isfinite(series.forces[0]) & np.isfinite(series.forces[1])).sum())
    notes = [f"the position among the forces allows for how much the {forces} forces' "
             f"changes vary: {wording.number(phi)} times the variance that chance alone "
             f"would give (over-dispersion)", *_caveats(series, context.area_name),
             RECORDING_PRACTICE if series.force[1] > series.force[0] else None,
             RECORDED_CRIME_STATUS]
    return cite_change(series.force[0], series.force[1], series.whole[0], series.whole[1],
                       measure=name, since=since, period=context.period,
                       comparator_name=ENGLAND_AND_WALES, polarity=POLARITY, within=True,
                       area_code=context.area_code, area_name=context.area_name,
                       label=change_label(measure), subject=measure.label, source=source,
                       note=notes, confidence=context.confidence,
                       dispersion=phi, among=f"the {forces} forces")


def change_figures(context: ProfileContext) -> list[Figure]:
    """The four-year change of each of `CHANGE_MEASURES` and of burglary."""
    return [change_figure(context, measure)
            for measure in (*CHANGE_MEASURES, burglary_for(context.period))]


# --- the trend -----------------------------------------------------------------------

@dataclass(frozen=True)
class _Trends:
    series: _Series
    denominators: pd.DataFrame  # period × (force, whole, rest) populations
    force: stats.TrendResult | None
    whole: stats.TrendResult | None
    rest: stats.TrendResult | None
    used: list[str]  # the periods with the force's count and population
    reasons: list[str]  # why a period has no comparable count or population


def trend_periods(period: str) -> list[str]:
    """The periods of the trend ending `period`, oldest first.

    >>> trend_periods("2014-06")
    ['2010-06', '2011-06', '2012-06', '2013-06', '2014-06']
    """
    return [years_before(period, years) for years in range(TREND_PERIODS - 1, -1, -1)]


def _populations(periods: Sequence[str], area_code: str,
                 left_out: Sequence[str]) -> pd.DataFrame:
    # The mid-year estimate each period's rate uses, as first published: the one rule of
    # every rate (data.denominator_years), so that trend and rates agree.
    population = data.population("original")
    table = (population.astype({"population": "float64"})
             .pivot(index="mid_year", columns="area_code", values="population"))
    codes = [c for c in data.forces()["area_code"] if c not in set(left_out)]
    years = [data.denominator_years(period)[0] for period in periods]
    rows = table.reindex(index=years).astype("float64")
    force = rows[area_code].to_numpy()
    whole = rows[codes].sum(axis=1, min_count=len(codes)).to_numpy()
    rest = whole - force if area_code in codes else whole
    return pd.DataFrame({"period": list(periods), "mid_year": years, "force": force,
                         "whole": whole, "rest": rest})


def _trends(area_code: str, area_name: str, period: str, measure: Measure,
            confidence: float) -> _Trends:
    periods = trend_periods(period)
    series = _series(measure.offence, measure.label, periods, area_code, area_name)
    populations = _populations(periods, area_code, series.left_out)
    no_population = np.isfinite(series.force) & np.isnan(populations["force"].to_numpy())
    reasons = [*series.reasons, *(
        f"the population table has no mid-{year} estimate for {wording.period(p)}"
        for p, year, missing in zip(periods, populations["mid_year"], no_population)
        if missing)]
    used = [p for p, count, population in zip(periods, series.force, populations["force"])
            if np.isfinite(count) and np.isfinite(population)]
    fits = {}
    for key, counts in (("force", series.force), ("whole", series.whole),
                        ("rest", series.rest)):
        denominators = populations[key].to_numpy()
        usable = ~(np.isnan(counts) | np.isnan(denominators))
        fits[key] = (stats.trend(counts, denominators, periods, confidence=confidence)
                     if usable.sum() >= MIN_TREND_PERIODS else None)
    return _Trends(series, populations, fits["force"], fits["whole"], fits["rest"], used,
                   reasons)


def trend_figure(context: ProfileContext, measure: Measure) -> Figure:
    """The annual percent change of `measure`'s rate over the last `TREND_PERIODS` years."""
    trends = _trends(context.area_code, context.area_name, context.period, measure,
                     context.confidence)
    series = trends.series
    name = f"{measure.name}_trend_{TREND_PERIODS}y"
    years = sorted(set(trends.denominators["mid_year"]))
    source = (f"{series.source}; ONS mid-{years[0]} to "
              f"mid-{years[-1]} population estimates as first published (population "
              f"table, original vintage); quasi-Poisson log-linear trend with the "
              f"population as offset")
    used = trends.used
    since = used[0] if used else series.periods[0]  # the span is of the periods fitted
    if trends.force is None or trends.rest is None or trends.whole is None:
        why = [*trends.reasons, f"a trend needs at least {MIN_TREND_PERIODS} of the "
                                f"{TREND_PERIODS} periods with a comparable count"]
        return _not_available(context, name, trend_label(measure), since, True, why,
                              source, trend_subject(measure))
    notes = []
    if trends.reasons:
        notes.append(f"the trend uses the {len(used)} periods with a comparable count and "
                     f"a population estimate "
                     f"({'; '.join(trends.reasons)})")
    notes.extend(_caveats(series, context.area_name))
    # The rest's trend is fitted to the rest's own counts, so it is compared as it is.
    comparison = stats.compare(trends.force, trends.rest)
    return cite(trends.force.estimate, trends.whole.estimate, measure=name,
                label=trend_label(measure), subject=trend_subject(measure),
                comparator_name=ENGLAND_AND_WALES, polarity=POLARITY,
                within=True, area_code=context.area_code,
                area_name=context.area_name, period=context.period, source=source,
                note=notes, comparison=comparison, since=since,
                until=used[-1] if used[-1] != context.period else None, annual=True)


def trend_figures(context: ProfileContext) -> list[Figure]:
    """The trend of each of `TREND_MEASURES`."""
    return [trend_figure(context, measure) for measure in TREND_MEASURES.values()]


def trend_chart_frame(area: str, period: str, *, measure: str = "crime_excluding_fraud",
                      confidence: float = 0.95) -> pd.DataFrame:
    """The rows of a trend chart: a force's and England and Wales's fitted rates and bands.

    Parameters
    ----------
    area : str
        A force name, alias or ONS code (``Cambridgeshire``, ``E23000023``).
    period : str
        ``YYYY-MM``: the last of the `TREND_PERIODS` periods (the same month each year).
    measure : {'crime_excluding_fraud', 'victim_based_crime'}
        The recorded crime measure.
    confidence : float
        Two-sided level of the bands.

    Returns
    -------
    DataFrame
        One row per area and period, the force first, then England and Wales:
        ``area_code``, ``area_name``, ``measure``, and the columns of
        `peelstats.stats.TrendResult.frame` (``period``, ``year``, ``count``,
        ``denominator``, ``rate``, ``fitted``, ``lower``, ``upper``, ``used``), with
        rates per person (`peelstats.plots.trend_plot` multiplies by 1,000). Rows of
        one area are what `trend_plot` draws:
        ``trend_plot(frame[frame["area_code"] == "E23000023"])``. An area with too few
        periods for a trend has NaN fitted values and band.

    Examples
    --------
    >>> frame = trend_chart_frame("Cambridgeshire", "2014-06")
    >>> frame.groupby("area_name", sort=False).size().to_dict()
    {'Cambridgeshire': 5, 'England and Wales': 5}
    """
    chosen = choose(measure, TREND_MEASURES, what="measure")
    context = profile_context(area, period, confidence=confidence)
    trends = _trends(context.area_code, context.area_name, context.period, chosen,
                     context.confidence)
    frames = []
    for code, name, fit, key, counts in (
            (context.area_code, context.area_name, trends.force, "force",
             trends.series.force),
            (ENGLAND_AND_WALES_CODE, ENGLAND_AND_WALES, trends.whole, "whole",
             trends.series.whole)):
        if fit is not None:
            frame = fit.to_frame()
        else:
            denominators = trends.denominators[key].to_numpy()
            nan = np.full(len(counts), np.nan)
            frame = pd.DataFrame({
                "period": trends.series.periods,
                "year": period_years(trends.series.periods),
                "count": counts, "denominator": denominators, "rate": counts / denominators,
                "fitted": nan, "lower": nan, "upper": nan,
                "used": np.zeros(len(counts), dtype=bool)})
        frame.insert(0, "measure", chosen.name)
        frame.insert(0, "area_name", name)
        frame.insert(0, "area_code", code)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


#: The sections this module adds to the force profile, in order.
SECTIONS = (change_figures, trend_figures)
