"""Names made from ids, for file names and links: the one place they are made.

A slug is the id itself where the id is already a safe name (ASCII letters, digits, ``-`` and
``_``: ``1``, ``P1-01``), so the example's pages keep their names. Any other id (a space, an
ampersand, an en dash, Greek letters) is folded to ASCII and ends with a short digest of the
id itself (``Comms & engagement`` gives ``Comms-engagement-5d1a2c``): two ids never share a
slug, and an id's slug never depends on which other ids there are, so a page keeps its name
from one cycle to the next whatever is added around it.

    >>> slug("1"), slug("P1-01"), slug("Comms & engagement"), slug("Δ")
    ('1', 'P1-01', 'Comms-engagement-699933', 'area-851e59')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SAFE = re.compile(r"[A-Za-z0-9_-]+")
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9_-]+")
DIGEST_CHARACTERS = 6


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:DIGEST_CHARACTERS]


def ascii_fold(text: str) -> str:
    """``text`` in ASCII letters, digits, ``-`` and ``_``: accents dropped (``é`` to ``e``),
    every other run of characters a single ``-``.

    >>> ascii_fold("Réseau – santé"), ascii_fold("Δ–α")
    ('Reseau-sante', '')
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE_RUN.sub("-", plain).strip("-")


def slug(identifier, fallback: str = "area") -> str:
    """A safe, unique and stable name for an id (see the module's notes)."""
    text = str(identifier)
    if _SAFE.fullmatch(text):
        return text
    return f"{ascii_fold(text) or fallback}-{_digest(text)}"


def page_slug(priority_id) -> str:
    """The name of an area's page (``priority-1``): the build names its file after it, and
    sections link to it by it."""
    return f"priority-{slug(priority_id)}"
