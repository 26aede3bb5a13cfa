"""The story's tables (highlight reports, risks, voice, recommendations): optional, checked
against the areas, cycles and actions they name, and what each bad input gets. The fixture's
areas are 1, 2 and 5, its cycles 2022-06-30 and 2022-09-30, its actions 1.1.1 to 2.1.2."""

import openpyxl
import pytest

from conftest import rows_of, write_rows
from wsoa_analysis.errors import InputError
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs import workbook as excel
from wsoa_analysis.inputs import workbook_import as importing
from wsoa_analysis.inputs.load import load_dataset
from wsoa_analysis.inputs.story_checks import identifying

GOOD = {
    "highlights": [
        ["priority_id", "reporting_date", "kind", "text"],
        ["1", "2022-09-30", "progress", "Every new plan is checked before it is issued."],
        ["1", "2022-09-30", "decision_needed", "Agree the audit timetable."],
    ],
    "risks": [
        ["risk_id", "priority_id", "reporting_date", "description", "owner", "likelihood"]
        + ["impact", "rag", "mitigation", "mitigation_due"],
        ["R1", "1", "2022-09-30", "Late advice", "Head of SEND", "4", "4", "", "Escalate", ""],
        ["R2", "2", "2022-09-30", "Few schools", "Principal Psychologist", "", "", "amber"]
        + ["Visit each school", "2022-12-31"],
    ],
    "voice": [
        ["voice_id", "priority_id", "date", "source_kind", "source", "kind", "text", "consent"],
        ["V1", "1", "2022-09-01", "forum", "Forum meeting", "quote", "They listened.", "yes"],
        ["V2", "", "2022-09-02", "survey", "Survey", "quote", "It was quicker.", "no"],
    ],
    "recommendations": [
        ["recommendation_id", "reporting_date", "date", "source", "text", "action_refs"]
        + ["response", "status"],
        ["SC1", "2022-09-30", "2022-07-15", "Visit 1", "Audit more", "1.1.1; 1.1.2", "Doing it"]
        + ["in_progress"],
    ],
}


def write_story(data, **changes):
    """The good story tables, with ``changes`` as {table: (row, column, value)} applied."""
    for name, rows in GOOD.items():
        rows = [list(r) for r in rows]
        for row, column, value in changes.get(name, []):
            rows[row - 1][rows[0].index(column)] = value
        write_rows(data / f"{name}.csv", rows)


def problems_of(data) -> list[str]:
    with pytest.raises(InputError) as info:
        load_dataset(data)
    return [str(p) for p in info.value.problems]


def test_the_story_tables_are_optional(mini_data):
    ds = load_dataset(mini_data)
    for name in ("highlights", "risks", "voice", "recommendations"):
        assert name in schema.OPTIONAL_TABLES
        assert ds.tables[name].empty
    assert [w for w in ds.warnings if w.source == "voice.csv"] == []


def test_good_story_tables_load(mini_data):
    write_story(mini_data)
    ds = load_dataset(mini_data)
    assert len(ds.tables["highlights"]) == 2 and len(ds.tables["risks"]) == 2
    assert ds.tables["voice"]["consent"].tolist() == [True, False]


@pytest.mark.parametrize(
    "table, change, expected",
    [
        # an area the data does not have
        (
            "highlights",
            (2, "priority_id", "9"),
            "highlights.csv row 2, column priority_id: '9': is not defined in priorities",
        ),
        (
            "risks",
            (3, "priority_id", "4"),
            "risks.csv row 3, column priority_id: '4': is not defined in priorities",
        ),
        (
            "voice",
            (2, "priority_id", "3"),
            "voice.csv row 2, column priority_id: '3': is not defined in priorities",
        ),
        # a reporting date that is no cycle's
        (
            "highlights",
            (3, "reporting_date", "2022-08-31"),
            "highlights.csv row 3, column reporting_date: '2022-08-31': is not a reporting "
            "cycle's date (the cycles in action_updates: 2022-06-30, 2022-09-30)",
        ),
        (
            "recommendations",
            (2, "reporting_date", "2022-10-31"),
            "recommendations.csv row 2, column reporting_date: '2022-10-31': is not a "
            "reporting cycle's date (the cycles in action_updates: 2022-06-30, 2022-09-30)",
        ),
        # a bad date, a bad kind
        (
            "risks",
            (2, "reporting_date", "30/09/2022"),
            "risks.csv row 2, column reporting_date: '30/09/2022': is not a date (expected "
            "YYYY-MM-DD, e.g. 2022-08-31); a date like 31/08/2022 can be read two ways, so "
            "write it as 2022-08-31",
        ),
        (
            "highlights",
            (2, "kind", "issue"),
            "highlights.csv row 2, column kind: 'issue': is not one of the allowed values "
            "(progress, went_well, decision_needed, next_step)",
        ),
        # a risk with no owner or no mitigation
        (
            "risks",
            (2, "owner", ""),
            "risks.csv row 2, column owner: is empty (a value is required)",
        ),
        (
            "risks",
            (3, "mitigation", ""),
            "risks.csv row 3, column mitigation: is empty (a value is required)",
        ),
        # how a risk is rated
        (
            "risks",
            (2, "likelihood", "6"),
            "risks.csv row 2, column likelihood: '6': must be from 1 to 5",
        ),
        (
            "risks",
            (2, "impact", ""),
            "risks.csv row 2, column impact: likelihood is given but impact is not (give both, "
            "or neither and a rag)",
        ),
        (
            "risks",
            (3, "rag", ""),
            "risks.csv row 3, column rag: give likelihood and impact, or a rag",
        ),
        (
            "risks",
            (2, "rag", "amber"),
            "risks.csv row 2, column rag: 'amber': does not agree with likelihood 4 × impact 4 "
            "= 16, which is red",
        ),
        # consent must be yes or no
        (
            "voice",
            (2, "consent", "maybe"),
            "voice.csv row 2, column consent: 'maybe': is not yes or no",
        ),
        (
            "voice",
            (2, "consent", ""),
            "voice.csv row 2, column consent: is empty (a value is required)",
        ),
        # recommendations: the actions they name, and when they were made
        (
            "recommendations",
            (2, "action_refs", "1.1.1; 9.9.9"),
            "recommendations.csv row 2, column action_refs: '9.9.9': is not defined in actions",
        ),
        (
            "recommendations",
            (2, "date", "2022-10-01"),
            "recommendations.csv row 2, column date: '2022-10-01': is after reporting_date: a "
            "response cannot be reported before the recommendation is made",
        ),
        (
            "recommendations",
            (2, "status", "done"),
            "recommendations.csv row 2, column status: 'done': is not one of the allowed "
            "values (not_started, in_progress, complete, not_accepted)",
        ),
    ],
)
def test_each_bad_story_input_is_refused_with_where_and_why(mini_data, table, change, expected):
    write_story(mini_data, **{table: [change]})
    assert problems_of(mini_data) == [expected]


