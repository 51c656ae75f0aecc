"""Coverage monitoring pipeline for BPJS Ketenagakerjaan."""
