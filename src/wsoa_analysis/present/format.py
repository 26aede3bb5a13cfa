"""How numbers and dates are written for a reader: the page's formats in one place (numbers
from ``domain.rounding``, dates from ``wsoa_analysis.dates``, which every layer shares).

    >>> long_date("2023-06-30"), format_value(52.45, "percent")
    ('30 June 2023', '52.5%')
"""

from __future__ import annotations

from wsoa_analysis.dates import MONTHS, long_date, long_month, month_year
from wsoa_analysis.domain.rounding import format_value

__all__ = ["MONTHS", "format_value", "long_date", "long_month", "month_year"]
