import csv

import pandas as pd
import pytest

from conftest import MINI, set_csv_cell
from wsoa_analysis.cli import main
from wsoa_analysis.errors import InputError
from wsoa_analysis.inputs.load import load_dataset


def edit_csv(path, fn):
    """Read a CSV as rows of text, let ``fn`` change them, write it back."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows = fn(rows)
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def problems_of(data) -> list[str]:
    with pytest.raises(InputError) as info:
        load_dataset(data)
    return [str(p) for p in info.value.problems]


def test_fixture_loads_with_types(mini_dataset):
    obs = mini_dataset.observations
    assert str(obs["value"].dtype) == "Float64"
    assert str(obs["period_end"].dtype).startswith("datetime64")
    assert mini_dataset.kpis["unit"].tolist()[:2] == ["percent", "percent"]
    assert mini_dataset.ehc_requests["exception_applies"].dtype == "boolean"


def test_yellow_is_accepted_and_reported(mini_dataset):
    notes = [str(n) for n in mini_dataset.notes]
    assert "action_updates.csv row 3, column status: 'Yellow': read as Amber" in notes


def test_every_problem_of_a_damaged_copy_is_reported_together(mini_data):
    edit_csv(mini_data / "kpis.csv", lambda rows: [r[:3] + r[4:] for r in rows])  # no unit
    set_csv_cell(mini_data / "observations.csv", 3, "period_end", "31/12/2021")
    set_csv_cell(mini_data / "action_updates.csv", 2, "status", "Purple")
    edit_csv(mini_data / "observations.csv", lambda rows: rows + [rows[1]])  # duplicate
    set_csv_cell(mini_data / "observations.csv", 4, "value", "about sixty")
    found = problems_of(mini_data)
    expected = [
        "kpis.csv row 1, column unit: this column is missing",
        "observations.csv row 3, column period_end: '31/12/2021': is not a date (expected "
        "YYYY-MM-DD, e.g. 2022-08-31); a date like 31/08/2022 can be read two ways, so write "
        "it as 2022-08-31",
        "action_updates.csv row 2, column status: 'Purple': is not a BRAG status (expected "
        "Blue, Green, Amber, Red or Grey)",
        "observations.csv row 13, column kpi_id, period_end: duplicate row: another row has "
        "the same kpi_id, period_end",
        "observations.csv row 4, column value: 'about sixty': is not a number (expected e.g. "
        "57.5 or 6132)",
    ]
    for line in expected:
        assert line in found, f"missing: {line}\nfound: {found}"


def test_cli_validate_lists_problems_without_traceback(mini_data, capsys):
    set_csv_cell(mini_data / "action_updates.csv", 2, "status", "Purple")
    set_csv_cell(mini_data / "observations.csv", 2, "value", "57,5")
    code = main(["validate", "--data", str(mini_data), "--params", str(MINI / "params")])
    err = capsys.readouterr().err
    assert code != 0
    assert "2 problems found in the input data:" in err
    assert "'Purple'" in err and "'57,5'" in err
    assert "Traceback" not in err


def test_cli_validate_good_data(mini_data, capsys):
    assert main(["validate", "--data", str(mini_data), "--params", str(MINI / "params")]) == 0
    out = capsys.readouterr().out
    assert "all 8 tables are valid" in out  # the fixture has no story and no closures
    assert "Not supplied (optional): highlights, risks, voice, recommendations, closures." in out


@pytest.mark.parametrize(
    "table, row, column, value, message",
    [
        (
            "kpis",
            2,
            "priority_id",
            "9",
            "kpis.csv row 2, column priority_id: '9': is not defined in priorities",
        ),
        (
            "observations",
            2,
            "kpi_id",
            "Z-9",
            "observations.csv row 2, column kpi_id: 'Z-9': is not defined in kpis",
        ),
        (
            "action_updates",
            2,
            "action_ref",
            "9.9.9",
            "action_updates.csv row 2, column action_ref: '9.9.9': is not defined in actions",
        ),
        (
            "observations",
            2,
            "value",
            "120",
            "observations.csv row 2, column value: '120.0': a percentage must be between 0 and 100",
        ),
        (
            "observations",
            2,
            "period_end",
            "2021-08-31",
            "observations.csv row 2, column "
            "period_end: '2021-08-31': is not the last day of a quarter",
        ),
        (
            "kpis",
            2,
            "polarity",
            "upwards",
            "kpis.csv row 2, column polarity: 'upwards': is not "
            "one of the allowed values (higher, lower, hold)",
        ),
        (
            "kpis",
            2,
            "target_value",
            "",
            "kpis.csv row 2, column target_value: a target of kind absolute needs a target_value",
        ),
        (
            "ehc_requests",
            2,
            "plan_issued_date",
            "2020-01-01",
            "ehc_requests.csv row 2, column "
            "plan_issued_date: '2020-01-01': is before date_received",
        ),
        (
            "benchmarks",
            2,
            "symbol",
            "q",
            "benchmarks.csv row 2, column symbol: 'q': is not a published symbol",
        ),
        (
            "observations",
            7,
            "value",
            "-1",
            "observations.csv row 7, column value: '-1.0': a count must not be negative",
        ),
        (
            "actions",
            2,
            "target_date",
            "2022-02-30",
            "actions.csv row 2, column target_date: '2022-02-30': is not a real date",
        ),
        (
            "priorities",
            2,
            "title",
            "",
            "priorities.csv row 2, column title: is empty (a value is required)",
        ),
    ],
)
def test_single_problems_name_file_row_column_value(mini_data, table, row, column, value, message):
    set_csv_cell(mini_data / f"{table}.csv", row, column, value)
    found = problems_of(mini_data)
    assert any(f.startswith(message) for f in found), found


def test_values_for_a_computed_measure_are_refused(mini_data):
    edit_csv(
        mini_data / "observations.csv",
        lambda rows: rows + [["B-1", "2022-06-30", "10", "", "", "", "yes"]],
    )
    found = problems_of(mini_data)
    assert any(
        "column kpi_id: 'B-1': values of this measure are computed from ehc_requests" in f
        for f in found
    )


def test_missing_and_empty_files(mini_data):
    (mini_data / "actions.csv").unlink()
    (mini_data / "kpis.csv").write_text("")
    found = problems_of(mini_data)
    assert any(
        f.startswith("actions.csv: the file is missing (expected columns: action_ref")
        for f in found
    )
    assert "kpis.csv: the file is empty (expected a header row and data rows)" in found


def test_optional_tables_may_be_left_out(mini_data):
    (mini_data / "benchmarks.csv").unlink()
    edit_csv(
        mini_data / "kpis.csv", lambda rows: [r[:-1] + [""] if i else r for i, r in enumerate(rows)]
    )
    ds = load_dataset(mini_data)
    assert ds.benchmarks.empty


def test_wrong_delimiter_is_explained(mini_data):
    text = (mini_data / "priorities.csv").read_text().replace(",", ";")
    (mini_data / "priorities.csv").write_text(text)
    found = problems_of(mini_data)
    assert any("priorities.csv row 1" in f and "separated by semicolons" in f for f in found)


def test_unexpected_column_is_named(mini_data):
    edit_csv(mini_data / "actions.csv", lambda rows: [r + ["x"] for r in rows])
    found = problems_of(mini_data)
    assert any(f.startswith("actions.csv row 1, column x: unexpected column") for f in found)


def test_messy_but_unambiguous_values_are_accepted_and_noted(mini_data):
    set_csv_cell(mini_data / "observations.csv", 2, "value", "52%")
    set_csv_cell(mini_data / "kpis.csv", 4, "baseline_value", "1,012")
    set_csv_cell(mini_data / "kpis.csv", 4, "polarity", " Lower ")
    text = (mini_data / "priorities.csv").read_bytes()
    (mini_data / "priorities.csv").write_bytes(b"\xef\xbb\xbf" + text)  # Excel's BOM
    ds = load_dataset(mini_data)
    assert ds.observations.loc[0, "value"] == 52.0
    assert ds.kpis.loc[2, "baseline_value"] == 1012
    assert ds.kpis.loc[2, "polarity"] == "lower"
    notes = "\n".join(str(n) for n in ds.notes)
    assert "observations.csv row 2, column value: '52%': read as 52" in notes
    assert "kpis.csv row 4, column baseline_value: '1,012': read as 1012" in notes
    assert "read as lower" in notes


def test_excel_workbook_reads_like_the_csvs(mini_data, tmp_path):
    book = tmp_path / "data.xlsx"
    with pd.ExcelWriter(book) as xl:
        for path in sorted(mini_data.glob("*.csv")):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            frame.to_excel(xl, sheet_name=path.stem, index=False)
    from_csv, from_xlsx = load_dataset(mini_data), load_dataset(book)
    for name in from_csv.tables:
        pd.testing.assert_frame_equal(from_csv[name], from_xlsx[name], check_like=False, obj=name)
    assert from_xlsx.sources["kpis"] == "data.xlsx sheet kpis"


def test_excel_problems_name_the_sheet(mini_data, tmp_path):
    set_csv_cell(mini_data / "action_updates.csv", 2, "status", "Purple")
    book = tmp_path / "data.xlsx"
    with pd.ExcelWriter(book) as xl:
        for path in sorted(mini_data.glob("*.csv")):
            if path.stem == "actions":
                continue
            pd.read_csv(path, dtype=str, keep_default_na=False).to_excel(
                xl, sheet_name=path.stem, index=False
            )
    found = problems_of(book)
    assert "data.xlsx: has no sheet named 'actions'" in found
    assert any(
        f.startswith("data.xlsx sheet action_updates row 2, column status: 'Purple'") for f in found
    )
