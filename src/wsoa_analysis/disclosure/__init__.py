"""Small-number suppression for figures computed from record-level data: the policy (from the
area's settings) and the rules that apply it."""
