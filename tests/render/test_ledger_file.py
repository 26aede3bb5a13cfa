"""``figures.csv``: the ledger's columns, text a spreadsheet cannot run, and the same rows
back as the pages show them."""

import csv
import io

import pandas as pd
import pytest

from wsoa_analysis.present.figures import figure, figures
from wsoa_analysis.present.ledger import LEDGER_COLUMNS
from wsoa_analysis.render.ledger import FIGURES, figures_csv, read_figures, write_figures

ROWS = [
    figure(
        "Key impact measures",
        "Hits on the Local Offer website: target",
        "+20% on baseline",
        kind="local",
        source="kpis.csv: kpi_id P4-05, columns target_kind, target_value, target_date",
        measure_id="P4-05",
        value=5851.2,
    ),
    figure(
        "Key impact measures",
        "New EHC plans issued within 20 weeks: progress to target",
        "-7%",
        kind="our calculation",
        source="the scorecard",
        value=-7.286821705426348,
        synthetic=True,
        period="Jan–Jun 2023",
    ),
    figure(
        "Plans by weeks taken",
        "Plans issued, 40–52 weeks",
        "c",
        kind="our calculation",
        source='=HYPERLINK("x")',
        suppressed=True,
    ),
    figure(
        "Key impact measures",
        "comparator",
        "49.2%",
        kind="published",
        source="DfE",
        published_on="2023-06-08",
        value=49.2,
        assumed_period=True,
    ),
]


def ledger() -> pd.DataFrame:
    frame = figures(ROWS)
    return frame.assign(figure_id=[f"p-{i}" for i in range(1, 5)], page="p")[LEDGER_COLUMNS]


def test_the_file_has_the_ledgers_columns_and_guards_formulas(tmp_path):
    text = figures_csv(ledger())
    lines = text.splitlines()
    assert lines[0] == ",".join(LEDGER_COLUMNS)
    assert ",'+20% on baseline,5851.2," in lines[1]  # never read as a formula
    assert ",'-7%,-7.286821705426348," in lines[2]
    assert ",no,no,no" in lines[1] and ",yes,no,no" in lines[2]
    assert ",c,,," in lines[3] and "'=HYPERLINK" in lines[3]
    assert ",2023-06-08,no,no,yes" in lines[4]
    path = write_figures(ledger(), tmp_path / FIGURES)
    assert path.read_bytes().startswith("\ufeff".encode())  # Excel reads the dashes right
    assert "Jan–Jun 2023" in path.read_text(encoding="utf-8-sig")


def test_the_same_ledger_gives_the_same_bytes(tmp_path):
    a = write_figures(ledger(), tmp_path / "a.csv").read_bytes()
    assert write_figures(ledger(), tmp_path / "b.csv").read_bytes() == a
    assert not list(tmp_path.glob(".*partial"))


def test_read_back_as_the_pages_show_it(tmp_path):
    back = read_figures(write_figures(ledger(), tmp_path / FIGURES))
    assert list(back.columns) == LEDGER_COLUMNS
    assert back["shown"].tolist() == ["+20% on baseline", "-7%", "c", "49.2%"]
    assert back["source"].iloc[2] == '=HYPERLINK("x")'
    assert back["value"].tolist()[:2] == [5851.2, -7.286821705426348]
    assert pd.isna(back["value"].iloc[2])
    assert back["synthetic"].tolist() == [False, True, False, False]
    assert back["suppressed"].tolist() == [False, False, True, False]
    assert back["published_on"].tolist() == ["", "", "", "2023-06-08"]


@pytest.mark.parametrize("typed", ['\x00=HYPERLINK("x")', "\x1f\t+1", "\u200b@cmd", " \x0b-1"])
def test_control_characters_before_a_formula_do_not_hide_it(typed):
    frame = ledger()
    frame.loc[0, "measure"] = typed
    (row,) = list(csv.reader(io.StringIO(figures_csv(frame))))[1:2]
    assert row[LEDGER_COLUMNS.index("measure")] == "'" + typed
