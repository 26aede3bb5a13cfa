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
UNIT_DIGITS = {"percent": 1, "count": 0, "rate_per_month": 0}
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
    targets are written."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    d = digits_shown(unit) if digits is None else digits
    shown = round_half_up(value, d)
    if compact and float(shown).is_integer():
        d = 0
    text = f"{shown:,.{d}f}"
    if unit == "percent":
        return f"{text}%"
    if unit == "rate_per_month":
        return f"{text} a month"
    return text
