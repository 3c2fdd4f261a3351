"""Access governance: evaluating the generated Lake Formation policy."""
