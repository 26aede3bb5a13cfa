"""The pack's data workbook (data.xlsx), built for the small fixture data set."""

import shutil

import openpyxl
import pandas as pd
import pytest

from conftest import MINI
from wsoa_analysis.render.xlsx import as_shown, write_downloads

DATE = "2022-09-30"

SCORECARD_COLUMNS = [
    "Measure id",
    "Priority area",
    "Measure",
    "Unit",
    "Baseline",
    "Baseline period",
    "Latest value",
    "Withheld",
    "Latest period",
    "Target",
    "Progress to target (%)",
    "Rating",
    "Why",
    "Since previous period",
    "Since a year earlier",
    "Published comparator",
    "Comparator area",
    "Comparator period",
    "Comparator source",
    "Synthetic example value",
]
VALUES_COLUMNS = [
    "Measure id",
    "Measure",
    "Period",
    "Period end",
    "Value",
    "Number",
    "Out of",
    "Withheld",
    "Synthetic example value",
]
ACTIONS_COLUMNS = [
    "Ref",
    "Priority area",
    "Action",
    "Lead(s)",
    "Target date",
    "Status",
    "Status code",
    "Status as recorded",
    "Status date",
    "Overdue",
    "Progress update",
]
COMPARATORS_COLUMNS = [
    "Measure key",
    "Area",
    "Area code",
    "Level",
    "Period",
    "Value",
    "Symbol",
    "First published",
    "Source",
]


