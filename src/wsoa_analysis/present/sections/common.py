"""What every page section shares: the scorecard's columns, pills, value cells and the
notes about the figures."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from wsoa_analysis.disclosure import footnote
from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain import benchmarks as bm
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.rating import RATINGS
from wsoa_analysis.domain.rounding import PROGRESS_DIGITS, format_value
from wsoa_analysis.present.format import long_date
from wsoa_analysis.present.sections.section import Section, html
from wsoa_analysis.present.tables import Col, pill

SYNTHETIC_MARK = "†"
SYNTHETIC_NOTE = (
    f"{SYNTHETIC_MARK} Synthetic example value: invented for the example data, not a real figure."
)


def synthetic_mark() -> Markup:
    return Markup('<sup class="synthetic-mark" title="synthetic example value">{}</sup>').format(
        SYNTHETIC_MARK
    )


# --- small formatting helpers -------------------------------------------------------------


def rating_pill(code: str) -> Markup:
    r = RATINGS[code]
    colour = f"rating-{r.css}" + ("" if r.css == code else f" rating-{code}")
    return pill(r.label, f"rating {colour}", r.symbol)


def brag_pill(status: str) -> Markup:
    css = f"brag-{act.brag_code(status)}"
    return pill(status, f"brag {css}")


def _value_cell(row, value_key="latest_value", period_key="latest_period") -> Markup:
    v = row[value_key]
    if value_key == "latest_value" and row.get("latest_symbol"):
        return Markup('{}<br><span class="period">{}</span>').format(
            row["latest_symbol"], row.get(period_key) or ""
        )
    if pd.isna(v):
        return Markup("–")
    text = format_value(v, row["unit"])
    period = row.get(period_key) or ""
    return Markup('{}{}<br><span class="period">{}</span>').format(
        text, synthetic_mark() if row.get("synthetic") else "", period
    )


def _baseline_cell(row) -> Markup:
    if pd.isna(row["baseline_value"]):
        return Markup('<span class="muted">To be established</span>')
    return Markup('{}<br><span class="period">{}</span>').format(
        format_value(row["baseline_value"], row["unit"]), row["baseline_period"]
    )


def _progress_cell(row) -> str:
    p = row["progress"]
    return "–" if pd.isna(p) else format_value(p, "percent", digits=PROGRESS_DIGITS)


def _comparator_cell(row) -> Markup:
    if not row.get("comparator_period"):
        return Markup('<span class="muted">None published</span>')
    value = row["comparator_symbol"] or format_value(row["comparator_value"], row["unit"])
    return Markup('{}: {}<br><span class="period">{} (published)</span>').format(
        row["comparator_area"], value, row["comparator_period"]
    )


def _rating_cell(row) -> Markup:
    """The rating, and what it judged (the latest value, an average, the national figure)."""
    judged = row.get("judged_on")
    if not judged or row["rating"] == "no_target":
        return rating_pill(row["rating"])
    return rating_pill(row["rating"]) + Markup('<br><span class="period">{}</span>').format(judged)


SCORECARD_COLUMNS = [
    Col("title", "Measure"),
    Col("baseline_value", "Baseline", fmt=lambda v, r: _baseline_cell(r)),
    Col("latest_value", "Latest", numeric=True, fmt=lambda v, r: _value_cell(r)),
    Col("target", "Target"),
    Col("progress", "Progress to target", numeric=True, fmt=lambda v, r: _progress_cell(r)),
    Col("rating", "Rating", fmt=lambda v, r: _rating_cell(r)),
    Col("direction_previous", "Since previous period"),
    Col("comparator_value", "Published comparator", fmt=lambda v, r: _comparator_cell(r)),
]


# --- page sections ------------------------------------------------------------------------


def cycle_banner(ctx: Context) -> Section:
    """What the page is: cycle, reporting date and whether figures are synthetic."""
    parts = []
    if ctx.cycle.meeting:
        parts.append(Markup('<p class="lede">Prepared for: {}.</p>').format(ctx.cycle.meeting))
    if ctx.synthetic:
        parts.append(
            Markup('<p class="note synthetic-note">{}</p>').format(
                "This pack is built from the workbook's example data. The WSoA's measures, "
                "baselines, targets, actions and its August 2022 action statuses are as the WSoA "
                "states them; the monthly and quarterly values, later action statuses and "
                "record-level requests are synthetic, invented to show how the pack works. "
                "Values marked † are synthetic."
            )
        )
    return Section(html(*parts), caption="About this pack")


def _comparator_frame(ctx: Context, key, since=None, unit: str = "percent") -> pd.DataFrame | None:
    """The published series a measure's chart shows (the domain decides which: see
    :func:`wsoa_analysis.domain.benchmarks.chart_comparators`), or None without a key."""
    comp = bm.chart_comparators(
        ctx.ds.benchmarks, key, ctx.settings.area, ctx.reporting_date, unit, since=since
    )
    return comp if len(comp) else None


def _status_cell(r) -> Markup:
    """The status with the date it was recorded (saying so where it is an earlier cycle's),
    how it was written where that differs, and whether the action is late."""
    shown = brag_pill(r["status"])
    recorded = r.get("status_as_recorded")
    if isinstance(recorded, str) and recorded.strip() != r["status"]:
        shown += Markup('<br><span class="period">recorded as “{}”</span>').format(recorded)
    if pd.notna(r.get("status_date")):
        when = f"as at {long_date(r['status_date'])}"
        if r.get("status_carried"):
            when += ": not updated this cycle"
        shown += Markup('<br><span class="period">{}</span>').format(when)
    if r["overdue"]:
        shown += Markup(' <span class="pill overdue">Overdue</span>')
    elif r.get("past_target_no_status"):
        shown += Markup(' <span class="pill overdue">Past target date</span>')
    return shown


def _update_cell(r) -> Markup | str:
    """This cycle's progress note, or else the note the plan itself gives, said to be so."""
    note = r.get("commentary")
    if isinstance(note, str) and note.strip():
        return note
    written = r.get("progress_as_written")
    if isinstance(written, str) and written.strip():
        return Markup('<span class="muted">In the plan as written:</span> {}').format(written)
    return "–"


def _tracker_columns(date) -> list[Col]:
    return [
        Col("action_ref", "Ref"),
        Col("description", "Action"),
        Col("leads", "Lead(s)"),
        Col("target_date_as_written", "Target date"),
        Col("status", "Status", fmt=lambda v, r: _status_cell(r)),
        Col("commentary", "Progress update", fmt=lambda v, r: _update_cell(r)),
    ]


def _priority_titles(ctx: Context) -> dict:
    return dict(zip(ctx.ds.priorities["priority_id"], ctx.ds.priorities["title"], strict=True))


def data_notes(ctx: Context, priority_id: str | None = None) -> Section:
    """Sources, periods and what is synthetic."""
    items = [
        "Local figures are the local area's own management information, reported at each "
        "measure's own frequency (months, financial-year quarters from April, academic years "
        "from September, or calendar years). Each value shows the period it is for.",
        "Published figures are from the Department for Education's statistics, labelled with "
        "their period and the release they come from. A figure is shown only if it had been "
        "published by the reporting date (a period's figures appear months after it ends), "
        "and each cites the newest release we hold that was published by then. The "
        "statistical-neighbour average is our own calculation, not a DfE figure: the "
        "unweighted average of the neighbours' published figures.",
        "Ratings compare the value a measure is judged on (its latest value, or where it "
        "says so the average of its last periods) with a trajectory from baseline to target "
        f"(by {long_date(ctx.settings.plan.end_date)} where the WSoA gives no date) that "
        "moves in equal steps from one of the measure's own periods to the next; once the "
        "target's period is reached, a value short of the target has missed it. The "
        "tolerance is set in the area's settings. A baseline period marked “(assumed)” is "
        "not stated in the WSoA.",
    ]
    if ctx.synthetic:
        items.append(SYNTHETIC_NOTE)
    if not ctx.ds.ehc_requests.empty:
        items.append(
            "Figures computed from record-level requests are aggregates only; no "
            "record is shown. "
            + (footnote(ctx.settings.disclosure) if ctx.settings.disclosure.enabled else "")
        )
    if ctx.notes:
        items.append(
            f"{len(ctx.notes)} input value(s) were normalised when read (for example "
            "“Yellow” read as Amber); the analyst's check lists them."
        )
    body = Markup("").join(Markup("<li>{}</li>").format(i) for i in items)
    return Section(
        Markup('<ul class="notes">{}</ul>').format(body), caption="About the figures", notes=items
    )
