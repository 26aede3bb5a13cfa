"""The disclosure audit: build the example's pack for every cycle in ``params/``, read back
everything each publishes (pages' tables, captions and chart coordinates, the PDF's text,
``data.xlsx``, the figure ledger), and attack it with an exact integer program, within a
pack, across two consecutive cycles and across all of them. It fails on any withheld figure
a reader could work out, on any small count a reader could tell is small, and on any
published number more exact than the pages show.

The newest cycle is also built with counts rounded to 5 (``rounding_base: 5``) and attacked:
there no count may be worked out exactly, shown or not.

Each cycle is built once (a session fixture, ``wsoa pack --all``) and read once.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from integer_attack import BINS, Attack, Count, Policy, Rate, pairs
from published import pdf_numbers, read_pack, true_counts

from conftest import ROOT

pytestmark = pytest.mark.slow

# An area can point the audit at its own data and settings before it publishes.
DATA = Path(os.environ.get("WSOA_AUDIT_DATA", ROOT / "data"))
PARAMS = Path(os.environ.get("WSOA_AUDIT_PARAMS", ROOT / "params"))
CYCLES = sorted(p.stem for p in PARAMS.glob("????-??-??.yaml"))
ROUNDED_CYCLES = CYCLES[-1:]


def build(out: Path, params: Path) -> Path:
    wsoa = Path(sys.executable).with_name("wsoa")
    command = [str(wsoa), "pack", "--all", "--data", str(DATA)]
    command += ["--params", str(params), "--out", str(out), "--no-cache"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


# --- the packs, built and read once -----------------------------------------------------------


@pytest.fixture(scope="session")
def example(tmp_path_factory, request):
    if DATA == ROOT / "data" and PARAMS == ROOT / "params":
        out = request.getfixturevalue("example_packs")  # built once for every reader
    else:
        out = build(tmp_path_factory.mktemp("audit") / "out", PARAMS)
    base = area_policy(PARAMS).rounding_base
    return {d: read_pack(out / d, base, DATA) for d in CYCLES}, out


@pytest.fixture(scope="session")
def rounded(tmp_path_factory):
    params = tmp_path_factory.mktemp("rounded") / "params"
    params.mkdir()
    area = (PARAMS / "area.yaml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^\s+rounding_base: \d+", area)
    (params / "area.yaml").write_text(
        re.sub(r"(?m)^(\s+)rounding_base: \d+", r"\1rounding_base: 5", area)
    )
    for d in ROUNDED_CYCLES:
        (params / f"{d}.yaml").write_text((PARAMS / f"{d}.yaml").read_text())
    out = build(params.parent / "out", params)
    return {d: read_pack(out / d, 5, DATA) for d in ROUNDED_CYCLES}


@pytest.fixture(scope="session")
def truth():
    return true_counts(DATA)


def withheld_counts(readings) -> dict:
    """Every count a withheld figure hides (a withheld percentage hides those within and
    late), with the figures that withhold it."""
    out: dict = {}
    for reading in readings:
        for f in reading.figures:
            if not f.withheld:
                continue
            hidden = (
                [f.subject] if isinstance(f.subject, Count) else [f.subject.within, f.subject.late]
            )
            for count in hidden:
                out.setdefault(count, []).append(f)
    return out


def small_groups(attack: Attack, policy: Policy) -> list[Count]:
    """The smallest groups of children the program knows (a month's plans, within and late,
    by band where bands are published; a month's requests) that are small in truth."""
    groups = []
    for m in attack.months:
        parts = ["all", "within", "late"] + ([*BINS] if attack.parts[m] == BINS else [])
        groups += [Count("plans", p, (m,)) for p in parts]
        groups.append(Count("requests", "all", (m,)))
    return [g for g in groups if policy.is_small(attack.value(g, attack.truth))]


class Audit:
    """One attack per set of cycles, sharing what the largest one found (a solution that
    fits every cycle's figures fits any fewer)."""

    def __init__(self, readings: dict, policy: Policy, truth: dict):
        self.readings, self.policy, self.truth = readings, policy, truth
        self.attacks: dict[tuple, Attack] = {}
        self.found: dict[tuple, list[str]] = {}

    def attack(self, cycles: tuple) -> Attack:
        if cycles not in self.attacks:
            figures = [f for d in cycles for f in self.readings[d][0].figures]
            self.attacks[cycles] = Attack(figures, self.policy, self.truth)
            if cycles != self.every:  # start from what the attack on every cycle found
                self.findings(self.every)
                largest = self.attacks[self.every]
                self.attacks[cycles].solutions += largest.solutions_for(self.attacks[cycles])
        return self.attacks[cycles]

    @property
    def every(self) -> tuple:
        return tuple(self.readings)

    def findings(self, cycles: tuple) -> list[str]:
        if cycles not in self.found:
            attack = self.attack(cycles)
            counts = withheld_counts(self.readings[d][0] for d in cycles)
            if self.policy.rounding_base > 1:  # rounded counts: none may be worked out
                for d in cycles:
                    for f in self.readings[d][0].figures:
                        # (but a 0 is a 0: zeros are shown, and small counts withheld)
                        zero = f.value == 0 and not self.policy.suppress_zero
                        if isinstance(f.subject, Count) and f.per == 1 and not f.withheld:
                            if not zero:
                                counts.setdefault(f.subject, []).append(f)
            self.found[cycles] = [str(x) for x in attack.findings(sorted(counts), counts)]
        return self.found[cycles]


def area_policy(params: Path) -> Policy:
    """The disclosure policy a reader is told (the area's settings; the footnote says it)."""
    settings = yaml.safe_load((params / "area.yaml").read_text(encoding="utf-8"))
    given = settings.get("disclosure") or {}
    return Policy(
        threshold=given.get("threshold", 5),
        suppress_zero=given.get("suppress_zero", False),
        rounding_base=given.get("rounding_base", 1),
    )


@pytest.fixture(scope="session")
def audit(example, truth):
    return Audit(example[0], area_policy(PARAMS), truth)


@pytest.fixture(scope="session")
def rounded_audit(rounded, truth):
    # the footnote tells a reader whether percentages are of the rounded counts
    pages = " ".join(pages for _, pages, _ in rounded.values())
    of_rounded = "percentages use unrounded counts" not in pages
    policy = dataclasses.replace(area_policy(PARAMS), rounding_base=5, rates_of_rounded=of_rounded)
    return Audit(rounded, policy, truth)


# --- reading back ---------------------------------------------------------------------------


def test_every_cycle_is_read_back_from_every_kind_of_output(example):
    readings, _ = example
    for date, (reading, _, _) in readings.items():
        files = {re.split(r"[:, ]", f.where.split("/", 1)[1])[0] for f in reading.figures}
        assert {"priority-1", "priority-2", "data.xlsx", "figures.csv", "appendix.pdf"} <= files
        kinds = " ".join(f.where for f in reading.figures)
        for what in ("point at", "bar ", "chart text", "Rolling 12-month", "sheet 'Values'"):
            assert what in kinds, (date, what)
        rates = {f.subject for f in reading.figures if isinstance(f.subject, Rate)}
        assert len(rates) >= 12, date  # a year or more of rolling figures, quarters, years


def test_what_is_read_back_is_what_the_records_give(audit):
    # Attack() checks every figure against the true counts: a misread figure fails here
    assert len(audit.attack(tuple(CYCLES)).figures) > 2000


# --- no more exact than shown ---------------------------------------------------------------


def test_no_published_number_is_more_exact_than_the_pages_show(example, rounded):
    too_exact = [
        problem
        for readings in (example[0], rounded)
        for reading, _, _ in readings.values()
        for problem in reading.too_exact
    ]
    assert not too_exact, "\n".join(too_exact[:20])


def test_the_pdf_prints_no_number_the_pages_do_not(example):
    for date, (_, pages, pdf) in example[0].items():
        extra = pdf_numbers(pdf) - pdf_numbers(pages)
        assert not extra, (date, sorted(extra)[:20])


def test_a_pack_publishes_pages_pdf_workbook_ledger_and_manifest_only(example):
    _, out = example
    for d in CYCLES:
        names = {p.name for p in (out / d).iterdir()}
        assert {p.rsplit(".", 1)[-1] for p in names} <= {"html", "pdf", "xlsx", "json", "csv"}
        assert not [n for n in names if n.endswith(".csv") and n != "figures.csv"], names


# --- the attack -------------------------------------------------------------------------------


@pytest.mark.parametrize("date", CYCLES)
def test_no_withheld_figure_is_worked_out_within_a_pack(audit, date):
    found = audit.findings((date,))
    assert not found, "\n".join(found)


@pytest.mark.parametrize("first, second", pairs(CYCLES))
def test_no_withheld_figure_is_worked_out_across_two_cycles(audit, first, second):
    found = audit.findings((first, second))
    assert not found, "\n".join(found)


def test_no_withheld_figure_is_worked_out_across_all_cycles(audit):
    found = audit.findings(tuple(CYCLES))
    assert not found, "\n".join(found)


def test_no_small_group_of_children_is_implied_across_all_cycles(audit):
    attack = audit.attack(tuple(CYCLES))
    groups = small_groups(attack, audit.policy)
    assert groups  # the example has small groups (a month's plans over 52 weeks, say)
    found = [str(x) for x in attack.findings(groups)]
    assert not found, "\n".join(found)


def test_no_count_is_worked_out_exactly_where_counts_are_rounded(rounded_audit):
    found = rounded_audit.findings(tuple(ROUNDED_CYCLES))
    assert not found, "\n".join(found)
