"""Published comparators: which figures had been published by a reporting date and from which
release, the statistical-neighbour average (ours, not DfE's), and which comparators a
measure's chart and scorecard show.

A published figure is shown from the day it was first published, never from the day its
period ended: calendar year 2022 ended on 31 December 2022, but its figures appeared in June
2023. ``first_published_on`` says when (where the release calendar cannot say, the day the
earliest release we hold of it was published stands in: later, never earlier). Where we hold a
figure from several releases, a pack uses the newest published by its reporting date and cites
it; where every release we hold of it came out later than that (the first one is not in the
extract), the pack shows the value as in the earliest we hold and says so.

Comparators are told apart by ``kind`` (``england``, ``region``, ``area``, ``neighbours``) and
``area_code``, never by their display ``label``: an area whose name begins another area's name
(York, Yorkshire and The Humber), or whose settings name differs from the name DfE uses, still
gets the right figures.
"""

from __future__ import annotations

import math

import pandas as pd

from wsoa_analysis.config.settings import Area
from wsoa_analysis.dates import long_date, long_month, month_year
from wsoa_analysis.domain.missing import is_missing
from wsoa_analysis.domain.periods import financial_year_label, to_date

ENGLAND = "E92000001"

ENGLAND_KIND, REGION_KIND, AREA_KIND, NEIGHBOURS_KIND = "england", "region", "area", "neighbours"
KINDS = (ENGLAND_KIND, REGION_KIND, AREA_KIND, NEIGHBOURS_KIND)

SERIES_COLUMNS = [
    "kind",
    "area_code",
    "label",
    "series",
    "period_kind",
    "period_start",
    "period_end",
    "value",
    "citation",
]
AT_COLUMNS = [
    "kind",
    "area_code",
    "label",
    "value",
    "symbol",
    "period",
    "period_end",
    "source",
    "definition",
    "shown_from",
]

FIGURE = ["measure_key", "area_code", "period_start", "period_end"]
"""What makes one published figure: a release may publish it again (a vintage)."""


def comparator_kinds(unit: str) -> tuple[str, ...]:
    """The comparators a measure in ``unit`` is shown against, the scorecard's first.

    Only a percentage can be compared across areas of different sizes: a percentage is shown
    against England, the region, the statistical neighbours and the area's own published
    figure (which is not the local series: DfE's period and counting differ); a count or a
    rate only against the area's own published figure, never England.

    >>> comparator_kinds("percent"), comparator_kinds("count")
    (('england', 'region', 'neighbours', 'area'), ('area',))
    """
    if unit == "percent":
        return (ENGLAND_KIND, REGION_KIND, NEIGHBOURS_KIND, AREA_KIND)
    return (AREA_KIND,)


def _coded_kinds(area: Area) -> list[tuple[str, str]]:
    """(kind, area code) of the comparators that have a code of their own, where known."""
    pairs = [(ENGLAND_KIND, ENGLAND), (REGION_KIND, area.region_code), (AREA_KIND, area.code)]
    return [(kind, code) for kind, code in pairs if code]


def published_period_label(period_start, period_end, kind: str | None = None) -> str:
    """``2022`` for a calendar year, ``2022/23 academic year``, ``2022/23 financial year``,
    ``January 2022 census``; without ``kind``, told from the dates.

    >>> published_period_label("2022-09-01", "2023-08-31")
    '2022/23 academic year'
    >>> published_period_label("2022-01-01", "2022-01-31", "census")
    'January 2022 census'
    """
    start, end = to_date(period_start), to_date(period_end)
    if kind == "census":
        return f"{long_month(start)} census"
    if start.month == 1 and end.month == 12 and start.year == end.year:
        return str(start.year)
    if start.month == 9 and end.month == 8:
        return f"{financial_year_label(start.year)} academic year"
    if start.month == 4 and end.month == 3:
        return f"{financial_year_label(start.year)} financial year"
    if (start.year, start.month) == (end.year, end.month):
        return long_month(start)
    return f"{month_year(start)} to {month_year(end)}"


def shown_from(benchmarks: pd.DataFrame) -> pd.Series:
    """The day each row's figure may first be shown: when it was first published, or, where
    the release calendar cannot say, when the earliest release we hold of it was."""
    earliest = benchmarks.groupby(FIGURE, dropna=False)["published_on"].transform("min")
    first = benchmarks["first_published_on"]
    return pd.to_datetime(first.where(first.notna(), earliest))


def citation(row, as_of) -> str:
    """Where a figure shown at ``as_of`` comes from: the release (with the day it was
    published), file and column, and when it was first published where that was elsewhere."""
    source, release = str(row["source"]), str(row["release"])
    published = f"{release} (published {long_date(row['published_on'])})"
    cited = source.replace(release, published, 1) if release in source else f"{source}; {published}"
    first = row.get("first_release")
    if is_missing(first) or first == release:
        return cited
    first_words = f"first published {long_date(row['first_published_on'])} in {first}"
    if to_date(row["published_on"]) <= to_date(as_of):
        return f"{cited}; {first_words}"
    return f"{first_words[0].upper()}{first_words[1:]}; value as in {cited}"


