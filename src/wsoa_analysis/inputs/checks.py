"""Checks on the typed tables that one cell cannot make on its own: duplicate keys and BRAG
statuses within a table, then the tables against each other (references, units, periods,
numerators, dates) and a reporting date against the data.

The published statistics (benchmarks, the release calendar) are checked in
:mod:`~wsoa_analysis.inputs.benchmark_checks`. Types, required values, coded vocabularies and
column minimums were checked once when each cell was parsed
(:mod:`~wsoa_analysis.inputs.parse`); nothing here checks them again. Every check returns
:class:`~wsoa_analysis.errors.Problem` records naming file, row, column and value; nothing
here raises, so all problems are reported together.
"""

from __future__ import annotations

import pandas as pd

from wsoa_analysis.domain.periods import FREQUENCY_SPECS, is_period_end, to_date
from wsoa_analysis.errors import ParameterError, Problem
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs.benchmark_checks import check_benchmarks
from wsoa_analysis.inputs.brag import StatusWord, status_notes, status_problems
from wsoa_analysis.inputs.closure_checks import closure_problems
from wsoa_analysis.inputs.measure_checks import kind_problems, kind_value_problems
from wsoa_analysis.inputs.read import sheet_row
from wsoa_analysis.inputs.story_checks import story_problems
from wsoa_analysis.inputs.target_checks import target_problems

_FLOAT_SLACK = 1e-9  # absorbs float error at the edge of PERCENT_MATCH_TOLERANCE

_PERIOD_WORDS = {
    "monthly": "month",
    "quarterly": "quarter (ends 30 Jun, 30 Sep, 31 Dec or 31 Mar)",
    "half_yearly": "half-year (ends 30 Jun or 31 Dec)",
    "academic_year": "academic year (ends 31 Aug)",
    "financial_year": "financial year (ends 31 Mar)",
    "calendar_year": "calendar year (ends 31 Dec)",
    "termly": "term (ends 31 Dec, 30 Apr or 31 Aug)",
    "january_census": "January census (dated 31 Jan)",
}


def _period_words(frequency: str) -> str:
    return _PERIOD_WORDS.get(frequency, frequency)


def _plain(row: pd.Series) -> dict:
    """A row as a dict with missing values as None, so comparisons never meet pd.NA."""
    return {
        c: (None if not isinstance(v, (list, tuple)) and pd.isna(v) else v) for c, v in row.items()
    }


def _ends_period(date, frequency) -> bool:
    """Whether a date ends a period of the frequency (True when either is unknown: the
    missing or unknown value is reported where it is)."""
    if date is None or frequency not in FREQUENCY_SPECS:
        return True
    return bool(is_period_end(pd.Series([date]), frequency).iloc[0])


# --- within one table ---------------------------------------------------------------------


def check_keys(name: str, frame: pd.DataFrame, source: str) -> list[Problem]:
    """Every row sharing its key with another row (rows with a part of the key missing were
    reported when parsed, and are left out)."""
    key = list(schema.TABLES[name].key)
    if not key or frame.empty:
        return []
    complete = frame.dropna(subset=key)
    repeated = complete[complete.duplicated(subset=key, keep=False)]
    named = ", ".join(key)
    return [
        Problem(
            source, sheet_row(i), named, None, f"duplicate row: another row has the same {named}"
        )
        for i in repeated.index
    ]


# --- across tables ------------------------------------------------------------------------


def _unknown_refs(
    frame: pd.DataFrame, column: str, target: pd.DataFrame, key: str, names: tuple[str, str]
) -> list[Problem]:
    """Values of ``frame[column]`` that are not a ``key`` of ``target``; ``names`` are the
    source of ``frame`` and the name of ``target``, for messages."""
    if target.attrs.get("unreadable"):
        return []  # the table referred to could not be read: that problem is reported already
    source, target_name = names
    known = set(target[key].dropna())
    bad = frame[frame[column].notna() & ~frame[column].isin(known)]
    return [
        Problem(source, sheet_row(i), column, str(v), f"is not defined in {target_name}")
        for i, v in bad[column].items()
    ]


