import csv
import re
import shutil
import zipfile

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from conftest import MINI
from wsoa_analysis.errors import InputError, ParameterError
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs import workbook as excel
from wsoa_analysis.inputs import workbook_import as importing
from wsoa_analysis.inputs import workbook_notes as notes
from wsoa_analysis.inputs.load import load_dataset

# The drop-down lists a data-entry workbook must carry, written out by hand from the contract.
EXPECTED_LISTS = {
    ("kpis", "unit"): [
        "percent",
        "count",
        "rate_per_month",
        "rate_per_n",
        "weeks",
        "days",
        "milestone",
    ],
    ("kpis", "polarity"): ["higher", "lower", "hold"],
    ("kpis", "target_kind"): [
        "absolute",
        "relative",
        "maintain",
        "reduce",
        "increase",
        "month_on_month",
        "national_average",
        "to_be_set",
    ],
    ("kpis", "frequency"): [
        "monthly",
        "quarterly",
        "half_yearly",
        "academic_year",
        "financial_year",
        "calendar_year",
        "termly",
        "january_census",
    ],
    ("kpis", "source"): ["local", "published"],
    ("kpis", "method"): ["observed", "ehc_requests_per_month", "ehc_issued_within_20_weeks"],
    ("kpis", "small_counts"): ["suppress", "show"],
    ("ehc_requests", "decision"): ["yes", "no", "pending", "withdrawn"],
    ("action_updates", "status"): ["Blue", "Green", "Amber", "Red", "Grey"],
    ("action_updates", "synthetic"): ["yes", "no"],
    ("kpis", "baseline_period_assumed"): ["yes", "no"],
    ("observations", "synthetic"): ["yes", "no"],
    ("ehc_requests", "exception_applies"): ["yes", "no"],
    ("ehc_requests", "synthetic"): ["yes", "no"],
    ("benchmarks", "symbol"): ["c", "x", "z", "low", "u"],
    ("benchmarks", "period_kind"): ["calendar_year", "academic_year", "financial_year", "census"],
    # the story's tables (inputs/schema_story.py)
    ("highlights", "kind"): ["progress", "went_well", "decision_needed", "next_step"],
    ("highlights", "synthetic"): ["yes", "no"],
    ("risks", "rag"): ["red", "amber", "green"],
    ("risks", "synthetic"): ["yes", "no"],
    ("voice", "source_kind"): ["forum", "survey", "case_file", "other"],
    ("voice", "kind"): ["quote", "case_study"],
    ("voice", "consent"): ["yes", "no"],
    ("voice", "synthetic"): ["yes", "no"],
    ("recommendations", "status"): ["not_started", "in_progress", "complete", "not_accepted"],
    ("recommendations", "synthetic"): ["yes", "no"],
    ("closures", "synthetic"): ["yes", "no"],
}


# The id columns whose drop-down offers the ids of another sheet, by hand from the contract.
EXPECTED_REFERENCES = {
    ("kpis", "priority_id"): ("priorities", "A"),
    ("actions", "priority_id"): ("priorities", "A"),
    ("action_updates", "action_ref"): ("actions", "A"),
    ("observations", "kpi_id"): ("kpis", "A"),
    ("highlights", "priority_id"): ("priorities", "A"),
    ("risks", "priority_id"): ("priorities", "A"),
    ("voice", "priority_id"): ("priorities", "A"),
    ("closures", "action_ref"): ("actions", "A"),
}


def letter(table: str, column: str) -> str:
    return get_column_letter(schema.TABLES[table].column_names.index(column) + 1)


