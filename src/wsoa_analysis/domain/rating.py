"""Where a key impact measure's RAG rating is decided.

The rule, by kind of target (the numbers come from ``params/area.yaml``, section ``rating``):

- **absolute** and **relative** targets: a trajectory runs from the baseline (in the
  baseline period) to the target (in the period containing the target date, or the plan's
  end date where the WSoA states none), in equal steps of the measure's own period: in the
  k-th of K periods it stands k/K of the way. A value that has reached the target is *Target
  met*. A value for the target's period or later that has not is *Target missed*: the date
  has passed. Otherwise it is compared with the trajectory at its own period: on or ahead is
  *On track* (Green); behind by no more than ``amber_band_percent_of_distance`` percent of the
  baseline-to-target distance is *Slightly behind* (Amber); further behind is *Off track*
  (Red). Where the baseline is still to be established and ``first_value_as_baseline`` is on,
  the first recorded value stands in for it, and the result says so.
- **maintain**: within ``maintain_band_percent`` percent of the level (the target value, else
  the baseline) in the wrong direction is Green, within twice that Amber, further Red. At a
  level of 0 the band is ``maintain_band_percent`` hundredths of a unit (a share of nothing
  would be no band at all).
- **month_on_month**: up on the previous month by more than ``no_change_band_percent`` is Green,
  no change Amber, down Red.
- **national_average**: the target is the published national figure for the same period as
  the value: at least as good is Green, worse by no more than ``maintain_band_percent``
  percent of it Amber, further Red. Until that figure is published there is nothing to
  compare with: *No data yet*, saying so (the target is set, so never *No target set*).
- **reduce**, **increase** and **to_be_set** carry no number, so they get *No target set*
  rather than a colour; the direction of travel still shows which way the measure moves.
- **milestones** (``unit`` milestone: 1 done, 0 not yet; due by ``target_date``, else the
  plan's end), whatever their target kind: done is *Target met* (complete, as Blue is in the
  BRAG key), its reason naming the period it was first recorded done in and whether that was
  by its due date or after it (``done in February 2026, after its due date of January
  2026``): done late is still done, so still met, but never said to be on time; not done with
  the due date passed by the reporting date is *Target missed* (Red); not done and not yet
  due is *Not due yet*, not a colour: nothing is late, and nothing shows it on track either.
- No value on or before the reporting date: *No data yet*.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from wsoa_analysis.config.settings import RatingRules
from wsoa_analysis.dates import long_month, month_year
from wsoa_analysis.domain.missing import as_date, as_float, is_missing
from wsoa_analysis.domain.periods import period_label
from wsoa_analysis.domain.targets import (
    SIGN,
    effective_target,
    improvement,
    target_passed,
    trajectory_value,
)
from wsoa_analysis.domain.units import period_in_sentence

# Comparisons allow for floating-point noise: a value exactly on a line is on it.
TOLERANCE = 1e-12


@dataclass(frozen=True)
class Rating:
    code: str
    label: str
    symbol: str  # shown beside the label so the rating never depends on colour alone
    rag: str  # the RAG/BRAG word a committee uses
    colour: str = ""  # the colour it is shown in, where not its own code's

    @property
    def css(self) -> str:
        """The rating's colour class suffix (``red`` for a missed target)."""
        return self.colour or self.code


RATINGS: dict[str, Rating] = {
    r.code: r
    for r in (
        Rating("met", "Target met", "★", "Blue"),
        Rating("green", "On track", "✓", "Green"),
        Rating("amber", "Slightly behind", "!", "Amber"),
        Rating("red", "Off track", "✗", "Red"),
        Rating("missed", "Target missed", "⊘", "Red", colour="red"),
        Rating("no_target", "No target set", "–", "None"),
        Rating("no_data", "No data yet", "…", "None"),
        Rating("not_due", "Not due yet", "○", "None", colour="no_data"),
        # the latest figure is a small count of children, withheld: no rating may hint at it
        Rating("withheld", "Withheld", "c", "None", colour="no_data"),
    )
}

#: Ratings shown as a column of their own (in counts by area) only where a measure has one.
ONLY_WHERE_USED = frozenset({"not_due", "withheld"})

# Every rating, in the order tables and counts list them.
RATING_ORDER = tuple(RATINGS)
# The ratings on the scale from best to worst; the others (no target, no data) are not on it.
RATED = ("met", "green", "amber", "red", "missed")
ON_TRACK_OR_MET = frozenset({"met", "green"})
# worst first, as lists of measures needing attention show them
BEHIND = ("missed", "red", "amber")


