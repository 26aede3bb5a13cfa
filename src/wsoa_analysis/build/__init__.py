"""Building a cycle's pack: plan the pages, run the notebooks, cache, write the manifest and
publish all at once."""
