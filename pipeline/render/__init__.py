"""Rendering: Word templates (sandbox, compiled renderer, the official look, lint) and Excel workbooks."""
