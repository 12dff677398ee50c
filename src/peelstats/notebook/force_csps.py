"""The Community Safety Partnerships (CSPs) of a force, as its profile shows them: their
table, the funnel of all CSPs with the force's highlighted, and the force's CSPs beside
each other; a CSP's own profile draws the same two charts with the CSP as their focus
(`csp_charts`; its other helpers are in `peelstats.notebook.csp`).

The rows come from `peelstats.figures.csp.force_csps` (each CSP's own figures), the
funnel from `peelstats.figures.position.csps_funnel` (the one from which every CSP
figure's position is read, so the chart and the table agree), the charts from
`peelstats.plots`: this module only joins them, so that a notebook needs one call. The
CSP data cover the periods of `data.csp_recorded_crime` (YE Jun 2025); for any other
period the section says so in one line and shows no figure from another period.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Markdown, display
from matplotlib.figure import Figure

from peelstats import data, plots
from peelstats.figures import wording
from peelstats.figures.csp import ForceCsps, force_csps
from peelstats.figures.position import LEFT_OUT, LEFT_OUT_REASON, CspsFunnel, csps_funnel
from peelstats.notebook.csp import csp_periods
from peelstats.notebook.display import judgement_cell

def _source(period: str) -> str:
    return (f"ONS police force area data tables, Table C2, {wording.period(period)}; "
            f"ONS mid-2023 estimates (peelstats)")


def no_csp_data(period: str) -> Markdown | None:
    """The one line a section shows for a period without CSP data, or None when the
    period has them.

    >>> no_csp_data("2019-03").data
    'The Community Safety Partnership data cover YE Jun 2025 only: there are no CSP figures for YE Mar 2019.'
    """
    periods = csp_periods()
    if period in periods:
        return None
    covered = ", ".join(wording.period(p) for p in periods)
    return Markdown(f"The Community Safety Partnership data cover {covered} only: there "
                    f"are no CSP figures for {wording.period(period)}.")


def csp_table(result: ForceCsps, funnel: CspsFunnel) -> HTML:
    """The force's CSPs as a table: count, rate with interval, verdict against the rest
    of the force, position among all CSPs (in `funnel`) and judgement; under it, the
    CSPs without a rate and why, and the CSPs the funnel leaves out, by name."""
    rows = result.csps
    frame = pd.DataFrame({
        "CSP": [html.escape(name) for name in rows["area_name"]],
        "Crimes": [wording.count(value) for value in rows["count"]],
        f"Rate {result.unit} (95% CI)": [
            html.escape(wording.value_with_interval(v, lo, hi))
            for v, lo, hi in zip(rows["value"], rows["lower"], rows["upper"], strict=True)],
        f"Against the rest of {html.escape(result.force_name)}": [
            wording.verdict_word(verdict) for verdict in rows["verdict"]],
        "Among all CSPs": [wording.position_word(where) for where in rows["position"]],
        "Judgement": [judgement_cell(judgement) for judgement in rows["judgement"]],
    })
    table = frame.to_html(index=False, escape=False, border=0, classes="peelstats-figures")
    notes = [f"{row.area_name}: {row.note}" for row in rows.itertuples() if row.note]
    notes += [f"{row.area_name} ({wording.count(row.count)} crimes) has no rate: "
              f"{row.reason}" for row in result.no_rate.itertuples()]
    notes.append(f"{result.force_name} as a whole: {result.force_rate}. Positions are "
                 f"among {result.among} (funnel adjusted for over-dispersion): "
                 f"{funnel.note}")
    listed = "".join(f"<li>{html.escape(note)}</li>" for note in notes)
    return HTML(f"<p><strong>{html.escape(result.label)} {html.escape(result.unit)}, "
                f"{wording.period(result.period)}</strong></p>{table}"
                f"<ul class='peelstats-notes'>{listed}</ul>"
                f"<p>Source: {html.escape(result.source)}.</p>")


def _off_scale(funnel: CspsFunnel) -> list[str]:
    """The CSPs of the forces left out of the forces' funnel (City of London): drawn at
    the edge, for the same reason (a rate per resident, of fewer than 10,000)."""
    frame = funnel.funnel.frame
    return frame.loc[frame["force_name"].isin(LEFT_OUT), "area_name"].tolist()


def csp_funnel_chart(result: ForceCsps, funnel: CspsFunnel, *,
                     csp: str | None = None) -> Figure:
    """The funnel of all CSPs with a population, the force's CSPs highlighted, or only
    the CSP whose code is `csp` (a CSP's own profile)."""
    frame = funnel.funnel.frame
    if csp is None:
        focus = frame.loc[frame["force_code"] == result.force_code, "area_code"].tolist()
        focus_label = f"{result.force_name}'s CSPs"
    else:
        # One point: named beside it, as a force's own funnel names the force.
        named = frame.loc[frame["area_code"] == csp, "area_name"].tolist()
        focus, focus_label = (named[0] if named else None), None
    off = _off_scale(funnel)
    # The chart names the shared authorities whose CSPs it leaves out; the section's
    # table notes name each CSP (`funnel.note`).
    authorities = funnel.authorities
    note = (f"{len(frame)} of the {funnel.csps} CSPs"
            + (f"; not drawn, the {len(funnel.left_out)} CSPs of {len(authorities)} shared "
               f"2023 authorities, which have no population of their own: "
               f"{'; '.join(authorities)}" if authorities else "") + "."
            + (f" {', '.join(off)} drawn at the edge ({LEFT_OUT_REASON})." if off else ""))
    return plots.funnel_plot(
        funnel.funnel, label="area_name", focus=focus or None, focus_label=focus_label,
        title=f"{result.label} {result.unit}, all CSPs, {wording.period(result.period)}",
        target_label="All CSPs (pooled)", area_label="Other CSPs",
        source=_source(result.period), note=note, off_scale=off)


def csp_forest_chart(result: ForceCsps, *, csp: str | None = None) -> Figure:
    """The force's CSPs beside each other: each rate with its 95% interval, lowest at the
    top, the force's own rate dashed; the CSPs without a rate named under the title. The
    CSP whose code is `csp`, if drawn, is the chart's focus."""
    drawn = result.csps.loc[result.csps["area_code"] == csp, "area_name"].tolist()
    names = result.no_rate["area_name"].tolist()
    note = (f"Not drawn, no population of their own (former districts of a shared 2023 "
            f"authority): {', '.join(names)}." if names else
            f"All {len(result.csps)} CSPs of {result.force_name}.")
    return plots.forest_plot(
        result.csps, label="area_name", focus=drawn[0] if drawn else None,
        reference=float(result.force_rate.value),
        reference_label=f"{result.force_name} as a whole",
        title=(f"{result.label} {result.unit}, CSPs of {result.force_name}, "
               f"{wording.period(result.period)}"),
        xlabel=f"Rate {result.unit}", source=_source(result.period), note=note)


def csp_section(force: str, period: str) -> None:
    """Display a force's CSP section: the table (`csp_table`), the funnel of all CSPs
    (`csp_funnel_chart`) and the forest of the force's CSPs (`csp_forest_chart`); for a
    period without CSP data, the one line that says which periods they cover.

    Parameters
    ----------
    force : str
        A force name or code (``Cambridgeshire``, ``E23000023``).
    period : str
        ``YYYY-MM`` (the report's resolved period).
    """
    missing = no_csp_data(period)
    if missing is not None:
        display(missing)
        return
    result = force_csps(force, period)
    funnel = csps_funnel(period, offence=result.offence)
    display(csp_table(result, funnel))
    display(csp_funnel_chart(result, funnel))
    if result.csps.empty:  # every CSP of the force is a district of a shared authority
        display(Markdown(f"No CSP of {result.force_name} has a population of its own, so "
                         f"there is no chart of their rates side by side."))
    else:
        display(csp_forest_chart(result))


def csp_charts(csp: str, period: str) -> None:
    """Display a CSP's two charts: the funnel of all CSPs with this one highlighted, and
    the CSPs of its force beside each other with this one as the focus. A CSP with no
    population of its own (a former district of a shared 2023 authority) is in neither;
    the charts' notes say why, and a line above them says so.

    Parameters
    ----------
    csp : str
        A CSP name or code (``Peterborough``, ``E22000017``).
    period : str
        ``YYYY-MM`` with CSP data (the report's resolved period).
    """
    place = data.find_area(csp)
    if not isinstance(place, data.Csp):
        raise ValueError(f"{csp!r} is a police force, not a Community Safety Partnership")
    result = force_csps(place.force.area_code, period)
    funnel = csps_funnel(period, offence=result.offence)
    if place.area_code not in set(result.csps["area_code"]):
        display(Markdown(f"{place.area_name} has no population of its own, so it is in "
                         f"neither chart; they show the other CSPs."))
    display(csp_funnel_chart(result, funnel, csp=place.area_code))
    if not result.csps.empty:
        display(csp_forest_chart(result, csp=place.area_code))
