"""The cycle-by-cycle sections (``present/sections/history.py``) on the example's June 2023
pack: every cycle so far, the status or rating each cycle's pack showed, in words."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import ROOT
from wsoa_analysis.context import load_context
from wsoa_analysis.present import sections

CYCLES = ["Aug 2022", "Sep 2022", "Dec 2022", "Mar 2023", "May 2023", "Jun 2023"]


@pytest.fixture(scope="module")
def ctx():
    return load_context("2023-06-30", ROOT / "data", ROOT / "params")


def _headers(html: str) -> list[str]:
    return re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)


def _row(html: str, ref: str) -> str:
    return html[html.index(f">{ref}</th>") :].split("</tr>")[0]


def test_each_action_shows_its_status_at_every_cycle_so_far(ctx):
    got = sections.status_history(ctx, "1")
    shown = str(got)
    assert _headers(shown) == ["Ref", *CYCLES]
    pills = re.findall(r'class="pill brag brag-(\w+)">(\w+)<', _row(shown, "1.3.1"))
    assert pills[-3:] == [("amber", "Amber")] * 3  # Amber in March, May and June 2023
    assert set(got.frame["action_ref"]) == set(
        ctx.ds.actions.loc[ctx.ds.actions["priority_id"] == "1", "action_ref"]
    )


def test_an_earlier_cycle_shows_only_the_cycles_before_it():
    earlier = load_context("2022-12-31", ROOT / "data", ROOT / "params")
    assert _headers(str(sections.status_history(earlier, "1"))) == ["Ref", *CYCLES[:3]]


def test_each_measure_shows_the_rating_each_cycles_scorecard_gave(ctx):
    got = sections.rating_history(ctx, "1")
    frame = got.frame.set_index("kpi_id")
    now = ctx.card.set_index("kpi_id")["rating"]
    assert frame[pd.Timestamp("2023-06-30")].to_dict() == now[frame.index].to_dict()
    before = ctx.previous_card.set_index("kpi_id")["rating"]
    assert frame[pd.Timestamp("2023-05-31")].to_dict() == before[frame.index].to_dict()
    shown = str(got)
    assert _headers(shown) == ["Measure", *CYCLES]
    # readable without colour: every pill carries a word
    assert all(w.strip() for w in re.findall(r'class="pill rating[^"]*">[^ ]+ ([^<]+)<', shown))


def test_the_overview_names_actions_unchanged_at_amber_or_red_for_three_cycles(ctx):
    got = sections.unchanged_actions(ctx)
    assert got.frame[["action_ref", "status", "cycles"]].values.tolist() == [
        ["1.3.1", "Amber", 3],
        ["2.5.7", "Amber", 3],
    ]
    shown = str(got)
    assert "three or more reporting cycles" in shown
    assert "Mar 2023" in _row(shown, "1.3.1")
    # no figure in the section: the run is said by the month it began
    assert not re.search(r">\s*3\s*<", shown)
