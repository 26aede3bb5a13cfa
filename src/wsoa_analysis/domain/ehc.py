"""Measures computed from record-level requests for EHC needs assessment.

The national definition of timeliness (DfE, SEN2): of the EHC plans issued in a period, the
share issued within 20 weeks (140 days) of the request for assessment. Cases where a statutory
exception applies (SEND Regulations 2014, regulation 10(4)) are left out of both numerator and
denominator. All functions are vectorised: a million requests take well under a second.

These functions return aggregates only; nothing record-level leaves this module. Each
aggregate carries ``synthetic``: whether it was counted from rows marked synthetic (the rule is
``domain.synthetic.counted_synthetic``), so every place that shows it can say so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wsoa_analysis.domain.periods import period_ends, period_range, shift_period_end
from wsoa_analysis.domain.synthetic import counted_synthetic, synthetic_flags
from wsoa_analysis.errors import ParameterError

TWENTY_WEEKS_DAYS = 140
TWENTY_WEEKS = TWENTY_WEEKS_DAYS / 7

PERIODS = {
    "month": "monthly",
    "quarter": "quarterly",
    "calendar_year": "calendar_year",
    "financial_year": "financial_year",
}


def weeks_to_plan(requests: pd.DataFrame) -> pd.Series:
    """Whole and part weeks from request to plan issued (NaN where no plan was issued)."""
    days = (requests["plan_issued_date"] - requests["date_received"]).dt.days
    return days / 7


def issued_within_20_weeks(requests: pd.DataFrame) -> pd.Series:
    """True where the plan was issued within 20 weeks of the request (NA where none issued)."""
    days = (requests["plan_issued_date"] - requests["date_received"]).dt.days
    return (days <= TWENTY_WEEKS_DAYS).astype("boolean").mask(days.isna())


def _monthly(
    dates: pd.Series, flags: pd.Series | None, start, end, invented: pd.Series
) -> pd.DataFrame:
    """Counts (``n``), flagged counts (``k``) and synthetic counts (``s``) per calendar month,
    every month from start to end."""
    months = period_range(start, end, "monthly")
    ends = period_ends(dates, "monthly")
    frame = pd.DataFrame({"period_end": ends, "n": 1, "s": invented.astype("float64").to_numpy()})
    if flags is not None:
        frame["k"] = flags.astype("float64").to_numpy()
    counts = frame.groupby("period_end").sum()
    return counts.reindex(months, fill_value=0).rename_axis("period_end")


def _bounds(dates: pd.Series, start, end):
    start = dates.min() if start is None else pd.Timestamp(start)
    end = dates.max() if end is None else pd.Timestamp(end)
    return start, end


def requests_per_month(requests: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Requests received in each calendar month (months with none show 0).

    Returns ``period_end``, ``requests`` and ``synthetic`` (counted from synthetic rows).
    """
    dates = requests["date_received"].dropna()
    if dates.empty and (start is None or end is None):
        return pd.DataFrame(
            {
                "period_end": pd.Series([], dtype="datetime64[ns]"),
                "requests": pd.Series([], dtype="int64"),
                "synthetic": pd.Series([], dtype=bool),
            }
        )
    start, end = _bounds(dates, start, end)
    within = dates[(dates >= start.replace(day=1)) & (dates <= end)]
    counts = _monthly(within, None, start, end, synthetic_flags(requests).loc[within.index])
    return pd.DataFrame(
        {
            "period_end": counts.index,
            "requests": counts["n"].astype("int64").to_numpy(),
            "synthetic": counted_synthetic(counts["n"], counts["s"], requests),
        }
    )