def rating_rank(code: str) -> int | None:
    """Place on the scale from best (0, target met) to worst (4, target missed); None for a
    rating not on the scale.

    >>> rating_rank("met"), rating_rank("red"), rating_rank("missed"), rating_rank("no_data")
    (0, 3, 4, None)
    """
    return RATED.index(code) if code in RATED else None


@dataclass(frozen=True)
class RatingResult:
    code: str
    reason: str
    target: float = math.nan  # the number the target amounts to
    expected: float = math.nan  # the trajectory's value at the end of the value's period
    baseline_used: float = math.nan
    baseline_from_first_value: bool = False
    baseline_date: pd.Timestamp | None = None  # where the trajectory starts
    target_date: pd.Timestamp | None = None  # where it ends

    @property
    def rating(self) -> Rating:
        return RATINGS[self.code]


def trajectory_sign(polarity: str, baseline: float, target: float) -> int:
    """+1 where higher is better, -1 where lower is; for a measure to hold steady, the way
    from the baseline to the target."""
    if polarity in SIGN:
        return SIGN[polarity]
    return 1 if target >= baseline else -1


def on_or_ahead(value: float, line: float, sign: int) -> bool:
    """Whether ``value`` is on ``line`` (a trajectory or a target) or beyond it in the better
    direction ``sign``. Exactly on the line counts as on it.

    >>> on_or_ahead(63.75, 63.75, 1), on_or_ahead(57, 56.9, -1)
    (True, False)
    """
    return bool(sign * (value - line) >= -TOLERANCE)


def baseline_for(kpi, rules: RatingRules, first_value=None, first_period_end=None):
    """The baseline a rating and its chart start from: ``(value, date, from_first_value)``.

    The stated baseline; where the WSoA gives none and ``first_value_as_baseline`` is on,
    the first recorded value at the end of its period; else ``(nan, None, False)``.
    """
    baseline, date = as_float(kpi["baseline_value"]), as_date(kpi["baseline_date"])
    if math.isnan(baseline) and rules.first_value_as_baseline and not is_missing(first_value):
        return float(first_value), as_date(first_period_end), True
    return baseline, date, False


def target_date_for(kpi, plan_end_date) -> pd.Timestamp:
    """The date a trajectory ends: the target date, or the plan's end where none is given."""
    return as_date(kpi["target_date"]) or pd.Timestamp(plan_end_date)


def maintain_band(level: float, percent: float) -> float:
    """Width of the band around a level to maintain: ``percent`` percent of the level, or
    ``percent`` hundredths of a unit at a level of 0.

    >>> maintain_band(52, 5), maintain_band(0, 5)
    (2.6, 0.05)
    """
    return abs(level) * percent / 100 if level else percent / 100


_NO_NUMBER = {
    "to_be_set": "the target is still to be set",
    "reduce": "the aim is to reduce it; no number is set",
    "increase": "the aim is to increase it; no number is set",
}


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
    as_of=None,
    done_on=None,
) -> RatingResult:
    """Rate one measure's value. ``kpi`` is a row of the kpis table (a mapping). A milestone
    also needs the reporting date (``as_of``) and the end of the period it was first recorded
    done in (``done_on``, None where it is not done)."""
    kind = kpi["target_kind"]
    value = as_float(value)
    if kpi.get("unit") == "milestone":
        due = target_date_for(kpi, plan_end_date)
        done = as_date(done_on)
        when = _done_in(done, kpi.get("frequency")) if done is not None else ""
        return _milestone(value, done, due, as_date(as_of) or as_date(period_end), when)
    if kind in _NO_NUMBER:
        return RatingResult("no_target", _NO_NUMBER[kind])
    if math.isnan(value):
        return RatingResult("no_data", "no value recorded on or before the reporting date")
    if kind == "month_on_month":
        return _month_on_month(value, as_float(previous_value), kpi["polarity"], rules)
    if kind == "national_average":
        return _national_average(value, as_float(national_value), kpi["polarity"], rules)
    baseline, baseline_date, from_first = baseline_for(kpi, rules, first_value, first_period_end)
    if (
        math.isnan(baseline)
        and kind in ("relative", "maintain")
        and is_missing(kpi["target_value"] if kind == "maintain" else None)
    ):
        return RatingResult("no_target", "the baseline is still to be established")
    start = (baseline, baseline_date, from_first)
    if kind == "maintain":
        return _maintain(kpi, value, start, rules)
    return _against_trajectory(kpi, value, period_end, start, rules, plan_end_date)


def _done_in(done_on: pd.Timestamp, frequency) -> str:
    """The period a milestone was first recorded done in, as a sentence says it: ``February
    2026`` (a month), ``the spring term 2025/26``."""
    if frequency in (None, "monthly") or is_missing(frequency):
        return long_month(done_on)
    return period_in_sentence(period_label(done_on, frequency))


