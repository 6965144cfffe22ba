"""Ingest: find input files, decode them, read their formats, mark furniture and repeats."""
