"""The extract: the benchmarks and statistical neighbours tables for one area, and writing them.

For each measure in the sources, the figures for England, the area's region, the area and its
statistical neighbours are extracted from each release and combined, each release's figure kept
where they overlap. Every figure is dated from the release calendar (``dfe_releases.csv``
beside the extract): the day its release was published, and the release that first published it
(:mod:`wsoa_analysis.inputs.release_calendar`). The area comes from its settings
(:func:`write_area_extract` reads ``params/area.yaml``); nothing here assumes any one area.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from wsoa_analysis.config.settings import AREA_FILE, load_area
from wsoa_analysis.errors import ParameterError
from wsoa_analysis.importers.dfe.area import (
    SETTINGS_FILE,
    area_neighbours,
    area_options,
    check_old_code,
    check_region,
)
from wsoa_analysis.importers.dfe.codes import la_codes
from wsoa_analysis.importers.dfe.ees import ENGLAND, LEVELS, read_ees_csv
from wsoa_analysis.importers.dfe.measures import measure_rows
from wsoa_analysis.importers.dfe.releases import (
    combine_releases,
    no_differences,
    warn_differences,
)
from wsoa_analysis.importers.dfe.sources import (
    MEASURE_DEFINITIONS,
    MEASURE_PERIODS,
    MEASURE_SOURCES,
    PUBLICATION,
    RELEASES,
    MeasureSource,
    Release,
    check_sources,
)
from wsoa_analysis.inputs.load import load_table
from wsoa_analysis.inputs.release_calendar import Calendar
from wsoa_analysis.inputs.schema import BENCHMARKS

CALENDAR_FILE = "dfe_releases.csv"
"""The release calendar's file, beside the extract in the data folder."""


def build_extract(dfe_dir: str | Path, area_code: str, region_code: str | None, **options):
    """Build the benchmarks table from the published files.

    For each measure in ``sources``, the figures for England, the region, the area and the
    area's statistical neighbours are extracted from each release and combined, each
    release's figure kept where they overlap (a :class:`.releases.ReleaseDifferenceWarning`
    lists any figures on which they disagree), and dated from the release calendar.

    Parameters
    ----------
    dfe_dir : str or Path
        Folder holding one subfolder per release (``ry2022/``, ``ry2025/``) and the neighbour
        workbooks.
    area_code : str
        ONS code of the local authority (setting ``area.code``).
    calendar : pandas.DataFrame
        The release calendar (the ``dfe_releases`` table): every release used must be in it.
    region_code : str or None
        ONS code of its region (setting ``area.region_code``). A code that the files
        contradict is an error; None takes it from the files.
    neighbour_workbook : str or Path, optional
        DfE's statistical neighbour workbook, relative to ``dfe_dir`` unless absolute. The
        area's row in it, found by ``old_la_code``, gives the neighbours.
    old_la_code : str, optional
        The area's old three-digit LA number (setting ``area.old_la_code``); needed with a
        workbook, and checked against the files.
    neighbour_codes : sequence of str, optional
        The neighbours' ONS codes (setting ``area.statistical_neighbours.codes``). Without a
        workbook they are the neighbours, in this order; with one, they must be the same
        authorities as the workbook's.
    neighbour_source : str, optional
        Where ``neighbour_codes`` come from, for the neighbours table's ``source`` column.
    settings_file : str, optional
        How messages name the settings file (default ``area.yaml``).
    country_code : str
        Code of the National rows, England.
    sources, periods, releases, publication, definitions
        What to extract and how to describe it: see :data:`.sources.MEASURE_SOURCES`,
        :data:`.sources.MEASURE_PERIODS`, :data:`.sources.RELEASES`,
        :data:`.sources.PUBLICATION` and :data:`.sources.MEASURE_DEFINITIONS`.

    Returns
    -------
    pandas.DataFrame
        The benchmarks table, columns in the order of
        :data:`wsoa_analysis.inputs.schema.BENCHMARKS`, sorted by measure, geographic level
        (National, Regional, Local authority), area code, period and release. Figures are as
        published (not re-rounded), symbols are kept, and each area carries the name of its
        most recent published row throughout.

    Raises
    ------
    InputError
        For problems in the published files (see :func:`.measures.extract_measure`).
    ParameterError
        For a missing setting (named as in ``area.yaml``), a setting the files contradict,
        a source naming an unknown release, unit or transform, a release missing from the
        calendar, or an area that is not in the files.
    """
    benchmarks, _ = extract_tables(dfe_dir, area_code, region_code, **options)
    return benchmarks


