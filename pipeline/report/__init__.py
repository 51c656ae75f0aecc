"""The monthly evaluation report: from the marts to one PDF/A-3b per area.

``queries`` runs ``sql/report/*.sql``; ``scope`` says which reports a month gets;
``config`` holds the settings and the message catalogue; ``request`` is what every
section (``sections/``) reads; ``context`` assembles the sections; ``render`` writes the
PDFs; ``charts``, ``formatting`` and ``provenance`` serve them; ``trend`` is the
coverage trend shown in the Dagster UI.
"""
