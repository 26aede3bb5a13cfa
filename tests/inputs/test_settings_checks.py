"""Settings that name what the data does not have are refused before anything runs."""

import shutil

import pytest

from conftest import MINI
from wsoa_analysis.cli import main
from wsoa_analysis.config.settings import load_area
from wsoa_analysis.errors import InputError
from wsoa_analysis.inputs.settings_checks import check_settings, settings_problems


def _params(tmp_path, analyses: str):
    params = tmp_path / "params"
    shutil.copytree(MINI / "params", params)
    area = params / "area.yaml"
    text = area.read_text()
    start = text.index("  analyses:")
    end = text.index("rating:")
    area.write_text(text[:start] + analyses + text[end:])
    return params


def test_the_example_settings_match_the_fixture(mini_dataset, mini_settings):
    assert settings_problems(mini_settings, mini_dataset) == []


@pytest.mark.parametrize(
    "analyses,expected",
    [
        ('  analyses:\n    "9":\n      - kind: weeks_to_plan\n', "no priority area '9'"),
        (
            '  analyses:\n    "2":\n      - kind: measures_by_year\n        measures: [B-1, Z-9]\n',
            "no measure 'Z-9' in kpis.csv",
        ),
        ('  analyses:\n    "2":\n      - kind: measures_by_year\n', "list the measures"),
    ],
)
def test_unknown_areas_and_measures_are_named(tmp_path, mini_dataset, analyses, expected):
    settings = load_area(_params(tmp_path, analyses))
    with pytest.raises(InputError, match=expected) as err:
        check_settings(settings, mini_dataset)
    assert "area.yaml" in str(err.value) and "pack.analyses" in str(err.value)


def test_an_unknown_kind_is_refused_when_the_settings_are_read(tmp_path):
    from wsoa_analysis.errors import ParameterError

    params = _params(tmp_path, '  analyses:\n    "1":\n      - kind: tea_leaves\n')
    with pytest.raises(ParameterError, match="tea_leaves"):
        load_area(params)


def test_wsoa_validate_checks_the_settings_too(tmp_path, mini_data, capsys):
    params = _params(
        tmp_path,
        '  analyses:\n    "1":\n      - kind: weeks_to_plan\n'
        '    "7":\n      - kind: requests_trend\n',
    )
    code = main(["validate", "--data", str(mini_data), "--params", str(params)])
    assert code == 2
    assert "no priority area '7'" in capsys.readouterr().err
