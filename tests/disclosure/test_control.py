import itertools

import numpy as np
import pandas as pd
import pytest

from wsoa_analysis.disclosure.control import (
    DisclosurePolicy,
    footnote,
    policy_from_dict,
    protect_counts,
    protect_rate,
    protect_series,
    recoverable_cells,
)
from wsoa_analysis.errors import ParameterError

DEFAULT = DisclosurePolicy()


def with_totals(body: pd.DataFrame, row_totals=True, col_totals=True) -> pd.DataFrame:
    """A body of counts with a "Total" column and/or a "Total" row added."""
    out = body.copy()
    if row_totals:
        out["Total"] = out.sum(axis=1)
    if col_totals:
        out.loc["Total"] = out.sum()
    return out


def column(counts, name="n"):
    return pd.DataFrame({name: counts})


def months(counts, start="2022-01-31"):
    return pd.DataFrame(
        {"period_end": pd.date_range(start, periods=len(counts), freq="ME"), "requests": counts}
    )


# --- policy ---------------------------------------------------------------------------------


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


# --- primary suppression and rounding ------------------------------------------------------


@pytest.mark.parametrize(
    "settings, counts, expected",
    [
        ({}, [0, 1, 4, 5, 6, 120], ["0", "c", "c", "5", "6", "120"]),
        ({"suppress_zero": True}, [0, 1, 4, 5], ["c", "c", "c", "5"]),
        ({"threshold": 10}, [9, 10, 1], ["c", "10", "c"]),
        ({"threshold": 1}, [0, 1, 2], ["0", "1", "2"]),  # 1 withholds nothing
        ({"threshold": 3, "symbol": "[x]"}, [2, 3], ["[x]", "3"]),
        ({}, [1234, 4], ["1,234", "c"]),
    ],
)
def test_small_counts_are_withheld(settings, counts, expected):
    got = protect_counts(column(counts), ["n"], policy_from_dict(settings))
    assert list(got.shown["n"]) == expected
    assert list(got.suppressed["n"]) == [
        s != e
        for s, e in zip([str(c) if c < 1000 else f"{c:,}" for c in counts], expected, strict=True)
    ]
    assert list(got.primary["n"]) == list(got.suppressed["n"])  # no totals: nothing secondary


@pytest.mark.parametrize(
    "base, count, expected",
    [
        (5, 12, "10"),  # 2.4 fives
        (5, 13, "15"),  # 2.6 fives
        (5, 17, "15"),
        (5, 18, "20"),
        (5, 7, "5"),
        (5, 8, "10"),
        (5, 25, "25"),
        (5, 1234, "1,235"),
        (10, 14, "10"),
        (10, 15, "20"),  # exactly half: up
        (10, 25, "30"),  # half up, where half to even would give 20
        (10, 1235, "1,240"),
        (2, 5, "6"),  # 2.5 twos: up to 3 twos (half to even would give 4)
        (5, 0, "0"),
        (5, 3, "c"),  # withheld before rounding, not rounded to 5
    ],
)
def test_shown_counts_round_half_up_to_the_base(base, count, expected):
    got = protect_counts(column([count]), ["n"], DisclosurePolicy(rounding_base=base))
    assert got.shown["n"].iloc[0] == expected
    value = got.values["n"].iloc[0]
    if expected == "c":
        assert np.isnan(value)
    else:
        assert value == float(expected.replace(",", ""))


def test_label_columns_pass_through_and_the_input_is_not_changed():
    frame = pd.DataFrame({"weeks": ["0–6", "6–10", "over 52"], "plans": [2, 30, 7]})
    before = frame.copy()
    got = protect_counts(frame, ["plans"], DEFAULT)
    pd.testing.assert_frame_equal(frame, before)
    pd.testing.assert_frame_equal(
        got.shown, pd.DataFrame({"weeks": ["0–6", "6–10", "over 52"], "plans": ["c", "30", "7"]})
    )
    pd.testing.assert_frame_equal(
        got.values,
        pd.DataFrame({"weeks": ["0–6", "6–10", "over 52"], "plans": [np.nan, 30.0, 7.0]}),
    )
    assert list(got.suppressed["weeks"]) == [False] * 3


# --- secondary suppression in tables -------------------------------------------------------

