"""Checks on the parsed input tables: each table on its own (pandera schemas built from the
contract in ``schema``), then the tables against each other (references, units, periods).

Every check returns :class:`~wsoa_analysis.errors.Problem` records naming file, row, column and
value; nothing here raises, so all problems are reported together.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from wsoa_analysis.domain.actions import BRAG_READINGS
from wsoa_analysis.domain.periods import FREQUENCY_SPECS, is_period_end
from wsoa_analysis.errors import Problem
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs.load import HEADER_ROW

_DTYPES = {
    "text": "string",
    "code": "string",
    "number": "Float64",
    "integer": "Int64",
    "date": "datetime64[ns]",
    "bool": "boolean",
}

# Value checks a table carries on its own, beyond types and keys.
_CHECKS = {
    ("observations", "numerator"): [pa.Check.ge(0, error="must not be negative")],
    ("observations", "denominator"): [pa.Check.gt(0, error="must be greater than zero")],
    ("priorities", "sort_order"): [pa.Check.ge(0, error="must not be negative")],
}


def _row(index) -> int:
    return int(index) + HEADER_ROW + 1


def table_schema(table: schema.Table) -> pa.DataFrameSchema:
    columns = {
        c.name: pa.Column(
            _DTYPES[c.kind],
            checks=_CHECKS.get((table.name, c.name), []),
            nullable=True,
            required=False,
        )
        for c in table.columns
    }
    return pa.DataFrameSchema(
        columns, unique=list(table.key) or None, coerce=False, name=table.name
    )


def check_table(name: str, frame: pd.DataFrame, source: str) -> list[Problem]:
    """Types, value ranges and duplicate keys of one table."""
    table = schema.TABLES[name]
    frame = frame.astype(
        {c.name: _DTYPES[c.kind] for c in table.columns if c.name in frame.columns}
    )
    # rows whose key is incomplete were reported already; leave them out of the duplicate check
    complete = frame.dropna(subset=list(table.key)) if table.key else frame
    try:
        table_schema(table).validate(complete, lazy=True)
    except pa.errors.SchemaErrors as err:
        return _problems_from_pandera(err.failure_cases, table, source)
    return []


def _problems_from_pandera(cases: pd.DataFrame, table: schema.Table, source: str) -> list[Problem]:
    problems = []
    key = ", ".join(table.key)
    dup_rows = set()
    for case in cases.itertuples(index=False):
        index = case.index
        if case.check == "multiple_fields_uniqueness" or "unique" in str(case.check):
            if index is not None and index not in dup_rows:
                dup_rows.add(index)
                problems.append(
                    Problem(
                        source,
                        _row(index),
                        key,
                        None,
                        f"duplicate row: another row has the same {key}",
                    )
                )
            continue
        problems.append(
            Problem(
                source,
                None if index is None else _row(index),
                case.column,
                None if case.failure_case is None else str(case.failure_case),
                str(case.check),
            )
        )
    return problems


# --- checks across tables -----------------------------------------------------------------


def _unknown_refs(
    frame: pd.DataFrame,
    column: str,
    known: pd.Series,
    source: str,
    target: str,
    target_frame: pd.DataFrame | None = None,
) -> list[Problem]:
    if target_frame is not None and target_frame.attrs.get("unreadable"):
        return []  # the table referred to could not be read: that problem is reported already
    known_set = set(known.dropna())
    bad = frame[frame[column].notna() & ~frame[column].isin(known_set)]
    return [
        Problem(source, _row(i), column, str(v), f"is not defined in {target}")
        for i, v in bad[column].items()
    ]


def check_references(t: dict[str, pd.DataFrame], src: dict[str, str]) -> list[Problem]:
    p: list[Problem] = []
    pri = t["priorities"]["priority_id"]
    p += _unknown_refs(t["kpis"], "priority_id", pri, src["kpis"], "priorities", t["priorities"])
    p += _unknown_refs(
        t["actions"], "priority_id", pri, src["actions"], "priorities", t["priorities"]
    )
    p += _unknown_refs(
        t["action_updates"],
        "action_ref",
        t["actions"]["action_ref"],
        src["action_updates"],
        "actions",
        t["actions"],
    )
    p += _unknown_refs(
        t["observations"], "kpi_id", t["kpis"]["kpi_id"], src["observations"], "kpis", t["kpis"]
    )
    return p


def check_statuses(updates: pd.DataFrame, source: str) -> list[Problem]:
    problems = []
    for i, value in updates["status"].items():
        if pd.isna(value):
            continue
        if " ".join(str(value).split()).lower() not in BRAG_READINGS:
            problems.append(
                Problem(
                    source,
                    _row(i),
                    "status",
                    str(value),
                    "is not a BRAG status (expected Blue, Green, Amber, Red or Grey)",
                )
            )
    return problems


def status_notes(updates: pd.DataFrame, source: str) -> list[Problem]:
    notes = []
    for i, value in updates["status"].items():
        if pd.isna(value):
            continue
        reading = BRAG_READINGS.get(" ".join(str(value).split()).lower())
        if reading and reading != value:
            notes.append(Problem(source, _row(i), "status", str(value), f"read as {reading}"))
    return notes


def _plain(row: pd.Series) -> dict:
    """A row as a dict with missing values as None, so comparisons never meet pd.NA."""
    return {
        c: (None if not isinstance(v, (list, tuple)) and pd.isna(v) else v) for c, v in row.items()
    }


def check_kpis(kpis: pd.DataFrame, source: str, has_requests: bool) -> list[Problem]:
    p = []
    for i, k in kpis.iterrows():
        k = _plain(k)
        row = _row(i)
        if k["target_kind"] in ("absolute", "relative") and pd.isna(k["target_value"]):
            p.append(
                Problem(
                    source,
                    row,
                    "target_value",
                    None,
                    f"a target of kind {k['target_kind']} needs a target_value",
                )
            )
        if pd.notna(k["baseline_value"]) and pd.isna(k["baseline_date"]):
            p.append(
                Problem(
                    source,
                    row,
                    "baseline_date",
                    None,
                    "a baseline_value needs the date its period ends",
                )
            )
        if k["unit"] == "percent":
            for col in ("baseline_value", "target_value"):
                v = k[col]
                if k["target_kind"] == "relative" and col == "target_value":
                    continue
                if pd.notna(v) and not 0 <= v <= 100:
                    p.append(
                        Problem(source, row, col, str(v), "a percentage must be between 0 and 100")
                    )
        elif k["unit"] in ("count", "rate_per_month"):
            v = k["baseline_value"]
            if pd.notna(v) and v < 0:
                p.append(Problem(source, row, "baseline_value", str(v), "must not be negative"))
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
        if (
            k["baseline_date"] is not None
            and k["frequency"] in FREQUENCY_SPECS
            and not bool(is_period_end(pd.Series([k["baseline_date"]]), k["frequency"]).iloc[0])
        ):
            p.append(
                Problem(
                    source,
                    row,
                    "baseline_date",
                    str(k["baseline_date"].date()),
                    f"is not the last day of a {_freq_words(k['frequency'])} period",
                )
            )
    return p


def _freq_words(frequency: str) -> str:
    return {
        "monthly": "month",
        "quarterly": "quarter (ends 30 Jun, 30 Sep, 31 Dec or 31 Mar)",
        "half_yearly": "half-year (ends 30 Jun or 31 Dec)",
        "academic_year": "academic year (ends 31 Aug)",
        "financial_year": "financial year (ends 31 Mar)",
        "calendar_year": "calendar year (ends 31 Dec)",
    }.get(frequency, frequency)


def check_observations(obs: pd.DataFrame, kpis: pd.DataFrame, source: str) -> list[Problem]:
    p = []
    info = kpis.dropna(subset=["kpi_id"]).drop_duplicates("kpi_id").set_index("kpi_id")
    for i, o in obs.iterrows():
        if o["kpi_id"] not in info.index:
            continue
        k, o = _plain(info.loc[o["kpi_id"]]), _plain(o)
        row = _row(i)
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
        v = o["value"]
        if pd.notna(v):
            if k["unit"] == "percent" and not 0 <= v <= 100:
                p.append(
                    Problem(source, row, "value", str(v), "a percentage must be between 0 and 100")
                )
            if k["unit"] in ("count", "rate_per_month") and v < 0:
                p.append(Problem(source, row, "value", str(v), "a count must not be negative"))
            if k["unit"] == "count" and not float(v).is_integer():
                p.append(Problem(source, row, "value", str(v), "a count must be a whole number"))
        if pd.notna(o["period_end"]) and k["frequency"] in FREQUENCY_SPECS:
            if not bool(is_period_end(pd.Series([o["period_end"]]), k["frequency"]).iloc[0]):
                p.append(
                    Problem(
                        source,
                        row,
                        "period_end",
                        str(o["period_end"].date()),
                        f"is not the last day of a {_freq_words(k['frequency'])}, "
                        f"the period of {o['kpi_id']}",
                    )
                )
        num, den = o.get("numerator"), o.get("denominator")
        if pd.notna(num) and pd.notna(den) and den > 0 and pd.notna(v) and k["unit"] == "percent":
            if abs(100 * num / den - v) > 0.05 + 1e-9:
                p.append(
                    Problem(
                        source,
                        row,
                        "value",
                        str(v),
                        f"does not match numerator/denominator ({num:g}/{den:g} = "
                        f"{100 * num / den:.1f}%)",
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
            Problem(source, _row(i), col, str(v.date()), "is before date_received")
            for i, v in bad[col].items()
        ]
    bad = req[
        req["plan_issued_date"].notna() & req["decision"].notna() & (req["decision"] != "yes")
    ]
    p += [
        Problem(source, _row(i), "decision", v, "a plan was issued, so the decision should be yes")
        for i, v in bad["decision"].items()
    ]
    return p


def check_benchmarks(bm: pd.DataFrame, kpis: pd.DataFrame, src: dict[str, str]) -> list[Problem]:
    p = []
    source = src["benchmarks"]
    for i, b in bm.iterrows():
        sym = b.get("symbol")
        if pd.isna(b["value"]) and pd.isna(sym):
            p.append(
                Problem(
                    source,
                    _row(i),
                    "value",
                    None,
                    "needs a value or a published symbol (c, x, z, low, u)",
                )
            )
        if pd.notna(sym) and sym not in schema.BENCHMARK_SYMBOLS:
            p.append(
                Problem(
                    source, _row(i), "symbol", sym, "is not a published symbol (c, x, z, low, u)"
                )
            )
        if (
            pd.notna(b["period_start"])
            and pd.notna(b["period_end"])
            and b["period_start"] > b["period_end"]
        ):
            p.append(
                Problem(
                    source,
                    _row(i),
                    "period_end",
                    str(b["period_end"].date()),
                    "is before period_start",
                )
            )
    keys = set(bm["measure_key"].dropna())
    for i, k in kpis.iterrows():
        key = k["comparator_key"]
        if pd.notna(key) and key not in keys:
            p.append(
                Problem(src["kpis"], _row(i), "comparator_key", key, "has no rows in benchmarks")
            )
    return p


def validate(
    tables: dict[str, pd.DataFrame], sources: dict[str, str], notes: list[Problem] | None = None
) -> list[Problem]:
    """Every check on every table; returns all problems found (empty when the data are good)."""
    problems: list[Problem] = []
    for name, frame in tables.items():
        problems += check_table(name, frame, sources[name])
    problems += check_references(tables, sources)
    problems += check_statuses(tables["action_updates"], sources["action_updates"])
    problems += check_kpis(
        tables["kpis"], sources["kpis"], has_requests=len(tables["ehc_requests"]) > 0
    )
    problems += check_observations(tables["observations"], tables["kpis"], sources["observations"])
    problems += check_requests(tables["ehc_requests"], sources["ehc_requests"])
    problems += check_benchmarks(tables["benchmarks"], tables["kpis"], sources)
    if notes is not None:
        notes += status_notes(tables["action_updates"], sources["action_updates"])
    return problems


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
    from wsoa_analysis.domain.periods import to_date
    from wsoa_analysis.errors import ParameterError

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
