"""Figures worked out from synthetic rows are marked † wherever they are shown: the deeper
analyses' tables and captions, the overview's tiles and counts; and only those."""

import re
from html import escape

import pandas as pd
import pytest

from conftest import MINI, ROOT, rows_of, write_rows
from wsoa_analysis.context import load_context
from wsoa_analysis.present import sections
from wsoa_analysis.present.tables import SYNTHETIC_MARK

MARK = '<sup class="synthetic-mark" title="synthetic example value">†</sup>'
DATE = "2022-09-30"


DAY = pd.Timestamp("2023-06-30")


def cells(html: str, caption: str) -> list[str]:
    """The numeric cells of the table with ``caption``."""
    table = html[html.index(f"<caption>{caption}") :].split("</table>")[0]
    return re.findall(r'<td class="num">(.*?)</td>', table)


def with_column(data, table: str, column: str, value: str) -> None:
    rows = rows_of(data / f"{table}.csv")
    j = rows[0].index(column)
    write_rows(data / f"{table}.csv", [rows[0]] + [r[:j] + [value] + r[j + 1 :] for r in rows[1:]])


@pytest.fixture(scope="module")
def invented():
    """The fixture as it is: every request, value and later status invented."""
    return load_context(DATE, MINI / "data", MINI / "params")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The same data with nothing marked synthetic."""
    import shutil

    data = tmp_path_factory.mktemp("real") / "data"
    shutil.copytree(MINI / "data", data)
    for table in ("ehc_requests", "observations", "action_updates"):
        with_column(data, table, "synthetic", "no")
    return load_context(DATE, data, MINI / "params")


def test_requests_each_month_are_marked(invented, real):
    shown = sections.requests_trend(invented)
    marked = cells(str(shown), "Requests received each month")
    figures = shown.frame["shown"].tolist()
    assert marked == [f"{f}{MARK}" for f in figures]
    assert shown.frame["synthetic"].all()
    assert not any(MARK in c for c in cells(str(sections.requests_trend(real)), "Requests"))
    assert not sections.requests_trend(real).frame["synthetic"].any()


def test_timeliness_tables_and_caption_are_marked(invented, real):
    shown = str(sections.timeliness_analysis(invented))
    rolling = cells(shown, "Rolling 12-month figures")
    assert rolling and all(c.endswith(MARK) for c in rolling if c != "–")
    if "<caption>Plans issued within 20 weeks by calendar year" in shown:
        by_year = cells(shown, "Plans issued within 20 weeks by calendar year")
        assert all(c.endswith(MARK) for c in by_year)
    assert re.search(r"rolling 12 months: [\d.]+%† in the 12 months", shown)
    plain = str(sections.timeliness_analysis(real))
    assert MARK not in plain and SYNTHETIC_MARK not in plain


def test_weeks_table_and_caption_are_marked(invented, real):
    section = sections.weeks_to_plan(invented)
    shown = str(section)
    assert all(c.endswith(MARK) for c in cells(shown, "Plans by weeks taken"))
    assert re.search(r"Of [\d,]+† plans issued", shown)
    assert section.frame["synthetic"].all()
    assert SYNTHETIC_MARK not in str(sections.weeks_to_plan(real))


def test_the_july_2021_requests_are_marked_and_the_baseline_is_not():
    """The issue's own example: 64 in the baseline (the WSoA's, real), 67 counted from the
    invented requests."""
    ctx = load_context("2023-06-30", ROOT / "data", ROOT / "params")
    trend = sections.requests_trend(ctx)
    july = trend.frame[trend.frame["month"] == "Jul 2021"].iloc[0]
    assert july["synthetic"] and f'<td class="num">{july["shown"]}{MARK}</td>' in str(trend)
    card = str(sections.area_scorecard(ctx, "2"))
    row = card[card.index("Requests for EHC needs assessment per month") :].split("</tr>")[0]
    assert "64 a month<br>" in row  # the baseline, unmarked
    side = sections.measures_by_year(ctx, ["P2-04", "P2-05", "P2-06", "P2-07"])
    assert "913 in 2020/21 academic year" in side.notes[0]  # the WSoA's baseline
    assert "920† in 2021/22 academic year" in side.notes[0]  # invented
    years = cells(str(sections.timeliness_analysis(ctx)), "Plans issued within 20 weeks by cal")
    assert years and all(c.endswith(MARK) for c in years if c != "c")


def test_tiles_are_marked_where_they_count_by_synthetic_figures(invented, real):
    tiles = sections.overview_at_a_glance(invented)
    frame = tiles.frame.set_index("what")
    assert not frame.loc["Priority areas", "synthetic"]
    assert not frame.loc["Actions", "synthetic"]
    assert frame.loc["Measures off track", "synthetic"]  # rated by invented values
    assert frame.loc["Actions complete (Blue)", "synthetic"]  # by invented statuses
    shown = re.findall(r'<span class="big">(.*?)</span><span>(.*?)</span>', str(tiles))
    for number, what in shown:
        assert number.endswith(MARK) == bool(frame.loc[what, "synthetic"]), what
    assert not sections.overview_at_a_glance(real).frame["synthetic"].any()
    assert MARK not in str(sections.overview_at_a_glance(real))


@pytest.mark.parametrize("section", ["ratings_by_area", "actions_by_area"])
def test_counts_by_area_are_marked_by_area(invented, real, section):
    shown = getattr(sections, section)(invented)
    html = str(shown)
    for _, row in shown.frame.iterrows():
        line = html[html.index(f">{escape(row['area'])}</th>") :].split("</tr>")[0]
        assert (MARK in line) == bool(row["synthetic"]), row["area"]
    assert shown.frame["synthetic"].any()
    assert MARK not in str(getattr(sections, section)(real))


def test_the_count_of_actions_without_status_is_marked_with_invented_statuses(invented, real):
    assert re.search(
        r"no status recorded \(\d+†\)", sections.actions_without_status(invented).caption
    )
    assert "†" not in sections.actions_without_status(real).caption


def test_a_frame_says_which_figures_are_synthetic_as_the_page_marks_them(invented):
    shown = sections.timeliness_analysis(invented)
    assert {"shown", "synthetic", "suppressed"} <= set(shown.frame.columns)
    years = shown.frames["calendar_years"]
    assert {"synthetic", "percent_value", "percent_suppressed"} <= set(years.columns)
    assert pd.isna(years.loc[years["percent_suppressed"], "percent_value"]).all()


def test_a_small_count_of_children_is_withheld_wherever_the_page_shows_it():
    """The example's 4 permanent exclusions of pupils with an EHC plan in 2021/22 (a count
    typed into observations, kpis.small_counts = suppress): withheld in the side-by-side
    table, its chart's words and the scorecard, with the footnote saying why."""
    ctx = load_context("2022-12-31", ROOT / "data", ROOT / "params")
    side = sections.measures_by_year(ctx, ["P2-06", "P2-07"])
    row = side.frame[(side.frame["kpi_id"] == "P2-07") & ~side.frame["baseline"]].iloc[0]
    assert row["shown"] == "c" and row["suppressed"]
    assert "c† in 2021/22 academic year" in side.notes[0]
    assert "suppressed to protect children" in side.notes[0]
    detail = str(sections.measure_details(ctx, "2"))
    words = detail[detail.index("Permanent exclusions, EHCP pupils: the figure") :][:120]
    assert "2021/22 academic year is withheld" in words
    card = str(sections.area_scorecard(ctx, "2"))
    row_html = card[card.index("Permanent exclusions, EHCP pupils") :].split("</tr>")[0]
    assert ">c<" in row_html.replace("†", "") and ">4<" not in row_html


