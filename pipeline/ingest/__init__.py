"""Reading spreadsheets as they really arrive (CONTRACT §2–§3)."""
