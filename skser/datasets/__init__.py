"""Corpus loaders and bundled feature tables."""
