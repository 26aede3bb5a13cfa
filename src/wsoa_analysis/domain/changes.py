"""What changed since the previous cycle: ratings that moved, measures that reached their
target or crossed their trajectory, published figures that are new, and actions that became
Blue, became overdue or otherwise changed status.

Numbers and codes only: each function returns a DataFrame (or frames) that a page formats.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from wsoa_analysis.config.settings import Area
from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain import benchmarks as bm
from wsoa_analysis.domain.missing import is_missing
from wsoa_analysis.domain.periods import to_date
from wsoa_analysis.domain.rating import on_or_ahead, rating_rank, trajectory_sign
from wsoa_analysis.domain.targets import SIGN

IMPROVED, WORSENED, NOW_RATED, NO_LONGER_RATED, STILL_NOT_RATED = (
    "Improved",
    "Worsened",
    "Now rated",
    "No longer rated",
    "Still not rated",
)

REACHED_TARGET, NOW_ON_TRACK, FELL_BEHIND = "reached_target", "now_on_track", "fell_behind"


def rating_movement(before: str, now: str) -> str:
    """How a measure's rating moved between two different ratings: Improved or Worsened on
    the scale from target met to off track, else Now rated, No longer rated or Still not
    rated (no target, no data).

    >>> rating_movement("amber", "green"), rating_movement("no_data", "red")
    ('Improved', 'Now rated')
    """
    b, n = rating_rank(before), rating_rank(now)
    if b is not None and n is not None:
        return IMPROVED if n < b else WORSENED
    if n is not None:
        return NOW_RATED
    if b is not None:
        return NO_LONGER_RATED
    return STILL_NOT_RATED


def rating_changes(card: pd.DataFrame, previous_card: pd.DataFrame) -> pd.DataFrame:
    """Measures whose rating differs from the previous card's: the card's columns plus
    ``before`` (the previous rating code) and ``movement`` (see :func:`rating_movement`)."""
    before = previous_card.set_index("kpi_id")["rating"]
    both = card[card["kpi_id"].isin(before.index)]
    moved = both.assign(before=both["kpi_id"].map(before))
    moved = moved[moved["rating"] != moved["before"]].reset_index(drop=True)
    return moved.assign(
        movement=[
            rating_movement(b, n) for b, n in zip(moved["before"], moved["rating"], strict=True)
        ]
    )


def on_or_ahead_of_trajectory(row) -> bool | None:
    """Whether a scorecard row's latest value is on or ahead of its trajectory (the
    ``expected_value``), by the rating's own test; None where it cannot be said."""
    value, expected = row["latest_value"], row["expected_value"]
    if is_missing(value) or is_missing(expected):
        return None
    baseline = row.get("baseline_used")
    if is_missing(baseline):
        baseline = row["baseline_value"]
    target = row["target_value"]
    if row["polarity"] not in SIGN and (is_missing(baseline) or is_missing(target)):
        return None  # no better direction and no way from baseline to target
    sign = trajectory_sign(row["polarity"], baseline, target)
    return on_or_ahead(float(value), float(expected), sign)


def _crossing(row, prev) -> str | None:
    if row["rating"] == "met" and prev["rating"] != "met":
        return REACHED_TARGET
    if row["target_kind"] not in ("absolute", "relative"):
        return None
    now_ok, prev_ok = on_or_ahead_of_trajectory(row), on_or_ahead_of_trajectory(prev)
    if now_ok is None or prev_ok is None or now_ok == prev_ok:
        return None
    return NOW_ON_TRACK if now_ok else FELL_BEHIND


def _crossing_words(code: str, row) -> str:
    if code == REACHED_TARGET and row.get("unit") == "milestone":  # when, and whether late
        return f"Reached its target: {row['rating_reason']}"
    return {
        REACHED_TARGET: f"Reached its target ({row['target']})",
        NOW_ON_TRACK: "Now on or ahead of the trajectory to its target",
        FELL_BEHIND: "Fell behind the trajectory to its target",
    }[code]


def crossings(card: pd.DataFrame, previous_card: pd.DataFrame) -> pd.DataFrame:
    """Measures that reached their target (met now, not before), or else crossed the
    straight-line trajectory to it either way: the card's columns plus ``crossing``
    (``reached_target``, ``now_on_track``, ``fell_behind``) and ``change`` (in words)."""
    before = previous_card.set_index("kpi_id")
    rows, codes = [], []
    for _, row in card.iterrows():
        if row["kpi_id"] not in before.index:
            continue
        code = _crossing(row, before.loc[row["kpi_id"]])
        if code is not None:
            rows.append(row)
            codes.append(code)
    out = pd.DataFrame(rows, columns=card.columns).reset_index(drop=True)
    words = [_crossing_words(c, r) for c, (_, r) in zip(codes, out.iterrows(), strict=True)]
    return out.assign(crossing=codes, change=words)


