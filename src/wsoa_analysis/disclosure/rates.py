"""Percentages worked out from record-level counts: a rate is withheld where it would reveal
a small number of children, its numerator with it."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from wsoa_analysis.disclosure.policy import DisclosurePolicy
from wsoa_analysis.disclosure.protected import Protected, assemble, read_counts, rounded, small
from wsoa_analysis.domain.rounding import digits_shown, round_half_up
from wsoa_analysis.errors import ParameterError

#: The decimals a percentage is shown (and published) to.
PERCENT_DIGITS = digits_shown("percent")


def protect_rate(
    numerators: pd.Series,
    denominators: pd.Series,
    percent: pd.Series | None,
    policy: DisclosurePolicy,
) -> Protected:
    """Withhold a percentage (and its counts) where it would reveal a small number of children.

    Parameters
    ----------
    numerators, denominators : Series
        Counts with the same index, e.g. ``within_20_weeks`` and ``plans_issued``.
    percent : Series or None
        The percentage to show; None works it out as ``100 * numerator / denominator``.
    policy : DisclosurePolicy

    Returns
    -------
    Protected
        Columns named after the three Series (``numerator``, ``denominator``, ``percent`` if
        unnamed). The percentage is shown to 1 decimal place (``57.5%``), and its value is
        that figure as shown (rounded half up), so nothing that uses it (a chart, a rating,
        the data workbook) carries a more exact fraction of the counts than the page shows;
        ``–`` where the denominator is 0. Where the policy rounds counts, the percentage is
        worked out from the rounded counts (from the exact ones, it would give them back).

    Raises
    ------
    ParameterError
        If the indexes differ, a value is not a count, or a numerator exceeds its denominator.

    Notes
    -----
    A percentage is withheld where the denominator is small, or (with a non-zero denominator)
    the numerator is small, or the rest, ``denominator - numerator``, is small: "38 of 40
    within 20 weeks" tells a reader 2 plans were late. A withheld percentage's numerator is
    withheld with it (shown with the denominator it would give the percentage back; shown
    alone it would tell the small group's size). The denominator is withheld only if it is
    small itself. "Small" is the policy's rule for counts (0 included with ``suppress_zero``).
    """
    frame, names = _rate_frame(numerators, denominators, percent)
    counts = read_counts(frame, names[:2], "protect_rate")
    n, d = counts[:, 0], counts[:, 1]
    over = np.flatnonzero(n > d)
    if over.size:
        rows = ", ".join(f"row {frame.index[i]!r}: {n[i]} of {d[i]}" for i in over)
        raise ParameterError(f"protect_rate: a numerator is larger than its denominator ({rows})")
    if policy.enabled and policy.rounding_base > 1:
        pct = _percent(rounded(n, policy), rounded(d, policy))
    elif percent is None:
        pct = _percent(n, d)
    else:
        pct = pd.to_numeric(percent, errors="coerce").astype("float64").to_numpy()
    if policy.enabled:
        pct = np.array([round_half_up(v, PERCENT_DIGITS) for v in pct], dtype="float64")
    frame[names[2]] = pct
    if policy.enabled:
        small_n, small_d = small(n, policy), small(d, policy)
        rate = small_d | ((d > 0) & (small_n | small(d - n, policy)))
        supp = np.column_stack([rate, small_d, rate])
        prim = np.column_stack([small_n, small_d, rate])
    else:
        supp = prim = np.zeros((len(frame), 3), dtype=bool)
    raw = np.column_stack([n, d, pct])
    return assemble(frame, names, raw, supp, prim, policy, ["count", "count", "percent"])


def _percent(n: np.ndarray, d: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(d > 0, 100 * n / np.where(d > 0, d, 1), math.nan)


def _rate_frame(
    numerators: pd.Series, denominators: pd.Series, percent: pd.Series | None
) -> tuple[pd.DataFrame, list]:
    """The numerators and denominators side by side, and the three columns' names, after
    checking that the names differ and the indexes agree."""
    names = [numerators.name, denominators.name, percent.name if percent is not None else None]
    names = [
        n if n is not None else d
        for n, d in zip(names, ["numerator", "denominator", "percent"], strict=True)
    ]
    if len(set(names)) < 3:
        raise ParameterError(
            f"protect_rate: numerator, denominator and percent need different names, got {names}"
        )
    if not numerators.index.equals(denominators.index) or (
        percent is not None and not numerators.index.equals(percent.index)
    ):
        raise ParameterError(
            "protect_rate: numerators, denominators and percent must have the "
            "same index (one row per period)"
        )
    frame = pd.DataFrame({names[0]: numerators, names[1]: denominators}, index=numerators.index)
    return frame, names
