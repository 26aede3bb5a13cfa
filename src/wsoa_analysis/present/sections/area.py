"""The sections of a priority area's page: introduction, scorecard, measures in detail and
the action plan."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from wsoa_analysis.config.plan import mid_sentence
from wsoa_analysis.config.vocabulary import codes_in_use
from wsoa_analysis.disclosure import footnote
from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain import benchmarks as bm
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.periods import on_or_before, period_label
from wsoa_analysis.domain.synthetic import synthetic_flags
from wsoa_analysis.domain.units import format_measure, is_milestone, per_text, population_note
from wsoa_analysis.present import charts
from wsoa_analysis.present.format import long_date
from wsoa_analysis.present.markdown import markdown_to_html
from wsoa_analysis.present.sections.common import (
    SYNTHETIC_MARK,
    SYNTHETIC_NOTE,
    _comparator_frame,
    _tracker_columns,
    area_words,
    brag_pill,
    plan_word,
    rating_pill,
    scorecard_columns,
    status_words,
    synthetic_mark,
)
from wsoa_analysis.present.sections.section import Section, Sections, html
from wsoa_analysis.present.tables import Col, has_tallies, html_table, tally_text


def priority_intro(ctx: Context, priority_id: str) -> Section:
    """What the area is about: the weakness found, what success looks like, its leads, and
    the officers' commentary for this cycle."""
    priority_id = str(priority_id)  # papermill's -p passes 2 as a number
    p = ctx.priority(priority_id)
    found = ctx.settings.plan.inspection
    rows = [
        (found.findings_label, found.findings.get(priority_id) or p["weakness"]),
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
    return Section(html(*parts), frame=p.to_frame().T.reset_index(drop=True), caption=p["title"])


def _commentary_block(heading: str, text: str) -> Markup:
    """Officers' words, from Markdown; any HTML in them is escaped by the renderer."""
    return Markup('<div class="commentary"><p class="commentary-label">{}</p>{}</div>').format(
        heading, Markup(markdown_to_html(text))
    )


def _area_card(ctx: Context, priority_id: str) -> pd.DataFrame:
    return ctx.card[ctx.card["priority_id"] == str(priority_id)]


def area_scorecard(ctx: Context, priority_id: str) -> Section:
    """The area's key impact measures: baseline, latest value, target, progress, rating,
    direction of travel and published comparator. ``.frame`` has one row per measure."""
    card = _area_card(ctx, priority_id)
    caption = f"Key impact measures: latest value on or before {long_date(ctx.reporting_date)}"
    if card.empty:  # said once, in the plan's word: no table, no legend
        said = f"This {mid_sentence(area_words(ctx).singular)} has no key impact measures."
        return Section(
            Markup('<p class="muted">{}</p>').format(said), frame=card.reset_index(drop=True)
        )
    table = html_table(card, scorecard_columns(ctx), caption=caption, cls="data scorecard")
    foot = Markup(
        '<p class="footnote">{} Rating: ★ target met, ✓ on track, ! slightly behind '
        "the trajectory, ✗ off track, ⊘ target missed (its target date has passed), – no "
        "target set, … no data yet; beside it, what it judged. "
        "Progress: share of the distance from baseline to target travelled. "
        "A baseline period marked (assumed) is not stated in {}.</p>"
    ).format(SYNTHETIC_NOTE + " " if card["synthetic"].any() else "", plan_word(ctx))
    return Section(html(table, foot), frame=card.reset_index(drop=True), caption=caption)


def _chart_data_table(values: pd.DataFrame, kpi, comparators) -> str:
    frame = values.assign(
        period=[period_label(d, kpi["frequency"]) for d in values["period_end"]],
        shown=[
            sym or format_measure(v, kpi)
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
    if has_tallies(values):  # the counts behind each percentage, as members asked
        for column, label in (("numerator", "Number"), ("denominator", "Out of")):
            frame[f"{column}_shown"] = [
                tally_text(n, sym) for n, sym in zip(frame[column], frame["symbol"], strict=True)
            ]
            cols.append(Col(f"{column}_shown", label, numeric=True, synthetic="synthetic"))
    out = str(html_table(frame, cols, caption=f"{kpi['title']}: values"))
    if comparators is not None and len(comparators):
        comp = comparators.assign(
            period=[
                bm.published_period_label(s, e, k)
                for s, e, k in zip(
                    comparators["period_start"],
                    comparators["period_end"],
                    comparators["period_kind"],
                    strict=True,
                )
            ],
            shown=[format_measure(v, kpi) for v in comparators["value"]],
        )
        out += str(
            html_table(
                comp,
                [
                    Col("series", "Published series"),
                    Col("period", "Period"),
                    Col("shown", "Value", numeric=True),
                    Col("citation", "Source"),
                ],
                caption="Published comparators, as published by the reporting date",
            )
        )
    return out


def measure_details(ctx: Context, priority_id: str) -> Sections:
    """For each measure of the area: a chart, what it shows and where the figures come from.
    One section per measure (``[i].frame`` its values, ``.figure`` its chart,
    ``.frames["comparators"]`` the published series drawn beside it)."""
    kpis = ctx.ds.kpis.set_index("kpi_id")
    out = []
    for _, row in _area_card(ctx, priority_id).iterrows():
        kpi = kpis.loc[row["kpi_id"]].copy()
        kpi["kpi_id"] = row["kpi_id"]
        out.append(measure_detail(ctx, kpi, row))
    return Sections(out)


def _measure_values(ctx: Context, kpi_id: str) -> pd.DataFrame:
    vals = ctx.values
    shown = vals[(vals["kpi_id"] == kpi_id) & (vals["value"].notna() | (vals["symbol"] != ""))]
    return on_or_before(shown, ctx.reporting_date).reset_index(drop=True)


def _latest_tally(vals: pd.DataFrame, kpi: pd.Series) -> str:
    """The counts behind the latest percentage, for the caption (so the printed appendix has
    them too): " Jun 2023: 60 of 106." Nothing where there are none or they are withheld."""
    if not has_tallies(vals) or vals.empty:
        return ""
    last = vals.iloc[-1]
    if pd.isna(last["numerator"]) or pd.isna(last["denominator"]):
        return ""
    n, d = tally_text(last["numerator"], ""), tally_text(last["denominator"], "")
    return f" {period_label(last['period_end'], kpi['frequency'])}: {n} of {d}."


def _all_withheld(kpi: pd.Series, vals: pd.DataFrame) -> str:
    """The chart's words where every value is withheld (small counts of children)."""
    periods = [period_label(d, kpi["frequency"]) for d in vals["period_end"]]
    which = "figure" if len(periods) == 1 else "figures"
    verb = "is" if len(periods) == 1 else "are"
    return f"{kpi['title']}: the {which} for {', '.join(periods)} {verb} withheld (small numbers)."


def measure_detail(ctx: Context, kpi: pd.Series, row: pd.Series) -> Section:
    """One measure: heading, rating, chart with its data, commentary and notes."""
    vals = _measure_values(ctx, row["kpi_id"])
    parts = [
        Markup('<section class="measure"><div class="keep"><h3>{}</h3>').format(kpi["title"]),
        Markup('<p class="measure-status">{} <span>{}</span></p>').format(
            rating_pill(row["rating"]), _status_words(row)
        ),
    ]
    since = (
        pd.Timestamp(kpi["baseline_date"]) - pd.DateOffset(years=2)
        if pd.notna(kpi["baseline_date"])
        else None
    )
    comp = _comparator_frame(ctx, kpi["comparator_key"], since, unit=kpi["unit"])
    data_table, fig, cap = "", None, ""
    if len(vals) or (comp is not None and len(comp)):
        fig, ax = charts.new_figure()
        plotted = vals[vals["value"].notna()]  # withheld figures leave a gap
        charts.measure_chart(ax, plotted, kpi, row, comparators=comp)
        alt = (
            charts.describe_measure(kpi, plotted, row) if len(plotted) else _all_withheld(kpi, vals)
        )
        cap = alt + _latest_tally(vals, kpi)
        cap += " Values marked † are synthetic." if vals["synthetic"].any() else ""
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
    frames = {"comparators": comp.reset_index(drop=True)} if comp is not None else {}
    return Section(html(*parts), frame=vals, figure=fig, caption=cap or kpi["title"], frames=frames)


def _status_words(row) -> str:
    """Why the measure has its rating, and what the rating judged."""
    words = row["rating_reason"][:1].upper() + row["rating_reason"][1:] + "."
    judged = row.get("judged_on")
    if judged and row["rating"] != "no_target" and not is_milestone(row):
        value = ""
        if pd.notna(row["latest_value"]):  # a rate's population: under "What is measured"
            value = f": {format_measure(row['latest_value'], row)} ({row['latest_period']})"
        words += f" {judged[:1].upper()}{judged[1:]}{value}."
    return words


def _measure_notes(ctx: Context, kpi, row) -> Markup:
    items = []
    if pd.notna(kpi.get("definition")):
        items.append(("What is measured", kpi["definition"]))
    if population_note(kpi):  # what a rate is per, and where that population comes from
        per = per_text(kpi)
        items.append(("Population", f"{per[:1].upper()}{per[1:]}: {kpi['rate_population_source']}"))
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
        items.append((f"As written in {plan_word(ctx)}", written))
    if row.get("baseline_from_first_value"):
        items.append(
            (
                "Baseline",
                "Still to be established: the first recorded value is used "
                "as the starting point of the trajectory.",
            )
        )
    items += _published_notes(ctx, kpi, row)
    body = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in items)
    return Markup('<dl class="measure-notes">{}</dl>').format(body)


def _published_notes(ctx: Context, kpi, row) -> list[tuple[str, str]]:
    """What the published figures beside the measure are: the comparator (defined as the
    measure is) with its source, our neighbours' average, and a related figure (defined
    differently) under its own definition, never as the comparator."""
    items = []
    key, related = kpi.get("comparator_key"), kpi.get("related_key")
    if row.get("comparator_period"):
        at = bm.comparators_at(ctx.ds.benchmarks, key, ctx.reporting_date, ctx.settings.area)
        items.append(
            (
                "Published comparator, defined as this measure is",
                f"{at['definition'].iloc[0]}. {row['comparator_area']}: {row['comparator_source']}",
            )
        )
        if bm.NEIGHBOURS_KIND in bm.comparator_kinds(kpi["unit"]):
            ours = at[at["kind"] == bm.NEIGHBOURS_KIND]
            items += [("Statistical neighbours", text) for text in ours["source"]]
    if isinstance(related, str) and related:
        at = bm.comparators_at(ctx.ds.benchmarks, related, ctx.reporting_date, ctx.settings.area)
        shown = bm.scorecard_comparator(at, kpi["unit"])
        title = "Related published figure (not this measure)"
        if shown is None:
            items.append((title, f"None published by {long_date(ctx.reporting_date)}."))
        else:
            value = shown["symbol"] or format_measure(shown["value"], kpi)
            items.append(
                (
                    title,
                    f"{shown['definition']}: {shown['label']} {value} for {shown['period']}. "
                    f"{shown['source']}",
                )
            )
    return items


def action_summary(ctx: Context, priority_id: str | None = None) -> Section:
    """How many actions are at each status (the whole plan, or one area's)."""
    tracker = (
        ctx.tracker
        if priority_id is None
        else ctx.tracker[ctx.tracker["priority_id"] == str(priority_id)]
    )
    counts = act.status_counts(tracker)[[*codes_in_use(ctx.settings.plan.statuses), act.NO_STATUS]]
    meanings, words = ctx.settings.plan.status_meanings, status_words(ctx)
    frame = pd.DataFrame(
        {
            "status": counts.index,
            "actions": counts.values,
            "word": [words[s] for s in counts.index],
            "meaning": [meanings[s] for s in counts.index],
        }
    )
    caption = f"Actions by status at {long_date(ctx.reporting_date)}"
    cols = [
        Col("status", "Status", fmt=lambda v, r: brag_pill(v, words)),
        Col("actions", "Actions", numeric=True),
        Col("meaning", "Meaning"),
    ]
    return Section(
        html_table(frame, cols, caption=caption, cls="data compact"), frame=frame, caption=caption
    )


def action_tracker(ctx: Context, priority_id: str) -> Section:
    """The area's actions with lead, target date, this cycle's status and whether overdue."""
    tracker = ctx.tracker[ctx.tracker["priority_id"] == str(priority_id)].reset_index(drop=True)
    caption = "The action plan"
    table = html_table(
        tracker,
        _tracker_columns(ctx.reporting_date, status_words(ctx)),
        caption=caption,
        cls="data tracker",
    )
    return Section(html(table, _status_footnote(ctx, tracker)), frame=tracker, caption=caption)


def _synthetic_statuses(updates: pd.DataFrame) -> str:
    """Which statuses (and the progress updates beside them) are synthetic, in words from the
    data: ``Statuses and progress updates recorded after 31 August 2022 are synthetic example
    data.`` (or the dates, where real and invented mix)."""
    invented = synthetic_flags(updates)
    made, real = updates.loc[invented, "reporting_date"], updates.loc[~invented, "reporting_date"]
    if len(real) and real.max() < made.min():
        when = f"after {long_date(real.max())}"
    else:
        when = "at " + ", ".join(long_date(d) for d in sorted(set(made)))
    return f"Statuses and progress updates recorded {when} are synthetic example data."


def _status_footnote(ctx: Context, tracker) -> Markup:
    synthetic_dates = ctx.ds.action_updates.loc[
        synthetic_flags(ctx.ds.action_updates), "reporting_date"
    ]
    parts = [
        "Overdue: the target date has passed, a status is recorded and it is not "
        f"{status_words(ctx)[act.COMPLETE]}. "
        "Past target date: the target date has passed and no status is recorded. Each "
        "status shows the date it was recorded; one not updated this cycle says so."
    ]
    if (tracker["status_date"].isin(synthetic_dates)).any():
        parts.append(_synthetic_statuses(ctx.ds.action_updates))
    return Markup('<p class="footnote">{}</p>').format(" ".join(parts))
