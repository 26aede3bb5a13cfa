"""The page sections on the bundled example data: what the committee must see."""

import copy
import re

import pandas as pd
import pytest

from conftest import ROOT
from wsoa_analysis.context import load_context
from wsoa_analysis.present import charts, sections
from wsoa_analysis.present.sections.section import page_markup


@pytest.fixture(scope="module")
def august():
    return load_context("2022-08-31", ROOT / "data", ROOT / "params")


@pytest.fixture(scope="module")
def june23():
    return load_context("2023-06-30", ROOT / "data", ROOT / "params")


def test_august_2022_statuses_as_the_wsoa_recorded_them(august):
    html = str(sections.action_tracker(august, "2"))
    row = html[html.index("2.2.3") :].split("</tr>")[0]
    assert "Amber" in row and "recorded as “Yellow”" in row
    counts = str(sections.action_summary(august))
    for status, n in [
        ("Blue", 3),
        ("Green", 9),
        ("Amber", 7),
        ("Red", 2),
        ("Grey", 3),
        ("No status", 51),
    ]:
        assert re.search(rf"{status}</span></th><td class=\"num\">{n}</td>", counts), status


def test_actions_without_status_are_listed(august):
    html = str(sections.actions_without_status(august))
    assert "Actions with no status recorded (51)" in html
    assert "Integrate EHCP and SEND into full CYPS framework" in html  # 1.1.1
    assert "2.2.2" not in html  # it has a status


def _scorecard_row(ctx, pid, title):
    html = str(sections.area_scorecard(ctx, pid))
    return html[html.index(title) :].split("</tr>")[0]


def test_published_england_figure_current_in_june_2023(june23):
    row = _scorecard_row(june23, "1", "New EHC plans issued within 20 weeks")
    assert "England: 49.2%" in row and "2022 (published)" in row


@pytest.mark.parametrize("date", ["2022-12-31", "2023-03-31", "2023-05-31"])
def test_calendar_2022_is_not_shown_before_its_publication_in_june_2023(date):
    """The year ended on 31 December 2022; DfE published its figures on 8 June 2023."""
    ctx = load_context(date, ROOT / "data", ROOT / "params")
    row = _scorecard_row(ctx, "1", "New EHC plans issued within 20 weeks")
    assert "England: 59.9%" in row and "2021 (published)" in row
    detail = _detail(ctx, "1", "P1-02")
    comp = detail.frames["comparators"]
    assert max(comp["period_end"].dt.year) == 2021
    assert "49.2%" not in str(detail)  # England's 2022 figure, as a table would show it
    timeliness = sections.area_analyses(ctx, "1")[0]
    assert max(timeliness.frames["comparators"]["period_end"].dt.year) == 2021
    assert "49.2%" not in str(timeliness) and "51.6%" not in str(timeliness)


def _detail(ctx, pid, kpi_id):
    return next(
        s for s in sections.measure_details(ctx, pid) if s.frame["kpi_id"].iloc[0] == kpi_id
    )


def test_august_2022_cites_the_2022_release(august):
    detail = str(_detail(august, "1", "P1-02"))
    assert "Reporting year 2022 (published 12 May 2022)" in detail
    assert "Reporting year 2025" not in detail


def test_the_areas_own_published_figure_is_on_the_ehc_measure(august):
    """DfE's 62.2% for Rotherham in 2021 is not the local 57.5% baseline: it is shown."""
    detail = _detail(august, "1", "P1-02")
    comp = detail.frames["comparators"]
    own = comp[comp["kind"] == "area"]
    assert set(own["series"]) == {"Rotherham (published)"}
    assert own.set_index(own["period_end"].dt.year).loc[2021, "value"] == 62.2
    assert "Rotherham (published)" in str(detail)


def test_the_neighbours_average_is_ours_and_lists_the_authorities(august):
    html = str(_detail(august, "1", "P1-02"))
    label = "Statistical neighbours, our unweighted average of 10 authorities"
    assert label in html and f"{label} (published)" not in html
    assert "Our calculation, not a DfE figure" in html and "not pooled" in html
    for name in ("Doncaster", "Wigan", "Barnsley", "Wakefield", "North East Lincolnshire"):
        assert name in html


