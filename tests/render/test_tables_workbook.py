import openpyxl
import pandas as pd
import pytest

from wsoa_analysis.inputs.xlsx_file import excel_text
from wsoa_analysis.render import tables_workbook as excel

INJECTED = [
    "=1+1",
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    "\t=1",
    "\r=1",
    '  =HYPERLINK("http://x")',
    " \t1",
    "\n=1",
    "＝1+1",
    '\x00=HYPERLINK("http://x")',  # control characters an .xlsx file cannot keep
    "\x01\x1f+SUM(A1)",
    "\x0b@cmd",
    "\u200b-2+3",  # a zero-width space
]
ORDINARY = ["Plans issued", "a=b", "O'Brien", "2022-08-31", "", "– en dash", "52%"]


@pytest.fixture
def download(tmp_path):
    frame = pd.DataFrame(
        {
            "text": INJECTED + ORDINARY,
            "number": [-5, 2.5, None, *range(len(INJECTED) + len(ORDINARY) - 3)],
        }
    )
    frame["number"] = frame["number"].astype("Float64")
    path = excel.write_tables_workbook(
        {"values": frame, "=bad name": frame.head(1)},
        tmp_path / "tables.xlsx",
        notes="=notes line\nplain",
    )
    return openpyxl.load_workbook(path)


@pytest.mark.parametrize("i, value", list(enumerate(INJECTED)))
def test_formula_like_text_is_written_as_text_with_an_apostrophe(download, i, value):
    cell = download["values"].cell(row=i + 2, column=1)
    # an .xlsx file cannot keep a carriage return (XML reads it back as a line feed) or most
    # control characters (dropped): what is left must still begin with the apostrophe
    assert cell.value == "'" + excel_text(value).replace("\r", "\n")
    assert cell.data_type == "s"


@pytest.mark.parametrize("i, value", [(i + len(INJECTED), v) for i, v in enumerate(ORDINARY)])
def test_ordinary_text_is_unchanged(download, i, value):
    cell = download["values"].cell(row=i + 2, column=1)
    assert cell.value == (value or None)


def test_numbers_stay_numbers(download):
    ws = download["values"]
    assert (ws["B2"].value, ws["B2"].data_type) == (-5, "n")
    assert (ws["B3"].value, ws["B3"].data_type) == (2.5, "n")
    assert ws["B4"].value is None
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_download_notes_and_sheet_names(download):
    assert download.sheetnames == ["notes", "values", "=bad name"]  # never evaluated
    rows = list(download["notes"].iter_rows(values_only=True))
    assert rows[0][0] == "'=notes line" and rows[1][0] == "plain"
    assert ("'=bad name", "'=bad name", 1) in rows
    assert ("values", "values", len(INJECTED) + len(ORDINARY)) in rows
    assert download["values"]["A1"].font.bold and download["values"].freeze_panes == "A2"


def test_a_named_index_is_written_as_columns(tmp_path):
    counts = pd.crosstab(
        pd.Series(["1", "1", "2"], name="priority_id"),
        pd.Series(["Green", "Red", "Green"], name="status"),
    )
    path = excel.write_tables_workbook({"counts": counts}, tmp_path / "t.xlsx")
    rows = list(openpyxl.load_workbook(path)["counts"].iter_rows(values_only=True))
    assert rows == [("priority_id", "Green", "Red"), ("1", 1, 1), ("2", 1, 0)]


def test_download_workbook_is_the_same_every_time(tmp_path):
    tables = {"t": pd.DataFrame({"a": ["x", "=y"], "d": pd.to_datetime(["2022-08-31", None])})}
    first = excel.write_tables_workbook(tables, tmp_path / "a.xlsx", notes="n")
    second = excel.write_tables_workbook(tables, tmp_path / "b.xlsx", notes="n")
    assert first.read_bytes() == second.read_bytes()
    ws = openpyxl.load_workbook(first)["t"]
    assert ws["B2"].is_date and ws["B2"].number_format == "yyyy-mm-dd"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ('  =HYPERLINK("http://x")', '\'  =HYPERLINK("http://x")'),
        ("＝1+1", "'＝1+1"),
        ('\x00=HYPERLINK("x")', '\'\x00=HYPERLINK("x")'),
        ("\x1c\x1d\x1e\x1f@cmd", "'\x1c\x1d\x1e\x1f@cmd"),
        ("\x7f\ufeff+1", "'\x7f\ufeff+1"),
        ("\x00Plans", "\x00Plans"),
        ("Plans issued", "Plans issued"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, "-5"),
        (-2.5, "-2.5"),
        (52.0, "52"),
        (0.1, "0.1"),
        (None, ""),
        (pd.NA, ""),
        (float("nan"), ""),
        (True, "yes"),
        (False, "no"),
        (pd.Timestamp("2022-08-31"), "2022-08-31"),
        (pd.Timestamp("2022-08-31 09:30"), "2022-08-31 09:30:00"),
    ],
)
def test_safe_cell_text(value, expected):
    assert excel.safe_cell_text(value) == expected


@pytest.mark.parametrize(
    "name, taken, expected",
    [
        ("Scorecard", [], "Scorecard"),
        ("Scorecard: Q1 [draft]", [], "Scorecard_ Q1 _draft_"),
        ("a/b\\c*d?e", [], "a_b_c_d_e"),
        ("A table with a very long name indeed", [], "A table with a very long name i"),
        ("notes", ["notes"], "notes (2)"),
        ("Notes", ["notes", "notes (2)"], "Notes (3)"),
        (
            "A table with a very long name indeed",
            ["A table with a very long name i"],
            "A table with a very long na (2)",
        ),
        ("'quoted'", [], "quoted"),
        ("", [], "table_"),
        ("History", [], "History_"),
    ],
)
def test_safe_sheet_name(name, taken, expected):
    got = excel.safe_sheet_name(name, taken)
    assert got == expected
    assert len(got) <= 31


def test_sheet_names_made_unique_in_a_workbook(tmp_path):
    frame = pd.DataFrame({"a": [1]})
    long = "Measures by priority area and reporting period"
    path = excel.write_tables_workbook(
        {long + " A": frame, long + " B": frame, "notes": frame}, tmp_path / "t.xlsx"
    )
    assert openpyxl.load_workbook(path).sheetnames == [
        "notes",
        "Measures by priority area and r",
        "Measures by priority area a (2)",
        "notes (2)",
    ]


def test_the_input_and_output_workbooks_share_only_the_file_writer():
    import ast
    import subprocess
    import sys

    code = (
        "import sys, importlib; importlib.import_module(sys.argv[1]); "
        "print(sorted(m for m in sys.modules if m.startswith(('wsoa_analysis.inputs', "
        "'wsoa_analysis.render'))))"
    )

    def loaded(module):
        out = subprocess.run(
            [sys.executable, "-c", code, module], capture_output=True, text=True, check=True
        )
        return ast.literal_eval(out.stdout)

    assert not [m for m in loaded("wsoa_analysis.inputs.workbook") if "render" in m]
    assert [m for m in loaded("wsoa_analysis.render.tables_workbook") if ".inputs" in m] == [
        "wsoa_analysis.inputs",
        "wsoa_analysis.inputs.xlsx_file",
    ]
