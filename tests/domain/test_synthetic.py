import pandas as pd

from wsoa_analysis.domain.synthetic import any_synthetic, synthetic_flags


def test_synthetic_flags_read_missing_as_real():
    frame = pd.DataFrame({"synthetic": pd.array([True, pd.NA, False], dtype="boolean")})
    assert list(synthetic_flags(frame)) == [True, False, False]
    assert synthetic_flags(frame).dtype == bool
    assert list(synthetic_flags(pd.DataFrame({"x": [1]}))) == [False]
    assert synthetic_flags(pd.DataFrame({"x": [1]}, index=[7])).index.tolist() == [7]


def test_any_synthetic():
    real = pd.DataFrame({"synthetic": pd.array([pd.NA, False], dtype="boolean")})
    made_up = pd.DataFrame({"synthetic": [False, True]})
    assert not any_synthetic(real)
    assert any_synthetic(real, made_up)
    assert not any_synthetic(pd.DataFrame({"x": []}), pd.DataFrame())
