"""Comparison groups: which group a force is compared with, the pooled value of the
group's other members, and the force's rank among them.

A group (`peelstats.read_groups`: a user's copy of the most similar groups, say) is a
comparator like England and Wales, with two differences. The force is left out of it
(DESIGN.md, vocabulary: ``group``), so no comparison "within" a whole is needed. And the
group's value is the pooled value of the other members, the sum of their counts over the
sum of their denominators: the weighted average HMICFRS shows for a group of forces, not
the mean of the members' rates. The comparison itself is `peelstats.compare`'s, through
`cite`, as every other figure's; this module only chooses the members and adds them up.

`peelstats.indicator_figures` (an analyst's indicator table) and `peelstats.force_profile`
(the bundled recorded crime figures) both use it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from peelstats import stats
from peelstats.data.indicators import frame_or_read, read_groups
from peelstats.figures import wording
from peelstats.stats import Estimate

#: The columns of the frame `peelstats.read_groups` returns that a group needs.
GROUP_FRAME_COLUMNS = ("group", "area_code", "area_name")

RankOrder = Literal["lowest", "highest"]


@dataclass(frozen=True)
class Group:
    """A comparison group: its name and its members (area code → name, in file order)."""

    name: str
    members: Mapping[str, str]

    @property
    def slug(self) -> str:
        """The group's name as part of a figure id: lower-case letters, digits and ``_``.

        >>> Group("South East", {}).slug, Group("MSG 3 (2024)", {}).slug
        ('south_east', 'msg_3_2024')
        """
        return slug(self.name)

    @property
    def label(self) -> str:
        """What a chart's legend calls the members: ``East (group)``."""
        return f"{self.name} (group)"

    def others(self, area_code: str) -> list[str]:
        """The members other than `area_code`, in file order."""
        return [code for code in self.members if code != area_code]


