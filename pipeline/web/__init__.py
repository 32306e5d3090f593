"""`houqin serve`: a local web page doing what the command line does, on the same package.

The page has no rules of its own: it calls the same functions as ``cli.py`` (check,
generate, scaffold, templates, package) and shows their located problems as a table.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
