"""One writer per output: the exports, the analysts' workbook, the renewal and fix lists, the docs."""
