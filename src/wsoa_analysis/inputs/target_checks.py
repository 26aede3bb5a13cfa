"""Checks on a measure's target against its baseline and polarity: the combinations no rule
could rate without contradicting itself (a target on the wrong side of the baseline, one due
before the baseline period is over, a "maintain" target with a different number), refused
with a message that says what to write instead.

Each check takes one kpis row as a plain dict (missing values as None) and returns
:class:`~wsoa_analysis.errors.Problem` records; nothing here raises.
"""

from __future__ import annotations

import pandas as pd

from wsoa_analysis.domain.periods import FREQUENCY_SPECS, period_ends
from wsoa_analysis.errors import Problem
from wsoa_analysis.inputs.schema import periods_judged

# The way each kind of target asks the measure to move: +1 up, -1 down, 0 neither.
_KIND_WAY = {"reduce": -1, "increase": 1, "month_on_month": 1}
_POLARITY_WAY = {"higher": 1, "lower": -1}
# Kinds a measure that should hold steady can have: nothing asks it to move.
_HOLD_KINDS = ("maintain", "to_be_set")


def _period_end(date, frequency: str) -> pd.Timestamp:
    return pd.Timestamp(period_ends(pd.Series([pd.Timestamp(date)]), frequency).iloc[0])


def _dates(k: dict, source: str, row: int) -> list[Problem]:
    """A target date in or before the baseline's period, and an assumed period with no
    baseline date to assume."""
    p = []
    if k.get("baseline_period_assumed") and k["baseline_date"] is None:
        p.append(
            Problem(
                source,
                row,
                "baseline_period_assumed",
                "yes",
                "says the baseline's period is assumed, but there is no baseline_date",
            )
        )
    base, due, freq = k["baseline_date"], k["target_date"], k["frequency"]
    if base is None or due is None or freq not in FREQUENCY_SPECS:
        return p
    base_end = _period_end(base, freq)
    if _period_end(due, freq) <= base_end:
        p.append(
            Problem(
                source,
                row,
                "target_date",
                str(pd.Timestamp(due).date()),
                f"is not after the baseline period, which ends {base_end.date()}: the target "
                "would be due before the measure could move from its baseline",
            )
        )
    return p


def _polarity(k: dict, source: str, row: int) -> list[Problem]:
    """A kind of target that asks for a move the measure's polarity calls worse."""
    kind, polarity = k["target_kind"], k["polarity"]
    if polarity == "hold" and kind not in _HOLD_KINDS:
        return [
            Problem(
                source,
                row,
                "target_kind",
                kind,
                "cannot go with polarity hold (movement either way is a concern): use "
                "maintain, or polarity higher or lower",
            )
        ]
    way = _KIND_WAY.get(kind)
    if way is not None and polarity in _POLARITY_WAY and way != _POLARITY_WAY[polarity]:
        return [
            Problem(
                source,
                row,
                "target_kind",
                kind,
                f"asks the measure to go {'up' if way > 0 else 'down'}, but its polarity is "
                f"{polarity} ({polarity} is better)",
            )
        ]
    return []


def _side(k: dict, source: str, row: int) -> list[Problem]:
    """A numeric target on the wrong side of the baseline, or at it."""
    kind, polarity, base, value = (
        k["target_kind"],
        k["polarity"],
        k["baseline_value"],
        k["target_value"],
    )
    if value is None:
        return []
    if kind == "maintain" and base is not None and value != base:
        return [
            Problem(
                source,
                row,
                "target_value",
                f"{value:g}",
                f"differs from the baseline ({base:g}): a maintain target keeps the baseline; "
                "a number to reach is target_kind absolute",
            )
        ]
    if kind == "absolute" and base is not None:
        change = value - base
    elif kind == "relative":
        change = value
    else:
        return []
    if change == 0:
        what = "the baseline" if kind == "absolute" else "no change"
        return [
            Problem(
                source,
                row,
                "target_value",
                f"{value:g}",
                f"is {what}: a target to keep a level is target_kind maintain",
            )
        ]
    way = _POLARITY_WAY.get(polarity)
    if way is not None and (change > 0) != (way > 0):
        moved = "above" if change > 0 else "below"
        return [
            Problem(
                source,
                row,
                "target_value",
                f"{value:g}",
                f"puts the target {moved} the baseline"
                + (f" ({base:g})" if kind == "absolute" else "")
                + f", but {polarity} is better: the target is on the wrong side of the baseline",
            )
        ]
    return []


def _judged_by(k: dict, source: str, row: int) -> list[Problem]:
    text = k.get("judged_by")
    if periods_judged(text) is not None:
        return []
    return [
        Problem(
            source,
            row,
            "judged_by",
            str(text),
            "is not latest or mean_of_N with N of 2 or more (e.g. mean_of_12)",
        )
    ]


def target_problems(k: dict, source: str, row: int, *, sides: bool = True) -> list[Problem]:
    """Every problem with one measure's target, baseline dates, polarity and judged_by; the
    target against the baseline only where ``sides`` (both numbers are valid)."""
    return [
        *_dates(k, source, row),
        *_polarity(k, source, row),
        *(_side(k, source, row) if sides else []),
        *_judged_by(k, source, row),
    ]