def test_supported_internships_are_a_related_figure_not_the_comparator(august):
    """DfE counts every supported internship of a young person with an EHC plan at the
    January census; the measure counts Project SEARCH places. The August 2022 pack shows the
    January 2022 count (4), published in May 2022, as a related figure with its definition."""
    row = _scorecard_row(august, "3", "Young people in supported internships (Project Search)")
    assert "None published" in row
    detail = _detail(august, "3", "P3-05")
    html = str(detail)
    note = html[html.index("Related published figure (not this measure)") :].split("</dd>")[0]
    assert "Rotherham 4 for January 2022 census" in note
    assert "supported internship at the January census, with any provider" in note
    assert "Reporting year 2022 (published 12 May 2022)" in note
    assert detail.frames.get("comparators") is None  # not drawn beside the local series


def test_the_figures_note_states_the_publication_rule(august):
    notes = " ".join(sections.data_notes(august).notes)
    assert "whose period had ended" not in notes
    assert "only if it had been published by the reporting date" in notes
    assert "our own calculation, not a DfE figure" in notes


def test_every_measure_appears_with_a_rating(june23):
    for pid in june23.ds.priorities["priority_id"]:
        html = str(sections.area_scorecard(june23, pid))
        for title in june23.ds.kpis.loc[june23.ds.kpis["priority_id"] == pid, "title"]:
            escaped = title.replace("&", "&amp;").replace("'", "&#39;")
            assert escaped in html


def test_synthetic_values_are_labelled(june23):
    assert june23.synthetic
    assert "synthetic" in str(sections.cycle_banner(june23)).lower()
    assert "†" in str(sections.area_scorecard(june23, "3"))


def test_timeliness_analysis_has_england_and_neighbours(june23):
    html = str(sections.timeliness_analysis(june23))
    assert "England (published)" in html and "Statistical neighbours" in html
    assert "<table" in html


def test_data_text_is_escaped(august):
    ctx = copy.deepcopy(august)
    ctx.ds.priorities.loc[0, "lead_officers"] = "<script>alert(1)</script>"
    html = str(sections.priority_intro(ctx, "1"))
    assert "<script>" not in html and "&lt;script&gt;" in html


# --- comparators by kind, never by label ------------------------------------------------------


def _york(name: str = "York"):
    """The mini fixture as an area called York in "Yorkshire and The Humber", with a count
    measure (B-2) that has published figures for England and for York itself."""
    from conftest import MINI

    ctx = copy.deepcopy(load_context("2022-09-30", MINI / "data", MINI / "params"))
    area = ctx.settings.area.model_copy(update={"name": name})
    ctx.settings = ctx.settings.model_copy(update={"area": area})
    bm = ctx.ds.benchmarks
    bm.loc[bm["area_code"] == area.region_code, "area_name"] = "Yorkshire and The Humber"
    bm.loc[bm["area_code"] == area.code, "area_name"] = "York"
    rows = bm[bm["area_code"].isin(["E92000001", area.code])]
    counts = rows.assign(
        measure_key="plans_ceased", value=[40.0 + i for i in range(len(rows))], unit="count"
    )
    ctx.ds.tables["benchmarks"] = pd.concat([bm, counts], ignore_index=True)
    ctx.ds.kpis.loc[ctx.ds.kpis["kpi_id"] == "B-2", "comparator_key"] = "plans_ceased"
    return ctx


@pytest.mark.parametrize("name", ["York", "City of York Council"])
def test_percentages_get_england_region_neighbours_and_own_whatever_the_names(name):
    ctx = _york(name)
    detail = {
        s.frame["kpi_id"].iloc[0]: s for s in sections.measure_details(ctx, "1") if len(s.frame)
    }
    comp = detail["A-2"].frames["comparators"]
    assert set(comp["kind"]) == {"england", "region", "neighbours", "area"}
    # the area's own published figure, under DfE's name for it (found by code)
    assert set(comp.loc[comp["kind"] == "area", "series"]) == {"York (published)"}
    region = comp[comp["kind"] == "region"]
    assert set(region["series"]) == {"Yorkshire and The Humber (published)"}
    svg = str(detail["A-2"])
    assert "Yorkshire and The Humber (published)" in svg
    assert charts.COLOURS["region"].lower() in svg.lower()  # drawn in the region's colour