def _milestone(value: float, done_on, due: pd.Timestamp, as_of, done_in: str = "") -> RatingResult:
    """Done is met (saying when, and whether by its due date); not done is missed once the
    due date has passed by the reporting date, else not due yet."""
    when = month_year(due)
    if not math.isnan(value) and value >= 1:
        late = done_on is not None and done_on > due + pd.offsets.MonthEnd(0)
        said = f"done in {done_in}, " if done_in else "done, "
        why = said + ("after its due date of " if late else "by its due date of ")
        return RatingResult("met", why + long_month(due), 1.0, target_date=due)
    if as_of is not None and as_of > due:
        return RatingResult("missed", f"due by {when} and not yet done", 1.0, target_date=due)
    if math.isnan(value):
        return RatingResult("not_due", f"not due until {when}; nothing recorded yet", 1.0)
    return RatingResult("not_due", f"not yet done; due by {when}", 1.0, target_date=due)


def _month_on_month(value: float, prev: float, polarity: str, rules: RatingRules):
    """Up on the previous month beyond the no-change band is better, within it no change."""
    if math.isnan(prev):
        return RatingResult("no_data", "needs the previous month's value as well")
    band = abs(prev) * rules.no_change_band_percent / 100
    change = value - prev
    if abs(change) <= band + TOLERANCE:
        return RatingResult("amber", "no change on the previous month")
    good = improvement(value, prev, polarity) > 0
    return RatingResult(
        "green" if good else "red",
        "up on the previous month" if change > 0 else "down on the previous month",
    )


def _national_average(value: float, nat: float, polarity: str, rules: RatingRules):
    """At least as good as England for the same period is Green; worse within the maintain
    band Amber. ``nat`` is the national figure for the value's own period."""
    if math.isnan(nat):
        return RatingResult(
            "no_data",
            "the target is the national figure for the same period, which is not yet "
            "published: there is nothing to compare with",
        )
    gap = -improvement(value, nat, polarity)  # positive: worse than national
    band = abs(nat) * rules.maintain_band_percent / 100
    if gap <= TOLERANCE:
        return RatingResult(
            "green", "in line with the national figure for the same period or better", nat
        )
    code = "amber" if gap <= band + TOLERANCE else "red"
    return RatingResult(code, "below the national figure for the same period", nat)


def _maintain(kpi, value: float, start, rules: RatingRules) -> RatingResult:
    baseline, baseline_date, from_first = start
    level = effective_target("maintain", kpi["target_value"], baseline)
    shortfall = -improvement(value, level, kpi["polarity"])
    band = maintain_band(level, rules.maintain_band_percent)
    if shortfall <= band + TOLERANCE:
        code, why = "green", "maintained"
    elif shortfall <= 2 * band + TOLERANCE:
        code, why = "amber", "slipping from the level to maintain"
    else:
        code, why = "red", "well below the level to maintain"
    return RatingResult(code, why, level, level, baseline, from_first, baseline_date)


def _against_trajectory(kpi, value, period_end, start, rules, plan_end_date) -> RatingResult:
    """Absolute and relative targets: met, or on, a little or well behind the trajectory."""
    baseline, baseline_date, from_first = start
    target = effective_target(kpi["target_kind"], kpi["target_value"], baseline)
    if math.isnan(target):
        return RatingResult("no_target", "the target has no number")
    target_date = target_date_for(kpi, plan_end_date)
    sign = trajectory_sign(kpi["polarity"], baseline if not math.isnan(baseline) else value, target)
    line = (baseline, from_first, baseline_date, target_date)
    if on_or_ahead(value, target, sign):
        return RatingResult("met", "the target has been reached", target, target, *line)
    if math.isnan(baseline):
        return RatingResult("no_target", "no baseline to draw a trajectory from", target)
    freq = kpi["frequency"]
    if target_passed(period_end, target_date, freq):
        why = f"the target date ({month_year(target_date)}) has passed and the target was not met"
        return RatingResult("missed", why, target, target, *line)
    expected = trajectory_value(
        period_end, baseline, baseline_date or period_end, target, target_date, freq
    )
    behind = sign * (expected - value)
    band = abs(target - baseline) * rules.amber_band_percent_of_distance / 100
    if on_or_ahead(value, expected, sign):
        code, why = "green", "on or ahead of the trajectory to the target"
    elif behind <= band + TOLERANCE:
        code, why = "amber", "a little behind the trajectory to the target"
    else:
        code, why = "red", "well behind the trajectory to the target"
    if from_first:
        why += " (baseline still to be established: the first recorded value is used)"
    return RatingResult(code, why, target, expected, *line)
