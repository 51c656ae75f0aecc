"""The command line's commands, one module each: its help text and what it does.

``pipeline.__main__`` parses the arguments and calls them. A command module imports what it
needs when it runs, so ``python -m pipeline --help`` loads neither Dagster nor pandas.
"""

ENVIRONMENT = """\
environment:
  PIPELINE_DATA_DIR     the data root (default ./data)
  DAGSTER_HOME          the Dagster instance (default <data root>/.dagster)
  PIPELINE_FIRST_MONTH  the first monthly partition, YYYY-MM (default 2024-01)
  PIPELINE_LOCK_TIMEOUT_SECONDS  seconds to wait for a run already writing (default 3600)
  PIPELINE_RUN_DATE     the day the run counts as (YYYY-MM-DD, default today): input
                        dates after it are rejected; recorded in each report's manifest
  PIPELINE_KEY_FILE     the pseudonym key (default <data root>/.keys/pseudonym.key)
"""
