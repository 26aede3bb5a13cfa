"""The sections of a priority area's page: introduction, scorecard, measures in detail and
the action plan."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from wsoa_analysis.disclosure.control import footnote
from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain import benchmarks as bm
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.periods import period_label
from wsoa_analysis.domain.rounding import format_value
from wsoa_analysis.present import charts
from wsoa_analysis.present.sections.common import (
    SCORECARD_COLUMNS,
    SYNTHETIC_MARK,
    SYNTHETIC_NOTE,
    Block,
    _block,
    _comparator_frame,
    _long_date,
    _tracker_columns,
    brag_pill,
    rating_pill,
    synthetic_mark,
)
from wsoa_analysis.present.tables import Col, html_table
from wsoa_analysis.render.html import markdown_to_html


def priority_intro(ctx: Context, priority_id: str) -> Block:
    p = ctx.priority(priority_id)
    rows = [
        ("Area of weakness", p["weakness"]),
        ("What success looks like", p.get("aim")),
        ("Lead officers", p.get("lead_officers")),
    ]
    items = Markup("").join(
        Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in rows if pd.notna(v) and v
    )
    parts = [Markup('<dl class="intro">{}</dl>').format(items)]
    text = ctx.commentary.areas.get(priority_id)
    if text:
        parts.append(_commentary_block("Commentary for this cycle", text))
    return _block(*parts)


def _commentary_block(heading: str, text: str) -> Markup:
    """Officers' words, from Markdown; any HTML in them is escaped by the renderer."""
    return Markup('<div class="commentary"><p class="commentary-label">{}</p>{}</div>').format(
        heading, Markup(markdown_to_html(text))
    )


def _area_card(ctx: Context, priority_id: str) -> pd.DataFrame:
    return ctx.card[ctx.card["priority_id"] == priority_id]


def area_scorecard(ctx: Context, priority_id: str) -> Block:
    card = _area_card(ctx, priority_id)
    caption = f"Key impact measures: latest value on or before {_long_date(ctx.reporting_date)}"
    table = html_table(card, SCORECARD_COLUMNS, caption=caption, cls="data scorecard")
    foot = Markup(
        '<p class="footnote">{} Rating: ★ target met, ✓ on track, ! slightly behind '
        "the trajectory, ✗ off track, – no target set, … no data yet. "
        "Progress: share of the distance from baseline to target travelled.</p>"
    ).format(SYNTHETIC_NOTE + " " if card["synthetic"].any() else "")
    return _block(table, foot)


def _chart_data_table(values: pd.DataFrame, kpi, comparators) -> str:
    frame = values.assign(
        period=[period_label(d, kpi["frequency"]) for d in values["period_end"]],
        shown=[
            sym or format_value(v, kpi["unit"])
            for v, sym in zip(values["value"], values["symbol"], strict=True)
        ],
        mark=[SYNTHETIC_MARK if s else "" for s in values["synthetic"]],
    )
    cols = [
        Col("period", "Period"),
        Col(
            "shown",
            "Local figure",
            numeric=True,
            fmt=lambda v, r: Markup("{}{}").format(v, synthetic_mark() if r["mark"] else ""),
        ),
    ]
    out = str(html_table(frame, cols, caption=f"{kpi['title']}: values"))
    if comparators is not None and len(comparators):
        comp = comparators.assign(
            period=[
                bm.published_period_label(s, e)
                for s, e in zip(comparators["period_start"], comparators["period_end"], strict=True)
            ],
            shown=[format_value(v, kpi["unit"]) for v in comparators["value"]],
        )
        out += str(
            html_table(
                comp,
                [
                    Col("series", "Published series"),
                    Col("period", "Period"),
                    Col("shown", "Value", numeric=True),
                ],
                caption="Published comparators",
            )
        )
    return out


