"""Reporting periods: months, financial-year quarters, half-years, terms, academic and
calendar years, and the January census.

Every period is a whole number of calendar months ending on a fixed month: a financial-year
quarter is three months ending in June, September, December or March (Q1 = April to June); an
academic year is twelve months ending in August; a term is one of the academic year's three
four-month blocks (autumn September to December, spring January to April, summer May to
August); a January census is a count taken once a year in January, dated (as published census
figures are) by the last day of its month. A period is identified by its last day
(``period_end``), which is how the input tables store it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wsoa_analysis.errors import ParameterError


@dataclass(frozen=True)
class Frequency:
    months: int
    end_month: int  # a month in which periods of this frequency end (1 = January)


FREQUENCY_SPECS: dict[str, Frequency] = {
    "monthly": Frequency(1, 12),
    "quarterly": Frequency(3, 3),
    "half_yearly": Frequency(6, 6),
    "academic_year": Frequency(12, 8),
    "financial_year": Frequency(12, 3),
    "calendar_year": Frequency(12, 12),
    "termly": Frequency(4, 8),
    "january_census": Frequency(12, 1),
}

_TERMS = {12: "Autumn", 4: "Spring", 8: "Summer"}

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _spec(frequency: str) -> Frequency:
    try:
        return FREQUENCY_SPECS[frequency]
    except KeyError:
        known = ", ".join(FREQUENCY_SPECS)
        raise ParameterError(f"unknown frequency {frequency!r} (expected one of {known})") from None


def to_date(value) -> pd.Timestamp:
    """Read one date (a ``date``, ``Timestamp`` or ISO ``YYYY-MM-DD`` text) as a Timestamp."""
    if isinstance(value, str):
        try:
            ts = pd.Timestamp(pd.to_datetime(value, format="%Y-%m-%d"))
        except (ValueError, TypeError) as err:
            raise ParameterError(f"{value!r} is not a date (expected e.g. 2022-08-31)") from err
    else:
        ts = pd.Timestamp(value)
    if pd.isna(ts):
        raise ParameterError(f"{value!r} is not a date (expected e.g. 2022-08-31)")
    return ts.normalize()


def _as_dates(dates) -> pd.Series:
    """Dates as a Series of datetimes (converted only when they are not already)."""
    dates = dates if isinstance(dates, pd.Series) else pd.Series(dates)
    if pd.api.types.is_datetime64_dtype(dates.dtype):
        return dates
    return pd.to_datetime(dates)


def _period_end_values(values: np.ndarray, spec: Frequency) -> np.ndarray:
    """The last day of the period of ``spec`` containing each of ``values`` (datetime64[ns];
    NaT stays NaT), with numpy's calendar months: no per-date Python and no frames."""
    months = values.astype("datetime64[M]").astype("int64")  # months since January 1970
    # 1970 starts a year, and every period's length divides 12: the months since 1970 place
    # a month within its period as the months since year 0 would
    last = months + ((spec.end_month - 1 - months) % spec.months)
    ends = (last + 1).astype("datetime64[M]").astype("datetime64[ns]") - np.timedelta64(1, "D")
    return np.where(np.isnat(values), np.datetime64("NaT", "ns"), ends)


def period_ends(dates: pd.Series, frequency: str) -> pd.Series:
    """The last day of the period of ``frequency`` that contains each date (vectorised)."""
    spec = _spec(frequency)
    dates = _as_dates(dates)
    values = dates.to_numpy(dtype="datetime64[ns]")
    return pd.Series(_period_end_values(values, spec), index=dates.index, dtype="datetime64[ns]")


def period_end(date, frequency: str) -> pd.Timestamp:
    """The last day of the period of ``frequency`` that contains ``date``.

    >>> period_end("2021-05-10", "quarterly")
    Timestamp('2021-06-30 00:00:00')
    """
    return pd.Timestamp(period_ends(pd.Series([to_date(date)]), frequency).iloc[0])


def period_start(end, frequency: str) -> pd.Timestamp:
    """The first day of the period that ends on ``end``."""
    end = to_date(end)
    months = _spec(frequency).months
    return (end - pd.offsets.MonthBegin(1)).normalize() - pd.DateOffset(months=months - 1)


def is_period_end(dates: pd.Series, frequency: str) -> pd.Series:
    """True where a date is the last day of a period of ``frequency`` (False where missing)."""
    spec = _spec(frequency)
    dates = _as_dates(dates)
    values = dates.to_numpy(dtype="datetime64[ns]")
    return pd.Series(_period_end_values(values, spec) == values, index=dates.index)


