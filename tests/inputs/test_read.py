"""Reading tables as text: a CSV row with too many values, and an Excel workbook's sheets
(named exactly, hidden ones, formulas Excel never saved a value for)."""

import shutil

import openpyxl
import pytest

from conftest import MINI, rows_of
from wsoa_analysis.errors import InputError
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs.load import load_dataset
from wsoa_analysis.inputs.read import read_raw_tables


@pytest.mark.parametrize("row", [2, 4])
def test_a_row_with_more_values_than_the_header_is_refused(mini_data, row):
    path = mini_data / "kpis.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[row - 1] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_dataset(mini_data)
    width = len(rows_of(MINI / "data" / "kpis.csv")[0])
    assert f"kpis.csv row {row}: has {width + 1} values but the header has {width} columns" in (
        str(info.value)
    )


def _workbook(path, edit=None):
    """The fixture data as a workbook (a sheet per table, as text), edited by ``edit``."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in schema.TABLES:
        csv = MINI / "data" / f"{name}.csv"
        if csv.exists():
            ws = wb.create_sheet(name)
            for row in rows_of(csv):
                ws.append(row)
    if edit:
        edit(wb)
    wb.save(path)
    return path


def _problems(path) -> str:
    _, problems = read_raw_tables(path)
    return "\n".join(str(p) for p in problems)


def test_a_hidden_stale_sheet_does_not_replace_the_visible_one(tmp_path):
    def stale(wb):
        ws = wb.create_sheet("kpis ")
        ws.append(["kpi_id"])
        ws.append(["STALE"])
        ws.sheet_state = "hidden"

    raws, problems = read_raw_tables(_workbook(tmp_path / "w.xlsx", stale))
    kpis = next(r for r in raws if r.name == "kpis")
    assert "STALE" not in kpis.frame["kpi_id"].tolist() and not problems


def test_a_hidden_table_sheet_is_refused(tmp_path):
    def hide(wb):
        wb["kpis"].sheet_state = "hidden"

    assert "w.xlsx: sheet 'kpis' is hidden: unhide it" in _problems(
        _workbook(tmp_path / "w.xlsx", hide)
    )


def test_a_sheet_named_only_nearly_after_a_table_is_refused(tmp_path):
    def rename(wb):
        wb["kpis"].title = "KPIs "

    assert "w.xlsx: has a sheet named 'KPIs ': rename it exactly 'kpis'" in _problems(
        _workbook(tmp_path / "w.xlsx", rename)
    )


def test_a_formula_without_a_saved_value_is_named_not_called_empty(tmp_path):
    def formula(wb):
        wb["observations"]["C3"] = "=B2*2"  # value, row 3: openpyxl saves no value for it

    path = _workbook(tmp_path / "w.xlsx", formula)
    with pytest.raises(InputError) as info:
        load_dataset(path)
    text = str(info.value)
    assert (
        "w.xlsx sheet observations row 3, column value: '=B2*2': is a formula without a saved "
        "value: open the workbook in Excel and save it"
    ) in text
    assert "is empty" not in text


def test_rows_are_named_as_excel_shows_them_after_a_blank_row(tmp_path):
    def gap(wb):
        ws = wb["observations"]
        ws.insert_rows(3)
        ws["C5"] = "n/a"

    with pytest.raises(InputError) as info:
        load_dataset(_workbook(tmp_path / "w.xlsx", gap))
    assert "w.xlsx sheet observations row 5, column value: 'n/a': is not a number" in str(
        info.value
    )


def test_a_workbook_from_the_fixture_reads_cleanly(tmp_path):
    shutil.copytree(MINI / "data", tmp_path / "data")
    assert not _problems(_workbook(tmp_path / "w.xlsx"))
