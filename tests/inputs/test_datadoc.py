from conftest import ROOT
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs.datadoc import data_readme


def test_committed_data_readme_matches_the_contract():
    committed = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert committed == data_readme(ROOT / "data"), "run: wsoa data-readme > data/README.md"


def test_the_data_folders_own_account_comes_before_the_tables(tmp_path):
    # the example's story is the data's, not the workbook's (data/ABOUT.md)
    (tmp_path / "ABOUT.md").write_text("## About these figures\n\nInvented.\n")
    text = data_readme(tmp_path)
    assert text.index("## About these figures") < text.index("## `priorities`")
    assert "## About these figures" not in data_readme()
    assert "The bundled example" not in data_readme()


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
