"""Check the parameters of a notebook or report run, with errors that name the valid choices.

papermill injects whatever it is given; these functions are what the cell after each
notebook's ``parameters`` cell calls, and what ``peelstats report`` calls before it starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from peelstats import data
from peelstats.stats.checks import check_confidence

if TYPE_CHECKING:
    from peelstats.figures.groups import Group


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
    """`period` checked against the periods with recorded crime; ``latest`` gives the latest.

    Any form `peelstats.data.resolve_period` reads (``2019-03``, ``YE Mar 2019``,
    ``March 2019``, ``2018/19``). Raises ValueError naming the bad value, the tables that
    have the period and the nearest periods with recorded crime.
    """
    return data.resolve_period(period, periods(), what="recorded crime data",
                               covered_by=data.tables_with_period)


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
        End of the 12 months: ``YYYY-MM``, ``YE Mar 2019``, ``March 2019``, ``2018/19``
        or ``latest``.

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
    # The force profile's own check: one look-up and one wording for the area and the
    # period. A period with recorded crime but without the population estimates its rates
    # need (YE Mar 2003 needs mid-2001) has no profile: refused here, not 43 failed reports.
    from peelstats.figures.profile import profile_context

    context = profile_context(area, period)
    return ReportParameters(context.area_code, context.area_name, context.period)


def validate_group(parameters: ReportParameters, groups_path: str | Path | None = None,
                   group: str | None = None) -> Group | None:
    """Check a force-profile notebook's `groups_path` and `group`: the force's group.

    Parameters
    ----------
    parameters : ReportParameters
        The checked force (`validate_parameters`).
    groups_path : str, optional
        A groups file (CSV or XLSX of ``group, area``, `peelstats.read_groups`); None for
        a profile without group figures.
    group : str, optional
        The group of `groups_path` to compare with, needed when the force is in several.

    Returns
    -------
    Group or None
        The force's group (its name and members), None without `groups_path`.

    Raises
    ------
    DataFileError
        A bad groups file: every problem, with file, row, column and value.
    ValueError
        A parameter of the wrong type, a `group` without `groups_path`, an unknown group
        (listing the groups), a force in no group or in several when `group` does not
        choose (listing them).

    Examples
    --------
    >>> from peelstats._paths import examples_dir
    >>> checked = validate_parameters("Kent", "2019-03")
    >>> validate_group(checked, str(examples_dir() / "groups_by_region.csv")).name
    'South East'
    >>> validate_group(checked) is None
    True
    """
    if groups_path is not None and (not isinstance(groups_path, (str, Path))
                                    or not str(groups_path).strip()):
        raise ValueError(f"groups_path must be the path of a groups file, or None for no "
                         f"group figures, got {groups_path!r}")
    if group is not None and (not isinstance(group, str) or not group.strip()):
        raise ValueError(f"group must be a group's name, or None, got {group!r}")
    if groups_path is None:
        if group is not None:
            raise ValueError(f"group={group!r} needs groups_path, the groups file that "
                             f"has it")
        return None
    from peelstats.data.indicators import read_groups
    from peelstats.figures.groups import force_group

    return force_group(read_groups(groups_path), parameters.area_code, parameters.area_name,
                       group)


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
