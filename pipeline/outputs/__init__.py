"""Outputs: atomic writes, the manifest and edit protection, names, freshness, the package zip."""