def coverage(requests: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The months the plans issued in the record-level data cover: from the first day of the
    month of the first plan issued to the last day of the month of the last date the data
    hold (a request received or a plan issued); None where no plan was issued.

    Before the first plan the data say nothing about plans issued (the extract begins with
    requests, which take months to become plans), so a period reaching back before it would
    count only part of its plans."""
    issued = requests["plan_issued_date"].dropna()
    if issued.empty:
        return None
    last = max(issued.max(), requests["date_received"].max())
    return issued.min().replace(day=1), last + pd.offsets.MonthEnd(0)


def _part_periods(ends: pd.DatetimeIndex, months: int, covered) -> np.ndarray:
    """True for each period of ``months`` months ending at ``ends`` that the data cover only
    in part: it starts before ``covered[0]`` or ends after ``covered[1]``."""
    if covered is None or not len(ends):
        return np.zeros(len(ends), dtype=bool)
    first, last = pd.Timestamp(covered[0]), pd.Timestamp(covered[1])
    starts = pd.DatetimeIndex(
        [shift_period_end(e, "monthly", 1 - months) - pd.offsets.MonthBegin(1) for e in ends]
    )
    return np.asarray((starts < first) | (ends > last))


_MONTHS = {"month": 1, "quarter": 3, "calendar_year": 12, "financial_year": 12}


def _counts_by_period(counted: pd.DataFrame, period: str, start, end) -> pd.DataFrame:
    """Plans issued (``n``), within 20 weeks (``k``) and from synthetic rows (``s``) in each
    period from ``start`` to ``end``, indexed by period end."""
    issued = counted["plan_issued_date"]
    flags = issued_within_20_weeks(counted).fillna(False)
    invented = synthetic_flags(counted)
    if period == "rolling_12_months":
        first = pd.Timestamp(start) - pd.DateOffset(months=11)
        monthly = _monthly(issued, flags, first, end, invented)
        rolled = monthly.rolling(12, min_periods=12).sum().dropna()
        return rolled.loc[rolled.index >= period_ends(pd.Series([start]), "monthly").iloc[0]]
    freq = PERIODS[period]
    keys = period_ends(issued, freq)
    frame = pd.DataFrame(
        {
            "period_end": keys.to_numpy(),
            "n": 1,
            "k": flags.astype("float64").to_numpy(),
            "s": invented.astype("float64").to_numpy(),
        }
    )
    table = frame.groupby("period_end").sum()
    return table.reindex(period_range(start, end, freq), fill_value=0)


def timeliness(
    requests: pd.DataFrame, period: str = "month", start=None, end=None, covered=None
) -> pd.DataFrame:
    """% of plans issued within 20 weeks, exception cases left out, for each period.

    ``period`` is ``month``, ``quarter`` (financial-year quarters), ``calendar_year``,
    ``financial_year`` or ``rolling_12_months`` (the twelve months to each month end).
    Periods run from the one containing ``start`` to the one containing ``end`` (by default
    the first and last plan issued). Returns ``period_end``, ``plans_issued`` (the
    denominator), ``within_20_weeks`` (the numerator), ``percent`` (NaN where no plans) and
    ``synthetic`` (counted from synthetic rows), and ``part_period``: True where the data cover
    only part of the period (``covered``: its first and last day; by default
    :func:`coverage`). A rolling window the data cover only in part is left out: twelve months
    that hold three months of plans are not twelve months.
    """
    if period not in PERIODS and period != "rolling_12_months":
        known = ", ".join([*PERIODS, "rolling_12_months"])
        raise ParameterError(f"unknown period {period!r} (expected one of {known})")
    counted = requests[
        requests["plan_issued_date"].notna()
        & ~requests["exception_applies"].fillna(False).astype(bool)
    ]
    issued = counted["plan_issued_date"]
    if issued.empty and (start is None or end is None):
        return pd.DataFrame(
            {
                c: pd.Series([], dtype=t)
                for c, t in (
                    ("period_end", "datetime64[ns]"),
                    ("plans_issued", "int64"),
                    ("within_20_weeks", "int64"),
                    ("percent", "float64"),
                    ("synthetic", "bool"),
                    ("part_period", "bool"),
                )
            }
        )
    start, end = _bounds(issued, start, end)
    covered = coverage(requests) if covered is None else covered
    table = _counts_by_period(counted, period, start, end)
    part = _part_periods(pd.DatetimeIndex(table.index), _MONTHS.get(period, 12), covered)
    if period == "rolling_12_months":
        table, part = table[~part], part[~part]
    n = table["n"].astype("int64").to_numpy()
    k = table["k"].astype("int64").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(n > 0, 100 * k / np.where(n > 0, n, 1), np.nan)
    return pd.DataFrame(
        {
            "period_end": pd.DatetimeIndex(table.index),
            "plans_issued": n,
            "within_20_weeks": k,
            "percent": pct,
            "synthetic": counted_synthetic(n, table["s"], requests),
            "part_period": part,
        }
    )


def band_label(low: float, high: float) -> str:
    """The label of the weeks band ``(low, high]``, saying which side each edge falls, so no
    reader wonders where a plan of exactly 6 weeks is counted.

    >>> band_label(0, 6), band_label(18, 20), band_label(52, float("inf"))
    ('6 or less', 'over 18 to 20', 'over 52')
    """
    if not np.isfinite(high):
        return f"over {int(low)}"
    if low <= 0:
        return f"{int(high)} or less"
    return f"over {int(low)} to {int(high)}"


def weeks_distribution(
    requests: pd.DataFrame, start, end, bins=(0, 6, 10, 14, 18, 20, 26, 40, 52, np.inf)
) -> pd.DataFrame:
    """How many plans issued between ``start`` and ``end`` took how many weeks (exceptions
    left out). Returns ``weeks`` (a label such as "over 18 to 20", see :func:`band_label`),
    ``plans``,
    ``within_20_weeks`` (True for the bins that make up "20 weeks or less": a bin counts
    where its upper edge is 20 weeks or less, so a plan issued on the 140th day, in the
    "over 18 to 20" band, is within, as :func:`issued_within_20_weeks` says) and ``synthetic``
    (counted from synthetic rows)."""
    issued = requests[
        requests["plan_issued_date"].between(pd.Timestamp(start), pd.Timestamp(end))
        & ~requests["exception_applies"].fillna(False).astype(bool)
    ]
    weeks = weeks_to_plan(issued)
    labels = [band_label(a, b) for a, b in zip(bins[:-1], bins[1:], strict=True)]
    cut = pd.cut(weeks, bins=list(bins), labels=labels, right=True, include_lowest=True)
    counts = cut.value_counts().reindex(labels, fill_value=0)
    invented = cut[synthetic_flags(issued)].value_counts().reindex(labels, fill_value=0)
    return pd.DataFrame(
        {
            "weeks": labels,
            "plans": counts.to_numpy().astype("int64"),
            "within_20_weeks": [b <= TWENTY_WEEKS for b in bins[1:]],
            "synthetic": counted_synthetic(counts, invented, requests),
        }
    )


def plans_within_20_weeks(distribution: pd.DataFrame) -> int:
    """Plans in the bins of a :func:`weeks_distribution` that took 20 weeks or less."""
    return int(distribution.loc[distribution["within_20_weeks"], "plans"].sum())
