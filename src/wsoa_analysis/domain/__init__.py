"""The numbers: periods, targets and trajectories, ratings, record-level measures, the
scorecard, actions, published comparators, what changed since the previous cycle, and the
context a reporting date needs.

DataFrames in, DataFrames out: nothing here reads files, writes HTML or formats text for a
reader. One home per rule: what counts as missing (``missing``), the synthetic flag
(``synthetic``), "on or before the reporting date" (``periods``), the on-track test and the
rating order (``rating``), the BRAG vocabulary and the overdue rule (``actions``), which
comparators a measure is shown against (``benchmarks``)."""
