"""The periods of EES files: ``time_period`` and ``time_identifier`` to first and last day.

The pack's own periods (:mod:`wsoa_analysis.domain.periods`) are month ends at the reporting
frequencies a measure is recorded at; EES describes a period by a kind of year, a quarter or a
month written as published (``202425``, ``Academic year``), so it is read here.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

# Spelt out rather than taken from calendar.month_name, which follows the locale.
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

# Periods that run from a date in one year to the day before that date in the next.
# time_period is written with both years, e.g. 202425.
_SPANNING_YEARS = {
    "academic year": (9, 1),
    "financial year": (4, 1),
    "tax year": (4, 6),
}


class PeriodError(ValueError):
    """A published period that cannot be read. ``column`` names the column at fault."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


def period_bounds(time_period: str, time_identifier: str) -> tuple[date, date]:
    """First and last day of a published period.

    Parameters
    ----------
    time_period : str
        The period as published: a year (``"2024"``) or, for periods spanning two years,
        both years (``"202425"``).
    time_identifier : str
        What kind of period it is, as published. Understood (case and spacing do not
        matter): ``Calendar year``, ``Academic year`` (1 September to 31 August),
        ``Financial year`` (1 April to 31 March), ``Tax year`` (6 April to 5 April),
        ``Calendar year Q1`` to ``Q4`` (January to March first), ``Financial year Q1`` to
        ``Q4`` (April to June first) and month names (``January``, with a year).

    Returns
    -------
    tuple of datetime.date
        The first and the last day of the period.

    Raises
    ------
    PeriodError
        (a ValueError) If the identifier is not one of those above, or the period is not
        written the way that identifier needs.

    Examples
    --------
    >>> period_bounds("2022", "Calendar year")
    (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    >>> period_bounds("202425", "Academic year")
    (datetime.date(2024, 9, 1), datetime.date(2025, 8, 31))
    """
    period = str(time_period).strip()
    kind = " ".join(str(time_identifier).split()).lower()

    if kind == "calendar year":
        year = _one_year(period, time_identifier)
        return date(year, 1, 1), date(year, 12, 31)
    if kind in _SPANNING_YEARS:
        year = _two_years(period, time_identifier)
        month, day = _SPANNING_YEARS[kind]
        return date(year, month, day), date(year + 1, month, day) - timedelta(days=1)
    quarter = re.fullmatch(r"(calendar|financial) year q([1-4])", kind)
    if quarter:
        return _quarter(period, time_identifier, quarter.group(1), int(quarter.group(2)))
    if kind in _MONTHS:
        year = _one_year(period, time_identifier)
        return _months(year, _MONTHS.index(kind) + 1, 1)
    raise PeriodError(
        "time_identifier",
        f"time_identifier {time_identifier!r} is not a kind of period this importer knows "
        "(calendar, academic, financial or tax year, a calendar or financial year quarter, "
        "or a month)",
    )


def _quarter(period: str, identifier: str, year_kind: str, q: int) -> tuple[date, date]:
    if year_kind == "calendar":
        return _months(_one_year(period, identifier), 3 * q - 2, 3)
    year = _two_years(period, identifier)
    first_month = 3 * q + 1  # Q1 starts in April
    if first_month > 12:
        year, first_month = year + 1, first_month - 12
    return _months(year, first_month, 3)


def _months(year: int, first_month: int, count: int) -> tuple[date, date]:
    """First day of a month and last day of the ``count``-th month from it (same year)."""
    last_month = first_month + count - 1
    return date(year, first_month, 1), date(
        year, last_month, calendar.monthrange(year, last_month)[1]
    )


def _one_year(period: str, identifier: str) -> int:
    if not re.fullmatch(r"\d{4}", period):
        raise PeriodError(
            "time_period",
            f"time_period {period!r} is not a year such as 2024, as {identifier!r} needs",
        )
    return int(period)


def _two_years(period: str, identifier: str) -> int:
    match = re.fullmatch(r"(\d{4})(\d{2})", period)
    if not match or int(match.group(2)) != (int(match.group(1)) + 1) % 100:
        raise PeriodError(
            "time_period",
            f"time_period {period!r} is not two consecutive "
            f"years such as 202425, as {identifier!r} needs",
        )
    return int(match.group(1))


# First month and day of each kind of year a published figure may be for (see
# wsoa_analysis.inputs.schema_published.PERIOD_KINDS)
_YEAR_KINDS = {(1, 1): "calendar_year", (9, 1): "academic_year", (4, 1): "financial_year"}


def year_kind(start: date, end: date) -> str | None:
    """The kind of year a period is (``calendar_year``, ``academic_year``,
    ``financial_year``), or None for anything else (a tax year, a quarter, a month).

    >>> year_kind(date(2024, 9, 1), date(2025, 8, 31))
    'academic_year'
    """
    kind = _YEAR_KINDS.get((start.month, start.day))
    whole_year = end == date(start.year + 1, start.month, start.day) - timedelta(days=1)
    return kind if whole_year else None


def census_month_bounds(start: date, end: date, month: int) -> tuple[date, date]:
    """The first and last day of the census month ``month`` within a published period.

    >>> census_month_bounds(date(2024, 9, 1), date(2025, 8, 31), 1)
    (datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))

    Raises
    ------
    PeriodError
        If the month is not in the period exactly once.
    """
    firsts = [
        date(year, month, 1)
        for year in range(start.year, end.year + 1)
        if start <= date(year, month, 1) <= end
    ]
    if len(firsts) != 1:
        raise PeriodError(
            "time_period",
            f"the period {start} to {end} does not hold {_MONTHS[month - 1].title()} exactly "
            "once, so the census it counts cannot be told",
        )
    return _months(firsts[0].year, month, 1)