def folder_bytes(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = excel.write_template(tmp_path_factory.mktemp("template") / "template.xlsx")
    return openpyxl.load_workbook(path)


@pytest.fixture
def exported(tmp_path):
    return excel.export_workbook(MINI / "data", tmp_path / "data.xlsx")


# --- the template ---------------------------------------------------------------------------


def test_template_has_notes_then_a_sheet_per_table(template):
    assert template.sheetnames == [
        "notes",
        "priorities",
        "kpis",
        "actions",
        "action_updates",
        "observations",
        "ehc_requests",
        "benchmarks",
        "dfe_releases",
        "highlights",
        "risks",
        "voice",
        "recommendations",
        "closures",
    ]


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_template_headings_are_the_contract_in_order(template, table):
    ws = template[table]
    headings = [c.value for c in ws[1]]
    assert headings == schema.TABLES[table].column_names
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(headings))}1"
    assert ws.max_row == 1  # no data, no stray rows
    assert all(
        ws.column_dimensions[get_column_letter(j)].width >= len(h)
        for j, h in enumerate(headings, start=1)
    )


def test_template_headings_of_kpis_by_hand(template):
    assert [c.value for c in template["kpis"][1]][:6] == [
        "kpi_id",
        "priority_id",
        "title",
        "unit",
        "polarity",
        "baseline_value",
    ]


def notes_rows(wb) -> list[tuple]:
    return list(wb["notes"].iter_rows(values_only=True))


def test_notes_describe_every_column_of_every_table(template):
    described = {(r[0], r[1]) for r in notes_rows(template)}
    expected = {(t.name, c.name) for t in schema.TABLES.values() for c in t.columns}
    assert expected <= described
    # 60, related_key, 7 on benchmarks, dfe_releases' 5, judged_by,
    # baseline_period_assumed, progress_as_written, small_counts (77); the measure kinds' 4;
    # the story's four tables, 35; closures, 6
    assert len(expected) == 122


@pytest.mark.parametrize(
    "table, column, expected",
    [
        (
            "kpis",
            "unit",
            (
                "kpis",
                "unit",
                "one of the values listed",
                "required",
                "What a value is",
                "percent",
                "percent, count, rate_per_month, rate_per_n, weeks, days, milestone",
            ),
        ),
        (
            "kpis",
            "baseline_date",
            (
                "kpis",
                "baseline_date",
                "date (YYYY-MM-DD)",
                "may be empty",
                "Last day of the baseline period",
                "2021-06-30",
                None,
            ),
        ),
        (
            "observations",
            "synthetic",
            (
                "observations",
                "synthetic",
                "yes/no",
                "optional column",
                "yes where the value is invented example data",
                None,
                "yes, no",
            ),
        ),
        (
            "action_updates",
            "status",
            (
                "action_updates",
                "status",
                "text",
                "required",
                None,
                "Green",
                "Blue, Green, Amber, Red, Grey",
            ),
        ),
    ],
)
def test_notes_row_of_a_column(template, table, column, expected):
    row = next(r for r in notes_rows(template) if r[:2] == (table, column) and r[2])
    assert row[:4] == expected[:4]
    if expected[4] is not None:
        assert row[4] == expected[4]
    assert row[5:7] == expected[5:7]


def test_notes_give_the_meaning_of_coded_values(template):
    rows = notes_rows(template)
    assert ("kpis", "polarity", "hold", "hold steady: movement either way is a concern") in [
        r[:4] for r in rows
    ]
    assert ("action_updates", "status", "Grey", "Awaiting start") in [r[:4] for r in rows]
    assert any("31/08/2022 is refused" in (r[0] or "") for r in rows)


