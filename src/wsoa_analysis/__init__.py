"""wsoa_analysis: the measure library behind the WSoA performance pack.

Small modules, named for what they hold:

- ``schema``: every input table and column (the data contract), in one place.
- ``loading``: read a data directory or workbook, parse and validate it.
- ``periods``: months, financial-year quarters, academic and calendar years.
- ``measures``: progress, trajectory and direction of travel.
- ``rating``: where a key impact measure's RAG rating is decided.
- ``ehc``: measures computed from record-level EHC needs assessment requests.
- ``actions``: BRAG statuses and the action tracker.
- ``benchmarks``: published comparators.
- ``dfe``: the importer for DfE's published statistics.
- ``scorecard``: one row per measure for a reporting date.
- ``summary``: the at-a-glance scorecard behind ``wsoa status``.
- ``sections``: what each page of the pack shows (overview, area, changes, analysis).
- ``charts``, ``tables``, ``html``, ``pdf``: how it is drawn and laid out.
- ``pack``, ``execute``, ``cache``, ``site``: building, running, reusing and publishing.
- ``disclosure``: small-number suppression for figures from record-level data.
"""

__version__ = "0.1.0"
