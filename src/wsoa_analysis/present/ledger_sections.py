"""The figure ledger's rows for the sections of the overview and of an area's page, read
from the frames each section holds (see ``present.ledger``)."""

from __future__ import annotations

import pandas as pd

from wsoa_analysis.disclosure import footnote
from wsoa_analysis.domain import benchmarks as bm
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.synthetic import status_synthetic
from wsoa_analysis.domain.units import format_measure
from wsoa_analysis.present import sections as s
from wsoa_analysis.present.figures import DEFINITION, LOCAL, OURS, PUBLISHED, figure
from wsoa_analysis.present.format import long_date
from wsoa_analysis.present.ledger_measures import (
    as_written,
    card_rows,
    judged,
    latest,
    neighbours_averaged,
    related_rows,
    series_rows,
    target,
    values_rows,
)

_ACTIONS = "actions.csv and action_updates.csv: the latest status recorded on or before the date"


def _at(ctx: Context) -> str:
    return f"at {long_date(ctx.reporting_date)}"


def tiles(ctx: Context) -> list[dict]:
    """The overview's tiles; a tile counting an input table's rows is the area's own."""
    shown = s.overview_at_a_glance(ctx)
    return [
        figure(
            shown.caption,
            r["what"],
            r["shown"],
            kind=LOCAL if r["source"].endswith("its rows") else OURS,
            source=r["source"],
            area=ctx.settings.area.name,
            period=_at(ctx),
            value=r["number"],
            unit="count",
            synthetic=r["synthetic"],
        )
        for r in shown.frame.to_dict("records")
    ]


def _counts(ctx: Context, shown, what: str, source: str) -> list[dict]:
    """A table of counts by priority area (one column per rating or status)."""
    columns = [c for c in shown.frame.columns if c not in ("priority_id", "area", "synthetic")]
    return [
        figure(
            shown.caption,
            f"{r['area']}: {what} {c}",
            str(int(r[c])),
            kind=OURS,
            source=source,
            area=ctx.settings.area.name,
            period=_at(ctx),
            value=r[c],
            unit="count",
            synthetic=r.get("synthetic", False),
        )
        for r in shown.frame.to_dict("records")
        for c in columns
    ]


def _count(ctx: Context, section: str, what: str, n: int, source: str, synthetic=False):
    return figure(
        section,
        what,
        str(n),
        kind=OURS,
        source=source,
        area=ctx.settings.area.name,
        period=_at(ctx),
        value=n,
        unit="count",
        synthetic=synthetic,
    )


def overview_actions(ctx: Context) -> list[dict]:
    """The counts of actions the overview's action sections give in their captions."""
    invented = bool(status_synthetic(ctx.tracker, ctx.ds.action_updates).any())
    rows = _counts(ctx, s.actions_by_area(ctx), "actions", _ACTIONS)
    late = s.overdue_actions(ctx)
    unknown = late.frames.get("past_target_no_status")
    if unknown is not None:
        what = "Actions past their target date, status not recorded"
        rows.append(_count(ctx, late.caption, what, len(unknown), _ACTIONS, invented))
    none = s.actions_without_status(ctx)
    what = "Actions with no status recorded"
    rows.append(_count(ctx, none.caption, what, len(none.frame), _ACTIONS, invented))
    old = none.frames.get("not_updated")
    if old is not None:
        what = "Statuses not updated this cycle"
        rows.append(_count(ctx, none.caption, what, len(old), _ACTIONS, invented))
    return rows


def overview_measures(ctx: Context) -> list[dict]:
    """The overview's ratings by area and the measures behind their trajectories."""
    rows = _counts(ctx, s.ratings_by_area(ctx), "measures rated", "the scorecard, counted")
    off = s.measures_off_track(ctx)
    return rows + card_rows(ctx, off.frame, off.caption, (latest, target, judged))


