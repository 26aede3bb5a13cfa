import itertools
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from attacker import recoverable_cells
from integer_attack import BINS, Attack, Count, Figure, Policy

from wsoa_analysis.disclosure import (
    DisclosurePolicy,
    footnote,
    protect_counts,
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
    got = protect_counts(column(counts), ["n"], DisclosurePolicy(**settings))
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
    frame = pd.DataFrame({"weeks": ["6 or less", "over 6 to 10", "over 52"], "plans": [2, 30, 7]})
    before = frame.copy()
    got = protect_counts(frame, ["plans"], DEFAULT)
    pd.testing.assert_frame_equal(frame, before)
    pd.testing.assert_frame_equal(
        got.shown,
        pd.DataFrame(
            {"weeks": ["6 or less", "over 6 to 10", "over 52"], "plans": ["c", "30", "7"]}
        ),
    )
    pd.testing.assert_frame_equal(
        got.values,
        pd.DataFrame(
            {"weeks": ["6 or less", "over 6 to 10", "over 52"], "plans": [np.nan, 30.0, 7.0]}
        ),
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


def test_the_attacker_iterates_and_uses_bounds():
    # the tests' own attacker must find what a table gives away, or the checks above prove nothing
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


# --- switched off --------------------------------------------------------------------------


def test_disabled_policy_passes_everything_through():
    off = DisclosurePolicy(enabled=False, rounding_base=5)
    got = protect_counts(TABLE, ["A", "B", "C"], off, total_col="Total", rows_total="Total")
    assert got.shown.loc["r1"].tolist() == ["3", "10", "12", "25"]
    assert got.values.loc["Total", "Total"] == 118.0
    assert not got.suppressed.to_numpy().any() and not got.primary.to_numpy().any()
    assert footnote(off) == ""


# --- small counts a reader could tell are small ----------------------------------------------


def test_two_small_counts_that_make_up_the_rest_of_a_line_are_protected_further():
    # 3 and 2 with 40 and a total of 45: withholding the 3 and the 2 alone leaves 5 for two
    # counts of at least 1, so each is 1 to 4: a reader knows both are small
    frame = pd.DataFrame({"n": [3, 2, 40, 45]}, index=["a", "b", "c", "T"])
    got = protect_counts(frame, ["n"], DEFAULT, rows_total="T")
    assert got.shown["n"].tolist() == ["c", "c", "c", "45"]
    assert got.primary["n"].tolist() == [True, True, False, False]
    # each small one can now be as large as the threshold: 45 - 1 - 1 for a
    attack = Attack(
        _one_month_figures(got, {"a": "6 or less", "b": "over 6 to 10", "c": "over 10 to 14"}),
        POLICY,
        _one_month_truth({"6 or less": 3, "over 6 to 10": 2, "over 10 to 14": 40}),
    )
    assert attack.findings([_band("6 or less"), _band("over 6 to 10")]) == []
    assert attack.possible(_band("6 or less"), low=5) and attack.possible(
        _band("over 6 to 10"), low=5
    )


# --- subtotals a reader has from elsewhere ---------------------------------------------------

BANDS = list(BINS)  # the pack's bands of weeks, as the attack reads them
WITHIN, OVER = "20 weeks or less", "More than 20 weeks"
MONTH = ("2023-06",)
POLICY = Policy()


def _band(part):
    return Count("plans", part, MONTH)


def _one_month_truth(bands: dict) -> dict:
    return {("plans", MONTH[0], b): v for b, v in bands.items()}


def _one_month_figures(got, parts: dict, known=()) -> list[Figure]:
    """What a protected table publishes, as figures of one month's plans; ``known``: rows
    a reader has from elsewhere."""
    out = []
    for label, part in parts.items():
        withheld = bool(got.suppressed.loc[label].iloc[-1])
        value = None if withheld else Fraction(int(got.values.loc[label].iloc[-1]))
        out.append(Figure(_band(part), value, withheld, Fraction(1), f"row {label}"))
    return out


def weeks(counts: list[int]) -> pd.DataFrame:
    """Plans by band of weeks, with the plans within and over 20 weeks and the total."""
    within, over = sum(counts[:5]), sum(counts[5:])
    return pd.DataFrame(
        {"plans": [*counts, within, over, within + over]}, index=[*BANDS, WITHIN, OVER, "All"]
    )


SUBTOTALS = {WITHIN: BANDS[:5], OVER: BANDS[5:]}
PARTS = {**{b: b for b in BANDS}, WITHIN: "within", OVER: "late", "All": "all"}


def test_a_band_is_protected_against_the_plans_within_20_weeks_a_percentage_gives_away():
    counts = [0, 0, 3, 150, 70, 95, 133, 7, 2]
    table = weeks(counts)
    known = [WITHIN, OVER, "All"]
    got = protect_counts(
        table, ["plans"], DEFAULT, rows_total="All", subtotals=SUBTOTALS, known=known
    )
    assert got.shown["plans"].tolist() == [
        "0",
        "0",
        "c",
        "150",
        "c",
        "95",
        "133",
        "c",
        "c",
        "223",
        "237",
        "460",
    ]  # "over 18 to 20" (70) protects "over 10 to 14"; "over 40 to 52" (7) protects over 52
    truth = _one_month_truth(dict(zip(BANDS, counts, strict=True)))
    attack = Attack(_one_month_figures(got, PARTS), POLICY, truth)
    withheld = [_band(b) for b in BANDS if got.suppressed.loc[b, "plans"]]
    assert attack.findings(withheld) == []
    # the table protected on its own total only: the 3 is the subtotal less the rest
    alone = protect_counts(table.drop(index=[WITHIN, OVER]), ["plans"], DEFAULT, rows_total="All")
    figures = _one_month_figures(alone, {b: b for b in BANDS} | {"All": "all"})
    figures.append(Figure(_band("within"), Fraction(223), False, Fraction(1), "the percentage"))
    found = Attack(figures, POLICY, truth).findings(
        [_band(b) for b in BANDS if alone.suppressed.loc[b, "plans"]]
    )
    assert [(str(f.count), f.kind) for f in found] == [
        ("plans over 10 to 14 [2023-06]", "recovered")
    ]


def test_random_weeks_tables_protected_with_their_subtotals_give_nothing_away():
    rng = np.random.default_rng(20240602)
    exposed_without = 0
    for _ in range(60):
        small = rng.random(9) < 0.4
        counts = np.where(small, rng.integers(0, 5, 9), rng.integers(5, 60, 9)).tolist()
        table = weeks(counts)
        sums = table.loc[[WITHIN, OVER, "All"], "plans"]
        known = [] if ((sums > 0) & (sums < 5)).any() else [WITHIN, OVER, "All"]
        got = protect_counts(
            table, ["plans"], DEFAULT, rows_total="All", subtotals=SUBTOTALS, known=known
        )
        parts = PARTS if known else {b: b for b in BANDS} | {"All": "all"}
        truth = _one_month_truth(dict(zip(BANDS, counts, strict=True)))
        attack = Attack(_one_month_figures(got, parts), POLICY, truth)
        hidden = [_band(PARTS[r]) for r in table.index if got.suppressed.loc[r, "plans"]]
        assert attack.findings(hidden) == [], counts
        if known:
            alone = protect_counts(
                table.drop(index=[WITHIN, OVER]), ["plans"], DEFAULT, rows_total="All"
            )
            figures = _one_month_figures(alone, {b: b for b in BANDS} | {"All": "all"})
            figures.append(
                Figure(
                    _band("within"),
                    Fraction(int(sums[WITHIN])),
                    False,
                    Fraction(1),
                    "the percentage",
                )
            )
            hidden = [_band(b) for b in BANDS if alone.suppressed.loc[b, "plans"]]
            exposed_without += bool(Attack(figures, POLICY, truth).findings(hidden))
    assert exposed_without > 5  # the subtotals matter: without them, bands are given away


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"subtotals": {"w": ["a"]}}, r"subtotals need one column of counts and a total row"),
        ({"rows_total": "T", "subtotals": {"w": ["a", "zz"]}}, r"subtotal row 'zz' is not a row"),
        ({"rows_total": "T", "subtotals": {"w": ["a"]}, "known": ["a"]}, r"known row 'a' is not a"),
        ({"rows_total": "T", "subtotals": {"w": ["a", "b"]}}, r"subtotal row 'w' is 5 but its"),
    ],
)
def test_bad_subtotals_are_refused(kwargs, message):
    frame = pd.DataFrame({"n": [3, 4, 5, 12]}, index=["a", "b", "w", "T"])
    with pytest.raises(ParameterError, match=message):
        protect_counts(frame, ["n"], DEFAULT, **kwargs)
