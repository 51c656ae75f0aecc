"""The inputs' audit: every input archived by SHA-256, and whether the inputs are complete."""
