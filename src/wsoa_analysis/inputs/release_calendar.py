"""The release calendar (``dfe_releases``): when each release of a publication was published,
and which release first published a figure for a period.

The rule, written once here and used by the DfE extract (to fill ``first_release``) and by the
checks (to refuse a ``first_release`` that breaks it): a figure for a period is first published
in the first release of its publication published after the period ended. That is only known
where the calendar also lists a release published on or before the period's end (otherwise an
earlier release, not in the calendar, may have published it first), so the calendar must list
every release of a publication from its first row on.
"""

from __future__ import annotations

from bisect import bisect_right

import pandas as pd


class Calendar:
    """The release calendar, indexed for looking up many figures.

    >>> cal = Calendar(pd.DataFrame({"publication": ["P", "P"], "release": ["2021", "2022"],
    ...     "published_on": pd.to_datetime(["2021-05-13", "2022-05-12"])}))
    >>> cal.first_release("P", "2021-12-31")
    ('2022', Timestamp('2022-05-12 00:00:00'))
    >>> cal.first_release("P", "2020-12-31") is None  # 2021's release may not be the first
    True
    """

    def __init__(self, calendar: pd.DataFrame):
        rows = calendar.dropna(subset=["publication", "release", "published_on"])
        rows = rows.sort_values("published_on", kind="stable")
        self._dates: dict[tuple[str, str], pd.Timestamp] = {}
        self._by_publication: dict[str, list[tuple[pd.Timestamp, str]]] = {}
        for pub, release, day in zip(
            rows["publication"], rows["release"], rows["published_on"], strict=True
        ):
            self._dates.setdefault((pub, release), pd.Timestamp(day))
            self._by_publication.setdefault(pub, []).append((pd.Timestamp(day), release))

    def published_on(self, publication: str, release: str) -> pd.Timestamp | None:
        """The day a release was published, or None where the calendar does not list it."""
        return self._dates.get((publication, release))

    def releases(self, publication: str) -> list[str]:
        """The publication's releases in the calendar, oldest first."""
        return [release for _, release in self._by_publication.get(publication, [])]

    def first_release(self, publication: str, period_end) -> tuple[str, pd.Timestamp] | None:
        """The release that first published a figure for the period ending ``period_end``,
        and its publication date; None where the calendar cannot say (no release of the
        publication published after the period ended, or none on or before it to show that
        the one after is the first)."""
        listed = self._by_publication.get(publication, [])
        days = [day for day, _ in listed]
        after = bisect_right(days, pd.Timestamp(period_end))
        if after == 0 or after == len(listed):
            return None
        day, release = listed[after]
        return release, day