# Requests by school phase (rows) and outcome (columns); only one cell, 3, is small.
BODY = pd.DataFrame(
    {"A": [3, 8, 9], "B": [10, 20, 11], "C": [12, 15, 30]}, index=["r1", "r2", "r3"]
)
TABLE = with_totals(BODY)  # row totals 25, 43, 50; column totals 20, 41, 57; grand total 118
CELLS = ["A", "B", "C", "Total"]


def test_hand_built_table_primary_cell_is_recoverable_from_the_totals():
    assert TABLE.loc["r1", "Total"] == 25 and TABLE.loc["Total", "Total"] == 118
    # what publishing with small cells withheld but no secondary suppression would give
    primary_only = protect_counts(TABLE, CELLS, DEFAULT)  # totals treated as not published
    assert primary_only.suppressed[CELLS].to_numpy().sum() == 1
    got = recoverable_cells(
        primary_only.values[CELLS],
        primary_only.suppressed[CELLS],
        row_totals="Total",
        col_totals="Total",
    )
    assert got == [("r1", "A", 3)]


def test_hand_built_table_secondary_suppression_closes_a_rectangle():
    got = protect_counts(TABLE, ["A", "B", "C"], DEFAULT, total_col="Total", rows_total="Total")
    # 3 is alone in row r1 and column A. Row r1's smallest other cell is 10 (B); column A's is
    # 8 (r2). Column B then has one withheld cell, and 20 (r2, B) mends it and row r2 at once.
    expected = pd.DataFrame(
        {
            "A": ["c", "c", "9", "20"],
            "B": ["c", "c", "11", "41"],
            "C": ["12", "15", "30", "57"],
            "Total": ["25", "43", "50", "118"],
        },
        index=["r1", "r2", "r3", "Total"],
    )
    pd.testing.assert_frame_equal(got.shown, expected)
    assert got.primary[CELLS].to_numpy().sum() == 1 and got.primary.loc["r1", "A"]
    assert (
        recoverable_cells(
            got.values[CELLS], got.suppressed[CELLS], row_totals="Total", col_totals="Total"
        )
        == []
    )


def test_two_ones_in_a_line_with_a_total_give_each_other_away():
    frame = pd.DataFrame({"a": [1], "b": [1], "c": [10], "total": [12]})
    # with only the two small cells withheld, the line leaves 2 for two cells of at least 1
    small_only = frame.astype(float).assign(a=np.nan, b=np.nan)
    mask = pd.DataFrame({"a": [True], "b": [True], "c": [False], "total": [False]})
    assert recoverable_cells(small_only, mask, row_totals="total") == [(0, "a", 1), (0, "b", 1)]
    # a reader who knows zeros are withheld too cannot tell 0 + 2 from 1 + 1
    assert recoverable_cells(small_only, mask, row_totals="total", lowest=0) == []
    got = protect_counts(frame, ["a", "b", "c"], DEFAULT, total_col="total")
    assert list(got.shown.iloc[0]) == ["c", "c", "c", "12"]
    assert recoverable_cells(got.values, got.suppressed, row_totals="total") == []


def test_months_with_a_total_for_the_year():
    counts = [20, 18, 3, 25, 22, 30, 19, 21, 26, 24, 23, 28]
    frame = pd.DataFrame(
        {"requests": counts}, index=pd.Index([f"2023-{m:02d}" for m in range(1, 13)], name="month")
    )
    frame.loc["Year"] = sum(counts)
    got = protect_counts(frame, ["requests"], DEFAULT, rows_total="Year")
    assert got.suppressed["requests"].to_dict() == {
        **{m: False for m in frame.index},
        "2023-03": True,
        "2023-02": True,
    }  # 18 is smallest
    assert got.shown.loc["Year", "requests"] == "259"


def test_a_small_total_is_withheld_and_protected_too():
    frame = with_totals(pd.DataFrame({"a": [2, 30], "b": [1, 40]}, index=["x", "y"]))
    # row x: 2, 1, total 3 are all small; columns a and b each need a second cell withheld
    got = protect_counts(frame, ["a", "b"], DEFAULT, total_col="Total", rows_total="Total")
    assert got.primary.loc["x"].tolist() == [True, True, True]
    assert got.suppressed.loc["y", ["a", "b", "Total"]].tolist() == [True, True, True]
    assert (
        recoverable_cells(got.values, got.suppressed, row_totals="Total", col_totals="Total") == []
    )


