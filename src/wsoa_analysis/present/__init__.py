"""What a page shows: formatting, charts, tables and the sections the notebooks display."""
