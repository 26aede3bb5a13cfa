"""wsoa_analysis: the library behind a SEND Written Statement of Action performance pack.

Data flows one way, and each step is a folder:

- ``config``: the area's settings and each reporting cycle's (``params/``).
- ``inputs``: the data contract, reading, parsing and checking the area's tables.
- ``domain``: the numbers: periods, targets, ratings, record-level measures, the scorecard,
  actions, published comparators, what changed, and the context of a reporting date.
- ``disclosure``: small-number suppression for figures from record-level data.
- ``present``: what a page shows: formatting, charts, tables and the sections.
- ``render``: HTML pages, the PDF appendix, the data workbook and the site index.
- ``build``: planning, running, caching and publishing a cycle's pack.
- ``importers``: DfE's published statistics into the workbook's own tables.

``context.load_context`` turns the data and settings folders into a reporting date's context;
``cli`` is the ``wsoa`` command, a thin layer over the same functions.
"""

__version__ = "0.1.0"