def published_by(benchmarks: pd.DataFrame, as_of) -> pd.DataFrame:
    """The figures published on or before ``as_of``, one row each: the newest release we hold
    that was published by then, or else (the first release is not in the extract) the
    earliest we hold. Adds ``shown_from`` and ``citation`` (see :func:`citation`)."""
    day = to_date(as_of)
    rows = benchmarks.assign(shown_from=shown_from(benchmarks))
    rows = rows[rows["shown_from"] <= day]
    held = rows["published_on"] <= day
    newest = rows[held].sort_values("published_on", kind="stable")
    newest = newest.drop_duplicates(FIGURE, keep="last")
    later = rows[~held].sort_values("published_on", kind="stable").drop_duplicates(FIGURE)
    done = pd.MultiIndex.from_frame(newest[FIGURE])
    later = later[~pd.MultiIndex.from_frame(later[FIGURE]).isin(done)]
    out = pd.concat([newest, later]).sort_index() if len(later) else newest.sort_index()
    return out.assign(citation=[citation(r, day) for _, r in out.iterrows()])


def latest_published(
    benchmarks: pd.DataFrame, measure_key: str, area_code: str, as_of
) -> pd.Series | None:
    """The latest figure for a measure and area published on or before ``as_of`` (a
    suppressed figure is returned with its symbol), or None."""
    rows = benchmarks[
        (benchmarks["measure_key"] == measure_key) & (benchmarks["area_code"] == area_code)
    ]
    shown = published_by(rows, as_of).sort_values("period_end", kind="stable")
    return None if shown.empty else shown.iloc[-1]


def neighbours_label(count: int) -> str:
    """What a reader sees for the neighbours' average: ours, and of how many authorities.

    >>> neighbours_label(10)
    'Statistical neighbours, our unweighted average of 10 authorities'
    """
    return f"Statistical neighbours, our unweighted average of {count} authorities"


def neighbour_names(benchmarks: pd.DataFrame, codes: list[str]) -> list[str]:
    """The neighbours' names as DfE gives them (the code where the extract has none)."""
    names = dict(zip(benchmarks["area_code"], benchmarks["area_name"], strict=True))
    return [str(names.get(code, code)) for code in codes]


