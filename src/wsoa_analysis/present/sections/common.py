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
from wsoa_analysis.domain.units import format_measure
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


def rating_pill(code: str, label: str | None = None) -> Markup:
    """A rating as a coloured pill with its symbol and its label (or ``label``)."""
    r = RATINGS[code]
    colour = f"rating-{r.css}" + ("" if r.css == code else f" rating-{code}")
    return pill(label or r.label, f"rating {colour}", r.symbol)


def brag_pill(status: str, words: dict | None = None) -> Markup:
    """A status as a coloured pill: the area's word (``words``: code -> word, from
    ``plan.status_words``) in the colour of the workbook's code."""
    css = f"brag-{act.brag_code(status)}"
    return pill((words or {}).get(status, status), f"brag {css}")


def status_words(ctx: Context) -> dict:
    """Workbook code -> the area's word for it (a code the area has no word for as itself)."""
    return {code: code for code in act.BRAG_ORDER} | ctx.settings.plan.status_words


def complete_is_a_colour(ctx: Context) -> bool:
    """Whether the area's word for a complete action is the workbook's colour (``Blue``),
    which does not itself say what it means, rather than a word of its own (``Complete``)."""
    word = status_words(ctx)[act.COMPLETE]
    return " ".join(word.split()).lower() in {c.lower() for c in act.BRAG_ORDER}


def complete_word(ctx: Context) -> str:
    """The area's word for a complete action, said once: a colour with what it means,
    ``Blue (complete)``; the area's own word (``Complete``, ``Signed off``) alone."""
    word = status_words(ctx)[act.COMPLETE]
    return f"{word} (complete)" if complete_is_a_colour(ctx) else word


def area_words(ctx: Context):
    """What the plan calls its areas (``.singular``, ``.many``, ``.label_for(id)``)."""
    return ctx.settings.plan.areas


def area_order(ctx: Context) -> list[str]:
    """The areas in the pack's order, as its pages are: ``sort_order`` where every area has
    one, else the order of ``priorities.csv`` (never the ids sorted as text)."""
    pri = ctx.ds.priorities
    if "sort_order" in pri and pri["sort_order"].notna().all():
        pri = pri.sort_values("sort_order", kind="stable")
    return [str(p) for p in pri["priority_id"]]


def in_area_order(ctx: Context, frame: pd.DataFrame) -> pd.DataFrame:
    """One row per area, every area (none left out), in :func:`area_order`; an area the
    frame has no row for gets zeros."""
    order = area_order(ctx)
    table = frame.reindex(order, fill_value=0)
    return table.rename_axis(frame.index.name or "priority_id")


def plan_word(ctx: Context) -> str:
    """What the pages call the plan in a sentence: ``the WSoA``, ``the plan``."""
    return f"the {ctx.settings.plan.short_name}"


def _value_cell(row, value_key="latest_value", period_key="latest_period") -> Markup:
    v = row[value_key]
    if value_key == "latest_value" and row.get("latest_symbol"):
        return Markup('{}<br><span class="period">{}</span>').format(
            row["latest_symbol"], row.get(period_key) or ""
        )
    if pd.isna(v):
        return Markup("–")
    text = format_measure(v, row)
    period = row.get(period_key) or ""
    return Markup('{}{}<br><span class="period">{}</span>').format(
        text, synthetic_mark() if row.get("synthetic") else "", period
    )


def _baseline_cell(row) -> Markup:
    if pd.isna(row["baseline_value"]):
        return Markup('<span class="muted">To be established</span>')
    return Markup('{}<br><span class="period">{}</span>').format(
        format_measure(row["baseline_value"], row), row["baseline_period"]
    )


def _progress_cell(row) -> str:
    p = row["progress"]
    return "–" if pd.isna(p) else format_value(p, "percent", digits=PROGRESS_DIGITS)


def _comparator_cell(row) -> Markup:
    if not row.get("comparator_period"):
        return Markup('<span class="muted">None published</span>')
    value = row["comparator_symbol"] or format_measure(row["comparator_value"], row)
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


def has_comparators(ctx: Context) -> bool:
    """Whether the area has any published comparators: figures in ``benchmarks.csv``, or a
    measure linked to one (``comparator_key``). An area with none shows no comparator column
    and says nothing of DfE's releases."""
    keyed = "comparator_key" in ctx.ds.kpis and ctx.ds.kpis["comparator_key"].notna().any()
    return bool(keyed) or not ctx.ds.benchmarks.empty


def scorecard_columns(ctx: Context) -> list[Col]:
    """The scorecard's columns: without "Published comparator" for an area that has none."""
    if has_comparators(ctx):
        return SCORECARD_COLUMNS
    return [c for c in SCORECARD_COLUMNS if c.key != "comparator_value"]


# --- page sections ------------------------------------------------------------------------


def cycle_banner(ctx: Context) -> Section:
    """What the page is: cycle, reporting date and whether figures are synthetic."""
    parts = []
    if ctx.cycle.meeting:
        parts.append(Markup('<p class="lede">Prepared for: {}.</p>').format(ctx.cycle.meeting))
    if ctx.synthetic:
        parts.append(
            Markup('<p class="note synthetic-note">{}</p>').format(ctx.settings.pack.synthetic_note)
        )
    return Section(html(*parts), caption="About this pack")


