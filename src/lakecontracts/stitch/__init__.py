"""Identity stitching: edges from bronze, keyed hashing, components, stable identity IDs."""
