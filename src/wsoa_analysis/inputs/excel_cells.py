"""What a workbook cell holds, as the text a CSV would hold: dates as ``YYYY-MM-DD``, whole
numbers without ``.0``, and a percentage typed as a percentage (``59%``, a number format with
``%``) as the percentage it shows, not the fraction Excel stores.

Excel stores 59% as 0.59 and only its number format says it is a percentage, so reading the
stored value would give 0.59 where the reader typed 59. The cell is read as ``59%``, which the
parser reads as 59 and reports as normalised (the % sign dropped), like ``59%`` in a CSV.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def is_percent_format(number_format) -> bool:
    """Whether a cell's number format shows its value as a percentage (``0%``, ``0.0%``),
    ignoring a ``%`` inside quotes or after a backslash, which is shown as written.

    >>> is_percent_format("0.0%"), is_percent_format("General"), is_percent_format('0"%"')
    (True, False, False)
    """
    text, quoted, escaped = str(number_format or ""), False, False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == "%" and not quoted:
            return True
    return False


def _percent_text(value: float) -> str:
    """``value`` (a fraction) times 100 as decimal text, without float error.

    >>> _percent_text(0.59), _percent_text(0.575), _percent_text(1), _percent_text(0.333)
    ('59%', '57.5%', '100%', '33.3%')
    """
    shown = (Decimal(repr(float(value))) * 100).normalize()
    return f"{shown:f}%"


def cell_text(value, number_format=None) -> str:
    """A workbook cell as the text it would be in a CSV.

    >>> cell_text(dt.datetime(2022, 8, 31)), cell_text(61.0), cell_text(None)
    ('2022-08-31', '61', '')
    >>> cell_text(0.59, "0%"), cell_text(0.59, "0.00")
    ('59%', '0.59')
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and is_percent_format(number_format):
        return _percent_text(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