def _comparator_frame(ctx: Context, key, since=None, unit: str = "percent") -> pd.DataFrame | None:
    """The published series a measure's chart shows (the domain decides which: see
    :func:`wsoa_analysis.domain.benchmarks.chart_comparators`), or None without a key."""
    comp = bm.chart_comparators(
        ctx.ds.benchmarks, key, ctx.settings.area, ctx.reporting_date, unit, since=since
    )
    return comp if len(comp) else None


def _status_cell(r, words: dict | None = None) -> Markup:
    """The status with the date it was recorded (saying so where it is an earlier cycle's),
    how it was written where that differs, and whether the action is late."""
    shown = brag_pill(r["status"], words)
    recorded = r.get("status_as_recorded")
    if isinstance(recorded, str) and recorded.strip() != (words or {}).get(
        r["status"], r["status"]
    ):
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
    """This cycle's progress note, or else the note the plan itself gives, said to be so;
    for a complete action, the evidence of its closure (or that none is recorded)."""
    note = r.get("commentary")
    written = r.get("progress_as_written")
    if isinstance(note, str) and note.strip():
        shown = Markup("{}").format(note)
    elif isinstance(written, str) and written.strip():
        shown = Markup('<span class="muted">In the plan as written:</span> {}').format(written)
    else:
        shown = Markup("")
    closure = _closure_words(r)
    if closure:
        shown = shown + Markup("<br>") + closure if shown else closure
    return shown or "–"


def _closure_words(r) -> Markup:
    """When, by whom and on what evidence a complete action's closure was approved."""
    if r.get("closure_missing"):
        return Markup('<span class="muted">Evidence of closure not recorded.</span>')
    if pd.isna(r.get("closure_approved_on")):
        return Markup("")
    by = r.get("closure_approved_by")
    said = f"Closure approved on {long_date(r['closure_approved_on'])}"
    said += f" by {by}" if isinstance(by, str) and by.strip() else ""
    shown = Markup("<strong>{}.</strong> Evidence: {}").format(said, r["closure_evidence"])
    if r.get("closure_synthetic"):
        shown += synthetic_mark()
    link = r.get("closure_link")
    if isinstance(link, str) and link.strip():
        shown += Markup(' (<a href="{}">the evidence</a>)').format(link.strip())
    return shown


def _tracker_columns(date, words: dict | None = None) -> list[Col]:
    return [
        Col("action_ref", "Ref"),
        Col("description", "Action"),
        Col("leads", "Lead(s)"),
        Col("target_date_as_written", "Target date"),
        Col("status", "Status", fmt=lambda v, r: _status_cell(r, words)),
        Col("commentary", "Progress update", fmt=lambda v, r: _update_cell(r)),
    ]


def _priority_titles(ctx: Context) -> dict:
    return dict(zip(ctx.ds.priorities["priority_id"], ctx.ds.priorities["title"], strict=True))


#: Each frequency of measure as the notes about the figures name its periods.
FREQUENCY_WORDS = {
    "monthly": "months",
    "quarterly": "financial-year quarters from April",
    "half_yearly": "half-years (January to June and July to December)",
    "academic_year": "academic years from September",
    "financial_year": "financial years from April",
    "calendar_year": "calendar years",
    "termly": "school terms (autumn to December, spring to April, summer to August)",
    "january_census": "the January school census",
}


def _local_figures_note(ctx: Context) -> str:
    """What the local figures are, naming only the frequencies the area's measures use."""
    used = set(ctx.ds.kpis["frequency"].dropna())
    words = [w for f, w in FREQUENCY_WORDS.items() if f in used]
    words += sorted(f.replace("_", " ") for f in used - set(FREQUENCY_WORDS))
    if not words:
        return "Local figures are the local area's own management information."
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
    return (
        "Local figures are the local area's own management information, reported at each "
        f"measure's own frequency ({listed}). Each value shows the period it is for."
    )


def data_notes(ctx: Context, priority_id: str | None = None) -> Section:
    """Sources, periods and what is synthetic."""
    items = [_local_figures_note(ctx)]
    if has_comparators(ctx):
        items.append(
            "Published figures are from the Department for Education's statistics, labelled "
            "with their period and the release they come from. A figure is shown only if it "
            "had been published by the reporting date (a period's figures appear months after "
            "it ends), and each cites the newest release we hold that was published by then. "
            "The statistical-neighbour average is our own calculation, not a DfE figure: the "
            "unweighted average of the neighbours' published figures."
        )
    items += [
        "Ratings compare the value a measure is judged on (its latest value, or where it "
        "says so the average of its last periods) with a trajectory from baseline to target "
        f"(by {long_date(ctx.settings.plan.end_date)} where {plan_word(ctx)} gives no date) that "
        "moves in equal steps from one of the measure's own periods to the next; once the "
        "target's period is reached, a value short of the target has missed it. The "
        "tolerance is set in the area's settings. A baseline period marked “(assumed)” is "
        f"not stated in {plan_word(ctx)}.",
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
            "a status written in another case or spelling); the analyst's check lists them."
        )
    body = Markup("").join(Markup("<li>{}</li>").format(i) for i in items)
    return Section(
        Markup('<ul class="notes">{}</ul>').format(body), caption="About the figures", notes=items
    )
