"""Checks that a measure has what its kind needs (``kpis.unit``), and that its values are
values of that kind: a rate per N names its N and population, a milestone its due date and is
only ever 0 (not yet) or 1 (done); no rate or duration is negative. Each returns
:class:`~wsoa_analysis.errors.Problem` records naming file, row, column and value."""

from __future__ import annotations

from wsoa_analysis.errors import Problem

#: Units whose values are never negative.
NOT_NEGATIVE = ("count", "rate_per_month", "rate_per_n", "weeks", "days")
#: The most decimals a measure may ask to be shown to.
MAX_DECIMALS = 4


def kind_problems(k: dict, source: str, row: int) -> list[Problem]:
    """What a measure of its unit needs (``k``: a kpis row with missing values as None)."""
    p = []
    if k.get("unit") == "rate_per_n":
        for col, what in (
            ("rate_per", "the N its values are per (e.g. 10000)"),
            ("rate_population", "who the rate is per (e.g. children aged 0 to 17)"),
        ):
            if k.get(col) is None:
                p.append(Problem(source, row, col, None, f"a rate_per_n measure needs {what}"))
    if k.get("unit") == "milestone" and k.get("target_date") is None:
        p.append(
            Problem(source, row, "target_date", None, "a milestone needs the date it is due by")
        )
    decimals = k.get("decimals")
    if decimals is not None and decimals > MAX_DECIMALS:
        p.append(Problem(source, row, "decimals", str(decimals), f"is more than {MAX_DECIMALS}"))
    return p


def kind_value_problems(v: float, k: dict, source: str, row: int) -> list[Problem]:
    """One observed value against its measure's unit (a percentage's range and a count's
    whole number are checked beside the numerator in ``checks``)."""
    unit = k.get("unit")
    if unit == "milestone" and v not in (0, 1):
        return [Problem(source, row, "value", str(v), "a milestone is 1 (done) or 0 (not yet)")]
    if unit in NOT_NEGATIVE and v < 0:
        word = "a count" if unit == "count" else "a rate" if "rate" in unit else "a duration"
        return [Problem(source, row, "value", str(v), f"{word} must not be negative")]
    return []
