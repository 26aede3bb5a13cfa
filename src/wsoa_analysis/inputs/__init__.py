"""Reading the area's data: the contract every table follows (``schema``), reading a folder of
CSVs or a workbook (``load``), the checks across tables (``checks``), officers' commentary, and
the data-entry workbook. Everything leaves here typed and validated, or not at all."""
