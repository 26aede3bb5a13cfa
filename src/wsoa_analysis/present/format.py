"""How numbers and dates are written for a reader: one home for every format the pages use.

    >>> import datetime as dt
    >>> long_date(dt.date(2023, 6, 30))
    '30 June 2023'
    >>> month_year(dt.date(2022, 9, 30))
    'Sep 2022'

Written in English whatever the machine's locale (``strftime``'s month names follow it).
"""

from __future__ import annotations

import pandas as pd

from wsoa_analysis.domain.rounding import format_value

__all__ = ["MONTHS", "format_value", "long_date", "long_month", "month_year"]

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day) -> str:
    """``30 June 2023``: no leading zero, English month names whatever the locale."""
    day = pd.Timestamp(day)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_month(day) -> str:
    """``June 2023``: the month a figure is for."""
    day = pd.Timestamp(day)
    return f"{MONTHS[day.month - 1]} {day.year}"


def month_year(day) -> str:
    """``Sep 2022``: the short form used in chart tables and target dates."""
    day = pd.Timestamp(day)
    return f"{MONTHS[day.month - 1][:3]} {day.year}"
