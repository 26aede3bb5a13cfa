"""Combining releases (``importers.dfe.releases``)."""

from __future__ import annotations

import pandas as pd
import pytest
from dfe_fixtures import (
    LA,
    NAN,
    long_frame,
)
from pandas.testing import assert_frame_equal

from wsoa_analysis.importers import dfe

# --- combining releases -------------------------------------------------------------------


def release_part(source, rows):
    """Rows (area code, period, value, symbol) of measure "m" from one release."""
    frame = long_frame(
        [
            (code, "Area", LA, period, f"{period}-01-01", f"{period}-12-31", value, symbol)
            for code, period, value, symbol in rows
        ]
    )
    return frame.assign(measure_key="m", unit="count", source=source)


def test_combine_releases_keeps_every_release_and_records_differences():
    older = release_part(
        "old",
        [
            ("A", "2020", 1.0, None),
            ("A", "2021", 2.0, None),
            ("B", "2021", NAN, "c"),
            ("C", "2021", 5.0, None),
        ],
    )
    newer = release_part(
        "new",
        [
            ("A", "2021", 2.0, None),
            ("B", "2021", 3.0, None),
            ("C", "2021", 5.5, None),
            ("A", "2022", NAN, "x"),
        ],
    )
    combined, differences = dfe.combine_releases([older, newer])
    got = combined[["area_code", "time_period", "value", "symbol", "source"]]
    # every release's figure is kept, in the releases' order: which a pack shows depends
    # on its date
    expected = pd.DataFrame(
        {
            "area_code": pd.Series(["A", "A", "B", "C", "A", "B", "C", "A"], dtype=str),
            "time_period": pd.Series(
                ["2020", "2021", "2021", "2021", "2021", "2021", "2021", "2022"], dtype=str
            ),
            "value": [1.0, 2.0, NAN, 5.0, 2.0, 3.0, 5.5, NAN],
            "symbol": pd.Series([None, None, "c", None, None, None, None, "x"], dtype=str),
            "source": pd.Series(["old"] * 4 + ["new"] * 4, dtype=str),
        }
    )
    assert_frame_equal(got.reset_index(drop=True), expected)
    assert differences[
        ["area_code", "time_period", "older_value", "older_symbol", "newer_value"]
    ].to_dict("records") == [
        {
            "area_code": "B",
            "time_period": "2021",
            "older_value": pytest.approx(NAN, nan_ok=True),
            "older_symbol": "c",
            "newer_value": 3.0,
        },
        {
            "area_code": "C",
            "time_period": "2021",
            "older_value": 5.0,
            "older_symbol": pytest.approx(NAN, nan_ok=True),
            "newer_value": 5.5,
        },
    ]


def test_combine_releases_that_agree_have_no_differences():
    older = release_part("old", [("A", "2021", 59.9, None), ("B", "2021", NAN, "z")])
    newer = release_part("new", [("A", "2021", 59.9, None), ("B", "2021", NAN, "z")])
    combined, differences = dfe.combine_releases([older, newer])
    assert differences.empty
    assert combined["source"].tolist() == ["old", "old", "new", "new"]


def test_combine_releases_records_a_symbol_replaced_by_another():
    older = release_part("old", [("A", "2021", NAN, "c")])
    newer = release_part("new", [("A", "2021", NAN, "x")])
    combined, differences = dfe.combine_releases([older, newer])
    assert combined["symbol"].tolist() == ["c", "x"]
    assert differences[["older_symbol", "newer_symbol"]].to_dict("records") == [
        {"older_symbol": "c", "newer_symbol": "x"}
    ]
