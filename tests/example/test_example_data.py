import shutil

import pandas as pd

from conftest import ROOT
from wsoa_analysis.inputs.load import load_dataset
from wsoa_example import synthetic


def test_committed_example_data_is_what_the_generator_writes(tmp_path):
    for name in ("kpis", "actions", "action_updates"):
        shutil.copy(ROOT / "data" / f"{name}.csv", tmp_path)
    written = synthetic.write_example_data(tmp_path)
    for path in written:
        assert path.read_bytes() == (ROOT / "data" / path.name).read_bytes(), path.name


def test_bundled_data_is_valid_and_complete():
    ds = load_dataset(ROOT / "data")
    assert len(ds.priorities) == 4 and len(ds.actions) == 75 and len(ds.kpis) >= 30
    real = ds.action_updates[~ds.action_updates["synthetic"].fillna(False)]
    assert len(real) == 24 and set(real["reporting_date"]) == {pd.Timestamp("2022-08-31")}
    assert (real["status"] == "Yellow").sum() == 7
    # August 2022 keeps exactly the WSoA's statuses: no synthetic row on that date
    synth = ds.action_updates[ds.action_updates["synthetic"].fillna(False)]
    assert pd.Timestamp("2022-08-31") not in set(synth["reporting_date"])
    assert ds.observations["synthetic"].all() and ds.ehc_requests["synthetic"].all()
    # every observed measure has values from its start to December 2023
    observed = ds.kpis.loc[ds.kpis["method"] == "observed", "kpi_id"]
    last = ds.observations.groupby("kpi_id")["period_end"].max()
    assert set(observed) == set(last.index)
    assert (last >= pd.Timestamp("2023-08-31")).all()


def test_about_65_requests_a_month():
    ds = load_dataset(ROOT / "data")
    per_month = ds.ehc_requests.groupby(ds.ehc_requests["date_received"].dt.to_period("M")).size()
    assert 55 <= per_month.mean() <= 75
    assert per_month.index.min() <= pd.Period("2021-06", "M")
    assert per_month.index.max() >= pd.Period("2023-12", "M")


def test_every_rating_occurs_in_the_example_data():
    from wsoa_analysis.config.settings import load_area
    from wsoa_analysis.domain.scorecard import scorecard
    from wsoa_analysis.domain.values import measure_values

    ds = load_dataset(ROOT / "data")
    settings = load_area(ROOT / "params")
    values = measure_values(ds)
    seen = set()
    for date in ("2022-08-31", "2023-06-30"):
        seen |= set(scorecard(ds, settings, date, values)["rating"])
    # every rating a WSoA's measures can have ("not_due" is a milestone's, which the
    # example has none of; the second example has)
    assert seen == {"met", "green", "amber", "red", "missed", "no_target", "no_data", "withheld"}


def test_neighbour_codes_in_settings_match_the_extract():
    from wsoa_analysis.config.settings import load_area

    listed = pd.read_csv(ROOT / "data" / "statistical_neighbours.csv")
    settings = load_area(ROOT / "params")
    assert settings.area.statistical_neighbours.codes == list(listed["area_code"])
