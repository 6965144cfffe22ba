"""Extractors: figures, dates and companies, each working on original-language text."""
