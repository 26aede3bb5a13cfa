"""The synthetic part of the bundled example data, generated from a fixed seed.

What the WSoA states (priorities, measures, baselines, targets, actions, the August 2022
statuses) is transcribed in ``data/`` by hand and never touched here. What it does not give us
is invented here, reproducibly, and every row carries ``synthetic = yes``:

- ``observations``: a value for every observed measure in every period from the baseline to
  December 2023, at the measure's own frequency, following a scenario per measure (reaches its
  target, on track, lags, stalls, slips) so that every rating occurs;
- ``action_updates`` for the cycles after August 2022 (August 2022 keeps exactly the WSoA's
  own statuses); the last cycle, a month after the one before, updates only the actions due
  at the plan's end, and the others keep the status recorded before, as happens between
  meetings;
- ``ehc_requests``: about 65 requests a month with realistic decision and plan timings.

Run ``wsoa make-example-data`` (or ``make example-data``) to write them again; a test checks
the committed files are exactly what this code produces.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from wsoa_analysis.domain.periods import period_range, shift_period_end
from wsoa_example.closures import make_closures
from wsoa_example.progress_notes import progress_note

DATA_END = pd.Timestamp("2023-12-31")  # the example extract runs to the end of 2023
PLAN_END = pd.Timestamp("2023-06-30")
CYCLE_DATES = [
    pd.Timestamp(d) for d in ("2022-09-30", "2022-12-31", "2023-03-31", "2023-05-31", "2023-06-30")
]
REAL_STATUS_DATE = pd.Timestamp("2022-08-31")
# The cycle that records statuses only for the actions due at the plan's end.
PARTIAL_CYCLE = pd.Timestamp("2023-06-30")


@dataclass(frozen=True)
class Scenario:
    """How a measure's invented values move.

    ``shape`` is one of ``reach`` (gets to the target a little early), ``track`` (keeps to the
    trajectory), ``lag`` (a little behind it), ``stall`` (progress stops half way), ``slip``
    (moves the wrong way), ``level`` (hovers around a level), ``grow`` (rises steadily by
    ``rate`` per period from ``level``). ``start`` is the first period with a value, where
    reporting began after the baseline.
    """

    shape: str
    start: str | None = None
    level: float | None = None
    rate: float = 0.0
    noise: float = 0.02


SCENARIOS: dict[str, Scenario] = {
    "P1-01": Scenario("lag"),
    "P1-03": Scenario("stall"),
    "P1-04": Scenario("level", level=52, noise=0.08),
    "P1-05": Scenario("level", level=14, noise=0.2),
    "P1-06": Scenario("level", level=8, noise=0.25),
    "P2-01": Scenario("reach"),
    "P2-02": Scenario("track", noise=0.01),
    "P2-04": Scenario("slip", noise=0.0),
    "P2-05": Scenario("track", noise=0.0),
    "P2-06": Scenario("lag", noise=0.0),
    "P2-07": Scenario("reach", noise=0.0),
    "P2-08": Scenario("level", level=80, noise=0.1),
    "P2-09": Scenario("lag", noise=0.01),
    "P2-10": Scenario("stall"),
    "P2-11": Scenario("grow", start="2023-03-31", level=38, rate=4, noise=0.03),
    "P3-01": Scenario("reach", noise=0.0),
    "P3-02": Scenario("track", noise=0.02),
    "P3-03": Scenario("grow", start="2022-03-31", level=48, rate=1.5, noise=0.03),
    "P3-04": Scenario("level", start="2022-08-31", level=88, noise=0.01),
    "P3-05": Scenario("reach", noise=0.0),
    "P3-06": Scenario("level", level=100, noise=0.0),
    "P3-07": Scenario("track", noise=0.005),
    "P3-08": Scenario("slip", noise=0.01),
    "P4-01": Scenario("grow", start="2022-10-31", level=61, rate=1.2, noise=0.05),
    "P4-02": Scenario("grow", start="2022-10-31", level=20, rate=1.0, noise=0.2),
    "P4-03": Scenario("grow", start="2022-11-30", level=6, rate=0.3, noise=0.3),
    "P4-04": Scenario("grow", start="2022-12-31", level=58, rate=6, noise=0.02),
    "P4-05": Scenario("grow", start="2022-10-31", level=4200, rate=70, noise=0.04),
}


def _fraction(shape: str, share: float, rng: np.random.Generator, noise: float) -> float:
    """Share of the baseline-to-target distance travelled at ``share`` of the time."""
    wobble = rng.normal(0, noise)
    if shape == "reach":
        return min(1.0 + abs(wobble), share * 1.25 + wobble) if share < 0.8 else 1.0 + abs(wobble)
    if shape == "track":
        return share + abs(wobble)
    if shape == "lag":
        return share * 0.93 + wobble / 2
    if shape == "stall":
        return min(share, 0.45) + wobble
    if shape == "slip":
        return -0.4 * share + wobble
    raise ValueError(shape)


def _round(value: float, unit: str) -> float:
    if unit == "percent":
        return float(np.clip(round(value, 1), 0, 100))
    return float(max(0, round(value)))


def observation_series(
    kpi: pd.Series, scenario: Scenario, rng: np.random.Generator
) -> pd.DataFrame:
    """Invented values for one measure from its first reporting period to December 2023."""
    freq = kpi["frequency"]
    if scenario.start:
        first = pd.Timestamp(scenario.start)
    else:
        first = shift_period_end(kpi["baseline_date"], freq, 1)
    ends = period_range(first, DATA_END, freq)
    values = []
    for i, end in enumerate(ends):
        if scenario.shape == "level":
            v = scenario.level * (1 + rng.normal(0, scenario.noise))
            if kpi["kpi_id"] == "P3-06":  # one special school leaves the hub for a term
                v = 91.7 if end == pd.Timestamp("2022-12-31") else 100.0
        elif scenario.shape == "grow":
            v = (scenario.level + scenario.rate * i) * (1 + rng.normal(0, scenario.noise))
        else:
            b, t = float(kpi["baseline_value"]), float(kpi["target_value"])
            t0 = pd.Timestamp(kpi["baseline_date"])
            t1 = pd.Timestamp(kpi["target_date"]) if pd.notna(kpi["target_date"]) else PLAN_END
            share = min(1.0, max(0.0, (end - t0).days / (t1 - t0).days))
            v = b + _fraction(scenario.shape, share, rng, scenario.noise) * (t - b)
        values.append(_round(v, kpi["unit"]))
    return pd.DataFrame({"kpi_id": kpi["kpi_id"], "period_end": ends, "value": values})


def make_observations(kpis: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    parts = []
    for _, kpi in kpis[kpis["method"] == "observed"].iterrows():
        parts.append(observation_series(kpi, SCENARIOS[kpi["kpi_id"]], rng))
    obs = pd.concat(parts, ignore_index=True)
    units = obs["kpi_id"].map(kpis.set_index("kpi_id")["unit"])
    shown = [
        f"{v:.1f}" if u == "percent" else str(int(v))
        for v, u in zip(obs["value"], units, strict=True)
    ]
    return obs.assign(
        value=shown,
        numerator=pd.NA,
        denominator=pd.NA,
        note="synthetic example value",
        synthetic="yes",
    )


def _next_status(
    previous: str | None, target: pd.Timestamp | None, date: pd.Timestamp, rng: np.random.Generator
) -> str:
    if previous == "Blue":
        return "Blue"
    if target is not None and date > target:
        # past its target date: mostly closed, a few still Green (a reviewer should see those)
        return str(rng.choice(["Blue", "Green", "Amber", "Red"], p=[0.3, 0.4, 0.2, 0.1]))
    months_left = math.inf if target is None else (target - date).days / 30.4
    if previous in (None, "Grey") and months_left > 9:
        return str(rng.choice(["Grey", "Green"], p=[0.6, 0.4]))
    if previous in ("Red", "Yellow", "Amber"):
        return str(rng.choice(["Amber", "Green", "Red"], p=[0.45, 0.45, 0.1]))
    return str(rng.choice(["Green", "Amber", "Red", "Blue"], p=[0.72, 0.15, 0.05, 0.08]))


def make_action_updates(
    actions: pd.DataFrame, real: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Statuses for every action at each cycle after August 2022, continuing from the WSoA's
    own August 2022 statuses."""
    last = dict(zip(real["action_ref"], real["status"], strict=True))
    rows = []
    for date in CYCLE_DATES:
        for _, a in actions.iterrows():
            target = pd.Timestamp(a["target_date"]) if pd.notna(a["target_date"]) else None
            # drawn for every action, so that what is drawn after it stays the same
            previous = last.get(a["action_ref"])
            status = _next_status(previous, target, date, rng)
            if date == PARTIAL_CYCLE and target != PLAN_END:
                continue  # not updated this cycle: the earlier status stands
            last[a["action_ref"]] = status
            rows.append(
                {
                    "action_ref": a["action_ref"],
                    "reporting_date": date,
                    "status": status,
                    "commentary": progress_note(status, previous, target, date),
                    "synthetic": "yes",
                }
            )
    return pd.DataFrame(rows)