@pytest.mark.parametrize(
    "frame, kwargs, message",
    [
        (
            pd.DataFrame({"a": [1, 2], "t": [1, 3]}),
            {"total_col": "t"},
            r"row 1: total 't' is 3 but the counts add up to 2",
        ),
        (
            pd.DataFrame({"a": [1, 2, 4]}, index=["x", "y", "Total"]),
            {"rows_total": "Total"},
            r"column 'a': total row 'Total' is 4 but the rows add up to 3",
        ),
        (pd.DataFrame({"a": [1, -2, 2.5, None]}), {}, r"column 'a', row 1: -2 is not a count"),
        (pd.DataFrame({"b": [1]}), {}, r"protect_counts: no column 'a'"),
        (pd.DataFrame({"a": [1]}), {"rows_total": "Total"}, r"rows_total 'Total' is not a row"),
    ],
)
def test_protect_counts_rejects_bad_tables(frame, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        protect_counts(frame, ["a"], DEFAULT, **kwargs)


def test_every_cell_that_is_not_a_count_is_reported():
    with pytest.raises(ParameterError) as err:
        protect_counts(pd.DataFrame({"a": [1, -2, 2.5, None]}), ["a"], DEFAULT)
    lines = str(err.value).splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "protect_counts, column 'a', row 1",
        "protect_counts, column 'a', row 2",
        "protect_counts, column 'a', row 3",
    ]
    assert [line.split(": ")[1] for line in lines] == [
        "-2 is not a count (expected a whole number, 0 or more, e.g. 12)",
        "2.5 is not a count (expected a whole number, 0 or more, e.g. 12)",
        "a blank is not a count (expected a whole number, 0 or more, e.g. 12)",
    ]


def random_tables(n: int, seed: int):
    """Small tables with many small cells, with totals on rows, columns or both."""
    rng = np.random.default_rng(seed)
    for _ in range(n):
        nrows, ncols = (int(x) for x in rng.integers(1, 5, size=2))
        ncols = max(ncols, 2) if nrows == 1 else ncols
        small = rng.random((nrows, ncols)) < 0.35
        body = np.where(
            small, rng.integers(0, 5, (nrows, ncols)), rng.integers(5, 40, (nrows, ncols))
        )
        rows_t, cols_t = [(True, True), (True, False), (False, True)][int(rng.integers(3))]
        policy = DisclosurePolicy(
            threshold=int(rng.choice([3, 5, 10])), suppress_zero=bool(rng.random() < 0.3)
        )
        frame = with_totals(
            pd.DataFrame(
                body, columns=[f"c{j}" for j in range(ncols)], index=[f"r{i}" for i in range(nrows)]
            ),
            rows_t,
            cols_t,
        )
        yield frame, [f"c{j}" for j in range(ncols)], rows_t, cols_t, policy


def totals_kwargs(rows_t, cols_t):
    return (
        {"total_col": "Total" if rows_t else None, "rows_total": "Total" if cols_t else None},
        {"row_totals": "Total" if rows_t else None, "col_totals": "Total" if cols_t else None},
    )


def test_nothing_is_recoverable_after_protection_of_random_tables():
    exposed_without_secondary = 0
    for frame, cols, rows_t, cols_t, policy in random_tables(300, seed=20240601):
        protect_kw, attack_kw = totals_kwargs(rows_t, cols_t)
        got = protect_counts(frame, cols, policy, **protect_kw)
        cells = list(frame.columns)
        supp = got.suppressed[cells].to_numpy()
        true = frame[cells].to_numpy()
        assert supp[got.primary[cells].to_numpy()].all()
        assert (
            got.primary[cells].to_numpy().tolist()
            == (
                ((true > 0) & (true < policy.threshold)) | (policy.suppress_zero & (true == 0))
            ).tolist()
        )
        assert (got.values[cells].to_numpy()[~supp] == true[~supp]).all()
        if not policy.suppress_zero:
            assert not (supp & (true == 0)).any()  # zeros shown, so a withheld cell is >= 1
        assert (
            recoverable_cells(
                got.values[cells], got.suppressed[cells], **attack_kw, lowest=policy.lowest_withheld
            )
            == []
        ), frame
        primary = got.values[cells].where(~got.primary[cells], np.nan)
        primary = primary.where(got.primary[cells], frame[cells].astype(float))
        if recoverable_cells(
            primary, got.primary[cells], **attack_kw, lowest=policy.lowest_withheld
        ):
            exposed_without_secondary += 1
    # the check has teeth: without secondary suppression many of these tables give cells away
    assert exposed_without_secondary > 60


