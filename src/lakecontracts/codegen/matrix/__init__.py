"""The compatibility matrix: readers x versions, breaks and upgrade checklists (Markdown)."""
