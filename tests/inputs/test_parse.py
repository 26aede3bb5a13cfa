"""Parsing each column once, by its kind in the contract: types, vocabularies, minimums."""

import ast
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, set_csv_cell
from wsoa_analysis.errors import InputError
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs.load import load_dataset
from wsoa_analysis.inputs.parse import parse_table
from wsoa_analysis.inputs.read import RawTable


def parse(table: str, columns: dict[str, list[str]]):
    problems, notes = [], []
    frame = parse_table(RawTable(table, f"{table}.csv", pd.DataFrame(columns)), problems, notes)
    return frame, [str(p) for p in problems], [str(n) for n in notes]


@pytest.mark.parametrize(
    "table, row, column, value, message",
    [
        ("observations", 2, "numerator", "-1", "'-1': must not be negative"),
        ("observations", 2, "denominator", "0", "'0': must be greater than zero"),
        ("observations", 2, "denominator", "-4", "'-4': must be greater than zero"),
        ("priorities", 2, "sort_order", "-1", "'-1': must not be negative"),
    ],
)
def test_values_below_a_columns_minimum_are_refused_once(
    mini_data, table, row, column, value, message
):
    set_csv_cell(mini_data / f"{table}.csv", row, column, value)
    with pytest.raises(InputError) as info:
        load_dataset(mini_data)
    # one problem: the refused value goes no further (no follow-on numerator mismatch)
    assert [str(p) for p in info.value.problems] == [
        f"{table}.csv row {row}, column {column}: {message}"
    ]


@pytest.mark.parametrize(
    "table, column, value", [("observations", "numerator", "0"), ("priorities", "sort_order", "0")]
)
def test_a_minimum_of_zero_admits_zero(mini_data, table, column, value):
    set_csv_cell(mini_data / f"{table}.csv", 2, column, value)
    if column == "numerator":
        set_csv_cell(mini_data / "observations.csv", 2, "value", "0")
    assert load_dataset(mini_data)[table].loc[0, column] == 0


def test_each_kind_is_parsed_to_its_type():
    frame, problems, _ = parse(
        "observations",
        {
            "kpi_id": ["A-1", "B-2"],
            "period_end": ["2022-09-30", "2022-06-30 00:00:00"],
            "value": ["57.5%", "6,132"],
            "numerator": ["", "3"],
            "denominator": ["", "4"],
            "note": ["  two   words ", ""],
            "synthetic": ["yes", "N"],
        },
    )
    assert problems == []
    assert pd.api.types.is_datetime64_any_dtype(frame["period_end"])
    assert {c: str(t) for c, t in frame.drop(columns="period_end").dtypes.items()} == {
        "kpi_id": "string",
        "value": "Float64",
        "numerator": "Float64",
        "denominator": "Float64",
        "note": "string",
        "synthetic": "boolean",
    }
    assert frame["value"].tolist() == [57.5, 6132.0]
    assert frame["note"].tolist() == ["two words", pd.NA]
    assert frame["synthetic"].tolist() == [True, False]


def test_every_bad_cell_of_a_column_is_reported():
    _, problems, _ = parse(
        "priorities",
        {
            "priority_id": ["1", "", "3"],
            "title": ["a", "b", "c"],
            "weakness": ["w", "w", "w"],
            "lead_officers": ["", "", ""],
            "sort_order": ["1.5", "x", "2"],
        },
    )
    assert problems == [
        "priorities.csv row 3, column priority_id: is empty (a value is required)",
        "priorities.csv row 2, column sort_order: '1.5': is not a whole number",
        "priorities.csv row 3, column sort_order: 'x': is not a number (expected e.g. 57.5 or "
        "6132)",
    ]


def test_a_missing_optional_column_is_typed_and_empty():
    frame, problems, _ = parse(
        "priorities",
        {"priority_id": ["1"], "title": ["a"], "weakness": ["w"], "lead_officers": [""]},
    )
    assert problems == []
    assert str(frame["sort_order"].dtype) == "Int64" and frame["sort_order"].isna().all()


def test_headings_are_matched_ignoring_case_and_spaces():
    frame, problems, notes = parse(
        "priorities",
        {
            " Priority_ID ": ["1"],
            "title": ["a"],
            "weakness": ["w"],
            "lead_officers": [""],
        },
    )
    assert problems == [] and frame["priority_id"].tolist() == ["1"]
    assert notes == [
        "priorities.csv row 1, column priority_id: ' Priority_ID ': column heading read as "
        "'priority_id'"
    ]


def test_only_number_columns_carry_a_minimum():
    for table in schema.TABLES.values():
        for column in table.columns:
            if column.minimum is not None:
                assert column.kind in ("number", "integer"), (table.name, column.name)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
    return found


def test_reading_parsing_and_checking_never_import_the_loader():
    """One way through: read -> parse -> checks -> load, so no import cycle can form."""
    folder = ROOT / "src" / "wsoa_analysis" / "inputs"
    order = ["schema", "read", "parse", "checks", "load"]
    for i, name in enumerate(order):
        later = {f"wsoa_analysis.inputs.{m}" for m in order[i + 1 :]}
        assert not _imports(folder / f"{name}.py") & later, name


@pytest.mark.parametrize("text", ["3021-09-30", "1021-09-30", "2263-01-31"])
def test_a_mistyped_year_is_refused_not_wrapped(text):
    from wsoa_analysis.inputs.parse import _Cells
    from wsoa_analysis.inputs.schema import Column

    problems = []
    cells = _Cells("t.csv", Column("d", "date", ""), problems, [])
    out = cells.parse(pd.Series([text, "2022-09-30"]))
    assert out.isna().tolist() == [True, False]
    assert f"t.csv row 2, column d: {text!r}: the year {int(text[:4])} is not plausible" in str(
        problems[0]
    )
