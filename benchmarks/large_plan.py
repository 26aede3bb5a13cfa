"""A large invented plan for the benchmark: "Example Large Area", seeded and reproducible.

Writes a complete data folder and params folder (valid for ``wsoa validate`` and
``wsoa pack``) with as many priority areas, measures and actions as asked, so the benchmark can
time a build far bigger than the bundled example (4 areas, 30 measures, 75 actions)::

    .venv/bin/python benchmarks/large_plan.py /tmp/large                       # 200 / 500 / 8
    .venv/bin/python benchmarks/large_plan.py /tmp/half --measures 100 --actions 250 --areas 4
    .venv/bin/wsoa pack --date 2023-12-31 --data /tmp/large/data --params /tmp/large/params

Everything is invented and marked ``synthetic = yes``; nobody is named (leads are roles). The
tables follow the data contract (``wsoa_analysis.inputs.schema``, ``data/README.md``):

- ``priorities``: one row per area, its theme taken from a fixed list;
- ``kpis``: percentage, count and rate measures (about 50 / 30 / 20), monthly or quarterly,
  each with a baseline at December 2021 and, mostly, a numeric target (absolute, relative or
  maintain; a few reduce / increase / to be set / month on month; a few baselines still to be
  established). Area 1's first two measures are computed from ``ehc_requests``, as the
  example's are. About one measure in ten has a published comparator;
- ``observations``: a value for every period from January 2022 to December 2023 (two years)
  for every observed measure, moving towards, along, behind or away from its trajectory; a
  third of the percentages carry their numerator and denominator;
- ``actions`` (several objectives per area, target dates from 2022 to 2024) and
  ``action_updates``: a BRAG status for every action at each quarterly cycle;
- ``ehc_requests``: about 70 requests a month from January 2021 (pseudonymous ids only);
- ``benchmarks``: invented "published" yearly figures for England, an invented region, the
  area and ten invented neighbours, for each comparator key;
- ``commentary/2023-12-31.md``: officers' commentary for the latest cycle;
- ``params/area.yaml`` (with deeper analyses for areas 1 and 2) and one cycle file per quarter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from wsoa_analysis.dates import long_date
from wsoa_analysis.domain.periods import period_range
from wsoa_analysis.inputs import commentary, schema

SEED = 20231231
AREA_NAME = "Example Large Area"
AREA_CODE = "E99000001"  # invented: no real area has an E99 code
REGION_CODE = "E99100001"
NEIGHBOUR_CODES = [f"E99000{n:03d}" for n in range(2, 12)]
BASELINE = pd.Timestamp("2021-12-31")
DATA_END = pd.Timestamp("2023-12-31")
REPORTING_DATE = dt.date(2023, 12, 31)
CYCLES = period_range("2022-03-31", DATA_END, "quarterly")  # eight quarterly reviews
REQUESTS_FROM = "2021-01-31"
TIMELINESS_KEY = "ehc_plans_20_weeks_ex"

AREA_THEMES = [
    "EHC plans",
    "Graduated response",
    "Preparing for adulthood",
    "Local Offer",
    "Joint commissioning",
    "Health services",
    "Inclusion and attendance",
    "Co-production with families",
]

# (title, unit, polarity, baseline range): twelve percentages, seven counts, five rates
TOPICS = [
    ("EHC plans audited rated good or better", "percent", "higher", (40, 70)),
    ("Annual reviews completed within timescale", "percent", "higher", (30, 70)),
    ("Assessment decisions made within 6 weeks", "percent", "higher", (50, 85)),
    ("Health advice returned within 6 weeks", "percent", "higher", (40, 80)),
    ("Social care advice returned within 6 weeks", "percent", "higher", (40, 80)),
    (
        "Young people with EHC plans in education, employment or training",
        "percent",
        "higher",
        (60, 85),
    ),
    ("Parents who found the Local Offer helpful", "percent", "higher", (30, 60)),
    ("Pupils on SEN support with a suspension", "percent", "lower", (5, 15)),
    ("Persistent absence of pupils with EHC plans", "percent", "lower", (20, 40)),
    ("Year 9 reviews with a preparing-for-adulthood plan", "percent", "higher", (30, 70)),
    ("Mediation cases settled without appeal", "percent", "higher", (50, 80)),
    ("Settings with a trained SEND lead", "percent", "higher", (50, 90)),
    ("Supported internships started", "count", "higher", (5, 30)),
    ("Appeals to the SEND tribunal", "count", "lower", (10, 40)),
    ("Personal budgets agreed", "count", "higher", (50, 200)),
    ("Short-break places taken up", "count", "higher", (100, 400)),
    (
        "Children waiting over 18 weeks for a neurodevelopmental assessment",
        "count",
        "lower",
        (100, 600),
    ),
    ("Placements in independent special schools", "count", "lower", (40, 150)),
    ("Practitioners completing SEND training", "count", "higher", (20, 200)),
    ("Visits to the Local Offer website", "rate_per_month", "higher", (1500, 5000)),
    ("Enquiries to the SEND information service", "rate_per_month", "higher", (40, 150)),
    ("Referrals to the neurodevelopmental pathway", "rate_per_month", "hold", (60, 120)),
    ("Complaints about SEND services", "rate_per_month", "lower", (5, 20)),
    ("Transport applications decided", "rate_per_month", "higher", (50, 200)),
]
COHORTS = ["", " (early years)", " (primary)", " (secondary)", " (post-16)", " (all ages)"]
SHAPES = ["reach", "track", "lag", "stall", "slip"]
LEAD_ROLES = [
    "Head of SEND Service",
    "Principal Educational Psychologist",
    "Designated Clinical Officer",
    "Head of Commissioning",
    "Local Offer Manager",
    "Parent Carer Forum Co-chair",
    "Head of Inclusion",
    "Assistant Director, Education",
]
ACTION_VERBS = [
    "Review",
    "Embed",
    "Establish",
    "Publish",
    "Co-produce",
    "Train staff in",
    "Audit",
    "Improve",
]
ACTION_OBJECTS = [
    "the quality assurance framework for EHC plans",
    "the annual review process",
    "joint commissioning arrangements",
    "the Local Offer website content",
    "the graduated response toolkit",
    "transition planning from Year 9",
    "health and social care contributions to assessments",
    "the SEND workforce development programme",
    "co-production with parents and carers",
    "the neurodevelopmental pathway",
]
SYNTHETIC_NOTE = "synthetic large-plan value"
SOURCE = "Invented for the benchmark's large plan (not published)"
PUBLICATION = "Invented statistics for the benchmark"


@dataclass(frozen=True)
class LargePlan:
    """Where a generated plan was written, and the reporting date to build."""

    data_dir: Path
    params_dir: Path
    reporting_date: dt.date
    measures: int
    actions: int
    areas: int


# --- measures ---------------------------------------------------------------------------


def _round(value: float, unit: str) -> float:
    if unit == "percent":
        return float(np.clip(round(value, 1), 0, 100))
    if unit == "count":
        return float(max(0, round(value)))
    return float(max(0.0, round(value, 1)))


def _target(baseline: float, unit: str, polarity: str, rng) -> tuple[str, float | None]:
    """A target kind and value that improve on the baseline in the measure's direction."""
    if polarity == "hold":
        return "maintain", None
    roll = rng.random()
    if roll < 0.05:
        return ("increase" if polarity == "higher" else "reduce"), None
    if roll < 0.08:
        return "to_be_set", None
    if unit != "percent" and roll < 0.20:
        change = float(rng.choice([10, 15, 20, 25]))
        return "relative", change if polarity == "higher" else -change
    step = rng.uniform(0.2, 0.6)
    if polarity == "higher":
        room = (100 - baseline) if unit == "percent" else baseline * 0.5
        return "absolute", _round(baseline + step * room, unit)
    return "absolute", _round(baseline * (1 - step * 0.6), unit)


