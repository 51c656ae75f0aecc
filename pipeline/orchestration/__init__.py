"""Everything that imports Dagster: assets, checks, jobs, schedules, sensors, partitions, resources.

The domain below (``pipeline.build``, ``report``, ``outputs``, ...) never imports it
(import-linter, pyproject.toml).
"""
