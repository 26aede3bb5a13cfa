"""Statistical disclosure control for figures worked out from record-level data about children.

The pack is published, and a small count can point to a child. Every count, total or rate that
comes from record-level data goes through `protect_counts` or `protect_rate` before it is shown:

* **Primary suppression.** A count from 1 to ``threshold - 1`` is replaced by the policy's
  symbol (``c``). Zero is shown as 0 unless the policy says otherwise.
* **Secondary suppression.** A figure that is not small itself is also withheld where, together
  with the published totals, it would let a reader work out a withheld one by subtraction.
* **Rounding.** Optionally, shown counts are rounded (half up) to a multiple of a base.

What the reader is assumed to know (and what the checks here defeat): every published figure
and total, that counts are whole numbers, and that a withheld count is at least 1 when zeros are
shown (at least 0 when zeros are withheld too). The reader is not told which withheld figures
are small and which were withheld to protect them. The promise kept by `protect_counts` is that
**no withheld figure can be worked out exactly** from what is published. Rounded figures are
treated as if they were exact, which only makes the checks stricter.

The policy is the council's, so it is a setting (`DisclosurePolicy`, read from the ``disclosure:``
section of the area settings), never a number written in a notebook.

Where each part lives: the policy and its footnote in ``policy``, what protection gives back and
the rules shared by all in ``protected``, tables of counts in ``counts``, rates in ``rates``.
"""

from wsoa_analysis.disclosure.counts import protect_counts
from wsoa_analysis.disclosure.policy import (
    DEFAULT_FOOTNOTE,
    DisclosurePolicy,
    footnote,
    policy_from_dict,
)
from wsoa_analysis.disclosure.protected import Protected
from wsoa_analysis.disclosure.rates import protect_rate

__all__ = [
    "DEFAULT_FOOTNOTE",
    "DisclosurePolicy",
    "Protected",
    "footnote",
    "policy_from_dict",
    "protect_counts",
    "protect_rate",
]
