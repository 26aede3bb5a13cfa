"""The sections of the pack's pages. Each function returns one block of HTML for a notebook
cell to display, so the notebooks stay a list of headings and one call per cell.

Everything shown is computed here from the validated inputs by the library; every text that
comes from data is escaped (``tables`` and ``charts`` do it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from markupsafe import Markup, escape

from . import actions as act
from . import benchmarks as bm
from . import charts, commentary, ehc
from .commentary import Commentary
from .disclosure import footnote, protect_counts, protect_rate
from .html import markdown_to_html
from .loading import Dataset, load_dataset
from .periods import period_label, to_date
from .rating import RATINGS
from .rounding import format_value
from .scorecard import measure_values, ratings_by_priority, scorecard
from .settings import AreaSettings, Cycle, cycle_for_date, load_area, previous_cycle_date
from .tables import Col, html_table, pill
from .validation import check_reporting_date

SYNTHETIC_MARK = "†"
SYNTHETIC_NOTE = (
    f"{SYNTHETIC_MARK} Synthetic example value: invented for the example data, not a real figure."
)


def synthetic_mark() -> Markup:
    return Markup('<sup class="synthetic-mark" title="synthetic example value">{}</sup>').format(
        SYNTHETIC_MARK
    )


class Block(Markup):
    """HTML that notebooks display (JupyterLab calls ``_repr_html_``)."""

    def _repr_html_(self) -> str:
        return str(self)


def _block(*parts) -> Block:
    return Block(Markup("").join(Markup(p) if isinstance(p, Markup) else escape(p) for p in parts))


@dataclass
class Context:
    """Everything a page needs for one reporting date, computed once."""

    reporting_date: pd.Timestamp
    ds: Dataset
    settings: AreaSettings
    cycle: Cycle
    previous_date: pd.Timestamp | None
    values: pd.DataFrame
    card: pd.DataFrame
    tracker: pd.DataFrame
    previous_card: pd.DataFrame | None = None
    notes: list = field(default_factory=list)
    commentary: Commentary = field(default_factory=Commentary)

    @property
    def synthetic(self) -> bool:
        """True where any figure on the pages comes from invented example data."""
        return bool(self.values["synthetic"].any()) or bool(
            self.ds.action_updates.get("synthetic", pd.Series(dtype=bool)).fillna(False).any()
        )

    def priority(self, priority_id: str) -> pd.Series:
        pri = self.ds.priorities.set_index("priority_id")
        if priority_id not in pri.index:
            known = ", ".join(pri.index)
            raise KeyError(f"no priority area {priority_id!r} (known: {known})")
        return pri.loc[priority_id]


def find_path(path) -> Path:
    """A relative path as given if it exists from here, else from the nearest folder above
    that has it: so ``data`` works from the project root (papermill on the command line) and
    from ``notebooks/`` (JupyterLab) alike."""
    p = Path(path)
    if p.is_absolute() or p.exists():
        return p
    for parent in Path.cwd().resolve().parents:
        if (parent / p).exists():
            return parent / p
    return p  # let the loader report it missing


def context(reporting_date, data_dir="data", params_dir="params") -> Context:
    """Load and validate the inputs and compute the scorecard for a reporting date."""
    date = to_date(reporting_date)
    data_dir, params_dir = find_path(data_dir), find_path(params_dir)
    settings = load_area(params_dir)
    ds = load_dataset(data_dir)
    check_reporting_date(ds.tables, date)
    cycle = cycle_for_date(params_dir, date.date())
    prev = previous_cycle_date(params_dir, date.date())
    values = measure_values(ds, settings.disclosure)
    card = scorecard(ds, settings, date, values)
    prev_card = scorecard(ds, settings, prev, values) if prev else None
    tracker = act.status_at(ds.actions, ds.action_updates, date)
    notes = commentary.load(
        data_dir, date, set(ds.priorities["priority_id"]), set(ds.kpis["kpi_id"])
    )
    return Context(
        date,
        ds,
        settings,
        cycle,
        pd.Timestamp(prev) if prev else None,
        values,
        card,
        tracker,
        prev_card,
        list(ds.notes),
        notes,
    )


# --- small formatting helpers -------------------------------------------------------------


def _long_date(d) -> str:
    d = pd.Timestamp(d)
    return f"{d.day} {d:%B %Y}"


def rating_pill(code: str) -> Markup:
    r = RATINGS[code]
    return pill(r.label, f"rating rating-{code}", r.symbol)


def brag_pill(status: str) -> Markup:
    css = "brag-none" if status == act.NO_STATUS else f"brag-{status.lower()}"
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
    return "–" if pd.isna(p) else f"{format_value(p, 'percent', digits=0)}"


def _comparator_cell(row) -> Markup:
    if not row.get("comparator_period"):
        return Markup('<span class="muted">None published</span>')
    value = row["comparator_symbol"] or format_value(row["comparator_value"], row["unit"])
    return Markup('{}: {}<br><span class="period">{} (published)</span>').format(
        row["comparator_area"], value, row["comparator_period"]
    )


def _rating_cell(row) -> Markup:
    return rating_pill(row["rating"])


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


def cycle_banner(ctx: Context) -> Block:
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
    return _block(*parts)


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


def _comparator_frame(ctx: Context, key, since=None, unit: str = "percent") -> pd.DataFrame | None:
    """Published series for a measure up to the reporting date (from ``since`` on).

    Only a percentage can be compared across areas of different sizes: for counts and rates
    the comparator is the area's own published figure; for percentages it is England, the
    region and the statistical neighbours (the area's own published figure would repeat its
    local series)."""
    if pd.isna(key):
        return None
    comp = bm.comparator_series(ctx.ds.benchmarks, key, ctx.settings.area)
    comp = comp[comp["period_end"] <= ctx.reporting_date]
    if since is not None:
        comp = comp[comp["period_end"] >= pd.Timestamp(since)]
    own = comp["series"].str.startswith(ctx.settings.area.name)
    return comp[own] if unit != "percent" else comp[~own]


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
            parts.append(
                Markup(
                    '<details class="chart-data"><summary>Data for this chart</summary>{}</details>'
                ).format(Markup(data_table))
            )
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


def _tracker_columns(date) -> list[Col]:
    def status(v, r):
        extra = ""
        if pd.notna(r["target_date"]) and r["target_date"] < date and r["status"] != "Blue":
            extra = Markup(' <span class="pill overdue">Overdue</span>')
        recorded = r.get("status_as_recorded")
        shown = brag_pill(r["status"])
        if isinstance(recorded, str) and recorded.strip() != r["status"]:
            shown += Markup('<br><span class="period">recorded as “{}”</span>').format(recorded)
        return shown + extra

    return [
        Col("action_ref", "Ref"),
        Col("description", "Action"),
        Col("leads", "Lead(s)"),
        Col("target_date_as_written", "Target date"),
        Col("status", "Status", fmt=status),
        Col("commentary", "Progress update"),
    ]


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


def overview_at_a_glance(ctx: Context) -> Block:
    by_rating = ctx.card["rating"].value_counts()
    counts = act.status_counts(ctx.tracker)
    overdue = act.overdue(ctx.tracker, ctx.reporting_date)
    cards = [
        ("Priority areas", len(ctx.ds.priorities)),
        ("Key impact measures", len(ctx.card)),
        ("Measures on track or met", int(by_rating.get("green", 0) + by_rating.get("met", 0))),
        ("Measures off track", int(by_rating.get("red", 0))),
        ("Actions", len(ctx.tracker)),
        ("Actions complete (Blue)", int(counts["Blue"])),
        ("Overdue actions", len(overdue)),
    ]
    items = Markup("").join(
        Markup('<div class="card"><span class="big">{}</span><span>{}</span></div>').format(v, k)
        for k, v in cards
    )
    return _block(Markup('<div class="kpi-grid">{}</div>').format(items))


def _priority_titles(ctx: Context) -> dict:
    return dict(zip(ctx.ds.priorities["priority_id"], ctx.ds.priorities["title"], strict=True))


def ratings_by_area(ctx: Context) -> Block:
    table = ratings_by_priority(ctx.card)
    titles = _priority_titles(ctx)
    frame = table.reset_index().assign(area=lambda d: d["priority_id"].map(titles))
    cols = [Col("area", "Priority area")] + [
        Col(RATINGS[c].label, f"{RATINGS[c].symbol} {RATINGS[c].label}", numeric=True)
        for c in RATINGS
    ]
    return _block(
        html_table(frame, cols, caption="Key impact measures by rating", cls="data compact")
    )


def measures_off_track(ctx: Context) -> Block:
    off = ctx.card[ctx.card["rating"].isin(["red", "amber"])].assign(
        area=lambda d: d["priority_id"].map(_priority_titles(ctx))
    )
    off = off.sort_values("rating", key=lambda s: s.map({"red": 0, "amber": 1}), kind="stable")
    cols = [
        Col("title", "Measure"),
        Col("area", "Priority area"),
        Col("latest_value", "Latest", numeric=True, fmt=lambda v, r: _value_cell(r)),
        Col("target", "Target"),
        Col("rating", "Rating", fmt=lambda v, r: _rating_cell(r)),
    ]
    return _block(
        html_table(
            off,
            cols,
            caption="Measures off track or slightly behind",
            empty="No measure is behind its trajectory.",
        )
    )


def actions_by_area(ctx: Context) -> Block:
    table = act.status_counts(ctx.tracker, by="priority_id")
    frame = table.reset_index().assign(area=lambda d: d["priority_id"].map(_priority_titles(ctx)))
    cols = [Col("area", "Priority area")] + [Col(s, s, numeric=True) for s in table.columns]
    return _block(
        html_table(frame, cols, caption="Actions by status and priority area", cls="data compact")
    )


def overdue_actions(ctx: Context) -> Block:
    late = act.overdue(ctx.tracker, ctx.reporting_date)
    green = act.green_past_target(ctx.tracker, ctx.reporting_date)
    cols = _tracker_columns(ctx.reporting_date)
    return _block(
        html_table(
            late,
            cols,
            caption="Overdue actions: target date passed, not Blue",
            empty="No action is overdue.",
        ),
        html_table(
            green,
            cols,
            caption="Actions rated Green although their target date has passed",
            empty="No action is rated Green past its target date.",
        ),
    )


def actions_without_status(ctx: Context) -> Block:
    none = ctx.tracker[ctx.tracker["status"] == act.NO_STATUS]
    cols = [
        Col("action_ref", "Ref"),
        Col("description", "Action"),
        Col("target_date_as_written", "Target date"),
    ]
    return _block(
        html_table(
            none,
            cols,
            caption=f"Actions with no status recorded ({len(none)})",
            empty="Every action has a status.",
        )
    )


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
    from .measures import SIGN

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


def changes_since_previous(ctx: Context) -> Block:
    """What moved since the previous cycle: ratings, measures crossing their target or
    trajectory, newly published comparators, and actions that became Blue, became overdue or
    otherwise changed status."""
    if ctx.previous_date is None:
        return _block(
            Markup(
                '<p class="muted">This is the first cycle: there is no previous '
                "pack to compare with.</p>"
            )
        )
    since = _long_date(ctx.previous_date)
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
    return _block(*parts)


def data_notes(ctx: Context, priority_id: str | None = None) -> Block:
    """Sources, periods and what is synthetic."""
    items = [
        "Local figures are the local area's own management information, reported at each "
        "measure's own frequency (months, financial-year quarters from April, academic years "
        "from September, or calendar years). Each value shows the period it is for.",
        "Published figures are from the Department for Education's statistics, labelled with "
        "their period; the figure shown is the latest whose period had ended by the reporting "
        "date.",
        "Ratings compare the latest value with a straight-line trajectory from baseline to "
        f"target (by {_long_date(ctx.settings.plan.end_date)} where the WSoA gives no date); "
        "the tolerance is set in the area's settings.",
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
    return _block(Markup('<ul class="notes">{}</ul>').format(body))


# --- deeper analysis ----------------------------------------------------------------------


def timeliness_analysis(ctx: Context, key: str = "ehc_plans_20_weeks_ex") -> Block:
    """% of plans issued within 20 weeks, month by month and by calendar year, computed from
    the record-level requests, against the published England and neighbour figures. Small
    numbers are withheld by the area's disclosure policy."""
    req = ctx.ds.ehc_requests
    policy = ctx.settings.disclosure
    if req.empty:
        return _block(Markup('<p class="muted">No record-level requests in the data.</p>'))
    end = ctx.reporting_date
    rolling = ehc.timeliness(req, "rolling_12_months", end - pd.DateOffset(months=24), end)
    safe = protect_rate(
        rolling["within_20_weeks"], rolling["plans_issued"], rolling["percent"], policy
    )
    local = pd.DataFrame(
        {"period_end": rolling["period_end"], "value": safe.values["percent"].astype("float64")}
    )
    series = {f"{ctx.settings.area.name}, rolling 12 months (local)": local}
    comp = _comparator_frame(ctx, key, end - pd.DateOffset(years=5))
    if comp is not None:
        for name, part in comp.groupby("series", sort=False):
            series[name] = part
    fig, ax = charts.new_figure()
    charts.line_chart(ax, series, unit="percent")
    shown = local.dropna()
    alt = "Share of new EHC plans issued within 20 weeks, rolling 12 months"
    if len(shown):
        last = shown.iloc[-1]
        alt += (
            f": {format_value(last['value'], 'percent')} in the 12 months to "
            f"{last['period_end']:%B %Y}"
        )
    yearly = ehc.timeliness(req, "calendar_year", req["plan_issued_date"].min(), end)
    yearly = yearly[yearly["period_end"] <= end].reset_index(drop=True)
    ysafe = protect_rate(
        yearly["within_20_weeks"], yearly["plans_issued"], yearly["percent"], policy
    )
    table_frame = ysafe.shown.assign(year=yearly["period_end"].dt.year.astype(str))
    table = html_table(
        table_frame,
        [
            Col("year", "Calendar year"),
            Col("plans_issued", "Plans issued (exceptions left out)", numeric=True),
            Col("within_20_weeks", "Within 20 weeks", numeric=True),
            Col("percent", "Per cent", numeric=True),
        ],
        caption="Plans issued within 20 weeks by calendar year, computed from "
        "the record-level requests (local)",
    )
    notes = [alt + ". Published figures are for calendar years, plotted at the year's end."]
    if ysafe.suppressed.to_numpy().any() or safe.suppressed.to_numpy().any():
        notes.append(footnote(policy))
    data = pd.DataFrame(
        {"month": [f"{d:%b %Y}" for d in rolling["period_end"]], "shown": safe.shown["percent"]}
    )
    data_table = html_table(
        data,
        [
            Col("month", "12 months to the end of"),
            Col("shown", "Issued within 20 weeks (local)", numeric=True),
        ],
        caption="Rolling 12-month figures in the chart",
    )
    return _block(
        charts.figure_html(fig, alt + ".", " ".join(notes), data_table=str(data_table)), table
    )


