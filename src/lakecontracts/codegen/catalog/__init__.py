"""The static HTML catalog: per-version field rows, field diffs between versions, the site."""
