"""One recorded crime rate for all 43 forces and a period, with its forest and funnel charts.

The rows come from the bundled tables (`peelstats.data`), the rates and intervals from
`peelstats.rate_frame`, the funnel statistics from `peelstats.funnel` and the charts from
`peelstats.plots`: this module only joins them, so that a notebook needs one call per chart.
Denominators are the mid-year estimates, original vintage, that the force profile uses for
the period (the ONS force tables' own for their editions), so charts and figures agree.
England and Wales is the sum of the forces with a count, so a force missing from the
source (Greater Manchester, YE Sep and Dec 2019) is missing from both sides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from matplotlib.figure import Figure

from peelstats import data, plots
from peelstats.figures import wording
from peelstats.data import denominator_vintage, denominator_years
from peelstats.figures.groups import Group
from peelstats.figures.position import LEFT_OUT, LEFT_OUT_REASON, forces_funnel
from peelstats.stats import Estimate, Funnel, rank_intervals, rate, rate_frame
from peelstats.stats.checks import choose

Denominator = Literal["population", "households"]
#: Each denominator: its column in the population table, its place in `denominator_years`.
_DENOMINATORS: dict[str, tuple[str, int]] = {"population": ("population", 0),
                                             "households": ("households", 1)}


@dataclass(frozen=True)
class NationalRates:
    """The rate of one offence group for every force in one period."""

    offence: str
    period: str
    denominator: Denominator
    per: float
    forces: pd.DataFrame          # one row per force: area_code, area_name, count, denominator, value, lower, upper
    england_and_wales: Estimate   # the sum of the forces with a count

    @property
    def unit(self) -> str:
        return wording.rate_unit(self.per, self.denominator)

    @property
    def source(self) -> str:
        """The chart's source line: the tables and the period."""
        return (f"Home Office and ONS police recorded crime, {wording.period(self.period)}; "
                f"ONS mid-year estimates (peelstats)")

    @property
    def missing(self) -> list[str]:
        """The forces without a count for the period (not drawn)."""
        return self.forces.loc[self.forces["count"].isna(), "area_name"].tolist()

    def _drawn(self, focus: str | None, leave_out: Iterable[str]) -> pd.DataFrame:
        """The forces with a count, less `leave_out` (never the focus force)."""
        unknown = sorted(set(leave_out) - set(self.forces["area_name"]))
        if unknown:
            raise ValueError(f"leave_out names no force: {unknown}")
        dropped = set(leave_out) - {focus}
        keep = self.forces["count"].notna() & ~self.forces["area_name"].isin(dropped)
        return self.forces[keep]

    def drawn_note(self, focus: str | None = None, leave_out: Iterable[str] = ()) -> str:
        """What a chart of these rates draws, in one sentence: how many of the forces,
        which have no count for the period, which are left out and why, and which is
        drawn off the scale. Charts print it under their title; notebooks under their
        heading, so that neither claims all 43 forces when one is missing.

        >>> national_rates(data.TOTAL_RECORDED_CRIME, "2019-12").drawn_note()
        '42 of the 43 forces: Greater Manchester supplied no count for YE Dec 2019.'
        """
        leave_out = set(leave_out)
        drawn = self._drawn(focus, leave_out)
        parts = []
        if self.missing:
            parts.append(f"{', '.join(self.missing)} supplied no count for "
                         f"{wording.period(self.period)}")
        left = sorted(leave_out - {focus} - set(self.missing))
        if left:
            parts.append(f"{', '.join(left)} left out ({LEFT_OUT_REASON})")
        if focus in leave_out:
            parts.append(f"{focus} drawn off the scale ({LEFT_OUT_REASON})")
        text = (f"All {len(self.forces)} forces" if len(drawn) == len(self.forces) else
                f"{len(drawn)} of the {len(self.forces)} forces")
        return text + (": " + "; ".join(parts) if parts else "") + "."

    def forest(self, focus: str | None = None, leave_out: Iterable[str] = (), *,
               group: Group | None = None) -> Figure:
        """Every force's rate with its 95% interval, lowest at the top, England and Wales dashed.

        Forces in `leave_out` are not drawn; the focus force always is, off the scale
        when it is one of them (see `drawn_note`, which the chart prints). The members
        of `group` that are drawn are marked (`peelstats.plots.forest_plot`'s `mark`).
        """
        leave_out = set(leave_out)
        drawn = self._drawn(focus, leave_out)
        return plots.forest_plot(
            drawn, label="area_name", focus=focus if focus in set(drawn["area_name"]) else None,
            reference=float(self.england_and_wales.value),
            title=f"{self.offence}, {self.unit}, {wording.period(self.period)}",
            xlabel=f"Rate {self.unit}", source=self.source,
            note=self.drawn_note(focus, leave_out),
            off_scale=[focus] if focus in leave_out else (),
            **_marks(group, drawn["area_code"]))

    def funnel_table(self, focus: str | None = None,
                     leave_out: Iterable[str] = LEFT_OUT) -> Funnel:
        """`peelstats.figures.position.forces_funnel` of the forces with a count (less
        `leave_out`) against England and Wales: the table a profile figure's `position`
        is read from."""
        return forces_funnel(self.forces, per=self.per, focus=focus, leave_out=leave_out)

    def league_table(self) -> pd.DataFrame:
        """Every force, lowest rate first: rate with interval, rank with its 95% interval
        (`peelstats.rank_intervals`, seeded), and the funnel flags without and with the
        over-dispersion adjustment. Forces without a count are listed last, not ranked."""
        drawn = self._drawn(None, ()).reset_index(drop=True)
        estimate = rate(drawn["count"].astype(float).to_numpy(),
                        drawn["denominator"].astype(float).to_numpy(), per=self.per)
        ranks = rank_intervals(estimate, order="lowest")
        table = self.funnel_table(leave_out=()).frame
        of = len(drawn)
        rows = pd.DataFrame({
            "Force": drawn["area_name"],
            f"Rate {self.unit} (95% CI)": [
                wording.value_with_interval(v, lo, hi) for v, lo, hi in
                zip(estimate.value, estimate.lower, estimate.upper, strict=True)],
            "Rank (95% interval)": [
                f"{wording.rank(r, of)} " + (
                    f"(between {wording.ordinal(lo)} and {wording.ordinal(hi)})" if lo != hi
                    else "(no other rank in 95% of simulations)")
                for r, lo, hi in zip(ranks.rank, ranks.lower, ranks.upper, strict=True)],
            "Funnel": table["flag"],
            "Funnel, allowing for over-dispersion": table["adjusted_flag"],
            "_order": ranks.rank,
        }).sort_values(["_order", "Force"], kind="stable").drop(columns="_order")
        missing = pd.DataFrame({"Force": self.missing})
        return pd.concat([rows, missing], ignore_index=True).fillna("not available")

    def funnel(self, focus: str | None = None,
               leave_out: Iterable[str] = LEFT_OUT, *, group: Group | None = None) -> Figure:
        """The funnel chart: each force's rate against its population, with 95% and 99.8%
        limits; forces in `leave_out` (City of London by default, as for the figures'
        positions) are not drawn and not part of the funnel statistics. The members of
        `group` that are drawn are marked (`peelstats.plots.funnel_plot`'s `mark`)."""
        leave_out = set(leave_out)
        table = self.funnel_table(focus, leave_out)
        return plots.funnel_plot(
            table, label="area_name",
            focus=focus if focus in set(table.frame["area_name"]) else None,
            title=f"{self.offence}, {self.unit}, {wording.period(self.period)}",
            target_label="England and Wales", area_label="Other forces", source=self.source,
            note=self.drawn_note(focus, leave_out),
            off_scale=[focus] if focus in leave_out else (),
            **_marks(group, table.frame["area_code"]))


