"""The example data generator: synthetic values for the bundled example data set.

Kept outside the runtime package: a pack never needs it."""
