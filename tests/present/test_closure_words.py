"""A complete action's evidence of closure in the tracker (``sections.common._update_cell``)."""

from __future__ import annotations

import pandas as pd

from wsoa_analysis.present.sections.common import _update_cell

ROW = {
    "commentary": "",
    "progress_as_written": None,
    "closure_missing": False,
    "closure_approved_on": pd.Timestamp("2023-03-31"),
    "closure_approved_by": "the Board",
    "closure_evidence": "Audit report <b>",
    "closure_link": "https://example.org/audit",
    "closure_synthetic": True,
}


def test_the_closure_says_when_by_whom_and_on_what_evidence():
    shown = str(_update_cell(ROW))
    assert "Closure approved on 31 March 2023 by the Board." in shown
    assert "Evidence: Audit report &lt;b&gt;" in shown  # escaped as text
    assert '<a href="https://example.org/audit">the evidence</a>' in shown
    assert "†" in shown


def test_a_missing_closure_is_said_and_a_progress_note_kept():
    shown = str(_update_cell(ROW | {"closure_missing": True, "commentary": "Done in May."}))
    assert shown.startswith("Done in May.") and "Evidence of closure not recorded." in shown


def test_an_action_not_complete_shows_only_its_note():
    plain = ROW | {"closure_approved_on": pd.NaT, "commentary": "Under way."}
    assert str(_update_cell(plain)) == "Under way."
