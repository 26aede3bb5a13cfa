import dataclasses
import json
import math

import pandas as pd
import pytest

from wsoa_analysis.cli import main
from wsoa_analysis.disclosure import DisclosurePolicy
from wsoa_analysis.domain import scorecard as sc
from wsoa_analysis.domain import values as mv
from wsoa_analysis.domain.summary import context_summary, format_summary


def test_measure_values_include_computed_ones(mini_dataset):
    values = mv.measure_values(mini_dataset, DisclosurePolicy(enabled=False))
    a2 = values[values["kpi_id"] == "A-2"].set_index("period_end")
    # June 2022: plans issued that month, hand-counted from the fixture requests
    june = a2.loc[pd.Timestamp("2022-06-30")]
    assert june["numerator"] <= june["denominator"]
    assert june["value"] == pytest.approx(100 * june["numerator"] / june["denominator"])
    b1 = values[values["kpi_id"] == "B-1"].set_index("period_end")["value"]
    assert b1.loc[pd.Timestamp("2021-07-31")] == 3
    assert b1.index.min() == pd.Timestamp("2021-07-31")  # values start after the baseline
    assert set(values["kpi_id"]) == {"A-1", "A-2", "B-1", "B-2", "B-3", "C-1"}


def test_small_computed_figures_are_withheld(mini_dataset):
    """The fixture has 3 requests a month: every monthly figure is below the threshold."""
    values = mv.measure_values(mini_dataset, DisclosurePolicy(threshold=5))
    b1 = values[values["kpi_id"] == "B-1"]
    assert b1["value"].isna().all() and (b1["symbol"] == "c").all()
    a2 = values[values["kpi_id"] == "A-2"]
    assert (a2["symbol"] == "c").all() and a2["numerator"].isna().all()
    lenient = mv.measure_values(mini_dataset, DisclosurePolicy(threshold=1))
    assert lenient.loc[lenient["kpi_id"] == "B-1", "value"].notna().all()


def test_a_withheld_latest_figure_gets_no_rating(mini_dataset, mini_settings):
    card = sc.scorecard(mini_dataset, mini_settings, "2022-09-30").set_index("kpi_id")
    assert card.loc["B-1", "latest_symbol"] == "c"
    assert card.loc["B-1", "rating"] == "withheld"  # said so, not "no data yet"
    assert "withheld" in card.loc["B-1", "rating_reason"]
    assert math.isnan(card.loc["B-1", "latest_value"])


def test_scorecard_row_for_an_observed_measure(mini_dataset, mini_settings):
    card = sc.scorecard(mini_dataset, mini_settings, "2022-09-30").set_index("kpi_id")
    a1 = card.loc["A-1"]
    assert a1["latest_value"] == 62.5
    assert a1["latest_period"] == "Q2 2022/23"
    assert a1["previous_value"] == 60.0
    assert a1["year_ago_value"] == 52.0
    assert a1["direction_previous"] == "Improving"
    assert a1["progress"] == pytest.approx((62.5 - 50) / 20 * 100)
    # 50 -> 70 from Q1 2021/22 to Q3 2022/23 (6 quarters); Q2 2022/23 is the fifth
    expected = 50 + 20 * 5 / 6
    assert a1["expected_value"] == pytest.approx(expected)
    assert a1["rating"] == "red"  # 4.17 behind; the amber band is 2
    assert a1["target"] == "70% by Dec 2022"
    assert a1["baseline_period"] == "Q1 2021/22"


def test_scorecard_uses_nothing_after_the_reporting_date(mini_dataset, mini_settings):
    card = sc.scorecard(mini_dataset, mini_settings, "2022-08-15").set_index("kpi_id")
    assert card.loc["A-1", "latest_value"] == 60.0
    assert card.loc["B-1", "latest_period"] == "Jul 2022"
    early = sc.scorecard(mini_dataset, mini_settings, "2021-07-01").set_index("kpi_id")
    assert early.loc["A-1", "rating"] == "no_data"
    assert math.isnan(early.loc["A-1", "latest_value"])