def _monthly_mean(month: pd.Timestamp) -> float:
    """About 65 requests a month, drifting down from 2022, with a quiet August."""
    if month < pd.Timestamp("2022-01-01"):
        base = 67.0
    else:
        months = (month.year - 2022) * 12 + month.month - 1
        base = max(60.0, 66.0 - 0.25 * months)
    return base * {8: 0.7, 9: 1.1, 10: 1.15, 12: 0.85}.get(month.month, 1.0)


def _on_time_share(received: pd.Timestamp) -> float:
    """Share of plans issued within 20 weeks, by when the request came in: about 57% at the
    baseline, a dip through 2022 (as nationally), then recovery to about 72% in 2023."""
    points = [
        ("2020-07-01", 0.57),
        ("2021-06-30", 0.57),
        ("2022-06-30", 0.50),
        ("2023-03-31", 0.72),
        ("2024-01-01", 0.74),
    ]
    xs = [pd.Timestamp(d).value for d, _ in points]
    return float(np.interp(received.value, xs, [v for _, v in points]))


def make_ehc_requests(rng: np.random.Generator, first_month: str = "2020-07-31") -> pd.DataFrame:
    """Record-level requests from July 2020 to December 2023 (pseudonymous ids only)."""
    rows = []
    for month in period_range(first_month, DATA_END, "monthly"):
        n = rng.poisson(_monthly_mean(month))
        days = rng.integers(0, month.day, size=n)
        for d in sorted(days):
            received = month.replace(day=1) + pd.Timedelta(days=int(d))
            rows.append(_one_request(received, rng))
    req = pd.DataFrame(rows)
    req.insert(0, "request_id", [f"RQ{i:06d}" for i in range(1, len(req) + 1)])
    return req.assign(synthetic="yes")


