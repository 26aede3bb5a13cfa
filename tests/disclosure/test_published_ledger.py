"""The figure ledger (``figures.csv`` and the workbook's "Figures" sheet) carries each figure
computed from the requests as shown, never the exact fraction behind it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from published import Reading, read_ledger, read_workbook, record_measures

from conftest import ROOT
from wsoa_analysis.render.ledger import FIGURES
from wsoa_analysis.render.xlsx import published_ledger, write_downloads

DATE = dt.date(2023, 6, 30)


def test_the_ledger_publishes_figures_from_requests_as_shown(tmp_path):
    path = write_downloads(tmp_path / "data.xlsx", DATE, ROOT / "data", ROOT / "params")
    reading = Reading(DATE.isoformat(), 1)
    read_workbook(reading, path, record_measures(ROOT / "data")[1])
    read_ledger(reading, tmp_path / FIGURES)
    assert not reading.too_exact, "\n".join(reading.too_exact)
    # read at all: the rolling figures, the years, the bands, the requests and their average
    read = {f.where.split(" row ")[0] for f in reading.figures}
    assert {"2023-06-30/data.xlsx, sheet 'Figures'", "2023-06-30/figures.csv"} <= read
    assert sum("average" in f.where for f in reading.figures) >= 2


def test_only_figures_from_the_requests_are_rounded():
    ledger = pd.DataFrame(
        {
            "source": ["ehc_requests.csv: requests received", "kpis.csv: baseline_value"],
            "value": [62.083333333333336, 57.25],
            "unit": ["rate_per_month", "percent"],
        }
    )
    assert published_ledger(ledger)["value"].tolist() == [62.0, 57.25]
