"""Settings: the area's own (``params/area.yaml``) and each reporting cycle's
(``params/YYYY-MM-DD.yaml``), checked when read."""