def weeks_to_plan(ctx: Context) -> Block:
    """How long plans issued in the last 12 months took, in weeks (small counts withheld)."""
    end = ctx.reporting_date
    policy = ctx.settings.disclosure
    start = end - pd.DateOffset(years=1) + pd.Timedelta(days=1)
    dist = ehc.weeks_distribution(ctx.ds.ehc_requests, start, end)
    total = pd.DataFrame({"weeks": ["All"], "plans": [int(dist["plans"].sum())]})
    table = pd.concat([dist, total], ignore_index=True).set_index("weeks")
    safe = protect_counts(table, ["plans"], policy, rows_total="All")
    bars = safe.values["plans"].drop("All")
    fig, ax = charts.new_figure((6.4, 2.6))
    charts.bar_chart(
        ax,
        list(bars.index),
        [0 if pd.isna(v) else v for v in bars],
        xlabel="Weeks from request to plan",
        value_labels=list(safe.shown["plans"].drop("All")),
    )
    within = ["0–6", "6–10", "10–14", "14–18", "18–20"]
    alt = (
        f"Of {safe.shown.loc['All', 'plans']} plans issued from {_long_date(start)} to "
        f"{_long_date(end)} (exceptions left out)"
    )
    if not safe.suppressed.loc[within, "plans"].any():
        alt += f", {int(bars[within].sum())} took 20 weeks or less"
    alt += "."
    cap = alt + (f" {footnote(policy)}" if safe.suppressed.to_numpy().any() else "")
    data = safe.shown.reset_index().rename(columns={"weeks": "weeks", "plans": "plans"})
    data_table = html_table(
        data,
        [Col("weeks", "Weeks from request to plan"), Col("plans", "Plans", numeric=True)],
        caption="Plans by weeks taken",
    )
    return _block(charts.figure_html(fig, alt, cap, data_table=str(data_table)))


