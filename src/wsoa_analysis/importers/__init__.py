"""Importers of published statistics into the workbook's own tables."""
