"""Statistical disclosure control for figures worked out from record-level data about children.

The pack is published, and a small count can point to a child. Every count, total or rate that
comes from record-level data goes through `protect_counts` or `protect_rate` before it is shown:

* **Primary suppression.** A count from 1 to ``threshold - 1`` is replaced by the policy's
  symbol (``c``). Zero is shown as 0 unless the policy says otherwise.
* **Secondary suppression.** A figure that is not small itself is also withheld where, together
  with the published totals and subtotals (including one a percentage beside them gives away,
  such as the plans within 20 weeks), it would let a reader work out a withheld one, or tell
  that a withheld one is small.
* **Rounding.** Optionally, shown counts are rounded (half up) to a multiple of a base, and
  percentages are worked out from the rounded counts.
* **Precision.** A percentage's value is the figure as shown (1 decimal): a chart, a rating or
  the data workbook never carries a finer fraction of the counts than the page prints.

What the reader is assumed to know (and what the checks here defeat): every published figure
and total, that counts are whole numbers, and that a withheld count is at least 1 when zeros are
shown (at least 0 when zeros are withheld too). The reader is not told which withheld figures
are small and which were withheld to protect them. The promise kept by `protect_counts` is that
**no withheld figure can be worked out exactly** from what is published, and no small withheld
figure is known to be small (it could be as large as the threshold). Rounded figures are treated
as if they were exact, which only makes the checks stricter. What whole packs publish together,
cycle after cycle, is attacked in the tests (``tests/disclosure/test_published_packs.py``).

The policy is the council's, so it is a setting (`DisclosurePolicy`, read from the ``disclosure:``
section of the area settings), never a number written in a notebook.

Where each part lives: the policy and its footnote in ``policy``, what protection gives back and
the rules shared by all in ``protected``, tables of counts in ``counts`` (what a reader can work
out from their totals: ``exposure``), rates in ``rates``. The
names below are loaded from those modules on first use, so reading the settings (``policy``)
does not load pandas.
"""

from __future__ import annotations

import importlib

#: Each public name and the module that holds it.
_HOMES = {
    "DEFAULT_FOOTNOTE": "policy",
    "DisclosurePolicy": "policy",
    "footnote": "policy",
    "Protected": "protected",
    "protect_counts": "counts",
    "protect_rate": "rates",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
