"""The shapes the data contract is written in: a column and a table. The contract itself (every
table and column) is in :mod:`~wsoa_analysis.inputs.schema`; these live apart so that the
contract can be split over modules without an import cycle."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of an input table.

    ``kind`` is one of ``text``, ``number``, ``integer``, ``date``, ``bool`` or ``code`` (one of
    ``allowed``). ``required`` columns must be present in the file; ``nullable=False`` columns
    must have a value in every row. A number or integer column with a ``minimum`` refuses
    values below it (or equal to it, where ``minimum_excluded``).
    """

    name: str
    kind: str
    description: str
    required: bool = True
    nullable: bool = True
    allowed: tuple[str, ...] = ()
    example: str = ""
    minimum: float | None = None
    minimum_excluded: bool = False


@dataclass(frozen=True)
class Table:
    """One input table: a CSV file or a workbook sheet named ``name``. No two rows may share
    the values of the ``key`` columns."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def code_column(name: str, vocab: dict[str, str], description: str, **kw) -> Column:
    """A column whose values are the keys of ``vocab``."""
    return Column(name, "code", description, allowed=tuple(vocab), **kw)
