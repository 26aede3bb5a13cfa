"""Combining the same measure from several releases: every release's figure is kept (a pack
cites the newest it holds that was published by its reporting date), and where releases
disagree on a figure the differences are listed."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import pandas as pd


class ReleaseDifferenceWarning(UserWarning):
    """Two releases publish different figures for the same measure, area and period."""


DIFFERENCE_COLUMNS = (
    "measure_key",
    "area_code",
    "time_period",
    "older_value",
    "older_symbol",
    "older_source",
    "newer_value",
    "newer_symbol",
    "newer_source",
)
"""Columns of the table of differences between releases."""


def combine_releases(parts: Sequence[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Put together the same measure from several releases, keeping every release's figure.

    Parameters
    ----------
    parts : sequence of pandas.DataFrame
        One frame per release, oldest first, each with at least ``measure_key``,
        ``area_code``, ``time_period``, ``period_start``, ``period_end``, ``value``,
        ``symbol`` and ``source``.

    Returns
    -------
    combined : pandas.DataFrame
        Every row of every part, in the parts' order. Where several parts have the same
        measure, area and period (same first and last day), each keeps its row: which one a
        pack shows depends on its reporting date.
    differences : pandas.DataFrame
        Columns :data:`DIFFERENCE_COLUMNS`: one row for each older figure that the latest
        release publishes differently (a different value, or a symbol instead of a value, or
        another symbol). Empty when the releases agree.
    """
    key = ["measure_key", "area_code", "period_start", "period_end"]
    frames = [part.assign(_order=order) for order, part in enumerate(parts) if not part.empty]
    if not frames:
        empty = parts[0].iloc[0:0] if parts else pd.DataFrame()
        return empty.copy(), no_differences()
    stacked = pd.concat(frames, ignore_index=True)
    newest = stacked.sort_values("_order", kind="stable").drop_duplicates(key, keep="last")
    older = stacked.drop(newest.index)
    differences = no_differences()
    if not older.empty:
        differences = _differences(older.merge(newest, on=key, suffixes=("_old", "_new")))
    return stacked.drop(columns="_order"), differences


def _differences(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs (older, newer) of figures that are not the same."""
    same_symbol = pairs["symbol_old"].fillna("") == pairs["symbol_new"].fillna("")
    both_empty = pairs["value_old"].isna() & pairs["value_new"].isna()
    close = (pairs["value_old"] - pairs["value_new"]).abs() <= 1e-9 * pairs[
        ["value_old", "value_new"]
    ].abs().max(axis=1).clip(lower=1)
    differ = ~(same_symbol & (both_empty | close))
    if not differ.any():
        return no_differences()
    d = pairs[differ]
    return pd.DataFrame(
        {
            "measure_key": d["measure_key"],
            "area_code": d["area_code"],
            "time_period": d["time_period_new"],
            "older_value": d["value_old"],
            "older_symbol": d["symbol_old"],
            "older_source": d["source_old"],
            "newer_value": d["value_new"],
            "newer_symbol": d["symbol_new"],
            "newer_source": d["source_new"],
        }
    ).reset_index(drop=True)


def no_differences() -> pd.DataFrame:
    """An empty table of differences (columns :data:`DIFFERENCE_COLUMNS`)."""
    return pd.DataFrame(
        {
            name: pd.Series([], dtype="float64" if "value" in name else str)
            for name in DIFFERENCE_COLUMNS
        }
    )


def warn_differences(differences: pd.DataFrame, stacklevel: int = 2) -> None:
    """Warn (:class:`ReleaseDifferenceWarning`) about the first ten differences, if any."""
    if differences.empty:
        return
    shown = "; ".join(
        f"{d.measure_key} {d.area_code} {d.time_period}: "
        f"{_shown(d.older_value, d.older_symbol)} ({d.older_source}) replaced by "
        f"{_shown(d.newer_value, d.newer_symbol)}"
        for d in differences.head(10).itertuples()
    )
    more = f" and {len(differences) - 10} more" if len(differences) > 10 else ""
    warnings.warn(
        f"The releases disagree on {len(differences)} figure(s); the newer "
        f"release is used: {shown}{more}",
        ReleaseDifferenceWarning,
        stacklevel=stacklevel + 1,
    )


def _shown(value: float, symbol) -> str:
    if isinstance(symbol, str):
        return repr(symbol)
    return "empty" if math.isnan(value) else f"{value:g}"
