"""Every measure of the example, at every cycle: the rating, the progress and the target never
contradict one another (a measure "Off track" at 104% of the way, or "Target met" short of
it). The rules that make them live apart (``domain/rating.py``, ``domain/targets.py``); this
reads them together, as a committee does."""

from __future__ import annotations

import math

import pytest

from conftest import ROOT
from wsoa_analysis.config.settings import read_cycle_files
from wsoa_analysis.context import load_context

CYCLES = [c.reporting_date.isoformat() for _, c in read_cycle_files(ROOT / "params").good]
BEHIND_OR_ON_THE_WAY = {"green", "amber", "red"}


@pytest.mark.parametrize("date", CYCLES)
def test_rating_and_progress_agree_for_every_measure(date):
    card = load_context(date, ROOT / "data", ROOT / "params").card
    problems = []
    for _, row in card.iterrows():
        progress = row["progress"]
        if progress is None or (isinstance(progress, float) and math.isnan(progress)):
            continue
        if row["rating"] in BEHIND_OR_ON_THE_WAY and progress >= 100:
            problems.append(f"{row['kpi_id']}: {row['rating']} at {progress:.0f}% of the way")
        if row["rating"] == "met" and progress < 100:
            problems.append(f"{row['kpi_id']}: target met at {progress:.0f}% of the way")
        if row["rating"] == "missed" and progress >= 100:
            problems.append(f"{row['kpi_id']}: target missed at {progress:.0f}% of the way")
    assert problems == []


def test_every_cycle_is_checked():
    assert len(CYCLES) >= 6
