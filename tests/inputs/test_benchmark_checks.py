"""The checks on the published statistics: each benchmarks row against its kind of period and
against the release calendar (dfe_releases), and the measures' keys into the benchmarks.

The fixture's calendar: Fixture release 2020 to 2023, published 14 May 2020, 13 May 2021,
12 May 2022 and 20 January 2023. benchmarks.csv row 2 is England 2020 (held from the 2022
release, first published in the 2021 one), row 3 England 2021, row 4 England 2022 (held from
the 2023 release).
"""

import pytest

from conftest import ROOT, rows_of, write_rows
from wsoa_analysis.errors import InputError
from wsoa_analysis.inputs.load import load_dataset, load_table


def set_cells(data, table, row, **values):
    rows = rows_of(data / f"{table}.csv")
    for column, value in values.items():
        if column not in rows[0]:
            rows = [r + ([column] if i == 0 else [""]) for i, r in enumerate(rows)]
        rows[row - 1][rows[0].index(column)] = value
    write_rows(data / f"{table}.csv", rows)


def problems_of(data) -> list[str]:
    with pytest.raises(InputError) as info:
        load_dataset(data)
    return [str(p) for p in info.value.problems]


def test_the_fixture_and_the_example_are_valid(mini_dataset):
    assert len(mini_dataset.dfe_releases) == 4
    example = load_dataset(ROOT / "data")
    assert set(example.benchmarks["release"]) <= set(example.dfe_releases["release"])


@pytest.mark.parametrize(
    "row, values, message",
    [
        (
            3,
            {"release": "Fixture release 2024"},
            "benchmarks.csv row 3, column release: 'Fixture release 2024': is not in "
            "dfe_releases for 'Fixture statistics'",
        ),
        (
            3,
            {"published_on": "2022-06-23"},
            "benchmarks.csv row 3, column published_on: '2022-06-23': dfe_releases gives "
            "2022-05-12 for Fixture release 2022",
        ),
        (
            4,
            {"release": "Fixture release 2022", "published_on": "2022-05-12"},
            "benchmarks.csv row 4, column release: 'Fixture release 2022': was published on "
            "2022-05-12, by the end of the period (2022-12-31): a figure is published after "
            "its period ends",
        ),
        (
            3,
            {"first_release": "Fixture release 2021", "first_published_on": "2021-05-13"},
            "benchmarks.csv row 3, column first_release: 'Fixture release 2021': the first "
            "release of Fixture statistics published after the period ended (2021-12-31) is "
            "Fixture release 2022, by dfe_releases",
        ),
        (
            3,
            {"first_release": "", "first_published_on": ""},
            "benchmarks.csv row 3, column first_release: the first release of Fixture "
            "statistics published after the period ended (2021-12-31) is Fixture release "
            "2022, by dfe_releases",
        ),
        (
            3,
            {"first_published_on": "2022-06-23"},
            "benchmarks.csv row 3, column first_published_on: '2022-06-23': dfe_releases "
            "gives 2022-05-12 for Fixture release 2022",
        ),
        (
            2,
            {"period_kind": "academic_year"},
            "benchmarks.csv row 2, column period_kind: 'academic_year': is a period from 1 "
            "September to 31 August, not 2020-01-01 to 2020-12-31",
        ),
        (
            2,
            {"period_kind": "census"},
            "benchmarks.csv row 2, column period_kind: 'census': is a period from the first to "
            "the last day of the census month, not 2020-01-01 to 2020-12-31",
        ),
        (
            2,
            {"period_kind": "quarter"},
            "benchmarks.csv row 2, column period_kind: 'quarter': is not one of the allowed "
            "values (calendar_year, academic_year, financial_year, census)",
        ),
        (
            3,
            {"definition": ""},
            "benchmarks.csv row 3, column definition: is empty (a value is required)",
        ),
    ],
)
def test_a_benchmark_row_against_its_period_and_the_calendar(mini_data, row, values, message):
    set_cells(mini_data, "benchmarks", row, **values)
    assert problems_of(mini_data) == [message]


def test_a_census_month_is_a_census_period(mini_data):
    set_cells(
        mini_data,
        "benchmarks",
        2,
        period_kind="census",
        period_start="2020-01-01",
        period_end="2020-01-31",
        first_release="",
        first_published_on="",
    )
    load_dataset(mini_data)  # before the calendar's first release: first release unknown


def test_a_first_release_the_calendar_cannot_vouch_for_is_refused(mini_data):
    """Without the 2020 release in the calendar, nothing says the 2021 release was the first
    to publish calendar 2020: an earlier one, not listed, may have."""
    rows = rows_of(mini_data / "dfe_releases.csv")
    write_rows(mini_data / "dfe_releases.csv", [r for r in rows if r[1] != "Fixture release 2020"])
    assert problems_of(mini_data) == [
        "benchmarks.csv row 2, column first_release: 'Fixture release 2021': the period ended "
        "(2020-12-31) before the first release of Fixture statistics in dfe_releases was "
        "published, so which release first published the figure is not known: leave "
        "first_release and first_published_on empty"
    ]


def test_benchmarks_need_the_release_calendar(mini_data):
    (mini_data / "dfe_releases.csv").unlink()
    assert problems_of(mini_data) == [
        "benchmarks.csv, column release: cites releases, but there is no dfe_releases table "
        "saying when each was published: add dfe_releases.csv beside it"
    ]


def test_a_release_is_listed_once(mini_data):
    rows = rows_of(mini_data / "dfe_releases.csv")
    write_rows(mini_data / "dfe_releases.csv", rows + [rows[-1]])
    assert problems_of(mini_data) == [
        f"dfe_releases.csv row {r}, column publication, release: duplicate row: another row "
        "has the same publication, release"
        for r in (5, 6)
    ]


@pytest.mark.parametrize(
    "values, message",
    [
        (
            {"related_key": "nothing"},
            "kpis.csv row 3, column related_key: 'nothing': has no rows in benchmarks",
        ),
        (
            {"related_key": "ehc_plans_20_weeks_ex"},
            "kpis.csv row 3, column related_key: 'ehc_plans_20_weeks_ex': is also the "
            "comparator_key: a published figure is either defined as the measure is "
            "(comparator_key) or only related to it (related_key), not both",
        ),
    ],
)
def test_a_related_key(mini_data, values, message):
    set_cells(mini_data, "kpis", 3, **values)  # A-2, whose comparator_key is the 20 weeks
    assert problems_of(mini_data) == [message]


def test_a_related_key_is_loaded(mini_data):
    set_cells(mini_data, "kpis", 2, related_key="ehc_plans_20_weeks_ex")
    kpis = load_dataset(mini_data).kpis.set_index("kpi_id")
    assert kpis.loc["A-1", "related_key"] == "ehc_plans_20_weeks_ex"


def test_load_table_reads_one_table_on_its_own(mini_data, tmp_path):
    calendar = load_table(mini_data / "dfe_releases.csv", "dfe_releases")
    assert calendar["release"].tolist()[-1] == "Fixture release 2023"
    assert str(calendar["published_on"].dtype).startswith("datetime64")
    set_cells(mini_data, "dfe_releases", 2, published_on="14/05/2020")
    with pytest.raises(InputError, match=r"row 2, column published_on: '14/05/2020'"):
        load_table(mini_data / "dfe_releases.csv", "dfe_releases")
    with pytest.raises(InputError, match=r"dfe_releases.csv: the file is missing"):
        load_table(tmp_path / "dfe_releases.csv", "dfe_releases")
