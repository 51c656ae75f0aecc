"""What may leave the database: the publication screen, pseudonyms, owner-only files and workspaces."""
