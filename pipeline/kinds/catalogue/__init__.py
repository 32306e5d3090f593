"""The 目录 of a build: catalogue.py (categories, archive numbers, the .docx and .xlsx) and
template.py (its Word template). Not a kind of the registry: `houqin build` makes it after
every kind's documents (pipeline/build.py)."""
