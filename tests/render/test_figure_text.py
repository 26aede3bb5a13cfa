"""Which numbers in the pack's text are figures (the definition the figure ledger is checked
against, ``render.figure_text``): each rule, what it takes out and what it leaves."""

import pytest

from wsoa_analysis.render.figure_text import figure_tokens, normalise, page_text, shown_tokens


@pytest.mark.parametrize(
    "text,expected",
    [
        # figures: digits, thousands commas, decimals, a sign, a per cent sign
        ("Latest 6,132 then 57.5% and 64 a month", ["6,132", "57.5%", "64"]),
        ("Progress -7% and +20% on baseline", ["-7%", "+20%"]),
        ("Progress −7% (a minus sign)", ["-7%"]),
        ("56.6%† Q1 2023/24", ["56.6%"]),  # the mark is not part of it; the period is out
        ("Of 511 plans, 272 took 20 weeks or less.", ["511", "272", "20"]),
        ("the count (4) and 2,022 requests", ["4", "2,022"]),
        # dates and periods
        ("Position at 30 June 2023, prepared 1 Sept 2023", []),
        ("Jun 2023, Jan–Jun 2021, Jul – Dec 2022, June 2023", []),
        ("Q1 2021/22, 2021/22 academic year, 2022/23 financial year", []),
        ("calendar year 2022. In 2019, and 2023-06-30", []),
        ("46 48 | Jul 2021", ["46", "48"]),  # a day is 1 to 31: 48 Jul is no date
        ("56 Jul 2021", ["56"]),
        ("31 Jul 2021", []),
        # references and names
        ("1.3.1 Develop (link to 3.4.3)", []),
        ("P1-01, sen2_mi.csv, ry2025, the 1st report, a 12-month window", []),
        ("weeks 0–6 and 18–20", []),
        # a decimal is not a reference
        ("age 17.5 and 1.5", ["17.5", "1.5"]),
    ],
)
def test_what_is_a_figure(text, expected):
    assert figure_tokens(text) == expected


def test_quoted_texts_are_taken_out_whole():
    quoted = ["Care Act assessments in place by age 17.5", "Priority 1", "over 52"]
    text = "Care Act assessments in place by age 17.5: 65.2%. Priority 1: EHC plans over 52 1"
    assert figure_tokens(text, quoted) == ["65.2%", "1"]
    # not inside a longer word or number
    assert figure_tokens("Priority 12 over 520", quoted) == ["12", "520"]


def test_quoted_texts_match_with_their_dates_taken_out_as_from_the_text():
    """A quoted target date ("June 2023") must not take the month out of "30 June 2023" and
    leave the day behind as a figure."""
    assert figure_tokens("latest on or before 30 June 2023", ["June 2023"]) == []
    quoted = ["Deliver training for up to 60 staff by June 2023"]
    assert figure_tokens("Deliver training for up to 60 staff by June 2023 Green", quoted) == []


def test_pdf_furniture_is_taken_out_line_by_line():
    text = "Page 3 of 35\nContents\nOverview ........ 3\n1. First point\n2. 45 plans\nA 7. B"
    assert figure_tokens(text, pdf=True) == ["45", "7"]
    assert figure_tokens(text) == ["3", "35", "3", "1", "2", "45", "7"]


def test_a_word_broken_at_a_line_end_is_whole_again():
    assert normalise("recommen\u00ad\ndations and Graduated re-\nsponse") == (
        "recommendations and Graduated response"
    )
    quoted = ["Young people aged 14+ with learning disabilities"]
    assert figure_tokens(
        "Young people aged 14+ with learning dis\u00ad\nabilities 68.0%", quoted
    ) == ["68.0%"]


def test_shown_tokens_are_the_figures_of_a_ledger_rows_text():
    assert shown_tokens("100% by Jun 2023") == {"100%"}
    assert shown_tokens("Maintain 52 (baseline)") == {"52"}
    assert shown_tokens("64 a month") == {"64"} and shown_tokens("c") == set()


PAGE = """<html><head><title>Priority 1 – 30 June 2023</title><style>p{margin:0}</style></head>
<body><p>At a glance</p><div class="card"><span class="big">4</span><span>Priority areas</span>
</div><p>57.5%<sup class="synthetic-mark">†</sup><br>Q1 2023/24</p><img src="x.png">
<svg><g id="c1-axes_1"><g id="c1-xtick_1"><g id="c1-text_1"><text>Jul 2021</text></g></g>
<g id="c1-ytick_2"><text>25</text></g><g id="c1-text_9"><text>157</text></g>
<g id="c1-legend_1"><text>Statistical neighbours, our unweighted average of 10 authorities</text>
</g></g></svg><script>var x = 99;</script></body></html>"""


def test_page_text_is_the_visible_body_with_chart_ticks_apart():
    text, ticks = page_text(PAGE)
    assert "Priority 1 –" not in text and "99" not in text and "margin" not in text
    assert "4 Priority areas" in text  # elements apart are words apart
    assert "57.5%† Q1 2023/24" in text  # the mark stays with its figure
    assert "157" in text and "10 authorities" in text  # a bar's value, a legend
    assert ticks == ["Jul 2021", "25"]
    assert figure_tokens(text) == ["4", "57.5%", "157", "10"]