def consistent_alternatives(grid: np.ndarray, mask: np.ndarray, lowest: int) -> np.ndarray:
    """For a table with a total column and a total row (last), which withheld cells can take a
    different value (by 1) with every published figure unchanged: a brute-force witness."""
    where = np.argwhere(mask)
    offsets = np.array(list(itertools.product((-1, 0, 1), repeat=len(where))), dtype="int64")
    trial = np.broadcast_to(grid, (len(offsets), *grid.shape)).copy()
    trial[:, where[:, 0], where[:, 1]] += offsets
    ok = (trial[:, where[:, 0], where[:, 1]] >= lowest).all(axis=1)
    ok &= (trial[:, :, :-1].sum(axis=2) == trial[:, :, -1]).all(axis=1)
    ok &= (trial[:, :-1, :].sum(axis=1) == trial[:, -1, :]).all(axis=1)
    return (offsets[ok] != 0).any(axis=0)


def test_every_withheld_cell_has_another_possible_value_brute_force():
    rng = np.random.default_rng(7)
    checked = unprotected = 0
    for _ in range(150):
        small = rng.random((2, 2)) < 0.5
        body = np.where(small, rng.integers(1, 5, (2, 2)), rng.integers(5, 30, (2, 2)))
        frame = with_totals(pd.DataFrame(body, columns=["a", "b"], index=["x", "y"]))
        got = protect_counts(frame, ["a", "b"], DEFAULT, total_col="Total", rows_total="Total")
        grid, mask = frame.to_numpy(), got.suppressed.to_numpy()
        if mask.any():
            checked += 1
            assert consistent_alternatives(grid, mask, 1).all(), frame
        if (
            got.primary.to_numpy().any()
            and not consistent_alternatives(grid, got.primary.to_numpy(), 1).all()
        ):
            unprotected += 1
    assert checked > 100 and unprotected > 50


def test_recoverable_cells_iterates_and_uses_bounds():
    # after b is solved from row x, column b has one unknown left, then row y solves d
    table = pd.DataFrame(
        {"a": [10, 3, 13], "b": [2, 4, 6], "T": [12, 7, 19]}, index=["x", "y", "T"]
    )
    mask = pd.DataFrame(False, index=table.index, columns=table.columns)
    mask.loc["x", "b"] = mask.loc["y", "a"] = mask.loc["y", "b"] = True
    assert recoverable_cells(table.where(~mask), mask, row_totals="T", col_totals="T") == [
        ("x", "b", 2),
        ("y", "a", 3),
        ("y", "b", 4),
    ]
    assert recoverable_cells(table.where(~mask), mask) == []  # nothing without totals


def test_recoverable_cells_rejects_impossible_figures():
    table = pd.DataFrame({"a": [np.nan], "b": [np.nan], "T": [1.0]})
    mask = pd.DataFrame({"a": [True], "b": [True], "T": [False]})
    with pytest.raises(ParameterError, match="no counts fit the published figures"):
        recoverable_cells(table, mask, row_totals="T")


# --- rates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings, within, issued, expected",
    [
        ({}, 20, 40, ["20", "40", "50.0%"]),
        ({}, 38, 40, ["c", "40", "c"]),  # 2 late plans
        ({}, 3, 40, ["c", "40", "c"]),
        ({}, 35, 40, ["35", "40", "87.5%"]),  # 5 late: not small
        ({}, 36, 40, ["c", "40", "c"]),  # 4 late
        ({}, 0, 40, ["0", "40", "0.0%"]),
        ({}, 40, 40, ["40", "40", "100.0%"]),
        ({}, 3, 3, ["c", "c", "c"]),
        ({}, 0, 4, ["c", "c", "c"]),  # "0 of 4" says all four were late
        ({}, 5, 5, ["5", "5", "100.0%"]),
        ({}, 0, 0, ["0", "0", "–"]),
        ({}, 1, 7, ["c", "7", "c"]),
        ({"suppress_zero": True}, 0, 40, ["c", "40", "c"]),
        ({"suppress_zero": True}, 40, 40, ["c", "40", "c"]),
        ({"suppress_zero": True}, 0, 0, ["c", "c", "c"]),
        ({"threshold": 10}, 31, 40, ["c", "40", "c"]),  # 9 late
        ({"rounding_base": 5}, 21, 43, ["20", "45", "48.8%"]),  # percent from unrounded counts
        ({"enabled": False}, 38, 40, ["38", "40", "95.0%"]),
    ],
)
def test_protect_rate(settings, within, issued, expected):
    got = protect_rate(
        pd.Series([within], name="within_20_weeks"),
        pd.Series([issued], name="plans_issued"),
        None,
        policy_from_dict(settings),
    )
    assert list(got.shown.columns) == ["within_20_weeks", "plans_issued", "percent"]
    assert list(got.shown.iloc[0]) == expected
    assert list(got.suppressed.iloc[0]) == [s == "c" for s in expected]


