"""The "synthetic" flag: which rows of a table are invented example data.

Every input table may carry an optional ``synthetic`` column; a row without a value in it,
or a table without the column, is real data.

A figure worked out from rows is synthetic where any row it uses is: decided once, here and
where the figure is computed (``domain.ehc`` gives each count and percentage its flag), and
carried with the figure to every table, caption and ledger row that shows it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def synthetic_flags(frame: pd.DataFrame) -> pd.Series:
    """One boolean per row: True where the row is marked synthetic.

    >>> list(synthetic_flags(pd.DataFrame({"synthetic": [True, None, False]})))
    [True, False, False]
    >>> list(synthetic_flags(pd.DataFrame({"value": [1, 2]})))
    [False, False]
    """
    if "synthetic" not in frame:
        return pd.Series(False, index=frame.index, dtype=bool)
    return frame["synthetic"].astype("boolean").fillna(False).astype(bool)


def any_synthetic(*frames: pd.DataFrame) -> bool:
    """True where any row of any of the frames is marked synthetic."""
    return any(bool(synthetic_flags(f).any()) for f in frames)


def all_synthetic(frame: pd.DataFrame) -> bool:
    """True where the frame has rows and every one of them is marked synthetic."""
    return len(frame) > 0 and bool(synthetic_flags(frame).all())


def counted_synthetic(counts, synthetic_counts, records: pd.DataFrame) -> np.ndarray:
    """Whether each figure counted from records is synthetic: where any record it counts is
    (``synthetic_counts`` > 0); where it counts none (a 0, or a period with no plans), where
    every record of the table it was counted from (``records``) is: an invented extract
    invents its empty months too, while in real data an empty month is a real 0.

    >>> table = pd.DataFrame({"synthetic": [True, True]})
    >>> counted_synthetic([2, 0, 1], [1, 0, 0], table).tolist()
    [True, True, False]
    >>> counted_synthetic([0], [0], pd.DataFrame({"synthetic": [True, False]})).tolist()
    [False]
    """
    counts = np.asarray(counts, dtype="float64")
    invented = np.asarray(synthetic_counts, dtype="float64") > 0
    return np.where(counts > 0, invented, all_synthetic(records)).astype(bool)


def status_synthetic(tracker: pd.DataFrame, updates: pd.DataFrame) -> pd.Series:
    """One boolean per action of a tracker (``actions.status_at``): True where the status it
    shows comes from an update row marked synthetic (the row of its ``action_ref`` and
    ``status_date``); False where it has no status."""
    marked = updates.assign(_synthetic=synthetic_flags(updates))
    marked = marked.drop_duplicates(["action_ref", "reporting_date"])
    keys = pd.MultiIndex.from_frame(marked[["action_ref", "reporting_date"]])
    flags = pd.Series(marked["_synthetic"].to_numpy(), index=keys)
    wanted = pd.MultiIndex.from_arrays([tracker["action_ref"], tracker["status_date"]])
    found = flags.reindex(wanted)
    return pd.Series(found.fillna(False).astype(bool).to_numpy(), index=tracker.index)