def neighbour_average(
    benchmarks: pd.DataFrame, measure_key: str, codes: list[str], as_of
) -> pd.DataFrame:
    """Our unweighted average of the statistical neighbours' figures published by ``as_of``,
    per period: each authority counts the same, whatever its size (not a pooled rate).

    Figures withheld (``c``, ``x``...) are left out: ``areas`` says how many were averaged
    and ``codes`` which; ``shown_from`` is the day the last of them was published, and
    ``releases`` the releases they come from.
    """
    wanted = (benchmarks["measure_key"] == measure_key) & benchmarks["area_code"].isin(codes)
    rows = published_by(benchmarks[wanted], as_of)
    rows = rows[rows["value"].notna()]
    columns = [
        "period_start",
        "period_end",
        "period_kind",
        "value",
        "areas",
        "codes",
        "shown_from",
        "releases",
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    out = rows.groupby(["period_start", "period_end"], as_index=False).agg(
        period_kind=("period_kind", "first"),
        value=("value", "mean"),
        areas=("area_code", "nunique"),
        codes=("area_code", lambda c: tuple(sorted(set(c)))),
        shown_from=("shown_from", "max"),
        releases=("release", lambda r: ", ".join(sorted(set(r)))),
    )
    return out.assign(value=out["value"].astype("float64"))[columns]


def neighbours_source(last: pd.Series, area: Area, benchmarks: pd.DataFrame) -> str:
    """How the neighbours' average was made, naming the authorities: it is ours, not DfE's."""
    codes = list(area.statistical_neighbours.codes)
    names = neighbour_names(benchmarks, codes)
    count = int(last["areas"])
    share = f"the {count}" if count == len(codes) else f"{count} of the {len(codes)}"
    missing = [name for code, name in zip(codes, names, strict=True) if code not in last["codes"]]
    gap = f" (no figure for {', '.join(missing)})" if missing else ""
    return (
        "Our calculation, not a DfE figure: the unweighted average of the published figures "
        f"of {share} statistical neighbours (each authority counts the same, whatever its "
        f"size: not pooled): {', '.join(names)}{gap}. Figures from DfE's {last['releases']}; "
        f"neighbours as listed in {area.statistical_neighbours.source}."
    )


def _label(kind: str, area_name, count: int = 0) -> str:
    """What a reader sees for a comparator: DfE's own name for a region or area."""
    if kind == ENGLAND_KIND:
        return "England"
    if kind == NEIGHBOURS_KIND:
        return neighbours_label(count)
    return str(area_name)


def _at_row(kind: str, code: str, row: pd.Series) -> dict:
    return {
        "kind": kind,
        "area_code": code,
        "label": _label(kind, row["area_name"]),
        "value": float(row["value"]) if pd.notna(row["value"]) else math.nan,
        "symbol": "" if is_missing(row.get("symbol")) else row.get("symbol"),
        "period": published_period_label(
            row["period_start"], row["period_end"], row.get("period_kind")
        ),
        "period_end": row["period_end"],
        "source": row["citation"],
        "definition": row.get("definition"),
        "shown_from": row["shown_from"],
    }


def comparators_at(benchmarks: pd.DataFrame, measure_key: str, as_of, area: Area) -> pd.DataFrame:
    """The comparators published by ``as_of``: England, the region, the area itself and our
    statistical-neighbour average, each with its ``kind``, ``area_code`` (empty for the
    neighbours), ``label``, value (or symbol), period, ``source`` (the release cited, or how
    our average was made), ``definition`` and ``shown_from``."""
    measure = benchmarks[benchmarks["measure_key"] == measure_key]
    shown = published_by(measure, as_of).sort_values("period_end", kind="stable")
    rows = []
    for kind, code in _coded_kinds(area):
        own = shown[shown["area_code"] == code]
        if len(own):
            rows.append(_at_row(kind, code, own.iloc[-1]))
    codes = area.statistical_neighbours.codes
    if codes:
        avg = neighbour_average(measure, measure_key, codes, as_of)
        if not avg.empty:
            last = avg.iloc[-1]
            rows.append(
                {
                    "kind": NEIGHBOURS_KIND,
                    "area_code": "",
                    "label": neighbours_label(len(codes)),
                    "value": float(last["value"]),
                    "symbol": "",
                    "period": published_period_label(
                        last["period_start"], last["period_end"], last["period_kind"]
                    ),
                    "period_end": last["period_end"],
                    "source": neighbours_source(last, area, measure),
                    "definition": measure["definition"].iloc[-1],
                    "shown_from": last["shown_from"],
                }
            )
    return pd.DataFrame(rows, columns=AT_COLUMNS)


def scorecard_comparator(comparators: pd.DataFrame, unit: str) -> pd.Series | None:
    """The one comparator a scorecard row shows, from :func:`comparators_at`: England for a
    percentage, the area's own published figure for a count or rate; None where not
    published."""
    shown = comparators[comparators["kind"] == comparator_kinds(unit)[0]]
    return None if shown.empty else shown.iloc[0]


def comparator_series(
    benchmarks: pd.DataFrame, measure_key: str, area: Area, as_of
) -> pd.DataFrame:
    """Long series for charts, every period published by ``as_of``: ``kind``, ``area_code``
    (empty for the neighbours), ``label``, ``series`` (DfE's figures with " (published)";
    our average as its label says), ``period_kind``, ``period_start``, ``period_end``,
    ``value`` and ``citation``. Withheld figures are left out."""
    measure = benchmarks[benchmarks["measure_key"] == measure_key]
    shown = published_by(measure, as_of)
    shown = shown[shown["value"].notna()]
    parts = []
    for kind, code in _coded_kinds(area):
        rows = shown[shown["area_code"] == code]
        if not rows.empty:
            label = _label(kind, rows["area_name"].iloc[-1])
            parts.append(rows.assign(kind=kind, area_code=code, label=label, series=label))
    codes = area.statistical_neighbours.codes
    if codes:
        avg = neighbour_average(measure, measure_key, codes, as_of)
        if not avg.empty:
            label = neighbours_label(len(codes))
            parts.append(
                avg.assign(
                    kind=NEIGHBOURS_KIND,
                    area_code="",
                    label=label,
                    series=label,
                    citation="Our calculation from DfE's " + avg["releases"],
                )
            )
    if not parts:
        return _no_series()
    out = pd.concat(parts, ignore_index=True)
    dfe = out["kind"] != NEIGHBOURS_KIND
    out = out.assign(
        series=out["series"].where(~dfe, out["series"] + " (published)"),
        value=out["value"].astype("float64"),
    )
    return out[SERIES_COLUMNS]


def _no_series() -> pd.DataFrame:
    """An empty frame of series, typed as a full one is (dates are dates)."""
    dates = {"period_start", "period_end"}
    return pd.DataFrame(
        {
            name: pd.Series(
                [],
                dtype="datetime64[ns]" if name in dates else "float64" if name == "value" else str,
            )
            for name in SERIES_COLUMNS
        }
    )


def chart_comparators(
    benchmarks: pd.DataFrame, measure_key, area: Area, reporting_date, unit: str, since=None
) -> pd.DataFrame:
    """The published series a measure's chart shows: the kinds :func:`comparator_kinds`
    gives for its unit, for figures published on or before the reporting date (and for
    periods ending on or after ``since`` where given). Columns as :func:`comparator_series`;
    empty where the measure has no comparator key."""
    if is_missing(measure_key) or measure_key == "":
        return _no_series()
    comp = comparator_series(benchmarks, measure_key, area, reporting_date)
    if since is not None:
        comp = comp[comp["period_end"] >= to_date(since)]
    return comp[comp["kind"].isin(comparator_kinds(unit))].reset_index(drop=True)