def _kpi(kpi_id: str, area: str, index: int, rng) -> dict:
    # a stride coprime with the number of topics, so any run of measures mixes the units
    title, unit, polarity, (low, high) = TOPICS[(index * 7) % len(TOPICS)]
    title += COHORTS[(index // len(TOPICS)) % len(COHORTS)]
    frequency = "monthly" if unit == "rate_per_month" or rng.random() < 0.3 else "quarterly"
    baseline = _round(rng.uniform(low, high), unit)
    kind, target = _target(baseline, unit, polarity, rng)
    if frequency == "monthly" and polarity == "higher" and rng.random() < 0.05:
        kind, target = "month_on_month", None
    established = kind in ("relative", "maintain") or rng.random() > 0.05
    target_date = None
    if kind in ("absolute", "relative") and rng.random() < 0.4:
        target_date = pd.Timestamp(str(rng.choice(["2023-03-31", "2023-06-30", "2023-09-30"])))
    return {
        "kpi_id": kpi_id,
        "priority_id": area,
        "title": title,
        "unit": unit,
        "polarity": polarity,
        "baseline_value": baseline if established else None,
        "baseline_date": BASELINE if established else None,
        "baseline_as_written": _shown(baseline, unit) if established else "To be established",
        "target_kind": kind,
        "target_value": target,
        "target_date": target_date,
        "target_as_written": _target_words(kind, target, unit, target_date),
        "frequency": frequency,
        "source": "local",
        "method": "observed",
        "definition": f"{title}: invented for the benchmark's large plan.",
        "comparator_key": None,
        "_shape": str(rng.choice(SHAPES)),
        "_start": baseline,
    }


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "percent":
        return f"{value:.1f}%"
    return f"{value:,.0f}" if unit == "count" else f"{value:,.1f} a month"


def _target_words(kind: str, target, unit: str, date) -> str:
    by = f" by {long_date(date)}" if date is not None else ""
    words = {
        "absolute": f"{_shown(target, unit)}{by}",
        "relative": f"{target or 0:+g}% on the baseline{by}",
        "maintain": "Maintain the level",
        "increase": "Increase",
        "reduce": "Reduce",
        "to_be_set": "To be set",
        "month_on_month": "Increase month on month",
    }
    return words[kind]


def _computed_kpis(area: str) -> list[dict]:
    """Area 1's measures computed from the record-level requests, as in the example."""
    common = {"priority_id": area, "source": "local", "_shape": "track", "_start": None}
    return [
        {
            **common,
            "kpi_id": f"P{area}-01",
            "title": "New EHC plans issued within 20 weeks",
            "unit": "percent",
            "polarity": "higher",
            "baseline_value": 55.0,
            "baseline_date": BASELINE,
            "baseline_as_written": "55%",
            "target_kind": "absolute",
            "target_value": 70.0,
            "target_date": None,
            "target_as_written": "70%",
            "frequency": "quarterly",
            "method": "ehc_issued_within_20_weeks",
            "definition": "Computed from the request records, exception cases left out.",
            "comparator_key": TIMELINESS_KEY,
        },
        {
            **common,
            "kpi_id": f"P{area}-02",
            "title": "Requests for EHC needs assessment",
            "unit": "rate_per_month",
            "polarity": "hold",
            "baseline_value": 70.0,
            "baseline_date": BASELINE,
            "baseline_as_written": "70 a month",
            "target_kind": "maintain",
            "target_value": None,
            "target_date": None,
            "target_as_written": "Maintain the level",
            "frequency": "monthly",
            "method": "ehc_requests_per_month",
            "definition": "Requests received in each month, from the request records.",
            "comparator_key": None,
        },
    ]


def make_kpis(measures: int, areas: list[str], rng) -> pd.DataFrame:
    """``measures`` measures spread evenly over the areas; area 1 starts with two computed
    from the request records; about one in ten observed measures has a comparator."""
    rows = []
    for area, ids in zip(areas, np.array_split(np.arange(measures), len(areas)), strict=True):
        computed = _computed_kpis(area)[: len(ids)] if area == areas[0] else []
        rows += computed
        for j in range(len(computed), len(ids)):
            rows.append(_kpi(f"P{area}-{j + 1:02d}", area, int(ids[j]), rng))
    kpis = pd.DataFrame(rows)
    observed = kpis.index[(kpis["method"] == "observed") & kpis["baseline_value"].notna()]
    for n, i in enumerate(observed[5::10]):
        kpis.loc[i, "comparator_key"] = f"large_plan_{n + 1:02d}"
    return kpis


def _goal(k: pd.Series) -> float | None:
    if k["target_kind"] == "absolute":
        return float(k["target_value"])
    if k["target_kind"] == "relative":
        return float(k["baseline_value"]) * (1 + float(k["target_value"]) / 100)
    return None


def _fraction(shape: str, share: float, wobble: float) -> float:
    """Share of the baseline-to-target distance travelled at ``share`` of the time."""
    if shape == "reach":
        return min(1.0, share * 1.3) + abs(wobble)
    if shape == "track":
        return share + abs(wobble)
    if shape == "lag":
        return share * 0.9 + wobble
    if shape == "stall":
        return min(share, 0.45) + wobble
    return -0.3 * share + wobble  # slip


def _series(k: pd.Series, rng) -> pd.DataFrame:
    """Two years of values for one observed measure."""
    ends = period_range(BASELINE + pd.offsets.MonthEnd(1), DATA_END, k["frequency"])
    start = float(k["_start"])
    goal = _goal(k)
    deadline = k["target_date"] if pd.notna(k["target_date"]) else DATA_END
    direction = {"higher": 1, "lower": -1, "hold": 0}[k["polarity"]]
    values = []
    for end in ends:
        share = min(1.0, (end - BASELINE).days / (deadline - BASELINE).days)
        wobble = rng.normal(0, 0.04)
        if goal is None:  # no number: drift gently the right way (or hover, for 'hold')
            v = start * (1 + direction * 0.1 * share + wobble)
        else:
            v = start + _fraction(k["_shape"], share, wobble) * (goal - start)
        values.append(_round(v, k["unit"]))
    return pd.DataFrame({"kpi_id": k["kpi_id"], "period_end": ends, "value": values})


def make_observations(kpis: pd.DataFrame, rng) -> pd.DataFrame:
    parts = [_series(k, rng) for _, k in kpis[kpis["method"] == "observed"].iterrows()]
    obs = pd.concat(parts, ignore_index=True)
    unit = obs["kpi_id"].map(kpis.set_index("kpi_id")["unit"])
    # a third of the percentages with the counts they are worked out from
    percents = kpis.loc[(kpis["unit"] == "percent") & (kpis["method"] == "observed"), "kpi_id"]
    with_counts = obs["kpi_id"].isin(set(percents.iloc[::3]))
    den = pd.Series(rng.integers(80, 400, len(obs)), index=obs.index)
    num = (obs["value"] * den / 100).round()
    obs["numerator"] = num.where(with_counts).astype("Int64")
    obs["denominator"] = den.where(with_counts).astype("Int64")
    obs.loc[with_counts, "value"] = (100 * num / den).round(1)[with_counts]
    obs["value"] = [
        f"{v:.1f}" if u != "count" else str(int(v)) for v, u in zip(obs["value"], unit, strict=True)
    ]
    return obs.assign(note=SYNTHETIC_NOTE, synthetic="yes")


# --- actions and their statuses -----------------------------------------------------------


def make_actions(actions: int, areas: list[str], rng) -> pd.DataFrame:
    rows = []
    months = pd.date_range("2022-03-31", "2024-03-31", freq="ME")
    for area, ids in zip(areas, np.array_split(np.arange(actions), len(areas)), strict=True):
        for j, i in enumerate(ids):
            objective = f"{area}.{j // 8 + 1}"
            target = pd.Timestamp(rng.choice(months)) if rng.random() > 0.1 else None
            lead = rng.choice(len(LEAD_ROLES), size=1 + int(rng.random() < 0.3), replace=False)
            rows.append(
                {
                    "action_ref": f"{objective}.{j % 8 + 1}",
                    "objective_ref": objective,
                    "priority_id": area,
                    "description": f"{ACTION_VERBS[i % len(ACTION_VERBS)]} "
                    f"{ACTION_OBJECTS[(i // len(ACTION_VERBS)) % len(ACTION_OBJECTS)]}",
                    "leads": "; ".join(LEAD_ROLES[x] for x in lead),
                    "target_date_as_written": target.strftime("%B %Y") if target else "Ongoing",
                    "target_date": target,
                }
            )
    return pd.DataFrame(rows)


def _next_status(previous: str | None, target, date: pd.Timestamp, rng) -> str:
    if previous == "Blue":
        return "Blue"
    if target is not None and date > target:
        return str(rng.choice(["Blue", "Green", "Amber", "Red"], p=[0.55, 0.25, 0.12, 0.08]))
    if previous in (None, "Grey"):
        return str(rng.choice(["Grey", "Green"], p=[0.5, 0.5]))
    if previous in ("Amber", "Red"):
        return str(rng.choice(["Amber", "Green", "Red"], p=[0.45, 0.45, 0.1]))
    return str(rng.choice(["Green", "Amber", "Red", "Blue"], p=[0.75, 0.14, 0.04, 0.07]))


def make_action_updates(actions: pd.DataFrame, rng) -> pd.DataFrame:
    last: dict[str, str] = {}
    rows = []
    for date in CYCLES:
        for ref, target in zip(actions["action_ref"], actions["target_date"], strict=True):
            status = _next_status(last.get(ref), target if pd.notna(target) else None, date, rng)
            last[ref] = status
            rows.append(
                {
                    "action_ref": ref,
                    "reporting_date": date,
                    "status": status,
                    "commentary": "",
                    "synthetic": "yes",
                }
            )
    return pd.DataFrame(rows)


# --- record-level requests and published comparators -------------------------------------


def make_ehc_requests(rng) -> pd.DataFrame:
    """About 70 requests a month with decision and plan timings, vectorised."""
    months = period_range(REQUESTS_FROM, DATA_END, "monthly")
    counts = rng.poisson(70, len(months))
    firsts = np.repeat((months - pd.offsets.MonthBegin(1)).values.astype("datetime64[D]"), counts)
    days = np.concatenate([rng.integers(0, m.day, c) for m, c in zip(months, counts, strict=True)])
    received = np.sort(firsts + days.astype("timedelta64[D]"))
    n = len(received)
    decision = rng.choice(np.array(["yes", "no", "withdrawn"]), n, p=[0.74, 0.22, 0.04])
    decided = received + np.clip(rng.normal(38, 6, n), 14, 70).astype(int).astype("timedelta64[D]")
    exception = rng.random(n) < 0.05
    weeks = np.where(rng.random(n) < 0.6, rng.uniform(13, 20, n), 20.2 + rng.gamma(2.0, 4.0, n))
    weeks = weeks + np.where(exception, rng.uniform(2, 10, n), 0)
    issued = received + np.floor(weeks * 7).astype(int).astype("timedelta64[D]")
    end = np.datetime64(DATA_END.date(), "D")
    has_plan = (decision == "yes") & (rng.random(n) < 0.93) & (issued <= end)
    pending = decided > end
    decision = np.where(pending, "pending", decision)
    nat = np.datetime64("NaT", "D")
    return pd.DataFrame(
        {
            "request_id": [f"LR{i:06d}" for i in range(1, n + 1)],
            "date_received": pd.to_datetime(received),
            "decision": decision,
            "decision_date": pd.to_datetime(np.where(pending, nat, decided)),
            "plan_issued_date": pd.to_datetime(np.where(has_plan & ~pending, issued, nat)),
            "exception_applies": np.where(exception, "yes", "no"),
            "synthetic": "yes",
        }
    )


def make_benchmarks(kpis: pd.DataFrame, rng) -> pd.DataFrame:
    """Yearly invented figures, 2017 to 2023, for each comparator key: England, the region and
    ten neighbours for a percentage; the area and its neighbours for a count or rate."""
    places = [("E92000001", "England", "National"), (REGION_CODE, "Example Region", "Regional")]
    places += [(AREA_CODE, AREA_NAME, "Local authority")]
    places += [
        (code, f"Example Neighbour {chr(65 + i)}", "Local authority")
        for i, code in enumerate(NEIGHBOUR_CODES)
    ]
    rows = []
    for _, k in kpis.dropna(subset=["comparator_key"]).iterrows():
        level = float(k["baseline_value"])
        shown = places if k["unit"] == "percent" else [p for p in places if p[2] != "National"]
        for code, name, geography in shown:
            spread = rng.uniform(0.8, 1.2)
            for year in range(2017, 2024):
                value = _round(level * spread * (1 + rng.normal(0, 0.05)), k["unit"])
                suppressed = geography == "Local authority" and rng.random() < 0.03
                rows.append(
                    {
                        "measure_key": k["comparator_key"],
                        "area_code": code,
                        "area_name": name,
                        "geographic_level": geography,
                        "time_period": str(year),
                        "period_start": pd.Timestamp(f"{year}-01-01"),
                        "period_end": pd.Timestamp(f"{year}-12-31"),
                        "value": None if suppressed else value,
                        "symbol": "c" if suppressed else None,
                        "unit": k["unit"],
                        "source": SOURCE,
                        "period_kind": "calendar_year",
                        "definition": f"Invented published figure for {k['comparator_key']}",
                        "publication": PUBLICATION,
                        "release": f"Release {year + 1}",
                        "published_on": _release_day(year + 1),
                        "first_release": f"Release {year + 1}",
                        "first_published_on": _release_day(year + 1),
                    }
                )
    return pd.DataFrame(rows)


def _release_day(year: int) -> pd.Timestamp:
    """The invented publication's release of ``year``: each June."""
    return pd.Timestamp(f"{year}-06-15")


def make_releases() -> pd.DataFrame:
    """The invented publication's release calendar, one release a year (2017 to 2024)."""
    years = range(2017, 2025)  # 2017 first: it shows that 2018 first published 2017
    return pd.DataFrame(
        {
            "publication": PUBLICATION,
            "release": [f"Release {y}" for y in years],
            "published_on": [_release_day(y) for y in years],
            "covers": [f"Calendar year {y - 1}" for y in years],
            "source": "invented for the benchmark",
        }
    )


# --- commentary and settings --------------------------------------------------------------


def commentary_text(
    priorities: pd.DataFrame, kpis: pd.DataFrame, cycle_name: str, reporting_date, revisions=None
) -> str:
    """Officers' commentary for a cycle: a paragraph for every area and a note on every
    fifth measure. ``revisions`` (area id -> number) rewords an area's paragraph, as an
    officer's edit would."""
    revisions = revisions or {}
    date = long_date(pd.Timestamp(reporting_date))
    lines = [f"# Commentary: {cycle_name}, position at {date}", ""]
    for _, p in priorities.iterrows():
        pid = str(p["priority_id"])
        lines += [f"## Priority {pid}: {p['title']}", ""]
        lines.append(
            f"Progress to {date}: most of this area's actions are on track; the "
            "measures behind their trajectory are discussed below."
            + (
                f" Updated after the board's review (revision {revisions[pid]})."
                if revisions.get(pid)
                else ""
            )
        )
        lines.append("")
        own = kpis[kpis["priority_id"].astype(str) == pid]
        for _, k in own.iloc[::5].iterrows():
            lines += [
                f"### {k['kpi_id']}: {k['title']}",
                "",
                "**What happened:** The figure moved as expected for the time of year.",
                "**Corrective action:** The lead officer reviews the cases behind it monthly.",
                "**Evidence:** Service performance report, " + date + ".",
                "",
            ]
    return "\n".join(lines)


def write_commentary(
    data_dir: Path, reporting_date, cycle_name: str, revisions: dict | None = None
) -> Path:
    """Write the cycle's commentary file into a data folder, from its own priorities and
    kpis tables (also used by the benchmark on a copy of the example data)."""
    data_dir = Path(data_dir)
    read = {"dtype": str, "keep_default_na": False}
    priorities = pd.read_csv(data_dir / "priorities.csv", **read)
    kpis = pd.read_csv(data_dir / "kpis.csv", **read)
    path = commentary.path_for(data_dir, reporting_date)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = commentary_text(priorities, kpis, cycle_name, reporting_date, revisions)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _cycle_name(date: pd.Timestamp) -> str:
    return f"Quarterly review, {date.strftime('%B %Y')}"


def area_settings(kpis: pd.DataFrame, areas: list[str]) -> dict:
    analyses: dict[str, list[dict]] = {}
    if (kpis["method"] == "ehc_issued_within_20_weeks").any():
        analyses[areas[0]] = [
            {"kind": "ehc_timeliness", "comparator_key": TIMELINESS_KEY},
            {"kind": "weeks_to_plan"},
        ]
    if len(areas) > 1:
        second = kpis[(kpis["priority_id"] == areas[1]) & (kpis["unit"] == "count")]
        second = second[second["baseline_value"].notna()]
        analyses[areas[1]] = [{"kind": "requests_trend"}]
        if len(second):
            analyses[areas[1]].append(
                {
                    "kind": "measures_by_year",
                    "title": "Counts side by side",
                    "measures": list(second["kpi_id"][:4]),
                }
            )
    return {
        "area": {
            "name": AREA_NAME,
            "code": AREA_CODE,
            "region_code": REGION_CODE,
            "statistical_neighbours": {"source": "invented", "codes": NEIGHBOUR_CODES},
        },
        "plan": {
            "title": f"{AREA_NAME} SEND Written Statement of Action",
            "end_date": DATA_END.date(),
        },
        "pack": {
            "appendix_title": "Performance reporting pack",
            "organisation": f"{AREA_NAME} SEND Partnership",
            "analyses": analyses,
        },
        "rating": {"amber_band_percent_of_distance": 10, "maintain_band_percent": 5},
        "disclosure": {"enabled": True, "threshold": 5},
    }


def write_params(params_dir: Path, kpis: pd.DataFrame, areas: list[str]) -> None:
    params_dir.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(area_settings(kpis, areas), sort_keys=False, allow_unicode=True)
    (params_dir / "area.yaml").write_text(text, encoding="utf-8")
    for date in CYCLES:
        cycle = {
            "reporting_date": date.date(),
            "cycle_name": _cycle_name(date),
            "meeting": f"SEND Partnership Board, {(date + pd.DateOffset(days=20)):%B %Y}",
        }
        text = yaml.safe_dump(cycle, sort_keys=False)
        (params_dir / f"{date.date().isoformat()}.yaml").write_text(text, encoding="utf-8")


# --- writing ------------------------------------------------------------------------------


def _write(frame: pd.DataFrame, table: str, data_dir: Path) -> None:
    """One table as the contract's CSV: its columns in order, dates as YYYY-MM-DD."""
    out = frame.reindex(columns=schema.TABLES[table].column_names).copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
        elif out[col].dtype == object:
            out[col] = out[col].map(
                lambda v: v.strftime("%Y-%m-%d") if isinstance(v, pd.Timestamp) else v
            )
    out.to_csv(data_dir / f"{table}.csv", index=False, lineterminator="\n")


def write_large_plan(
    root: Path, measures: int = 200, actions: int = 500, areas: int = 8, seed: int = SEED
) -> LargePlan:
    """Write ``root/data`` and ``root/params`` for the invented area; returns where, and the
    date to build. The same arguments always write the same files."""
    if areas < 1 or measures < areas or actions < areas:
        raise ValueError("need at least one area, and a measure and an action for each area")
    root = Path(root)
    data_dir, params_dir = root / "data", root / "params"
    data_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    ids = [str(i) for i in range(1, areas + 1)]
    priorities = pd.DataFrame(
        {
            "priority_id": ids,
            "title": [
                AREA_THEMES[i % len(AREA_THEMES)]
                + (f" {i // len(AREA_THEMES) + 1}" if i >= len(AREA_THEMES) else "")
                for i in range(areas)
            ],
            "weakness": [f"An invented area of weakness, number {i}." for i in ids],
            "aim": [f"Children and young people with SEND benefit from area {i}." for i in ids],
            "lead_officers": [LEAD_ROLES[i % len(LEAD_ROLES)] for i in range(areas)],
            "sort_order": range(1, areas + 1),
        }
    )
    kpis = make_kpis(measures, ids, rng)
    action_rows = make_actions(actions, ids, rng)
    _write(priorities, "priorities", data_dir)
    _write(kpis, "kpis", data_dir)
    _write(make_observations(kpis, rng), "observations", data_dir)
    _write(action_rows, "actions", data_dir)
    _write(make_action_updates(action_rows, rng), "action_updates", data_dir)
    _write(make_ehc_requests(rng), "ehc_requests", data_dir)
    _write(make_benchmarks(kpis, rng), "benchmarks", data_dir)
    _write(make_releases(), "dfe_releases", data_dir)
    write_params(params_dir, kpis, ids)
    date = pd.Timestamp(REPORTING_DATE)
    write_commentary(data_dir, REPORTING_DATE, _cycle_name(date))
    return LargePlan(data_dir, params_dir, REPORTING_DATE, measures, actions, areas)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder to write data/ and params/ into")
    parser.add_argument("--measures", type=int, default=200)
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--areas", type=int, default=8)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    plan = write_large_plan(args.root, args.measures, args.actions, args.areas, args.seed)
    print(f"wrote {plan.data_dir} and {plan.params_dir}; build with")
    print(
        f"  wsoa pack --date {plan.reporting_date} --data {plan.data_dir} "
        f"--params {plan.params_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
