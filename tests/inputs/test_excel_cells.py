"""A percentage typed in Excel as 59% (stored as 0.59, shown with a % number format) is read
as 59, never as 0.59 shown as 0.6%."""

import pytest
from test_read import _workbook

from wsoa_analysis.inputs.excel_cells import cell_text, is_percent_format
from wsoa_analysis.inputs.load import load_dataset


@pytest.mark.parametrize(
    "value, number_format, expected",
    [
        (0.59, "0%", "59%"),
        (0.575, "0.0%", "57.5%"),
        (1, "0%", "100%"),
        (0.59, "General", "0.59"),
        (59, '0"%"', "59"),  # a % in quotes is a literal sign: the value is 59 already
        (61.0, None, "61"),
    ],
)
def test_a_percent_formatted_cell_reads_as_the_percentage_it_shows(value, number_format, expected):
    assert cell_text(value, number_format) == expected


def test_only_an_unquoted_percent_sign_makes_a_percentage():
    assert is_percent_format("0.00%;[Red]-0.00%")
    assert not is_percent_format("0\\%") and not is_percent_format(None)


def test_a_percentage_typed_in_excel_arrives_as_a_percentage(tmp_path):
    def typed_as_percent(wb):
        ws = wb["observations"]
        head = [c.value for c in ws[1]]
        cell = ws.cell(row=2, column=head.index("value") + 1)  # A-1, 52% of 13/25
        cell.value, cell.number_format = 0.52, "0%"

    ds = load_dataset(_workbook(tmp_path / "w.xlsx", typed_as_percent))
    a1 = ds.observations[ds.observations["kpi_id"] == "A-1"].iloc[0]
    assert a1["value"] == 52  # not 0.52, which the pack would show as 0.5%
    notes = "\n".join(str(n) for n in ds.notes)
    assert "sheet observations row 2, column value: '52%': read as 52" in notes  # said so
