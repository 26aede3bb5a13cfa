"""The analyses a page shows together, read back as a reader reads the page and attacked
exactly: where a band of weeks within 20 weeks is small, the rolling percentage and the total
beside it give away the plans within 20 weeks, and the band must still not be worked out."""

from __future__ import annotations

import csv
import datetime as dt
import shutil

import pytest
from integer_attack import Attack, Count, Policy
from published import Reading, read_page, record_measures, true_counts

from conftest import MINI
from wsoa_analysis.context import load_context
from wsoa_analysis.present import sections

DATE = "2022-09-30"
# three plans of the 12 months to September 2022 taken 12 weeks, not 18: a band of 3
QUICKER = {  # request id: received, decided
    "FX0046": ("2022-05-14", "2022-06-01"),
    "FX0047": ("2022-05-23", "2022-06-10"),
    "FX0049": ("2022-06-13", "2022-07-01"),
}


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quicker") / "data"
    shutil.copytree(MINI / "data", folder)
    path = folder / "ehc_requests.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    for row in rows[1:]:
        row[1], row[3] = QUICKER.get(row[0], (row[1], row[3]))
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return folder


def read_back(data) -> tuple[Reading, object]:
    ctx = load_context(dt.date.fromisoformat(DATE), data, MINI / "params")
    page = str(sections.timeliness_analysis(ctx)) + str(sections.weeks_to_plan(ctx))
    reading = Reading(DATE, ctx.settings.disclosure.rounding_base)
    read_page(reading, "priority-1", page, record_measures(data)[0])
    return reading, ctx


def test_a_small_band_within_20_weeks_is_not_given_away_by_the_percentage_beside_it(data):
    reading, _ = read_back(data)
    shown = {
        f.subject.part: f
        for f in reading.figures
        if isinstance(f.subject, Count) and "Plans by weeks taken" in f.where
    }
    assert shown["over 10 to 14"].withheld  # 3 plans: small
    assert shown["over 14 to 18"].withheld  # withheld so that 10 to 14 cannot be worked out
    # the chart's last rolling percentage, with "All", gives the plans within 20 weeks
    assert any("rolling" in f.where or "Rolling" in f.where for f in reading.figures)
    attack = Attack(reading.figures, Policy(), true_counts(data))
    hidden = {f.subject for f in reading.figures if f.withheld and isinstance(f.subject, Count)}
    assert attack.findings(sorted(hidden)) == []
    band = "over 10 to 14"
    assert attack.possible(Count("plans", band, shown[band].subject.months), low=5)
