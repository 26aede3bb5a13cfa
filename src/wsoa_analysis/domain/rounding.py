"""Publication rounding and the formatting of figures shown to people."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd


def round_half_up(value, digits: int = 0):
    """Round half away from zero, as published statistics do (not Python's half-to-even).

    Works on the decimal text of the float, so 2.675 rounds to 2.68 and 0.5 to 1.
    Missing values stay missing.

    >>> round_half_up(2.5), round_half_up(2.675, 2), round_half_up(-1.25, 1)
    (3.0, 2.68, -1.3)
    """
    if isinstance(value, pd.Series):
        return value.map(lambda v: round_half_up(v, digits))
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return math.nan
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


# Decimal places a figure is shown to, by unit; a unit not listed is shown to 1.
UNIT_DIGITS = {
    "percent": 1,
    "count": 0,
    "rate_per_month": 0,
    "rate_per_n": 1,
    "weeks": 1,
    "days": 0,
    "milestone": 0,
}
#: Units whose figures are amounts, not whole things: a small one is never shown as 0.
MEASURED = frozenset({"rate_per_month", "rate_per_n", "weeks", "days"})
#: What follows a figure in each unit (a rate per N says its N and population elsewhere:
#: ``domain.units``).
_SUFFIX = {"percent": "%", "rate_per_month": " a month", "weeks": " weeks", "days": " days"}
# Progress to target is shown as a whole per cent (``63%``).
PROGRESS_DIGITS = 0


def digits_shown(unit: str) -> int:
    """Decimal places a figure in ``unit`` is shown to.

    >>> digits_shown("percent"), digits_shown("count"), digits_shown("rate_per_month")
    (1, 0, 0)
    """
    return UNIT_DIGITS.get(unit, 1)


def format_value(value, unit: str, *, digits: int | None = None, compact: bool = False) -> str:
    """A figure as a reader sees it: ``57.5%``, ``6,132``, ``64 a month``; missing is ``–``.

    ``compact`` drops the decimals of a whole number (``75%`` rather than ``75.0%``), as
    targets are written. A rate or duration that is not 0 is never shown as 0: below 1 it
    gets two significant figures (``0.38 a month``, not ``0 a month``).
    A milestone is ``Done`` (1) or ``Not yet`` (0).

    >>> format_value(0.38, "rate_per_month"), format_value(1, "milestone")
    ('0.38 a month', 'Done')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    if unit == "milestone":
        return "Done" if float(value) >= 1 else "Not yet"
    d = decimals_of(value, unit, digits)
    shown = round_half_up(value, d)
    if compact and float(shown).is_integer():
        d = 0
    return f"{shown:,.{d}f}{_SUFFIX.get(unit, '')}"


def decimals_of(value, unit: str, digits: int | None = None) -> int:
    """Decimal places one figure is shown to: ``digits`` (a measure's own), else its unit's;
    but a rate or duration that is not 0 never shows as 0. Below 1, a unit's usual decimals
    give way to two significant figures; a measure's own are kept unless the figure would
    show as 0.

    >>> decimals_of(0.38, "rate_per_month"), decimals_of(0.38, "rate_per_month", 1)
    (2, 1)
    """
    d = digits_shown(unit) if digits is None else int(digits)
    if unit in MEASURED and (digits is None or round_half_up(value, d) == 0):
        d = max(d, digits_for_nonzero(value))
    return d


def digits_for_nonzero(value) -> int:
    """Decimal places a figure needs so that, unless it is 0, it does not show as 0: two
    significant figures below 1 (0.38, 0.045), none needed from 1 up.

    >>> digits_for_nonzero(0.38), digits_for_nonzero(0.0449), digits_for_nonzero(24)
    (2, 3, 0)
    """
    v = abs(float(value))
    if v == 0 or v >= 1 or math.isnan(v):
        return 0
    return -math.floor(math.log10(v)) + 1
