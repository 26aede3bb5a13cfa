"""What counts as a missing value: one test for every kind of "nothing" a frame can hold."""

from __future__ import annotations

import math

import pandas as pd


def is_missing(value) -> bool:
    """True for ``None``, ``pd.NA``, ``NaT`` and NaN (Python or NumPy); False otherwise.

    A list, an array or any other non-scalar is not a missing value, even when empty.

    >>> [is_missing(v) for v in (None, pd.NA, pd.NaT, float("nan"), 0, "", [])]
    [True, True, True, True, False, False, False]
    """
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if not pd.api.types.is_scalar(value):  # a list or an array: not a single missing value
        return False
    return bool(pd.isna(value))


def as_float(value) -> float:
    """The value as a float, NaN where it is missing.

    >>> as_float(None), as_float(pd.NA), as_float(3)
    (nan, nan, 3.0)
    """
    return math.nan if is_missing(value) else float(value)


def as_date(value) -> pd.Timestamp | None:
    """The value as a Timestamp, None where it is missing."""
    return None if is_missing(value) else pd.Timestamp(value)
