"""Evidence of completion beside the status (``domain/closures.py``)."""

from __future__ import annotations

import pandas as pd

from wsoa_analysis.domain.closures import with_closures

TRACKER = pd.DataFrame(
    {"action_ref": ["1.1", "1.2", "1.3", "1.4"], "status": ["Blue", "Blue", "Green", "Blue"]}
)
CLOSURES = pd.DataFrame(
    {
        "action_ref": ["1.1", "1.3", "1.4"],
        "approved_on": pd.to_datetime(["2023-03-31", "2023-03-31", "2023-09-30"]),
        "approved_by": ["Audit panel", None, None],
        "evidence": ["Audit report", "Minutes", "Later"],
        "evidence_link": [None, None, None],
        "synthetic": [False, True, True],
    }
)


def test_a_complete_action_shows_its_closure_and_a_missing_one_is_flagged():
    got = with_closures(TRACKER, CLOSURES, "2023-06-30", "the Board").set_index("action_ref")
    assert got.loc["1.1", "closure_approved_by"] == "Audit panel"
    assert got.loc["1.1", "closure_evidence"] == "Audit report"
    assert not got.loc["1.1", "closure_missing"]
    assert got.loc["1.2", "closure_missing"]  # Blue, no closure recorded
    # approved after the reporting date: not yet evidence at this date
    assert got.loc["1.4", "closure_missing"] and pd.isna(got.loc["1.4", "closure_evidence"])


def test_a_closure_beside_a_status_that_is_not_complete_is_not_shown():
    got = with_closures(TRACKER, CLOSURES, "2023-06-30", "the Board").set_index("action_ref")
    assert pd.isna(got.loc["1.3", "closure_evidence"]) and not got.loc["1.3", "closure_missing"]


def test_the_board_in_the_settings_approves_where_the_row_names_no_one():
    late = with_closures(TRACKER, CLOSURES, "2023-12-31", "the Board").set_index("action_ref")
    assert late.loc["1.4", "closure_approved_by"] == "the Board"
    assert late.loc["1.4", "closure_synthetic"]


def test_no_closures_table_flags_every_complete_action():
    got = with_closures(TRACKER, None, "2023-06-30")
    assert got["closure_missing"].tolist() == [True, True, False, True]