def slug(name: str) -> str:
    """`name` as an identifier: accents dropped, runs of other characters as one ``_``.

    Raises ValueError when nothing is left (a name of punctuation alone).
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = "_".join(re.sub(r"[^0-9a-z]+", " ", plain.lower()).split())
    if not text:
        raise ValueError(f"group {name!r} has no letters or digits to name its figures "
                         f"by; rename it in the groups file")
    return text


def group_table(groups: pd.DataFrame | str | Path) -> pd.DataFrame:
    """The groups as `peelstats.read_groups` returns them, from that frame or a file."""
    return frame_or_read(groups, read_groups, GROUP_FRAME_COLUMNS, name="groups")


def _names(table: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(table["group"]))


def find_group(table: pd.DataFrame, name: str, *, what: str = "group") -> Group:
    """The group called `name` in `table`; ValueError listing the groups if there is none.

    `what` is how the error names the argument (``versus``, ``group``).
    """
    names = _names(table)
    if name not in names:
        raise ValueError(f"{what}={name!r}: no such group; the groups are: "
                         f"{', '.join(map(repr, names))}")
    chosen = table[table["group"] == name]
    return Group(name, dict(zip(chosen["area_code"], chosen["area_name"], strict=True)))


def force_group(groups: pd.DataFrame | str | Path, area_code: str, area_name: str,
                group: str | None = None) -> Group:
    """The group a force is compared with: `group`, or the one group it is in.

    Raises ValueError for an unknown `group` (listing the groups), a `group` the force is
    not in (naming the groups it is in), a force in no group, and a force in several
    groups when `group` does not choose one (listing them).
    """
    table = group_table(groups)
    own = _names(table[table["area_code"] == area_code])
    if group is not None:
        if not isinstance(group, str) or not group:
            raise ValueError(f"group must be a group's name, got {group!r}")
        chosen = find_group(table, group)
        if area_code not in chosen.members:
            raise ValueError(f"{area_name} is not a member of group {group!r}; "
                             + (f"its groups: {', '.join(map(repr, own))}" if own
                                else "it is in no group of the groups file"))
        return chosen
    if not own:
        raise ValueError(f"{area_name} is in no group of the groups file; the groups are: "
                         f"{', '.join(map(repr, _names(table)))}")
    if len(own) > 1:
        raise ValueError(f"{area_name} is in {len(own)} groups ({', '.join(map(repr, own))}):"
                         f" choose one with group=")
    return find_group(table, own[0])


@dataclass(frozen=True)
class Pool:
    """The other members of a group added up: what their pooled value is made of.

    `count` and `denominator` are the sums over `members` (the other members with both a
    count and a denominator); `lacking` are the other members without one, left out of
    the sums (and said in the figure's notes, never dropped silently).
    """

    count: float
    denominator: float
    members: tuple[str, ...]
    lacking: tuple[str, ...]

    def estimate(self, kind: Literal["rate", "proportion"], *, per: float = 1000,
                 confidence: float = 0.95) -> Estimate:
        """The pooled value: a rate per `per` (Byar interval) or a proportion (Wilson),
        as `peelstats.rate` and `peelstats.proportion` give them."""
        if not self.members:
            raise ValueError("no other member of the group has a figure to pool")
        if kind == "proportion":
            return stats.proportion(self.count, self.denominator, confidence=confidence)
        return stats.rate(self.count, self.denominator, per=per, confidence=confidence)


def pool_others(group: Group, area_code: str, counts: pd.Series,
                denominators: pd.Series) -> Pool:
    """The sum of the counts over the sum of the denominators of the group's members other
    than `area_code` (the weighted average HMICFRS shows for a group).

    `counts` and `denominators` are indexed by area code; a member absent from them, or
    with a NaN, is `lacking`.

    >>> group = Group("g", {"A": "A", "B": "B", "C": "C"})
    >>> pool = pool_others(group, "A", pd.Series({"A": 5.0, "B": 10.0, "C": 30.0}),
    ...                    pd.Series({"A": 100.0, "B": 1000.0, "C": 2000.0}))
    >>> pool.count, pool.denominator, pool.members
    (40.0, 3000.0, ('B', 'C'))
    """
    others = group.others(area_code)
    x = np.asarray(counts.reindex(others), dtype=float)
    n = np.asarray(denominators.reindex(others), dtype=float)
    known = np.isfinite(x) & np.isfinite(n)
    members = tuple(code for code, ok in zip(others, known, strict=True) if ok)
    lacking = tuple(code for code, ok in zip(others, known, strict=True) if not ok)
    return Pool(float(x[known].sum()), float(n[known].sum()), members, lacking)


def rank_in_group(values: Mapping[str, float], area_code: str, *,
                  order: RankOrder) -> tuple[int, int]:
    """The place of `area_code` among `values` (by area code, the area's own among them)
    and how many are ranked: 1 is the lowest value (``order='lowest'``) or the highest.

    Members with a NaN value are not ranked; tied values share the better place.

    >>> rank_in_group({"A": 2.0, "B": 1.0, "C": 3.0}, "A", order="lowest")
    (2, 3)
    >>> rank_in_group({"A": 2.0, "B": 1.0, "C": float("nan")}, "A", order="highest")
    (1, 2)
    """
    if order not in ("lowest", "highest"):
        raise ValueError(f"order must be 'lowest' or 'highest', got {order!r}")
    ranked = {code: float(value) for code, value in values.items()
              if not np.isnan(float(value))}
    if area_code not in ranked:
        raise ValueError(f"{area_code} has no value to rank")
    own = ranked[area_code]
    before = sum((value < own) if order == "lowest" else (value > own)
                 for value in ranked.values())
    return 1 + before, len(ranked)


def rank_note(area_name: str, place: int, total: int, group: str, *, order: RankOrder,
              among: str = "in the group", verb: str = "is") -> str:
    """The rank as a figure's note.

    >>> rank_note("Kent", 2, 5, "South East", order="lowest", verb="ranks")
    'Kent ranks 2nd-lowest of 5 forces in the group South East'
    """
    return (f"{area_name} {verb} {wording.rank(place, total, order, 'forces')} {among} "
            f"{group}")
