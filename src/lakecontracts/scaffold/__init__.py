"""Templates for `contracts init`."""
