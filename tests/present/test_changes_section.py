"""The overview's "What changed since the previous cycle" as a reader sees it: the tables and
their words, on the fixture data (cycles 30 June and 30 September 2022) and the bundled example
data. The numbers behind them are tested in ``tests/domain/test_changes.py``."""

import copy
import dataclasses
import re

import pandas as pd
import pytest

from conftest import MINI, ROOT
from wsoa_analysis.context import load_context
from wsoa_analysis.domain import changes
from wsoa_analysis.present import sections
from wsoa_analysis.present.sections.changes import published_figures


@pytest.fixture(scope="module")
def sept():
    return load_context("2022-09-30", MINI / "data", MINI / "params")


@pytest.fixture(scope="module")
def june23():
    return load_context("2023-06-30", ROOT / "data", ROOT / "params")


def _block(html: str, text: str) -> str:
    """The one table or paragraph of the section that contains ``text``."""
    found = [b for b in re.split(r"(?=<table|<p[ >])", html) if text in b]
    assert len(found) == 1, (text, len(found))
    return found[0]


def _row_heads(table: str) -> list[str]:
    return re.findall(r'<th scope="row"[^>]*>(.*?)</th>', table)


def _row(table: str, head: str) -> str:
    start = re.search(rf'<th scope="row"[^>]*>{re.escape(head)}</th>', table).start()
    return table[start:].split("</tr>")[0]


# --- the fixture, 30 September 2022 against 30 June 2022 ----------------------------------


def test_first_cycle_says_there_is_nothing_to_compare():
    ctx = load_context("2022-06-30", MINI / "data", MINI / "params")
    assert ctx.previous_date is None
    html = str(sections.changes_since_previous(ctx))
    assert "This is the first cycle" in html
    assert "<table" not in html


def test_september_against_june(sept):
    html = str(sections.changes_since_previous(sept))
    assert "position at 30 June 2022" in html
    # A-1 is Off track at both dates (60.0 against 63.3 expected, then 62.5 against 66.6);
    # the other measures keep their ratings (A-2 and B-1 withheld, B-2 Amber at 9 of 10)
    assert "No measure&#39;s rating changed." in html
    assert "No measure reached its target or crossed its trajectory." in html
    # 2021's figures were published on 12 May 2022 (before 30 June), 2022's on 20 January
    # 2023 (after 30 September)
    assert "No published figure was first published in this cycle." in html
    blue = _block(html, "Actions that became Blue (complete)")
    assert _row_heads(blue) == ["2.1.1"]  # Yellow (read as Amber) on 30 June, Blue now
    assert "became Blue (was Amber)" in _row(blue, "2.1.1")
    # 1.1.1 (due 31 Mar 2022) was already overdue on 30 June; 5.1.1 is due 30 Sep 2022,
    # which has not passed on 30 Sep; 2.1.1 is Blue
    assert "No action became overdue." in html
    other = _block(html, "Other changes of action status")
    assert _row_heads(other) == ["1.1.2", "2.1.2", "5.1.1"]
    assert "first status recorded: Green" in _row(other, "1.1.2")
    assert "moved from Grey to Red" in _row(other, "5.1.1")


def test_newly_overdue_action_is_shown_in_the_section(sept):
    ctx = dataclasses.replace(sept, reporting_date=pd.Timestamp("2022-10-31"))
    html = str(sections.changes_since_previous(ctx))
    late = _block(html, "Actions that became overdue")
    assert _row_heads(late) == ["5.1.1"]
    row = _row(late, "5.1.1")
    assert "Review the website" in row and "September 2022" in row and "Red" in row


FIXTURE_2021 = (
    "DfE, Education, health and care plans, fixture, Fixture release 2022 (published 12 May 2022)"
)


