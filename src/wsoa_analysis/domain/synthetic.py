"""The "synthetic" flag: which rows of a table are invented example data.

Every input table may carry an optional ``synthetic`` column; a row without a value in it,
or a table without the column, is real data.
"""

from __future__ import annotations

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
