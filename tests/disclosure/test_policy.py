import pytest

from wsoa_analysis.disclosure import DisclosurePolicy, footnote, policy_from_dict
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
            "sum of their parts; percentages use unrounded counts.",
        ),
        ({"footnote": "{symbol} = fewer than {threshold} children"}, "c = fewer than 5 children"),
        ({"enabled": False}, ""),
    ],
)
def test_footnote_follows_the_policy(settings, expected):
    assert footnote(policy_from_dict(settings)) == expected


def test_policy_from_dict_reads_the_settings_section():
    assert policy_from_dict(None) == DEFAULT
    assert policy_from_dict({}) == DEFAULT
    policy = policy_from_dict({"threshold": 10, "suppress_zero": True, "rounding_base": 5})
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
def test_invalid_policy_names_the_setting_and_value(settings, message):
    with pytest.raises(ParameterError, match=message):
        policy_from_dict(settings)
    with pytest.raises(ParameterError, match=message):
        DisclosurePolicy(**settings)


def test_every_policy_problem_is_reported_at_once():
    with pytest.raises(ParameterError) as err:
        policy_from_dict({"threshold": 0, "symbol": "", "colour": "red"})
    text = str(err.value)
    assert "'threshold' = 0" in text and "'symbol' = ''" in text and "'colour'" in text


def test_policy_section_must_be_a_mapping():
    with pytest.raises(
        ParameterError,
        match=r"disclosure settings: expected 'name: value' "
        r"lines, got 5",
    ):
        policy_from_dict(5)


def test_policy_is_frozen():
    with pytest.raises(Exception, match="frozen"):
        DEFAULT.threshold = 3