def _ends_a_period(end: pd.Timestamp, spec: Frequency) -> bool:
    """Whether one date (a midnight, as :func:`to_date` gives) ends a period of ``spec``: the
    scalar form of :func:`is_period_end`, for one label at a time."""
    return bool(end.is_month_end) and (end.month - spec.end_month) % spec.months == 0


def shift_period_end(end, frequency: str, periods: int) -> pd.Timestamp:
    """The end of the period ``periods`` periods after (negative: before) the one ending ``end``."""
    end = to_date(end)
    months = _spec(frequency).months * periods
    return (end + pd.offsets.MonthEnd(0) + pd.DateOffset(months=months)) + pd.offsets.MonthEnd(0)


def previous_period_end(end, frequency: str) -> pd.Timestamp:
    return shift_period_end(end, frequency, -1)


def year_earlier(end) -> pd.Timestamp:
    """The end of the same period a year earlier (for any frequency)."""
    end = to_date(end)
    return (end - pd.DateOffset(years=1)) + pd.offsets.MonthEnd(0)


def period_range(first_end, last_end, frequency: str) -> pd.DatetimeIndex:
    """Every period end from the period containing ``first_end`` to the one containing
    ``last_end``."""
    first = period_end(first_end, frequency)
    last = period_end(last_end, frequency)
    if last < first:
        return pd.DatetimeIndex([])
    ends = [first]
    while ends[-1] < last:
        ends.append(shift_period_end(ends[-1], frequency, 1))
    return pd.DatetimeIndex(ends)


def financial_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def period_label(end, frequency: str) -> str:
    """A reader's name for the period ending ``end``.

    Examples: ``Jun 2021`` (monthly), ``Q1 2021/22`` (quarterly), ``Jan–Jun 2021``
    (half-yearly), ``2020/21 academic year``, ``2021/22 financial year``, ``2022``,
    ``Autumn term 2022/23`` (termly), ``January 2023 census``.
    """
    end = to_date(end)
    if not _ends_a_period(end, _spec(frequency)):
        raise ParameterError(
            f"{end.date()} is not the end of a {frequency.replace('_', ' ')} period"
        )
    if frequency == "monthly":
        return f"{_MONTH_ABBR[end.month - 1]} {end.year}"
    if frequency == "quarterly":
        fy_start = end.year if end.month >= 4 else end.year - 1
        quarter = {6: 1, 9: 2, 12: 3, 3: 4}[end.month]
        return f"Q{quarter} {financial_year_label(fy_start)}"
    if frequency == "half_yearly":
        return f"{'Jan–Jun' if end.month == 6 else 'Jul–Dec'} {end.year}"
    if frequency == "academic_year":
        return f"{financial_year_label(end.year - 1)} academic year"
    if frequency == "financial_year":
        return f"{financial_year_label(end.year - 1)} financial year"
    if frequency == "termly":
        ay_start = end.year if end.month == 12 else end.year - 1
        return f"{_TERMS[end.month]} term {financial_year_label(ay_start)}"
    if frequency == "january_census":
        return f"January {end.year} census"
    return str(end.year)


def on_or_before(
    frame: pd.DataFrame, as_of, *, date_col: str = "period_end", since=None
) -> pd.DataFrame:
    """The rows dated on or before ``as_of`` (and on or after ``since`` where given).

    A pack for a reporting date shows what was known for periods that had ended by then: this
    is the one place that rule is written.

    >>> f = pd.DataFrame({"period_end": pd.to_datetime(["2022-06-30", "2022-07-31"])})
    >>> len(on_or_before(f, "2022-06-30")), len(on_or_before(f, "2022-07-31"))
    (1, 2)
    """
    keep = frame[date_col] <= to_date(as_of)
    if since is not None:
        keep &= frame[date_col] >= to_date(since)
    return frame[keep]


def latest_on_or_before(
    frame: pd.DataFrame, as_of, *, date_col: str = "period_end", by: str | list[str] | None = None
) -> pd.DataFrame:
    """The latest row on or before ``as_of`` (one per group of ``by`` where given).

    Rows dated after ``as_of`` are never used (see :func:`on_or_before`).
    """
    eligible = on_or_before(frame, as_of, date_col=date_col)
    if by is None:
        return eligible.sort_values(date_col, kind="stable").tail(1)
    keys = [by] if isinstance(by, str) else list(by)
    return (
        eligible.sort_values([*keys, date_col], kind="stable")
        .groupby(keys, sort=True, dropna=False)
        .tail(1)
        .reset_index(drop=True)
    )