def extract_tables(
    dfe_dir: str | Path,
    area_code: str,
    region_code: str | None,
    neighbour_workbook: str | Path | None = None,
    *,
    old_la_code: str | None = None,
    neighbour_codes: Sequence[str] = (),
    neighbour_source: str = "",
    settings_file: str = SETTINGS_FILE,
    country_code: str = ENGLAND,
    sources: Sequence[MeasureSource] = MEASURE_SOURCES,
    periods: Mapping[str, tuple[date, date]] = MEASURE_PERIODS,
    releases: Sequence[Release] = RELEASES,
    publication: str = PUBLICATION,
    definitions: Mapping[str, str] = MEASURE_DEFINITIONS,
    calendar: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The benchmarks and the statistical neighbours tables (arguments as for
    :func:`build_extract`, whose documentation describes them)."""
    dfe_dir = Path(dfe_dir)
    check_sources(sources, releases, definitions)
    dated = _release_dates(calendar, releases, publication)
    tables = {}
    for spec in sources:
        if (spec.release, spec.file) not in tables:
            tables[(spec.release, spec.file)] = read_ees_csv(dfe_dir / spec.release / spec.file)

    codes = la_codes(tables.values())
    files = [str(dfe_dir / release / file) for release, file in tables]
    check_old_code(codes, area_code, old_la_code, settings_file, files)
    region_code = check_region(tables.values(), area_code, region_code, settings_file)
    if neighbour_workbook is not None and not Path(neighbour_workbook).is_absolute():
        neighbour_workbook = dfe_dir / neighbour_workbook
    neighbours = area_neighbours(
        codes,
        area_code=area_code,
        old_la_code=old_la_code,
        neighbour_codes=neighbour_codes,
        neighbour_workbook=neighbour_workbook,
        neighbour_source=neighbour_source,
        settings_file=settings_file,
    )

    wanted = {("National", country_code), ("Regional", region_code), ("Local authority", area_code)}
    wanted |= {("Local authority", code) for code in neighbours["area_code"]}
    order = {release.folder: i for i, release in enumerate(releases)}
    by_measure: dict[str, list[tuple[int, pd.DataFrame]]] = {}
    for spec in sources:
        release = dated[spec.release] | {"definition": definitions[spec.measure_key]}
        described = f"DfE, {publication}, {release['release']}, {spec.file}, {spec.column}"
        rows = measure_rows(
            tables[(spec.release, spec.file)],
            spec,
            wanted,
            periods.get(spec.measure_key),
            described,
            release,
        )
        by_measure.setdefault(spec.measure_key, []).append((order[spec.release], rows))
    return _benchmarks(by_measure, wanted, Calendar(calendar)), neighbours


def _release_dates(
    calendar: pd.DataFrame | None, releases: Sequence[Release], publication: str
) -> dict[str, dict]:
    """For each release folder: its publication, name and the day it was published, from the
    release calendar."""
    if calendar is None:
        raise ParameterError(
            f"no release calendar: the extract dates every figure from {CALENDAR_FILE}, "
            "the day each release was published (put it in the data folder)"
        )
    index, dated = Calendar(calendar), {}
    for release in releases:
        day = index.published_on(publication, release.label)
        if day is None:
            raise ParameterError(
                f"{CALENDAR_FILE}: release {release.label!r} of {publication!r} (folder "
                f"{release.folder}) is not listed: add the day it was published, with its source"
            )
        dated[release.folder] = {
            "publication": publication,
            "release": release.label,
            "published_on": day,
        }
    return dated


def _first_published(benchmarks: pd.DataFrame, calendar: Calendar) -> pd.DataFrame:
    """The rows with the release that first published each figure, and its date."""
    firsts = [
        calendar.first_release(pub, end)
        for pub, end in zip(benchmarks["publication"], benchmarks["period_end"], strict=True)
    ]
    return benchmarks.assign(
        first_release=pd.Series(
            [f[0] if f else None for f in firsts], index=benchmarks.index, dtype=str
        ),
        first_published_on=pd.Series(
            pd.to_datetime([f[1] if f else pd.NaT for f in firsts]),
            index=benchmarks.index,
            dtype="datetime64[ns]",
        ),
    )


def _benchmarks(by_measure: dict, wanted: set[tuple[str, str]], calendar: Calendar):
    """Each measure's releases combined (warning where they disagree), every wanted area
    present, named by its newest name, dated by the calendar and sorted."""
    pieces, differences = [], []
    for measure, parts in by_measure.items():
        parts = [frame for _, frame in sorted(parts, key=lambda item: item[0])]
        combined, differ = combine_releases(parts)
        missing = sorted(code for _, code in wanted if code not in set(combined["area_code"]))
        if missing:
            raise ParameterError(f"{measure}: no figures for {', '.join(missing)} in any release")
        pieces.append(combined)
        differences.append(differ)
    warn_differences(
        pd.concat(differences, ignore_index=True) if differences else no_differences(),
        stacklevel=4,
    )

    benchmarks = pd.concat(pieces, ignore_index=True)
    # Files name the same area differently ("Durham", "County Durham"); areas are matched on
    # codes, and each is shown under the name of its most recent published row.
    newest_name = (
        benchmarks.sort_values("period_end", kind="stable")
        .drop_duplicates("area_code", keep="last")
        .set_index("area_code")["area_name"]
    )
    benchmarks["area_name"] = benchmarks["area_code"].map(newest_name)
    benchmarks["_level"] = benchmarks["geographic_level"].map(
        {level: i for i, level in enumerate(LEVELS)}
    )
    benchmarks = (
        benchmarks.sort_values(
            ["measure_key", "_level", "area_code", "period_start", "published_on"], kind="stable"
        )
        .drop(columns="_level")
        .reset_index(drop=True)
    )
    return _first_published(benchmarks, calendar)[BENCHMARKS.column_names]


def write_extract(
    dfe_dir: str | Path, data_dir: str | Path, area_code: str, region_code: str | None, **options
) -> tuple[Path, Path]:
    """Build the extract and write it to the data folder.

    Parameters
    ----------
    dfe_dir : str or Path
        Folder of the published files (see :func:`build_extract`).
    data_dir : str or Path
        Folder to write to; created if missing.
    area_code, region_code, **options
        As for :func:`build_extract` (``neighbour_workbook``, ``old_la_code``,
        ``neighbour_codes`` and so on). Without ``calendar``, the release calendar is read
        from ``data_dir/dfe_releases.csv``, where it sits beside the extract.

    Returns
    -------
    tuple of Path
        ``benchmarks.csv`` (the benchmarks table, ISO dates) and
        ``statistical_neighbours.csv`` (columns :data:`.neighbours.NEIGHBOUR_COLUMNS`).
    """
    data_dir = Path(data_dir)
    if options.get("calendar") is None:
        options["calendar"] = load_table(data_dir / CALENDAR_FILE, "dfe_releases")
    benchmarks, neighbours = extract_tables(dfe_dir, area_code, region_code, **options)

    data_dir.mkdir(parents=True, exist_ok=True)
    out = benchmarks.copy()
    for name in ("period_start", "period_end", "published_on", "first_published_on"):
        out[name] = out[name].dt.strftime("%Y-%m-%d")
    out["value"] = [_figure_text(v) for v in out["value"]]
    benchmarks_path = data_dir / "benchmarks.csv"
    out.to_csv(benchmarks_path, index=False, lineterminator="\n")
    neighbours_path = data_dir / "statistical_neighbours.csv"
    neighbours.to_csv(neighbours_path, index=False, lineterminator="\n")
    return benchmarks_path, neighbours_path


def write_area_extract(
    dfe_dir: str | Path,
    data_dir: str | Path,
    params_dir: str | Path,
    *,
    neighbour_workbook: str | Path | None = None,
    **options,
) -> tuple[Path, Path]:
    """Write the extract for the area of ``params_dir/area.yaml`` (what ``wsoa extract-dfe``
    does).

    Parameters
    ----------
    dfe_dir, data_dir : str or Path
        As for :func:`write_extract`.
    params_dir : str or Path
        The folder of the area's settings. Its ``area.yaml`` gives the area's code, old LA
        number, region and statistical neighbours (see :func:`.area.area_options`).
    neighbour_workbook : str or Path, optional
        DfE's neighbour workbook, instead of the one ``statistical_neighbours.source`` names.
    **options
        Passed to :func:`write_extract` (``sources``, ``periods``, ``releases``,
        ``calendar`` ...).
    """
    settings_file = Path(params_dir) / AREA_FILE
    area = load_area(Path(params_dir)).area
    chosen = area_options(
        area, dfe_dir, settings_file=settings_file, neighbour_workbook=neighbour_workbook
    )
    return write_extract(dfe_dir, data_dir, **chosen, **options)


def _figure_text(value: float) -> str:
    """A value as written to CSV: whole numbers without ``.0``, others in full."""
    if math.isnan(value):
        return ""
    return str(int(value)) if value.is_integer() else repr(value)