def _marks(group: Group | None, drawn: Iterable[str]) -> dict[str, object]:
    """The chart's `mark` and `mark_label` for `group`: its members among the forces
    drawn (a member without a count, or left out, is named by the chart's note)."""
    if group is None:
        return {}
    drawn = set(drawn)
    return {"mark": [code for code in group.members if code in drawn],
            "mark_label": group.label}


def national_rates(offence: str, period: str, *, denominator: Denominator = "population",
                   per: float = 1000, confidence: float = 0.95) -> NationalRates:
    """The rate of `offence` for each of the 43 forces in `period` (see the module docstring).

    Raises
    ------
    ValueError
        For an offence group or a period that the tables do not have, or a denominator
        other than ``population`` or ``households``, naming the valid ones.
    """
    # The table's column and its mid-year: a misspelt denominator is an error, not households.
    column, mid_year_of = choose(denominator, _DENOMINATORS, "denominator")
    crime = data.recorded_crime()
    offences = sorted(crime["offence"].unique())
    if offence not in offences:
        raise ValueError(f"offence {offence!r} is not in the recorded crime table; "
                         f"offences: {offences}")
    periods = sorted(crime["period"].unique())
    if period not in periods:
        raise ValueError(f"period {period!r} has no recorded crime; periods: {periods}")
    # The profile's rule, so that the charts and the figures use the same denominators.
    mid_year = denominator_years(period)[mid_year_of]
    if mid_year is None:
        raise ValueError(f"no {denominator} estimate is bundled for {period} (the latest "
                         f"is mid-2018), so no rate per {per:g} {denominator} can be given")
    vintage = denominator_vintage(period)

    forces = data.forces()[["area_code", "area_name"]]
    counts = crime.loc[(crime["period"] == period) & (crime["offence"] == offence),
                       ["area_code", "count"]]
    people = data.population()
    people = people.loc[(people["mid_year"] == mid_year) & (people["vintage"] == vintage),
                        ["area_code", column]].rename(columns={column: "denominator"})
    table = (forces.merge(counts, on="area_code", how="left", validate="one_to_one")
                   .merge(people, on="area_code", how="left", validate="one_to_one")
                   .sort_values("area_code").reset_index(drop=True))
    table["count"] = table["count"].astype("Float64")
    table["denominator"] = table["denominator"].astype("Float64")
    with_count = table.dropna(subset=["count", "denominator"])
    rates = rate_frame(with_count.astype({"count": float, "denominator": float}),
                       per=per, confidence=confidence)
    table = table.join(rates[["value", "lower", "upper"]])
    total = rate(float(with_count["count"].sum()), float(with_count["denominator"].sum()),
                 per=per, confidence=confidence)
    return NationalRates(offence, period, denominator, per, table, total)
