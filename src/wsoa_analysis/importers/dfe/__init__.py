"""Read DfE's published SEND statistics and turn them into the benchmarks table.

DfE publishes its statistics on "explore education statistics" (EES) as tidy CSV files: one row
per area, period and filter value (for example a breakdown by age), with one column per measure.
This package reads those files as they are published and extracts the few figures the pack uses
as comparators: England, the region, the local area and its statistical neighbours, the area
being the one in the area's settings (``params/area.yaml``).

Modules, in the order the data flows:

- :mod:`.ees`: reading an EES CSV file, and a published figure or symbol;
- :mod:`.periods`: a published period's first and last day;
- :mod:`.sources`: which release, file and column publishes each measure;
- :mod:`.measures`: one measure column to one row per area and period;
- :mod:`.codes`: old and new local authority codes;
- :mod:`.neighbours`: statistical neighbours, from DfE's workbook or a list of codes;
- :mod:`.area`: the area's settings, checked against the files;
- :mod:`.releases`: the same measure from several releases, each release's figure kept;
- :mod:`.extract`: the benchmarks and neighbours tables, dated from the release calendar
  (``dfe_releases.csv``), and writing them.

Everything works on DataFrames and returns new ones; only the ``write_*`` functions write files.
"""

from wsoa_analysis.importers.dfe.area import area_options
from wsoa_analysis.importers.dfe.codes import la_codes
from wsoa_analysis.importers.dfe.ees import (
    BLANK_MARKERS,
    ENGLAND,
    LEVELS,
    SYMBOLS,
    parse_figure,
    read_ees_csv,
)
from wsoa_analysis.importers.dfe.extract import (
    CALENDAR_FILE,
    build_extract,
    extract_tables,
    write_area_extract,
    write_extract,
)
from wsoa_analysis.importers.dfe.measures import LONG_COLUMNS, extract_measure
from wsoa_analysis.importers.dfe.neighbours import (
    NEIGHBOUR_COLUMNS,
    neighbours_from_codes,
    statistical_neighbours,
)
from wsoa_analysis.importers.dfe.periods import PeriodError, period_bounds
from wsoa_analysis.importers.dfe.releases import (
    DIFFERENCE_COLUMNS,
    ReleaseDifferenceWarning,
    combine_releases,
)
from wsoa_analysis.importers.dfe.sources import (
    MEASURE_DEFINITIONS,
    MEASURE_PERIODS,
    MEASURE_SOURCES,
    PUBLICATION,
    RELEASES,
    TRANSFORMS,
    MeasureSource,
    Release,
)

__all__ = [
    "BLANK_MARKERS",
    "CALENDAR_FILE",
    "DIFFERENCE_COLUMNS",
    "ENGLAND",
    "LEVELS",
    "LONG_COLUMNS",
    "MEASURE_DEFINITIONS",
    "MEASURE_PERIODS",
    "MEASURE_SOURCES",
    "NEIGHBOUR_COLUMNS",
    "PUBLICATION",
    "RELEASES",
    "SYMBOLS",
    "TRANSFORMS",
    "MeasureSource",
    "PeriodError",
    "Release",
    "ReleaseDifferenceWarning",
    "area_options",
    "build_extract",
    "combine_releases",
    "extract_measure",
    "extract_tables",
    "la_codes",
    "neighbours_from_codes",
    "parse_figure",
    "period_bounds",
    "read_ees_csv",
    "statistical_neighbours",
    "write_area_extract",
    "write_extract",
]
