"""What the pack's pages are called: the overview, and each priority area's page by its id
(as the build names their files, ``priority-1.html``). Sections link to pages by these names;
the figure ledger lists figures under them.

    >>> page_slug("1"), page_slug("Area 5")
    ('priority-1', 'priority-Area-5-7c9f0f')
"""

from __future__ import annotations

from wsoa_analysis.domain import slugs

OVERVIEW = "overview"


def page_slug(priority_id) -> str:
    """The name of a priority area's page (``priority-1``), as the build names it: the rule
    is ``domain.slugs``'s, so that names are unique and stable whatever the ids."""
    return slugs.page_slug(priority_id)
