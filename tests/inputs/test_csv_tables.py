"""Importing a workbook writes CSVs that differ from the previous ones only where the data do:
unchanged rows keep their bytes, unchanged cells their text."""

import re
import shutil

import openpyxl
import pytest

from conftest import MINI, ROOT
from wsoa_analysis.cli import main
from wsoa_analysis.inputs import csv_tables, schema
from wsoa_analysis.inputs import workbook as excel
from wsoa_analysis.inputs import workbook_import as importing


def folder_bytes(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def exported(mini_data, tmp_path):
    return excel.export_workbook(mini_data, tmp_path / "data.xlsx")


def by_table(changes) -> dict:
    return {c.table: c for c in changes}


@pytest.mark.parametrize(
    "before, now, kind, same",
    [
        (63.0, 63.0, "number", True),
        (11520.166666666666, 11520.16666666667, "number", True),  # 17 digits, and 16 in Excel
        (1131.6666666666667, 1131.666666666667, "number", True),
        (0.1 + 0.2, 0.3, "number", True),  # the same to the 15 digits a spreadsheet shows
        (63.0, 63.1, "number", False),
        (1.00000000000001, 1.00000000000002, "number", False),  # 15 digits typed in Excel
        (None, None, "number", True),
        (None, 0.0, "number", False),
        (0.0, None, "number", False),
        ("Head of SEND", "Head of SEND", "text", True),
        ("Head of SEND", "Head of send", "text", False),
        (True, True, "bool", True),
        (True, False, "bool", False),
    ],
)
def test_same_value(before, now, kind, same):
    assert csv_tables.same_value(before, now, kind) is same


def test_example_data_exported_and_imported_unedited_gives_the_same_bytes(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    original = folder_bytes(ROOT / "data")
    # what made the CSVs change before: "63.0", and numbers with more significant digits
    # (17) than a workbook keeps (16)
    assert re.search(rb",\d+\.0,", original["observations.csv"])
    assert re.search(rb",\d+\.\d{13,},", original["benchmarks.csv"])
    xlsx = excel.export_workbook(data, tmp_path / "data.xlsx")
    changes = importing.import_workbook(xlsx, data)
    assert folder_bytes(data) == original
    assert [c.table for c in changes] == list(schema.TABLES)
    assert not any(c.rewritten or c.added or c.changed or c.removed for c in changes)


def test_a_written_afresh_table_is_in_the_contract_form(exported, tmp_path):
    changes = by_table(importing.import_workbook(exported, tmp_path / "out"))
    obs = (tmp_path / "out" / "observations.csv").read_text(encoding="utf-8").splitlines()
    assert obs[1] == "A-1,2021-09-30,52,13,25,,yes"  # no previous file: no 52.0 to keep
    assert changes["observations"].compared is False
    assert changes["observations"].summary() == (
        f"observations.csv: written afresh ({changes['observations'].rows} rows; "
        "no valid file before)"
    )


def test_an_edited_row_keeps_the_text_of_its_unedited_cells(exported, mini_data):
    wb = openpyxl.load_workbook(exported)
    wb["observations"]["F2"] = "checked in audit"  # row 2: A-1,2021-09-30,52.0,...
    wb.save(exported)
    before = (mini_data / "observations.csv").read_text(encoding="utf-8").splitlines()
    changes = by_table(importing.import_workbook(exported, mini_data))
    after = (mini_data / "observations.csv").read_text(encoding="utf-8").splitlines()
    assert after[1] == "A-1,2021-09-30,52.0,13,25,checked in audit,yes"
    assert after[2:] == before[2:] and after[0] == before[0]
    obs = changes["observations"]
    assert (obs.added, obs.changed, obs.removed) == ((), ("A-1 2021-09-30",), ())
    assert obs.rewritten
    assert not changes["priorities"].rewritten


def test_rows_added_changed_and_removed_are_counted_and_named(exported, mini_data):
    wb = openpyxl.load_workbook(exported)
    ws = wb["observations"]
    ws["C3"], ws["D3"] = 60, 12  # A-1 2021-12-31: 55.0 (11/20) -> 60 (12/20)
    ws.delete_rows(4)  # A-1 2022-03-31
    last = ws.max_row + 1
    for j, value in enumerate(["A-1", "2023-03-31", 70, 14, 20, None, "yes"], start=1):
        ws.cell(last, j, value)
    wb.save(exported)
    rows = len(excel.load_dataset(mini_data).observations)
    obs = by_table(importing.import_workbook(exported, mini_data))["observations"]
    assert obs.added == ("A-1 2023-03-31",)
    assert obs.changed == ("A-1 2021-12-31",)
    assert obs.removed == ("A-1 2022-03-31",)
    assert obs.rows == rows
    assert obs.summary() == (
        "observations.csv: 1 added (A-1 2023-03-31), 1 changed (A-1 2021-12-31), "
        f"1 removed (A-1 2022-03-31); {rows} rows"
    )
    text = (mini_data / "observations.csv").read_text(encoding="utf-8")
    assert "A-1,2021-12-31,60,12,20,,yes\n" in text
    assert text.endswith("A-1,2023-03-31,70,14,20,,yes\n")
    assert "2022-03-31" not in text.split("\n", 5)[3]


def test_rows_in_a_new_order_are_no_change_to_the_data(exported, mini_data):
    wb = openpyxl.load_workbook(exported)
    ws = wb["priorities"]
    first = [c.value for c in ws[2]]
    for j, cell in enumerate(ws[3], start=1):
        ws.cell(2, j, cell.value)
        ws.cell(3, j, first[j - 1])
    wb.save(exported)
    lines = (mini_data / "priorities.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    change = by_table(importing.import_workbook(exported, mini_data))["priorities"]
    assert change.summary() == f"priorities.csv: the same rows in a new order; {change.rows} rows"
    after = (mini_data / "priorities.csv").read_text(encoding="utf-8")
    assert after == "".join([lines[0], lines[2], lines[1], *lines[3:]])


def test_a_summary_names_a_few_rows_and_counts_the_rest():
    change = csv_tables.TableChange(
        "kpis", MINI / "kpis.csv", 9, added=("a", "b", "c", "d", "e"), removed=("f",)
    )
    assert change.summary() == "kpis.csv: 5 added (a, b, c and 2 more), 1 removed (f); 9 rows"
    unchanged = csv_tables.TableChange("kpis", MINI / "kpis.csv", 9, rewritten=False)
    assert unchanged.summary() == "kpis.csv: unchanged (9 rows)"


def test_line_endings_and_byte_order_mark_are_kept(exported, mini_data):
    path = mini_data / "priorities.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    kept = path.read_bytes()
    wb = openpyxl.load_workbook(exported)
    last = wb["priorities"].max_row + 1
    for j, value in enumerate(["9", "New area", "A weakness", None, None, 9], start=1):
        wb["priorities"].cell(last, j, value)
    wb.save(exported)
    importing.import_workbook(exported, mini_data)
    assert path.read_bytes() == kept + b"9,New area,A weakness,,,9\r\n"


def test_a_file_without_a_final_line_break_gets_one_before_an_added_row(exported, mini_data):
    path = mini_data / "priorities.csv"
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    unedited = importing.import_workbook(exported, mini_data)
    assert not by_table(unedited)["priorities"].rewritten  # kept as it was, byte for byte
    wb = openpyxl.load_workbook(exported)
    last = wb["priorities"].max_row + 1
    for j, value in enumerate(["9", "New area", "A weakness"], start=1):
        wb["priorities"].cell(last, j, value)
    wb.save(exported)
    before = path.read_bytes()
    importing.import_workbook(exported, mini_data)
    assert path.read_bytes() == before + b"\n9,New area,A weakness,,,\n"


def test_reordered_columns_are_written_in_contract_order_and_count_as_no_change(
    exported, mini_data
):
    path = mini_data / "priorities.csv"
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == schema.PRIORITIES.column_names
    path.write_text("\n".join(",".join([r[1], r[0], *r[2:]]) for r in rows) + "\n")
    change = by_table(importing.import_workbook(exported, mini_data))["priorities"]
    assert change.rewritten and not (change.added or change.changed or change.removed)
    assert change.headings
    assert change.summary() == (
        f"priorities.csv: headings written as the contract has them; {change.rows} rows"
    )
    assert path.read_text(encoding="utf-8") == "\n".join(",".join(r) for r in rows) + "\n"


def test_unchanged_files_are_not_written_at_all(exported, mini_data, monkeypatch):
    importing.import_workbook(exported, mini_data)  # the fixture's CSVs in the contract's shape
    written = []
    real = importing._write_csv
    monkeypatch.setattr(
        importing, "_write_csv", lambda text, path: written.append(path.name) or real(text, path)
    )
    importing.import_workbook(exported, mini_data)
    assert written == []


def test_cli_import_says_what_changed(exported, mini_data, capsys):
    wb = openpyxl.load_workbook(exported)
    wb["observations"]["C3"], wb["observations"]["D3"] = 60, 12
    wb.save(exported)
    assert main(["import", str(exported), "--data", str(mini_data)]) == 0
    out = capsys.readouterr().out
    assert "observations.csv: 1 changed (A-1 2021-12-31);" in out
    assert "priorities.csv: unchanged" in out
    assert main(["import", str(exported), "--data", str(mini_data)]) == 0
    assert "nothing changed" in capsys.readouterr().out
