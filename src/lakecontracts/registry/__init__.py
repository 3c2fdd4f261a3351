"""Contract model, YAML loading with positions, registry configuration, hashing, manifest."""