def measure_details(ctx: Context, priority_id: str) -> Block:
    """For each measure of the area: a chart, what it shows and where the figures come from."""
    parts = []
    kpis = ctx.ds.kpis.set_index("kpi_id")
    for _, row in _area_card(ctx, priority_id).iterrows():
        kpi = kpis.loc[row["kpi_id"]].copy()
        kpi["kpi_id"] = row["kpi_id"]
        vals = ctx.values[
            (ctx.values["kpi_id"] == row["kpi_id"])
            & (ctx.values["period_end"] <= ctx.reporting_date)
            & (ctx.values["value"].notna() | (ctx.values["symbol"] != ""))
        ]
        parts.append(
            Markup('<section class="measure"><div class="keep"><h3>{}</h3>').format(kpi["title"])
        )
        parts.append(
            Markup('<p class="measure-status">{} <span>{}</span></p>').format(
                rating_pill(row["rating"]), row["rating_reason"].capitalize() + "."
            )
        )
        since = (
            pd.Timestamp(kpi["baseline_date"]) - pd.DateOffset(years=2)
            if pd.notna(kpi["baseline_date"])
            else None
        )
        comp = _comparator_frame(ctx, kpi["comparator_key"], since, unit=kpi["unit"])
        data_table = ""
        if len(vals) or (comp is not None and len(comp)):
            fig, ax = charts.new_figure()
            row2 = row.copy()
            row2["baseline_used"] = row["baseline_value"]
            plotted = vals[vals["value"].notna()]  # withheld figures leave a gap
            charts.measure_chart(
                ax,
                plotted,
                kpi,
                row2,
                comparators=comp,
                plan_end=pd.Timestamp(ctx.settings.plan.end_date),
            )
            alt = charts.describe_measure(kpi, plotted, row)
            cap = alt + (" Values marked † are synthetic." if vals["synthetic"].any() else "")
            if (vals["symbol"] != "").any():
                cap += f" {footnote(ctx.settings.disclosure)}"
            parts.append(charts.figure_html(fig, alt, cap))
            data_table = _chart_data_table(vals, kpi, comp)
        else:
            parts.append(Markup('<p class="muted">No values recorded yet.</p>'))
        parts.append(Markup("</div>"))
        if data_table:
            parts.append(charts.data_details(data_table))
        text = ctx.commentary.measures.get(row["kpi_id"])
        if text:
            parts.append(_commentary_block("Commentary", text))
        parts.append(_measure_notes(ctx, kpi, row))
        parts.append(Markup("</section>"))
    return _block(*parts)


def _measure_notes(ctx: Context, kpi, row) -> Markup:
    items = []
    if pd.notna(kpi.get("definition")):
        items.append(("What is measured", kpi["definition"]))
    src = {"local": "Local data (management information)", "published": "Published statistics"}[
        kpi["source"]
    ]
    if kpi["method"] != "observed":
        src += ", computed by the workbook from the record-level requests"
    items.append(("Source", src))
    written = " → ".join(
        x
        for x in (kpi.get("baseline_as_written"), kpi.get("target_as_written"))
        if isinstance(x, str) and x
    )
    if written:
        items.append(("As written in the WSoA", written))
    if row.get("baseline_from_first_value"):
        items.append(
            (
                "Baseline",
                "Still to be established: the first recorded value is used "
                "as the starting point of the trajectory.",
            )
        )
    if row.get("comparator_period"):
        items.append(("Published comparator", row["comparator_source"]))
    body = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in items)
    return Markup('<dl class="measure-notes">{}</dl>').format(body)


def action_summary(ctx: Context, priority_id: str | None = None) -> Block:
    tracker = (
        ctx.tracker
        if priority_id is None
        else ctx.tracker[ctx.tracker["priority_id"] == priority_id]
    )
    counts = act.status_counts(tracker)
    frame = pd.DataFrame(
        {
            "status": counts.index,
            "actions": counts.values,
            "meaning": [act.BRAG_MEANINGS[s] for s in counts.index],
        }
    )
    return _block(
        html_table(
            frame,
            [
                Col("status", "Status", fmt=lambda v, r: brag_pill(v)),
                Col("actions", "Actions", numeric=True),
                Col("meaning", "Meaning"),
            ],
            caption=f"Actions by status at {_long_date(ctx.reporting_date)}",
            cls="data compact",
        )
    )


def action_tracker(ctx: Context, priority_id: str) -> Block:
    tracker = ctx.tracker[ctx.tracker["priority_id"] == priority_id]
    return _block(
        html_table(
            tracker,
            _tracker_columns(ctx.reporting_date),
            caption="The action plan",
            cls="data tracker",
        ),
        _status_footnote(ctx, tracker),
    )


def _status_footnote(ctx: Context, tracker) -> Markup:
    synthetic_dates = ctx.ds.action_updates.loc[
        ctx.ds.action_updates["synthetic"].fillna(False), "reporting_date"
    ]
    parts = ["Overdue: the target date has passed and the action is not Blue."]
    if (tracker["status_date"].isin(synthetic_dates)).any():
        parts.append("Statuses after August 2022 are synthetic example data.")
    return Markup('<p class="footnote">{}</p>').format(" ".join(parts))
