"""Building the SQL tables: the intermediates and the marts, from ``sql/`` in dependency order."""
