"""The page sections on the bundled example data: what the committee must see."""

import copy
import re

import pytest

from conftest import ROOT
from wsoa_analysis.context import load_context
from wsoa_analysis.present import sections


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


def test_published_england_figure_current_in_june_2023(june23):
    html = str(sections.area_scorecard(june23, "1"))
    row = html[html.index("New EHC plans issued within 20 weeks") :].split("</tr>")[0]
    assert "England: 49.2%" in row and "2022 (published)" in row


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
