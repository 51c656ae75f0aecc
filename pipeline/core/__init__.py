"""Plumbing every layer uses: SQL files, months, atomic files, Markdown, printable text, the run lock."""
