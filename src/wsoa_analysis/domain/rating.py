"""Where a key impact measure's RAG rating is decided.

The rule, by kind of target (the numbers come from ``params/area.yaml``, section ``rating``):

- **absolute** and **relative** targets: a straight-line trajectory runs from the baseline
  (at the end of the baseline period) to the target (at the target date, or the plan's end
  date where the WSoA states none). A value that has reached the target is *Target met*.
  Otherwise it is compared with the trajectory at the end of its own period: on or ahead is
  *On track* (Green); behind by no more than ``amber_band_percent_of_distance`` percent of the
  baseline-to-target distance is *Slightly behind* (Amber); further behind is *Off track*
  (Red). Where the baseline is still to be established and ``first_value_as_baseline`` is on,
  the first recorded value stands in for it, and the result says so.
- **maintain**: within ``maintain_band_percent`` percent of the level (the target value, else
  the baseline) in the wrong direction is Green, within twice that Amber, further Red.
- **month_on_month**: up on the previous month by more than ``no_change_band_percent`` is Green,
  no change Amber, down Red.
- **national_average**: at least as good as the latest published national figure is Green,
  worse by no more than ``maintain_band_percent`` percent of it Amber, further Red; with no
  published figure, no rating.
- **reduce**, **increase** and **to_be_set** carry no number, so they get *No target set*
  rather than a colour; the direction of travel still shows which way the measure moves.
- No value on or before the reporting date: *No data yet*.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from wsoa_analysis.config.settings import RatingRules
from wsoa_analysis.domain.targets import SIGN, effective_target, improvement, trajectory_value


@dataclass(frozen=True)
class Rating:
    code: str
    label: str
    symbol: str  # shown beside the label so the rating never depends on colour alone
    rag: str  # the RAG/BRAG word a committee uses


RATINGS: dict[str, Rating] = {
    r.code: r
    for r in (
        Rating("met", "Target met", "★", "Blue"),
        Rating("green", "On track", "✓", "Green"),
        Rating("amber", "Slightly behind", "!", "Amber"),
        Rating("red", "Off track", "✗", "Red"),
        Rating("no_target", "No target set", "–", "None"),
        Rating("no_data", "No data yet", "…", "None"),
    )
}

RATING_ORDER = tuple(RATINGS)


@dataclass(frozen=True)
class RatingResult:
    code: str
    reason: str
    target: float = math.nan  # the number the target amounts to
    expected: float = math.nan  # the trajectory's value at the end of the value's period
    baseline_used: float = math.nan
    baseline_from_first_value: bool = False

    @property
    def rating(self) -> Rating:
        return RATINGS[self.code]


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _num(v) -> float:
    return math.nan if _missing(v) else float(v)


def _date(v):
    return None if v is None or pd.isna(v) else pd.Timestamp(v)


def _direction_sign(polarity: str, baseline: float, target: float) -> int:
    if polarity in SIGN:
        return SIGN[polarity]
    return 1 if target >= baseline else -1


def rate(
    kpi,
    value,
    period_end,
    *,
    rules: RatingRules,
    plan_end_date,
    previous_value=None,
    first_value=None,
    first_period_end=None,
    national_value=None,
) -> RatingResult:
    """Rate one measure's value. ``kpi`` is a row of the kpis table (a mapping)."""
    kind = kpi["target_kind"]
    polarity = kpi["polarity"]
    value = _num(value)

    if kind in ("to_be_set", "reduce", "increase"):
        aim = {
            "to_be_set": "the target is still to be set",
            "reduce": "the aim is to reduce it; no number is set",
            "increase": "the aim is to increase it; no number is set",
        }[kind]
        return RatingResult("no_target", aim)
    if math.isnan(value):
        return RatingResult("no_data", "no value recorded on or before the reporting date")

    if kind == "month_on_month":
        prev = _num(previous_value)
        if math.isnan(prev):
            return RatingResult("no_data", "needs the previous month's value as well")
        band = abs(prev) * rules.no_change_band_percent / 100
        change = value - prev
        if abs(change) <= band + 1e-12:
            return RatingResult("amber", "no change on the previous month")
        good = improvement(value, prev, polarity) > 0
        return RatingResult(
            "green" if good else "red",
            "up on the previous month" if change > 0 else "down on the previous month",
        )

    if kind == "national_average":
        nat = _num(national_value)
        if math.isnan(nat):
            return RatingResult("no_target", "no published national figure to compare with")
        gap = -improvement(value, nat, polarity)  # positive: worse than national
        band = abs(nat) * rules.maintain_band_percent / 100
        if gap <= 1e-12:
            return RatingResult("green", "in line with the national average or better", nat)
        code = "amber" if gap <= band + 1e-12 else "red"
        return RatingResult(code, "below the national average", nat)

    baseline = _num(kpi["baseline_value"])
    baseline_date = _date(kpi["baseline_date"])
    from_first = False
    if math.isnan(baseline) and rules.first_value_as_baseline and not _missing(first_value):
        baseline, baseline_date, from_first = float(first_value), _date(first_period_end), True
    if (
        math.isnan(baseline)
        and kind in ("relative", "maintain")
        and _missing(kpi["target_value"] if kind == "maintain" else None)
    ):
        return RatingResult("no_target", "the baseline is still to be established")

    if kind == "maintain":
        level = effective_target("maintain", kpi["target_value"], baseline)
        shortfall = -improvement(value, level, polarity)
        band = (
            abs(level) * rules.maintain_band_percent / 100
            if level
            else rules.maintain_band_percent / 100
        )
        if shortfall <= band + 1e-12:
            code = "green"
        elif shortfall <= 2 * band + 1e-12:
            code = "amber"
        else:
            code = "red"
        why = {
            "green": "maintained",
            "amber": "slipping from the level to maintain",
            "red": "well below the level to maintain",
        }[code]
        return RatingResult(code, why, level, level, baseline, from_first)

    # absolute and relative targets
    target = effective_target(kind, kpi["target_value"], baseline)
    if math.isnan(target):
        return RatingResult("no_target", "the target has no number")
    sign = _direction_sign(polarity, baseline if not math.isnan(baseline) else value, target)
    if sign * (value - target) >= -1e-12:
        return RatingResult(
            "met", "the target has been reached", target, target, baseline, from_first
        )
    if math.isnan(baseline):
        return RatingResult("no_target", "no baseline to draw a trajectory from", target)
    target_date = _date(kpi["target_date"]) or pd.Timestamp(plan_end_date)
    expected = trajectory_value(
        period_end, baseline, baseline_date or period_end, target, target_date
    )
    behind = sign * (expected - value)
    distance = abs(target - baseline)
    band = distance * rules.amber_band_percent_of_distance / 100
    if behind <= 1e-12:
        code, why = "green", "on or ahead of the trajectory to the target"
    elif behind <= band + 1e-12:
        code, why = "amber", "a little behind the trajectory to the target"
    else:
        code, why = "red", "well behind the trajectory to the target"
    if from_first:
        why += " (baseline still to be established: the first recorded value is used)"
    return RatingResult(code, why, target, expected, baseline, from_first)
