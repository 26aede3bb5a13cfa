"""The damaged-input matrix: every case gets a message a spreadsheet user can act on, a
non-zero exit and nothing published. Messy but unambiguous input is accepted and reported."""

import pytest

from conftest import MINI, ROOT, rows_of, write_rows
from wsoa_analysis.cli import main
from wsoa_analysis.inputs import schema

NOTEBOOKS = ROOT / "notebooks"


def set_cell(data, table, row, column, value):
    rows = rows_of(data / f"{table}.csv")
    rows[row - 1][rows[0].index(column)] = value
    write_rows(data / f"{table}.csv", rows)


def drop_column(data, table, column):
    rows = rows_of(data / f"{table}.csv")
    i = rows[0].index(column)
    write_rows(data / f"{table}.csv", [r[:i] + r[i + 1 :] for r in rows])


def rename_column(data, table, column, new):
    rows = rows_of(data / f"{table}.csv")
    rows[0][rows[0].index(column)] = new
    write_rows(data / f"{table}.csv", rows)


def add_column(data, table, column):
    rows = rows_of(data / f"{table}.csv")
    write_rows(data / f"{table}.csv", [rows[0] + [column]] + [r + ["x"] for r in rows[1:]])


def duplicate_row(data, table, row):
    rows = rows_of(data / f"{table}.csv")
    write_rows(data / f"{table}.csv", rows + [rows[row - 1]])


def header_only(data, table):
    write_rows(data / f"{table}.csv", rows_of(data / f"{table}.csv")[:1])


def run_pack(data, out, *extra, date="2022-09-30", params=MINI / "params"):
    return main(
        [
            "pack",
            "--date",
            date,
            "--data",
            str(data),
            "--params",
            str(params),
            "--out",
            str(out),
            "--notebooks",
            str(NOTEBOOKS),
            *extra,
        ]
    )


REQUIRED = [t for t in schema.TABLES if t not in schema.OPTIONAL_TABLES]

CASES = [
    *[
        (
            f"{t} missing",
            lambda d, t=t: (d / f"{t}.csv").unlink(),
            f"{t}.csv: the file is missing (expected columns: ",
        )
        for t in REQUIRED
    ],
    (
        "missing column",
        lambda d: drop_column(d, "kpis", "unit"),
        "kpis.csv row 1, column unit: this column is missing",
    ),
    (
        "renamed column",
        lambda d: rename_column(d, "observations", "value", "amount"),
        "observations.csv row 1, column amount: unexpected column",
    ),
    (
        "extra column",
        lambda d: add_column(d, "actions", "owner"),
        "actions.csv row 1, column owner: unexpected column",
    ),
    (
        "empty file",
        lambda d: (d / "observations.csv").write_text(""),
        "observations.csv: the file is empty",
    ),
    (
        "header only",
        lambda d: header_only(d, "priorities"),
        "kpis.csv row 2, column priority_id: '1': is not defined in priorities",
    ),
    (
        "semicolons",
        lambda d: (d / "actions.csv").write_text((d / "actions.csv").read_text().replace(",", ";")),
        "actions.csv row 1: 'action_ref;objective_ref;priority_id;description;leads;targe': "
        "columns are separated by semicolons",
    ),
    (
        "day-first date",
        lambda d: set_cell(d, "observations", 2, "period_end", "31/08/2022"),
        "observations.csv row 2, column period_end: '31/08/2022': is not a date",
    ),
    (
        "month-year date",
        lambda d: set_cell(d, "actions", 2, "target_date", "Aug-22"),
        "actions.csv row 2, column target_date: 'Aug-22': is not a date (expected YYYY-MM-DD",
    ),
    (
        "text in a number column",
        lambda d: set_cell(d, "observations", 3, "value", "n/a"),
        "observations.csv row 3, column value: 'n/a': is not a number",
    ),
    (
        "percentage over 100",
        lambda d: set_cell(d, "observations", 3, "value", "101"),
        "observations.csv row 3, column value: '101.0': a percentage must be between 0 and 100",
    ),
    (
        "negative count",
        lambda d: set_cell(d, "observations", 7, "value", "-3"),
        "observations.csv row 7, column value: '-3.0': a count must not be negative",
    ),
    (
        "percentage target over 100",
        lambda d: set_cell(d, "kpis", 2, "target_value", "120"),
        "kpis.csv row 2, column target_value: '120.0': a percentage must be between 0 and 100",
    ),
    (
        "value not matching its numerator",
        lambda d: set_cell(d, "observations", 3, "value", "56.0"),
        "observations.csv row 3, column value: '56.0': does not match numerator/denominator "
        "(11/20 = 55.0%)",
    ),
    (
        "zero denominator",
        lambda d: set_cell(d, "observations", 3, "denominator", "0"),
        "observations.csv row 3, column denominator: '0': must be greater than zero",
    ),
    (
        "negative baseline",
        lambda d: set_cell(d, "kpis", 5, "baseline_value", "-10"),
        "kpis.csv row 5, column baseline_value: '-10.0': must not be negative",
    ),
    (
        "duplicate row",
        lambda d: duplicate_row(d, "observations", 2),
        "observations.csv row 13, column kpi_id, period_end: duplicate row",
    ),
    (
        "unknown measure",
        lambda d: set_cell(d, "observations", 2, "kpi_id", "A-9"),
        "observations.csv row 2, column kpi_id: 'A-9': is not defined in kpis",
    ),
    (
        "unknown priority",
        lambda d: set_cell(d, "actions", 2, "priority_id", "7"),
        "actions.csv row 2, column priority_id: '7': is not defined in priorities",
    ),
    (
        "unknown action",
        lambda d: set_cell(d, "action_updates", 2, "action_ref", "1.9.9"),
        "action_updates.csv row 2, column action_ref: '1.9.9': is not defined in actions",
    ),
    (
        "status outside the vocabulary",
        lambda d: set_cell(d, "action_updates", 2, "status", "Purple"),
        "action_updates.csv row 2, column status: 'Purple': is not one of the plan's status words",
    ),
    (
        "unknown target kind",
        lambda d: set_cell(d, "kpis", 2, "target_kind", "stretch"),
        "kpis.csv row 2, column target_kind: 'stretch': is not one of the allowed values",
    ),
    (
        "not UTF-8",
        lambda d: (d / "priorities.csv").write_bytes(
            (d / "priorities.csv").read_bytes().replace(b"&", b"\xe9")
        ),
        "priorities.csv: is not UTF-8 text",
    ),
]


