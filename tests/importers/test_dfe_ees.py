"""Reading EES files and published figures (``importers.dfe.ees``)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from dfe_fixtures import (
    HEADER,
    NAN,
    NEW,
    OLD,
    write_csv,
)

from wsoa_analysis.errors import InputError
from wsoa_analysis.importers import dfe

# --- reading a file -----------------------------------------------------------------------


def test_read_ees_csv_drops_the_byte_order_mark_and_reads_text():
    table = dfe.read_ees_csv(NEW)
    assert list(table.columns[:3]) == ["time_period", "time_identifier", "geographic_level"]
    assert all(pd.api.types.is_string_dtype(table[c]) for c in table.columns)
    # CRLF line ends leave nothing behind in the last column
    assert table["requests"].tolist()[:2] == ["1200", "400"]
    # the index is the spreadsheet row number: header is row 1
    assert table.index.tolist() == list(range(2, 17))


def test_read_ees_csv_keeps_figures_as_published_text():
    table = dfe.read_ees_csv(OLD)
    assert table.at[9, "RateOld"] == "59.900000000000"
    assert table.at[2, "region_code"] == ""  # written "" in the file
    assert table.attrs["source"] == str(OLD)


@pytest.mark.parametrize(
    ("text", "row", "message"),
    [
        (
            HEADER + ",x\n2021,Calendar year,National,E92000001,England,,,,,,1\n"
            "2021,Calendar year,National\n",
            3,
            "has 3 fields but the header has 11",
        ),
        ("", None, "is empty"),
    ],
)
def test_read_ees_csv_rejects_malformed_files(tmp_path, text, row, message):
    path = write_csv(tmp_path, text)
    with pytest.raises(InputError) as caught:
        dfe.read_ees_csv(path)
    [problem] = caught.value.problems
    assert (problem.source, problem.row) == (str(path), row)
    assert message in problem.message


def test_read_ees_csv_reports_a_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        dfe.read_ees_csv(tmp_path / "nowhere.csv")


@pytest.mark.parametrize(
    ("text", "value", "symbol"),
    [
        ("59.900000000000", 59.9, None),
        ("62180", 62180.0, None),
        ("0", 0.0, None),
        (" 4.5 ", 4.5, None),
        ("c", NAN, "c"),
        ("x", NAN, "x"),
        ("z", NAN, "z"),
        ("low", NAN, "low"),
        (" C ", NAN, "c"),  # symbols are kept in lower case, as EES defines them
        ("LOW", NAN, "low"),
        ("u", NAN, "u"),
        ("..", NAN, ".."),
        ("", NAN, None),
    ],
)
def test_parse_figure(text, value, symbol):
    got_value, got_symbol = dfe.parse_figure(text)
    assert got_symbol == symbol
    if math.isnan(value):
        assert math.isnan(got_value)  # a symbol is never a zero
    else:
        assert got_value == value


@pytest.mark.parametrize("text", ["12..3", "1,234", "nan", "inf", "-", "12 3", "C1", "n/a"])
def test_parse_figure_rejects_other_text(text):
    with pytest.raises(ValueError, match="neither a number nor a published symbol"):
        dfe.parse_figure(text)