def test_a_refused_likelihood_or_impact_also_leaves_the_pair_incomplete(mini_data):
    write_story(mini_data, risks=[(2, "impact", "0")])
    assert problems_of(mini_data) == [
        "risks.csv row 2, column impact: likelihood is given but impact is not (give both, or "
        "neither and a rag)",
        "risks.csv row 2, column impact: '0': must be at least 1",
    ]


def test_a_repeated_risk_for_a_cycle_is_refused(mini_data):
    write_story(mini_data, risks=[(3, "risk_id", "R1"), (3, "priority_id", "1")])
    assert problems_of(mini_data) == [
        "risks.csv row 2, column risk_id, reporting_date: duplicate row: another row has the "
        "same risk_id, reporting_date",
        "risks.csv row 3, column risk_id, reporting_date: duplicate row: another row has the "
        "same risk_id, reporting_date",
    ]


def test_the_analyst_is_told_how_many_items_are_held_back(mini_data):
    write_story(mini_data)
    warnings = load_dataset(mini_data).warnings
    assert [str(w) for w in warnings if w.source == "voice.csv"] == [
        "voice.csv, column consent: 1 item(s) without consent = yes are held back: never "
        "shown in a pack"
    ]


@pytest.mark.parametrize(
    "text, what, words",
    [
        ("We met Mrs Khan at the review.", "a title and a name", "Mrs Khan"),
        ("At the review we met Aisha Khan and her dad.", "a name", "Aisha Khan"),
        ("He was born in the spring.", "a date of birth", "born"),
        ("Her DOB was on the form.", "a date of birth", "DOB"),
        ("The plan for my son, aged 9, was late.", "an age", "aged 9"),
        ("It arrived on 03/04/2015 at last.", "a date", "03/04/2015"),
        ("It arrived on 3 April 2015 at last.", "a date", "3 April 2015"),
        ("He moved to Oakfield Academy in May.", "a school", "Oakfield Academy"),
        ("We live at 12 Hill Street now.", "an address", "12 Hill Street"),
        ("We moved to S60 1AA last year.", "a postcode", "S60 1AA"),
    ],
)
def test_a_quote_that_may_identify_someone_is_warned_about(mini_data, text, what, words):
    write_story(mini_data, voice=[(2, "text", text)])
    warnings = [str(w) for w in load_dataset(mini_data).warnings]  # warned, not refused
    assert (
        f"voice.csv row 2, column text: {words!r}: looks like {what}: check it identifies no "
        "one before the pack is shared"
    ) in warnings


@pytest.mark.parametrize(
    "text",
    [
        "The Local Offer was easy to find, and the Parent Carer Forum helped.",
        "They listened to us. Staff at school knew the plan.",
        "Nobody asked us before; this time they did.",
    ],
)
def test_a_plain_quote_is_not_warned_about(text):
    assert identifying(text) == []


def test_a_quote_held_back_is_not_checked_for_names(mini_data):
    write_story(mini_data, voice=[(3, "text", "We met Mrs Khan.")])  # row 3: consent no
    warnings = [str(w) for w in load_dataset(mini_data).warnings]
    assert not any("Mrs Khan" in w for w in warnings)


def test_the_template_and_import_carry_the_story_tables(mini_data, tmp_path):
    template = openpyxl.load_workbook(excel.write_template(tmp_path / "template.xlsx"))
    for name in ("highlights", "risks", "voice", "recommendations"):
        headings = [c.value for c in template[name][1]]
        assert headings == schema.TABLES[name].column_names
    write_story(mini_data)
    xlsx = excel.export_workbook(mini_data, tmp_path / "data.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    importing.import_workbook(xlsx, out)
    for name in GOOD:
        assert load_dataset(out).tables[name].equals(load_dataset(mini_data).tables[name]), name
        assert rows_of(out / f"{name}.csv")[0] == schema.TABLES[name].column_names
