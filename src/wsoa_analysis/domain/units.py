"""What a measure's value is, and how it is written for a reader: each kind of measure
(``kpis.unit``) with its decimals, its words and whether it is drawn as a line.

A figure alone is written by ``rounding.format_value``; a figure *of a measure* is written
here, since some kinds need more than their unit: a rate per N names its N and population
(``24.1 per 10,000 children``) and, once on a page, where the population comes from; a
measure's ``decimals`` overrides its unit's.

    >>> m = {"unit": "rate_per_n", "rate_per": 10000, "rate_population": "children",
    ...      "rate_population_source": "ONS mid-2021 estimate"}
    >>> format_measure(24.08, m), format_measure(24.08, m, with_source=True)
    ('24.1 per 10,000 children', '24.1 per 10,000 children (population: ONS mid-2021 estimate)')
"""

from __future__ import annotations

import math
import re

from wsoa_analysis.domain.missing import as_float, is_missing
from wsoa_analysis.domain.rounding import digits_shown, format_value

#: Kinds of measure shown as a state (done or not), never as a line, a trajectory or a
#: progress percentage.
STATES = frozenset({"milestone"})


def is_milestone(measure) -> bool:
    return _get(measure, "unit") == "milestone"


def draws_line(measure) -> bool:
    """Whether a measure's values are drawn as a line chart (a milestone is not)."""
    return _get(measure, "unit") not in STATES


def _get(measure, key):
    value = measure.get(key) if hasattr(measure, "get") else None
    return None if is_missing(value) else value


def measure_digits(measure) -> int:
    """Decimal places a measure's figures are shown to: its ``decimals`` where given, else
    its unit's. (Whatever the decimals, a rate or duration that is not 0 is not shown as 0:
    ``rounding.format_value``.) The same for every figure of the measure, wherever shown.

    >>> measure_digits({"unit": "rate_per_n"}), measure_digits({"unit": "count", "decimals": 1})
    (1, 1)
    """
    given = _get(measure, "decimals")
    return int(given) if given is not None else digits_shown(_get(measure, "unit"))


def per_text(measure) -> str:
    """What a rate per N is per: ``per 10,000 children``; empty for any other unit."""
    if _get(measure, "unit") != "rate_per_n":
        return ""
    n = as_float(_get(measure, "rate_per"))
    who = _get(measure, "rate_population") or ""
    if math.isnan(n):  # refused by validation; nothing to say it is per
        return ""
    return f"per {n:,.0f} {who}".rstrip() if n.is_integer() else f"per {n:,g} {who}".rstrip()


def population_note(measure) -> str:
    """Where a rate's population comes from (``population: ONS mid-2021 estimate``)."""
    source = _get(measure, "rate_population_source")
    return f"population: {source}" if per_text(measure) and source else ""


def format_measure(
    value, measure, *, with_source: bool = False, compact: bool = False, digits=None
) -> str:
    """A figure of a measure as a reader sees it (``measure``: a kpis or scorecard row, or
    any mapping with ``unit``; ``decimals``, ``rate_per``, ``rate_population`` and
    ``rate_population_source`` where it has them)."""
    unit = _get(measure, "unit") or ""
    if digits is None and _get(measure, "decimals") is not None:
        digits = measure_digits(measure)
    text = format_value(value, unit, digits=digits, compact=compact)
    if not per_text(measure) or text == "–":
        return text
    text = f"{text} {per_text(measure)}"
    note = population_note(measure)
    return f"{text} ({note})" if with_source and note else text


_TERM = re.compile(r"(Autumn|Spring|Summer) term\b")
_CENSUS = re.compile(r"January \d{4} census\b")


def period_in_sentence(label: str) -> str:
    """A period's label as a sentence says it after "in": a term or a census with "the" (and
    a term in lower case); any other label as it is.

    >>> period_in_sentence("Spring term 2024/25"), period_in_sentence("January 2025 census")
    ('the spring term 2024/25', 'the January 2025 census')
    >>> period_in_sentence("Q1 2021/22"), period_in_sentence("Spring term 2024/25 (assumed)")
    ('Q1 2021/22', 'the spring term 2024/25 (assumed)')
    """
    if _TERM.match(label):
        return f"the {label[:1].lower()}{label[1:]}"
    return f"the {label}" if _CENSUS.match(label) else label