def requests_trend(ctx: Context) -> Block:
    """Requests for assessment received each month (small counts withheld)."""
    end = ctx.reporting_date
    policy = ctx.settings.disclosure
    per_month = ehc.requests_per_month(ctx.ds.ehc_requests)
    per_month = per_month[per_month["period_end"] <= end].tail(24).reset_index(drop=True)
    safe = protect_counts(per_month, ["requests"], policy)
    values = pd.DataFrame(
        {"period_end": per_month["period_end"], "value": safe.values["requests"].astype("float64")}
    )
    fig, ax = charts.new_figure()
    charts.line_chart(ax, {"Requests received (local)": values}, unit="count")
    last12 = safe.suppressed["requests"].tail(12)
    alt = "Requests for EHC needs assessment each month, last 24 months"
    if len(per_month) and not last12.any():
        # an average over months that are all shown reveals nothing new
        alt += (
            f"; average of the last 12 months "
            f"{format_value(values['value'].tail(12).mean(), 'rate_per_month')}"
        )
    alt += "."
    cap = alt + (f" {footnote(policy)}" if safe.suppressed.to_numpy().any() else "")
    data = pd.DataFrame(
        {"month": [f"{d:%b %Y}" for d in per_month["period_end"]], "shown": safe.shown["requests"]}
    )
    data_table = html_table(
        data,
        [Col("month", "Month"), Col("shown", "Requests received", numeric=True)],
        caption="Requests received each month",
    )
    return _block(charts.figure_html(fig, alt, cap, data_table=str(data_table)))


