"""The closures table's checks (``inputs/closure_checks.py``): what each bad input gets."""

from __future__ import annotations

import pytest

from conftest import rows_of, write_rows
from wsoa_analysis.errors import InputError
from wsoa_analysis.inputs.load import load_dataset

HEADER = ["action_ref", "approved_on", "approved_by", "evidence", "evidence_link", "synthetic"]


def _blue_actions(data) -> list[str]:
    rows = rows_of(data / "action_updates.csv")
    i, s = rows[0].index("action_ref"), rows[0].index("status")
    return sorted({r[i] for r in rows[1:] if r[s].strip().lower() == "blue"})


def _write(data, rows) -> None:
    write_rows(data / "closures.csv", [HEADER, *rows])


def test_a_complete_action_without_evidence_is_flagged_to_the_analyst(mini_data):
    blue = _blue_actions(mini_data)
    assert blue, "the fixture needs a complete action"
    _write(mini_data, [[ref, "2022-09-30", "", "Report", "", "no"] for ref in blue[1:]])
    warned = [w for w in load_dataset(mini_data).warnings if "no evidence" in w.message]
    assert [w.value.split(":")[0] for w in warned] == [blue[0]]
    assert warned[0].column == "status" and warned[0].source.endswith("action_updates.csv")


@pytest.mark.parametrize(
    ("row", "column", "says"),
    [
        (["9.9.9", "2022-09-30", "", "Report", "", "no"], "action_ref", "not an action"),
        (["{ref}", "2022-09-30", "", "Report", "http://x.example", "no"], "evidence_link", "https"),
        (["{ref}", "2022-09-30", "", "", "", "no"], "evidence", ""),
        (["{ref}", "30/09/2022", "", "Report", "", "no"], "approved_on", ""),
    ],
)
def test_a_bad_closure_row_is_refused_naming_file_row_and_column(mini_data, row, column, says):
    ref = _blue_actions(mini_data)[0]
    _write(mini_data, [[c.format(ref=ref) for c in row]])
    with pytest.raises(InputError) as caught:
        load_dataset(mini_data)
    found = [p for p in caught.value.problems if p.column == column]
    assert found and found[0].source.endswith("closures.csv") and found[0].row == 2
    assert says in found[0].message


def test_a_closure_of_an_action_never_complete_is_flagged(mini_data):
    rows = rows_of(mini_data / "action_updates.csv")
    i = rows[0].index("action_ref")
    never = sorted({r[i] for r in rows[1:]} - set(_blue_actions(mini_data)))[0]
    _write(mini_data, [[never, "2022-09-30", "", "Report", "", "no"]])
    warned = [w for w in load_dataset(mini_data).warnings if "never recorded" in w.message]
    assert [w.value for w in warned] == [never]
