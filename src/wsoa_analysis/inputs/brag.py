"""The BRAG vocabulary of an action plan: the statuses in order, what each means, and the
words accepted as written. It lives here and nowhere else; the domain's rules on statuses
(``wsoa_analysis.domain.actions``) and the data-entry workbook's drop-down lists use it.

Statuses are read with case and spacing ignored; "Yellow", which real packs use for Amber,
is read as Amber and reported as Amber.

    >>> BRAG_READINGS["yellow"], BRAG_AS_WRITTEN[3]
    ('Amber', 'Yellow')
"""

BRAG_ORDER = ("Blue", "Green", "Amber", "Red", "Grey")
NO_STATUS = "No status"
COMPLETE = "Blue"  # complete: never overdue

BRAG_MEANINGS = {
    "Blue": "Complete: impact achieved and closure approved by the SEND Executive Board",
    "Green": "On track to achieve the impact measures within the timelines set",
    "Amber": "At risk of not achieving the impact measures and/or the timeline",
    "Red": "At significant risk of not achieving the impact measures and the timeline",
    "Grey": "Awaiting start",
    NO_STATUS: "No status recorded for this reporting date",
}

# How each recorded word (lower case, single spaces) is read.
BRAG_READINGS = {
    "blue": "Blue",
    "green": "Green",
    "amber": "Amber",
    "yellow": "Amber",
    "red": "Red",
    "grey": "Grey",
}

# The words accepted in the input, as a data-entry list shows them.
BRAG_AS_WRITTEN = tuple(word.capitalize() for word in BRAG_READINGS)
