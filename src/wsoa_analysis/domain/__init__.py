"""The numbers: periods, targets and trajectories, ratings, record-level measures, the
scorecard, actions, published comparators, and the context a reporting date needs.

DataFrames in, DataFrames out: nothing here reads files, writes HTML or formats text for a
reader."""
