"""The helpers of the Community Safety Partnership (CSP) profile: its parameters checked,
the CSPs and periods a report can be made for, and the note on its data.

A CSP has recorded crime by CSP (ONS Table C2) for fewer periods than a force has
(`csp_periods`); its figures are `peelstats.figures.csp.csp_figures`. ``peelstats report``
calls `validate_csp_parameters` before it starts, as the notebook's validation cell does.
"""

from __future__ import annotations

from dataclasses import dataclass

from IPython.display import Markdown

from peelstats import data
from peelstats.figures import wording
from peelstats.figures.csp import csp_figures
from peelstats.figures.figure import Figures
from peelstats.figures.sections import CRIME_SOURCES
from peelstats.notebook.parameters import ReportParameters, validate_confidence

#: The register's note of a CSP that is a former district of a 2023 authority shared with
#: other CSPs (no population of its own).
SHARES_AUTHORITY = "shares_authority"


@dataclass(frozen=True)
class CspParameters(ReportParameters):
    """A checked CSP, period and level: the CSP's ONS code and name, its force's, the
    period ``YYYY-MM`` and the confidence level."""

    force_code: str
    force_name: str
    confidence: float = 0.95


def csp_periods() -> list[str]:
    """The periods (``YYYY-MM``) with recorded crime by CSP, oldest first.

    >>> csp_periods()
    ['2025-06']
    """
    return sorted(data.csp_recorded_crime()["period"].unique().tolist())


def all_csps() -> list[CspParameters]:
    """The CSPs of the register, in the order of their ONS codes, without a period.

    >>> csps = all_csps()
    >>> len(csps), csps[0].area_name, csps[0].force_name
    (314, 'Bath and North East Somerset', 'Avon and Somerset')
    """
    register = data.csp_register().sort_values("csp_code")
    return [CspParameters(code, name, "", force_code, force_name)
            for code, name, force_code, force_name in
            zip(register["csp_code"], register["csp_name"], register["area_code"],
                register["area_name"], strict=True)]


def validate_csp_parameters(area: str, period: str,
                            confidence: float = 0.95) -> CspParameters:
    """Check a CSP-profile notebook's parameters and resolve them.

    Parameters
    ----------
    area : str
        CSP name or ONS code (``Peterborough``, ``E22000017``); a name that is also a
        force's (``Wiltshire``) needs the code.
    period : str
        End of the 12 months, any form `peelstats.data.resolve_period` reads, or
        ``latest`` (the latest period with CSP data).
    confidence : float
        Two-sided level of the intervals and tests, in (0, 1).

    Returns
    -------
    CspParameters

    Raises
    ------
    ValueError
        For an area that is no CSP (a force is named as such, with the notebook to use),
        a period without CSP data (naming the periods that have it) or a bad confidence.

    Examples
    --------
    >>> validate_csp_parameters("Peterborough", "latest")
    CspParameters(area_code='E22000017', area_name='Peterborough', period='2025-06', force_code='E23000023', force_name='Cambridgeshire', confidence=0.95)
    >>> validate_csp_parameters("Kent", "2025-06")
    Traceback (most recent call last):
    ...
    ValueError: 'Kent' is a police force, not a Community Safety Partnership: its profile is notebooks/force_profile.ipynb
    """
    if not isinstance(area, str) or not area.strip():
        raise ValueError(f"area must be a Community Safety Partnership name or ONS code, "
                         f"got {area!r}")
    confidence = validate_confidence(confidence)
    place = data.find_area(area)
    if not isinstance(place, data.Csp):
        raise ValueError(f"{area!r} is a police force, not a Community Safety Partnership: "
                         f"its profile is notebooks/force_profile.ipynb")
    try:
        resolved = data.resolve_period(period, csp_periods(),
                                       what="Community Safety Partnership data",
                                       covered_by=data.tables_with_period)
    except ValueError as error:
        raise ValueError(f"{place.area_name} ({place.area_code}) is a Community Safety "
                         f"Partnership: {error}") from None
    return CspParameters(place.area_code, place.area_name, resolved, place.force.area_code,
                         place.force.area_name, confidence)


def csp_profile(parameters: CspParameters) -> Figures:
    """The CSP's figures for its parameters (`peelstats.figures.csp.csp_figures`)."""
    return csp_figures(parameters.area_code, parameters.period,
                       confidence=parameters.confidence)


def csp_data_note(parameters: CspParameters) -> Markdown:
    """Where the CSP's counts and population come from, its count of crime excluding fraud,
    what it is compared with, and, for a CSP without a population of its own, why its
    figures have no rate (the register's ``shares_authority``; nothing is split)."""
    crime = data.csp_recorded_crime()
    rows = crime[(crime["area_code"] == parameters.area_code)
                 & (crime["period"] == parameters.period)]
    total = rows.loc[rows["offence"] == data.TOTAL_RECORDED_CRIME, "count"]
    sources = "; ".join(CRIME_SOURCES[code] for code in sorted(set(rows["source"])))
    register = data.csp_register()
    entry = register.set_index("csp_code").loc[parameters.area_code]
    unit = data.csp_population().set_index("population_code").loc[entry["population_code"]]
    names = dict(zip(register["csp_code"], register["csp_name"], strict=True))
    alone = int((register["area_code"] == parameters.force_code).sum()) == 1
    period = wording.period(parameters.period)
    counted = (f"{wording.count(total.iloc[0])} crimes excluding fraud were recorded in "
               f"{parameters.area_name} in the 12 months ending {period[3:]} ({period})"
               if len(total) else
               f"The table has no count of crime excluding fraud for {parameters.area_name} "
               f"in {period}")
    where = (f"the only Community Safety Partnership of the {parameters.force_name} police "
             f"force area" if alone else
             f"one of the Community Safety Partnerships of the {parameters.force_name} "
             f"police force area")
    shared = SHARES_AUTHORITY in str(entry["note"]).split(";")
    versus = ("" if shared else
              f" Each rate is compared with the rest of England and Wales (without "
              f"{parameters.area_name}); there is no rest of the force to compare it with."
              if alone else
              f" Each rate is compared with the rest of England and Wales and with the rest "
              f"of the {parameters.force_name} police force area, both without "
              f"{parameters.area_name}.")
    text = (f"{counted}, {where}. Counts: {sources}. Population: ONS mid-{unit['mid_year']} "
            f"population estimates by local authority, added up to Community Safety "
            f"Partnerships.{versus}")
    if shared:
        together = [names[code] for code in unit["csp_codes"].split(";")]
        of = " and of ".join(unit["population_name"].split("; "))
        text += (f"\n\n**{parameters.area_name} has counts but no rate.** The population "
                 f"estimates are by local authority, and the 2023 lookup gives the "
                 f"population of {of} to {_listed(together)} together (Community Safety "
                 f"Partnerships drawn on the boundaries of districts merged since); no "
                 f"bundled estimate splits it, so no rate is given rather than one on an "
                 f"invented population. The rate of these Community Safety Partnerships "
                 f"together is that of {of}.")
    return Markdown(text)


def _listed(names: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
