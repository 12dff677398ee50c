"""Check the parameters of a notebook or report run, with errors that name the valid choices.

papermill injects whatever it is given; these functions are what the cell after each
notebook's ``parameters`` cell calls, and what ``peelstats report`` calls before it starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peelstats import data
from peelstats.stats._validation import check_confidence

_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class ReportParameters:
    """A checked force and period: the ONS code, the name reports use, the period ``YYYY-MM``."""

    area_code: str
    area_name: str
    period: str


def periods() -> list[str]:
    """The periods (``YYYY-MM``, end of the 12 months) with recorded crime data, oldest first."""
    return sorted(data.recorded_crime()["period"].unique().tolist())


def resolve_period(period: str) -> str:
    """`period` checked against the periods with data; ``latest`` gives the latest of them.

    Raises ValueError naming the bad value and the valid choices.
    """
    valid = periods()
    if period == "latest":
        return valid[-1]
    if not isinstance(period, str) or not _PERIOD.match(period):
        raise ValueError(f"period must be written YYYY-MM (the end of the 12 months) or "
                         f"'latest', got {period!r}; periods with data: {_ranges(valid)}")
    if period not in valid:
        raise ValueError(f"period {period!r} has no recorded crime data; periods with data: "
                         f"{_ranges(valid)}")
    return period


def _ranges(valid: list[str]) -> str:
    """The valid periods for a message: all of them, or the first and last four and the count."""
    if len(valid) <= 12:
        return ", ".join(valid)
    return f"{', '.join(valid[:4])}, ..., {', '.join(valid[-4:])} ({len(valid)} periods)"


def all_areas() -> list[ReportParameters]:
    """The 43 forces, in the order of their ONS codes, as parameters without a period."""
    forces = data.forces().sort_values("area_code")
    return [ReportParameters(code, name, "") for code, name in
            zip(forces["area_code"], forces["area_name"], strict=True)]


def validate_parameters(area: str, period: str) -> ReportParameters:
    """Check a force-profile notebook's parameters and resolve them.

    Parameters
    ----------
    area : str
        Force name, alias (``Cambridgeshire Constabulary``) or ONS code (``E23000023``).
    period : str
        End of the 12 months, ``YYYY-MM``, or ``latest``.

    Returns
    -------
    ReportParameters
        The force's ONS code and name, and the period.

    Raises
    ------
    ValueError
        Naming the bad value and the valid choices (close matches for a force); a period
        with recorded crime but no force profile (no population estimate for its rates)
        is refused with the periods that have one.

    Examples
    --------
    >>> validate_parameters("E23000023", "2019-03")
    ReportParameters(area_code='E23000023', area_name='Cambridgeshire', period='2019-03')
    """
    if not isinstance(area, str) or not area.strip():
        raise ValueError(f"area must be a force name, alias or ONS code, got {area!r}")
    try:
        force = data.find_force(area)
    except ValueError as error:
        if "close matches" in str(error):
            raise
        names = ", ".join(sorted(data.forces()["area_name"]))
        raise ValueError(f"{error}; the forces are: {names}") from None
    resolved = resolve_period(period)
    # A period with recorded crime but without the population estimates its rates need
    # (YE Mar 2003 needs mid-2001) has no force profile: refused here, not 43 failed reports.
    from peelstats.figures.profile import profile_context

    profile_context(force.area_code, resolved)
    return ReportParameters(force.area_code, force.area_name, resolved)


def validate_period(period: str) -> str:
    """Check a national notebook's period (see `resolve_period`)."""
    return resolve_period(period)


def validate_offence(offence: str) -> str:
    """Check an offence group name against the recorded crime table (Home Office names)."""
    offences = sorted(data.recorded_crime()["offence"].unique())
    if offence not in offences:
        raise ValueError(f"offence {offence!r} is not a recorded crime offence group; "
                         f"choose one of: {', '.join(offences)}")
    return offence


def validate_confidence(confidence: float) -> float:
    """Check a confidence level: a fraction in (0, 1)."""
    return check_confidence(confidence)
