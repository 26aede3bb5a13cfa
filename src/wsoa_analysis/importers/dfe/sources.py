"""What to extract: the releases, where each release publishes each benchmark measure, and
what each measure counts.

Releases rename columns and change breakdowns, so :data:`MEASURE_SOURCES` says, for each
measure, which release, file, column and breakdown holds it. Where two releases cover the same
period, both are kept (see :mod:`.releases`): a pack cites the newest it holds that was
published by its reporting date. When each release was published is data, not code: the
release calendar ``dfe_releases.csv`` beside the extract.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from wsoa_analysis.errors import ParameterError
from wsoa_analysis.inputs.schema import UNITS

PUBLICATION = "Education, health and care plans"
"""The DfE publication the benchmark figures come from."""


@dataclass(frozen=True)
class Release:
    """One release of the publication, as a folder of its CSV files.

    Parameters
    ----------
    folder : str
        Name of the folder holding the release's files, e.g. ``"ry2025"``.
    label : str
        The release's name, as DfE gives it and as the release calendar lists it, e.g.
        ``"Reporting year 2025"``.
    """

    folder: str
    label: str


RELEASES: tuple[Release, ...] = (
    Release("ry2022", "Reporting year 2022"),
    Release("ry2025", "Reporting year 2025"),
)
"""The releases used, oldest first. Where they cover the same period, both are kept."""


@dataclass(frozen=True)
class MeasureSource:
    """Where one release publishes one benchmark measure.

    Parameters
    ----------
    measure_key : str
        The key of the measure in the benchmarks table.
    release : str
        Folder of the release (:attr:`Release.folder`).
    file : str
        Name of the CSV file within the release's folder.
    column : str
        The measure column in that file.
    filters : tuple of (str, str)
        Filter columns and the value to keep, e.g. ``(("breakdown", "All EHC plans issued"),)``.
        A filter whose column the file does not have is skipped: older files carry totals only.
    unit : str
        Unit of the resulting value (one of :data:`wsoa_analysis.inputs.schema.UNITS`).
    transform : str
        How the published figure becomes the value (a key of :data:`TRANSFORMS`).
    census_month : int, optional
        For a count taken on a census day: the month of the census (1 for January). The
        figure is then dated to that month within the period the file names (a January count
        published as "2022, Calendar year" or "202425, Academic year" is the January 2022 or
        January 2025 census), not to the whole year.
    """

    measure_key: str
    release: str
    file: str
    column: str
    filters: tuple[tuple[str, str], ...]
    unit: str
    transform: str = "as_published"
    census_month: int | None = None


TRANSFORMS = {
    "as_published": (lambda v: v, ""),
    "per_month": (lambda v: v / 12, "published annual total divided by 12"),
}
"""Each transform: the function applied to the published figure, and how ``source`` says so."""

MEASURE_SOURCES: tuple[MeasureSource, ...] = (
    # % of new EHC plans issued within 20 weeks, exception cases left out. Renamed between
    # releases; the two agree exactly where they overlap (2019 to 2021).
    MeasureSource(
        "ehc_plans_20_weeks_ex", "ry2022", "sen2_mi.csv", "NoExc20weekRate", (), "percent"
    ),
    MeasureSource(
        "ehc_plans_20_weeks_ex",
        "ry2025",
        "timeliness_20_week.csv",
        "PC_plans_issued_20_weeks_ex",
        (("breakdown", "All EHC plans issued"),),
        "percent",
    ),
    # Requests for an EHC needs assessment received in the calendar year, as a monthly rate.
    # "Initial requests for an EHC plan" (2022) is the measure the 2025 release calls "Total
    # requests for an EHC needs assessment": the two are identical for 2019 to 2021.
    MeasureSource(
        "ehc_requests_per_month",
        "ry2022",
        "sen2_mi.csv",
        "InreqEHC",
        (),
        "rate_per_month",
        "per_month",
    ),
    MeasureSource(
        "ehc_requests_per_month",
        "ry2025",
        "requests.csv",
        "requests_received_in_year",
        (("breakdown", "All requests for EHC needs assessments"),),
        "rate_per_month",
        "per_month",
    ),
    # Young people with an EHC plan on a supported internship, counted at the January census.
    # The 2022 release labels its counts by calendar year ("2022" is January 2022), the 2025
    # release by academic year ("202425" is January 2025).
    MeasureSource(
        "supported_internships",
        "ry2022",
        "sen2_wbp_residential_dmo.csv",
        "MSuppIntEHC",
        (),
        "count",
        census_month=1,
    ),
    MeasureSource(
        "supported_internships",
        "ry2025",
        "work_based_placements.csv",
        "open_supp_intern",
        (("breakdown", "All work based placements"),),
        "count",
        census_month=1,
    ),
)
"""Where each benchmark measure is published, release by release."""

MEASURE_DEFINITIONS: dict[str, str] = {
    "ehc_plans_20_weeks_ex": "Percentage of new EHC plans issued in the calendar year within 20 "
    "weeks of the request for assessment, cases where a statutory exception applied left out "
    "(DfE: 'EHC plans issued within 20 weeks excluding exceptions')",
    "ehc_requests_per_month": "Requests for an EHC needs assessment received in the calendar "
    "year, divided by 12: an average a month (DfE: 'Total requests for an EHC needs "
    "assessment', called 'Initial requests for an EHC plan' before 2023)",
    "supported_internships": "Young people with an EHC plan on a supported internship at the "
    "January census, with any provider (DfE: 'Number of young people enrolled on a supported "
    "internship'; 'Supported internships')",
}
"""What each benchmark measure counts, for the ``definition`` column and the pages."""

MEASURE_PERIODS: dict[str, tuple[date, date]] = {
    "ehc_plans_20_weeks_ex": (date(2015, 1, 1), date(2024, 12, 31)),
}
"""Measures limited to a span of time: only periods lying wholly inside it are kept."""


def check_sources(
    sources: Sequence[MeasureSource],
    releases: Sequence[Release],
    definitions: Mapping[str, str] = MEASURE_DEFINITIONS,
) -> None:
    """Refuse a source naming a release, unit or transform that is not known, or a measure
    with no definition.

    Raises
    ------
    ParameterError
        Naming the measure and the unknown value, with those that are known.
    """
    folders = [release.folder for release in releases]
    for spec in sources:
        if spec.release not in folders:
            raise ParameterError(
                f"{spec.measure_key}: release {spec.release!r} is not one of {', '.join(folders)}"
            )
        if spec.unit not in UNITS:
            raise ParameterError(
                f"{spec.measure_key}: unit {spec.unit!r} is not one of {', '.join(UNITS)}"
            )
        if spec.transform not in TRANSFORMS:
            raise ParameterError(
                f"{spec.measure_key}: transform {spec.transform!r} is not "
                f"one of {', '.join(TRANSFORMS)}"
            )
        if not definitions.get(spec.measure_key):
            raise ParameterError(
                f"{spec.measure_key}: no definition: say what the published figure counts"
            )