def test_newly_published_comparators(sept):
    area = sept.settings.area
    b = sept.ds.benchmarks

    def figures(prev, now):
        return published_figures(changes.newly_published(b, sept.card, area, prev, now))

    # calendar 2022 ended on 31 Dec 2022 but was published on 20 Jan 2023 (the fixture's
    # calendar): it is news in the cycle that holds its publication, not its end
    assert figures("2022-09-30", "2022-12-31").empty
    new = figures("2022-12-31", "2023-01-31")
    assert list(new["figure"]) == [
        "England: 49.2% for calendar year 2022, first published 20 January 2023. Source: DfE, "
        "Education, health and care plans, fixture, Fixture release 2023 (published 20 "
        "January 2023)"
    ]
    assert list(new["title"]) == ["New plans issued within 20 weeks"]  # A-2 uses the key
    # calendar 2021, first published 12 May 2022: England and the area itself, not the region
    # (65.6) nor neighbours (70.0, 50.0)
    assert list(figures("2022-03-31", "2022-06-30")["figure"]) == [
        f"England: 59.9% for calendar year 2021, first published 12 May 2022. Source: "
        f"{FIXTURE_2021}",
        f"Fixtureshire: 62.2% for calendar year 2021, first published 12 May 2022. Source: "
        f"{FIXTURE_2021}",
    ]
    assert figures("2022-06-30", "2022-09-30").empty


def test_a_related_figure_is_listed_as_related_with_its_definition(sept):
    kpis = sept.ds.kpis.assign(comparator_key=pd.NA, related_key=pd.NA, unit="count")
    kpis.loc[kpis["kpi_id"] == "B-2", "related_key"] = "ehc_plans_20_weeks_ex"
    new = published_figures(
        changes.newly_published(
            sept.ds.benchmarks, kpis, sept.settings.area, "2022-03-31", "2022-06-30"
        )
    )
    assert list(new["figure"]) == [
        "Fixtureshire: 62 for calendar year 2021 (a related figure, not the same measure: "
        "Fixture: plans issued in the calendar year within 20 weeks of the request, exceptions "
        f"left out), first published 12 May 2022. Source: {FIXTURE_2021}"
    ]


def test_newly_published_comparator_in_the_section(sept):
    ctx = dataclasses.replace(sept, previous_date=pd.Timestamp("2022-03-31"))
    html = str(sections.changes_since_previous(ctx))
    table = _block(html, "Published figures first published since 31 March 2022")
    assert "England: 59.9% for calendar year 2021, first published 12 May 2022" in table
    assert "Fixtureshire: 62.2% for calendar year 2021, first published 12 May 2022" in table
    assert "65.6" not in table


def _put(frame, kpi, **values):
    for k, v in values.items():
        frame.loc[frame["kpi_id"] == kpi, k] = v


def test_rating_changes_and_their_direction(sept):
    card, prev = sept.card.copy(), sept.previous_card.copy()

    _put(prev, "A-1", rating="amber")  # now red
    _put(card, "B-1", rating="met")
    _put(prev, "B-1", rating="red")
    _put(prev, "B-2", rating="no_data")  # now amber
    _put(prev, "C-1", rating="green")  # now no_target
    _put(prev, "A-2", rating="no_target")  # now no_data
    html = str(
        sections.changes_since_previous(dataclasses.replace(sept, card=card, previous_card=prev))
    )
    table = _block(html, "Measures whose rating changed")
    row = _row(table, "Plans audited good or better")
    assert "Slightly behind" in row and "Off track" in row and "Worsened" in row
    assert "Mediations" not in table  # B-3: no target at both dates


def test_target_and_trajectory_crossings(sept):
    card, prev = sept.card.copy(), sept.previous_card.copy()

    # A-1 (higher is better): 60.0 behind 63.3 expected on 30 June; 67.0 is ahead of 66.6
    _put(card, "A-1", latest_value=67.0, rating="green")
    # A-2 (withheld in the fixture): 60 behind 62 expected before; 70.0 reaches 70% now
    _put(prev, "A-2", latest_value=60.0, expected_value=62.0, rating="red", latest_symbol="")
    _put(card, "A-2", latest_value=70.0, expected_value=70.0, rating="met", latest_symbol="")
    # B-1 (lower is better): 9 under 9.5 expected was ahead; 9 over 8.5 expected is behind
    _put(prev, "B-1", latest_value=9.0, expected_value=9.5, rating="green")
    _put(card, "B-1", latest_value=9.0, expected_value=8.5, rating="amber")
    # B-2 (maintain, no trajectory): 10 then 9 against a level of 10 is not listed
    _put(prev, "B-2", latest_value=10.0, rating="green")
    html = str(
        sections.changes_since_previous(dataclasses.replace(sept, card=card, previous_card=prev))
    )
    table = _block(html, "Measures that reached their target or crossed their trajectory")
    row = _row(table, "New plans issued within 20 weeks")
    assert "60.0%" in row and "70.0%" in row and "Reached its target (70%)" in row


