"""The area an extract is for: its codes, its region and its statistical neighbours.

Everything comes from the area's settings (``params/area.yaml``): nothing about any one area is
assumed here. :func:`area_options` turns the settings into the arguments of
:func:`.extract.build_extract`; the checks below compare those arguments with the DfE files, so
a setting that is missing or that the files contradict is refused with the setting's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from wsoa_analysis.config.settings import Area
from wsoa_analysis.errors import InputError, ParameterError, Problem
from wsoa_analysis.importers.dfe.codes import current_code, old_code
from wsoa_analysis.importers.dfe.neighbours import neighbours_from_codes, statistical_neighbours

SETTINGS_FILE = "area.yaml"
"""How messages name the settings file when the caller does not say which one it is."""

_WORKBOOK = re.compile(r"[^\s,;'\"]+\.xlsx", re.IGNORECASE)


def area_options(
    area: Area,
    dfe_dir: str | Path,
    *,
    settings_file: str | Path = SETTINGS_FILE,
    neighbour_workbook: str | Path | None = None,
) -> dict:
    """The area's arguments of :func:`.extract.build_extract`, from its settings.

    Parameters
    ----------
    area : wsoa_analysis.config.settings.Area
        The ``area`` section of ``area.yaml``: ``code``, ``old_la_code``, ``region_code``
        and ``statistical_neighbours`` (``codes``, and a ``source`` that may name DfE's
        neighbour workbook, e.g. ``"DfE statistical neighbours, sn_may_2025.xlsx, ..."``).
    dfe_dir : str or Path
        The folder of DfE's files, where a workbook named in the source is looked for.
    settings_file : str or Path
        The settings file, as error messages name it.
    neighbour_workbook : str or Path, optional
        The neighbour workbook to use instead of the one the source names (relative to
        ``dfe_dir`` unless absolute).

    Returns
    -------
    dict
        ``area_code``, ``region_code``, ``old_la_code``, ``neighbour_codes``,
        ``neighbour_workbook`` (None when neither the source nor the caller names one),
        ``neighbour_source`` and ``settings_file``.

    Raises
    ------
    ParameterError
        If ``region_code`` is missing, or the source names a workbook that is not in
        ``dfe_dir``.
    """
    if not area.region_code:
        raise ParameterError(
            f"{settings_file}: setting 'area.region_code' is missing: the ONS code of the "
            "area's region, as DfE's files give it (e.g. E12000001 for the North East)"
        )
    source = area.statistical_neighbours.source
    if neighbour_workbook is None:
        named = _WORKBOOK.search(source)
        if named:
            neighbour_workbook = named.group(0)  # relative to dfe_dir, as build_extract takes it
            if not (Path(dfe_dir) / neighbour_workbook).is_file():
                raise ParameterError(
                    f"{settings_file}: setting 'area.statistical_neighbours.source' names "
                    f"{named.group(0)}, which is not in {dfe_dir}"
                )
    return {
        "area_code": area.code,
        "region_code": area.region_code,
        "old_la_code": area.old_la_code,
        "neighbour_codes": tuple(area.statistical_neighbours.codes),
        "neighbour_workbook": neighbour_workbook,
        "neighbour_source": source,
        "settings_file": str(settings_file),
    }


def check_old_code(
    codes: pd.DataFrame,
    area_code: str,
    old_la_code: str | None,
    settings_file: str,
    files: Sequence[str] = (),
) -> None:
    """Refuse an area code the files do not hold as a local authority (bad input, naming the
    code, the settings file and the files searched), or an old LA number (if given) other
    than the one the files pair with the code."""
    if not area_code:
        raise ParameterError(
            f"{settings_file}: setting 'area.code' is missing: the area's ONS code, as in "
            "DfE's files (e.g. E06000001)"
        )
    try:
        paired = current_code(codes, "new_la_code", area_code, "old_la_code")
    except ValueError as exc:
        raise ParameterError(f"area {area_code}: {exc}") from exc
    if paired is None:
        searched = ", ".join(files) or "none"
        raise InputError(
            [
                Problem(
                    str(settings_file),
                    None,
                    "area.code",
                    area_code,
                    f"is not a local authority in any of DfE's files ({searched}): check the "
                    "code (the area's ONS code, e.g. E06000001) and that the files are DfE's",
                )
            ]
        )
    if old_la_code is not None and old_code(old_la_code) != paired:
        raise ParameterError(
            f"{settings_file}: setting 'area.old_la_code' is {old_la_code!r}, but DfE's files "
            f"pair {area_code} with LA number {paired}"
        )


def check_region(
    tables: Iterable[pd.DataFrame], area_code: str, region_code: str | None, settings_file: str
) -> str:
    """The region of the area, checked against the files (or, given None, taken from them)."""
    seen = set()
    for table in tables:
        if not {"new_la_code", "region_code"} <= set(table.columns):
            continue
        rows = table[table["new_la_code"].str.strip() == area_code]
        seen |= {code.strip() for code in rows["region_code"] if code.strip()}
    if region_code is None:
        if len(seen) != 1:
            raise ParameterError(
                f"the region of {area_code} cannot be taken from the files "
                f"(found: {', '.join(sorted(seen)) or 'none'}); give it"
            )
        return seen.pop()
    if seen and region_code not in seen:
        raise ParameterError(
            f"{settings_file}: setting 'area.region_code': the files place {area_code} in "
            f"{', '.join(sorted(seen))}, not {region_code}"
        )
    return region_code


def area_neighbours(
    codes: pd.DataFrame,
    *,
    area_code: str,
    old_la_code: str | None,
    neighbour_codes: Sequence[str],
    neighbour_workbook: Path | None,
    neighbour_source: str,
    settings_file: str,
) -> pd.DataFrame:
    """The statistical neighbours table of the area (columns ``NEIGHBOUR_COLUMNS``).

    From the workbook when there is one (its row for ``old_la_code``; ``neighbour_codes``, if
    given, must be the same authorities), else from ``neighbour_codes`` in their order.
    """
    setting = f"{settings_file}: setting 'area.statistical_neighbours"
    if neighbour_workbook is None:
        if not neighbour_codes:
            raise ParameterError(
                f"{setting}' is missing: give the neighbours' ONS codes (codes: [...]), or "
                "name DfE's neighbour workbook in its source (e.g. 'DfE statistical "
                "neighbours, sn_may_2025.xlsx')"
            )
        source = neighbour_source or f"{settings_file}, area.statistical_neighbours.codes"
        return neighbours_from_codes(neighbour_codes, codes, source, f"{setting}.codes'")
    if old_la_code is None:
        paired = current_code(codes, "new_la_code", area_code, "old_la_code")
        raise ParameterError(
            f"{settings_file}: setting 'area.old_la_code' is missing: DfE's three-digit LA "
            f"number, by which {Path(neighbour_workbook).name} names the area (the DfE "
            f"files pair {area_code} with {paired})"
        )
    table = statistical_neighbours(neighbour_workbook, old_la_code, codes)
    if neighbour_codes:
        _check_same(table, neighbour_codes, f"{setting}.codes'")
    return table


def _check_same(table: pd.DataFrame, neighbour_codes: Sequence[str], setting: str) -> None:
    in_workbook, in_settings = set(table["area_code"]), set(neighbour_codes)
    if in_workbook != in_settings:
        only_settings = ", ".join(sorted(in_settings - in_workbook)) or "none"
        only_workbook = ", ".join(sorted(in_workbook - in_settings)) or "none"
        raise ParameterError(
            f"{setting} are not the neighbours in {table['source'].iloc[0]}: "
            f"only in the setting: {only_settings}; only in the workbook: {only_workbook}"
        )