def changes(ctx: Context) -> list[dict]:
    """What changed since the previous cycle: the values either side of a crossing, the
    target reached, and the published figures new in this cycle."""
    shown = s.changes_since_previous(ctx)
    if ctx.previous_date is None:
        return []
    heading = "What changed since the previous cycle"
    rows = []
    before = ctx.previous_card.set_index("kpi_id", drop=False)
    for _, r in shown.frames["crossings"].iterrows():
        rows += latest(ctx, before.loc[r["kpi_id"]], heading)
        rows += latest(ctx, r, heading)
        rows += target(ctx, r, heading)
        rows += judged(ctx, r, heading)
    for r in shown.frames["published"].to_dict("records"):
        symbol = r["symbol"] or ""
        rows.append(
            figure(
                heading,
                f"{r['title']}: published figure new in this cycle",
                symbol or format_measure(r["value"], r),
                kind=PUBLISHED,
                source=r["citation"],
                area=r["label"],
                period=bm.published_period_label(
                    r["period_start"], r["period_end"], r["period_kind"]
                ),
                value=r["value"],
                unit=r["unit"],
                published_on=r["shown_from"],
                suppressed=bool(symbol),
            )
        )
    return rows


def notes(ctx: Context) -> list[dict]:
    """The numbers "About the figures" gives: the disclosure policy's and the count of
    input values normalised."""
    heading, policy, rows = "About the figures", ctx.settings.disclosure, []
    if not ctx.ds.ehc_requests.empty and footnote(policy):
        rows.append(
            figure(
                heading,
                "Disclosure threshold: smaller counts are withheld",
                str(policy.threshold),
                kind=DEFINITION,
                source="params/area.yaml: disclosure.threshold",
                value=policy.threshold,
                unit="count",
            )
        )
        if policy.rounding_base > 1:
            rows.append(
                figure(
                    heading,
                    "Counts from the requests are rounded to a multiple of",
                    str(policy.rounding_base),
                    kind=DEFINITION,
                    source="params/area.yaml: disclosure.rounding_base",
                    value=policy.rounding_base,
                    unit="count",
                )
            )
    if ctx.notes:
        what = "Input values normalised when read"
        rows.append(_count(ctx, heading, what, len(ctx.notes), "the inputs as read, counted"))
    return rows


def measures(ctx: Context, priority_id: str) -> list[dict]:
    """An area's scorecard, then each measure's values, published series and notes."""
    card = ctx.card[ctx.card["priority_id"] == str(priority_id)]
    rows = card_rows(ctx, card, "Key impact measures")
    kpis = ctx.ds.kpis.set_index("kpi_id")
    for (_, row), shown in zip(card.iterrows(), s.measure_details(ctx, priority_id), strict=True):
        kpi = kpis.loc[row["kpi_id"]].copy()
        kpi["kpi_id"] = row["kpi_id"]
        heading = kpi["title"]
        rows += values_rows(ctx, kpi, shown.frame, heading)
        rows += series_rows(ctx, kpi, shown.frames.get("comparators"), heading)
        rows += related_rows(ctx, kpi, heading)
        rows += as_written(ctx, kpi, heading)
        if row.get("comparator_period") and row["unit"] == "percent":
            rows += neighbours_averaged(ctx, kpi["comparator_key"], heading)
        if row["target_kind"] == "relative" and pd.notna(row["target_value"]):
            rows.append(
                figure(
                    heading,
                    f"{heading}: target, worked out from the baseline",
                    format_measure(row["target_value"], row, compact=True),
                    kind=OURS,
                    source=f"kpis.csv: kpi_id {row['kpi_id']}, target_value percent of the "
                    "baseline, added to it",
                    measure_id=row["kpi_id"],
                    area=ctx.settings.area.name,
                    value=row["target_value"],
                    unit=row["unit"],
                )
            )
    return rows


def action_summary(ctx: Context, priority_id: str) -> list[dict]:
    """An area's actions by status."""
    shown = s.action_summary(ctx, priority_id)
    mine = ctx.tracker[ctx.tracker["priority_id"] == str(priority_id)]
    invented = bool(status_synthetic(mine, ctx.ds.action_updates).any())
    return [
        _count(ctx, shown.caption, f"Actions: {r['status']}", int(r["actions"]), _ACTIONS, invented)
        for r in shown.frame.to_dict("records")
    ]
