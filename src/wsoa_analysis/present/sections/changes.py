""" "What changed since the previous cycle": ratings, targets and trajectories crossed, newly
published comparators, and actions that moved."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain import benchmarks as bm
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.periods import to_date
from wsoa_analysis.domain.rounding import format_value
from wsoa_analysis.domain.targets import SIGN
from wsoa_analysis.present.format import long_date
from wsoa_analysis.present.sections.common import (
    _value_cell,
    brag_pill,
    rating_pill,
)
from wsoa_analysis.present.sections.section import Section, html
from wsoa_analysis.present.tables import Col, html_table

# Rating order for "improved"/"worsened": lower rank is better. The other ratings (no target,
# no data) are not on the scale.
_RATING_RANK = {"met": 0, "green": 1, "amber": 2, "red": 3}


def _rating_movement(before: str, now: str) -> str:
    if before in _RATING_RANK and now in _RATING_RANK:
        return "Improved" if _RATING_RANK[now] < _RATING_RANK[before] else "Worsened"
    if now in _RATING_RANK:
        return "Now rated"
    if before in _RATING_RANK:
        return "No longer rated"
    return "Still not rated"


def _rating_changes(card: pd.DataFrame, previous_card: pd.DataFrame) -> pd.DataFrame:
    """Measures whose rating differs from the previous card's: the card's columns plus
    ``before`` (the previous rating) and ``movement`` (Improved, Worsened, Now rated...)."""
    before = previous_card.set_index("kpi_id")["rating"]
    both = card[card["kpi_id"].isin(before.index)]
    moved = both.assign(before=both["kpi_id"].map(before))
    moved = moved[moved["rating"] != moved["before"]].reset_index(drop=True)
    return moved.assign(
        movement=[
            _rating_movement(b, n) for b, n in zip(moved["before"], moved["rating"], strict=True)
        ]
    )


def _on_or_ahead(row) -> bool | None:
    """Whether a scorecard row's latest value is on or ahead of its trajectory (the
    ``expected_value``), judged with the measure's polarity; None where it cannot be said."""

    value, expected = row["latest_value"], row["expected_value"]
    if pd.isna(value) or pd.isna(expected):
        return None
    sign = SIGN.get(row["polarity"])
    if sign is None:  # no better direction: the way from baseline to target
        if pd.isna(row["baseline_value"]) or pd.isna(row["target_value"]):
            return None
        sign = 1 if row["target_value"] >= row["baseline_value"] else -1
    return bool(sign * (value - expected) >= -1e-12)


def _crossings(card: pd.DataFrame, previous_card: pd.DataFrame) -> pd.DataFrame:
    """Measures that reached their target (met now, not before), or else crossed the
    straight-line trajectory to it either way: the card's columns plus ``change``."""
    before = previous_card.set_index("kpi_id")
    rows, changes = [], []
    for _, row in card.iterrows():
        if row["kpi_id"] not in before.index:
            continue
        prev = before.loc[row["kpi_id"]]
        if row["rating"] == "met" and prev["rating"] != "met":
            change = f"Reached its target ({row['target']})"
        elif row["target_kind"] in ("absolute", "relative"):
            now_ok, prev_ok = _on_or_ahead(row), _on_or_ahead(prev)
            if now_ok is None or prev_ok is None or now_ok == prev_ok:
                continue
            change = (
                "Now on or ahead of the trajectory to its target"
                if now_ok
                else "Fell behind the trajectory to its target"
            )
        else:
            continue
        rows.append(row)
        changes.append(change)
    out = pd.DataFrame(rows, columns=card.columns).reset_index(drop=True)
    return out.assign(change=changes)