def check_references(t: dict[str, pd.DataFrame], src: dict[str, str]) -> list[Problem]:
    return [
        *_unknown_refs(
            t["kpis"], "priority_id", t["priorities"], "priority_id", (src["kpis"], "priorities")
        ),
        *_unknown_refs(
            t["actions"],
            "priority_id",
            t["priorities"],
            "priority_id",
            (src["actions"], "priorities"),
        ),
        *_unknown_refs(
            t["action_updates"],
            "action_ref",
            t["actions"],
            "action_ref",
            (src["action_updates"], "actions"),
        ),
        *_unknown_refs(
            t["observations"], "kpi_id", t["kpis"], "kpi_id", (src["observations"], "kpis")
        ),
    ]


def _kpi_value_problems(k: dict, source: str, row: int) -> list[Problem]:
    """Baseline and target values against the measure's unit and target kind."""
    p = []
    if k["target_kind"] in ("absolute", "relative") and k["target_value"] is None:
        p.append(
            Problem(
                source,
                row,
                "target_value",
                None,
                f"a target of kind {k['target_kind']} needs a target_value",
            )
        )
    if k["unit"] == "percent":
        # a relative target is a percentage change of the baseline, so it may exceed 100
        columns = ["baseline_value"] + ([] if k["target_kind"] == "relative" else ["target_value"])
        for col in columns:
            v = k[col]
            if v is not None and not 0 <= v <= 100:
                p.append(
                    Problem(source, row, col, str(v), "a percentage must be between 0 and 100")
                )
    elif k["unit"] in ("count", "rate_per_month"):
        v = k["baseline_value"]
        if v is not None and v < 0:
            p.append(Problem(source, row, "baseline_value", str(v), "must not be negative"))
    return p


def check_kpis(kpis: pd.DataFrame, source: str, has_requests: bool) -> list[Problem]:
    p = []
    for i, k in kpis.iterrows():
        k, row = _plain(k), sheet_row(i)
        values = _kpi_value_problems(k, source, row)
        # a baseline or target already refused is not also on the wrong side of the other
        p += values + target_problems(k, source, row, sides=not values)
        p += kind_problems(k, source, row)
        if k["baseline_value"] is not None and k["baseline_date"] is None:
            p.append(
                Problem(
                    source,
                    row,
                    "baseline_date",
                    None,
                    "a baseline_value needs the date its period ends",
                )
            )
        if k["method"] not in (None, "observed") and not has_requests:
            p.append(
                Problem(
                    source,
                    row,
                    "method",
                    k["method"],
                    "is computed from ehc_requests, but there is no ehc_requests table",
                )
            )
        if not _ends_period(k["baseline_date"], k["frequency"]):
            p.append(
                Problem(
                    source,
                    row,
                    "baseline_date",
                    str(k["baseline_date"].date()),
                    f"is not the last day of a {_period_words(k['frequency'])}",
                )
            )
    return p


def _observed_value_problems(o: dict, k: dict, source: str, row: int) -> list[Problem]:
    """A value against its measure's unit, and against its numerator and denominator."""
    v, p = o["value"], []
    if v is None:
        return p
    if k["unit"] == "percent" and not 0 <= v <= 100:
        p.append(Problem(source, row, "value", str(v), "a percentage must be between 0 and 100"))
    p += kind_value_problems(v, k, source, row)
    if k["unit"] == "count" and not float(v).is_integer():
        p.append(Problem(source, row, "value", str(v), "a count must be a whole number"))
    num, den = o.get("numerator"), o.get("denominator")
    if num is not None and den is not None and k["unit"] == "percent":
        share = 100 * num / den  # den > 0: a denominator of 0 or less was refused when parsed
        if abs(share - v) > schema.PERCENT_MATCH_TOLERANCE + _FLOAT_SLACK:
            p.append(
                Problem(
                    source,
                    row,
                    "value",
                    str(v),
                    f"does not match numerator/denominator ({num:g}/{den:g} = {share:.1f}%)",
                )
            )
    return p


