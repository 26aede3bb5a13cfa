"""Small-number suppression for figures computed from record-level data: the policy (from the
area's settings, ``policy``) and the rules that apply it (``counts`` for tables of counts,
``rates`` for percentages); ``control`` describes the whole and re-exports it.

The names below are loaded on first use, so reading the settings (``policy``) does not load
pandas."""

from __future__ import annotations

import importlib

__all__ = [
    "DEFAULT_FOOTNOTE",
    "DisclosurePolicy",
    "Protected",
    "footnote",
    "policy_from_dict",
    "protect_counts",
    "protect_rate",
]


def __getattr__(name: str):
    if name in __all__:
        return getattr(importlib.import_module("wsoa_analysis.disclosure.control"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
