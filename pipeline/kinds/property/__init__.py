"""The property kind: see pipeline/kinds/__init__.py for what each file of a kind folder holds."""