def check_observations(obs: pd.DataFrame, kpis: pd.DataFrame, source: str) -> list[Problem]:
    p = []
    info = kpis.dropna(subset=["kpi_id"]).drop_duplicates("kpi_id").set_index("kpi_id")
    for i, o in obs.iterrows():
        if o["kpi_id"] not in info.index:
            continue  # reported as an unknown reference
        k, o, row = _plain(info.loc[o["kpi_id"]]), _plain(o), sheet_row(i)
        if k["method"] not in (None, "observed"):
            p.append(
                Problem(
                    source,
                    row,
                    "kpi_id",
                    o["kpi_id"],
                    f"values of this measure are computed from ehc_requests "
                    f"({k['method']}); remove them from observations",
                )
            )
            continue
        p += _observed_value_problems(o, k, source, row)
        if not _ends_period(o["period_end"], k["frequency"]):
            p.append(
                Problem(
                    source,
                    row,
                    "period_end",
                    str(o["period_end"].date()),
                    f"is not the last day of a {_period_words(k['frequency'])}, "
                    f"the period of {o['kpi_id']}",
                )
            )
    return p


def check_requests(req: pd.DataFrame, source: str) -> list[Problem]:
    p = []
    for col in ("decision_date", "plan_issued_date"):
        bad = req[
            req[col].notna() & req["date_received"].notna() & (req[col] < req["date_received"])
        ]
        p += [
            Problem(source, sheet_row(i), col, str(v.date()), "is before date_received")
            for i, v in bad[col].items()
        ]
    bad = req[
        req["plan_issued_date"].notna() & req["decision"].notna() & (req["decision"] != "yes")
    ]
    p += [
        Problem(
            source, sheet_row(i), "decision", v, "a plan was issued, so the decision should be yes"
        )
        for i, v in bad["decision"].items()
    ]
    return p


def validate(
    tables: dict[str, pd.DataFrame],
    sources: dict[str, str],
    notes: list[Problem] | None = None,
    statuses: list[StatusWord] | None = None,
) -> list[Problem]:
    """Every check on the typed tables; returns all problems found (empty when the data are
    good), and adds to ``notes`` how recorded statuses were read (as the area's status words,
    ``statuses``; the workbook's BRAG words where None)."""
    problems: list[Problem] = []
    for name, frame in tables.items():
        problems += check_keys(name, frame, sources[name])
    problems += check_references(tables, sources)
    problems += status_problems(tables["action_updates"], sources["action_updates"], statuses)
    problems += check_kpis(
        tables["kpis"], sources["kpis"], has_requests=len(tables["ehc_requests"]) > 0
    )
    problems += check_observations(tables["observations"], tables["kpis"], sources["observations"])
    problems += check_requests(tables["ehc_requests"], sources["ehc_requests"])
    problems += check_benchmarks(
        tables["benchmarks"], tables["kpis"], tables["dfe_releases"], sources
    )
    problems += story_problems(tables, sources)  # highlight reports, risks, voice, recommendations
    problems += closure_problems(tables, sources)  # evidence of completion
    if notes is not None:
        notes += status_notes(tables["action_updates"], sources["action_updates"], statuses)
    return problems


# --- a reporting date against the data ----------------------------------------------------


def data_period(tables: dict[str, pd.DataFrame]) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The first and last dates the data speak of (values, statuses, requests received)."""
    dates = []
    for name, col in (
        ("observations", "period_end"),
        ("action_updates", "reporting_date"),
        ("ehc_requests", "date_received"),
    ):
        frame = tables.get(name)
        if frame is not None and col in frame and frame[col].notna().any():
            dates += [frame[col].min(), frame[col].max()]
    if not dates:
        return None, None
    return min(dates), max(dates)


def check_reporting_date(tables: dict[str, pd.DataFrame], reporting_date) -> None:
    """A reporting date must fall within the data: not before the first value, and not after
    the last one (a pack for a date the data do not reach would be silently out of date)."""
    date = to_date(reporting_date)
    first, last = data_period(tables)
    if first is None:
        raise ParameterError("the data hold no values, statuses or requests at all")
    if date < first:
        raise ParameterError(
            f"reporting date {date.date()} is before the first date in the "
            f"data ({first.date()}): nothing would be reported"
        )
    if date > last:
        raise ParameterError(
            f"reporting date {date.date()} is after the last date in the data "
            f"({last.date()}): add this cycle's data first, or choose an "
            "earlier date"
        )