def _one_request(received: pd.Timestamp, rng: np.random.Generator) -> dict:
    decision = str(rng.choice(["yes", "no", "withdrawn"], p=[0.74, 0.22, 0.04]))
    decision_date = received + pd.Timedelta(days=int(np.clip(rng.normal(38, 6), 14, 70)))
    plan = pd.NaT
    exception = bool(rng.random() < 0.05)
    if decision == "yes" and rng.random() < 0.93:
        if rng.random() < _on_time_share(received):
            weeks = rng.uniform(13, 20)
        else:
            weeks = 20 + rng.gamma(2.0, 4.0) + 0.2
        if exception:
            weeks += rng.uniform(2, 10)
        plan = received + pd.Timedelta(days=int(math.floor(weeks * 7)))
    if decision_date > DATA_END:
        decision, decision_date = "pending", pd.NaT
    if pd.notna(plan) and plan > DATA_END:
        plan = pd.NaT
    return {
        "date_received": received,
        "decision": decision,
        "decision_date": decision_date,
        "plan_issued_date": plan,
        "exception_applies": "yes" if exception else "no",
    }


def _write(frame: pd.DataFrame, path: Path) -> Path:
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    out.to_csv(path, index=False, lineterminator="\n")
    return path


def write_example_data(data_dir: Path, seed: int = 20220831) -> list[Path]:
    """Write the synthetic tables into ``data_dir`` (which holds the transcribed ones)."""
    data_dir = Path(data_dir)
    kpis = pd.read_csv(data_dir / "kpis.csv", dtype=str, keep_default_na=False)
    kpis = kpis.replace("", pd.NA)
    for col in ("baseline_value", "target_value"):
        kpis[col] = pd.to_numeric(kpis[col])
    for col in ("baseline_date", "target_date"):
        kpis[col] = pd.to_datetime(kpis[col])
    actions = pd.read_csv(data_dir / "actions.csv", dtype=str, keep_default_na=False)
    actions["target_date"] = pd.to_datetime(actions["target_date"].replace("", pd.NA))
    updates = pd.read_csv(data_dir / "action_updates.csv", dtype=str, keep_default_na=False)
    real = updates[updates["synthetic"].str.lower() != "yes"]

    rng = np.random.default_rng(seed)
    obs = make_observations(kpis, rng)
    synth_updates = make_action_updates(actions, real, rng)
    requests = make_ehc_requests(rng)

    real = real.assign(reporting_date=pd.to_datetime(real["reporting_date"]))
    all_updates = pd.concat([real, synth_updates], ignore_index=True)
    closures = make_closures(actions, all_updates)
    return [
        _write(closures, data_dir / "closures.csv"),
        _write(
            obs[["kpi_id", "period_end", "value", "numerator", "denominator", "note", "synthetic"]],
            data_dir / "observations.csv",
        ),
        _write(
            all_updates[["action_ref", "reporting_date", "status", "commentary", "synthetic"]],
            data_dir / "action_updates.csv",
        ),
        _write(
            requests[
                [
                    "request_id",
                    "date_received",
                    "decision",
                    "decision_date",
                    "plan_issued_date",
                    "exception_applies",
                    "synthetic",
                ]
            ],
            data_dir / "ehc_requests.csv",
        ),
    ]
