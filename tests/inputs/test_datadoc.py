from conftest import ROOT
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs.datadoc import data_readme


def test_committed_data_readme_matches_the_contract():
    committed = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert committed == data_readme(), "run: wsoa data-readme > data/README.md"


def test_every_column_is_documented():
    text = data_readme()
    for table in schema.TABLES.values():
        assert f"## `{table.name}`" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text
    for value in schema.TARGET_KINDS:
        assert f"- `{value}`:" in text


def test_limits_of_values_are_documented():
    text = data_readme()
    assert (
        "| `denominator` | number | optional column | Denominator, where the value is a rate or "
        "percentage (more than 0) |"
    ) in text
    assert "| Numerator, where the value is a rate or percentage (0 or more) |" in text
    assert f"to within {schema.PERCENT_MATCH_TOLERANCE:g}\n  percentage points" in text