def test_a_percentage_shows_the_counts_behind_it_as_members_asked():
    """The tallies: 20-week timeliness by quarter with the plans within 20 weeks and the
    plans issued, marked synthetic as the percentage is."""
    ctx = load_context("2023-06-30", ROOT / "data", ROOT / "params")
    detail = str(sections.measure_details(ctx, "1"))
    table = detail[detail.index("New EHC plans issued within 20 weeks: values") :]
    table = table[: table.index("</table>")]
    assert re.findall(r'<th scope="col"[^>]*>([^<]+)<', table) == [
        "Period",
        "Local figure",
        "Number",
        "Out of",
    ]
    row = table[table.index(">Q2 2021/22<") :].split("</tr>")[0]
    cells = re.findall(r'<td class="num">([\d.,%]+)', row)
    pct, within, issued = float(cells[0].rstrip("%")), int(cells[1]), int(cells[2])
    assert round(100 * within / issued, 1) == pct
    assert row.count(MARK) == 3
    # the printed appendix has no data tables: the caption gives the latest counts
    caption = [x.caption for x in sections.measure_details(ctx, "1")][1]
    last = ctx.values[ctx.values["kpi_id"] == "P1-02"].pipe(lambda v: v[v["period_end"] <= DAY])
    n, d = last.iloc[-1][["numerator", "denominator"]]
    assert f": {int(n)} of {int(d)}." in caption
    # a measure with no counts behind it keeps one column
    audited = detail[detail.index("EHC plans audited rated good or better: values") :]
    assert "Out of" not in audited[: audited.index("</table>")]


def test_the_invented_progress_updates_are_shown_and_said_to_be_synthetic():
    ctx = load_context("2023-06-30", ROOT / "data", ROOT / "params")
    tracker = str(sections.action_tracker(ctx, "1"))
    assert "Statuses and progress updates recorded after 31 August 2022 are synthetic" in tracker
    notes = ctx.tracker.loc[ctx.tracker["priority_id"] == "1", "commentary"].dropna()
    assert len(notes) and all(note in tracker for note in notes if "'" not in note)


def test_ratings_by_area_have_a_withheld_column_only_where_a_measure_is_withheld():
    headers = re.compile(r'<th scope="col"[^>]*>([^<]+)<')
    ctx = load_context("2023-06-30", ROOT / "data", ROOT / "params")
    shown = headers.findall(str(sections.ratings_by_area(ctx)))
    assert "c Withheld" in shown  # the 4 permanent exclusions
    assert "○ Not due yet" not in shown  # no milestone in the example
    assert ctx.card.set_index("kpi_id").loc["P2-07", "rating"] == "withheld"