def test_comparator_is_the_latest_published_by_the_date(mini_dataset, mini_settings):
    card = sc.scorecard(mini_dataset, mini_settings, "2022-09-30").set_index("kpi_id")
    assert card.loc["A-2", "comparator_value"] == 59.9  # 2022 has not ended by then
    assert card.loc["A-2", "comparator_period"] == "2021"
    card = sc.scorecard(mini_dataset, mini_settings, "2023-01-31").set_index("kpi_id")
    assert card.loc["A-2", "comparator_value"] == 49.2


def test_ratings_by_priority(mini_dataset, mini_settings):
    card = sc.scorecard(mini_dataset, mini_settings, "2022-09-30")
    table = sc.ratings_by_priority(card)
    assert table.sum().sum() == 6
    assert table.loc["2", "No target set"] == 1  # B-3 reduce
    assert list(card["priority_id"].unique()) == ["1", "2", "5"]


@pytest.mark.parametrize(
    "kind, value, date, expected",
    [
        ("absolute", 75, None, "75%"),
        ("absolute", 100, "2023-06-30", "100% by Jun 2023"),
        ("relative", 20, None, "+20% on baseline"),
        ("maintain", None, None, "Maintain 52% (baseline)"),
        ("maintain", 100, None, "Maintain 100%"),
        ("to_be_set", None, None, "To be set"),
        ("month_on_month", None, None, "Increase month on month"),
    ],
)
def test_target_label(kind, value, date, expected, mini_settings):
    kpi = pd.Series(
        {
            "target_kind": kind,
            "unit": "percent",
            "target_value": value,
            "target_date": pd.Timestamp(date) if date else pd.NaT,
            "baseline_value": 52.0,
        }
    )
    assert sc.target_label(kpi, mini_settings) == expected


@pytest.mark.parametrize(
    "kind, value, expected",
    [
        ("absolute", 45, "45 per 10,000 children aged 5 to 15 by Aug 2026"),
        ("maintain", 45, "Maintain 45 per 10,000 children aged 5 to 15"),
        ("maintain", None, "Maintain 61.8 per 10,000 children aged 5 to 15 (baseline)"),
    ],
)
def test_a_rates_target_names_what_it_is_per(kind, value, expected, mini_settings):
    """A rate per N's target is written as its values are: ``45 per 10,000 ...``, not ``45``."""
    kpi = pd.Series(
        {
            "target_kind": kind,
            "unit": "rate_per_n",
            "rate_per": 10000.0,
            "rate_population": "children aged 5 to 15",
            "rate_population_source": "a council estimate",
            "target_value": value,
            "target_date": pd.Timestamp("2026-08-31") if kind == "absolute" else pd.NaT,
            "baseline_value": 61.8,
        }
    )
    assert sc.target_label(kpi, mini_settings) == expected


def test_status_summary():
    from conftest import MINI
    from wsoa_analysis.context import load_context

    s = context_summary(load_context("2022-09-30", MINI / "data", MINI / "params"))
    assert s["priority_areas"] == 3 and s["measures"] == 6 and s["actions"] == 6
    assert s["actions_by_status"] == {"Blue": 1, "Green": 2, "Amber": 1, "Red": 1, "Grey": 0}
    assert s["actions_without_status"] == 1
    # 1.1.1 (Mar 2022, Green) and 5.1.1 (Sep 2022 is not past on 30 Sep) -> only 1.1.1
    assert s["overdue_actions"] == 1 and s["green_past_target_date"] == 1
    assert sum(s["measures_by_rating"].values()) == 6
    assert s["statuses_not_updated"] == 0 and s["past_target_without_status"] == 0
    # on 31 July 2022 the three statuses are June's, carried: said so, not as this cycle's
    s = context_summary(load_context("2022-07-31", MINI / "data", MINI / "params"))
    assert s["statuses_not_updated"] == 3
    text = format_summary(s)
    assert "Statuses not updated this cycle (an earlier cycle's shown): 3" in text
    assert "Past target date, status not recorded: 0" in text


