"""What protection gives back (`Protected`) and the pieces every protection rule shares:
which counts are small, rounding to the policy's base, reading counts, and putting the
protected figures together as values and as text."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wsoa_analysis.disclosure.policy import DisclosurePolicy
from wsoa_analysis.domain.rounding import format_value, round_half_up
from wsoa_analysis.errors import ParameterError


@dataclass(frozen=True, eq=False)
class Protected:
    """Figures ready to publish, with what was withheld.

    Every frame has the index and columns of the result (the input's, plus any added total).

    Attributes
    ----------
    values : DataFrame
        Protected columns as floats: rounded where the policy rounds, NaN where withheld (and
        where there is no figure, such as a rolling total before a full window). Other columns
        are as they came in.
    shown : DataFrame
        Protected columns as text to print: ``1,234``, ``57.5%``, the symbol where withheld,
        ``–`` where there is no figure. Other columns are as they came in.
    suppressed : DataFrame
        True where a figure is withheld (shown as the symbol).
    primary : DataFrame
        True where a figure is withheld because it is small itself; ``suppressed & ~primary``
        are the figures withheld so that a small one cannot be worked out.
    """

    values: pd.DataFrame
    shown: pd.DataFrame
    suppressed: pd.DataFrame
    primary: pd.DataFrame

    def rows(self, labels) -> Protected:
        """Only the rows with these index labels (e.g. a table without the subtotals that
        were protected with it), in that order."""
        return Protected(
            *(f.loc[list(labels)] for f in (self.values, self.shown, self.suppressed, self.primary))
        )


def small(values: np.ndarray, policy: DisclosurePolicy) -> np.ndarray:
    """True where a count is small enough to identify a child."""
    small = (values > 0) & (values < policy.threshold)
    if policy.suppress_zero:
        small |= values == 0
    return small


def rounded(values: np.ndarray, policy: DisclosurePolicy) -> np.ndarray:
    """Counts as the policy shows them: rounded half up to a multiple of its base (as they
    are, as floats, with base 1 or the policy off)."""
    base = policy.rounding_base
    if base == 1 or not policy.enabled:
        return values.astype("float64")
    return np.array(
        [round_half_up(v / base) * base if np.isfinite(v) else math.nan for v in values.ravel()],
        dtype="float64",
    ).reshape(values.shape)


def read_counts(frame: pd.DataFrame, cols: list, what: str) -> np.ndarray:
    """The columns as a whole-number matrix, or every cell that is not a count reported at once."""
    problems, out = [], np.zeros((len(frame), len(cols)), dtype="int64")
    for j, col in enumerate(cols):
        raw = frame[col]
        num = pd.to_numeric(raw, errors="coerce").astype("float64").to_numpy()
        bad = ~np.isfinite(num) | (num < 0) | (num != np.floor(num))
        for i in np.flatnonzero(bad):
            problems.append(
                f"{what}, column {col!r}, row {frame.index[i]!r}: "
                f"{_plain(raw.iloc[i])} is not a count (expected a whole number, "
                "0 or more, e.g. 12)"
            )
        out[:, j] = np.where(bad, 0, num).astype("int64")
    if problems:
        raise ParameterError("\n".join(problems))
    return out


def _plain(value) -> str:
    """A cell's value as a person would write it: -2, 2.5, 'x', or "a blank"."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "a blank"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(value)


def need_columns(frame: pd.DataFrame, cols: Iterable, what: str) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ParameterError(
            f"{what}: no column {', '.join(map(repr, missing))} in the frame "
            f"(columns: {', '.join(map(repr, frame.columns))})"
        )


def assemble(
    frame: pd.DataFrame,
    cols: list,
    raw: np.ndarray,
    supp: np.ndarray,
    prim: np.ndarray,
    policy: DisclosurePolicy,
    units: list[str] | None = None,
) -> Protected:
    """Build the four frames: ``cols`` of ``frame`` replaced by their protected form."""
    units = units or ["count"] * len(cols)
    values, shown = frame.copy(), frame.copy()
    suppressed = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    primary = suppressed.copy()
    for j, col in enumerate(cols):
        v = raw[:, j].astype("float64")
        if units[j] == "count":
            v = rounded(v, policy)
        v = np.where(supp[:, j], math.nan, v)
        values[col] = v
        shown[col] = [
            policy.symbol if s else format_value(x, units[j])
            for x, s in zip(v, supp[:, j], strict=True)
        ]
        suppressed[col] = supp[:, j]
        primary[col] = prim[:, j]
    return Protected(values, shown, suppressed, primary)