def validations(ws) -> dict[str, object]:
    """Each validated column's letter, with its validation."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            assert rng.min_col == rng.max_col
            found[get_column_letter(rng.min_col)] = dv
    return found


@pytest.mark.parametrize("table, column", list(EXPECTED_LISTS))
def test_template_lists_the_allowed_values_of_a_column(template, table, column):
    dv = validations(template[table])[letter(table, column)]
    values = EXPECTED_LISTS[(table, column)]
    assert dv.type == "list"
    assert dv.formula1 == '"' + ",".join(values) + '"'
    col = letter(table, column)
    assert f"{col}2" in dv.sqref and f"{col}1000" in dv.sqref
    assert f"{col}1" not in dv.sqref and f"{col}1001" not in dv.sqref
    assert dv.showErrorMessage and dv.allow_blank
    assert dv.error == f"{table}.{column} must be one of: {', '.join(values)}"


def test_template_lists_nothing_else(template):
    found = {
        (table, column)
        for table in schema.TABLES
        for column in schema.TABLES[table].column_names
        if letter(table, column) in validations(template[table])
    }
    assert found == set(EXPECTED_LISTS) | set(EXPECTED_REFERENCES)


@pytest.mark.parametrize(
    "table, column, expected",
    [
        ("kpis", "baseline_date", "yyyy-mm-dd"),
        ("kpis", "target_date", "yyyy-mm-dd"),
        ("observations", "period_end", "yyyy-mm-dd"),
        ("ehc_requests", "plan_issued_date", "yyyy-mm-dd"),
        ("benchmarks", "period_start", "yyyy-mm-dd"),
        ("actions", "objective_ref", "@"),  # text stays text: 1.10 is not 1.1
        ("actions", "target_date_as_written", "@"),  # "July 2022" is not turned into a date
        ("observations", "value", "General"),
    ],
)
def test_template_column_formats(template, table, column, expected):
    assert template[table].column_dimensions[letter(table, column)].number_format == expected


def test_every_date_column_is_formatted_as_a_date(template):
    dates = [
        (t.name, c.name) for t in schema.TABLES.values() for c in t.columns if c.kind == "date"
    ]
    # 10, published_on twice, first_published_on, the story's 6 and closures.approved_on
    assert len(dates) == 20
    for table, column in dates:
        ws = template[table]
        assert ws.column_dimensions[letter(table, column)].number_format == "yyyy-mm-dd"


def test_template_is_the_same_every_time(tmp_path):
    first = excel.write_template(tmp_path / "a.xlsx")
    second = excel.write_template(tmp_path / "b.xlsx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("1980-01-01T00:00:00Z") == 2  # created and modified


def test_an_empty_template_loads(tmp_path):
    dataset = load_dataset(excel.write_template(tmp_path / "template.xlsx"))
    assert {name: len(frame) for name, frame in dataset.tables.items()} == dict.fromkeys(
        schema.TABLES, 0
    )


# --- export and import --------------------------------------------------------------------


def assert_same_data(left, right):
    for name in schema.TABLES:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def test_round_trip_gives_back_the_same_data(exported, tmp_path):
    written = [change.path for change in importing.import_workbook(exported, tmp_path / "out")]
    assert written == [tmp_path / "out" / f"{name}.csv" for name in schema.TABLES]
    assert_same_data(load_dataset(tmp_path / "out"), load_dataset(MINI / "data"))


def test_exported_sheets_hold_typed_cells(exported):
    wb = openpyxl.load_workbook(exported)
    obs = wb["observations"]
    assert [c.value for c in obs[1]] == schema.OBSERVATIONS.column_names
    assert obs["A2"].value == "A-1" and obs["A2"].data_type == "s"
    assert obs["B2"].is_date and obs["B2"].number_format == "yyyy-mm-dd"
    assert obs["C2"].value == 52 and obs["C2"].data_type == "n"
    assert obs["G2"].value == "yes"
    assert wb["priorities"]["A2"].value == "1" and wb["priorities"]["A2"].data_type == "s"
    assert obs.auto_filter.ref == f"A1:G{len(load_dataset(MINI / 'data').observations) + 1}"
    assert "C2" in validations(wb["action_updates"])["C"].sqref  # the lists come too


def test_imported_csvs_are_plain_text(exported, tmp_path):
    importing.import_workbook(exported, tmp_path / "out")
    obs = (tmp_path / "out" / "observations.csv").read_text(encoding="utf-8").splitlines()
    assert obs[0] == "kpi_id,period_end,value,numerator,denominator,note,synthetic"
    assert obs[1] == "A-1,2021-09-30,52,13,25,,yes"  # 52.0 in the fixture: no spurious .0
    assert "A-1,2022-03-31,57.5,23,40,,yes" in obs
    priorities = (tmp_path / "out" / "priorities.csv").read_text(encoding="utf-8")
    assert (
        priorities.splitlines()[1] == "1,Plans & assessments,The quality of plans,"
        "Plans are good,Head of SEND,1"
    )


def test_text_that_looks_like_a_formula_round_trips_unchanged(mini_data, tmp_path):
    path = mini_data / "action_updates.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[1][3], rows[2][3], rows[3][3] = "=1+1", "#N/A", "-2 since June"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    xlsx = excel.export_workbook(mini_data, tmp_path / "data.xlsx")
    ws = openpyxl.load_workbook(xlsx)["action_updates"]
    assert (ws["D2"].value, ws["D2"].data_type) == ("=1+1", "s")  # shown, never evaluated
    assert (ws["D3"].value, ws["D3"].data_type) == ("#N/A", "s")  # text, not an error
    importing.import_workbook(xlsx, tmp_path / "out")
    back = load_dataset(tmp_path / "out")
    assert back.action_updates["commentary"].tolist()[:3] == ["=1+1", "#N/A", "-2 since June"]
    assert_same_data(back, load_dataset(mini_data))


def test_import_writes_normalised_values(exported, tmp_path):
    wb = openpyxl.load_workbook(exported)
    wb["kpis"]["E2"] = " Higher "
    wb["observations"]["G3"] = "Y"
    wb["observations"]["B3"] = "2021-12-31"  # text, not a date cell
    wb["kpis"]["F2"] = "50%"
    wb.save(exported)
    importing.import_workbook(exported, tmp_path / "out")
    kpis = (tmp_path / "out" / "kpis.csv").read_text(encoding="utf-8").splitlines()
    assert kpis[1].split(",")[4:6] == ["higher", "50"]
    obs = (tmp_path / "out" / "observations.csv").read_text(encoding="utf-8").splitlines()
    assert obs[2] == "A-1,2021-12-31,55,11,20,,yes"


def damaged(xlsx):
    wb = openpyxl.load_workbook(xlsx)
    wb["action_updates"]["C2"] = "Purple"
    wb["observations"]["B3"] = "31/12/2021"
    wb["kpis"].delete_cols(schema.KPIS.column_names.index("unit") + 1)
    wb.save(xlsx)
    return xlsx


def test_a_damaged_workbook_is_refused_with_every_problem(exported, mini_data):
    before = folder_bytes(mini_data)
    around = sorted(p.name for p in mini_data.parent.iterdir())
    with pytest.raises(InputError) as info:
        importing.import_workbook(damaged(exported), mini_data)
    problems = [str(p) for p in info.value.problems]
    assert (
        "data.xlsx sheet action_updates row 2, column status: 'Purple': is not a BRAG "
        "status (expected Blue, Green, Amber, Red or Grey)" in problems
    )
    assert any(
        p.startswith(
            "data.xlsx sheet observations row 3, column period_end: '31/12/2021': is not a date"
        )
        for p in problems
    )
    assert "data.xlsx sheet kpis row 1, column unit: this column is missing" in problems
    assert folder_bytes(mini_data) == before
    assert sorted(p.name for p in mini_data.parent.iterdir()) == around  # no temporary folder


def test_a_refused_workbook_makes_no_folder(exported, tmp_path):
    with pytest.raises(InputError):
        importing.import_workbook(damaged(exported), tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_a_failure_while_writing_leaves_the_folder_as_it_was(exported, mini_data, monkeypatch):
    real = importing._write_csv
    calls = []

    def failing(text, path):
        calls.append(path.stem)
        if len(calls) == 4:
            raise OSError("disk full")
        return real(text, path)

    monkeypatch.setattr(importing, "_write_csv", failing)
    for name in ("priorities", "kpis", "actions", "action_updates"):  # so that each is written
        (mini_data / f"{name}.csv").write_text("changed\n", encoding="utf-8")
    before = folder_bytes(mini_data)
    around = sorted(p.name for p in mini_data.parent.iterdir())
    with pytest.raises(OSError, match="disk full"):
        importing.import_workbook(exported, mini_data)
    assert calls == [f".{n}.csv" for n in ("priorities", "kpis", "actions", "action_updates")]
    assert folder_bytes(mini_data) == before
    assert sorted(p.name for p in mini_data.parent.iterdir()) == around


def test_import_replaces_the_tables_and_keeps_other_files(exported, mini_data):
    (mini_data / "README.md").write_text("kept\n", encoding="utf-8")
    (mini_data / "kpis.csv").write_text("old\n", encoding="utf-8")
    importing.import_workbook(exported, mini_data)
    assert (mini_data / "README.md").read_text(encoding="utf-8") == "kept\n"
    assert_same_data(load_dataset(mini_data), load_dataset(MINI / "data"))


def test_an_optional_table_without_a_sheet_is_not_written(exported, mini_data):
    wb = openpyxl.load_workbook(exported)
    del wb["benchmarks"]
    comparator = schema.KPIS.column_names.index("comparator_key") + 1
    for row in range(2, wb["kpis"].max_row + 1):
        wb["kpis"].cell(row, comparator).value = None
    wb.save(exported)
    kept = (mini_data / "benchmarks.csv").read_bytes()
    written = importing.import_workbook(exported, mini_data)
    assert [c.table for c in written] == [n for n in schema.TABLES if n != "benchmarks"]
    assert (mini_data / "benchmarks.csv").read_bytes() == kept


def test_import_wants_a_workbook(tmp_path):
    with pytest.raises(ParameterError, match="is not an .xlsx workbook"):
        importing.import_workbook(MINI / "data", tmp_path / "out")


def test_drop_down_lists_reach_past_long_data(monkeypatch, tmp_path):
    monkeypatch.setattr(excel, "TEMPLATE_ROWS", 3)
    wb = openpyxl.load_workbook(excel.export_workbook(MINI / "data", tmp_path / "data.xlsx"))
    rows = len(load_dataset(MINI / "data").observations)
    assert rows + 1 > 3
    dv = validations(wb["observations"])[letter("observations", "synthetic")]
    # the data end on row rows + 1; two rows appended below them still get the list
    assert f"G{rows + 3}" in dv.sqref and f"G{rows + 4}" not in dv.sqref
    kpi = validations(wb["observations"])["A"]
    assert f"A{rows + 3}" in kpi.sqref and f"A{rows + 4}" not in kpi.sqref


def test_exported_drop_down_lists_reach_a_thousand_rows_below_the_data(exported):
    wb = openpyxl.load_workbook(exported)
    rows = len(load_dataset(MINI / "data").action_updates)
    dv = validations(wb["action_updates"])["C"]
    assert f"C{rows + 1000}" in dv.sqref and f"C{rows + 1001}" not in dv.sqref


@pytest.mark.parametrize(
    "values, fits",
    [
        (["a" * 250], True),  # 252 characters with the quotes
        (["a" * 255], True),  # 257 with the quotes: Excel's longest typed list
        (["a" * 256], False),
        (["x", "y,z"], False),  # a comma would split a value in two
    ],
)
def test_a_list_excel_cannot_hold_is_refused(values, fits):
    if fits:
        assert excel._list_validation("t", "c", values, 10, "A").formula1 == f'"{values[0]}"'
    else:
        with pytest.raises(ValueError, match="t.c: the allowed values cannot be an Excel list"):
            excel._list_validation("t", "c", values, 10, "A")


# --- drop-downs of ids, and notes on the headings ---------------------------------------------


def id_range(formula: str) -> tuple[str, str, int, int]:
    """The sheet, column and rows a drop-down of ids counts its ids in."""
    match = re.fullmatch(
        r"OFFSET\('(\w+)'!\$([A-Z])\$2,0,0,MAX\(1,COUNTA\('\1'!\$\2\$(\d+):\$\2\$(\d+)\)\),1\)",
        formula,
    )
    assert match, formula
    sheet, col, first, last = match.groups()
    return sheet, col, int(first), int(last)


@pytest.mark.parametrize("table, column", list(EXPECTED_REFERENCES))
def test_template_id_columns_offer_the_ids_of_the_sheet_they_refer_to(template, table, column):
    col = letter(table, column)
    dv = validations(template[table])[col]
    assert dv.type == "list"
    assert id_range(dv.formula1) == (*EXPECTED_REFERENCES[(table, column)], 2, 1000)
    assert f"{col}2" in dv.sqref and f"{col}1000" in dv.sqref and f"{col}1001" not in dv.sqref
    # an id may be typed before its row is added on the other sheet: warned, not refused
    assert dv.showErrorMessage and dv.errorStyle == "warning" and dv.allow_blank


def test_exported_id_lists_hold_every_id_of_the_data_and_room_for_more(exported):
    wb = openpyxl.load_workbook(exported)
    dv = validations(wb["observations"])["A"]
    sheet, col, first, last = id_range(dv.formula1)
    kpis = [wb[sheet][f"{col}{row}"].value for row in range(first, last + 1)]
    ids = load_dataset(MINI / "data").kpis["kpi_id"].tolist()
    assert kpis[: len(ids)] == ids and set(kpis[len(ids) :]) == {None}
    assert last == len(ids) + 1000  # ids added at the end of the kpis sheet are offered too
    rows = len(load_dataset(MINI / "data").observations)
    assert f"A{rows + 1000}" in dv.sqref


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_every_heading_has_a_note_saying_what_its_column_holds(template, table):
    for cell, column in zip(template[table][1], schema.TABLES[table].columns, strict=True):
        assert cell.comment is not None, f"{table}.{column.name}"
        assert cell.comment.text == notes.column_help(table, column)
        assert column.description in cell.comment.text


@pytest.mark.parametrize(
    "table, column, expected",
    [
        (
            "observations",
            "kpi_id",
            "kpi_id (required): The measure (kpis.kpi_id)\n"
            "Type: text\n"
            "One of the kpi_id values on the kpis sheet\n"
            "Example: P1-01",
        ),
        (
            "observations",
            "denominator",
            "denominator (optional column): Denominator, where the value is a rate or "
            "percentage (more than 0)\n"
            "Type: number",
        ),
        (
            "action_updates",
            "synthetic",
            "synthetic (optional column): yes where the row is invented example data\n"
            "Type: yes/no\n"
            "Allowed: yes, no",
        ),
    ],
)
def test_heading_notes_by_hand(template, table, column, expected):
    cell = template[table].cell(1, schema.TABLES[table].column_names.index(column) + 1)
    assert cell.comment.text == expected


# --- all tables or none, and nothing filled in overwritten -------------------------------


class Stopped(BaseException):
    """The process killed at this point."""


def edited_tables(mini_data):
    """Make every required table differ from the workbook, so that each is rewritten."""
    names = [n for n in schema.TABLES if n not in schema.OPTIONAL_TABLES]
    for name in names:
        (mini_data / f"{name}.csv").write_text("old\n", encoding="utf-8")
    return names


@pytest.mark.parametrize("stop_after", [0, 1, 3])
def test_an_import_stopped_between_renames_is_refused_then_completed(
    exported, mini_data, monkeypatch, stop_after
):
    names = edited_tables(mini_data)
    real, moved = excel.os.replace, []

    def replace(src, dst):
        if str(src).endswith(".import-part"):  # a table moved into place
            if len(moved) == stop_after:
                raise Stopped
            moved.append(src)
        return real(src, dst)

    monkeypatch.setattr(importing.os, "replace", replace)
    with pytest.raises(Stopped):
        importing.import_workbook(exported, mini_data)
    monkeypatch.undo()
    old = [n for n in names if (mini_data / f"{n}.csv").read_text(encoding="utf-8") == "old\n"]
    assert len(old) == len(names) - stop_after  # a mix of old and new tables on disk...
    with pytest.raises(InputError, match="an import into this folder was stopped part way"):
        load_dataset(mini_data)  # ...which no command reads
    other = shutil.copy(exported, exported.with_name("other.xlsx"))
    with pytest.raises(InputError):  # the next import completes it first, even if refused
        importing.import_workbook(damaged(other), mini_data)
    assert_same_data(load_dataset(mini_data), load_dataset(MINI / "data"))
    assert not [p.name for p in mini_data.iterdir() if p.name.startswith(".")]


def test_an_interrupted_import_is_completed_with_the_tables_it_was_writing(
    exported, mini_data, monkeypatch
):
    edited_tables(mini_data)
    real = importing.finish_interrupted_import
    monkeypatch.setattr(importing, "finish_interrupted_import", lambda data_dir: [])  # stopped
    importing.import_workbook(exported, mini_data)
    monkeypatch.undo()
    assert (mini_data / "kpis.csv").read_text(encoding="utf-8") == "old\n"
    assert "kpis.csv" in real(mini_data)
    assert_same_data(load_dataset(mini_data), load_dataset(MINI / "data"))


@pytest.mark.parametrize("command", ["template", "export"])
def test_an_existing_workbook_is_not_overwritten_without_force(tmp_path, command, capsys):
    from wsoa_analysis.cli import main

    target = tmp_path / "my-wsoa.xlsx"
    target.write_bytes(b"filled in by hand")
    extra = ["--data", str(MINI / "data")] if command == "export" else []
    assert main([command, str(target), *extra]) == 1
    err = capsys.readouterr().err
    assert f"{target} exists" in err and "--force" in err
    assert target.read_bytes() == b"filled in by hand"
    assert not [p.name for p in tmp_path.iterdir() if p.name != "my-wsoa.xlsx"]
    assert main([command, str(target), *extra, "--force"]) == 0
    assert zipfile.is_zipfile(target)
    fresh = tmp_path / "fresh.xlsx"
    assert main([command, str(fresh), *extra]) == 0 and zipfile.is_zipfile(fresh)


def test_an_areas_own_status_words_go_through_the_workbook_and_back(tmp_path, capsys):
    """The second example records "Complete", "On track"...: the workbook offers those words
    and imports them; read as the workbook's own BRAG words, they are refused."""
    from conftest import ROOT
    from wsoa_analysis.cli import main

    data = ROOT / "examples" / "priority-action-plan" / "data"
    params = ROOT / "examples" / "priority-action-plan" / "params"
    book = tmp_path / "westmere.xlsx"
    assert main(["export", str(book), "--data", str(data), "--params", str(params)]) == 0
    wb = openpyxl.load_workbook(book)
    status = validations(wb["action_updates"])[letter("action_updates", "status")]
    offered = status.formula1.strip('"').split(",")
    assert {"Complete", "On track", "Not started"} <= set(offered)
    assert "Blue" not in offered
    out = tmp_path / "data"
    assert main(["import", str(book), "--data", str(out), "--params", str(params)]) == 0
    same = (out / "action_updates.csv").read_bytes() == (data / "action_updates.csv").read_bytes()
    assert same
    capsys.readouterr()
    elsewhere = ["--data", str(tmp_path / "x"), "--params", str(tmp_path / "none")]
    assert main(["import", str(book), *elsewhere]) == 2
    assert "'On track': is not a BRAG status" in capsys.readouterr().err