def test_protect_rate_uses_the_given_percent_and_keeps_the_index():
    table = pd.DataFrame(
        {
            "period_end": pd.to_datetime(["2022-12-31", "2023-12-31"]),
            "plans_issued": [40, 40],
            "within_20_weeks": [38, 23],
            "percent": [95.0, 57.5],
        }
    ).set_index("period_end")
    before = table.copy()
    got = protect_rate(table["within_20_weeks"], table["plans_issued"], table["percent"], DEFAULT)
    pd.testing.assert_frame_equal(table, before)
    expected = pd.DataFrame(
        {
            "within_20_weeks": [np.nan, 23.0],
            "plans_issued": [40.0, 40.0],
            "percent": [np.nan, 57.5],
        },
        index=table.index,
    )
    pd.testing.assert_frame_equal(got.values, expected)
    assert got.primary["within_20_weeks"].tolist() == [False, False]  # withheld for the 2 late
    assert got.primary["percent"].tolist() == [True, False]


@pytest.mark.parametrize(
    "num, den, message",
    [
        ([5, 41], [40, 40], r"a numerator is larger than its denominator \(row 1: 41 of 40\)"),
        ([5], [-1], r"column 'plans_issued', row 0: .*is not a count"),
    ],
)
def test_protect_rate_rejects_bad_counts(num, den, message):
    with pytest.raises(ParameterError, match=message):
        protect_rate(
            pd.Series(num, name="within_20_weeks"),
            pd.Series(den, name="plans_issued"),
            None,
            DEFAULT,
        )


# --- series --------------------------------------------------------------------------------

SERIES = [20] * 30
SERIES[17] = 3  # June 2023; every other month 20


def published(result: pd.DataFrame, col: str) -> dict:
    """Month number (1 = first row) -> published figure, leaving out withheld ones."""
    return {k + 1: v for k, v in enumerate(result.values[col]) if not np.isnan(v)}


def test_rolling_totals_reveal_a_month_by_differencing_unless_protected():
    frame = months(SERIES)
    rolling = "requests_rolling_12_months"
    # small months withheld, every rolling total published: no protection of the totals
    exposed = protect_series(frame, "requests", DisclosurePolicy(threshold=1))
    r, m = published(exposed, rolling), published(exposed, "requests")
    del m[18]
    assert (r[17], r[18]) == (240, 223)
    assert r[18] - r[17] + m[6] == 3  # this year's total less last month's plus the month out
    got = protect_series(frame, "requests", DEFAULT)
    assert got.shown["requests"].tolist() == ["20"] * 17 + ["c"] + ["20"] * 12
    # every rolling total over June 2023 (July 2022 to June 2023 ... June 2023 to May 2024)
    assert got.suppressed[rolling].tolist() == [False] * 17 + [True] * 12 + [False]
    assert got.shown[rolling].tolist()[:12] == ["–"] * 11 + ["240"]
    hidden = got.values[rolling].isna().to_numpy()
    assert attacker_fixes(got.suppressed["requests"].to_numpy(), hidden, 12) == set()
    assert attacker_fixes(got.suppressed["requests"].to_numpy(), np.arange(30) < 11, 12) == {
        ("month", 17)
    }


def test_rolling_totals_alone_do_not_reveal_a_month():
    got = protect_series(months(SERIES), "requests", DEFAULT, months_shown=False)
    assert "requests" not in got.shown.columns
    assert not got.suppressed["requests_rolling_12_months"].any()
    assert got.values["requests_rolling_12_months"].iloc[17] == 223


