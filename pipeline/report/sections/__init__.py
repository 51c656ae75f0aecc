"""Report sections: one module each, ``build(req) -> dict | None``.

A section reads what it needs through ``req`` (the connection, the scope, the month,
the settings, the message catalogue and the formatter), with its queries as SQL files
under ``sql/report/``; it returns the raw values its template partial
(``report_templates/sections/<name>.html.j2``) formats, or ``None`` when it has no
data, and the template then leaves it out: never an empty section. Tables a section
attaches to the PDF as CSV go through ``req.attach``, charts through ``req.image``.
Text read from the database passes the publication screen (``pipeline.report.queries``).

Every module here is a section; ``pipeline.report.context.build_report`` calls them in
the order the report prints them.
"""
