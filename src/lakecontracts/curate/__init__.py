"""``contracts curate``: the generated dbt project run on the embedded engine (issue #16).

``project`` assembles a runnable dbt project from ``generated/dbt`` (project file, DuckDB
profile, the layers' roots as variables); ``run`` starts dbt from its own environment, reads
its results and counts the Silver rows it wrote.
"""