def sheet(wb, name: str) -> tuple[list, list[dict]]:
    rows = list(wb[name].iter_rows(values_only=True))
    return list(rows[0]), [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def row(records: list[dict], **match) -> dict:
    found = [r for r in records if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


@pytest.fixture(scope="module")
def mini_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "data.xlsx"
    return openpyxl.load_workbook(write_downloads(path, DATE, MINI / "data", MINI / "params"))


def replace_line(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def halves_book(tmp_path_factory):
    """The fixture with figures exactly half way between two shown values: a percentage of
    62.25 (249 of 400) and a published 59.25."""
    base = tmp_path_factory.mktemp("halves")
    data = base / "data"
    shutil.copytree(MINI / "data", data)
    replace_line(
        data / "observations.csv",
        "A-1,2022-09-30,62.5,25,40,,yes",
        "A-1,2022-09-30,62.25,249,400,,yes",
    )
    replace_line(data / "benchmarks.csv", ",2021-12-31,59.9,", ",2021-12-31,59.25,")
    path = write_downloads(base / "data.xlsx", DATE, data, MINI / "params")
    return openpyxl.load_workbook(path)


def test_sheets_and_columns(mini_book):
    assert mini_book.sheetnames == [
        "notes",
        "Scorecard",
        "Values",
        "Actions",
        "Published comparators",
        "Figures",
    ]
    assert sheet(mini_book, "Scorecard")[0] == SCORECARD_COLUMNS
    assert sheet(mini_book, "Values")[0] == VALUES_COLUMNS
    assert sheet(mini_book, "Actions")[0] == ACTIONS_COLUMNS
    assert sheet(mini_book, "Published comparators")[0] == COMPARATORS_COLUMNS


def test_scorecard_values(mini_book):
    _, card = sheet(mini_book, "Scorecard")
    assert [r["Measure id"] for r in card] == ["A-1", "A-2", "B-1", "B-2", "B-3", "C-1"]
    a1 = row(card, **{"Measure id": "A-1"})
    assert (a1["Baseline"], a1["Latest value"], a1["Latest period"]) == (50, 62.5, "Q2 2022/23")
    # progress (62.5 - 50) / (70 - 50) = 62.5%, shown as a whole per cent as on the pages:
    # half up to 63 (half to even would give 62; one decimal 62.5)
    assert a1["Progress to target (%)"] == 63
    assert a1["Rating"] == "Off track" and a1["Synthetic example value"] == "yes"
    a2 = row(card, **{"Measure id": "A-2"})
    assert (a2["Published comparator"], a2["Comparator area"], a2["Comparator period"]) == (
        59.9,
        "England",
        "2021",
    )
    b2 = row(card, **{"Measure id": "B-2"})
    assert (b2["Baseline"], b2["Latest value"], b2["Progress to target (%)"]) == (10, 9, None)


def test_withheld_figures_are_the_symbol_never_the_number(mini_book):
    _, card = sheet(mini_book, "Scorecard")
    for kpi in ("A-2", "B-1"):  # every figure from the fixture's few requests is small
        r = row(card, **{"Measure id": kpi})
        assert (r["Latest value"], r["Withheld"], r["Progress to target (%)"]) == (None, "c", None)
    _, values = sheet(mini_book, "Values")
    withheld = [r for r in values if r["Measure id"] in ("A-2", "B-1")]
    assert len(withheld) == 30  # July 2021 to September 2022, two measures
    assert all(r["Value"] is None and r["Withheld"] == "c" for r in withheld)
    shown = [r for r in values if r["Measure id"] not in ("A-2", "B-1")]
    assert all(isinstance(r["Value"], int | float) and r["Withheld"] is None for r in shown)
    notes = [r[0] for r in mini_book["notes"].iter_rows(values_only=True)]
    assert (
        "c: fewer than 5 (or a figure that would reveal one): suppressed to protect "
        "children's privacy." in notes
    )


def test_values_and_actions(mini_book):
    _, values = sheet(mini_book, "Values")
    a1 = [r for r in values if r["Measure id"] == "A-1"]
    assert [r["Period"] for r in a1] == [
        "Q2 2021/22",
        "Q3 2021/22",
        "Q4 2021/22",
        "Q1 2022/23",
        "Q2 2022/23",
    ]
    assert [r["Value"] for r in a1] == [52, 55, 57.5, 60, 62.5]
    assert a1[0]["Period end"].date().isoformat() == "2021-09-30"
    assert [r["Value"] for r in values if r["Measure id"] == "C-1"] == [14, 18]
    _, actions = sheet(mini_book, "Actions")
    assert row(actions, Ref="1.1.1")["Overdue"] == "yes"  # March 2022, not complete
    assert row(actions, Ref="5.1.2")["Status"] == "No status"


PLAN_WORDS = """  areas: {singular: Workstream, plural: Workstreams, label: "Workstream {id}"}
  statuses:
    - {word: Complete, code: Blue, also: [Blue]}
    - {word: On track, code: Green, also: [Green]}
    - {word: At risk, code: Amber, also: [Amber, Yellow]}
    - {word: Off track, code: Red, also: [Red]}
    - {word: Not started, code: Grey, also: [Grey]}
"""


@pytest.fixture(scope="module")
def own_words_book(tmp_path_factory):
    """The fixture for a plan of workstreams with status words of its own."""
    base = tmp_path_factory.mktemp("own-words")
    params = base / "params"
    shutil.copytree(MINI / "params", params)
    replace_line(
        params / "area.yaml", "  end_date: 2022-12-31\n", "  end_date: 2022-12-31\n" + PLAN_WORDS
    )
    path = write_downloads(base / "data.xlsx", DATE, MINI / "data", params)
    return openpyxl.load_workbook(path)


def test_the_sheets_speak_in_the_plans_words(own_words_book, mini_book):
    """Areas under the plan's own heading; a status in the area's word, its code beside it;
    the notes' date written long, as the pages write it."""
    for name in ("Scorecard", "Actions"):
        header = sheet(own_words_book, name)[0]
        assert "Workstream" in header and "Priority area" not in header, name
    _, actions = sheet(own_words_book, "Actions")
    one = row(actions, Ref="1.1.1")
    assert (one["Status"], one["Status code"]) == ("On track", "Green")
    words = {"Complete", "On track", "At risk", "Off track", "Not started", "No status"}
    assert {r["Status"] for r in actions} <= words
    _, fixture = sheet(mini_book, "Actions")  # a plan in the workbook's words: its codes
    assert row(fixture, Ref="1.1.1")["Status"] == "Green"
    notes = [r[0] for r in own_words_book["notes"].iter_rows(values_only=True)]
    assert "position at 30 September 2022." in notes[0] and "2022-09-30" not in notes[0]


def test_published_comparators(mini_book):
    _, comps = sheet(mini_book, "Published comparators")
    assert len(comps) == 7  # the 2022 figure ends after the reporting date
    assert row(comps, Area="England", Period="2021")["Value"] == 59.9
    two = row(comps, Area="Neighbour Two")
    assert (two["Value"], two["Symbol"]) == (None, "c")


def test_figures_half_way_round_up_to_the_decimals_shown(halves_book):
    _, card = sheet(halves_book, "Scorecard")
    a1 = row(card, **{"Measure id": "A-1"})
    assert a1["Latest value"] == 62.3  # 62.25: half to even would give 62.2
    assert a1["Progress to target (%)"] == 61  # 61.25
    assert row(card, **{"Measure id": "A-2"})["Published comparator"] == 59.3  # 59.25
    _, values = sheet(halves_book, "Values")
    assert row(values, **{"Measure id": "A-1", "Period": "Q2 2022/23"})["Value"] == 62.3
    _, comps = sheet(halves_book, "Published comparators")
    assert row(comps, Area="England", Period="2021")["Value"] == 59.3


@pytest.mark.parametrize(
    "values, units, expected",
    [
        ([57.25, 57.35, 57.44], "percent", [57.3, 57.4, 57.4]),
        ([2.5, 3.5, 6131.5], "count", [3.0, 4.0, 6132.0]),
        ([64.5], "rate_per_month", [65.0]),
        ([1.25], "something else", [1.3]),  # a unit the pages do not know: 1 decimal
        ([0.125, 1.5], ["percent", "count"], [0.1, 2.0]),
    ],
)
def test_as_shown(values, units, expected):
    assert as_shown(pd.Series(values), units).tolist() == expected


def test_as_shown_keeps_missing_and_the_index():
    got = as_shown(pd.Series([pd.NA, 1.25], index=[7, 9], dtype="Float64"), "percent")
    assert got.index.tolist() == [7, 9] and pd.isna(got.iloc[0]) and got.iloc[1] == 1.3


def test_comparators_are_only_what_was_published_by_the_date(tmp_path):
    import datetime as dt

    from conftest import ROOT

    out = write_downloads(
        tmp_path / "d.xlsx", dt.date(2022, 12, 31), ROOT / "data", ROOT / "params"
    )
    _, rows = sheet(openpyxl.load_workbook(out), "Published comparators")
    periods = {(r["Measure key"], r["Area code"], r["Period"]) for r in rows}
    assert ("ehc_plans_20_weeks_ex", "E92000001", "2021") in periods
    assert ("ehc_plans_20_weeks_ex", "E92000001", "2022") not in periods  # June 2023
    assert len(periods) == len(rows)  # one row per figure, the release the pages cite


def test_the_figures_sheet_is_the_ledger_written_beside_the_workbook(tmp_path):
    """The Figures sheet and figures.csv hold the same rows: every figure the pages show."""
    from wsoa_analysis.present.ledger import LEDGER_COLUMNS
    from wsoa_analysis.render.ledger import FIGURES, read_figures

    book = write_downloads(tmp_path / "data.xlsx", DATE, MINI / "data", MINI / "params")
    header, rows = sheet(openpyxl.load_workbook(book), "Figures")
    assert header == LEDGER_COLUMNS
    ledger = read_figures(tmp_path / FIGURES)
    assert len(rows) == len(ledger) > 100
    assert [r["figure_id"] for r in rows] == ledger["figure_id"].tolist()
    shown = [str(r["shown"]).removeprefix("'") for r in rows]
    assert shown == ledger["shown"].tolist()
    assert [r["synthetic"] == "yes" for r in rows] == ledger["synthetic"].tolist()
    notes = " ".join(
        str(c) for r in openpyxl.load_workbook(book)["notes"].iter_rows(values_only=True) for c in r
    )
    assert "figures.csv" in notes


def test_an_area_with_no_published_figures_gets_no_comparator_sheet_or_columns():
    from conftest import ROOT
    from wsoa_analysis.context import load_context
    from wsoa_analysis.render.xlsx import pack_tables

    example = ROOT / "examples" / "priority-action-plan"
    none = pack_tables(load_context("2026-03-31", example / "data", example / "params"))
    assert "Published comparators" not in none
    assert not [c for c in none["Scorecard"].columns if "omparator" in c]
    first = pack_tables(load_context("2022-08-31", ROOT / "data", ROOT / "params"))
    assert "Published comparators" in first and "Published comparator" in first["Scorecard"]


def test_a_percentage_carries_the_counts_behind_it(mini_book):
    _, values = sheet(mini_book, "Values")
    tallied = [r for r in values if r["Number"] is not None and r["Out of"] is not None]
    assert tallied, "the fixture's 20-week measure has counts behind it"
    for r in tallied:
        assert round(100 * r["Number"] / r["Out of"], 1) == r["Value"]
    assert all(r["Number"] is None for r in values if r["Withheld"])  # withheld with it
