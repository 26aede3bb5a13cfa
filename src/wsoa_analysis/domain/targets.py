"""Progress, targets, trajectories and direction of travel for key impact measures.

Pure functions on numbers and dates; the RAG rating that uses them is in ``rating``.
"""

from __future__ import annotations

import math

import pandas as pd

from wsoa_analysis.domain.missing import is_missing
from wsoa_analysis.domain.periods import FREQUENCY_SPECS, period_end, period_range

SIGN = {"higher": 1, "lower": -1}


def _missing(*values) -> bool:
    return any(is_missing(v) for v in values)


def effective_target(target_kind: str, target_value, baseline) -> float:
    """The number a target amounts to, or NaN where it has none.

    ``absolute``: the target value. ``relative``: the baseline changed by ``target_value``
    percent (a 20% increase on 1,000 is 1,200). ``maintain``: the target value where given,
    else the baseline. Other kinds carry no number.

    >>> effective_target("relative", 20, 1000)
    1200.0
    """
    if target_kind == "absolute":
        return math.nan if _missing(target_value) else float(target_value)
    if target_kind == "relative":
        if _missing(target_value, baseline):
            return math.nan
        return float(baseline) * (1 + float(target_value) / 100)
    if target_kind == "maintain":
        if not _missing(target_value):
            return float(target_value)
        return math.nan if _missing(baseline) else float(baseline)
    return math.nan


def progress_percent(value, baseline, target) -> float:
    """Share of the distance from baseline to target travelled, in percent.

    Polarity needs no argument: the sign of ``target - baseline`` carries it. A value beyond
    the target gives more than 100; a move away from the target gives a negative figure.
    NaN where any input is missing or the target equals the baseline.

    >>> progress_percent(63.75, 52.5, 75)   # EHC plans audited good: half way
    50.0
    >>> progress_percent(57, 64, 50)        # requests per month, lower is better
    50.0
    """
    if _missing(value, baseline, target) or float(target) == float(baseline):
        return math.nan
    return (float(value) - float(baseline)) / (float(target) - float(baseline)) * 100


def periods_between(start, end, frequency: str) -> int:
    """Whole periods of ``frequency`` from the period containing ``start`` to the one
    containing ``end`` (negative where ``end`` is earlier).

    >>> periods_between("2021-08-31", "2023-06-30", "academic_year")  # 2020/21 to 2022/23
    2
    """
    a, b = period_end(start, frequency), period_end(end, frequency)
    months = (b.year - a.year) * 12 + (b.month - a.month)
    return months // FREQUENCY_SPECS[frequency].months


def trajectory_value(date, baseline, baseline_date, target, target_date, frequency: str) -> float:
    """The trajectory from ``baseline`` (in the period containing ``baseline_date``) to
    ``target`` (in the period containing ``target_date``), stepping by the measure's own
    period: in the k-th of K periods after the baseline's it stands k/K of the way. A measure
    is only ever seen at the end of its periods, so a line drawn in days would judge an
    academic year by how many days of it fall before the target date.

    Before the baseline's period it is the baseline; from the target's period on, the target.

    >>> trajectory_value("2022-06-30", 52.5, "2021-06-30", 75, "2023-06-30", "quarterly")
    63.75
    >>> trajectory_value("2022-08-31", 913, "2021-08-31", 880, "2023-06-30", "academic_year")
    896.5
    """
    if _missing(baseline, target) or baseline_date is None or target_date is None:
        return math.nan
    done = periods_between(baseline_date, date, frequency)
    total = periods_between(baseline_date, target_date, frequency)
    if done <= 0:
        return float(baseline)
    if done >= total:
        return float(target)
    return float(baseline) + done / total * (float(target) - float(baseline))


def trajectory_series(
    dates, baseline, baseline_date, target, target_date, frequency: str
) -> pd.Series:
    """:func:`trajectory_value` for each date (for charts)."""
    dates = pd.DatetimeIndex(pd.to_datetime(dates))
    return pd.Series(
        [
            trajectory_value(d, baseline, baseline_date, target, target_date, frequency)
            for d in dates
        ],
        index=dates,
        dtype="float64",
    )


def trajectory_points(baseline, baseline_date, target, target_date, frequency: str) -> pd.Series:
    """The trajectory at the end of every period from the baseline's to the target's: the
    points a value is judged against, for a chart to join."""
    ends = period_range(baseline_date, target_date, frequency)
    return trajectory_series(ends, baseline, baseline_date, target, target_date, frequency)


def target_passed(period_end_of_value, target_date, frequency: str) -> bool:
    """Whether a value's period is the one containing the target date, or later: the value
    is then judged against the target itself, and falling short of it is missing it."""
    return periods_between(target_date, period_end_of_value, frequency) >= 0


def improvement(new, old, polarity: str) -> float:
    """How much better ``new`` is than ``old``, in the measure's own units (negative: worse).

    For ``hold`` (hold steady) polarity any movement counts against, so the result is minus
    the absolute change.
    """
    if _missing(new, old):
        return math.nan
    change = float(new) - float(old)
    if polarity == "hold":
        return -abs(change)
    return SIGN[polarity] * change


IMPROVING, WORSENING, NO_CHANGE, NOT_COMPARABLE = (
    "Improving",
    "Worsening",
    "No change",
    "Not comparable",
)


def direction_of_travel(new, old, polarity: str, no_change_band_percent: float = 0.0) -> str:
    """ "Improving", "Worsening", "No change" or "Not comparable" (a value is missing).

    A change no bigger than ``no_change_band_percent`` of the old value counts as no change.
    """
    if _missing(new, old):
        return NOT_COMPARABLE
    change = float(new) - float(old)
    band = abs(float(old)) * no_change_band_percent / 100
    if abs(change) <= band + 1e-12:
        return NO_CHANGE
    return IMPROVING if improvement(new, old, polarity) > 0 else WORSENING