class ActionMoves(NamedTuple):
    """Actions that moved between two reporting dates."""

    became_blue: pd.DataFrame
    became_overdue: pd.DataFrame
    other: pd.DataFrame


def action_moves(
    actions: pd.DataFrame,
    updates: pd.DataFrame,
    reporting_date,
    previous_date,
    readings: dict | None = None,
) -> ActionMoves:
    """Between two reporting dates: actions that became Blue (rows of
    :func:`~wsoa_analysis.domain.actions.changes_since`), actions that became overdue
    (overdue now, not at the previous date; rows of the tracker) and the other changes of
    status."""
    changes = act.changes_since(actions, updates, reporting_date, previous_date, readings)
    blue = changes["status"] == act.COMPLETE
    now = act.status_at(actions, updates, reporting_date, readings)
    before = act.status_at(actions, updates, previous_date, readings)
    was_late = set(before.loc[before["overdue"], "action_ref"])
    late = now[now["overdue"] & ~now["action_ref"].isin(was_late)].reset_index(drop=True)
    return ActionMoves(
        changes[blue].reset_index(drop=True), late, changes[~blue].reset_index(drop=True)
    )


NEWLY_PUBLISHED_COLUMNS = [
    "measure_key",
    "relation",
    "title",
    "unit",
    "kind",
    "area_code",
    "label",
    "period_kind",
    "period_start",
    "period_end",
    "value",
    "symbol",
    "definition",
    "first_release",
    "shown_from",
    "citation",
]

COMPARATOR, RELATED = "comparator", "related"
_KEY_COLUMNS = {COMPARATOR: "comparator_key", RELATED: "related_key"}


def _keyed(measures: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """(key, relation, the measures using it) for every published key the measures name:
    their comparators (same definition) first, then related figures."""
    out = []
    for relation, column in _KEY_COLUMNS.items():
        if column not in measures:
            continue
        keyed = measures[measures[column].notna() & (measures[column] != "")]
        out += [(key, relation, group) for key, group in keyed.groupby(column, sort=False)]
    return out


def newly_published(
    benchmarks: pd.DataFrame, measures: pd.DataFrame, area: Area, previous_date, reporting_date
) -> pd.DataFrame:
    """Published figures for England and the area itself first published after the previous
    reporting date and on or before this one (whatever period they are for), for each
    published key a measure (a row of ``measures``: the kpis table or a scorecard) names:
    ``relation`` is ``comparator`` for a ``comparator_key`` (same definition) and ``related``
    for a ``related_key``. England's figure only for a percentage (see
    :func:`~wsoa_analysis.domain.benchmarks.comparator_kinds`). England's first, then the
    area's, each by period. ``title`` joins the titles of the measures using the key and
    ``unit`` is the first one's; ``label`` is "England" or DfE's name for the area;
    ``citation`` the release cited at the reporting date. Figures with neither a value nor a
    symbol are left out."""
    start, end = to_date(previous_date), to_date(reporting_date)
    parts = []
    for key, relation, group in _keyed(measures):
        unit = group["unit"].iloc[0]
        codes = [area.code] + ([bm.ENGLAND] if bm.ENGLAND_KIND in bm.comparator_kinds(unit) else [])
        rows = benchmarks[(benchmarks["measure_key"] == key) & benchmarks["area_code"].isin(codes)]
        pub = bm.published_by(rows, end)
        pub = pub[(pub["shown_from"] > start) & (pub["shown_from"] <= end)]
        pub = pub.assign(symbol=pub["symbol"].astype("string").fillna(""))
        pub = pub[pub["value"].notna() | (pub["symbol"] != "")]
        england = pub["area_code"] == bm.ENGLAND
        pub = pub.assign(
            _own=~england,
            relation=relation,
            kind=england.map({True: bm.ENGLAND_KIND, False: bm.AREA_KIND}),
            label=pub["area_name"].where(~england, "England"),
            title="; ".join(group["title"]),
            unit=unit,
        ).sort_values(["_own", "period_end"], kind="stable")
        parts.append(pub[NEWLY_PUBLISHED_COLUMNS])
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=NEWLY_PUBLISHED_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    return out.assign(value=out["value"].astype("float64"))
