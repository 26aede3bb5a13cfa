"""Building a cycle's pack: ``plan`` (pages and dates, after validation), ``execute`` (the
notebooks, with time limits), ``pages`` (page bodies and pages), ``outputs`` (PDF appendix and
data workbook), ``manifest`` (provenance), ``publish`` (staging and the swap into place),
``cache`` (what a rebuild may reuse), ``events`` and ``progress`` (what a build reports, and
who listens), ``many`` (several cycles at once) and ``pack`` (the steps in order)."""