def _action_moves(
    actions: pd.DataFrame, updates: pd.DataFrame, reporting_date, previous_date
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Between two reporting dates: actions that became Blue, actions that became overdue
    (overdue now, not at the previous date) and the other changes of status."""
    changes = act.changes_since(actions, updates, reporting_date, previous_date)
    blue = changes["status"] == "Blue"
    now = act.status_at(actions, updates, reporting_date)
    was_late = set(
        act.overdue(act.status_at(actions, updates, previous_date), previous_date)["action_ref"]
    )
    late = act.overdue(now, reporting_date)
    newly_late = late[~late["action_ref"].isin(was_late)].reset_index(drop=True)
    return (changes[blue].reset_index(drop=True), newly_late, changes[~blue].reset_index(drop=True))


def _published_period_words(start, end) -> str:
    label = bm.published_period_label(start, end)
    return f"calendar year {label}" if label.isdigit() else label


def _newly_published(
    benchmarks: pd.DataFrame, measures: pd.DataFrame, area, previous_date, reporting_date
) -> pd.DataFrame:
    """Published figures for England and the area itself whose period ended after the
    previous reporting date and on or before this one, for each comparator key a measure
    uses: ``title`` (the measures using the key) and ``figure`` ("England: 49.2% for calendar
    year 2022 (published)"), formatted in the (first) measure's unit."""
    start, end = to_date(previous_date), to_date(reporting_date)
    keyed = measures[measures["comparator_key"].notna() & (measures["comparator_key"] != "")]
    out = []
    for key, group in keyed.groupby("comparator_key", sort=False):
        unit = group["unit"].iloc[0]
        title = "; ".join(group["title"])
        pub = benchmarks[
            (benchmarks["measure_key"] == key)
            & benchmarks["area_code"].isin([bm.ENGLAND, area.code])
            & (benchmarks["period_end"] > start)
            & (benchmarks["period_end"] <= end)
        ]
        pub = pub.assign(_own=pub["area_code"] != bm.ENGLAND).sort_values(
            ["_own", "period_end"], kind="stable"
        )
        for _, r in pub.iterrows():
            symbol = r.get("symbol")
            if pd.notna(r["value"]):
                shown = format_value(float(r["value"]), unit)
            elif pd.notna(symbol) and str(symbol):
                shown = str(symbol)
            else:
                continue
            name = "England" if r["area_code"] == bm.ENGLAND else r["area_name"]
            period = _published_period_words(r["period_start"], r["period_end"])
            out.append({"title": title, "figure": f"{name}: {shown} for {period} (published)"})
    return pd.DataFrame(out, columns=["title", "figure"])


def changes_since_previous(ctx: Context) -> Section:
    """What moved since the previous cycle: ratings, measures crossing their target or
    trajectory, newly published comparators, and actions that became Blue, became overdue or
    otherwise changed status. ``.frame`` holds the rating changes; ``.frames`` the others
    (``crossings``, ``published``, ``became_blue``, ``became_overdue``, ``other_actions``)."""
    if ctx.previous_date is None:
        return Section(
            Markup(
                '<p class="muted">This is the first cycle: there is no previous '
                "pack to compare with.</p>"
            )
        )
    since = long_date(ctx.previous_date)
    parts = [Markup("<p>Compared with the previous cycle, position at {}.</p>").format(since)]
    moved = _rating_changes(ctx.card, ctx.previous_card)
    parts.append(
        html_table(
            moved,
            [
                Col("title", "Measure"),
                Col("before", "Previous rating", fmt=lambda v, r: rating_pill(v)),
                Col("rating", "Rating now", fmt=lambda v, r: rating_pill(v)),
                Col("movement", "Change"),
            ],
            caption="Measures whose rating changed",
            empty="No measure's rating changed.",
        )
    )
    before = ctx.previous_card.set_index("kpi_id")
    crossed = _crossings(ctx.card, ctx.previous_card)
    parts.append(
        html_table(
            crossed,
            [
                Col("title", "Measure"),
                Col(
                    "kpi_id",
                    "Previously",
                    numeric=True,
                    fmt=lambda v, r: _value_cell(before.loc[v]),
                ),
                Col("latest_value", "Now", numeric=True, fmt=lambda v, r: _value_cell(r)),
                Col("change", "What changed"),
            ],
            caption="Measures that reached their target or crossed their trajectory",
            empty="No measure reached its target or crossed its trajectory.",
        )
    )
    published = _newly_published(
        ctx.ds.benchmarks, ctx.card, ctx.settings.area, ctx.previous_date, ctx.reporting_date
    )
    parts.append(
        html_table(
            published,
            [Col("title", "Measure"), Col("figure", "New published figure")],
            caption=f"Comparators published for periods ended since {since}",
            empty="No new published comparator figure.",
        )
    )
    blue, late, other = _action_moves(
        ctx.ds.actions, ctx.ds.action_updates, ctx.reporting_date, ctx.previous_date
    )
    parts.append(
        html_table(
            blue,
            [Col("action_ref", "Ref"), Col("description", "Action"), Col("change", "Change")],
            caption="Actions that became Blue (complete)",
            empty="No action became Blue.",
        )
    )
    parts.append(
        html_table(
            late,
            [
                Col("action_ref", "Ref"),
                Col("description", "Action"),
                Col("target_date_as_written", "Target date"),
                Col("status", "Status", fmt=lambda v, r: brag_pill(v)),
            ],
            caption="Actions that became overdue (target date passed, not Blue)",
            empty="No action became overdue.",
        )
    )
    parts.append(
        html_table(
            other,
            [Col("action_ref", "Ref"), Col("description", "Action"), Col("change", "Change")],
            caption="Other changes of action status",
            empty="No other action's status changed.",
        )
    )
    frames = {
        "crossings": crossed,
        "published": published,
        "became_blue": blue,
        "became_overdue": late,
        "other_actions": other,
    }
    return Section(
        html(*parts), frame=moved, caption="What changed since the previous cycle", frames=frames
    )
