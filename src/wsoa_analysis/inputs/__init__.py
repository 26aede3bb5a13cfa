"""Reading the area's data, in one pass: the contract every table follows (``schema``, with
the BRAG vocabulary in ``brag``), reading a folder of CSVs or a workbook as text (``read``),
parsing each column once by its kind (``parse``), the checks across tables (``checks``) and
the dataset they make (``load``); also officers' commentary, new cycles and the data-entry
workbook. Everything leaves here typed and validated, or not at all."""
