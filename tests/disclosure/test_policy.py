import json

import pytest

from conftest import MINI
from wsoa_analysis.config.settings import load_area
from wsoa_analysis.disclosure import DisclosurePolicy, footnote
from wsoa_analysis.errors import ParameterError

DEFAULT = DisclosurePolicy()


def test_default_policy_and_footnote():
    assert (
        DEFAULT.enabled,
        DEFAULT.threshold,
        DEFAULT.suppress_zero,
        DEFAULT.rounding_base,
        DEFAULT.symbol,
    ) == (True, 5, False, 1, "c")
    assert footnote(DEFAULT) == (
        "c: fewer than 5 (or a figure that would reveal one): "
        "suppressed to protect children's privacy."
    )


@pytest.mark.parametrize(
    "settings, expected",
    [
        (
            {"threshold": 10, "symbol": "*"},
            "*: fewer than 10 (or a figure that would reveal one): suppressed to protect "
            "children's privacy.",
        ),
        (
            {"rounding_base": 5},
            "c: fewer than 5 (or a figure that would reveal one): suppressed to protect "
            "children's privacy. Counts are rounded to the nearest 5, so totals may not equal the "
            "sum of their parts; percentages are worked out from the rounded counts.",
        ),
        ({"footnote": "{symbol} = fewer than {threshold} children"}, "c = fewer than 5 children"),
        ({"enabled": False}, ""),
    ],
)
def test_footnote_follows_the_policy(settings, expected):
    assert footnote(DisclosurePolicy(**settings)) == expected


def _area_with(tmp_path, disclosure: str):
    """The fixture's settings with this ``disclosure:`` section instead of its own."""
    text = (MINI / "params" / "area.yaml").read_text()
    kept = text[: text.index("disclosure:")] if "disclosure:" in text else text.rstrip() + "\n"
    (tmp_path / "area.yaml").write_text(kept + disclosure)
    return tmp_path


def test_the_settings_section_is_read_as_the_policy(tmp_path):
    assert load_area(_area_with(tmp_path, "disclosure:\n")).disclosure == DEFAULT
    assert load_area(_area_with(tmp_path, "")).disclosure == DEFAULT
    policy = load_area(
        _area_with(
            tmp_path, "disclosure:\n  threshold: 10\n  suppress_zero: true\n  rounding_base: 5\n"
        )
    ).disclosure
    assert (policy.threshold, policy.suppress_zero, policy.rounding_base) == (10, True, 5)


@pytest.mark.parametrize(
    "settings, message",
    [
        (
            {"threshold": 0},
            r"disclosure setting 'threshold' = 0: must be a whole number, 1 or "
            r"more \(e\.g\. threshold: 5\)",
        ),
        ({"threshold": -3}, r"'threshold' = -3: must be a whole number, 1 or more"),
        ({"threshold": "5"}, r"'threshold' = '5': Input should be a valid integer"),
        ({"threshold": 2.5}, r"'threshold' = 2\.5: Input should be a valid integer"),
        ({"rounding_base": 0}, r"'rounding_base' = 0: must be a whole number, 1 or more"),
        ({"symbol": ""}, r"'symbol' = '': must not be blank \(e\.g\. symbol: c\)"),
        ({"symbol": "x5"}, r"'symbol' = 'x5': must not contain a digit"),
        ({"enabled": "yes"}, r"'enabled' = 'yes': Input should be a valid boolean"),
        (
            {"footnote": "{symbol} below {limit}"},
            r"'footnote' = '\{symbol\} below \{limit\}': can use only \{symbol\} and \{threshold\}",
        ),
        ({"footnote": "  "}, r"'footnote' = '  ': must not be blank"),
        (
            {"treshold": 5},
            r"unknown disclosure setting 'treshold' \(known settings: enabled, "
            r"threshold,",
        ),
    ],
)
def test_invalid_policy_names_the_setting_and_value(tmp_path, settings, message):
    with pytest.raises(ParameterError, match=message):
        DisclosurePolicy(**settings)
    lines = "".join(f"  {k}: {json.dumps(v)}\n" for k, v in settings.items())
    with pytest.raises(ParameterError, match=message) as err:  # as an area's settings say it
        load_area(_area_with(tmp_path, "disclosure:\n" + lines))
    assert "area.yaml" in str(err.value)


def test_every_policy_problem_is_reported_at_once():
    with pytest.raises(ParameterError) as err:
        DisclosurePolicy(threshold=0, symbol="", colour="red")
    text = str(err.value)
    assert "'threshold' = 0" in text and "'symbol' = ''" in text and "'colour'" in text


def test_policy_section_must_be_a_mapping(tmp_path):
    with pytest.raises(ParameterError, match=r"area\.yaml: setting 'disclosure' = 5"):
        load_area(_area_with(tmp_path, "disclosure: 5\n"))


def test_policy_is_frozen():
    with pytest.raises(Exception, match="frozen"):
        DEFAULT.threshold = 3
