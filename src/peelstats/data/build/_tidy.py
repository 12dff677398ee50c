"""Shaping helpers shared by the table builders: note flags and row order."""

from __future__ import annotations

import numpy as np
import pandas as pd

from peelstats.data.build import _offences as off


def join_notes(notes: pd.DataFrame) -> np.ndarray:
    """`;`-joined non-empty flags of each row (columns in order); None where none.

    Returns a plain array, so it lines up with the rows by position, whatever the index.

    >>> join_notes(pd.DataFrame({"a": ["x", "", ""], "b": ["y", "z", ""]})).tolist()
    ['x;y', 'z', None]
    """
    joined = pd.Series(notes.iloc[:, 0].to_numpy(), dtype="str")
    for column in notes.columns[1:]:
        joined = joined.str.cat(pd.Series(notes[column].to_numpy(), dtype="str"), sep=";")
    joined = joined.str.replace(r";{2,}", ";", regex=True).str.strip(";")
    return np.where(joined.to_numpy() == "", None, joined.to_numpy()).astype(object)


def sort_by_offence(table: pd.DataFrame, first: list[str]) -> pd.DataFrame:
    """Rows sorted by the `first` columns, then by offence in the published order
    (totals before their parts)."""
    rank = table["offence"].map({name: i for i, name in enumerate(off.ORDER)})
    if rank.isna().any():
        unknown = sorted(table.loc[rank.isna(), "offence"].unique())
        raise ValueError(f"offence names with no place in the order: {unknown}")
    return (table.assign(_rank=rank).sort_values([*first, "_rank"], kind="stable")
            .drop(columns="_rank"))
