"""How dates are written for a reader, in English whatever the machine's locale (``strftime``'s
``%B`` and ``%b`` follow the locale). Every layer writes dates through these.

    >>> import datetime as dt
    >>> long_date(dt.date(2023, 6, 30)), long_month(dt.date(2023, 6, 30))
    ('30 June 2023', 'June 2023')
    >>> month_year(dt.date(2022, 9, 30))
    'Sep 2022'
"""

from __future__ import annotations

import datetime as dt

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


def _day(value) -> dt.date:
    """A date, datetime or pandas Timestamp as it is; ISO text read as a date."""
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


def long_date(value) -> str:
    """``30 June 2023``: no leading zero."""
    day = _day(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_month(value) -> str:
    """``June 2023``: the month a figure is for."""
    day = _day(value)
    return f"{MONTHS[day.month - 1]} {day.year}"


def month_year(value) -> str:
    """``Sep 2022``: the short form used in chart axes, tables and target dates."""
    day = _day(value)
    return f"{MONTHS[day.month - 1][:3]} {day.year}"
