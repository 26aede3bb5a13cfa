"""HTML tables for the pack. Every cell from data is escaped here (jinja2 autoescape), so a
title or a comment can never become markup in a page or the PDF."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from wsoa_analysis.present.format import long_date

_ENV = Environment(
    loader=PackageLoader("wsoa_analysis.present", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_TABLE = _ENV.get_template("table.html.j2")

# Tables (by a class of theirs) that a narrow screen shows as one block per row, each cell
# labelled with its column's heading (pack.css), so that nothing in a row, such as a measure's
# rating or an action's status, is off the side of a phone's screen. Any table can ask for it
# with the class "stack".
STACKED_CLASSES = frozenset({"stack", "scorecard", "tracker"})


SYNTHETIC_MARK = "†"


def synthetic_mark() -> Markup:
    """The mark after a figure worked out from synthetic (invented example) data."""
    return Markup('<sup class="synthetic-mark" title="synthetic example value">{}</sup>').format(
        SYNTHETIC_MARK
    )


def marked(text: str, synthetic) -> str:
    """A figure quoted in running text (a caption), with the synthetic mark where it is
    synthetic.

    >>> marked("64", True), marked("64", False)
    ('64†', '64')
    """
    return f"{text}{SYNTHETIC_MARK}" if bool(synthetic) else text


@dataclass(frozen=True)
class Col:
    """One column of a rendered table: the frame's column, its heading, how to show a cell,
    and (``synthetic``) the frame's column saying which of its figures are synthetic: those
    cells get :func:`synthetic_mark` after them."""

    key: str
    label: str
    numeric: bool = False
    fmt: object = None  # callable(value, row) -> str or Markup
    synthetic: str | None = None


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _cell(value, row, col: Col):
    if col.fmt is not None:
        shown = col.fmt(value, row)
    elif _missing(value):
        return "–"
    elif isinstance(value, pd.Timestamp):
        shown = long_date(value)
    else:
        shown = str(value)
    if col.synthetic is not None and not _missing(value) and bool(row.get(col.synthetic)):
        return Markup("{}{}").format(shown, synthetic_mark())
    return shown


def html_table(
    frame: pd.DataFrame,
    columns: list[Col],
    *,
    caption: str = "",
    cls: str = "data",
    row_headers: bool = True,
    empty: str = "None.",
) -> Markup:
    """A table with a caption, column headers (and the first column as row headers).

    A table with a class in ``STACKED_CLASSES`` also labels each data cell with its column
    (``data-label``) and states its table roles, which a browser may otherwise drop when a
    narrow screen lays the rows out as blocks.
    """
    if frame.empty:
        return Markup('<p class="empty">{}</p>').format(empty)
    rows = [
        [(_cell(r[c.key] if c.key in r else None, r, c), c) for c in columns]
        for _, r in frame.iterrows()
    ]
    stacked = not STACKED_CLASSES.isdisjoint(cls.split())
    return Markup(
        _TABLE.render(
            columns=columns,
            rows=rows,
            caption=caption,
            cls=cls,
            row_headers=row_headers,
            stacked=stacked,
        )
    )


def pill(text: str, css: str, symbol: str = "") -> Markup:
    """A labelled status marker: the words carry the meaning, the colour only helps."""
    shown = f"{symbol} {text}" if symbol else text
    return Markup('<span class="pill {}">{}</span>').format(css, shown)


def has_tallies(values: pd.DataFrame) -> bool:
    """True where a measure's values carry the counts behind them (``numerator`` and
    ``denominator``): a percentage's "how many of how many"."""
    return any(c in values and values[c].notna().any() for c in ("numerator", "denominator"))


def tally_text(count, symbol: str) -> str:
    """A numerator or denominator as the page shows it: the count, or where it is withheld
    (missing beside a withheld value) the value's symbol, else "–".

    >>> tally_text(250.0, ""), tally_text(float("nan"), "c"), tally_text(None, "")
    ('250', 'c', '–')
    """
    if _missing(count):
        return symbol or "–"
    return f"{int(round(float(count))):,}"
