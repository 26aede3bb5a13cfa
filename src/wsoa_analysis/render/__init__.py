"""Turning what the notebooks showed into files a reader opens: HTML pages, the PDF appendix,
the data workbook and the site index."""