@pytest.mark.parametrize(
    "counts, months_shown, expected",
    [
        # C3 - C2 is the small month; a second small month after it covers it
        ([20, 20, 1, 3, 20, 20], True, ["20", "40", "c", "44", "64", "84"]),
        # 1 + 1: C(k) - C(2) = 2 would show both are 1, so every later total goes
        ([20, 20, 1, 1, 20, 20], True, ["20", "40", "c", "c", "c", "c"]),
        # months not shown: only the total that differences to the small month goes
        ([20, 20, 3, 20], False, ["20", "40", "c", "63"]),
        ([2, 20, 20], False, ["c", "22", "42"]),
    ],
)
def test_cumulative_totals(counts, months_shown, expected):
    got = protect_series(
        months(counts), "requests", DEFAULT, cumulative=True, months_shown=months_shown
    )
    assert got.shown["requests_cumulative"].tolist() == expected


def attacker_fixes(month_hidden, total_hidden, window, cumulative=False) -> set:
    """Withheld figures that linear algebra on what is published determines (an attacker
    independent of the module's own check): ("month", k) or ("total", k), k from 0.

    Months and totals are published next to each other; ``total_hidden`` is True where a
    total is withheld (or does not exist, before a full window)."""
    n = len(month_hidden)
    ends = [k for k in range(n) if cumulative or k >= window - 1]
    nvar = n + len(ends)  # the months, then the totals
    unit = np.eye(nvar)
    rows = []
    for e, k in enumerate(ends):
        eq = -unit[n + e]
        eq[(0 if cumulative else k - window + 1) : k + 1] = 1
        rows.append(eq)
        if not total_hidden[k]:
            rows.append(unit[n + e])
    rows += [unit[k] for k in range(n) if not month_hidden[k]]
    a = np.array(rows)
    rank = np.linalg.matrix_rank(a)
    targets = [("month", k, k) for k in range(n) if month_hidden[k]]
    targets += [("total", k, n + e) for e, k in enumerate(ends) if total_hidden[k]]
    return {
        (what, k)
        for what, k, var in targets
        if np.linalg.matrix_rank(np.vstack([a, unit[var]])) == rank
    }


def test_nothing_in_a_random_series_can_be_worked_out():
    rng = np.random.default_rng(99)
    exposed_without_protection = 0
    for _ in range(120):
        n = int(rng.integers(8, 26))
        counts = np.where(rng.random(n) < 0.3, rng.integers(0, 5, n), rng.integers(5, 40, n))
        window = int(rng.choice([3, 6, 12]))
        cumulative = bool(rng.random() < 0.4)
        got = protect_series(
            months(counts.tolist()), "requests", DEFAULT, cumulative=cumulative, window=window
        )
        total_col = "requests_cumulative" if cumulative else f"requests_rolling_{window}_months"
        month_hidden = got.suppressed["requests"].to_numpy()
        assert month_hidden.tolist() == ((counts > 0) & (counts < 5)).tolist()
        hidden = got.values[total_col].isna().to_numpy()
        assert attacker_fixes(month_hidden, hidden, window, cumulative) == set(), counts
        first = 0 if cumulative else window - 1
        unprotected = np.arange(n) < first  # only the totals that do not exist left out
        if attacker_fixes(month_hidden, unprotected, window, cumulative):
            exposed_without_protection += 1
    assert exposed_without_protection > 30


def test_series_rejects_gaps_and_bad_windows():
    frame = months([20, 20, 20]).drop(index=1)
    with pytest.raises(
        ParameterError,
        match=r"row 2, column 'period_end': 2022-03 does not "
        r"follow 2022-01",
    ):
        protect_series(frame, "requests", DEFAULT)
    with pytest.raises(ParameterError, match=r"window = 1 is not valid"):
        protect_series(months([20, 20]), "requests", DEFAULT, window=1)


# --- switched off --------------------------------------------------------------------------


def test_disabled_policy_passes_everything_through():
    off = DisclosurePolicy(enabled=False, rounding_base=5)
    got = protect_counts(TABLE, ["A", "B", "C"], off, total_col="Total", rows_total="Total")
    assert got.shown.loc["r1"].tolist() == ["3", "10", "12", "25"]
    assert got.values.loc["Total", "Total"] == 118.0
    assert not got.suppressed.to_numpy().any() and not got.primary.to_numpy().any()
    series = protect_series(months(SERIES), "requests", off)
    assert series.shown["requests"].iloc[17] == "3"
    assert series.values["requests_rolling_12_months"].iloc[17] == 223
    assert not series.suppressed.to_numpy().any()
    assert footnote(off) == ""