@pytest.mark.parametrize("name", ["York", "City of York Council"])
def test_counts_get_the_areas_own_figure_never_england(name):
    ctx = _york(name)
    detail = {
        s.frame["kpi_id"].iloc[0]: s for s in sections.measure_details(ctx, "2") if len(s.frame)
    }
    comp = detail["B-2"].frames["comparators"]
    assert set(comp["kind"]) == {"area"}
    assert set(comp["area_code"]) == {ctx.settings.area.code}
    assert "England (published)" not in str(detail["B-2"])


def test_a_chart_draws_the_trajectory_its_rating_used():
    """Measures rated against their first recorded value (the WSoA gives no baseline) draw
    the trajectory from that value."""
    ctx = load_context("2023-06-30", ROOT / "data", ROOT / "params")
    card = ctx.card.set_index("kpi_id")
    firsts = card[card["baseline_value"].isna() & card["baseline_used"].notna()]
    assert {"P4-04", "P4-05"} <= set(firsts.index)
    for section in sections.measure_details(ctx, "4"):
        kpi_id = section.frame["kpi_id"].iloc[0] if len(section.frame) else None
        if kpi_id in firsts.index and card.loc[kpi_id, "target_kind"] in ("absolute", "relative"):
            labels = [t.get_text() for t in section.figure.axes[0].get_legend().get_texts()]
            assert "Trajectory" in labels, kpi_id


def test_sections_hold_what_they_show():
    ctx = load_context("2023-06-30", ROOT / "data", ROOT / "params")
    card = sections.area_scorecard(ctx, "1")
    assert list(card.frame["kpi_id"]) == list(
        ctx.card.loc[ctx.card["priority_id"] == "1", "kpi_id"]
    )
    assert page_markup(card._repr_html_()) == str(card)  # in a notebook: with its style
    off = sections.measures_off_track(ctx).frame
    behind = {"missed", "red", "amber"}  # a missed target first: its date has passed
    assert set(off["rating"]) <= behind
    assert len(off) == int(ctx.card["rating"].isin(behind).sum())
    assert list(off["rating"])[0] == "missed"
    detail = sections.measure_details(ctx, 2)  # a number, as papermill's -p passes it
    assert len(detail) == int((ctx.card["priority_id"] == "2").sum())
    assert all(s.figure is not None for s in detail if len(s.frame))
    extras = sections.area_analyses(ctx, "1")
    assert [s.html.count("<h2>") for s in extras] == [1, 1]
    assert extras[0].frame["value"].notna().any()


def test_the_timeliness_chart_is_over_the_twelve_months_to_each_month_end():
    """Worked from the raw rows, independently of the domain: plans issued in the twelve
    months to the last month end, exception cases left out, within 140 days (20 weeks)."""
    ctx = load_context("2023-06-30", ROOT / "data", ROOT / "params")
    section = sections.timeliness_analysis(ctx)
    last = section.frame.dropna(subset=["value"]).iloc[-1]
    req = ctx.ds.ehc_requests
    end = last["period_end"]
    issued = req[
        req["plan_issued_date"].notna()
        & ~req["exception_applies"].fillna(False).astype(bool)
        & (req["plan_issued_date"] > end - pd.DateOffset(months=12))
        & (req["plan_issued_date"] <= end)
    ]
    days = (issued["plan_issued_date"] - issued["date_received"]).dt.days
    assert len(issued) > 50  # a year of plans, not a month
    # the value is the figure as shown (rounded to 1 decimal), never a finer fraction
    assert last["value"] == round(100 * (days <= 140).sum() / len(issued), 1)
    assert "rolling 12 months" in section.caption


def test_measures_side_by_side_tick_at_their_periods_and_count_what_is_synthetic():
    ctx = load_context("2023-06-30", ROOT / "data", ROOT / "params")
    ids = ["P2-04", "P2-05", "P2-06", "P2-07"]
    section = sections.measures_by_year(ctx, ids)
    ticks = [t.get_text() for t in section.figure.axes[0].get_xticklabels()]
    assert ticks == sorted(set(section.frame["period"]))
    assert ticks[0].startswith("2020/21")  # the baseline year, as an academic year
    baselines = section.frame.groupby("kpi_id").head(1)
    assert not baselines["synthetic"].any()  # the WSoA's own baselines
    invented = int(section.frame["synthetic"].sum())
    assert invented == len(section.frame) - len(ids)
    assert f"{invented} of these {len(section.frame)} values are synthetic" in section.notes[0]