def exclusions_by_sen_status(ctx: Context, kpi_ids: list[str]) -> Block:
    """Suspensions and permanent exclusions by SEN status, academic year by academic year."""
    rows = ctx.values[
        ctx.values["kpi_id"].isin(kpi_ids) & (ctx.values["period_end"] <= ctx.reporting_date)
    ]
    if rows.empty:
        return _block(Markup('<p class="muted">No exclusions data yet.</p>'))
    titles = ctx.ds.kpis.set_index("kpi_id")["title"]
    base = ctx.ds.kpis.set_index("kpi_id")[["baseline_value", "baseline_date"]]
    series = {}
    for kid in kpi_ids:
        part = rows[rows["kpi_id"] == kid][["period_end", "value"]]
        b = base.loc[kid] if kid in base.index else None
        if b is not None and pd.notna(b["baseline_value"]):
            part = pd.concat(
                [
                    pd.DataFrame(
                        {"period_end": [b["baseline_date"]], "value": [b["baseline_value"]]}
                    ),
                    part,
                ]
            )
        series[titles.get(kid, kid)] = part
    fig, ax = charts.new_figure()
    charts.line_chart(ax, series, unit="count")
    rows = [
        {
            "measure": name,
            "year": period_label(d, "academic_year"),
            "shown": format_value(v, "count"),
        }
        for name, part in series.items()
        for d, v in zip(part["period_end"], part["value"], strict=True)
    ]
    data_table = html_table(
        pd.DataFrame(rows),
        [
            Col("measure", "Measure"),
            Col("year", "Academic year"),
            Col("shown", "Number", numeric=True),
        ],
        caption="Exclusions by SEN status",
    )
    alt = (
        "Suspensions and permanent exclusions of pupils with SEN, by SEN status and "
        "academic year, from the 2020/21 baseline."
    )
    cap = alt + (
        " Values after the baseline are synthetic in the example data." if ctx.synthetic else ""
    )
    return _block(charts.figure_html(fig, alt, cap, data_table=str(data_table)))
