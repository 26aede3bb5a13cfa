"""The settings of one build: where things are, time limits, and how much may be reused."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path


@dataclass(frozen=True)
class PackOptions:
    data_dir: Path = Path("data")
    params_dir: Path = Path("params")
    out_dir: Path = Path("rendered")
    notebooks_dir: Path = Path("notebooks")
    cell_timeout: int = 300  # seconds any one cell may run
    notebook_timeout: int = 900  # seconds any one notebook may run
    workers: int = 0  # notebooks run at once; 0: one per core
    keep_going: bool = False  # publish the other pages when one fails, with a banner
    use_cache: bool = True  # reuse unchanged pages and PDF from <out>/.cache
    kernel_name: str = "python3"

    def resolved(self) -> PackOptions:
        """The same options with every path made absolute (notebooks run elsewhere)."""
        return PackOptions(
            **{
                f.name: (Path(v).resolve() if isinstance(v, Path) else v)
                for f in fields(self)
                for v in [getattr(self, f.name)]
            }
        )
