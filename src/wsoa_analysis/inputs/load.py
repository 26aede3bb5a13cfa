"""Load a data directory (one CSV per table) or an Excel workbook (one sheet per table).

One path, in three steps: :mod:`~wsoa_analysis.inputs.read` reads every cell as text,
:mod:`~wsoa_analysis.inputs.parse` parses each column once by its kind in the contract
(types, required values, vocabularies, minimums), and :mod:`~wsoa_analysis.inputs.checks`
runs the checks across rows and tables on the typed frames. Every problem from every step is
collected and raised together by :func:`load_dataset`; what was normalised on the way in is
kept in ``Dataset.notes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wsoa_analysis.errors import InputError, Problem
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs.brag import StatusWord
from wsoa_analysis.inputs.checks import check_keys, validate
from wsoa_analysis.inputs.closure_checks import closure_warnings
from wsoa_analysis.inputs.parse import parse_table
from wsoa_analysis.inputs.read import RawTable, _read_csv_text, read_raw_tables
from wsoa_analysis.inputs.story_checks import story_warnings


@dataclass
class Dataset:
    """The validated input tables, with where each came from and what was normalised."""

    tables: dict[str, pd.DataFrame]
    sources: dict[str, str]
    notes: list[Problem] = field(default_factory=list)
    #: What the analyst should check but that does not stop a pack (see ``story_checks``).
    warnings: list[Problem] = field(default_factory=list)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def priorities(self) -> pd.DataFrame:
        return self.tables["priorities"]

    @property
    def kpis(self) -> pd.DataFrame:
        return self.tables["kpis"]

    @property
    def actions(self) -> pd.DataFrame:
        return self.tables["actions"]

    @property
    def action_updates(self) -> pd.DataFrame:
        return self.tables["action_updates"]

    @property
    def observations(self) -> pd.DataFrame:
        return self.tables["observations"]

    @property
    def ehc_requests(self) -> pd.DataFrame:
        return self.tables["ehc_requests"]

    @property
    def benchmarks(self) -> pd.DataFrame:
        return self.tables["benchmarks"]

    @property
    def dfe_releases(self) -> pd.DataFrame:
        """The release calendar: when each release of a publication was published."""
        return self.tables["dfe_releases"]


def load_dataset(location: Path | str, statuses: list[StatusWord] | None = None) -> Dataset:
    """Read, parse and check every table; raise :class:`InputError` listing all problems.
    Recorded statuses are checked against the area's status words (``statuses``, from
    ``plan.statuses`` in its settings; the workbook's BRAG words where None)."""
    raws, problems = read_raw_tables(Path(location))
    notes: list[Problem] = []
    tables = {raw.name: parse_table(raw, problems, notes) for raw in raws}
    sources = {raw.name: raw.source for raw in raws}
    if raws:
        problems.extend(validate(tables, sources, notes, statuses))
    if problems:
        raise InputError(problems)
    warnings = story_warnings(tables, sources) + closure_warnings(tables, sources, statuses)
    return Dataset(tables=tables, sources=sources, notes=notes, warnings=warnings)


def load_table(path: Path | str, name: str) -> pd.DataFrame:
    """One table of the contract (``name``) from its CSV file, parsed and checked on its own,
    as a tool that needs only that table reads it (the DfE extract reads the release
    calendar, ``dfe_releases.csv``, this way); raise :class:`InputError` listing every
    problem."""
    path = Path(path)
    if not path.is_file():
        expected = ", ".join(schema.TABLES[name].column_names)
        raise InputError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    None,
                    f"the file is missing (expected columns: {expected})",
                )
            ]
        )
    problems: list[Problem] = []
    frame = _read_csv_text(path, problems)
    table = parse_table(RawTable(name, str(path), frame), problems, [])
    if frame is not None:
        problems += check_keys(name, table, str(path))
    if problems:
        raise InputError(problems)
    return table