def test_cli_status_json(capsys, mini_params):
    from conftest import MINI

    code = main(
        [
            "status",
            "--date",
            "2022-09-30",
            "--json",
            "--data",
            str(MINI / "data"),
            "--params",
            str(mini_params),
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["reporting_date"] == "2022-09-30"
    assert out["actions"] == 6


def test_cli_bad_date_is_a_message(capsys):
    assert main(["status", "--date", "31/08/2022"]) != 0
    assert "31/08/2022" in capsys.readouterr().err


@pytest.fixture(scope="module")
def example_card():
    from conftest import ROOT
    from wsoa_analysis.config.settings import load_area
    from wsoa_analysis.inputs.load import load_dataset

    ds = load_dataset(ROOT / "data")
    return sc.scorecard(ds, load_area(ROOT / "params"), "2023-06-30").set_index("kpi_id")


def test_a_row_carries_the_first_value_the_rating_used_as_baseline(example_card):
    # P4-04 (schools linking to the Local Offer, "every school") and P4-05 (hits, +20%) have
    # no baseline in the WSoA: the first recorded value stands in for it
    p404, p405 = example_card.loc["P4-04"], example_card.loc["P4-05"]
    assert p404["baseline_from_first_value"] and p405["baseline_from_first_value"]
    assert pd.isna(p404["baseline_value"])  # the stated baseline stays as written
    assert p404["baseline_used"] == 58.1
    assert p404["baseline_used_date"] == pd.Timestamp("2022-12-31")
    assert p404["baseline_used_period"] == "Q3 2022/23"
    assert p404["target_value"] == 100.0
    assert p404["target_date_used"] == pd.Timestamp("2023-06-30")  # the plan's end
    assert p405["baseline_used"] == 4527.0
    assert p405["baseline_used_date"] == pd.Timestamp("2022-10-31")
    assert p405["baseline_used_period"] == "Oct 2022"
    assert p405["target_value"] == pytest.approx(4527 * 1.2)
    line = sc.trajectory_line(p405)  # a point at every month end, Oct 2022 to Jun 2023
    assert list(line.index) == list(pd.date_range("2022-10-31", "2023-06-30", freq="ME"))
    assert list(line) == pytest.approx([4527.0 + 905.4 * k / 8 for k in range(9)])
    assert p405["progress"] == pytest.approx((4876 - 4527) / (5432.4 - 4527) * 100)


def test_a_stated_baseline_is_the_one_used(example_card):
    p101 = example_card.loc["P1-01"]  # audited good or better, 52.5% -> 75% by June 2023
    assert not p101["baseline_from_first_value"]
    assert p101["baseline_used"] == 52.5
    assert p101["baseline_used_date"] == pd.Timestamp("2021-06-30")
    # the WSoA does not state the period of the 52.5%: the pack says it is assumed
    assert p101["baseline_used_period"] == p101["baseline_period"] == "Q1 2021/22 (assumed)"
    assert p101["target_date_used"] == pd.Timestamp("2023-06-30")


def test_the_chart_line_is_the_one_the_rating_used(example_card):
    """Wherever a measure was rated against a trajectory, the line drawn from the row passes
    through the rating's expected value at the latest period."""
    rated = example_card[
        example_card["target_kind"].isin(["absolute", "relative"])
        & example_card["rating"].isin(["green", "amber", "red", "missed"])
    ]
    assert {"P4-04", "P4-05", "P1-01", "P2-03", "P2-04"} <= set(rated.index)
    for kpi_id, row in rated.iterrows():
        line = sc.trajectory_line(row)
        assert line.iloc[0] == row["baseline_used"] and line.iloc[-1] == row["target_value"]
        assert line.loc[row["latest_period_end"]] == pytest.approx(row["expected_value"]), kpi_id


def test_no_line_where_the_rating_used_none(example_card):
    for kind in ("maintain", "reduce", "increase", "to_be_set", "month_on_month"):
        rows = example_card[example_card["target_kind"] == kind]
        for _, row in rows.iterrows():
            assert sc.trajectory_line(row).empty, row.name
    maintain = example_card[example_card["target_kind"] == "maintain"]
    assert maintain["baseline_used"].notna().any()  # the level falls back to the baseline
    assert maintain["target_date_used"].isna().all()


def _with_count_comparator(ds):
    """The fixture with B-1 (requests a month) given a published comparator, for England,
    the region and the area itself."""
    kpis = ds.kpis.copy()
    kpis.loc[kpis["kpi_id"] == "B-1", "comparator_key"] = "requests"
    rows = [
        ("E92000001", "England", 5000.0),
        ("E12000099", "Fixture Region", 400.0),
        ("E08000099", "Fixtureshire", 11.0),
    ]
    extra = pd.DataFrame(
        {
            "measure_key": "requests",
            "area_code": [c for c, _, _ in rows],
            "area_name": [n for _, n, _ in rows],
            "geographic_level": ["National", "Regional", "Local authority"],
            "time_period": "2021",
            "period_start": pd.Timestamp("2021-01-01"),
            "period_end": pd.Timestamp("2021-12-31"),
            "value": [v for _, _, v in rows],
            "symbol": "",
            "unit": "rate_per_month",
            "source": "test",
            "period_kind": "calendar_year",
            "definition": "Requests for EHC needs assessment received in the year, a month",
            "publication": "Education, health and care plans",
            "release": "Reporting year 2022",
            "published_on": pd.Timestamp("2022-05-12"),
            "first_release": "Reporting year 2022",
            "first_published_on": pd.Timestamp("2022-05-12"),
        }
    )
    tables = dict(ds.tables, kpis=kpis, benchmarks=pd.concat([ds.benchmarks, extra]))
    return dataclasses.replace(ds, tables=tables)


def test_a_count_is_compared_with_the_area_not_england(mini_dataset, mini_settings):
    ds = _with_count_comparator(mini_dataset)
    card = sc.scorecard(ds, mini_settings, "2022-09-30").set_index("kpi_id")
    assert card.loc["B-1", "comparator_value"] == 11.0
    assert card.loc["B-1", "comparator_area"] == "Fixtureshire"
    assert card.loc["A-2", "comparator_area"] == "England"  # a percentage: England
    assert card.loc["A-2", "comparator_value"] == 59.9


def test_synthetic_flag_of_values(mini_dataset):
    values = mv.measure_values(mini_dataset, DisclosurePolicy(enabled=False))
    assert values["synthetic"].dtype == bool


def _a1_values(rows):
    return pd.DataFrame(
        {
            "kpi_id": "A-1",
            "period_end": pd.to_datetime([d for d, _, _ in rows]),
            "value": [v for _, v, _ in rows],
            "numerator": math.nan,
            "denominator": math.nan,
            "note": "",
            "synthetic": False,
            "symbol": [s for _, _, s in rows],
        }
    )


@pytest.mark.parametrize("stated", [True, False])
def test_a_withheld_latest_figure_keeps_the_line_to_draw(stated, mini_dataset, mini_settings):
    """No rating where the latest figure is withheld, but the chart still draws the line a
    rating would use: from the stated baseline, or else from the first recorded value."""
    kpi = mini_dataset.kpis.set_index("kpi_id").loc["A-1"].copy()
    kpi["kpi_id"] = "A-1"
    if not stated:
        kpi["baseline_value"], kpi["baseline_date"] = pd.NA, pd.NaT
    values = _a1_values([("2021-09-30", 55.0, ""), ("2021-12-31", math.nan, "c")])
    row = sc.score_measure(kpi, values, "2022-03-31", mini_dataset, mini_settings)
    assert row["rating"] == "withheld" and row["latest_symbol"] == "c"
    expected = (50.0, "2021-06-30") if stated else (55.0, "2021-09-30")
    assert row["baseline_used"] == expected[0]
    assert row["baseline_used_date"] == pd.Timestamp(expected[1])
    assert row["baseline_from_first_value"] is (not stated)
    assert row["target_value"] == 70.0
    assert row["target_date_used"] == pd.Timestamp("2022-12-31")
    line = sc.trajectory_line(pd.Series(row))
    assert (line.iloc[0], line.iloc[-1]) == (expected[0], 70.0)
    assert line.index[-1] == pd.Timestamp("2022-12-31")


def _measure(ds, kpi_id, **changes):
    kpi = ds.kpis.set_index("kpi_id").loc[kpi_id].copy()
    kpi["kpi_id"] = kpi_id
    for column, value in changes.items():
        kpi[column] = value
    return kpi


def _values(kpi_id, rows):
    return _a1_values(rows).assign(kpi_id=kpi_id)


# B-1, requests a month, 12 (June 2021) -> 8. June 2022's own 8 would be the target met; the
# average of April to June, (12 + 11 + 8) / 3 = 10.33, is not.
B1_MONTHS = [("2022-04-30", 12.0, ""), ("2022-05-31", 11.0, ""), ("2022-06-30", 8.0, "")]


@pytest.mark.parametrize(
    "judged_by, value, period, judged_on, rating",
    [
        (pd.NA, 8.0, "Jun 2022", "judged on its latest month", "met"),
        (
            "mean_of_3",
            31 / 3,
            "average of the 3 months to Jun 2022",
            "judged on the average of its last 3 months",
            "red",
        ),
    ],
)
def test_a_measure_is_judged_as_its_judged_by_says(
    judged_by, value, period, judged_on, rating, mini_dataset, mini_settings
):
    kpi = _measure(mini_dataset, "B-1", judged_by=judged_by)
    row = sc.score_measure(
        kpi, _values("B-1", B1_MONTHS), "2022-06-30", mini_dataset, mini_settings
    )
    assert row["latest_value"] == pytest.approx(value)
    assert row["latest_period"] == period
    assert row["judged_on"] == judged_on
    # 12 in June 2021 to 8 by December 2022 (the plan's end): 12 of 18 months by June 2022,
    # the line at 12 - 4 * 12/18 = 9.33; 10.33 is 1.0 behind, beyond the amber band (0.4)
    if rating != "met":  # a value that met the target is judged against the target itself
        assert row["expected_value"] == pytest.approx(12 - 4 * 12 / 18)
    assert row["rating"] == rating
    assert row["progress"] == pytest.approx((12 - value) / 4 * 100)


def test_the_value_before_the_first_is_the_baseline(mini_dataset, mini_settings):
    # A-1's first value after its baseline (50%, Q1 2021/22) is 48% in Q2: a move from the
    # baseline, worse, not "not comparable"
    kpi = _measure(mini_dataset, "A-1")
    one = _values("A-1", [("2021-09-30", 48.0, "")])
    row = sc.score_measure(kpi, one, "2021-09-30", mini_dataset, mini_settings)
    assert row["previous_value"] == 50.0
    assert row["direction_previous"] == "Worsening"
    assert row["direction_year"] == "Not comparable"  # nothing a year before
    a_year_on = _values("A-1", [("2022-06-30", 55.0, "")])
    row = sc.score_measure(kpi, a_year_on, "2022-06-30", mini_dataset, mini_settings)
    assert row["year_ago_value"] == 50.0 and row["direction_year"] == "Improving"
    assert row["direction_previous"] == "Not comparable"  # no value for Q4 2021/22


@pytest.mark.parametrize(
    "date, value_end, rating, why",
    [
        # 2021's England figure (59.9) was published on 12 May 2022
        ("2022-06-30", "2021-12-31", "green", "(England 59.9%)"),
        # 2022's figure comes out in January 2023: on 31 December 2022 there is nothing for
        # 2022 to compare with, although 2021's figure (59.9) is out
        ("2022-12-31", "2022-12-31", "no_data", "not yet published"),
        ("2023-03-31", "2022-12-31", "green", "(England 49.2%)"),
    ],
)
def test_a_national_average_target_is_judged_against_the_same_period(
    date, value_end, rating, why, mini_dataset, mini_settings
):
    kpi = _measure(
        mini_dataset,
        "A-2",
        target_kind="national_average",
        target_value=pd.NA,
        frequency="calendar_year",
        method="observed",
        baseline_value=pd.NA,
        baseline_date=pd.NaT,
    )
    years = _values("A-2", [("2021-12-31", 60.0, ""), ("2022-12-31", 50.0, "")])
    row = sc.score_measure(kpi, years, date, mini_dataset, mini_settings)
    assert row["latest_period_end"] == pd.Timestamp(value_end)
    assert row["rating"] == rating
    assert why in row["rating_reason"]
    assert row["target"] == "National figure for the same period, or better"
    assert row["judged_on"] == "judged against the national figure for the same period"


def test_an_assumed_baseline_period_is_marked_wherever_the_row_names_it(
    mini_dataset, mini_settings
):
    kpi = _measure(mini_dataset, "A-1", baseline_period_assumed=True)
    row = sc.score_measure(
        kpi, _values("A-1", [("2021-09-30", 55.0, "")]), "2021-09-30", mini_dataset, mini_settings
    )
    assert row["baseline_period"] == row["baseline_used_period"] == "Q1 2021/22 (assumed)"
    stated = sc.score_measure(
        _measure(mini_dataset, "A-1"),
        _values("A-1", [("2021-09-30", 55.0, "")]),
        "2021-09-30",
        mini_dataset,
        mini_settings,
    )
    assert stated["baseline_period"] == "Q1 2021/22"


def test_quarters_the_requests_only_partly_cover_are_left_out(mini_dataset):
    # the fixture's first plan is issued in the middle of a quarter: that quarter would count
    # only the plans of its last weeks, so it has no value
    req = mini_dataset.ehc_requests
    first = req["plan_issued_date"].min()
    kpi = _measure(mini_dataset, "A-2", frequency="quarterly", baseline_date=pd.NaT)
    got = mv.derived_values(mini_dataset, kpi, DisclosurePolicy(enabled=False))
    start = pd.Timestamp(first.year, first.month, 1)
    from wsoa_analysis.domain.periods import period_start

    assert all(period_start(e, "quarterly") >= start for e in got["period_end"])
    assert len(got)


def test_the_example_requests_a_month_are_judged_on_twelve_months(example_card):
    # June 2023 alone was 50 a month, the target; the 12 months to June average 62
    p203 = example_card.loc["P2-03"]
    assert p203["judged_by"] == "mean_of_12"
    assert p203["latest_period"] == "average of the 12 months to Jun 2023"
    assert round(p203["latest_value"]) == 62
    assert p203["rating"] == "missed"  # June 2023 is the plan's end: the date has passed
    assert p203["baseline_period"] == "average of the 12 months to Jul 2021 (assumed)"


@pytest.mark.parametrize("kpi_id", ["P2-05", "P2-06"])
def test_the_example_exclusions_are_on_a_year_by_year_trajectory(kpi_id, example_card):
    # 2021/22 is one academic year of two to the plan's end: half way, and on it
    row = example_card.loc[kpi_id]
    assert row["latest_period"] == "2021/22 academic year"
    assert row["progress"] == pytest.approx(50.0, abs=4)
    assert row["rating"] == "green"


def test_the_example_small_count_of_permanent_exclusions_is_withheld(example_card):
    # 4 permanent exclusions of pupils with an EHC plan in 2021/22 (kpis.small_counts is
    # suppress): no value, no progress, no rating and no direction may give the 4 away
    row = example_card.loc["P2-07"]
    assert row["latest_symbol"] == "c"
    assert pd.isna(row["latest_value"]) and pd.isna(row["progress"])
    assert row["rating"] == "withheld"
    assert row["baseline_value"] == 5  # the plan's own published baseline stays


def test_a_derived_value_is_synthetic_only_when_the_records_it_counts_are(mini_dataset):
    # real records everywhere but in one quarter: only that quarter's value is synthetic
    req = mini_dataset.ehc_requests.copy()
    issued = req["plan_issued_date"]
    marked = (issued >= "2021-07-01") & (issued <= "2021-09-30")
    req["synthetic"] = marked
    ds = mini_dataset.__class__(**{**mini_dataset.__dict__, "tables": dict(mini_dataset.tables)})
    ds.tables["ehc_requests"] = req
    kpi = _measure(mini_dataset, "A-2", frequency="quarterly", baseline_date=pd.NaT)
    got = mv.derived_values(ds, kpi, DisclosurePolicy(enabled=False)).set_index("period_end")
    assert got["synthetic"].any() and not got["synthetic"].all()
    assert bool(got.loc[pd.Timestamp("2021-09-30"), "synthetic"])
