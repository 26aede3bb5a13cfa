"""What the pages say about how a measure is judged and how current each action's status is, on
the bundled example data: the words a careful reader would otherwise dispute."""

import pandas as pd
import pytest

from conftest import ROOT
from wsoa_analysis.context import load_context
from wsoa_analysis.present import sections
from wsoa_analysis.present.sections.common import rating_pill


@pytest.fixture(scope="module")
def august():
    return load_context("2022-08-31", ROOT / "data", ROOT / "params")


@pytest.fixture(scope="module")
def june23():
    return load_context("2023-06-30", ROOT / "data", ROOT / "params")


def _row(html: str, head: str) -> str:
    return html[html.index(head) :].split("</tr>")[0]


def test_the_rating_says_what_it_judged(june23):
    html = str(sections.area_scorecard(june23, "2"))
    row = _row(html, "Requests for EHC needs assessment per month")
    assert "average of the 12 months to Jun 2023" in row  # beside the value
    assert "judged on the average of its last 12 months" in row  # beside the rating
    assert "⊘ Target missed" in row
    assert "judged on its latest academic year" in _row(html, "Permanent exclusions, EHCP")


def test_the_measure_says_why_and_on_what(june23):
    detail = sections.measure_details(june23, "2")
    html = next(str(d) for d in detail if "Requests for EHC needs assessment per month" in str(d))
    assert (
        "The target date (Jun 2023) has passed and the target was not met. Judged on the "
        "average of its last 12 months: 62 a month (average of the 12 months to Jun 2023)."
    ) in html


def test_a_missed_target_is_red_and_named_apart():
    html = str(rating_pill("missed"))
    assert 'class="pill rating rating-red rating-missed"' in html
    assert "⊘ Target missed" in html
    assert 'class="pill rating rating-red"' in str(rating_pill("red"))


def test_a_baseline_period_the_wsoa_does_not_state_is_shown_as_assumed(august):
    html = str(sections.area_scorecard(august, "1"))
    assert "Q1 2021/22 (assumed)" in _row(html, "EHC plans audited rated good or better")
    # 52 plans ceased between January and June 2021: stated, so not marked
    row = _row(html, "EHC plans ceased because outcomes were achieved")
    assert "Jan–Jun 2021" in row and "(assumed)" not in row


def test_a_national_average_target_says_what_it_waits_for(june23):
    html = str(sections.area_scorecard(june23, "3"))
    row = _row(html, "Education, employment or training outcomes")
    assert "National figure for the same period, or better" in row
    assert "No data yet" in row and "No target set" not in row


def test_overdue_is_said_of_actions_with_a_status_and_the_rest_counted_apart(august):
    section = sections.overdue_actions(august)
    # August 2022: 31 actions past their target date and not Blue, 22 of them with no status
    assert len(section.frame) == 9
    assert len(section.frames["past_target_no_status"]) == 22
    html = str(section)
    assert "Past their target date, status not recorded (22)" in html
    tiles = sections.overview_at_a_glance(august).frame.set_index("what")["number"]
    assert tiles["Overdue actions"] == 9
    assert tiles["Actions past target date, status not recorded"] == 22


def test_every_status_shows_its_date_and_a_carried_one_says_so(june23):
    html = str(sections.action_tracker(june23, "1"))
    # 1.2.1 is due June 2023 and was updated on the day; 1.4.3 (December 2022) kept May's
    assert "as at 30 June 2023" in _row(html, "1.2.1")
    carried = _row(html, "1.4.3")
    assert "as at 31 May 2023: not updated this cycle" in carried
    section = sections.actions_without_status(june23)
    assert len(section.frames["not_updated"]) == 14
    assert "Statuses not updated this cycle (14" in str(section)
    tiles = sections.overview_at_a_glance(june23).frame.set_index("what")["number"]
    assert tiles["Statuses not updated this cycle"] == 14


def test_the_plans_own_progress_note_is_not_dated_as_a_cycles(august):
    row = _row(str(sections.action_tracker(august, "2")), "2.4.3")
    assert "In the plan as written:" in row
    assert "Review of arrangements for children complex needs underway" in row


def test_a_recurring_action_is_never_overdue(june23):
    t = june23.tracker.set_index("action_ref")
    assert pd.isna(t.loc["4.5.2", "target_date"])
    assert not t.loc["4.5.2", "overdue"]


def test_part_years_and_windows_are_left_out_of_the_timeliness_analysis(august):
    section = sections.timeliness_analysis(august)
    years = section.frames["calendar_years"]["year"]
    assert "2020" not in set(years)  # the requests' plans begin in October 2020
    # the first twelve months wholly covered end in September 2021
    assert section.frame["period_end"].min() >= pd.Timestamp("2021-09-30")
    assert "cover only in part" in " ".join(section.notes)