def test_data_text_is_escaped(sept):
    ctx = copy.deepcopy(sept)
    ctx.ds.actions.loc[ctx.ds.actions["action_ref"] == "2.1.1", "description"] = (
        "<script>alert(1)</script>"
    )
    b = ctx.ds.benchmarks
    b.loc[b["area_code"] == ctx.settings.area.code, "area_name"] = "<b>Fixtureshire</b>"
    ctx.previous_date = pd.Timestamp("2022-03-31")
    html = str(sections.changes_since_previous(ctx))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "&lt;b&gt;Fixtureshire&lt;/b&gt;: 62.2%" in html


# --- the bundled example data, 30 June 2023 against 31 May 2023 ---------------------------


def test_june_2023_against_may_2023(june23):
    assert june23.previous_date == pd.Timestamp("2023-05-31")
    html = str(sections.changes_since_previous(june23))
    ratings = _block(html, "Measures whose rating changed")
    # P4-03 went from On track (9 in May) to Off track (6 in June, down month on month);
    # P4-02 the other way (22 then 36); June 2023 is the plan's end, so P2-09 (Amber in May,
    # 55 of 60 in June) has missed its target
    assert "Worsened" in _row(
        ratings, "Positive &#39;secret shopper&#39; responses on the Local Offer"
    )
    assert "Improved" in _row(
        ratings, "Positive parent/carer responses on the Local Offer&#39;s effectiveness"
    )
    assert "⊘ Target missed" in _row(ratings, "Schools engaged in the Whole School SEND project")
    crossed = _block(html, "Measures that reached their target or crossed their trajectory")
    # requests a month are judged on 12 months' average (62), not June's 50 alone
    assert _row_heads(crossed) == [
        "Hits on the graduated response electronic portal",  # 14,856 then 15,024 of 15,000
        "Practitioners who have completed multi-agency training",  # 44 then 51 of 50
        "Care Act assessments in place by age 17.5 (Adults Transition Team)",
    ]  # 69.4, 70.0
    # calendar 2022's figures were first published on 8 June 2023: new in this cycle
    published = _block(html, "Published figures first published since 31 May 2023")
    assert (
        "England: 49.2% for calendar year 2022, first published 8 June 2023. Source: First "
        "published 8 June 2023 in Reporting year 2023; value as in DfE, Education, health "
        "and care plans, Reporting year 2025 (published 26 June 2025)"
    ) in published
    assert "Rotherham: 51.6% for calendar year 2022, first published 8 June 2023" in published
    blue = _block(html, "Actions that became Blue (complete)")
    # June 2023 updates only the actions due at the plan's end; the others keep May's status
    assert _row_heads(blue) == ["1.5.3"]
    assert "became Blue (was Green)" in _row(blue, "1.5.3")
    assert "No action became overdue." in html
    other = _block(html, "Other changes of action status")
    assert "moved from Green to Amber" in _row(other, "2.7.1")
    assert "1.5.3" not in other


@pytest.mark.parametrize("date", ["2022-12-31", "2023-03-31", "2023-05-31"])
def test_calendar_2022_is_not_news_before_it_was_published(date):
    """The example's packs of December 2022 to May 2023: calendar 2022 had ended, but its
    figures were not published until 8 June 2023."""
    ctx = load_context(date, ROOT / "data", ROOT / "params")
    html = str(sections.changes_since_previous(ctx))
    assert "No published figure was first published in this cycle." in html
    assert "calendar year 2022" not in html