@pytest.mark.parametrize("case, damage, message", CASES, ids=[c[0] for c in CASES])
def test_damaged_input_is_refused_and_nothing_published(
    mini_data, tmp_path, capsys, case, damage, message
):
    damage(mini_data)
    out = tmp_path / "out"
    code = run_pack(mini_data, out)
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err, err
    if case in ("semicolons",) or case.endswith(" missing"):
        # one problem, not a cascade of follow-on complaints about references
        assert "1 problem found" in err, err
    assert "Traceback" not in err
    assert not (out / "2022-09-30").exists()


@pytest.mark.parametrize(
    "date, message",
    [
        ("31/08/2022", "'31/08/2022' is not a date"),
        ("2019-01-31", "reporting date 2019-01-31 is before the first date in the data"),
        ("2026-01-31", "reporting date 2026-01-31 is after the last date in the data"),
    ],
)
def test_bad_reporting_date(mini_data, tmp_path, capsys, date, message):
    code = run_pack(mini_data, tmp_path / "out", date=date)
    err = capsys.readouterr().err
    assert code != 0 and message in err and "Traceback" not in err
    assert not (tmp_path / "out" / date).exists()


def test_cycle_file_with_an_unknown_parameter(tmp_path, capsys):
    params = tmp_path / "params"
    params.mkdir()
    (params / "area.yaml").write_text((MINI / "params" / "area.yaml").read_text())
    (params / "2022-09-30.yaml").write_text(
        "reporting_date: 2022-09-30\ncycle_name: Q2\nreportng_date: 2022-09-30\n"
    )
    code = main(
        [
            "pack",
            str(params / "2022-09-30.yaml"),
            "--data",
            str(MINI / "data"),
            "--params",
            str(params),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    err = capsys.readouterr().err
    assert code != 0
    assert "2022-09-30.yaml: unknown setting 'reportng_date'" in err


def test_area_setting_with_a_bad_value(tmp_path, capsys):
    params = tmp_path / "params"
    params.mkdir()
    text = (
        (MINI / "params" / "area.yaml")
        .read_text()
        .replace("amber_band_percent_of_distance: 10", "amber_band_percent_of_distance: lots")
    )
    (params / "area.yaml").write_text(text)
    code = main(
        ["status", "--date", "2022-09-30", "--data", str(MINI / "data"), "--params", str(params)]
    )
    err = capsys.readouterr().err
    assert code != 0
    assert "setting 'rating.amber_band_percent_of_distance' = 'lots'" in err


def test_messy_but_unambiguous_input_is_accepted_and_reported(mini_data, capsys):
    set_cell(mini_data, "observations", 2, "value", "52%")
    set_cell(mini_data, "kpis", 5, "baseline_value", "1,006")
    set_cell(mini_data, "priorities", 2, "title", "  Plans  ")
    assert main(["validate", "--data", str(mini_data), "--params", str(MINI / "params")]) == 0
    out = capsys.readouterr().out
    assert "'Yellow': read as Amber" in out
    assert "'52%': read as 52" in out
    assert "'1,006': read as 1006" in out
    assert "spaces around the value were removed" in out
