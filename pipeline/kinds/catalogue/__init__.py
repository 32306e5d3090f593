"""The 目录 of a build: plan.py (the kind: made after every other kind's documents, by its
``after_build`` hook), catalogue.py (categories, archive numbers, the .docx and .xlsx) and
template.py (its Word template)."""
