"""Marking a set of areas on a chart (a force's comparison group): which rows `mark`
names, by area code or by label. The funnel and forest charts share it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

#: The legend text of marked areas when the caller gives none.
DEFAULT_MARK_LABEL = "Marked areas"


def marked_labels(labels: Sequence[Any], codes: Sequence[Any] | None,
                  mark: Iterable[Any]) -> set[Any]:
    """The labels of the rows that `mark` names: by their area code (`codes`, in the
    order of `labels`, when the data has an ``area_code`` column) or by their label.

    Raises ValueError for a `mark` given as one string, and for names of no row (a
    member of a group that the chart does not draw is for the caller to leave out, and
    to say so).

    >>> sorted(marked_labels(["Kent", "Essex", "Surrey"], ["E1", "E2", "E3"], ["E1", "Surrey"]))
    ['Kent', 'Surrey']
    """
    if isinstance(mark, str):
        raise ValueError(f"mark must be a list of area codes (or labels), got the text "
                         f"{mark!r}; write [{mark!r}]")
    wanted = list(mark)
    labels = list(labels)
    by_code = dict(zip(codes, labels, strict=True)) if codes is not None else {}
    found, unknown = set(), []
    for name in wanted:
        if name in by_code:
            found.add(by_code[name])
        elif name in labels:
            found.add(name)
        else:
            unknown.append(name)
    if unknown:
        raise ValueError(f"mark names no area drawn: {sorted(unknown, key=str)}")
    return found
